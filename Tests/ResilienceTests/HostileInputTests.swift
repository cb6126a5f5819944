import CareGateApp
import CareGateCore
import CareGateMQTT
import CareGateTestSupport
import Foundation
import Testing

extension ResilienceSuite {
    /// Hostile input: a property-based fuzz over every shipped profile's decoder, the YAML
    /// configuration loader and the profile loader; then bad payloads and a flooding device
    /// against the real daemon.
    @Suite(.serialized, .timeLimit(.minutes(60)))
    struct HostileInput {
        // MARK: Fuzz

        /// ≥ 1M mutated payloads (seeded from the real-shaped fixtures of every profile) through the
        /// decoders: every input ends as a message, an ignored message or a known quarantine reason
        /// with a detail; none takes longer than a second.
        @Test func fuzzDecodersAndConfigLoaders() async throws {
            let decoderInputs = Resilience.setting("CAREGATE_RESILIENCE_FUZZ_INPUTS", default: 1_000_000)
            let yamlInputs = Resilience.setting("CAREGATE_RESILIENCE_FUZZ_YAML_INPUTS", default: 20_000)
            let seed = UInt64(Resilience.setting("CAREGATE_RESILIENCE_SEED", default: Int(UInt32.random(in: 1...UInt32.max))))
            var random = SeededRandom(seed: seed)

            let profileFiles = try Self.profileFiles()
            let (catalog, loadIssues) = ProfileCatalog.load(files: profileFiles)
            #expect(loadIssues.isEmpty, "\(loadIssues)")
            var decoder = catalog.makeDecoder(site: "home-1")
            let seeds = try Self.fixtureSeeds()
            #expect(seeds.count > 100)

            var reasons: [String: Int] = [:]
            var decoded = 0
            var unknownReasons: [String] = []
            var slowest: Duration = .zero
            let clock = ContinuousClock()
            let started = clock.now
            for index in 0..<decoderInputs {
                let base = seeds[Int(random.next() % UInt64(seeds.count))]
                var topic = base.topic
                let payload = Mutator.mutate(Array(base.payload.utf8), &random)
                if random.next() % 16 == 0 { topic = Mutator.mutateTopic(topic, &random) }
                let before = clock.now
                let outcome = payload.withUnsafeBytes {
                    decoder.decode(topic: topic, payload: $0, qos: 1, retained: random.next() % 8 == 0,
                                   receivedAt: 1_795_312_800_500, registeredProfile: { _ in nil })
                }
                let took = clock.now - before
                if took > slowest { slowest = took }
                switch outcome {
                case .message, .ignored:
                    decoded += 1
                case .failure(let failure, _, _):
                    reasons[failure.reason.rawValue, default: 0] += 1
                    if !QuarantineReason.all.contains(failure.reason) || failure.detail.isEmpty, unknownReasons.count < 10 {
                        unknownReasons.append("\(failure) for \(String(decoding: payload.prefix(200), as: UTF8.self))")
                    }
                }
                if index % 100_000 == 0 { await Task.yield() }
            }
            let decoderSeconds = Crash.seconds(clock.now - started)

            // The configuration loader and the profile loader over mutated YAML.
            let configText = try String(contentsOfFile: Binaries.repositoryRoot + "/config/caregate.yaml", encoding: .utf8)
            let yamlSeeds = [("caregate.yaml", configText)] + profileFiles
            let yamlStarted = clock.now
            var yamlSlowest: Duration = .zero
            var configProblems = 0
            var profilesRejected = 0
            for _ in 0..<yamlInputs {
                let (name, text) = yamlSeeds[Int(random.next() % UInt64(yamlSeeds.count))]
                let mutated = String(decoding: Mutator.mutateYAML(Array(text.utf8), &random), as: UTF8.self)
                let before = clock.now
                if name == "caregate.yaml" {
                    let loaded = GatewayConfiguration.parse(file: name, text: mutated)
                    if !loaded.problems.isEmpty { configProblems += 1 }
                } else {
                    let (profile, _) = ProfileLoader.load(file: name, text: mutated)
                    if profile == nil { profilesRejected += 1 }
                }
                let took = clock.now - before
                if took > yamlSlowest { yamlSlowest = took }
            }
            let yamlSeconds = Crash.seconds(clock.now - yamlStarted)
            let hang = max(slowest, yamlSlowest) > .seconds(1)
            let passed = unknownReasons.isEmpty && !hang
            let build = Self.isDebug ? "debug" : "release"
            Resilience.record(.init(
                caseName: "hostile input: fuzz decoders + config/profile loaders", trials: decoderInputs + yamlInputs, lost: nil, duplicated: nil,
                recoveredIn: "-", status: passed ? .pass : .fail,
                notes: "\(decoderInputs) decoder inputs in \(Resilience.seconds(decoderSeconds)) (\(build) build, \(Int(Double(decoderInputs) / max(decoderSeconds, 0.001)))/s): \(decoded) decoded, \(reasons.values.reduce(0, +)) quarantined with a known reason, slowest \(slowest); \(yamlInputs) YAML inputs (config + profiles) in \(Resilience.seconds(yamlSeconds)), slowest \(yamlSlowest), \(configProblems) configs with problems, \(profilesRejected) profiles rejected; no crash",
                details: ["seed": String(seed), "reasons": reasons.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                          "unknown": unknownReasons.joined(separator: " | ")]))
            #expect(unknownReasons.isEmpty, "\(unknownReasons)")
            #expect(!hang, "slowest decode \(slowest), slowest YAML load \(yamlSlowest)")
        }

