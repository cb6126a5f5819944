import CareGateHTTP
import Foundation
import Hummingbird
import Testing

/// Problem documents (RFC 9457) as the API sends them.
struct ProblemTests {
    @Test func theDocumentHasTypeTitleStatusAndDetail() throws {
        let problem = Problem.conflict("alert A1 is already resolved")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(problem.json)) as? [String: Any])
        #expect(json.count == 4)
        #expect(json["type"] as? String == "urn:caregate:problem:conflict")
        #expect(json["title"] as? String == "Conflicts with the current state")
        #expect(json["status"] as? Int == 409)
        #expect(json["detail"] as? String == "alert A1 is already resolved")
    }

    @Test func theResponseIsProblemJSONWithItsHeaders() {
        let response = Problem.unauthorized("no token").response
        #expect(response.status.code == 401)
        #expect(response.headers[.contentType] == "application/problem+json")
        #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="caregate""#)
    }

    @Test func detailsAreEscapedJSON() throws {
        let problem = Problem.badRequest("a \"quoted\"\nline")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(problem.json)) as? [String: Any])
        #expect(json["detail"] as? String == "a \"quoted\"\nline")
    }

    @Test func tooLargeNamesTheLimitAndTheKey() {
        let problem = Problem.contentTooLarge(limit: 4096)
        #expect(problem.status == .contentTooLarge)
        #expect(problem.detail.contains("4096 bytes (http.max_body_bytes)"))
    }
}
