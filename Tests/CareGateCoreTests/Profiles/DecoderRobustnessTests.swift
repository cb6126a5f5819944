import CareGateCore
import Testing

/// Bad input never crashes or hangs the decoder, and fails with the reason that fits.
@Suite struct DecoderRobustnessTests {
    @Test func everyTruncationOfAValidPayloadIsMalformed() throws {
        let (catalog, _) = try ShippedProfiles.load()
        var decoder = catalog.makeDecoder(site: "home-1")
        let payload = Array(#"{"ts":1795312800123,"seq":42,"props":{"heart_rate":78,"zone":"gar\u00e9den","worn":true}}"#.utf8)
        for length in 0..<payload.count {
            let outcome = Array(payload[0..<length]).withUnsafeBytes {
                decoder.decode(topic: "care/home-1/wearable/w1/telemetry", payload: $0, qos: 0, retained: false,
                               receivedAt: 1_795_312_800_500, registeredProfile: { _ in nil })
            }
            #expect(outcome.reason == .malformed, "prefix of \(length) bytes → \(outcome)")
        }
    }

    @Test func randomMutationsAlwaysYieldAKnownOutcome() throws {
        let (catalog, _) = try ShippedProfiles.load()
        var decoder = catalog.makeDecoder(site: "home-1")
        let seeds = [
            ("care/home-1/fall-radar/r1/telemetry", #"{"ts":1795312800123,"seq":1,"props":{"presence":true,"posture":"lying"}}"#),
            ("/sys/pk/r2/thing/event/property/post", #"{"id":"1","params":{"HeartRate":{"value":72,"time":1795312800123}}}"#),
            ("r3/sensor/heart_rate/state", "72.50"),
            ("zigbee2mqtt/0x01", #"{"presence":true,"fall_down_status":"maybe_fall","motion_direction":"standing_still"}"#),
        ]
        var generator = SplitMix64(seed: 0xCA7E_6A7E)
        var reasons = Set<QuarantineReason>()
        var decoded = 0
        for round in 0..<4000 {
            let (topic, text) = seeds[round % seeds.count]
            var bytes = Array(text.utf8)
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            let outcome = bytes.withUnsafeBytes {
                decoder.decode(topic: topic, payload: $0, qos: 1, retained: false, receivedAt: 1_795_312_800_500,
                               registeredProfile: { _ in nil })
            }
            switch outcome {
            case .failure(let failure, _, _):
                #expect(QuarantineReason.all.contains(failure.reason))
                #expect(!failure.detail.isEmpty)
                reasons.insert(failure.reason)
            case .message, .ignored:
                decoded += 1
            }
        }
        // The mutations reach the syntax, encoding and mapping checks alike.
        #expect(reasons.isSuperset(of: [.malformed, .notUTF8, .wrongType, .unknownValue]))
        #expect(decoded > 0)
    }
}

/// A small deterministic generator, so a failing mutation reproduces.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
