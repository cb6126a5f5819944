import CareGateCore
import CareGateSimulation
import Testing

@Suite struct FleetTests {
    @Test func idsFollowTheModelPrefixes() {
        let fleet = Fleet(spec: .uniform(site: "sh-01", perModel: 2), seed: 1)
        let ids = Set(fleet.devices.map(\.id))
        for prefix in ["fr", "vr", "bed", "w", "cb", "wc", "ho", "rr", "tuya", "alink", "esp"] {
            #expect(ids.contains("\(prefix)-0001") && ids.contains("\(prefix)-0002"), "\(prefix)")
        }
        #expect(fleet.devices.count == 22)
        #expect(fleet.devices.map(\.index) == Array(0..<22))
    }

    @Test func profilesAndKindsPerModel() {
        let fleet = Fleet(spec: .uniform(site: "sh-01", perModel: 1), seed: 1)
        let profiles = Dictionary(uniqueKeysWithValues: fleet.devices.map { ($0.id, $0.profileId) })
        #expect(profiles["fr-0001"] == "caregate.fall-radar")
        #expect(profiles["rr-0001"] == "caregate.rehab-robot")
        #expect(profiles["tuya-0001"] == "tuya.mir-he200-ty")
        #expect(profiles["alink-0001"] == "alink.vital-sign-radar")
        #expect(profiles["esp-0001"] == "esphome.seeed-mr60bha2")
        #expect(fleet.device(id: "tuya-0001")?.kind == .fallRadar)
        #expect(fleet.device(id: "esp-0001")?.kind == .vitalsRadar)
    }

    @Test func radarsWatchBedroomsAndBathroomsAndBindOnlyInSingleRooms() {
        let shared = Fleet(spec: .standard(site: "sh-01"), seed: 3)
        let radars = shared.devices.filter { $0.kind == .fallRadar }
        #expect(radars.filter { $0.zone == "bathroom" }.count == 3)
        #expect(radars.filter { $0.zone == "bedroom" }.count == 3)
        #expect(radars.allSatisfy { $0.residentRef == nil }, "two residents per room: a radar cannot tell them apart")

        let single = Fixtures.everyModel()
        let radar = single.device(id: "fr-0001")!
        #expect(radar.residentRef == "R-0001" && radar.zone == "bedroom" && radar.room == "101")
    }

    @Test func bedSensorsAndPersonalDevicesFollowTheirResident() {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 3)
        #expect(fleet.residents.count == 8)
        for device in fleet.devices where device.kind == .vitalsRadar || device.kind == .careBed {
            let resident = fleet.resident(ref: device.residentRef ?? "")
            #expect(resident != nil, "\(device.id) has a resident")
            #expect(device.room == resident?.room && device.bed == resident?.bed && device.zone == "bedroom")
        }
        let bedSensors = fleet.devices.filter { $0.kind == .vitalsRadar }.compactMap(\.residentRef)
        #expect(Set(bedSensors).count == bedSensors.count, "one bed sensor per resident")
        #expect(fleet.residents[0].room == "101" && fleet.residents[0].bed == "A")
        #expect(fleet.residents[1].room == "101" && fleet.residents[1].bed == "B")
        #expect(fleet.residents[2].room == "102")
    }

    @Test func rentableKindsCarryAssetTagsAndUniqueContracts() {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 3)
        let rentable: [DeviceKind] = [.wheelchair, .careBed, .hoist, .rehabRobot, .wearable]
        for device in fleet.devices {
            let rented = device.model.format == .native && rentable.contains(device.kind)
            #expect((device.assetTag != nil) == rented, "\(device.id)")
            #expect((device.rentalContract != nil) == rented, "\(device.id)")
        }
        #expect(fleet.device(id: "wc-0001")?.assetTag == "CG-WC-0001")
        let contracts = fleet.devices.compactMap(\.rentalContract)
        #expect(Set(contracts).count == contracts.count)
        #expect(contracts.first == "RC-2026-0001")
    }

    @Test func carePlansAreDeterministicAndMixed() {
        let spec = FleetSpec(site: "sh-01", counts: [.vitalsRadar: 200])
        let fleet = Fleet(spec: spec, seed: 8)
        #expect(fleet.residents.map(\.record) == Fleet(spec: spec, seed: 8).residents.map(\.record))
        #expect(fleet.residents.map(\.record) != Fleet(spec: spec, seed: 9).residents.map(\.record))
        let high = fleet.residents.filter { $0.fallRisk == .high }.count
        let bedBound = fleet.residents.filter(\.bedBound)
        #expect((40...80).contains(high))
        #expect(fleet.residents.contains { $0.fallRisk == .independent } && fleet.residents.contains(where: \.exitRisk))
        #expect(!bedBound.isEmpty && bedBound.allSatisfy { $0.repositioningHours == 2 })
        #expect(fleet.residents.allSatisfy { $0.nightWindow == .standard && (45...85).contains($0.weightKg) })
    }

    @Test func parsesCommandLineCounts() throws {
        let counts = try FleetSpec.parseCounts("fall-radar=10, tuya=2,vr=5,esphome.seeed-mr60bha2=1").get()
        #expect(counts == [.fallRadar: 10, .tuyaFallRadar: 2, .vitalsRadar: 5, .esphomeVitalsRadar: 1])
        #expect(throws: FleetSpecError.self) { try FleetSpec.parseCounts("toaster=3").get() }
        #expect(throws: FleetSpecError.self) { try FleetSpec.parseCounts("fr=-1").get() }
    }
}
