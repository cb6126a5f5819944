/// How the API server listens and streams.
public struct APIServerConfiguration: Sendable, Hashable {
    public var host: String
    /// 0 picks a free port (reported through `run`'s `onBound`).
    public var port: Int
    /// Larger request bodies get 413.
    public var maxBodyBytes: Int
    /// Comment lines sent on an idle SSE stream, so proxies and clients see the connection live.
    public var heartbeat: Duration = .seconds(15)
    /// Records read per database round trip when streaming NDJSON.
    public var streamBatch: Int = 2048
    /// Default and largest `limit` of a JSON page.
    public var defaultPageSize: Int = 1000
    public var maxPageSize: Int = 10_000

    public init(host: String, port: Int, maxBodyBytes: Int) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
