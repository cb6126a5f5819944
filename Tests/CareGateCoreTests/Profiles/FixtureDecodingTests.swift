import CareGateCore
import Testing

/// Every fixture payload decodes through the shipped profiles to exactly the expected readings,
/// events, availability, ignore or quarantine reason.
@Suite struct FixtureDecodingTests {
    @Test func everyShippedProfileHasFixtures() throws {
        let (catalog, _) = try ShippedProfiles.load()
        #expect(Set(DecoderFixture.names()) == Set(catalog.profiles.map(\.id)))
    }

    @Test(arguments: DecoderFixture.names())
    func fixturesDecodeAsExpected(name: String) throws {
        let fixture = try DecoderFixture.load(name)
        let (catalog, issues) = try ShippedProfiles.load()
        #expect(issues.isEmpty)
        var decoder = catalog.makeDecoder(site: fixture.site)
        #expect(!fixture.cases.isEmpty)
        for item in fixture.cases {
            let outcome = decoder.decode(
                item.topic, item.payload, qos: item.qos ?? 1, retained: item.retained ?? false,
                receivedAt: fixture.receivedAt)
            check(outcome, item, fixture)
        }
    }

    private func check(_ outcome: DecodeOutcome, _ item: DecoderFixture.Case, _ fixture: DecoderFixture) {
        let label = Comment(rawValue: "\(fixture.profile): \(item.name) → \(outcome)")
        #expect(outcome.deviceId == item.device, label)
        if let reason = item.reason {
            #expect(outcome.reason?.rawValue == reason, label)
            return
        }
        if item.ignored == true {
            #expect(outcome.isIgnored, label)
            #expect(outcome.profileId == fixture.profile, label)
            return
        }
        guard let message = outcome.message else {
            Issue.record(Comment(rawValue: "expected a message: \(label.rawValue)"))
            return
        }
        #expect(message.profileId == fixture.profile, label)
        #expect(message.role.rawValue == item.role, label)
        #expect(message.topic == item.topic, label)
        #expect(message.retained == (item.retained ?? false), label)
        #expect(message.qos == (item.qos ?? 1), label)
        #expect(message.receivedAt == fixture.receivedAt, label)
        #expect(message.stampedByGateway == (item.stamped ?? false), label)
        #expect(message.sourceTs == (item.ts ?? fixture.receivedAt), label)
        #expect(message.seq == item.seq, label)
        #expect(message.online == item.online, label)
        let readings = Dictionary(message.readings.map { ($0.metric, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(message.readings.count == readings.count, label)
        #expect(readings == (item.readings ?? [:]), label)
        let expectedEvents = (item.events ?? []).map { event in
            DeviceEvent(
                type: event.type, data: (event.data ?? [:]).map { Reading($0.key, $0.value) }.sorted { $0.metric < $1.metric },
                derivedFrom: event.derivedFrom)
        }
        let events = message.events.map { event in
            DeviceEvent(type: event.type, data: event.data.sorted { $0.metric < $1.metric }, derivedFrom: event.derivedFrom)
        }
        #expect(events == expectedEvents, label)
    }
}
