import CareGateCore
import CareGateHTTP
import CareGateTestSupport
import Foundation
import Logging
import Testing

@testable import CareGateApp

/// The API over a real `Gateway` (built, not connected to a broker): the registry and alert
/// desks, health and status as the daemon wires them.
@Suite(.timeLimit(.minutes(1)))
struct GatewayAPITests {
    let directory = TemporaryDirectory("gateway-api")
    let gateway: Gateway
    let running: RunningServer
    let port: Int
    let admin: HTTPTestClient

    init() async throws {
        var configuration = GatewayConfiguration()
        configuration.site = "s1"
        configuration.stateDirectory = directory.file("state")
        configuration.devicesDirectory = Binaries.devicesDirectory
        configuration.alertLog = directory.file("alerts.jsonl")
        configuration.http.listen = "127.0.0.1:0"
        var logger = Logger(label: "caregate.test.gateway")
        logger.logLevel = .warning
        gateway = try Gateway(configuration: configuration, logger: logger, clock: ManualClock())
        running = RunningServer(try gateway.makeHTTPService().server)
        port = try await running.port
        let token = try #require(OperatorToken.read(at: configuration.stateDirectory + "/operator.token"))
        admin = HTTPTestClient(port: port, token: token)
    }

    func stop() async {
        await running.stop()
        await gateway.engine.shutdown()
    }

    @Test func devicesAndResidentsAreSavedAuditedAndLive() async throws {
        let resident = try await admin.send("PUT", "/v1/residents/R-1", body: #"{"fallRisk":"high","nightWindow":"21:30-06:30"}"#)
        #expect(resident.status == 200, "\(resident.text)")
        #expect(resident.json?["fallRisk"] as? String == "high")
        let device = try await admin.send("PUT", "/v1/devices/fr-9", body: #"{"profile":"caregate.fall-radar","room":"101","residentRef":"R-1"}"#)
        #expect(device.status == 200, "\(device.text)")
        #expect(device.json?["kind"] as? String == "fall-radar")
        #expect(device.json?["assignment"] as? String == "registered")
        #expect(gateway.registry.device("fr-9")?.residentRef == "R-1")
        #expect(gateway.registry.resident("R-1")?.nightWindow == NightWindow(parsing: "21:30-06:30"))
        let audit = try gateway.control.auditTrail().map { "\($0.actor) \($0.action) \($0.subject)" }
        #expect(audit.contains("operator device.add fr-9"))
        #expect(audit.contains("operator resident.add R-1"))
        let listed = try #require(try await admin.send("GET", "/v1/devices").json?["devices"] as? [[String: Any]])
        #expect(listed.map { $0["deviceId"] as? String } == ["fr-9"])

        #expect(try await admin.send("DELETE", "/v1/devices/fr-9").status == 204)
        #expect(gateway.registry.device("fr-9") == nil)
        #expect(try await admin.send("GET", "/v1/devices/fr-9").status == 404)
        await stop()
    }

    @Test func invalidRegistryChangesAre400WithTheReason() async throws {
        let cases: [(String, String, String)] = [
            ("/v1/devices/fr-1", #"{"profile":"acme.unknown"}"#, "unknown profile 'acme.unknown'"),
            ("/v1/devices/fr-1", #"{"profile":"caregate.fall-radar","kind":"wearable"}"#, "does not match profile"),
            ("/v1/devices/fr-1", #"{"profile":"caregate.fall-radar","residentRef":"R-404"}"#, "not in the registry"),
            ("/v1/devices/a+b", #"{"profile":"caregate.fall-radar"}"#, "MQTT topic level"),
            ("/v1/residents/John%20Smith", #"{}"#, "never a name"),
            ("/v1/residents/R-2", #"{"fallRisk":"medium"}"#, "fallRisk must be"),
            ("/v1/residents/R-2", #"{"repositioningHours":48}"#, "repositioningHours"),
            ("/v1/residents/R-2", #"{"fallRisk":"high","name":"Wang Fang"}"#, "unknown field 'name'"),
            ("/v1/devices/fr-1", #"{"profile":"caregate.fall-radar","owner":"Li Wei"}"#, "unknown field 'owner'"),
        ]
        for (path, body, reason) in cases {
            let response = try await admin.send("PUT", path, body: body)
            #expect(response.status == 400, "\(path) \(body)")
            #expect((response.json?["detail"] as? String)?.contains(reason) == true, "\(path): \(response.text)")
        }
        #expect(gateway.registry.devices.isEmpty)
        await stop()
    }

    @Test func actingOnAnAlertThatDoesNotExistIs404() async throws {
        let response = try await admin.send("POST", "/v1/alerts/01ABCDEFGHJKMNPQRSTVWXYZ00/ack", body: #"{"by":"nurse-1"}"#)
        #expect(response.status == 404)
        #expect(try await admin.send("GET", "/v1/alerts/01ABCDEFGHJKMNPQRSTVWXYZ00").status == 404)
        #expect((try await admin.send("GET", "/v1/alerts").json?["alerts"] as? [Any])?.isEmpty == true)
        await stop()
    }

    @Test func healthAndStatusReportTheMissingBroker() async throws {
        let health = try await HTTPTestClient(port: port).send("GET", "/health")
        #expect(health.status == 503)
        #expect((health.json?["reasons"] as? [String])?.contains { $0.contains("broker") } == true)
        let status = try #require(try await admin.send("GET", "/v1/status").json)
        #expect((status["broker"] as? [String: Any])?["ready"] as? Bool == false)
        let consumers = try #require(status["consumers"] as? [[String: Any]])
        #expect(consumers.map { $0["name"] as? String } == ["operator"])
        #expect(try await admin.send("GET", "/metrics").status == 404)
        await stop()
    }
}
