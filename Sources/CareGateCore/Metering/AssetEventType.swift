/// What happened to a rented asset, as the rental service or the site records it: the
/// traceability trail that billing, subsidies and infection control ask for.
public enum AssetEventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Handed to a user under a contract; the device's `rentalContract` becomes that contract.
    case assigned
    /// Taken back; the device's `rentalContract` is cleared.
    case returned
    /// Cleaned and disinfected between users.
    case disinfected
    /// Serviced or repaired.
    case maintenance
}
