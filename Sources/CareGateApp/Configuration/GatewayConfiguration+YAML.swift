import CareGateCore
import CareGateMQTT
import Foundation

extension GatewayConfiguration {
    /// The result of reading a configuration file: the configuration (defaults where the file
    /// had problems) and every problem found, each as `file:line: reason`.
    public struct Loaded: Sendable {
        public var configuration: GatewayConfiguration
        public var issues: [YAMLIssue]
        /// Problems with command-line flags, as `--flag: reason`.
        public var flagProblems: [String] = []

        /// Lines of the keys present in the file, dotted (`broker.ca_file`), for later checks.
        public var keyLines: [String: Int] = [:]

        /// Every problem, one line each, file problems first.
        public var problems: [String] { issues.map(\.description) + flagProblems }

        /// The line of a dotted key, or 1 when the file does not set it.
        public func line(of key: String) -> Int { keyLines[key] ?? 1 }
    }

    /// Reads a configuration file's text. Every problem is reported, not just the first.
    public static func parse(file: String, text: String) -> Loaded {
        var configuration = GatewayConfiguration()
        let document = YAMLDocument(file: file, text: text)
        var lines: [String: Int] = [:]
        if let rootValue = document.root, let root = rootValue.map(knownKeys: topLevelKeys) {
            configuration.read(root)
            lines = keyLines(of: rootValue)
        }
        // Reading the key lines walks the mappings a second time; keep each issue once.
        var seen = Set<YAMLIssue>()
        let issues = document.issues.filter { seen.insert($0).inserted }
        return Loaded(configuration: configuration, issues: issues, keyLines: lines)
    }

