import CareGateCore
import CareGateTestSupport
import Foundation
import Logging
import Testing

@testable import CareGateApp

/// SIGHUP says what it could not reload: profiles changed on disk are named (with their issues)
/// and left for the next restart.
@Suite(.timeLimit(.minutes(1)))
struct ProfileReloadTests {
    let directory = TemporaryDirectory("profile-reload")

    @Test func changedProfilesAreReportedWithTheirIssuesNotSwappedIn() async throws {
        let devices = directory.file("devices")
        try FileManager.default.copyItem(atPath: Binaries.devicesDirectory, toPath: devices)
        var configuration = GatewayConfiguration()
        configuration.site = "s1"
        configuration.stateDirectory = directory.file("state")
        configuration.devicesDirectory = devices
        configuration.alertLog = directory.file("alerts.jsonl")
        var logger = Logger(label: "caregate.test.reload")
        logger.logLevel = .critical
        let gateway = try Gateway(configuration: configuration, logger: logger, clock: ManualClock())
        let loaded = gateway.profiles.catalog.profiles.count

        #expect(gateway.reload().isEmpty)

        try "id: acme.broken\nkind: no-such-kind\n".write(toFile: devices + "/acme.broken.yaml", atomically: true, encoding: .utf8)
        let problems = gateway.reload()
        #expect(problems.contains { $0.contains("changed since start") && $0.contains("next restart") }, "\(problems)")
        #expect(problems.contains { $0.contains("acme.broken.yaml") }, "\(problems)")
        #expect(gateway.profiles.catalog.profiles.count == loaded)
        await gateway.engine.shutdown()
    }
}
