import CareGateCore

/// What an SSE connection writes next: a live transition or a heartbeat.
enum AlertFeedItem: Sendable {
    case transition(AlertTransition)
    case heartbeat
}

/// Decides which live transitions a resumed SSE connection still has to send.
///
/// A client reconnecting with `Last-Event-ID` first gets the durable log after that id; the
/// live subscription is opened *before* the log is read, so nothing committed in between is
/// missed, and live transitions the replay already covered are dropped. Transition numbers are
/// drawn inside the serialized write of `alerts.sqlite`, so anything committed after the replay's
/// read has a higher `seq` than everything it returned: comparing with the replay's last `seq` is
/// enough, even though lanes deliver to the broadcast slightly out of `seq` order.
struct AlertFeedFilter: Sendable {
    /// The highest `seq` the client has (from `Last-Event-ID` or the replay).
    let replayedThrough: Int64

    init(replayedThrough: Int64) {
        self.replayedThrough = replayedThrough
    }

    /// Whether a live transition still has to be sent.
    func shouldSend(_ transition: AlertTransition) -> Bool {
        transition.seq > replayedThrough
    }
}