        static var isDebug: Bool {
            #if DEBUG
            return true
            #else
            return false
            #endif
        }

        static func profileFiles() throws -> [(name: String, text: String)] {
            try FileManager.default.contentsOfDirectory(atPath: Binaries.devicesDirectory)
                .filter { $0.hasSuffix(".yaml") }.sorted()
                .map { ($0, try String(contentsOfFile: Binaries.devicesDirectory + "/" + $0, encoding: .utf8)) }
        }

        /// (topic, payload) of every case in the decoder fixtures (Tests/CareGateCoreTests/Fixtures).
        static func fixtureSeeds() throws -> [(topic: String, payload: String)] {
            let directory = Binaries.repositoryRoot + "/Tests/CareGateCoreTests/Fixtures"
            var seeds: [(String, String)] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".json") {
                let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let cases = object["cases"] as? [[String: Any]] else { continue }
                for item in cases {
                    if let topic = item["topic"] as? String, let payload = item["payload"] as? String { seeds.append((topic, payload)) }
                }
            }
            return seeds
        }

        // MARK: Against the daemon

        static let seed = """
            residents:
            \((1...10).map { "  - ref: R-\($0)\n    fall_risk: standard" }.joined(separator: "\n"))
            devices:
            \((1...10).map { "  - id: fr-\($0)\n    profile: caregate.fall-radar\n    room: \"1\($0)\"\n    zone: bedroom\n    resident: R-\($0)" }.joined(separator: "\n"))
              - id: vr-bad
                profile: caregate.vitals-radar
                room: "120"
              - id: vr-flood
                profile: caregate.vitals-radar
                room: "121"
            """

