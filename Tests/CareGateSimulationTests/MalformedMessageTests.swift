import CareGateCore
import CareGateSimulation
import Foundation
import Testing

@Suite struct MalformedMessageTests {
    let fleet = Fixtures.everyModel()
    let limits = DecodeLimits(maxPayloadBytes: 4_096, maxDepth: 8)

    func make(_ reason: QuarantineReason, _ deviceId: String?, seed: UInt64 = 1) -> SimulatedMessage {
        let factory = MalformedMessageFactory(site: "sh-01", limits: limits, start: Fixtures.night)
        var random = SimulationRandom(seed: seed)
        return factory.make(
            reason, device: deviceId.flatMap(fleet.device(id:)), at: Fixtures.night + 5_000, seq: 77, random: &random)
    }

    func variants(_ reason: QuarantineReason, _ deviceId: String?) -> [SimulatedMessage] {
        (1...24).map { make(reason, deviceId, seed: $0) }
    }

    @Test func everyMessageCarriesItsReason() {
        for reason in MalformedMessageFactory.reasons {
            let message = make(reason, reason == .noProfile ? nil : "vr-0001")
            #expect(message.expected == .quarantined(reason))
            #expect(message.offset == 5_000)
        }
    }

    @Test func malformedIsNotJSON() {
        for device in ["vr-0001", "tuya-0001", "alink-0001"] {
            for message in variants(.malformed, device) {
                #expect(Fixtures.object(message) == nil, "\(Fixtures.text(message))")
                #expect(String(validating: message.payload, as: UTF8.self) != nil)
            }
        }
    }

    @Test func notUTF8FailsUTF8ValidationOnly() {
        for message in variants(.notUTF8, "fr-0001") + variants(.notUTF8, "wc-0001") {
            #expect(String(validating: message.payload, as: UTF8.self) == nil)
            #expect(message.payload.count < limits.maxPayloadBytes)
            #expect(Fixtures.depth(message.payload) <= limits.maxDepth)
        }
    }

    @Test func oversizedExceedsTheCapAndIsOtherwiseValid() {
        for message in variants(.oversized, "w-0001") {
            #expect(message.payload.count > limits.maxPayloadBytes)
            #expect(Fixtures.object(message)?["seq"] as? Int == 77)
        }
    }

    @Test func tooDeepNestsPastTheCapWithinTheSizeCap() {
        for message in variants(.tooDeep, "bed-0001") {
            #expect(Fixtures.depth(message.payload) > limits.maxDepth)
            #expect(message.payload.count <= limits.maxPayloadBytes)
            #expect(Fixtures.object(message) != nil, "well-formed apart from its depth")
        }
    }

    @Test func wrongTypePutsAStringWhereANumberBelongs() {
        let message = make(.wrongType, "vr-0001")
        #expect(message.props?["heart_rate"] as? String == "68")
        #expect(make(.wrongType, "wc-0001").props?["speed"] is String)
    }

    @Test func outOfRangeAndUnknownValuesAreThere() {
        let vitals = variants(.outOfRange, "vr-0001").compactMap(\.props)
        #expect(vitals.allSatisfy { ($0["heart_rate"] as? Int) == 900 || ($0["resp_rate"] as? Int) == 95 })
        #expect(variants(.outOfRange, "w-0001").contains { $0.props?["spo2"] as? Int == 140 })
        let postures = variants(.unknownValue, "fr-0001").compactMap { $0.props }
        #expect(postures.contains { ["flying", "dancing"].contains($0["posture"] as? String ?? $0["motion"] as? String ?? "") })
        let tuya = make(.unknownValue, "tuya-0001")
        #expect(tuya.topic == "zigbee2mqtt/tuya-0001" && Fixtures.object(tuya)?["motion_direction"] as? String == "sideways")
    }

    @Test func missingFieldIsAnEventWithoutType() {
        let message = make(.missingField, "cb-0001")
        #expect(message.topic == "care/sh-01/call-button/cb-0001/event")
        let object = Fixtures.object(message)
        #expect(object != nil && object?["type"] == nil && object?["data"] != nil)
    }

    @Test func topicsThatNoProfileOrAnotherSiteOwns() {
        let orphans = variants(.noProfile, nil).map(\.topic)
        #expect(Set(orphans) == ["care/sh-01/toaster/toaster-0001/telemetry", "care/sh-01/door"])
        #expect(make(.noProfile, "fr-0001").topic == "care/sh-01/fall-radar/fr-0001/diagnostics")
        #expect(make(.siteMismatch, "fr-0001").topic == "care/elsewhere/fall-radar/fr-0001/telemetry")
        #expect(MalformedMessageFactory(site: "elsewhere", start: 0).foreignSite != "elsewhere")
    }

    @Test func badTimestampsAreBefore2000OrFarAhead() {
        let year2000: EpochMillis = 946_684_800_000
        for message in variants(.badTimestamp, "vr-0001") {
            let ts = Fixtures.object(message)?["ts"] as? Int64 ?? 0
            #expect(ts < year2000 || ts > Fixtures.night + 5_000 + 86_400_000)
        }
    }

    @Test func emptyHasAnEnvelopeButNoReading() {
        let message = make(.empty, "ho-0001")
        #expect(Fixtures.text(message) == #"{"ts":1795287305000,"seq":77,"props":{}}"#)
    }

    @Test func eligibilityFollowsTheProfiles() {
        let factory = MalformedMessageFactory(site: "sh-01", start: 0)
        #expect(!factory.canTarget(.wrongType, model: .fallRadar), "a radar has no number to break")
        #expect(factory.canTarget(.unknownValue, model: .tuyaFallRadar))
        #expect(!factory.canTarget(.empty, model: .esphomeVitalsRadar))
        #expect(!factory.canTarget(.outOfRange, model: .callButton), "its battery range is not fixed by the contract")
    }

    @Test func streamSharesAndDuplicates() throws {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 4)
        let messages = try Fixtures.run(fleet, Fixtures.plan(length: .count(20_000), malformed: 0.05, duplicates: 0.02))
        let summary = SimulationSummary(messages)
        #expect((800...1_200).contains(summary.quarantinedTotal))
        #expect((250...550).contains(summary.duplicates))
        var seen = Set<[UInt8]>()
        for message in messages {
            if case .duplicate(let id) = message.expected {
                #expect(seen.contains(message.payload), "a duplicate re-sends an earlier payload")
                #expect(message.deviceId == id && !message.retain)
                #expect(!message.topic.hasPrefix("zigbee2mqtt/") && !message.topic.hasPrefix("esp-"), "only messages with a seq")
            } else if message.isValid {
                seen.insert(message.payload)
            }
        }
    }
}
