import CareGateCore
import CareGateMQTT
import CareGateStorage
import Dispatch
import Logging
import Synchronization

/// Raises notices for IT staff once per kind and subject: recorded in `alerts.sqlite`, logged,
/// published on `care/{site}/gateway/notices`, counted, and listed by `caregate status`.
final class OperatorNotices: Sendable {
    private let control: ControlDatabase
    private let topic: String
    private let clock: any GatewayClock
    private let logger: Logger
    private let queue = DispatchQueue(label: "caregate.notices", qos: .utility)
    private let client = Mutex<MQTTClient?>(nil)

    /// Notice kinds.
    static let unassignedDevice = "unassigned_device"
    static let budgetPurge = "budget_purge"
    static let diskFull = "disk_full"

    init(control: ControlDatabase, site: String, clock: any GatewayClock, logger: Logger) {
        self.control = control
        topic = "care/\(site)/gateway/notices"
        self.clock = clock
        self.logger = logger
    }

    func attach(_ client: MQTTClient) {
        self.client.withLock { $0 = client }
    }

    /// Raises a notice in the background (never on the caller's hot path).
    func raise(kind: String, subject: String, message: String) {
        queue.async { [self] in
            let notice = OperatorNotice(kind: kind, subject: subject, message: message, raisedAt: clock.now())
            do {
                guard try control.raiseNotice(notice) else { return }
            } catch {
                logger.error("could not record an operator notice", metadata: ["notice.kind": "\(kind)", "error": "\(error)"])
            }
            logger.warning("operator notice", metadata: ["notice.kind": "\(kind)", "notice.subject": "\(subject)", "notice.message": "\(message)"])
            publish(notice)
        }
    }

    /// Clears a notice whose condition went away.
    func clear(kind: String, subject: String) {
        queue.async { [self] in
            guard (try? control.clearNotice(kind: kind, subject: subject, at: clock.now())) == true else { return }
            logger.notice("operator notice cleared", metadata: ["notice.kind": "\(kind)", "notice.subject": "\(subject)"])
        }
    }

    /// Waits until notices raised so far are recorded.
    func flush() { queue.sync {} }

    private func publish(_ notice: OperatorNotice) {
        guard let client = client.withLock({ $0 }) else { return }
        var json = JSONWriter()
        json.beginObject()
        json.key("kind"); json.value(notice.kind)
        json.key("subject"); json.value(notice.subject)
        json.key("message"); json.value(notice.message)
        json.key("raisedAt"); json.value(notice.raisedAt)
        json.endObject()
        _ = try? client.publish(topic: topic, payload: json.bytes, qos: .atLeastOnce, retain: false)
    }
}