    /// Reads the file at `path`; a missing or unreadable file is an issue at line 1.
    public static func load(path: String) -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            return Loaded(configuration: GatewayConfiguration(), issues: [YAMLIssue(file: path, line: 1, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Loaded(configuration: GatewayConfiguration(), issues: [YAMLIssue(file: path, line: 1, message: "the file is not UTF-8 text")])
        }
        return parse(file: path, text: text)
    }

    /// The lines of the top-level keys and of their direct children.
    private static func keyLines(of root: YAMLValue) -> [String: Int] {
        guard case .mapping = root.node else { return [:] }
        var lines: [String: Int] = [:]
        for (key, line, value) in root.entries() ?? [] {
            lines[key] = line
            guard case .mapping = value.node else { continue }
            for (child, childLine, _) in value.entries() ?? [] { lines[key + "." + child] = childLine }
        }
        return lines
    }

    static let topLevelKeys = [
        "site", "timezone", "strict_devices", "state_dir", "devices_dir", "registry_seed", "alert_log",
        "broker", "http", "ingest", "alerts", "retention", "usage", "log", "consumers", "bridge",
    ]

    private mutating func read(_ root: YAMLMap) {
        if let value = root.value("site") {
            if let text = value.string() {
                if Self.isValidSiteId(text) { site = text } else { value.report("site '\(text)' must be letters, digits, '-' or '_' (it appears in MQTT topics)") }
            }
        }
        if let value = root.value("timezone"), let text = value.string() {
            if SiteCalendar(identifier: text) != nil { timeZone = text } else { value.report("unknown time zone '\(text)' (use an IANA name such as Asia/Shanghai)") }
        }
        strictDevices = root.bool("strict_devices") ?? strictDevices
        stateDirectory = root.string("state_dir") ?? stateDirectory
        devicesDirectory = root.string("devices_dir") ?? devicesDirectory
        registrySeed = root.string("registry_seed") ?? registrySeed
        alertLog = root.string("alert_log") ?? alertLog
        if let map = root.map("broker", knownKeys: Broker.keys) { broker.read(map) }
        if let map = root.map("http", knownKeys: HTTP.keys) { http.read(map) }
        if let map = root.map("ingest", knownKeys: Ingest.keys) { ingest.read(map) }
        if let map = root.map("alerts", knownKeys: Alerts.keys) { alerts.read(map) }
        if let map = root.map("retention", knownKeys: Retention.keys) { retention.read(map) }
        if let map = root.map("usage", knownKeys: Usage.keys) { usage.read(map) }
        if let list = root.list("consumers") { consumers = Self.readConsumers(list) }
        if let map = root.map("bridge", knownKeys: Bridge.keys) { bridge.read(map) }
        if let map = root.map("log", knownKeys: ["level"]) {
            if let value = map.value("level"), let text = value.string() {
                if Self.logLevels.contains(text) { log.level = text } else { value.report("unknown log level '\(text)' (one of \(Self.logLevels.joined(separator: ", ")))") }
            }
        }
    }

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func isValidSiteId(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

extension GatewayConfiguration.Broker {
    static let keys = [
        "url", "client_id", "username", "password", "password_file", "keepalive_s", "reconnect_min_ms",
        "reconnect_max_ms", "ca_file", "cert_file", "key_file", "tls_insecure", "max_inflight",
    ]

    mutating func read(_ map: YAMLMap) {
        if let value = map.value("url"), let text = value.string() {
            if let problem = GatewayConfiguration.brokerURLProblem(text) { value.report(problem) } else { url = text }
        }
        clientId = map.string("client_id") ?? clientId
        username = map.string("username") ?? username
        password = map.string("password") ?? password
        passwordFile = map.string("password_file") ?? passwordFile
        if password != nil && passwordFile != nil { map.report("give either password or password_file, not both", at: "password_file") }
        keepAliveSeconds = map.int("keepalive_s", in: 5...3600) ?? keepAliveSeconds
        reconnectMinMillis = map.int("reconnect_min_ms", in: 10...60_000) ?? reconnectMinMillis
        reconnectMaxMillis = map.int("reconnect_max_ms", in: 100...600_000) ?? reconnectMaxMillis
        if reconnectMaxMillis < reconnectMinMillis { map.report("reconnect_max_ms is below reconnect_min_ms", at: "reconnect_max_ms") }
        caFile = map.string("ca_file") ?? caFile
        certFile = map.string("cert_file") ?? certFile
        keyFile = map.string("key_file") ?? keyFile
        if (certFile == nil) != (keyFile == nil) { map.report("cert_file and key_file go together", at: certFile == nil ? "key_file" : "cert_file") }
        tlsInsecure = map.bool("tls_insecure") ?? tlsInsecure
        maxInflight = map.int("max_inflight", in: 1...65_535) ?? maxInflight
    }
}

extension GatewayConfiguration.HTTP {
    static let keys = ["listen", "max_body_bytes"]

    mutating func read(_ map: YAMLMap) {
        if let value = map.value("listen"), let text = value.string() {
            if GatewayConfiguration.hostPort(text) == nil { value.report("listen must be HOST:PORT, found '\(text)'") } else { listen = text }
        }
        maxBodyBytes = map.int("max_body_bytes", in: 1024...(64 << 20)) ?? maxBodyBytes
    }
}

extension GatewayConfiguration.Ingest {
    static let keys = ["max_payload_bytes", "max_json_depth", "journal_segment_mib", "batch_rows"]

    mutating func read(_ map: YAMLMap) {
        maxPayloadBytes = map.int("max_payload_bytes", in: 256...(1 << 20)) ?? maxPayloadBytes
        maxJSONDepth = map.int("max_json_depth", in: 2...64) ?? maxJSONDepth
        journalSegmentMiB = map.int("journal_segment_mib", in: 2...256) ?? journalSegmentMiB
        batchRows = map.int("batch_rows", in: 1...10_000) ?? batchRows
    }
}

extension GatewayConfiguration.Usage {
    static let keys = ["finalise_after_s", "gap_keepalives"]

    mutating func read(_ map: YAMLMap) {
        finaliseAfterSeconds = map.int("finalise_after_s", in: 0...86_400 * 7) ?? finaliseAfterSeconds
        gapKeepalives = map.int("gap_keepalives", in: 1...100) ?? gapKeepalives
    }
}

extension GatewayConfiguration.Alerts {
    static let keys = ["night_window", "lanes", "rules"]

    mutating func read(_ map: YAMLMap) {
        if let value = map.value("night_window"), let text = value.string() {
            if let window = NightWindow(parsing: text) { nightWindow = window } else { value.report("night_window must be HH:MM-HH:MM, found '\(text)'") }
        }
        lanes = map.int("lanes", in: 0...256) ?? lanes
        guard let rulesValue = map.value("rules"), let entries = rulesValue.entries() else { return }
        for (rule, keyLine, settingsValue) in entries {
            guard let settings = settingsValue.entries() else { continue }
            var values: [String: Double] = [:]
            for (setting, _, number) in settings {
                if let value = number.double() { values[setting] = value }
            }
            rules[rule] = values
            ruleLines[rule] = keyLine
        }
    }
}

extension GatewayConfiguration {
    /// Why `text` is not a usable broker URL, or nil when it is.
    static func brokerURLProblem(_ text: String) -> String? {
        do {
            _ = try BrokerURL(parsing: text)
            return nil
        } catch {
            return error.message
        }
    }

    /// Splits `HOST:PORT` (port 0...65535).
    public static func hostPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        return (host, port)
    }
}
