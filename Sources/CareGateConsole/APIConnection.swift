import ArgumentParser
import CareGateApp
import CareGateHTTP
import Foundation

/// Where the CLI finds the API and its token.
///
/// The address: `--http HOST:PORT`; else the port the running daemon wrote to
/// `<state_dir>/http.port` on the host of `http.listen`; else `http.listen` itself. A wildcard
/// listen host (`0.0.0.0`, `::`) is reached through loopback. The token: `--token`; else
/// `$CAREGATE_TOKEN`; else the daemon's `<state_dir>/operator.token` (readable by root and the
/// service user).
public struct APIConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "API token (default: $CAREGATE_TOKEN, else <state_dir>/operator.token).")
    public var token: String?

    public init() {}

    /// A client for the gateway `options` describe.
    public func client(_ options: GatewayOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIClient {
        let loaded = options.resolve()
        guard loaded.problems.isEmpty else {
            throw ValidationError(loaded.problems.joined(separator: "\n"))
        }
        let configuration = loaded.configuration
        let paths = GatewayPaths(stateDirectory: configuration.stateDirectory)
        guard let url = Self.baseURL(flag: options.http, listen: configuration.http.listen, portFile: paths.httpPort) else {
            throw ValidationError("cannot tell where the API listens; pass --http HOST:PORT")
        }
        let token = self.token ?? environment["CAREGATE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? OperatorToken.read(at: paths.operatorToken)
        guard let token else {
            throw ValidationError(
                "no API token: run as root or the caregate user (to read \(paths.operatorToken)), or pass --token / set CAREGATE_TOKEN")
        }
        return APIClient(baseURL: url, token: token)
    }

    /// The API's base URL from the `--http` flag, the daemon's port file and `http.listen`.
    static func baseURL(flag: String?, listen: String, portFile: String) -> URL? {
        var address = flag.flatMap(Gateway.listenAddress) ?? Gateway.listenAddress(listen)
        if flag == nil, let text = try? String(contentsOfFile: portFile, encoding: .utf8),
            let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            address?.port = port
        }
        guard let (host, port) = address else { return nil }
        let reachable = switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::": "::1"
        default: host
        }
        let hostPart = reachable.contains(":") ? "[\(reachable)]" : reachable
        return URL(string: "http://\(hostPart):\(port)/")
    }
}
