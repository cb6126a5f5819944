import CareGateCore
import CareGateMQTT
import CareGateTestSupport
import Foundation
import GRDB
import Testing

extension ResilienceSuite {
    /// Access control against the real components: the shipped mosquitto configuration and ACL
    /// with per-device credentials and TLS to the gateway; the HTTP API's 401/403/413; no resident
    /// name anywhere; state files private to the service user.
    @Suite(.serialized, .timeLimit(.minutes(10)))
    struct Security {
        static let platformToken = "cgt_platform-under-test"  // SHA-256 below
        static let telemetryOnlyToken = "cgt_telemetry-only"
        static let residentName = "Agnes Testperson"

        static let config = """
            broker:
              username: caregate
              password_file: %PASSWORD_FILE%
              ca_file: %CA_FILE%
            http:
              max_body_bytes: 4096
            consumers:
              - name: platform
                scopes: [telemetry:read, events:read, alerts:read, alerts:write]
                token_sha256: c451e01c113c68c2e3055f41e3b387d001949782d73c7ce71c89d51a55fe27f1
              - name: telemetry-only
                scopes: [telemetry:read]
                token_sha256: 7a4503426d84d2ed4efc814eebecffdcd5c0821d6ad05a7ee3a662db07d56a10

            """

        static let seed = """
            residents:
              - ref: R-1
                fall_risk: standard
            devices:
              - id: fr-0001
                profile: caregate.fall-radar
                room: "101"
                zone: bedroom
                resident: R-1
              - id: fr-0002
                profile: caregate.fall-radar
                room: "102"
                zone: bedroom
            """

