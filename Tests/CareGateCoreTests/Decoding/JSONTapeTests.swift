import CareGateCore
import Testing

@Suite struct JSONTapeTests {
    @Test func nativeTelemetryParsesAndPathsResolve() throws {
        let json = #"{"ts":1795312800123,"seq":42,"props":{"presence":true,"posture":"lying","heart_rate":72.5}}"#
        try withTape(json) { tape in
            #expect(tape.kind(0) == .object)
            #expect(tape[0].length == 3)
            #expect(tape.find(JSONPath("ts")!).flatMap(tape.int64) == 1_795_312_800_123)
            #expect(tape.find(JSONPath("seq")!).flatMap(tape.int64) == 42)
            #expect(tape.find(JSONPath("props.presence")!).flatMap(tape.bool) == true)
            #expect(tape.find(JSONPath("props.posture")!).map(tape.string) == "lying")
            #expect(tape.find(JSONPath("props.heart_rate")!).flatMap(tape.number) == 72.5)
            #expect(tape.find(JSONPath("props.missing")!) == nil)
            #expect(tape.find(JSONPath("ts.deeper")!) == nil)
        }
    }

    @Test func arraysIndexAndWildcardsPickTheFirstMatch() throws {
        let json = #"{"r":[{"v":1},{"v":2,"w":null},{"w":3}],"params":{"A":{"x":1},"B":{"time":99},"C":{"time":7}}}"#
        try withTape(json) { tape in
            #expect(tape.find(JSONPath("r.1.v")!).flatMap(tape.number) == 2)
            #expect(tape.find(JSONPath("r.3.v")!) == nil)
            #expect(tape.find(JSONPath("r.*.w")!).flatMap(tape.number) == 3)
            #expect(tape.find(JSONPath("params.*.time")!).flatMap(tape.number) == 99)
            #expect(tape.find(JSONPath("*")!).map(tape.kind) == .array)
            #expect(tape.find(JSONPath("")!) == 0)
        }
    }

    @Test func nullIsReturnedAsANullToken() throws {
        try withTape(#"{"a":null}"#) { tape in
            #expect(tape.find(JSONPath("a")!).map(tape.kind) == .null)
        }
    }

    @Test func invalidPathsAreRejected() {
        #expect(JSONPath("a..b") == nil)
        #expect(JSONPath(".a") == nil)
        #expect(JSONPath("a.") == nil)
        #expect(JSONPath("a.b")?.description == "a.b")
    }

    @Test func escapesAreResolvedOnlyWhenRead() throws {
        let json = #"{"k\"ey":"a\"b\\c\/d\b\f\n\r\t","u":"caf\u00e9 \ud83d\ude00","plain":"x"}"#
        try withTape(json) { tape in
            let value = try #require(tape.find(JSONPath(#"k"ey"#)!))
            #expect(tape[value].flag)
            #expect(tape.string(value) == "a\"b\\c/d\u{8}\u{c}\n\r\t")
            let unicode = try #require(tape.find(JSONPath("u")!))
            #expect(tape.string(unicode) == "café 😀")
            #expect(tape.stringEquals(unicode, Array("café 😀".utf8)))
            let plain = try #require(tape.find(JSONPath("plain")!))
            #expect(!tape[plain].flag)
            #expect(tape.stringEquals(plain, Array("x".utf8)))
            #expect(!tape.stringEquals(plain, Array("xy".utf8)))
        }
    }

    @Test func rawUTF8InStringsIsKept() throws {
        try withTape(#"{"zone":"卧室"}"#) { tape in
            #expect(tape.find(JSONPath("zone")!).map(tape.string) == "卧室")
        }
    }

    @Test func whitespaceEverywhereIsAccepted() throws {
        try withTape(" \t\r\n{ \"a\" : [ 1 , { } , [ ] , \"\" ] , \"b\" : { } }\n ") { tape in
            let array = try #require(tape.find(JSONPath("a")!))
            #expect(tape[array].length == 4)
            #expect(Array(tape.elements(of: array)).map(tape.kind) == [.number, .object, .array, .string])
            #expect(tape.find(JSONPath("b")!).map(tape.kind) == .object)
            #expect(Array(tape.members(of: 0)).map(tape.string) == ["a", "b"])
        }
    }

    @Test func scalarRootsParse() throws {
        #expect(try withTape("72.50") { $0.number(0) } == 72.5)
        #expect(try withTape("\"online\"") { $0.string(0) } == "online")
        #expect(try withTape("true") { $0.bool(0) } == true)
        #expect(try withTape("null") { $0.kind(0) } == .null)
    }

    @Test func deepButLegalNestingParses() throws {
        let json = String(repeating: "[", count: 16) + "1" + String(repeating: "]", count: 16)
        try withTape(json) { tape in
            #expect(tape.count == 17)
            #expect(tape[0].next == 17)
        }
    }

    @Test func tooDeepNestingFails() {
        let json = String(repeating: "[", count: 17) + String(repeating: "]", count: 17)
        #expect(parseFailure(json)?.reason == .tooDeep)
        let objects = String(repeating: #"{"a":"#, count: 5) + "1" + String(repeating: "}", count: 5)
        #expect(parseFailure(objects, maxDepth: 4)?.reason == .tooDeep)
        #expect(parseFailure(objects, maxDepth: 5) == nil)
        // A hostile payload far past the cap fails fast and never recurses.
        #expect(parseFailure(String(repeating: "[", count: 100_000))?.reason == .tooDeep)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":1}x", "{} {}", "[1 2]",
        "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"a\u{01}b\"", "\"tab\there\"", "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity",
        "tru", "nul", "falsey", "[\"a\"}", "{\"a\":1]", "'a'",
    ])
    func malformedInputIsRejected(json: String) {
        #expect(parseFailure(json)?.reason == .malformed, "\(json.debugDescription)")
    }

    @Test func failureDetailNamesTheByteOffset() {
        #expect(parseFailure(#"{"a":1,}"#)?.detail == "expected a quoted key at byte 7")
        #expect(parseFailure(#"{"a":1} x"#)?.detail == "unexpected data after the JSON value at byte 8")
    }

    @Test func reusedTapeForgetsThePreviousDocument() throws {
        var tape = JSONTape()
        let first = Array(#"{"a":[1,2,3,4,5]}"#.utf8)
        let second = Array(#"{"b":1}"#.utf8)
        try first.withUnsafeBytes { try tape.parse($0, maxDepth: 16) }
        try second.withUnsafeBytes { bytes in
            try tape.parse(bytes, maxDepth: 16)
            #expect(tape.count == 3)
            #expect(tape.find(JSONPath("a")!) == nil)
            #expect(tape.find(JSONPath("b")!).flatMap(tape.number) == 1)
        }
    }
}
