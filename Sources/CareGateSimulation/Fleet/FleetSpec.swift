/// What to simulate: the site, how many devices of each model, and how residents share rooms.
///
/// The spec is the whole input of the fleet layout: with the seed it fixes every device id, room,
/// resident and care-plan flag, so a site can regenerate the same registry seed at any time.
public struct FleetSpec: Sendable, Hashable {
    public var site: String
    /// Devices per model; models not listed get none.
    public var counts: [SimulatedModel: Int]
    /// Number of residents; by default just enough for every personal device to have its own.
    public var residents: Int?
    /// Residents sharing one room (beds `A`, `B`, ...). Radars watch rooms, so they are bound to a
    /// resident only where a room has one.
    public var residentsPerRoom: Int
    /// Prefix of rental contract numbers: `RC-2026` gives `RC-2026-0001`.
    public var rentalContractPrefix: String

    public init(
        site: String, counts: [SimulatedModel: Int], residents: Int? = nil, residentsPerRoom: Int = 2,
        rentalContractPrefix: String = "RC-2026"
    ) {
        self.site = site
        self.counts = counts
        self.residents = residents
        self.residentsPerRoom = max(1, residentsPerRoom)
        self.rentalContractPrefix = rentalContractPrefix
    }

    /// A small care-home floor with every model: what `caregate simulate` runs by default.
    public static func standard(site: String) -> FleetSpec {
        FleetSpec(
            site: site,
            counts: [
                .fallRadar: 4, .vitalsRadar: 4, .careBed: 4, .wearable: 4, .callButton: 4, .wheelchair: 2,
                .hoist: 1, .rehabRobot: 1, .tuyaFallRadar: 2, .alinkVitalsRadar: 2, .esphomeVitalsRadar: 2,
            ])
    }

    /// `perModel` devices of every model (load tests: `uniform(site:, perModel: 100)`).
    public static func uniform(site: String, perModel: Int) -> FleetSpec {
        FleetSpec(site: site, counts: Dictionary(uniqueKeysWithValues: SimulatedModel.all.map { ($0, perModel) }))
    }

    /// The count for `model` (zero when absent).
    public func count(of model: SimulatedModel) -> Int { max(0, counts[model] ?? 0) }

    /// Parses a command-line list such as `fall-radar=10,tuya=2,vr=5` into counts; models not named
    /// get none. Fails naming the offending item when a model name or a count is wrong.
    public static func parseCounts(_ text: String) -> Result<[SimulatedModel: Int], FleetSpecError> {
        var counts: [SimulatedModel: Int] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            guard parts.count == 2, let model = SimulatedModel.named(parts[0]) else {
                return .failure(FleetSpecError(message: "unknown device model in '\(item)'"))
            }
            guard let count = Int(parts[1]), count >= 0, count <= 9999 else {
                return .failure(FleetSpecError(message: "count must be 0...9999 in '\(item)'"))
            }
            counts[model] = count
        }
        return .success(counts)
    }
}

/// A fleet description that cannot be used, with a message for the operator.
public struct FleetSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension String {
    var trimmed: String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
