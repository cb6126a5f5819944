import CareGateCore
import Synchronization

/// An `AlertSink` that keeps what it receives, in order: replay counts from it, tests assert on it.
public final class CollectingAlertSink: AlertSink {
    private let received = Mutex<[AlertTransition]>([])
    private let onDeliver: (@Sendable (AlertTransition) -> Void)?

    /// - Parameter onDeliver: also called for each transition, on the delivering lane.
    public init(onDeliver: (@Sendable (AlertTransition) -> Void)? = nil) {
        self.onDeliver = onDeliver
    }

    public func deliver(_ transition: AlertTransition) {
        received.withLock { $0.append(transition) }
        onDeliver?(transition)
    }

    /// Everything delivered so far.
    public var transitions: [AlertTransition] { received.withLock { $0 } }
}
