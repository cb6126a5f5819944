import CareGateCore

/// Whom an alert is about: the resident a device serves, or the device itself when it serves
/// nobody (unassigned, or a shared device such as a hoist).
///
/// The subject is also the unit of ordering: everything about one subject is processed by one
/// serial lane, so its rules see its devices' messages in order.
public enum AlertSubject: Hashable, Sendable, Codable, CustomStringConvertible {
    case resident(String)
    case device(String)

    /// The subject of a device's messages: its resident when it has one, else the device.
    public init(device: DeviceRecord) {
        if let resident = device.residentRef, !resident.isEmpty {
            self = .resident(resident)
        } else {
            self = .device(device.deviceId)
        }
    }

    /// `resident:<ref>` or `device:<id>`: stable text for store keys and hashing.
    public var description: String {
        switch self {
        case .resident(let ref): "resident:" + ref
        case .device(let id): "device:" + id
        }
    }

    /// The resident reference, when the subject is a resident.
    public var residentRef: String? {
        if case .resident(let ref) = self { return ref }
        return nil
    }
}

/// The de-duplication key of an alert and of a rule's state: subject + rule, plus the device for
/// rules about a device's own health (offline, battery, ...), where two devices of one resident are
/// two problems, not one.
public struct AlertKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var subject: AlertSubject
    public var rule: RuleID
    /// Set for device-scoped rules; nil for rules about the subject as a whole.
    public var device: String?

    public init(subject: AlertSubject, rule: RuleID, device: String? = nil) {
        self.subject = subject
        self.rule = rule
        self.device = device
    }

    /// `resident:r1/fall` or `resident:r1/device_offline/radar-7`: the key the store files
    /// snapshots and rule state under.
    public var storageKey: String {
        let base = subject.description + "/" + rule.rawValue
        guard let device else { return base }
        return base + "/" + device
    }

    public var description: String { storageKey }
}
