import CareGateCore
import CareGateHTTP
import CareGateStorage
import Testing

struct ScopeTests {
    @Test func listsParseAndRejectUnknownNames() throws {
        #expect(try Scope.parseList("telemetry:read, alerts:read,telemetry:read").get() == [.telemetryRead, .alertsRead])
        #expect(throws: UnknownScope(name: "alerts:delete")) { try Scope.parseList("alerts:read,alerts:delete").get() }
        #expect(UnknownScope(name: "x").description.contains("registry:write"))
    }

    @Test func adminAllowsEveryScopeAndOthersOnlyTheirOwn() {
        let admin = APIConsumer(name: "ops", scopes: [.admin], required: false, origin: .api, createdAt: 0)
        let platform = APIConsumer(name: "city", scopes: [.telemetryRead, .alertsRead], required: true, origin: .config, createdAt: 0)
        for scope in Scope.allCases { #expect(admin.allows(scope)) }
        #expect(platform.allows(.telemetryRead))
        #expect(platform.allows(.alertsRead))
        #expect(!platform.allows(.alertsWrite))
        #expect(!platform.allows(.metrics))
        #expect(!platform.allows(.admin))
    }

    @Test func eachStreamIsReadWithItsOwnScope() {
        #expect(SyncStream.allCases.map(Scope.reading) == [.telemetryRead, .eventsRead, .alertsRead, .usageRead, .usageRead])
    }

    @Test func consumerNames() {
        #expect(ConsumerName.problem(with: "city-platform_2.a") == nil)
        #expect(ConsumerName.problem(with: "") != nil)
        #expect(ConsumerName.problem(with: "-leading") != nil)
        #expect(ConsumerName.problem(with: "has space") != nil)
        #expect(ConsumerName.problem(with: "a/b") != nil)
        #expect(ConsumerName.problem(with: String(repeating: "a", count: 65)) != nil)
    }
}
