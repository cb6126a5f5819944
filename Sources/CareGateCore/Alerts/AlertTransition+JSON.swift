extension AlertTransition {
    /// Writes the contract's transition object. Every contract key is present (null when it does
    /// not apply) so integrators see one fixed shape; `details` keys are sorted.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("seq"); json.value(seq)
        json.key("alertId"); json.value(alertId)
        json.key("transition"); json.value(transition.rawValue)
        json.key("rule"); json.value(rule)
        json.key("severity"); json.value(severity.rawValue)
        json.key("tier"); json.value(tier)
        json.key("site"); json.value(site)
        json.key("room"); optional(room, &json)
        json.key("bed"); optional(bed, &json)
        json.key("deviceId"); json.value(deviceId)
        json.key("kind"); json.value(kind.rawValue)
        json.key("residentRef"); optional(residentRef, &json)
        json.key("sourceTs"); json.value(sourceTs)
        json.key("raisedAt"); json.value(raisedAt)
        json.key("at"); json.value(at)
        json.key("by"); optional(by, &json)
        json.key("message"); json.value(message)
        json.key("details"); json.object(details)
        json.endObject()
    }

    /// The transition as one line of compact JSON (no trailing newline).
    public var jsonLine: String {
        var json = JSONWriter(capacity: 512)
        write(to: &json)
        return json.string
    }

    private func optional(_ text: String?, _ json: inout JSONWriter) {
        if let text { json.value(text) } else { json.null() }
    }
}
