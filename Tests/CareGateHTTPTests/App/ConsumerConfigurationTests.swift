import CareGateApp
import CareGateHTTP
import Testing

/// The `consumers:` section of the configuration file.
struct ConsumerConfigurationTests {
    static let hash = SHA256.hex("cgt_city")

    @Test func declaredConsumersAreRead() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            consumers:
              - name: city
                scopes: [telemetry:read, alerts:read]
                token_sha256: \(Self.hash.uppercased())
                required: true
              - name: rental
                scopes: usage:read,registry:read
                token_sha256: \(SHA256.hex("cgt_rental"))
            """)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.configuration.consumers == [
            ConsumerDeclaration(name: "city", scopes: [.telemetryRead, .alertsRead], tokenSHA256: Self.hash, required: true),
            ConsumerDeclaration(name: "rental", scopes: [.usageRead, .registryRead], tokenSHA256: SHA256.hex("cgt_rental"), required: false),
        ])
    }

    @Test func everyProblemIsReportedAtItsLine() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            consumers:
              - name: city
                scopes: [telemetry:read, alerts:delete]
                token_sha256: \(Self.hash)
              - name: operator
                scopes: [admin]
                token_sha256: \(SHA256.hex("x"))
              - name: short
                scopes: [admin]
                token_sha256: abc123
              - scopes: [admin]
                token_sha256: \(SHA256.hex("y"))
              - name: twin
                scopes: [admin]
                token_sha256: \(SHA256.hex("z"))
                tokn: oops
            """)
        let problems = loaded.problems
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:3:") && $0.contains("unknown scope 'alerts:delete'") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:5:") && $0.contains("reserved for the local operator") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:10:") && $0.contains("64 hex digits") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:11:") && $0.contains("missing key 'name'") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:16:") && $0.contains("unknown key 'tokn'") })
        #expect(loaded.configuration.consumers.map(\.name) == ["twin"])
    }

    @Test func aNameOrTokenDeclaredTwiceIsAProblem() {
        let loaded = GatewayConfiguration.parse(file: "c.yaml", text: """
            consumers:
              - { name: a, scopes: [admin], token_sha256: \(Self.hash) }
              - { name: a, scopes: [admin], token_sha256: \(SHA256.hex("other")) }
              - { name: b, scopes: [admin], token_sha256: \(Self.hash) }
            """)
        #expect(loaded.problems.contains { $0.hasPrefix("c.yaml:3:") && $0.contains("declared twice") })
        #expect(loaded.problems.contains { $0.hasPrefix("c.yaml:4:") && $0.contains("same token_sha256") })
        #expect(loaded.configuration.consumers.map(\.name) == ["a"])
    }
}
