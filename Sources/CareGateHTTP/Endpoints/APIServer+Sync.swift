import CareGateCore
import CareGateStorage
import Hummingbird

extension APIServer {
    /// `GET /v1/telemetry`, `/v1/events`, `/v1/alerts/log`, `/v1/usage`, `/v1/assets/events`:
    /// records after a cursor, as a JSON page or, with `Accept: application/x-ndjson`, as one
    /// NDJSON stream up to the current end.
    ///
    /// Without `after`, the caller's own committed cursor is used, so a platform that only ever
    /// commits can simply ask for "what is next".
    func records(_ call: inout APICall, _ stream: SyncStream) async throws -> Response {
        let consumer = try call.consumer()
        let after: Int64
        if let explicit = try call.query("after", in: 0...Int64.max, default: nil) {
            after = explicit
        } else {
            after = try await services.consumers.cursor(of: consumer.name, stream: stream)
        }
        if call.accepts("application/x-ndjson") {
            let limit = try call.query("limit", in: 1...Int64.max, default: Int64.max) ?? Int64.max
            return try await ndjson(stream, after: after, limit: limit)
        }
        let limit = Int(try call.query("limit", in: 1...Int64(configuration.maxPageSize), default: Int64(configuration.defaultPageSize)) ?? 1)
        return try await page(stream, after: after, limit: limit)
    }

    /// `{"records":[...],"next":<cursor>,"more":<bool>}`: `next` is the last record's `seq` (or
    /// `after` when there is none), the `after` of the following page.
    private func page(_ stream: SyncStream, after: Int64, limit: Int) async throws -> Response {
        let fetched = try await services.sync.records(stream, after: after, limit: limit + 1)
        let more = fetched.count > limit
        let batch = more ? fetched.prefix(limit) : fetched
        var json = JSONWriter(capacity: 256 + batch.count * 256)
        json.beginObject()
        json.key("records")
        json.beginArray()
        batch.write(to: &json)
        json.endArray()
        json.key("next"); json.value(batch.lastSeq ?? after)
        json.key("more"); json.value(more)
        json.endObject()
        return JSONResponse.bytes(json.bytes)
    }

    /// Everything after `after` up to the stream's end at the time of the request, streamed in
    /// batches with backpressure: the next batch is read from the database while the previous one
    /// is written, and no more than two batches are ever held.
    private func ndjson(_ stream: SyncStream, after: Int64, limit: Int64) async throws -> Response {
        let end = try await services.sync.head(stream)
        let sync = services.sync
        let batchSize = configuration.streamBatch
        let streams = self.streams
        let body = ResponseBody { writer in
            var cursor = after
            var remaining = limit
            var scratch = JSONWriter(capacity: 1024)
            func fetch(after cursor: Int64) -> Task<SyncBatch, any Error>? {
                guard cursor < end, remaining > 0, !streams.isClosed else { return nil }
                let count = Int(min(Int64(batchSize), remaining))
                return Task { try await sync.records(stream, after: cursor, through: end, limit: count) }
            }
            var pending = fetch(after: cursor)
            defer { pending?.cancel() }
            while let task = pending {
                let batch = try await task.value
                guard let last = batch.lastSeq else { break }
                cursor = last
                remaining -= Int64(batch.count)
                pending = fetch(after: cursor)
                var buffer = ByteBuffer()
                buffer.reserveCapacity(batch.count * 256)
                batch.appendLines(to: &buffer, scratch: &scratch)
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson", .cacheControl: "no-store"], body: body)
    }
}