        /// Every bad message is quarantined with its reason (counted per reason in buffer.sqlite
        /// and /metrics), and a device flooding at far beyond 100× its rate does not delay another
        /// device's fall alert.
        @Test func badPayloadsAndAFloodAgainstTheDaemon() async throws {
            let site = try await ResilienceSite.start(config: "strict_devices: true\n", seed: Self.seed)
            let devices = try await site.publisher()
            let client = devices.client
            let now = ResilienceSite.now()
            let telemetry = "care/t1/vitals-radar/vr-bad/telemetry"
            let perKind = 25
            var expected: [String: Int] = [:]
            func send(_ reason: String, _ topic: String, _ payload: [UInt8]) throws {
                _ = try client.publish(topic: topic, payload: payload)
                expected[reason, default: 0] += 1
            }
            for index in 0..<perKind {
                let seq = Int64(index * 10 + 1)
                let big = #"{"ts":\#(now),"seq":\#(seq),"props":{"heart_rate":70,"pad":""# + String(repeating: "x", count: 20_000) + #""}}"#
                try send("oversized", telemetry, Array(big.utf8))
                let deep = #"{"ts":\#(now),"seq":\#(seq + 1),"props":{"heart_rate":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}}"
                try send("too_deep", telemetry, Array(deep.utf8))
                let full = #"{"ts":\#(now),"seq":\#(seq + 2),"props":{"heart_rate":70,"resp_rate":15}}"#
                try send("malformed", telemetry, Array(full.utf8.prefix(10 + index)))
                try send("wrong_type", telemetry, Array(#"{"ts":\#(now),"seq":\#(seq + 3),"props":{"heart_rate":"fast"}}"#.utf8))
                try send("not_utf8", telemetry, Array(#"{"ts":\#(now),"seq":\#(seq + 4),"props":{"zone":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}}"#.utf8))
                try send("unknown_device", "care/t1/vitals-radar/stranger-\(index)/telemetry", Array(#"{"ts":\#(now),"seq":1,"props":{"heart_rate":70}}"#.utf8))
                try send("bad_timestamp", telemetry, Array(#"{"ts":4102444800000000,"seq":\#(seq + 5),"props":{"heart_rate":70}}"#.utf8))
                try send("profile_mismatch", "care/t1/wearable/vr-bad/telemetry", Array(#"{"ts":\#(now),"seq":\#(seq + 6),"props":{"heart_rate":70}}"#.utf8))
            }
            let sent = expected.values.reduce(0, +)
            let allCounted = await ResilienceSite.wait(timeout: .seconds(30)) { site.quarantineByReason().values.reduce(0, +) >= sent }
            try await Task.sleep(for: .milliseconds(500))
            let stored = site.quarantineByReason()
            let metrics = await site.metrics()
            var metricCounts: [String: Int] = [:]
            for reason in expected.keys {
                metricCounts[reason] = Int(ResilienceSite.metric(metrics, #"caregate_messages_quarantined_total{reason="\#(reason)"}"#))
            }
            let mismatches = expected.keys.sorted().filter { stored[$0] != expected[$0] || metricCounts[$0] != expected[$0] }
                .map { "\($0): sent \(expected[$0]!), stored \(stored[$0] ?? 0), metric \(metricCounts[$0] ?? 0)" }
            let telemetryStored = site.telemetryCount()

            // Fall latency: a baseline, then under a flood.
            var baseline: [Double] = []
            for device in 1...5 {
                baseline.append(try await Self.fallLatency(site, client, device: "fr-\(device)"))
                try await Task.sleep(for: .milliseconds(100))
            }
            // vr-flood at 100× a vitals radar's 1 message/s, while other devices' falls arrive.
            let flooder = try await site.publisher("flooder")
            let flood = LoadPublisher(client: flooder, device: "vr-flood")
            let flooding = Task { await flood.run(burst: 1, pause: .milliseconds(10), limit: 1_000_000) }
            try await Task.sleep(for: .milliseconds(500))
            let floodStarted = ContinuousClock.now
            var underFlood: [Double] = []
            for device in 6...8 {
                underFlood.append(try await Self.fallLatency(site, client, device: "fr-\(device)"))
                try await Task.sleep(for: .milliseconds(300))
            }
            let floodRate = Double(flood.published) / max(Crash.seconds(ContinuousClock.now - floodStarted) + 0.5, 0.1)
            flood.stop()
            await flooding.value
            let floodCount = flood.published
            await flooder.stop()

            // For the record: a flood as fast as the test can publish, beyond what the whole
            // gateway ingests. MQTT delivers one connection in order, so the broker's queue
            // delays every device once the gateway as a whole falls behind.
            let saturationCount = Resilience.setting("CAREGATE_RESILIENCE_FLOOD_MESSAGES", default: 30_000)
            let blaster = try await site.publisher("blaster")
            let blast = LoadPublisher(client: blaster, device: "vr-flood", firstSeq: 10_000_000)
            let blasting = Task { await blast.run(burst: 100, pause: .milliseconds(2), limit: saturationCount) }
            try await Task.sleep(for: .milliseconds(500))
            let blastStarted = ContinuousClock.now
            var saturated: [Double] = []
            for device in 9...10 {
                saturated.append((try? await Self.fallLatency(site, client, device: "fr-\(device)", timeout: .seconds(60))) ?? .infinity)
            }
            let blastRate = Double(blast.published) / max(Crash.seconds(ContinuousClock.now - blastStarted) + 0.5, 0.1)
            blast.stop()
            await blasting.value
            await blaster.stop()
            let median = { (values: [Double]) in values.sorted()[values.count / 2] }
            let slower = median(underFlood) - median(baseline)
            let floodOK = (underFlood.max() ?? 99) < 1.0 && slower < max(0.05, median(baseline) * 2)
            let passed = allCounted && mismatches.isEmpty && telemetryStored == 0 && floodOK
            Resilience.record(.init(
                caseName: "hostile input: bad payloads + flood vs daemon", trials: sent + floodCount + blast.published, lost: nil, duplicated: nil,
                recoveredIn: "-", status: passed ? .pass : .fail,
                notes: "\(sent) bad messages (\(expected.count) kinds × \(perKind)), quarantined by reason: \(mismatches.isEmpty ? "all match (table + metrics)" : mismatches.joined(separator: "; ")); \(telemetryStored) stored by mistake; fall alert latency p50/max baseline \(Self.ms(median(baseline)))/\(Self.ms(baseline.max()!)), while vr-flood publishes ~\(Int(floodRate)) msg/s (100×) \(Self.ms(median(underFlood)))/\(Self.ms(underFlood.max()!)); at saturation (~\(Int(blastRate)) msg/s offered, \(Self.isDebug ? "debug" : "release") daemon) \(saturated.map { Self.ms($0) }.joined(separator: ", ")) (not part of the bar: see docs/resilience.md)",
                details: ["stored": stored.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                          "baseline_ms": baseline.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ","),
                          "flood_ms": underFlood.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ","),
                          "saturation_ms": saturated.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ",")]))
            #expect(mismatches.isEmpty, "\(mismatches)")
            #expect(floodOK, "baseline \(baseline), under flood \(underFlood)")
            await devices.stop()
            await site.shutdown()
        }

        static func ms(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }

        /// Publishes a fall for `device` and returns the seconds until the raised line is in the alert log.
        static func fallLatency(_ site: ResilienceSite, _ client: MQTTClient, device: String, timeout: Duration = .seconds(10)) async throws -> Double {
            let ts = ResilienceSite.now()
            _ = try client.publish(topic: "care/t1/fall-radar/\(device)/event", text: #"{"ts":\#(ts),"seq":1,"type":"fall","data":{}}"#)
            let started = ContinuousClock.now
            try await site.waitForAlert(timeout: timeout, "fall \(device)") { $0.rule == "fall" && $0.deviceId == device && $0.transition == .raised }
            return Crash.seconds(ContinuousClock.now - started)
        }
    }
}

/// Structure-aware mutations: bytes flipped, inserted, deleted, truncated, JSON tokens spliced in,
/// nesting, oversizing and invalid UTF-8.
enum Mutator {
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "-", "1e999", "-0", "0.0000000000000000001",
        "18446744073709551616", "\\u0000", "\\ud800", "\\", "\"\":", "NaN", "Infinity", "{\"props\":", "\"seq\":", "\"ts\":",
        "\"type\":\"fall\"", "9999999999999999999999999999",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0xE2, 0x82]]

    static func mutate(_ input: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        let rounds = 1 + Int(random.next() % 4)
        for _ in 0..<rounds {
            if bytes.isEmpty { bytes = [0x7B] }
            let position = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 12 {
            case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.remove(at: position)
            case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 3, 4: bytes.insert(contentsOf: tokens[Int(random.next() % UInt64(tokens.count))], at: position)
            case 5: bytes = Array(bytes.prefix(position))
            case 6:
                let depth = 1 + Int(random.next() % 40)
                bytes = Array(repeating: UInt8(ascii: "["), count: depth) + bytes + Array(repeating: UInt8(ascii: "]"), count: depth)
            case 7:
                if random.next() % 32 == 0 { bytes += Array(repeating: UInt8(ascii: " "), count: 17_000) }
            case 8:
                // A chunk duplicated elsewhere (repeated keys, spliced objects).
                let length = min(bytes.count - position, 1 + Int(random.next() % 24))
                let chunk = Array(bytes[position..<(position + length)])
                bytes.insert(contentsOf: chunk, at: Int(random.next() % UInt64(bytes.count)))
            case 9:
                // A number replaced by a string or the other way round.
                if let digit = bytes.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                    bytes.replaceSubrange(digit...digit, with: Array("\"x\"".utf8))
                }
            case 10:
                if let quote = bytes[position...].firstIndex(of: UInt8(ascii: "\"")) {
                    bytes.replaceSubrange(quote...quote, with: Array("1".utf8))
                }
            default:
                bytes.swapAt(position, Int(random.next() % UInt64(bytes.count)))
            }
        }
        return bytes
    }

    static func mutateTopic(_ topic: String, _ random: inout SeededRandom) -> String {
        var levels = topic.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !levels.isEmpty else { return topic }
        let index = Int(random.next() % UInt64(levels.count))
        switch random.next() % 5 {
        case 0: levels[index] = "x\(random.next() % 100)"
        case 1: levels[index] = ""
        case 2: levels.remove(at: index)
        case 3: levels.insert("extra", at: index)
        default: levels[index] = String(repeating: "z", count: 300)
        }
        return levels.joined(separator: "/")
    }

    /// YAML mutations: line-level (drop, duplicate, indent changes) and byte-level.
    static func mutateYAML(_ input: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let yamlTokens: [[UInt8]] = ["- ", ": ", "{", "}", "[", "]", "&a ", "*a", "!!binary ", "? ", "|", ">", "'", "\"", "\t", "---", "...", "~", "0x", "1e400", "<<: *a"].map { Array($0.utf8) }
        for _ in 0..<(1 + Int(random.next() % 4)) where !lines.isEmpty {
            let index = Int(random.next() % UInt64(lines.count))
            switch random.next() % 7 {
            case 0: lines.remove(at: index)
            case 1: lines.insert(lines[index], at: index)
            case 2: lines[index] = [UInt8(ascii: " ")] + lines[index]
            case 3: lines[index] = Array(lines[index].drop { $0 == UInt8(ascii: " ") })
            case 4: lines[index] = mutate(lines[index], &random)
            case 5:
                let position = lines[index].isEmpty ? 0 : Int(random.next() % UInt64(lines[index].count))
                lines[index].insert(contentsOf: yamlTokens[Int(random.next() % UInt64(yamlTokens.count))], at: position)
            default: lines = Array(lines.prefix(index))
            }
        }
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}
