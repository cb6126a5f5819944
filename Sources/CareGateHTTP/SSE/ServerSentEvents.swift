import Foundation
import Hummingbird

/// Server-sent events framing (the `text/event-stream` format of the HTML standard): an event
/// is `id:`, `event:` and `data:` lines ending in a blank line; a line starting with `:` is a
/// comment, which clients ignore and which keeps an idle connection visibly alive.
enum ServerSentEvents {
    /// One `transition` event; `data` is one line of JSON (JSONWriter escapes newlines).
    static func appendTransition(seq: Int64, json: String, to buffer: inout ByteBuffer) {
        buffer.writeString("id: ")
        buffer.writeString(String(seq))
        buffer.writeString("\nevent: transition\ndata: ")
        buffer.writeString(json)
        buffer.writeString("\n\n")
    }

    /// A comment line that keeps proxies and clients from timing the connection out.
    static let heartbeat = ": heartbeat\n\n"

    /// Asks the client to wait `milliseconds` before reconnecting after a drop; also sent first
    /// so the response starts at once.
    static func retry(milliseconds: Int) -> String { "retry: \(milliseconds)\n\n" }

    /// Parses a `Last-Event-ID` (an event's `seq`); nil when it is not a sequence number.
    static func sequence(fromLastEventID text: String) -> Int64? {
        Int64(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? $0 : nil }
    }
}
