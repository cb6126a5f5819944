import CareGateCore
import CareGateStorage
import Synchronization

/// Who may use the API: the consumers in `alerts.sqlite`, cached in memory for authentication,
/// and the one place that adds and removes them.
///
/// A presented token is hashed and compared against every consumer's stored hash in constant
/// time, without stopping at the first match, so neither the outcome's timing nor a dictionary
/// lookup reveals anything about stored hashes. There are tens of consumers, not thousands.
public final class ConsumerDirectory: Sendable {
    private struct Entry: Sendable {
        /// Nil for a consumer without a token (the upstream bridge), which no token matches.
        var digest: [UInt8]?
        var consumer: APIConsumer
    }

    private let control: ControlDatabase
    private let clock: any GatewayClock
    private let entries = Mutex<[Entry]>([])

    public init(control: ControlDatabase, clock: any GatewayClock) {
        self.control = control
        self.clock = clock
    }

    /// At start (before the server accepts requests): makes the configuration file's consumers
    /// (with the upstream bridge's, when it runs: a declaration with an empty token hash) and the
    /// local operator exactly what is stored, then loads the cache.
    public func prepare(declared: [ConsumerDeclaration], operatorTokenSHA256: String) throws {
        let now = clock.now()
        try control.reconcileConsumers(
            origin: .config,
            declared: declared.map {
                ConsumerRecord(
                    name: $0.name, scopes: $0.scopes.map(\.rawValue), tokenSHA256: $0.tokenSHA256.lowercased(), required: $0.required,
                    origin: .config, createdAt: now)
            },
            actor: "config", at: now)
        let operatorRecord = ConsumerRecord(
            name: ConsumerName.operatorName, scopes: [Scope.admin.rawValue], tokenSHA256: operatorTokenSHA256, required: false,
            origin: .local, createdAt: now)
        try control.reconcileConsumers(origin: .local, declared: [operatorRecord], actor: "gateway", at: now)
        try reload()
    }

    /// The consumer whose token is in `authorization` (`Bearer <token>`), or a 401 problem.
    public func authenticate(authorization: String?) throws(Problem) -> APIConsumer {
        guard let authorization else {
            throw .unauthorized("send the consumer's token as 'Authorization: Bearer <token>'")
        }
        guard let token = AccessToken.bearer(in: authorization) else {
            throw .unauthorized("the Authorization header must be 'Bearer <token>'", invalidToken: true)
        }
        let digest = SHA256.digest(Array(token.utf8))
        var match: APIConsumer?
        for entry in entries.withLock({ $0 }) {
            if let stored = entry.digest, AccessToken.constantTimeEquals(stored, digest) { match = entry.consumer }
        }
        guard let match else {
            throw .unauthorized("the token is not valid for this gateway (revoked, mistyped, or for another site)", invalidToken: true)
        }
        return match
    }

    /// Every consumer, by name.
    public var all: [APIConsumer] {
        entries.withLock { $0.map(\.consumer) }.sorted { $0.name < $1.name }
    }

    public func consumer(named name: String) -> APIConsumer? {
        entries.withLock { $0.first { $0.consumer.name == name }?.consumer }
    }

    /// Creates a consumer with a new random token, audited by `actor`; returns it with the token,
    /// which is not kept anywhere and cannot be shown again.
    public func add(name: String, scopes: [Scope], required: Bool, actor: String) async throws -> (consumer: APIConsumer, token: String) {
        if let problem = ConsumerName.problem(with: name) { throw Problem.badRequest(problem) }
        if name == ConsumerName.operatorName { throw Problem.conflict("the name '\(name)' is reserved for the local operator token") }
        if name == ConsumerName.bridgeName { throw Problem.conflict("the name '\(name)' is reserved for the upstream MQTT bridge") }
        guard !scopes.isEmpty else { throw Problem.badRequest("give the consumer at least one scope (\(Scope.names))") }
        let token = AccessToken.generate()
        let record = ConsumerRecord(
            name: name, scopes: scopes.sorted().map(\.rawValue), tokenSHA256: AccessToken.hash(token), required: required,
            origin: .api, createdAt: clock.now())
        do {
            try await BlockingIO.run { [control] in try control.addConsumer(record, actor: actor) }
        } catch let error as ConsumerStoreError {
            throw Problem.conflict(error.reason)
        }
        try await BlockingIO.run { try self.reload() }
        return (APIConsumer(record), token)
    }

    /// Removes a consumer created over the API, with its cursors; audited by `actor`.
    public func remove(name: String, actor: String) async throws {
        guard let existing = consumer(named: name) else { throw Problem.notFound("no consumer named \(name)") }
        switch existing.origin {
        case .config:
            throw Problem.conflict("consumer \(name) is declared in the configuration file; remove it there and restart the gateway")
        case .local:
            throw Problem.conflict("consumer \(name) is the local operator; delete <state_dir>/operator.token and restart to replace its token")
        case .api:
            break
        }
        let at = clock.now()
        do {
            _ = try await BlockingIO.run { [control] in try control.removeConsumer(named: name, actor: actor, at: at) }
        } catch let error as ConsumerStoreError where error.code == .notFound {
            throw Problem.notFound(error.reason)
        }
        try await BlockingIO.run { try self.reload() }
    }

    // MARK: Cursors

    /// The consumer's committed cursor in `stream` (0 before its first commit).
    public func cursor(of name: String, stream: SyncStream) async throws -> Int64 {
        try await cursors(of: name).first { $0.stream == stream.rawValue }?.cursor ?? 0
    }

    /// The consumer's committed cursors.
    public func cursors(of name: String) async throws -> [ConsumerCursor] {
        try await BlockingIO.run { [control] in try control.cursors(of: name) }
    }

    /// Records the consumer's progress durably.
    public func commit(_ name: String, stream: SyncStream, cursor: Int64) async throws -> CursorCommitOutcome {
        let at = clock.now()
        return try await BlockingIO.run { [control] in
            try control.commitCursor(consumer: name, stream: stream.rawValue, cursor: cursor, at: at)
        }
    }

    /// Per stream, the lowest cursor of the required consumers that read it: purge must keep
    /// every record after it (see `ControlDatabase.requiredCursors`).
    public func requiredCursors() async throws -> [String: Int64] {
        try await BlockingIO.run { [control] in try control.requiredCursors(readers: Self.purgeReaders) }
    }

    /// For each stream's name, the scopes that let a consumer read it: a required consumer with
    /// one of them holds back purging of that stream.
    public static var purgeReaders: [String: Set<String>] {
        var readers: [String: Set<String>] = [:]
        for stream in SyncStream.allCases { readers[stream.rawValue] = [Scope.reading(stream).rawValue, Scope.admin.rawValue] }
        return readers
    }

    /// Re-reads the consumers from the database.
    private func reload() throws {
        let loaded = try control.consumers().compactMap { record -> Entry? in
            let digest = SHA256.digest(hex: record.tokenSHA256)
            guard digest != nil || record.tokenSHA256.isEmpty else { return nil }
            return Entry(digest: digest, consumer: APIConsumer(record))
        }
        entries.withLock { $0 = loaded }
    }
}
