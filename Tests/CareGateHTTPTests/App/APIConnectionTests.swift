import CareGateTestSupport
import Foundation
import Testing

@testable import CareGateApp
@testable import CareGateConsole

/// Where `caregate` finds the API.
struct APIConnectionTests {
    let directory = TemporaryDirectory("connection")

    @Test func theFlagWinsThenThePortFileThenTheListenAddress() throws {
        let portFile = directory.file("http.port")
        #expect(APIConnectionOptions.baseURL(flag: nil, listen: "127.0.0.1:8080", portFile: portFile)?.absoluteString == "http://127.0.0.1:8080/")
        try "40123\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        #expect(APIConnectionOptions.baseURL(flag: nil, listen: "127.0.0.1:0", portFile: portFile)?.absoluteString == "http://127.0.0.1:40123/")
        #expect(APIConnectionOptions.baseURL(flag: "10.1.2.3:9000", listen: "127.0.0.1:0", portFile: portFile)?.absoluteString == "http://10.1.2.3:9000/")
    }

    @Test func wildcardListenAddressesAreReachedThroughLoopback() {
        let none = directory.file("missing")
        #expect(APIConnectionOptions.baseURL(flag: nil, listen: "0.0.0.0:8080", portFile: none)?.absoluteString == "http://127.0.0.1:8080/")
        #expect(APIConnectionOptions.baseURL(flag: nil, listen: "[::]:8080", portFile: none)?.absoluteString == "http://[::1]:8080/")
        #expect(APIConnectionOptions.baseURL(flag: nil, listen: "[::1]:8081", portFile: none)?.absoluteString == "http://[::1]:8081/")
    }

    @Test func theOperatorTokenFileIsCreatedOnceOwnerOnly() throws {
        let path = directory.file("operator.token")
        let token = try OperatorToken.ensure(at: path)
        #expect(token.hasPrefix("cgt_"))
        #expect(try OperatorToken.ensure(at: path) == token)
        #expect(OperatorToken.read(at: path) == token)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
    }
}
