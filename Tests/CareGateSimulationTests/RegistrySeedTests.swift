import CareGateCore
import CareGateSimulation
import Testing
import Yams

@Suite struct RegistrySeedTests {
    let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 5)

    @Test func listsEveryDeviceWithItsProfile() throws {
        let root = try #require(try Yams.load(yaml: fleet.registrySeedYAML()) as? [String: Any])
        let devices = try #require(root["devices"] as? [[String: Any]])
        #expect(devices.count == fleet.devices.count)
        for (entry, device) in zip(devices, fleet.devices) {
            #expect(entry["id"] as? String == device.id)
            #expect(entry["kind"] as? String == device.kind.rawValue)
            #expect(entry["profile"] as? String == device.profileId)
            #expect(entry["room"] as? String == device.room, "rooms stay text")
            #expect(entry["bed"] as? String == device.bed)
            #expect(entry["zone"] as? String == device.zone)
            #expect(entry["resident"] as? String == device.residentRef)
            #expect(entry["asset_tag"] as? String == device.assetTag)
            #expect(entry["rental_contract"] as? String == device.rentalContract)
        }
        let profiles = Set(devices.compactMap { $0["profile"] as? String })
        #expect(profiles.isSuperset(of: ["tuya.mir-he200-ty", "alink.vital-sign-radar", "esphome.seeed-mr60bha2", "caregate.hoist"]))
    }

    @Test func listsEveryResidentWithCarePlanFlags() throws {
        let root = try #require(try Yams.load(yaml: fleet.registrySeedYAML()) as? [String: Any])
        let residents = try #require(root["residents"] as? [[String: Any]])
        #expect(residents.count == fleet.residents.count)
        for (entry, resident) in zip(residents, fleet.residents) {
            #expect(entry["ref"] as? String == resident.ref)
            #expect(entry["fall_risk"] as? String == resident.fallRisk.rawValue)
            #expect(entry["exit_risk"] as? Bool == resident.exitRisk)
            #expect(entry["bed_bound"] as? Bool == resident.bedBound)
            #expect(entry["night_window"] as? String == "22:00-06:00")
            #expect((entry["repositioning_hours"] as? Int).map(Double.init) == resident.repositioningHours)
        }
    }

    @Test func optionalKeysAppearOnlyWhereTheyApply() {
        let yaml = Fixtures.everyModel().registrySeedYAML()
        let hoist = yaml.components(separatedBy: "  - id: ho-0001\n")[1].components(separatedBy: "  - id:")[0]
        #expect(!hoist.contains("resident:") && !hoist.contains("bed:"))
        #expect(hoist.contains("asset_tag: CG-HO-0001"))
        #expect(yaml.hasPrefix("# Registry seed"))
    }
}
