import CareGateCore

/// Fields a scenario forces on a device for a while (`posture` = `fallen` for 180 s).
///
/// A later override of the same field replaces an earlier one even if the earlier one has not run
/// out, so a script can chain `in_bed=true` then `in_bed=false` without gaps or overlaps.
struct OverrideSet: Sendable {
    private var entries: [(field: SimulatedField, until: EpochMillis)] = []

    var isEmpty: Bool { entries.isEmpty }

    /// The earliest instant at which an override runs out.
    var nextExpiry: EpochMillis { entries.map(\.until).min() ?? .max }

    mutating func set(_ fields: [SimulatedField], until: EpochMillis) {
        for field in fields {
            entries.removeAll { $0.field.key == field.key }
            entries.append((field, until))
        }
    }

    /// Drops what has run out by `now`; returns true if anything did.
    mutating func expire(at now: EpochMillis) -> Bool {
        let before = entries.count
        entries.removeAll { $0.until <= now }
        return entries.count != before
    }

    func value(_ key: String) -> SimulatedValue? {
        entries.first { $0.field.key == key }?.field.value
    }

    func bool(_ key: String) -> Bool? { value(key)?.bool }
    func number(_ key: String) -> Double? { value(key)?.number }

    /// Stamps every overridden field onto a report.
    func apply(to fields: inout [SimulatedField]) {
        for entry in entries {
            fields.set(entry.field.key, entry.field.value)
        }
    }
}
