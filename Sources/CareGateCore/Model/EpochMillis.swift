/// Milliseconds since the Unix epoch, UTC: the one time representation on the wire, in the
/// buffer and in the rules (device `ts`, receipt time, alert times).
///
/// A plain integer rather than `Date` keeps the hot ingest path free of Foundation calls and makes
/// every stored and compared time exact.
public typealias EpochMillis = Int64
