import GRDB

/// Asks a ``WALFlusher`` for a flush after every transaction the writer connection commits, so no
/// writer of `alerts.sqlite` has to remember to.
final class FlushOnCommit: TransactionObserver {
    private let flusher: WALFlusher

    init(_ flusher: WALFlusher) {
        self.flusher = flusher
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

    func databaseDidChange(with event: DatabaseEvent) {}

    func databaseDidCommit(_ db: Database) { flusher.request() }

    func databaseDidRollback(_ db: Database) {}
}
