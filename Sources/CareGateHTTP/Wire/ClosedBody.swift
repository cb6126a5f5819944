/// A request body that names every field it accepts: any other field is a 400, not silently
/// dropped. Registry writes are closed, so a `name` or `phone` sent by mistake is refused with a
/// reason instead of looking accepted (CareGate keeps no direct identifiers of residents).
protocol ClosedBody: Decodable {
    /// The top-level fields the body may carry.
    static var fields: Set<String> { get }
}

extension ResidentUpdate: ClosedBody {
    static let fields: Set<String> = ["fallRisk", "exitRisk", "bedBound", "repositioningHours", "nightWindow", "overrides"]
}

extension DeviceUpdate: ClosedBody {
    static let fields: Set<String> = ["profile", "kind", "room", "bed", "zone", "residentRef", "assetTag", "rentalContract"]
}
