import CareGateCore
import CareGateHTTP
import CareGateStorage
import CareGateTestSupport
import Testing

/// Consumers and cursors over a real `alerts.sqlite`.
struct ConsumerDirectoryTests {
    let directory = TemporaryDirectory("consumers")
    let control: ControlDatabase
    let consumers: ConsumerDirectory
    let operatorToken = AccessToken.generate()
    let platformToken = "cgt_platform-token"

    init() throws {
        control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        consumers = ConsumerDirectory(control: control, clock: ManualClock())
        try consumers.prepare(
            declared: [ConsumerDeclaration(name: "city", scopes: [.telemetryRead, .alertsRead], tokenSHA256: AccessToken.hash(platformToken), required: true)],
            operatorTokenSHA256: AccessToken.hash(operatorToken))
    }

    @Test func tokensAuthenticateTheirConsumer() throws {
        #expect(try consumers.authenticate(authorization: "Bearer \(platformToken)").name == "city")
        let local = try consumers.authenticate(authorization: "Bearer \(operatorToken)")
        #expect(local.name == ConsumerName.operatorName)
        #expect(local.isAdmin)
        #expect(local.origin == .local)
    }

    @Test func missingMalformedAndUnknownTokensAreUnauthorized() {
        for header in [nil, "Basic abc", "Bearer cgt_nobody", "Bearer \(platformToken)x"] {
            do {
                _ = try consumers.authenticate(authorization: header)
                Issue.record("\(header ?? "no header") was accepted")
            } catch {
                #expect(error.status == .unauthorized)
                #expect(error.headers[.wwwAuthenticate]?.hasPrefix("Bearer realm=\"caregate\"") == true)
                #expect(error.headers[.wwwAuthenticate]?.contains("invalid_token") == (header != nil))
            }
        }
    }

    @Test func theBridgesConsumerHasCursorsButNoTokenCanActAsIt() async throws {
        try consumers.prepare(
            declared: [
                ConsumerDeclaration(name: "city", scopes: [.telemetryRead, .alertsRead], tokenSHA256: AccessToken.hash(platformToken), required: true),
                ConsumerDeclaration(name: ConsumerName.bridgeName, scopes: [.telemetryRead], tokenSHA256: "", required: true),
            ],
            operatorTokenSHA256: AccessToken.hash(operatorToken))
        let bridge = try #require(consumers.consumer(named: ConsumerName.bridgeName))
        #expect(bridge.required && bridge.origin == .config)
        #expect(try await consumers.commit(ConsumerName.bridgeName, stream: .telemetry, cursor: 42) == .committed)
        #expect(try control.requiredCursors(readers: ConsumerDirectory.purgeReaders)["telemetry"] == 0)
        for token in ["", "cgt_", AccessToken.hash("")] {
            #expect(throws: Problem.self) { try consumers.authenticate(authorization: "Bearer \(token)") }
        }
        #expect(try consumers.authenticate(authorization: "Bearer \(platformToken)").name == "city")
        await #expect(throws: Problem.self) { try await consumers.add(name: ConsumerName.bridgeName, scopes: [.admin], required: false, actor: "t") }
    }

    @Test func onlyTheHashIsStored() throws {
        let stored = try control.consumers()
        #expect(stored.map(\.name) == ["city", "operator"])
        #expect(stored[0].tokenSHA256 == AccessToken.hash(platformToken))
        #expect(!stored.contains { $0.tokenSHA256.contains("platform") })
    }

    @Test func addedConsumersWorkAtOnceAndRemovedOnesStop() async throws {
        let (consumer, token) = try await consumers.add(name: "rental", scopes: [.usageRead], required: false, actor: "operator")
        #expect(consumer.origin == .api)
        #expect(try consumers.authenticate(authorization: "Bearer \(token)").name == "rental")
        try await consumers.remove(name: "rental", actor: "operator")
        #expect(throws: Problem.self) { try consumers.authenticate(authorization: "Bearer \(token)") }
        let actions = try control.auditTrail().map { "\($0.actor) \($0.action) \($0.subject)" }
        #expect(actions.prefix(2) == ["operator consumer.remove rental", "operator consumer.add rental"])
        #expect(try control.auditTrail().allSatisfy { !$0.detail.contains(token) })
    }

