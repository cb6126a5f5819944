import CareGateCore
import CareGateTestSupport
import Foundation
import Logging
import Testing

@testable import CareGateApp

/// The registry seed is applied when it is new or edited, not at every start: an unchanged seed
/// leaves registry changes made since (over the API) alone.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RegistrySeedTests {
    let directory = TemporaryDirectory("registry-seed")

    @Test func anUnchangedSeedIsNotReappliedAndAnEditedOneIs() async throws {
        try seed(room: "101")
        var gateway = try start()
        #expect(gateway.registry.device("fr-1")?.room == "101")
        // A platform moves the device over the API (the registry desk saves it like this).
        var moved = try #require(gateway.registry.device("fr-1"))
        moved.room = "202"
        try gateway.control.saveRegistry(devices: [moved], residents: [], actor: "operator", at: 1)
        await gateway.engine.shutdown()

        gateway = try start()
        #expect(gateway.registry.device("fr-1")?.room == "202", "the unchanged seed was applied again")
        await gateway.engine.shutdown()

        try seed(room: "303")
        gateway = try start()
        #expect(gateway.registry.device("fr-1")?.room == "303", "the edited seed was not applied")
        await gateway.engine.shutdown()
    }

    @Test func aSeedWithIssuesIsCheckedAgainAtEveryStart() async throws {
        try seed(room: "101", extra: "  - id: bad-1\n    profile: no.such-profile\n")
        var gateway = try start()
        #expect(gateway.registry.device("fr-1")?.room == "101")
        #expect(!gateway.startupIssues.isEmpty)
        await gateway.engine.shutdown()
        gateway = try start()
        #expect(!gateway.startupIssues.isEmpty, "a seed with issues must report them at every start")
        await gateway.engine.shutdown()
    }

    private func seed(room: String, extra: String = "") throws {
        let text = """
            devices:
              - id: fr-1
                profile: caregate.fall-radar
                room: "\(room)"

            """ + extra
        try text.write(toFile: directory.file("devices.yaml"), atomically: true, encoding: .utf8)
    }

    private func start() throws -> Gateway {
        var configuration = GatewayConfiguration()
        configuration.site = "s1"
        configuration.stateDirectory = directory.file("state")
        configuration.devicesDirectory = Binaries.devicesDirectory
        configuration.alertLog = directory.file("alerts.jsonl")
        configuration.registrySeed = directory.file("devices.yaml")
        var logger = Logger(label: "caregate.test.seed")
        logger.logLevel = .warning
        return try Gateway(configuration: configuration, logger: logger, clock: ManualClock())
    }
}
