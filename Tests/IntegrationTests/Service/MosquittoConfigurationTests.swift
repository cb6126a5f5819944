import CareGateMQTT
import CareGateTestSupport
import Foundation
import Testing

/// The shipped broker configuration (packaging/mosquitto) in a real mosquitto, with credentials
/// made by the shipped `caregate-add-device`: a device publishes only under its own topics, staff
/// devices acknowledge alerts, the gateway reads everything. mosquitto 2.0.11 drops a denied
/// publish without telling the publisher, so every check looks at what the gateway receives.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MosquittoConfigurationTests {
    @Test func devicesPublishOnlyUnderTheirOwnTopicsAndTheGatewayReadsEverything() async throws {
        let broker = try ShippedBroker(TemporaryDirectory("mosquitto-acl"))
        let gatewayOutput = try await broker.addDevice(["--gateway", "--password", "gw-secret"])
        #expect(gatewayOutput.contains("password_file: \(broker.directory.file("broker.password"))"))
        #expect(try String(contentsOfFile: broker.directory.file("broker.password"), encoding: .utf8) == "gw-secret\n")
        let deviceOutput = try await broker.addDevice(["fr-0001", "--kind", "fall-radar", "--site", "t1", "--password", "p-0001"])
        #expect(deviceOutput.contains("care/t1/fall-radar/fr-0001/telemetry"))
        try await broker.addDevice(["fr-0002", "--kind", "fall-radar", "--site", "t1", "--password", "p-0002"])
        try await broker.addDevice(["nurse-1", "--staff", "--site", "t1", "--password", "p-nurse"])
        try await broker.addDevice(["esp-1", "--topic", "esp-1/#", "--password", "p-esp"])
        // The password file holds hashes, never the passwords.
        let passwords = try String(contentsOfFile: broker.passwords, encoding: .utf8)
        let users = Set(passwords.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) })
        #expect(users == ["caregate", "fr-0001", "fr-0002", "nurse-1", "esp-1"])
        #expect(!passwords.contains("p-0001"))
        let mosquitto = try await broker.start()

        let gateway = try await broker.client("caregate", password: "gw-secret", subscriptions: ["#"])
        let device = try await broker.client("fr-0001", password: "p-0001")
        let staff = try await broker.client("nurse-1", password: "p-nurse", subscriptions: ["care/t1/gateway/alerts/#"])
        let esp = try await broker.client("esp-1", password: "p-esp")

        // Refused: another device's topics, the gateway's topics, a staff acknowledgement.
        try device.publish("care/t1/fall-radar/fr-0002/event", #"{"seq":1,"type":"fall"}"#)
        try device.publish("care/t1/gateway/availability", "offline")
        try device.publish("care/t1/gateway/alerts/A-1/ack", #"{"by":"fr-0001"}"#)
        try esp.publish("care/t1/fall-radar/fr-0001/event", #"{"seq":9,"type":"fall"}"#)
        try staff.publish("care/t1/fall-radar/fr-0002/telemetry", "{}")
        // Allowed; published last by each client, so once the gateway has these, a refused
        // message would have arrived before them.
        try device.publish("care/t1/fall-radar/fr-0001/telemetry", #"{"seq":2}"#)
        try esp.publish("esp-1/sensor/heart_rate/state", "72")
        try staff.publish("care/t1/gateway/alerts/A-1/ack", #"{"by":"nurse-7"}"#)
        try gateway.publish("care/t1/gateway/alerts", #"{"alertId":"A-1","transition":"raised"}"#)

        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/fall-radar/fr-0001/telemetry" }
        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "esp-1/sensor/heart_rate/state" }
        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/gateway/alerts/A-1/ack" && $0.text.contains("nurse-7") }
        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/gateway/alerts" }
        try await staff.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/gateway/alerts" }
        // A moment more for anything that would arrive out of order.
        try await Task.sleep(for: .milliseconds(300))
        let received = gateway.messages.map { "\($0.topic) \($0.text)" }
        #expect(!received.contains { $0.hasPrefix("care/t1/fall-radar/fr-0002/") }, "\(received)")
        #expect(!received.contains { $0.hasPrefix("care/t1/gateway/availability") }, "\(received)")
        #expect(!received.contains { $0.contains("\"by\":\"fr-0001\"") }, "\(received)")
        #expect(!received.contains { $0.hasPrefix("care/t1/fall-radar/fr-0001/event") }, "\(received)")
        #expect(received.count == 4, "\(received)")
        // The broker refused them: its log names each denial.
        #expect(broker.log.components(separatedBy: "Denied PUBLISH").count - 1 == 5, "\(broker.log)")

        for client in [gateway, device, staff, esp] { await client.stop() }
        mosquitto.signal(SIGTERM)
        await mosquitto.wait()
    }

    @Test func wrongPasswordsAndRevokedLoginsCannotConnect() async throws {
        let broker = try ShippedBroker(TemporaryDirectory("mosquitto-auth"))
        try await broker.addDevice(["fr-0001", "--kind", "fall-radar", "--password", "right"])
        try await broker.addDevice(["nurse-1", "--staff", "--password", "p-nurse"])
        let mosquitto = try await broker.start()
        await #expect(throws: (any Error).self) { _ = try await broker.client("fr-0001", password: "wrong") }
        await #expect(throws: (any Error).self) { _ = try await broker.client("nobody", password: "right") }
        let device = try await broker.client("fr-0001", password: "right")
        await device.stop()

        // Revoking: the login and the staff ACL block go, then mosquitto reloads on SIGHUP.
        let removed = try await broker.addDevice(["nurse-1", "--remove"])
        #expect(removed.contains("removed login 'nurse-1'"))
        #expect(!(try String(contentsOfFile: broker.acl, encoding: .utf8)).contains("nurse-1"))
        mosquitto.signal(SIGHUP)
        try await Task.sleep(for: .milliseconds(300))
        await #expect(throws: (any Error).self) { _ = try await broker.client("nurse-1", password: "p-nurse") }
        mosquitto.signal(SIGTERM)
        await mosquitto.wait()
    }
}