    @Test func namesAreCheckedAndConfigConsumersCannotBeRemovedOverTheAPI() async throws {
        await #expect(throws: Problem.self) { try await consumers.add(name: "city", scopes: [.admin], required: false, actor: "t") }
        await #expect(throws: Problem.self) { try await consumers.add(name: "operator", scopes: [.admin], required: false, actor: "t") }
        await #expect(throws: Problem.self) { try await consumers.add(name: "bad name", scopes: [.admin], required: false, actor: "t") }
        await #expect(throws: Problem.self) { try await consumers.add(name: "empty", scopes: [], required: false, actor: "t") }
        do {
            try await consumers.remove(name: "city", actor: "t")
            Issue.record("a configuration consumer was removed")
        } catch let problem as Problem {
            #expect(problem.status == .conflict)
            #expect(problem.detail.contains("configuration file"))
        }
    }

    @Test func reconcilingTheConfigurationDropsUndeclaredConsumersAndKeepsCursorsOfOthers() async throws {
        _ = try await consumers.commit("city", stream: .telemetry, cursor: 42)
        let other = "cgt_other"
        try consumers.prepare(
            declared: [
                ConsumerDeclaration(name: "city", scopes: [.telemetryRead], tokenSHA256: AccessToken.hash(platformToken), required: false),
                ConsumerDeclaration(name: "hospital", scopes: [.alertsRead], tokenSHA256: AccessToken.hash(other), required: false),
            ],
            operatorTokenSHA256: AccessToken.hash(operatorToken))
        #expect(consumers.consumer(named: "city")?.scopes == [.telemetryRead])
        #expect(try await consumers.cursor(of: "city", stream: .telemetry) == 42)
        #expect(try consumers.authenticate(authorization: "Bearer \(other)").name == "hospital")
        try consumers.prepare(declared: [], operatorTokenSHA256: AccessToken.hash(operatorToken))
        #expect(consumers.all.map(\.name) == ["operator"])
        #expect(try await consumers.cursors(of: "city").isEmpty)
    }

    @Test func aTokenBelongsToOneConsumer() {
        let shared = AccessToken.hash(platformToken)
        #expect(throws: ConsumerStoreError.self) {
            try consumers.prepare(
                declared: [
                    ConsumerDeclaration(name: "city", scopes: [.telemetryRead], tokenSHA256: shared, required: false),
                    ConsumerDeclaration(name: "copy", scopes: [.telemetryRead], tokenSHA256: shared, required: false),
                ],
                operatorTokenSHA256: AccessToken.hash(operatorToken))
        }
    }

    @Test func cursorsOnlyMoveForward() async throws {
        #expect(try await consumers.cursor(of: "city", stream: .telemetry) == 0)
        #expect(try await consumers.commit("city", stream: .telemetry, cursor: 10) == .committed)
        #expect(try await consumers.commit("city", stream: .telemetry, cursor: 10) == .unchanged)
        #expect(try await consumers.commit("city", stream: .telemetry, cursor: 7) == .behind(current: 10))
        #expect(try await consumers.commit("city", stream: .telemetry, cursor: 12) == .committed)
        #expect(try await consumers.commit("nobody", stream: .telemetry, cursor: 1) == .unknownConsumer)
        #expect(try await consumers.cursor(of: "city", stream: .telemetry) == 12)
        #expect(try await consumers.cursor(of: "city", stream: .alerts) == 0)
    }

    @Test func purgeWaitsForRequiredConsumersOfEachStream() async throws {
        #expect(try await consumers.requiredCursors() == ["telemetry": 0, "alerts": 0])
        _ = try await consumers.commit("city", stream: .telemetry, cursor: 500)
        _ = try await consumers.commit("city", stream: .alerts, cursor: 9)
        _ = try await consumers.add(name: "archive", scopes: [.telemetryRead, .eventsRead], required: true, actor: "t")
        _ = try await consumers.add(name: "casual", scopes: [.admin], required: false, actor: "t")
        let horizons = try await consumers.requiredCursors()
        #expect(horizons == ["telemetry": 0, "events": 0, "alerts": 9])
    }
}
