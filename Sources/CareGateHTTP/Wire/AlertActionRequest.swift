/// `POST /v1/alerts/{id}/ack`, `/resolve` and `/suppress`: who acts, why, and for a suppression
/// how long.
public struct AlertActionRequest: Codable, Sendable, Hashable {
    /// The staff id of the person acting (never a name: staff ids are what the rota uses).
    public var by: String
    public var note: String?
    /// Suppression only: seconds to hold the alert back (default `operator_suppress_s`).
    public var seconds: Double?

    public init(by: String, note: String? = nil, seconds: Double? = nil) {
        self.by = by
        self.note = note
        self.seconds = seconds
    }
}
