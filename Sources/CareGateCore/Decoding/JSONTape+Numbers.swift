extension JSONTape {
    /// The number at `index` as a `Double`, if it is a JSON number (non-finite results, from
    /// literals such as `1e999`, are returned as they are for the caller to reject).
    public func number(_ index: Int) -> Double? {
        guard self[index].kind == .number else { return nil }
        return JSONNumber.double(rawBytes(index))
    }

    /// The number at `index` as an exact `Int64`, if it is a whole JSON number that fits.
    public func int64(_ index: Int) -> Int64? {
        guard self[index].kind == .number else { return nil }
        return JSONNumber.int64(rawBytes(index))
    }
}
