import CareGateMQTT
import Testing

@Suite struct ReconnectBackoffTests {
    @Test func ceilingDoublesFromTheMinimumUpToTheCap() {
        let backoff = ReconnectBackoff(minimumDelay: .milliseconds(100), maximumDelay: .seconds(2))
        let ceilings = (0 ..< 7).map { backoff.ceiling(forAttempt: $0) }
        #expect(ceilings == [100, 200, 400, 800, 1600, 2000, 2000].map { Duration.milliseconds($0) })
        #expect(backoff.ceiling(forAttempt: 10_000) == .seconds(2))
    }

    @Test func everyDelayIsWithinItsCeiling() {
        let backoff = ReconnectBackoff()
        var generator = SplitMix64(seed: 42)
        for attempt in 0 ..< 200 {
            let delay = backoff.delay(forAttempt: attempt, using: &generator)
            #expect(delay >= .zero)
            #expect(delay <= backoff.ceiling(forAttempt: attempt))
        }
    }

    @Test func delaysAreJitteredAcrossTheWholeWindow() {
        // Full jitter: clients that lost the same broker must not come back on the same tick.
        let backoff = ReconnectBackoff()
        var generator = SplitMix64(seed: 7)
        let delays = (0 ..< 1000).map { _ in backoff.delay(forAttempt: 8, using: &generator) }
        #expect(Set(delays).count > 990)
        #expect(delays.contains { $0 < .milliseconds(200) })
        #expect(delays.contains { $0 > .milliseconds(1800) })
    }

    @Test func systemGeneratorDelaysStayWithinTheirCeilings() {
        let backoff = ReconnectBackoff()
        for attempt in 0 ..< 100 {
            let delay = backoff.delay(forAttempt: attempt)
            #expect(delay >= .zero && delay <= backoff.ceiling(forAttempt: attempt))
        }
    }

    @Test func sameSeedGivesTheSameSchedule() {
        let backoff = ReconnectBackoff()
        var first = SplitMix64(seed: 3)
        var second = SplitMix64(seed: 3)
        let a = (0 ..< 10).map { backoff.delay(forAttempt: $0, using: &first) }
        let b = (0 ..< 10).map { backoff.delay(forAttempt: $0, using: &second) }
        #expect(a == b)
    }

    @Test func hugeMinimumDoesNotOverflow() {
        let backoff = ReconnectBackoff(minimumDelay: .seconds(1_000_000), maximumDelay: .seconds(2_000_000))
        #expect(backoff.ceiling(forAttempt: 40) == .seconds(2_000_000))
    }
}
