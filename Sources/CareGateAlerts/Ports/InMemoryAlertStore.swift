import CareGateCore
import Synchronization

/// An `AlertStore` in memory: for tests, for `caregate replay`, and as the reference behaviour the
/// SQLite adapter must match (transitions numbered from 1, resolved alerts leave the open set,
/// nil rule states delete their key).
public final class InMemoryAlertStore: AlertStore {
    private struct Contents {
        var seq: Int64 = 0
        var log: [AlertTransition] = []
        var alerts: [String: AlertSnapshot] = [:]
        var ruleStates: [String: RuleStateRecord] = [:]
        var triggerKeys: [TriggerKey] = []
        var commits = 0
    }

    private let contents = Mutex(Contents())

    public init() {}

    public func load(triggerKeysSince: EpochMillis) throws -> AlertStoreState {
        contents.withLock { c in
            AlertStoreState(
                openAlerts: c.alerts.values.filter(\.isOpen).sorted { $0.id < $1.id },
                ruleStates: c.ruleStates.keys.sorted().compactMap { c.ruleStates[$0] },
                triggerKeys: c.triggerKeys.filter { $0.sourceTs >= triggerKeysSince })
        }
    }

    public func commit(_ commit: AlertCommit) throws -> [AlertTransition] {
        contents.withLock { c in
            c.commits += 1
            var numbered: [AlertTransition] = []
            for var transition in commit.transitions {
                c.seq += 1
                transition.seq = c.seq
                numbered.append(transition)
            }
            c.log += numbered
            for alert in commit.alerts { c.alerts[alert.id] = alert }
            for record in commit.ruleStates {
                c.ruleStates[record.key.storageKey] = record.state == nil ? nil : record
            }
            c.triggerKeys += commit.triggerKeys
            return numbered
        }
    }

    /// Every transition committed, in `seq` order.
    public var log: [AlertTransition] { contents.withLock { $0.log } }

    /// Every alert ever committed, by id (resolved ones included).
    public var alerts: [String: AlertSnapshot] { contents.withLock { $0.alerts } }

    /// Stored rule states by storage key.
    public var ruleStates: [String: RuleStateRecord] { contents.withLock { $0.ruleStates } }

    /// How many commits were made.
    public var commitCount: Int { contents.withLock { $0.commits } }
}
