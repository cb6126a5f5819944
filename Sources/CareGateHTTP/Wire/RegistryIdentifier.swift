/// Checks on registry identifiers that arrive in URLs.
public enum RegistryIdentifier {
    /// Why `id` cannot be a device id, or nil: it is one MQTT topic level, so no `/`, `+`, `#`,
    /// spaces or control characters, and at most 128 bytes.
    public static func deviceIdProblem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        guard (1...128).contains(bytes.count) else { return "a device id has 1 to 128 bytes" }
        let forbidden: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: " ")]
        guard bytes.allSatisfy({ $0 >= 0x21 && $0 != 0x7F && !forbidden.contains($0) }) else {
            return "device id '\(id)' must not contain '/', '+', '#', spaces or control characters (it is an MQTT topic level)"
        }
        return nil
    }

    /// Why `ref` cannot be a resident reference, or nil. References are pseudonymous codes
    /// (`R-0042`): 1 to 64 letters, digits, `.`, `_` or `-`; no spaces, which keeps a name typed
    /// into the field by mistake out of the gateway.
    public static func residentRefProblem(_ ref: String) -> String? {
        let bytes = Array(ref.utf8)
        guard (1...64).contains(bytes.count) else { return "a resident reference has 1 to 64 characters" }
        let valid = bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard valid else {
            return "resident reference '\(ref)' must be a pseudonymous code of letters, digits, '.', '_' or '-' (never a name)"
        }
        return nil
    }
}
