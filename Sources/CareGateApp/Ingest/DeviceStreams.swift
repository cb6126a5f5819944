import CareGateCore
import CareGateStorage

/// The de-duplication and edge state of every device's stream, as one thread sees it.
///
/// The live processor and the bulk writer each own one and feed it the same accepted messages in
/// journal order, so they agree; the writer's copy is the one persisted (with the rows it
/// describes), and both are rebuilt from it after a restart.
struct DeviceStreams {
    private(set) var states: [String: DeviceStreamState]
    /// Devices whose state changed since the last `takeChanged()`.
    private var changed: Set<String> = []
    /// For each profile, the metrics it derives edge events from.
    private let edgeMetrics: [String: Set<String>]

    init(states: [String: DeviceStreamState], catalog: ProfileCatalog) {
        self.states = states
        var edges: [String: Set<String>] = [:]
        for profile in catalog.profiles {
            let metrics = profile.topics.flatMap(\.fields).filter { !$0.eventTypes.isEmpty }.map(\.metric)
            if !metrics.isEmpty { edges[profile.id] = Set(metrics) }
        }
        edgeMetrics = edges
    }

    /// Admits a decoded message: false if it is a duplicate (nothing changes then); otherwise
    /// records it and drops derived events whose source value did not change.
    mutating func admit(_ message: inout DeviceMessage, payload: UnsafeRawBufferPointer) -> Bool {
        let digest = message.seq == nil && message.retained ? DeviceStreamState.digest(of: payload) : 0
        let isNew = states[message.deviceId, default: DeviceStreamState()].admit(
            seq: message.seq, ts: message.sourceTs, stamped: message.stampedByGateway, retained: message.retained,
            role: message.role, payloadDigest: digest)
        guard isNew else { return false }
        if let metrics = edgeMetrics[message.profileId] {
            states[message.deviceId]!.keepChangedEdges(of: &message, edgeMetrics: metrics)
        }
        changed.insert(message.deviceId)
        return true
    }

    /// Re-applies the records between a saved snapshot and the committed position after a
    /// restart: they are stored already, so they only bring the state up to date. `admitted`
    /// sees each message admitted again (the bulk writer replays its meter from it).
    mutating func rebuild(
        from start: JournalPosition, until end: JournalPosition, journal: IngestJournal, decoder: inout ProfileDecoder,
        registry: Registry, admitted: (DeviceMessage) -> Void = { _ in }
    ) {
        guard start < end else { return }
        journal.forEachRecord(from: start, until: end) { record in
            guard record.disposition == .process else { return }
            let outcome = decoder.decode(
                topic: record.topicString, payload: record.payload, qos: record.qos, retained: record.retained,
                receivedAt: record.receivedAt, registeredProfile: registry.profileId(of:))
            if case .message(var message) = outcome, admit(&message, payload: record.payload) { admitted(message) }
        }
    }

    /// The states changed since the last call.
    mutating func takeChanged() -> [String: DeviceStreamState] {
        var result: [String: DeviceStreamState] = [:]
        for id in changed { result[id] = states[id] }
        changed.removeAll(keepingCapacity: true)
        return result
    }
}
