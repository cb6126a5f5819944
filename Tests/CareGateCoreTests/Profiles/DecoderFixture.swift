import CareGateCore
import Foundation

/// One `Fixtures/<profile id>.json` file: payloads and what they must decode to.
struct DecoderFixture: Decodable {
    var profile: String
    var site: String
    var receivedAt: EpochMillis
    var cases: [Case]

    struct Case: Decodable {
        var name: String
        var topic: String
        var payload: String
        var qos: UInt8?
        var retained: Bool?
        var device: String?
        var role: String?
        var ts: EpochMillis?
        var seq: Int64?
        var stamped: Bool?
        var readings: [String: MetricValue]?
        var events: [Event]?
        var online: Bool?
        var reason: String?
        var ignored: Bool?
    }

    struct Event: Decodable {
        var type: String
        var data: [String: MetricValue]?
        var derivedFrom: String?
    }

    static func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: ShippedProfiles.fixturesDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func load(_ name: String) throws -> DecoderFixture {
        let url = ShippedProfiles.fixturesDirectory.appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(DecoderFixture.self, from: Data(contentsOf: url))
    }
}

extension ProfileDecoder {
    /// Decodes a text payload with no registered devices (the common test case).
    mutating func decode(
        _ topic: String, _ payload: String, qos: UInt8 = 1, retained: Bool = false,
        receivedAt: EpochMillis = 1_795_312_800_500, registered: [String: String] = [:]
    ) -> DecodeOutcome {
        Array(payload.utf8).withUnsafeBytes { bytes in
            decode(topic: topic, payload: bytes, qos: qos, retained: retained, receivedAt: receivedAt,
                   registeredProfile: { registered[$0] })
        }
    }
}

extension DecodeOutcome {
    var message: DeviceMessage? {
        if case .message(let message) = self { return message }
        return nil
    }

    var failure: DecodeFailure? {
        if case .failure(let failure, _, _) = self { return failure }
        return nil
    }

    var reason: QuarantineReason? { failure?.reason }

    var isIgnored: Bool {
        if case .ignored = self { return true }
        return false
    }

    /// The device the outcome names, whatever the case.
    var deviceId: String? {
        switch self {
        case .message(let message): message.deviceId
        case .ignored(_, let deviceId), .failure(_, let deviceId, _): deviceId
        }
    }

    /// The profile the outcome names, whatever the case.
    var profileId: String? {
        switch self {
        case .message(let message): message.profileId
        case .ignored(let profileId, _): profileId
        case .failure(_, _, let profileId): profileId
        }
    }
}
