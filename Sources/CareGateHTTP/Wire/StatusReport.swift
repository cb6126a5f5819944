import CareGateCore

/// `GET /v1/status`: one screen for the site's IT staff (`caregate status`).
public struct StatusReport: Codable, Sendable, Hashable {
    public var site: String
    public var at: EpochMillis
    public var health: HealthReport
    public var broker: Broker
    public var ingest: Ingest
    public var alerts: Alerts
    public var buffer: Buffer
    public var devices: Devices
    public var consumers: [ConsumerView]
    /// The upstream MQTT bridge's connection, when it runs (its progress is the `bridge` consumer's).
    public var bridge: Bridge?

    public init(
        site: String, at: EpochMillis, health: HealthReport, broker: Broker, ingest: Ingest, alerts: Alerts, buffer: Buffer,
        devices: Devices, consumers: [ConsumerView] = [], bridge: Bridge? = nil
    ) {
        self.site = site
        self.at = at
        self.health = health
        self.broker = broker
        self.ingest = ingest
        self.alerts = alerts
        self.buffer = buffer
        self.devices = devices
        self.consumers = consumers
        self.bridge = bridge
    }

    /// The upstream bridge's connection to the cloud broker.
    public struct Bridge: Codable, Sendable, Hashable {
        /// The connection, in the shape of the site broker's.
        public var broker: Broker
        /// Records published and not yet acknowledged.
        public var inFlight: Int

        public init(broker: Broker, inFlight: Int) {
            self.broker = broker
            self.inFlight = inFlight
        }
    }

    /// The broker connection.
    public struct Broker: Codable, Sendable, Hashable {
        public var url: String
        /// `connected`, `connecting` or `disconnected`.
        public var state: String
        /// Connected and subscribed.
        public var ready: Bool
        public var connects: Int
        public var disconnects: Int
        public var lastError: String?

        public init(url: String, state: String, ready: Bool, connects: Int, disconnects: Int, lastError: String?) {
            self.url = url
            self.state = state
            self.ready = ready
            self.connects = connects
            self.disconnects = disconnects
            self.lastError = lastError
        }
    }

    /// What ingest stored: rates over the last `windowSeconds`, and totals since the buffer began.
    public struct Ingest: Codable, Sendable, Hashable {
        public var windowSeconds: Double
        /// Per second: `telemetry`, `events`, `quarantined`, `duplicates`.
        public var perSecond: [String: Double]
        public var totals: [String: Int64]

        public init(windowSeconds: Double, perSecond: [String: Double], totals: [String: Int64]) {
            self.windowSeconds = windowSeconds
            self.perSecond = perSecond
            self.totals = totals
        }
    }

    /// Open alerts.
    public struct Alerts: Codable, Sendable, Hashable {
        public var open: Int
        /// `high`, `medium`, `low` → count.
        public var bySeverity: [String: Int]

        public init(open: Int, bySeverity: [String: Int]) {
            self.open = open
            self.bySeverity = bySeverity
        }
    }

    /// What the buffer holds.
    public struct Buffer: Codable, Sendable, Hashable {
        public var streams: [StreamUse]
        /// File name → bytes on disk (databases with their WAL, the ingest journal).
        public var files: [String: Int64]

        public init(streams: [StreamUse], files: [String: Int64]) {
            self.streams = streams
            self.files = files
        }
    }

    /// One synced table: its sequence range and oldest record, and how far purge may go.
    public struct StreamUse: Codable, Sendable, Hashable {
        public var stream: String
        public var firstSeq: Int64?
        public var lastSeq: Int64?
        /// Arrival of the oldest record still held.
        public var oldestAt: EpochMillis?
        /// The lowest cursor of the required consumers: records after it must stay.
        public var requiredCursor: Int64?

        public init(stream: String, firstSeq: Int64?, lastSeq: Int64?, oldestAt: EpochMillis?, requiredCursor: Int64?) {
            self.stream = stream
            self.firstSeq = firstSeq
            self.lastSeq = lastSeq
            self.oldestAt = oldestAt
            self.requiredCursor = requiredCursor
        }
    }

    /// The registry, and the devices that are not reporting.
    public struct Devices: Codable, Sendable, Hashable {
        public var registered: Int
        public var unassigned: Int
        /// All devices not reporting; `offline` lists the first of them by id.
        public var offlineCount: Int
        public var offline: [OfflineDevice]

        public init(registered: Int, unassigned: Int, offlineCount: Int, offline: [OfflineDevice]) {
            self.registered = registered
            self.unassigned = unassigned
            self.offlineCount = offlineCount
            self.offline = offline
        }
    }

    /// A device that said it went offline, or has been silent past its profile's keep-alive.
    public struct OfflineDevice: Codable, Sendable, Hashable {
        public var deviceId: String
        public var kind: String
        public var room: String?
        public var lastSeen: EpochMillis?
        /// `offline` (its availability topic said so), `silent` or `never_seen`.
        public var reason: String

        public init(deviceId: String, kind: String, room: String?, lastSeen: EpochMillis?, reason: String) {
            self.deviceId = deviceId
            self.kind = kind
            self.room = room
            self.lastSeen = lastSeen
            self.reason = reason
        }
    }
}
