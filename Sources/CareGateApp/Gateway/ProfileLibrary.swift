import CareGateCore
import CareGateHTTP
import Foundation

/// Reads every device profile (`*.yaml`) in the devices directory into a catalog. A broken file
/// is reported with `file:line: reason` and left out; the others load.
enum ProfileLibrary {
    struct Loaded: Sendable {
        var catalog: ProfileCatalog
        var issues: [YAMLIssue]
        /// SHA-256 over the profile files' names and contents, to tell whether they changed since.
        var fingerprint: String
    }

    static func load(directory: String) throws -> Loaded {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        var files: [(name: String, text: String)] = []
        var issues: [YAMLIssue] = []
        var fingerprintInput: [UInt8] = []
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                issues.append(YAMLIssue(file: path, line: 1, message: "cannot read the file as UTF-8 text"))
                continue
            }
            files.append((path, text))
            fingerprintInput += Array("\(name)\n\(data.count)\n".utf8) + data
        }
        let (catalog, loadIssues) = ProfileCatalog.load(files: files)
        return Loaded(catalog: catalog, issues: issues + loadIssues, fingerprint: SHA256.hex(SHA256.digest(fingerprintInput)))
    }
}
