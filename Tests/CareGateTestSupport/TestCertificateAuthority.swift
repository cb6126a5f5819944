import Foundation

/// A throw-away certificate authority made with the `openssl` command, with a server certificate
/// for 127.0.0.1 and a client certificate, for TLS tests against a real broker.
///
/// EC P-256 keys keep generation to a few milliseconds; the files live as long as the value.
public struct TestCertificateAuthority: Sendable {
    public let directory: TemporaryDirectory
    public var caFile: String { directory.file("ca.pem") }
    public var serverCertificate: String { directory.file("server.pem") }
    public var serverKey: String { directory.file("server.key") }
    public var clientCertificate: String { directory.file("client.pem") }
    public var clientKey: String { directory.file("client.key") }

    public static func make() async throws -> TestCertificateAuthority {
        let authority = TestCertificateAuthority(directory: TemporaryDirectory("caregate-tls"))
        try await authority.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", authority.directory.file("ca.key"), "-out", authority.caFile, "-days", "2", "-subj", "/CN=CareGate Test CA",
        ])
        try await authority.issue(name: "server", subject: "/CN=127.0.0.1", extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost")
        try await authority.issue(name: "client", subject: "/CN=gateway", extensions: "extendedKeyUsage=clientAuth")
        return authority
    }

    /// A key and a certificate for it signed by this authority, as NAME.key and NAME.pem.
    private func issue(name: String, subject: String, extensions: String) async throws {
        let extensionsFile = directory.file("\(name).ext")
        try extensions.write(toFile: extensionsFile, atomically: true, encoding: .utf8)
        try await openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", directory.file("\(name).key"), "-out", directory.file("\(name).csr"), "-subj", subject,
        ])
        try await openssl([
            "x509", "-req", "-in", directory.file("\(name).csr"), "-CA", caFile, "-CAkey", directory.file("ca.key"),
            "-CAcreateserial", "-out", directory.file("\(name).pem"), "-days", "2", "-extfile", extensionsFile,
        ])
    }

    private func openssl(_ arguments: [String]) async throws {
        let tool = try ChildProcess("/usr/bin/openssl", arguments, standardErrorPath: directory.file("openssl.log"))
        guard await tool.wait() == 0 else {
            throw ChildProcess.Failure(description: "openssl \(arguments.first ?? "") failed; see \(directory.file("openssl.log"))")
        }
    }
}
