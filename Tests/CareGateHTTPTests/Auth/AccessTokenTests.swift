import CareGateHTTP
import Testing

struct AccessTokenTests {
    @Test func tokensAreRandomPrefixedAndHashedToTheirSHA256() {
        let tokens = (0..<100).map { _ in AccessToken.generate() }
        #expect(Set(tokens).count == 100)
        for token in tokens {
            #expect(token.hasPrefix("cgt_"))
            #expect(token.count == 4 + 64)
            #expect(token.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
        #expect(AccessToken.hash(tokens[0]) == SHA256.hex(tokens[0]))
        #expect(AccessToken.hash(tokens[0]) != AccessToken.hash(tokens[1]))
    }

    @Test func constantTimeComparisonIsPlainEquality() {
        let a = SHA256.digest(Array("a".utf8))
        var b = a
        #expect(AccessToken.constantTimeEquals(a, b))
        b[31] ^= 1
        #expect(!AccessToken.constantTimeEquals(a, b))
        b = a
        b[0] ^= 0x80
        #expect(!AccessToken.constantTimeEquals(a, b))
        #expect(!AccessToken.constantTimeEquals(a, Array(a.dropLast())))
        #expect(AccessToken.constantTimeEquals([], []))
    }

    @Test func bearerHeaderParsing() {
        #expect(AccessToken.bearer(in: "Bearer cgt_abc") == "cgt_abc")
        #expect(AccessToken.bearer(in: "bearer   cgt_abc") == "cgt_abc")
        #expect(AccessToken.bearer(in: "Basic dXNlcjpwYXNz") == nil)
        #expect(AccessToken.bearer(in: "Bearer") == nil)
        #expect(AccessToken.bearer(in: "cgt_abc") == nil)
    }
}
