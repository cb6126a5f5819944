import CareGateCore
import CareGateHTTP

extension GatewayConfiguration {
    static let consumerKeys = ["name", "scopes", "token_sha256", "required"]

    /// Reads the `consumers:` section: platforms allowed to use the HTTP API.
    ///
    /// ```yaml
    /// consumers:
    ///   - name: city-platform
    ///     scopes: [telemetry:read, events:read, alerts:read]
    ///     token_sha256: 5e8d...   # printf %s "$TOKEN" | sha256sum
    ///     required: true          # purge waits for its cursor
    /// ```
    /// Every problem is reported at its line; an entry with a problem is left out.
    /// The consumers `alerts.sqlite` must hold: the declared ones and, when the bridge runs, the
    /// bridge's own (required, no token, a read scope per bridged stream).
    var storedConsumers: [ConsumerDeclaration] {
        guard bridge.enabled else { return consumers }
        var scopes: [Scope] = []
        for stream in bridge.streams where !scopes.contains(Scope.reading(stream)) { scopes.append(Scope.reading(stream)) }
        return consumers + [ConsumerDeclaration(name: ConsumerName.bridgeName, scopes: scopes.sorted(), tokenSHA256: "", required: true)]
    }

    static func readConsumers(_ items: [YAMLValue]) -> [ConsumerDeclaration] {
        var declarations: [ConsumerDeclaration] = []
        var names = Set<String>()
        var hashes = Set<String>()
        for item in items {
            guard let map = item.map(knownKeys: consumerKeys), let declaration = readConsumer(map) else { continue }
            guard names.insert(declaration.name).inserted else {
                map.report("consumer '\(declaration.name)' is declared twice", at: "name")
                continue
            }
            guard hashes.insert(declaration.tokenSHA256).inserted else {
                map.report("consumer '\(declaration.name)' has the same token_sha256 as another consumer; give each its own token", at: "token_sha256")
                continue
            }
            declarations.append(declaration)
        }
        return declarations
    }

    private static func readConsumer(_ map: YAMLMap) -> ConsumerDeclaration? {
        var valid = true
        let name = map.string("name", required: true)
        if let name {
            if let problem = ConsumerName.problem(with: name) {
                map.report(problem, at: "name")
                valid = false
            } else if name == ConsumerName.operatorName {
                map.report("the name '\(name)' is reserved for the local operator token", at: "name")
                valid = false
            } else if name == ConsumerName.bridgeName {
                map.report("the name '\(name)' is reserved for the upstream MQTT bridge (bridge:)", at: "name")
                valid = false
            }
        }
        var scopes: [Scope] = []
        if let texts = map.stringList("scopes", required: true) {
            for text in texts {
                switch Scope.parseList(text) {
                case .success(let parsed): scopes += parsed.filter { !scopes.contains($0) }
                case .failure(let unknown):
                    map.report(unknown.description, at: "scopes")
                    valid = false
                }
            }
            if scopes.isEmpty && valid {
                map.report("give the consumer at least one scope (\(Scope.names))", at: "scopes")
                valid = false
            }
        }
        let hash = map.string("token_sha256", required: true)
        if let hash, SHA256.digest(hex: hash) == nil {
            map.report("token_sha256 must be 64 hex digits, the SHA-256 of the token (printf %s \"$TOKEN\" | sha256sum)", at: "token_sha256")
            valid = false
        }
        let required = map.bool("required") ?? false
        guard valid, let name, let hash, !scopes.isEmpty else { return nil }
        return ConsumerDeclaration(name: name, scopes: scopes, tokenSHA256: hash.lowercased(), required: required)
    }
}
