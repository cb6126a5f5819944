import CareGateCore
import CareGateStorage
import Hummingbird

extension APIServer {
    /// `GET /v1/alerts/stream`: server-sent events of alert transitions as they happen
    /// (`event: transition`, `id: <seq>`, `data: <transition JSON>`), a heartbeat comment every
    /// 15 s, and, with `Last-Event-ID` (or `?after=`), first everything the durable log holds
    /// after that `seq`.
    func alertStream(_ call: inout APICall) async throws -> Response {
        let resumeAfter = try Self.resumePoint(call.lastEventID ?? call.query("after"))
        // Subscribe before reading the log; see `AlertFeedFilter`.
        let live = services.alerts.liveTransitions()
        let sync = services.sync
        let streams = self.streams
        let heartbeat = configuration.heartbeat
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ServerSentEvents.retry(milliseconds: 3000)))
            var replayed = resumeAfter ?? 0
            if resumeAfter != nil {
                while !streams.isClosed {
                    guard case .alerts(let records) = try await sync.records(.alerts, after: replayed, limit: 500), let last = records.last
                    else { break }
                    var buffer = ByteBuffer()
                    for record in records { ServerSentEvents.appendTransition(seq: record.seq, json: record.body, to: &buffer) }
                    try await writer.write(buffer)
                    replayed = last.seq
                }
            }
            let filter = AlertFeedFilter(replayedThrough: resumeAfter == nil ? 0 : replayed)
            try await Self.follow(live, filter: filter, heartbeat: heartbeat, streams: streams) { buffer in
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// The `seq` to replay the log after, from `Last-Event-ID` or `?after=`; nil for none.
    private static func resumePoint(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard let seq = ServerSentEvents.sequence(fromLastEventID: text) else {
            throw Problem.badRequest("Last-Event-ID (or after) must be the seq of a received event, found '\(text)'")
        }
        return seq
    }

    /// Writes live transitions and heartbeats until the client goes away (a write throws), the
    /// transitions end, or the gateway shuts down.
    private static func follow(
        _ live: AsyncStream<AlertTransition>, filter: AlertFeedFilter, heartbeat: Duration, streams: StreamShutdown,
        write: (ByteBuffer) async throws -> Void
    ) async throws {
        let (items, continuation) = AsyncStream<AlertFeedItem>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await transition in live { continuation.yield(.transition(transition)) }
                continuation.finish()
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: heartbeat)
                    continuation.yield(.heartbeat)
                }
            }
            let registration = streams.register { continuation.finish() }
            defer {
                if let registration { streams.unregister(registration) }
                group.cancelAll()
            }
            for await item in items {
                switch item {
                case .transition(let transition):
                    guard filter.shouldSend(transition) else { continue }
                    var buffer = ByteBuffer()
                    ServerSentEvents.appendTransition(seq: transition.seq, json: transition.jsonLine, to: &buffer)
                    try await write(buffer)
                case .heartbeat:
                    try await write(ByteBuffer(string: ServerSentEvents.heartbeat))
                }
            }
        }
    }
}
