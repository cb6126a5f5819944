/// What `caregate profile check FILE [--payload TOPIC PAYLOAD]` does, without the command-line
/// shell: validate one profile file and show what a sample payload decodes to.
///
/// It exists for vendors and integrators who have never seen the code: every problem is printed
/// as `file:line: reason`, and a sample message is rendered as readable text (profile, device,
/// role, time, readings, events) or as the quarantine reason the gateway would record. Any `{site}`
/// is accepted, since the checker has no gateway site.
public enum ProfileCheck {
    /// A sample message to decode with the profile.
    public struct Sample: Sendable {
        public var topic: String
        public var payload: [UInt8]
        public var retained: Bool

        public init(topic: String, payload: [UInt8], retained: Bool = false) {
            self.topic = topic
            self.payload = payload
            self.retained = retained
        }
    }

    /// The result of a check.
    public struct Report: Sendable {
        /// Every problem in the file.
        public var issues: [YAMLIssue]
        /// The loaded profile, when the file has no issues.
        public var profile: DeviceProfile?
        /// What the sample decoded to, when one was given and the profile loaded.
        public var outcome: DecodeOutcome?
        /// The text to print.
        public var text: String

        /// True when the file is valid and the sample (if any) was accepted or ignored, not quarantined.
        public var passed: Bool {
            guard issues.isEmpty, profile != nil else { return false }
            if case .failure = outcome { return false }
            return true
        }
    }

    /// Checks the profile `text` of `file` and, if given, decodes `sample` with it as if it
    /// arrived at `receivedAt`.
    public static func run(
        file: String, text: String, sample: Sample? = nil, receivedAt: EpochMillis, limits: DecodeLimits = .standard
    ) -> Report {
        let (profile, issues) = ProfileLoader.load(file: file, text: text)
        var lines = issues.map(\.description)
        var outcome: DecodeOutcome?
        if let profile {
            lines.append("\(file): OK: " + summary(of: profile))
            if let sample {
                let catalog = ProfileCatalog(profiles: [profile])
                var decoder = ProfileDecoder(catalog: catalog, site: nil, limits: limits)
                let decoded = sample.payload.withUnsafeBytes { bytes in
                    decoder.decode(
                        topic: sample.topic, payload: bytes, qos: 1, retained: sample.retained, receivedAt: receivedAt,
                        registeredProfile: { _ in nil })
                }
                outcome = decoded
                lines.append("")
                lines += render(decoded, topic: sample.topic)
            }
        } else if sample != nil {
            lines.append("\(file): the sample payload was not decoded: fix the profile first")
        }
        return Report(issues: issues, profile: profile, outcome: outcome, text: lines.joined(separator: "\n") + "\n")
    }

    static func summary(of profile: DeviceProfile) -> String {
        let topics = profile.topics.map { "\($0.role.rawValue) \($0.pattern)" }.joined(separator: ", ")
        return "profile \(profile.id) (\(profile.name)), kind \(profile.kind), \(profile.topics.count) "
            + (profile.topics.count == 1 ? "topic" : "topics") + ": \(topics)"
    }
}
