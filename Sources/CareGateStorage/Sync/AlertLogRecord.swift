/// One alert transition of the durable log: `body` is the contract's transition JSON (the same
/// line the alert log holds), which already carries `seq`.
public struct AlertLogRecord: Sendable, Hashable {
    public var seq: Int64
    public var body: String

    public init(seq: Int64, body: String) {
        self.seq = seq
        self.body = body
    }
}
