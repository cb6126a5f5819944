import CareGateCore
import Testing

@Suite struct YAMLDocumentTests {
    @Test func issueDescriptionIsFileColonLine() {
        let issue = YAMLIssue(file: "caregate.yaml", line: 7, column: 3, message: "unknown key 'x'")
        #expect(issue.description == "caregate.yaml:7: unknown key 'x'")
    }

    @Test func typedReadsReturnValues() throws {
        let document = YAMLDocument(file: "a.yaml", text: """
            name: gateway
            port: 1883
            ratio: 0.5
            enabled: yes
            tags: [a, b]
            """)
        let map = try #require(document.root?.map(knownKeys: ["name", "port", "ratio", "enabled", "tags"]))
        #expect(map.string("name") == "gateway")
        #expect(map.int("port", in: 1...65535) == 1883)
        #expect(map.double("ratio") == 0.5)
        #expect(map.bool("enabled") == true)
        #expect(map.stringList("tags") == ["a", "b"])
        #expect(map.keys == ["name", "port", "ratio", "enabled", "tags"])
        #expect(document.isValid)
    }

    @Test func collectsEveryIssueWithItsLine() {
        let document = YAMLDocument(file: "site.yaml", text: """
            site: home-1
            keepalive_sec: 60
            port: eighty
            limits:
              depth: 99
              colour: red
            """)
        guard let map = document.root?.map(knownKeys: ["site", "keepalive_s", "port", "limits", "broker"]) else {
            Issue.record("root is not a mapping")
            return
        }
        _ = map.int("port")
        _ = map.string("broker", required: true)
        if let limits = map.map("limits", knownKeys: ["depth"]) {
            _ = limits.int("depth", in: 1...64)
        }
        #expect(document.issues.map(\.description) == [
            "site.yaml:2: unknown key 'keepalive_sec' (did you mean 'keepalive_s'?)",
            "site.yaml:3: expected a whole number, found 'eighty'",
            "site.yaml:1: missing key 'broker'",
            "site.yaml:6: unknown key 'colour'",
            "site.yaml:5: 99 is outside 1...64",
        ])
    }

    @Test func noSuggestionWhenNothingIsClose() {
        let document = YAMLDocument(file: "f", text: "zzz: 1\n")
        _ = document.root?.map(knownKeys: ["site", "broker"])
        #expect(document.issues.map(\.message) == ["unknown key 'zzz'"])
    }

    @Test func syntaxErrorBecomesAnIssueAtItsLine() throws {
        let document = YAMLDocument(file: "bad.yaml", text: "a: 1\nb: [1, 2\nc: 3\n")
        #expect(document.root == nil)
        let issue = try #require(document.issues.first)
        #expect(issue.file == "bad.yaml")
        #expect(issue.line >= 2)
        #expect(issue.message.hasPrefix("invalid YAML"))
    }

    @Test func duplicateKeysAreReported() {
        let document = YAMLDocument(file: "dup.yaml", text: "a: 1\nb: 2\na: 3\n")
        #expect(document.root == nil)
        #expect(document.issues.map(\.message) == ["duplicate key 'a'"])
    }

    @Test func emptyFileIsAnIssue() {
        let document = YAMLDocument(file: "empty.yaml", text: "# nothing here\n")
        #expect(document.issues.map(\.description) == ["empty.yaml:1: the file is empty"])
    }

    @Test func scalarsKeepTheirWrittenText() throws {
        let document = YAMLDocument(file: "f", text: "values: [ON, off, 1, '2']\nsingle: uptime\nnothing:\n")
        let map = try #require(document.root?.map(knownKeys: ["values", "single", "nothing"]))
        #expect(map.stringList("values") == ["ON", "off", "1", "2"])
        #expect(map.stringList("single") == ["uptime"])
        #expect(map["nothing"] == nil)
        #expect(!map.has("nothing"))
        #expect(document.isValid)
    }

    @Test func wrongShapesAreReported() throws {
        let document = YAMLDocument(file: "f", text: "a: {x: 1}\nb: [1]\nc: maybe\nd: 1e999\n")
        let map = try #require(document.root?.map(knownKeys: ["a", "b", "c", "d"]))
        #expect(map.string("a") == nil)
        #expect(map.map("b", knownKeys: []) == nil)
        #expect(map.bool("c") == nil)
        #expect(map.double("d") == nil)
        #expect(document.issues.map(\.description) == [
            "f:1: expected a text value, found a mapping",
            "f:2: expected a mapping, found a list",
            "f:3: expected true or false, found 'maybe'",
            "f:4: expected a number, found '1e999'",
        ])
    }

    @Test func entriesKeepFileOrder() throws {
        let document = YAMLDocument(file: "f", text: "rules:\n  b: 1\n  a: 2\n")
        let rules = try #require(document.root?.map(knownKeys: ["rules"])?.value("rules")?.entries())
        #expect(rules.map(\.key) == ["b", "a"])
        #expect(rules.map(\.keyLine) == [2, 3])
    }

    @Test func documentIsFreedOnceNoValueHoldsIt() {
        weak var released: YAMLDocument?
        do {
            let document = YAMLDocument(file: "f", text: "a: 1\n")
            released = document
            #expect(document.root?.map(knownKeys: ["a"])?.int("a") == 1)
        }
        #expect(released == nil)
    }
}
