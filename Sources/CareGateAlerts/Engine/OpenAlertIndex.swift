import Synchronization

/// The open alerts of every lane, by id: lanes publish each committed snapshot here, so operator
/// calls find an alert's lane and "list open alerts" answers without visiting the lanes.
final class OpenAlertIndex: Sendable {
    private let alerts = Mutex<[String: AlertSnapshot]>([:])

    func publish(_ snapshots: [AlertSnapshot]) {
        alerts.withLock { index in
            for snapshot in snapshots {
                index[snapshot.id] = snapshot.isOpen ? snapshot : nil
            }
        }
    }

    func alert(id: String) -> AlertSnapshot? { alerts.withLock { $0[id] } }

    var all: [AlertSnapshot] { alerts.withLock { Array($0.values) } }
}
