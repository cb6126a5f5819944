import CareGateCore
import CareGateHTTP
import Foundation

/// Everything `caregated` is configured with: one YAML file (default
/// `/etc/caregate/caregate.yaml`), every key optional, overridden by the common command-line
/// flags. `config/caregate.yaml` in the repository lists every key with its default and meaning.
///
/// With no file at all the built-in defaults below apply, so
/// `caregated --broker mqtt://127.0.0.1:1883 --state-dir /tmp/x` just runs.
public struct GatewayConfiguration: Sendable, Hashable {
    /// `site`: the site id in every topic (`care/{site}/...`) and record.
    public var site = "site-1"
    /// `timezone`: the site's zone for night windows and daily metering (IANA name).
    public var timeZone = "Asia/Shanghai"
    /// `strict_devices`: quarantine messages from devices not in the registry instead of
    /// registering them as `unassigned`.
    public var strictDevices = false
    /// `state_dir`: SQLite databases, the ingest journal and the operator token.
    public var stateDirectory = "/var/lib/caregate"
    /// `devices_dir`: the device profiles. Default: `/usr/share/caregate/devices` when installed,
    /// else `./Devices` (running from a checkout).
    public var devicesDirectory = GatewayConfiguration.defaultDevicesDirectory()
    /// `registry_seed`: a YAML file of residents and devices loaded at start and on SIGHUP.
    public var registrySeed: String?
    /// `alert_log`: one JSON line per alert transition, reopened on SIGHUP.
    public var alertLog = "/var/log/caregate/alerts.jsonl"
    public var broker = Broker()
    public var http = HTTP()
    public var ingest = Ingest()
    public var alerts = Alerts()
    public var retention = Retention()
    public var usage = Usage()
    public var bridge = Bridge()
    public var log = Log()
    /// `consumers:` platforms allowed to use the HTTP API, each with a token kept only as its
    /// SHA-256 (see `GatewayConfiguration+Consumers`).
    public var consumers: [ConsumerDeclaration] = []

    public init() {}

    /// `broker:` the site's MQTT broker.
    public struct Broker: Sendable, Hashable {
        /// `url`: `mqtt://HOST:PORT`, or `mqtts://HOST:PORT` for TLS.
        public var url = "mqtt://127.0.0.1:1883"
        /// `client_id`: stable, so the broker keeps the gateway's persistent session.
        /// Default `caregate-<site>`.
        public var clientId: String?
        /// `username` / `password` (or `password_file`, whose first line is the password).
        public var username: String?
        public var password: String?
        public var passwordFile: String?
        /// `keepalive_s`: MQTT keep-alive.
        public var keepAliveSeconds = 30
        /// `reconnect_min_ms` / `reconnect_max_ms`: jittered exponential backoff bounds. The
        /// maximum is small because the bar is reconnecting within 2 s of the broker's return.
        public var reconnectMinMillis = 100
        public var reconnectMaxMillis = 2000
        /// `ca_file`, `cert_file`, `key_file`: TLS trust and optional client certificate.
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        /// `tls_insecure`: skip host name verification (test brokers only).
        public var tlsInsecure = false
        /// `max_inflight`: QoS 1 messages in flight to the gateway at once.
        public var maxInflight = 1000

        public init() {}
    }

    /// `http:` the API for platforms and operators.
    public struct HTTP: Sendable, Hashable {
        /// `listen`: `HOST:PORT`; bound to loopback unless configured otherwise. Port 0 picks a
        /// free port (written to `<state_dir>/http.port`).
        public var listen = "127.0.0.1:8080"
        /// `max_body_bytes`: request bodies larger than this are refused with 413.
        public var maxBodyBytes = 1 << 20

        public init() {}
    }

    /// `ingest:` decoding limits and the write path.
    public struct Ingest: Sendable, Hashable {
        /// `max_payload_bytes`: larger payloads are quarantined as `oversized`.
        public var maxPayloadBytes = 16_384
        /// `max_json_depth`: deeper JSON is quarantined as `too_deep`.
        public var maxJSONDepth = 16
        /// `journal_segment_mib`: size of each ingest journal file.
        public var journalSegmentMiB = 8
        /// `batch_rows`: most rows per buffer transaction. The writer never waits for a batch to
        /// fill: it commits whatever is there, so batches grow only under load.
        public var batchRows = 256

        public init() {}
    }

    /// `alerts:` site-wide alert settings.
    public struct Alerts: Sendable, Hashable {
        /// `night_window`: default night for residents without their own (`HH:MM-HH:MM`, local).
        public var nightWindow = NightWindow.standard
        /// `lanes`: serial alert lanes; 0 means one per processor core.
        public var lanes = 0
        /// `rules`: per-rule setting overrides, `rule: { setting: number }` (see alerts.md).
        public var rules: [String: [String: Double]] = [:]
        /// Lines of each rule override in the file, for reporting invalid names.
        public var ruleLines: [String: Int] = [:]

        public init() {}
    }

    /// `usage:` rental metering (what counts as use is declared per model in the profiles).
    public struct Usage: Sendable, Hashable {
        /// `finalise_after_s`: how long after site-local midnight a day's usage records are
        /// finalised (given a `seq` and served by `GET /v1/usage`). Figures that arrive later
        /// become a further revision of the day's record.
        public var finaliseAfterSeconds = 3600
        /// `gap_keepalives`: how many of a profile's keep-alive periods of silence still count as
        /// use; a device silent for longer while in use accrues only this much.
        public var gapKeepalives = 2

        public init() {}
    }

    /// `log:` structured logs on standard output (journald).
    public struct Log: Sendable, Hashable {
        /// `level`: trace, debug, info, notice, warning, error, critical.
        public var level = "info"

        public init() {}
    }

    /// The client id, defaulting from the site.
    public var effectiveClientId: String { broker.clientId ?? "caregate-\(site)" }

    static func defaultDevicesDirectory() -> String {
        let installed = "/usr/share/caregate/devices"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: installed, isDirectory: &isDirectory), isDirectory.boolValue {
            return installed
        }
        return "Devices"
    }
}
