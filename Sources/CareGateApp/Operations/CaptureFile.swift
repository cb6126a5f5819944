import CareGateCore
import Foundation

/// A recording of broker traffic, one message per line as `mosquitto_sub -v -F '%U %t %p'`
/// writes it: `UNIXTIME TOPIC PAYLOAD` (unix time with a fraction, the topic, then the payload to
/// the end of the line). Decoded through the profiles exactly as live traffic is.
enum CaptureFile {
    static func read(path: String, catalog: ProfileCatalog, configuration: GatewayConfiguration, devices: [DeviceRecord]) throws -> [DeviceMessage] {
        guard let data = FileManager.default.contents(atPath: path) else { throw GatewayError("cannot read the capture \(path)") }
        let profiles = Dictionary(devices.map { ($0.deviceId, $0.profile) }, uniquingKeysWith: { first, _ in first })
        var decoder = catalog.makeDecoder(
            site: configuration.site,
            limits: DecodeLimits(maxPayloadBytes: configuration.ingest.maxPayloadBytes, maxDepth: configuration.ingest.maxJSONDepth))
        var messages: [DeviceMessage] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let seconds = Double(String(decoding: parts[0], as: UTF8.self)) else {
                throw GatewayError("\(path):\(index + 1): expected UNIXTIME TOPIC PAYLOAD (record with mosquitto_sub -v -F '%U %t %p')")
            }
            let outcome = Array(parts[2]).withUnsafeBytes { payload in
                decoder.decode(
                    topic: String(decoding: parts[1], as: UTF8.self), payload: payload, qos: 1, retained: false,
                    receivedAt: EpochMillis(seconds * 1000), registeredProfile: { profiles[$0] })
            }
            if case .message(let message) = outcome { messages.append(message) }
        }
        return messages.sorted { $0.receivedAt < $1.receivedAt }
    }
}