        @Test func accessControl() async throws {
            var checks: [(String, Bool, String)] = []
            func check(_ name: String, _ passed: Bool, _ detail: String = "") {
                checks.append((name, passed, detail))
            }

            // The shipped broker configuration, a TLS listener, credentials from caregate-add-device.
            let authority = try await TestCertificateAuthority.make()
            let broker = try ShippedBroker(
                TemporaryDirectory("resilience-broker"),
                tls: .init(caFile: authority.caFile, certificateFile: authority.serverCertificate, keyFile: authority.serverKey))
            try await broker.addDevice(["--gateway", "--password", "gw-secret"])
            try await broker.addDevice(["fr-0001", "--kind", "fall-radar", "--site", "t1", "--password", "p-0001"])
            try await broker.addDevice(["fr-0002", "--kind", "fall-radar", "--site", "t1", "--password", "p-0002"])
            let mosquitto = try await broker.start()
            defer { mosquitto.signal(SIGKILL) }

            let directory = TemporaryDirectory("resilience-security")
            try Self.seed.write(toFile: directory.file("devices.yaml"), atomically: true, encoding: .utf8)
            let body = Self.config
                .replacingOccurrences(of: "%PASSWORD_FILE%", with: broker.directory.file("broker.password"))
                .replacingOccurrences(of: "%CA_FILE%", with: authority.caFile)
                + "registry_seed: \(directory.file("devices.yaml"))\n"
            try body.write(toFile: directory.file("caregate.yaml"), atomically: true, encoding: .utf8)
            let daemon = GatewayDaemon(
                brokerURL: "mqtts://127.0.0.1:\(broker.tlsPort!)", directory: directory.path, site: "t1",
                extraArguments: ["--config", directory.file("caregate.yaml")])
            do {
                try await daemon.start(timeout: .seconds(30))
                check("gateway connects to the broker over TLS with its credentials", true)
            } catch {
                check("gateway connects to the broker over TLS with its credentials", false, "\(error)".prefix(400).description)
                Self.report(checks)
                Issue.record("the daemon did not start over TLS: \(error)")
                return
            }
            let connectedLine = daemon.output.split(separator: "\n").first { $0.contains("mqtt connected") } ?? ""
            check("the gateway's connection is to the TLS listener", connectedLine.contains("mqtt.broker=127.0.0.1:\(broker.tlsPort!) "), String(connectedLine))

            // A device cannot publish as another.
            let device = try await broker.client("fr-0001", password: "p-0001")
            let now = ResilienceSite.now()
            try device.publish("care/t1/fall-radar/fr-0002/event", #"{"ts":\#(now),"seq":1,"type":"fall","data":{}}"#)
            try device.publish("care/t1/fall-radar/fr-0002/telemetry", #"{"ts":\#(now),"seq":2,"props":{"presence":true}}"#)
            try device.publish("care/t1/gateway/alerts", #"{"alertId":"forged"}"#)
            try device.publish("care/t1/fall-radar/fr-0001/telemetry", #"{"ts":\#(now),"seq":3,"props":{"presence":true}}"#)
            let own = await ResilienceSite.wait(timeout: .seconds(10)) {
                try Self.count(daemon, "SELECT count(*) AS n FROM telemetry WHERE device_id = 'fr-0001'") == 1
            }
            try await Task.sleep(for: .milliseconds(500))
            let spoofed = (try? Self.count(daemon, "SELECT (SELECT count(*) FROM telemetry WHERE device_id = 'fr-0002') + (SELECT count(*) FROM events WHERE device_id = 'fr-0002') AS n")) ?? -1
            let spoofAlerts = Self.alertLines(daemon).filter { $0.contains("fr-0002") }.count
            check("a device's own message is delivered", own)
            check("a device cannot publish as another (nothing from fr-0002 stored, no alert)", spoofed == 0 && spoofAlerts == 0,
                  "stored \(spoofed), alerts \(spoofAlerts); broker denials: \(broker.log.components(separatedBy: "Denied PUBLISH").count - 1)")
            let wrongPassword = (try? await broker.client("fr-0001", password: "wrong")) == nil
            check("a wrong password cannot connect", wrongPassword)

            // HTTP: 401, 403, 413.
            let port = daemon.httpPort ?? 0
            let anonymous = try await HTTPTestClient(port: port).send("GET", "/v1/telemetry").status
            check("HTTP without a token → 401", anonymous == 401, "\(anonymous)")
            let wrongToken = try await HTTPTestClient(port: port, token: "cgt_wrong").send("GET", "/v1/telemetry").status
            check("HTTP with an unknown token → 401", wrongToken == 401, "\(wrongToken)")
            let scoped = HTTPTestClient(port: port, token: Self.telemetryOnlyToken)
            let allowed = try await scoped.send("GET", "/v1/telemetry").status
            let forbidden = try await scoped.send("GET", "/v1/alerts").status
            check("HTTP with a token lacking the scope → 403", allowed == 200 && forbidden == 403, "telemetry \(allowed), alerts \(forbidden)")
            let platform = HTTPTestClient(port: port, token: Self.platformToken)
            let big = #"{"cursor":""# + String(repeating: "a", count: 64 * 1024) + #""}"#
            let tooLarge = try await platform.send("POST", "/v1/consumers/platform/commit", body: big).status
            check("HTTP body over http.max_body_bytes → 413", tooLarge == 413, "\(tooLarge)")
            let operatorToken = (try? String(contentsOfFile: daemon.stateDirectory + "/operator.token", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

            // No resident name: the registry has no field for one; an attempt to store one is refused or dropped.
            let operatorAPI = HTTPTestClient(port: port, token: operatorToken)
            let put = try await operatorAPI.send(
                "PUT", "/v1/residents/R-2", body: #"{"ref":"R-2","name":"\#(Self.residentName)","displayName":"\#(Self.residentName)","fall_risk":"standard"}"#)
            try device.publish("care/t1/fall-radar/fr-0001/event", #"{"ts":\#(ResilienceSite.now()),"seq":4,"type":"fall","data":{}}"#)
            _ = await ResilienceSite.wait(timeout: .seconds(10)) { Self.alertLines(daemon).contains { $0.contains("\"raised\"") } }
            let metrics = (try? await HTTPTestClient(port: port).send("GET", "/metrics").text) ?? ""
            let synced = (try? await platform.send("GET", "/v1/telemetry").text) ?? ""
            let syncedAlerts = (try? await platform.send("GET", "/v1/alerts").text) ?? ""
            let residents = (try? await operatorAPI.send("GET", "/v1/residents").text) ?? ""
            let files = Self.stateFiles(daemon.stateDirectory)
            var nameFound: [String] = []
            for (label, text) in [("service log", daemon.output), ("metrics", metrics), ("synced telemetry", synced), ("synced alerts", syncedAlerts),
                                  ("registry API", residents), ("alert log", Self.alertLines(daemon).joined())] where text.contains(Self.residentName) {
                nameFound.append(label)
            }
            for file in files where (FileManager.default.contents(atPath: file).map { Data($0).range(of: Data(Self.residentName.utf8)) != nil } ?? false) {
                nameFound.append(file)
            }
            check("no resident name in logs, metrics, synced data or state files", nameFound.isEmpty,
                  "PUT with a name → \(put.status); found in: \(nameFound)")

            // Tokens are kept only as hashes.
            let tokenInFiles = files.filter { file in
                !file.hasSuffix("operator.token")
                    && (FileManager.default.contents(atPath: file).map { Data($0).range(of: Data(operatorToken.utf8)) != nil } ?? false)
            }
            check("the operator token is stored only in operator.token (hashed elsewhere)", !operatorToken.isEmpty && tokenInFiles.isEmpty, "\(tokenInFiles)")

            // State files readable by the service user only.
            var loose: [String] = []
            for path in files + [daemon.stateDirectory, daemon.alertLog] {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                if info.st_mode & 0o007 != 0 || info.st_mode & 0o020 != 0 || info.st_uid != geteuid() {
                    loose.append("\(path.replacingOccurrences(of: directory.path, with: "")) \(String(info.st_mode & 0o777, radix: 8)) uid \(info.st_uid)")
                }
            }
            check("state files private to the service user (no world access, no group write)", loose.isEmpty, loose.joined(separator: ", "))

            await device.stop()
            await daemon.stop()
            Self.report(checks)
            for (name, passed, detail) in checks { #expect(passed, "\(name): \(detail)") }
        }

        static func report(_ checks: [(String, Bool, String)]) {
            let failed = checks.filter { !$0.1 }
            Resilience.record(.init(
                caseName: "security: broker ACL/TLS, HTTP, privacy, file modes", trials: checks.count, lost: nil, duplicated: nil,
                recoveredIn: "-", status: failed.isEmpty ? .pass : .fail,
                notes: "\(checks.count - failed.count)/\(checks.count) checks passed" + (failed.isEmpty ? "" : "; failed: " + failed.map { "\($0.0) (\($0.2))" }.joined(separator: "; ")),
                details: Dictionary(uniqueKeysWithValues: checks.enumerated().map { ("\($0.offset + 1). \($0.element.0)", ($0.element.1 ? "ok" : "FAIL") + ($0.element.2.isEmpty ? "" : ": \($0.element.2)")) })))
        }

        static func count(_ daemon: GatewayDaemon, _ sql: String) throws -> Int {
            let queue = try ResilienceSite.readOnly(daemon.stateDirectory + "/buffer.sqlite")
            return try queue.read { try Int.fetchOne($0, sql: sql) ?? 0 }
        }

        static func alertLines(_ daemon: GatewayDaemon) -> [String] {
            ((try? String(contentsOfFile: daemon.alertLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// Every regular file under the state directory.
        static func stateFiles(_ root: String) -> [String] {
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
            var files: [String] = []
            while let name = enumerator.nextObject() as? String {
                let path = root + "/" + name
                var info = stat()
                if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFDIR { files.append(path) }
            }
            return files
        }
    }
}
