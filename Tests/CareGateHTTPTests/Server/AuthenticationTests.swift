import CareGateTestSupport
import Synchronization
import Testing

@testable import CareGateHTTP

/// Every endpoint's access rule, through real HTTP.
@Suite(.timeLimit(.minutes(1)))
struct AuthenticationTests {
    @Test func noTokenIs401WithAChallengeAndAProblemDocument() async throws {
        let api = try APIHarness()
        let response = try await api.client(nil).send("GET", "/v1/telemetry")
        #expect(response.status == 401)
        #expect(response.headers["www-authenticate"] == #"Bearer realm="caregate""#)
        #expect(response.headers["content-type"] == "application/problem+json")
        let problem = try #require(response.json)
        #expect(problem["type"] as? String == "urn:caregate:problem:unauthorized")
        #expect(problem["status"] as? Int == 401)
        #expect((problem["detail"] as? String)?.contains("Authorization: Bearer") == true)
        await api.stop()
    }

    @Test func anUnknownTokenIs401InvalidToken() async throws {
        let api = try APIHarness()
        let response = try await api.client("cgt_guess").send("GET", "/v1/alerts")
        #expect(response.status == 401)
        #expect(response.headers["www-authenticate"]?.contains(#"error="invalid_token""#) == true)
        await api.stop()
    }

    @Test func aTokenWithoutTheScopeIs403NamingTheScope() async throws {
        let api = try APIHarness()
        let platform = try await api.consumer("city", [.telemetryRead])
        #expect(try await platform.send("GET", "/v1/telemetry").status == 200)
        let refused = try await platform.send("POST", "/v1/alerts/A1/ack", body: #"{"by":"n1"}"#)
        #expect(refused.status == 403)
        #expect((refused.json?["detail"] as? String)?.contains("alerts:write") == true)
        #expect(try await platform.send("GET", "/v1/status").status == 403)
        #expect(try await platform.send("GET", "/v1/devices").status == 403)
        await api.stop()
    }

    @Test func healthNeedsNoTokenAndReportsReadiness() async throws {
        let api = try APIHarness()
        let anonymous = try await api.client(nil)
        let ready = try await anonymous.send("GET", "/health")
        #expect(ready.status == 200)
        #expect(ready.json?["ready"] as? Bool == true)
        api.monitor.problems.withLock { $0 = ["not connected and subscribed to the broker (disconnected)"] }
        let notReady = try await anonymous.send("GET", "/health")
        #expect(notReady.status == 503)
        #expect(notReady.json?["status"] as? String == "degraded")
        #expect((notReady.json?["reasons"] as? [String])?.first?.contains("broker") == true)
        await api.stop()
    }

    @Test func metricsNeedNoTokenFromThisMachine() async throws {
        let api = try APIHarness()
        let response = try await api.client(nil).send("GET", "/metrics")
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(response.text.contains("caregate_test_total 1"))
        await api.stop()
    }

    @Test func loopbackIsRecognisedForIPv4IPv6AndMappedAddresses() {
        #expect(APIRequestContext.isLoopback("127.0.0.1"))
        #expect(APIRequestContext.isLoopback("127.8.9.10"))
        #expect(APIRequestContext.isLoopback("::1"))
        #expect(APIRequestContext.isLoopback("::ffff:127.0.0.1"))
        #expect(!APIRequestContext.isLoopback("10.0.0.5"))
        #expect(!APIRequestContext.isLoopback("::ffff:10.0.0.5"))
        #expect(!APIRequestContext.isLoopback(nil))
    }

    @Test func unknownPathsAreProblemDocuments() async throws {
        let api = try APIHarness()
        let response = try await api.admin().send("GET", "/v1/nothing-here")
        #expect(response.status == 404)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect((response.json?["detail"] as? String)?.contains("GET /v1/nothing-here") == true)
        await api.stop()
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        let api = try APIHarness()
        let body = #"{"stream":"telemetry","cursor":0,"pad":""# + String(repeating: "x", count: 5000) + #""}"#
        let response = try await api.admin().send("POST", "/v1/consumers/operator/commit", body: body)
        #expect(response.status == 413)
        #expect(response.json?["type"] as? String == "urn:caregate:problem:content-too-large")
        await api.stop()
    }
}
