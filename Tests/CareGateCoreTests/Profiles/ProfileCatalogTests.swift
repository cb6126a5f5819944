import CareGateCore
import Testing

@Suite struct ProfileCatalogTests {
    /// Two vendors' radars share zigbee2mqtt's one-topic-per-device layout.
    let presenceRadar = """
        id: acme.presence
        kind: fall-radar
        topics:
          - topic: zigbee2mqtt/{deviceId}
            role: telemetry
            fields: [{ path: presence, metric: presence, type: bool }]
        """
    let occupancySensor = """
        id: beta.occupancy
        kind: fall-radar
        topics:
          - topic: zigbee2mqtt/{deviceId}
            role: telemetry
            fields: [{ path: occupancy, metric: presence, type: bool }]
        """

    @Test func literalLevelBeatsPlaceholder() throws {
        let (catalog, _) = try ShippedProfiles.load()
        var decoder = catalog.makeDecoder(site: "home-1")
        let property = decoder.decode(
            "/sys/pk1/radar-1/thing/event/property/post",
            #"{"id":"7","params":{"HeartRate":{"value":60,"time":1795312800000}}}"#)
        let message = try #require(property.message)
        #expect(message.role == .telemetry)
        #expect(message.readings == [Reading("heart_rate", .number(60))])
        let event = try #require(decoder.decode(
            "/sys/pk1/radar-1/thing/event/FallAlarm/post",
            #"{"id":"8","params":{"value":{},"time":1795312800000}}"#).message)
        #expect(event.role == .event)
        #expect(event.events.map(\.type) == ["fall"])
    }

    @Test func unregisteredDeviceGetsTheFirstProfileByIdThatDecodes() throws {
        var decoder = try catalog(occupancySensor, presenceRadar).makeDecoder(site: "home-1")
        #expect(decoder.decode("zigbee2mqtt/0x01", #"{"presence":true}"#).profileId == "acme.presence")
        #expect(decoder.decode("zigbee2mqtt/0x01", #"{"occupancy":true}"#).profileId == "beta.occupancy")
        // Neither decodes: the failure reported is the first profile's.
        let outcome = decoder.decode("zigbee2mqtt/0x01", #"{"presence":"on"}"#)
        #expect(outcome.reason == .wrongType)
        #expect(outcome.profileId == "acme.presence")
    }

    @Test func registeredDeviceUsesOnlyItsProfile() throws {
        var decoder = try catalog(occupancySensor, presenceRadar).makeDecoder(site: "home-1")
        let registered = ["0x02": "beta.occupancy"]
        // acme.presence would decode this, but the device is a beta sensor.
        let outcome = decoder.decode("zigbee2mqtt/0x02", #"{"presence":true}"#, registered: registered)
        #expect(outcome.reason == .empty)
        #expect(outcome.profileId == "beta.occupancy")
        #expect(decoder.decode("zigbee2mqtt/0x02", #"{"occupancy":true}"#, registered: registered).message != nil)
    }

    @Test func registeredProfileThatDoesNotMatchTheTopicIsAMismatch() throws {
        let (catalog, _) = try ShippedProfiles.load()
        var decoder = catalog.makeDecoder(site: "home-1")
        let outcome = decoder.decode(
            "care/home-1/fall-radar/radar-9/telemetry", #"{"props":{"presence":true}}"#,
            registered: ["radar-9": "caregate.wearable"])
        #expect(outcome.reason == .profileMismatch)
        #expect(outcome.deviceId == "radar-9")
        #expect(outcome.profileId == "caregate.wearable")
    }

    @Test func subscriptionFiltersAreMinimalAndDeduplicated() throws {
        let extra = """
            id: acme.everything
            kind: test
            topics:
              - topic: zigbee2mqtt/{anything}/{deviceId}
                role: telemetry
                fields: [{ path: x, metric: x, type: number }]
              - topic: zigbee2mqtt/bridge/{deviceId}
                role: telemetry
                fields: [{ path: x, metric: x, type: number }]
            """
        let filters = try catalog(presenceRadar, occupancySensor, extra).subscriptionFilters
        #expect(filters == ["zigbee2mqtt/+", "zigbee2mqtt/+/+"])
    }

    @Test func shippedSubscriptionFiltersFixTheSite() throws {
        let (catalog, _) = try ShippedProfiles.load()
        let filters = catalog.subscriptionFilters(site: "home-1")
        #expect(filters.contains("care/home-1/fall-radar/+/telemetry"))
        #expect(filters.contains("/sys/+/+/thing/event/+/post"))
        // The literal property topic is covered by the event filter, so it is not subscribed twice.
        #expect(!filters.contains("/sys/+/+/thing/event/property/post"))
        #expect(filters.contains("+/sensor/+/state"))
        #expect(!filters.contains { $0.contains("{") })
        #expect(catalog.subscriptionFilters.contains("care/+/fall-radar/+/telemetry"))
    }

    @Test func duplicateIdsAreReportedAndTheLaterFileSkipped() {
        let (catalog, issues) = ProfileCatalog.load(files: [
            ("a.yaml", presenceRadar),
            ("b.yaml", "# same id\n" + presenceRadar.replacingOccurrences(of: "presence, type", with: "occupied, type")),
        ])
        #expect(catalog.profiles.count == 1)
        #expect(issues.map(\.description) == ["b.yaml:2: profile id 'acme.presence' is already used by a.yaml; this file is skipped"])
    }

    @Test func brokenFileIsSkippedOthersLoad() {
        let (catalog, issues) = ProfileCatalog.load(files: [("bad.yaml", "id: [oops\n"), ("good.yaml", presenceRadar)])
        #expect(catalog.profiles.map(\.id) == ["acme.presence"])
        #expect(issues.count == 1)
        #expect(issues.first?.file == "bad.yaml")
        #expect(catalog.profile(id: "acme.presence")?.file == "good.yaml")
        #expect(catalog.profile(id: "nope") == nil)
    }
}
