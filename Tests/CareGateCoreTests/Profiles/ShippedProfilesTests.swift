import CareGateCore
import Testing

@Suite struct ShippedProfilesTests {
    @Test func everyShippedProfileLoadsWithoutIssues() throws {
        let files = try ShippedProfiles.files()
        #expect(files.count >= 11)
        let (catalog, issues) = try ShippedProfiles.load()
        #expect(issues.map(\.description) == [])
        #expect(catalog.profiles.count == files.count)
    }

    @Test func nativeProfilesCoverEveryKnownKind() throws {
        let (catalog, _) = try ShippedProfiles.load()
        for kind in DeviceKind.known {
            let profile = try #require(catalog.profile(id: "caregate.\(kind.rawValue)"), "\(kind)")
            #expect(profile.kind == kind)
            let roles = Set(profile.topics.map(\.role))
            #expect(roles.isSuperset(of: [.telemetry, .state, .event, .availability]), "\(kind)")
            #expect(profile.topics.allSatisfy { $0.pattern.description.hasPrefix("care/{site}/\(kind.rawValue)/{deviceId}/") })
        }
    }
}
