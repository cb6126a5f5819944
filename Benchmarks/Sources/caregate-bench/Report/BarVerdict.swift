/// One bar of quality.md against this run's figures: met or missed, and by how much.
struct BarVerdict: Codable, Sendable {
    var bar: String
    var target: String
    var measured: String
    var met: Bool
}
