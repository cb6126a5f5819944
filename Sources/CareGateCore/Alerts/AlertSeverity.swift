/// Alert priority in IEC 60601-1-8's vocabulary: high = immediate response, medium = prompt,
/// low = delayed. Ordered so that `.high > .medium > .low`.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low
    case medium
    case high

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// A step in an alert's life: `raised → (renotified)* → (escalated)* → acknowledged → resolved`,
/// or `suppressed`.
public enum AlertTransitionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case raised
    case renotified
    case escalated
    case acknowledged
    case resolved
    case suppressed
}
