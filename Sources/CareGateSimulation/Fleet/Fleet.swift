import CareGateCore

/// A laid-out simulated care home: residents in rooms and beds, and every device placed and bound.
///
/// Layout rules (deterministic from the spec and the seed):
/// - Resident `i` (from 0) sleeps in room `i / residentsPerRoom`, bed `A`, `B`, ...; rooms are
///   numbered per floor of 20 (`101`…`120`, `201`, ...).
/// - Bed sensors (native vitals radars, then Alink, then ESPHome radars) go to consecutive residents,
///   as do care beds, wearables, call buttons, wheelchairs and rehab robots.
/// - Fall radars (native, then Tuya) go two per room: the first watches the bedroom, the second the
///   bathroom. A radar is bound to a resident only when its room has exactly one.
/// - Hoists are shared equipment: one per room in turn, bound to nobody.
/// - Care-plan flags follow a realistic mix: fall risk 30 % high / 50 % standard / 20 % independent,
///   20 % exit risk, 15 % bed-bound with a 2 h repositioning plan; everyone sleeps 22:00–06:00.
public struct Fleet: Sendable {
    public let spec: FleetSpec
    public let residents: [SimulatedResident]
    public let devices: [SimulatedDevice]

    public var site: String { spec.site }

    public init(spec: FleetSpec, seed: UInt64) {
        self.spec = spec
        // At least one resident: every personal device and bed sensor needs someone to belong to.
        let residentCount = max(1, spec.residents ?? Self.residentsNeeded(by: spec))
        var random = SimulationRandom(seed: seed, stream: "fleet")
        let residents = (0..<residentCount).map { Self.makeResident($0, spec: spec, random: &random) }
        self.residents = residents
        self.devices = Self.layOut(spec: spec, residents: residents)
    }

    /// The device with `id`, if the fleet has one.
    public func device(id: String) -> SimulatedDevice? {
        devices.first { $0.id == id }
    }

    /// The resident with reference `ref`, if the fleet has one.
    public func resident(ref: String) -> SimulatedResident? {
        residents.first { $0.ref == ref }
    }

    /// The devices of `model`, in id order.
    public func devices(of model: SimulatedModel) -> [SimulatedDevice] {
        devices.filter { $0.model == model }
    }

    /// The registry records the gateway should hold for this fleet.
    public var deviceRecords: [DeviceRecord] { devices.map { $0.record(site: site) } }

    /// The residents' care plans as registry records.
    public var residentRecords: [ResidentRecord] { residents.map(\.record) }

    private static func residentsNeeded(by spec: FleetSpec) -> Int {
        let bedSensors = spec.count(of: .vitalsRadar) + spec.count(of: .alinkVitalsRadar)
            + spec.count(of: .esphomeVitalsRadar)
        let personal = [SimulatedModel.careBed, .wearable, .callButton, .wheelchair, .rehabRobot].map {
            spec.count(of: $0)
        }
        return max(bedSensors, personal.max() ?? 0)
    }

    private static func makeResident(_ index: Int, spec: FleetSpec, random: inout SimulationRandom)
        -> SimulatedResident
    {
        let risk = random.unit()
        let bedBound = random.chance(0.15)
        return SimulatedResident(
            ref: "R-" + pad(index + 1), room: roomName(index / spec.residentsPerRoom),
            bed: bedName(index % spec.residentsPerRoom),
            fallRisk: risk < 0.3 ? .high : (risk < 0.8 ? .standard : .independent),
            exitRisk: random.chance(0.2), bedBound: bedBound, repositioningHours: bedBound ? 2 : nil,
            nightWindow: .standard, weightKg: (random.double(in: 45...85) * 10).rounded() / 10, index: index)
    }

    /// Where one device goes: its room, bed, zone and resident.
    private struct Placement {
        var room: String
        var bed: String?
        var zone: String?
        var resident: SimulatedResident?
    }

    private static func layOut(spec: FleetSpec, residents: [SimulatedResident]) -> [SimulatedDevice] {
        var devices: [SimulatedDevice] = []
        var bedSensorsPlaced = 0
        var radarsPlaced = 0
        var contracts = 0
        let roomCount = max(1, (residents.count + spec.residentsPerRoom - 1) / spec.residentsPerRoom)
        for model in SimulatedModel.all {
            for number in 0..<spec.count(of: model) {
                let placement: Placement
                switch model.kind {
                case .fallRadar:
                    let room = roomName((radarsPlaced / 2) % roomCount)
                    let occupants = residents.filter { $0.room == room }
                    placement = Placement(
                        room: room, zone: radarsPlaced % 2 == 0 ? "bedroom" : "bathroom",
                        resident: occupants.count == 1 ? occupants[0] : nil)
                    radarsPlaced += 1
                case .hoist:
                    placement = Placement(room: roomName(number % roomCount))
                case .vitalsRadar, .careBed:
                    let resident: SimulatedResident
                    if model.kind == .vitalsRadar {
                        resident = residents[bedSensorsPlaced % residents.count]
                        bedSensorsPlaced += 1
                    } else {
                        resident = residents[number % residents.count]
                    }
                    placement = Placement(room: resident.room, bed: resident.bed, zone: "bedroom", resident: resident)
                default:
                    let resident = residents[number % residents.count]
                    placement = Placement(room: resident.room, resident: resident)
                }
                devices.append(
                    SimulatedDevice(
                        id: model.idPrefix + "-" + pad(number + 1), model: model, room: placement.room,
                        bed: placement.bed, zone: placement.zone, residentRef: placement.resident?.ref,
                        assetTag: model.isRentable ? assetTag(model, number) : nil,
                        rentalContract: model.isRentable ? nextContract(&contracts, spec) : nil,
                        index: devices.count))
            }
        }
        return devices
    }

    private static func assetTag(_ model: SimulatedModel, _ number: Int) -> String {
        "CG-" + model.idPrefix.uppercased() + "-" + pad(number + 1)
    }

    private static func nextContract(_ counter: inout Int, _ spec: FleetSpec) -> String {
        counter += 1
        return spec.rentalContractPrefix + "-" + pad(counter)
    }

    static func roomName(_ index: Int) -> String {
        String((index / 20 + 1) * 100 + index % 20 + 1)
    }

    static func bedName(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(65 + index % 26)))
    }

    static func pad(_ number: Int) -> String {
        let text = String(number)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }
}
