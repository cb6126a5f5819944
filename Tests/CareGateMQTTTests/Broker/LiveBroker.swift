import Testing

/// Every test against a real mosquitto runs inside this suite: one at a time, because several
/// measure reconnect times that a busy 2-core machine would distort, and each within a minute.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LiveBroker {}
