import CareGateCore
import CareGateHTTP
import CareGateTestSupport
import Foundation
import Testing

/// `docs/openapi.yaml` documents exactly the routes the router serves, each with the scope the
/// server enforces.
struct OpenAPICoverageTests {
    /// `METHOD /path` → the operation's `x-scope` ("" when it has none), from the document.
    static func documented() throws -> [String: String] {
        let path = Binaries.repositoryRoot + "/docs/openapi.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let document = YAMLDocument(file: path, text: text)
        let paths = try #require(document.root?.entries()?.first { $0.key == "paths" }?.value.entries())
        var operations: [String: String] = [:]
        for (template, _, item) in paths {
            for (method, _, operation) in item.entries() ?? [] where method != "parameters" {
                let scope = operation.entries()?.first { $0.key == "x-scope" }?.value.string() ?? ""
                operations["\(method.uppercased()) \(template)"] = scope
            }
        }
        #expect(document.issues.isEmpty, "\(document.issues)")
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() async throws {
        let api = try APIHarness()
        let routed = Set(api.server.makeRouter().routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = Set(try Self.documented().keys)
        #expect(routed.count == api.server.routes.count)
        #expect(routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        await api.stop()
    }

    @Test func everyOperationDocumentsTheScopeItsRouteEnforces() async throws {
        let api = try APIHarness()
        let documented = try Self.documented()
        for route in api.server.routes {
            let key = "\(route.method.rawValue) \(route.path)"
            #expect(documented[key] == (route.access.scope?.rawValue ?? ""), "\(key) enforces \(route.access)")
        }
        await api.stop()
    }
}
