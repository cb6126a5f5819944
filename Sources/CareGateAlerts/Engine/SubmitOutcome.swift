/// What became of a submitted message. Submission never blocks, so a full inbox refuses rather
/// than waits; refusals are counted through the observer.
public enum SubmitOutcome: String, Sendable, Hashable {
    /// Queued for its lane.
    case queued
    /// Merged into a queued telemetry message of the same device (newest value per metric kept),
    /// because the device is over its telemetry budget.
    case coalesced
    /// The lane's inbox is at capacity; the message was not queued for alert evaluation (the
    /// lead's buffer still stores it).
    case inboxFull = "inbox_full"
    /// The engine is shutting down.
    case shuttingDown = "shutting_down"
}
