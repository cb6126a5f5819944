/// Every device profile the gateway knows, with the topic trie that routes a message to the
/// profiles that may decode it.
///
/// Immutable and `Sendable`: built once at start (or on reload) and shared by every decoder; each
/// thread makes its own `ProfileDecoder` from it.
public struct ProfileCatalog: Sendable {
    /// The profiles, sorted by id.
    public let profiles: [DeviceProfile]
    /// Every topic of every profile, compiled for the decoder, in profile-id order.
    let topics: [CompiledTopic]
    let trie: TopicTrie
    private let byId: [String: Int]

    /// Builds a catalog from loaded profiles; a profile whose id repeats an earlier one is skipped
    /// (`load(files:)` reports it as an issue).
    public init(profiles candidates: [DeviceProfile]) {
        self = Self.build(candidates).catalog
    }

    private init(sorted: [DeviceProfile]) {
        profiles = sorted
        byId = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.id, $0) })
        var topics: [CompiledTopic] = []
        var patterns: [TopicPattern] = []
        for (index, profile) in sorted.enumerated() {
            for spec in profile.topics {
                topics.append(CompiledTopic(profileIndex: index, profile: profile, spec: spec))
                patterns.append(spec.pattern)
            }
        }
        self.topics = topics
        trie = TopicTrie(patterns: patterns)
    }

    private static func build(_ candidates: [DeviceProfile]) -> (catalog: ProfileCatalog, issues: [YAMLIssue]) {
        var seen: [String: DeviceProfile] = [:]
        var kept: [DeviceProfile] = []
        var issues: [YAMLIssue] = []
        for profile in candidates {
            if let first = seen[profile.id] {
                issues.append(YAMLIssue(
                    file: profile.file, line: profile.idLine,
                    message: "profile id '\(profile.id)' is already used by \(first.file); this file is skipped"))
                continue
            }
            seen[profile.id] = profile
            kept.append(profile)
        }
        return (ProfileCatalog(sorted: kept.sorted { $0.id < $1.id }), issues)
    }

    /// Loads every file (name for messages, YAML text) and returns the catalog of those that are
    /// valid plus every issue found; a broken file is reported and skipped, never fatal to the rest.
    public static func load(files: [(name: String, text: String)]) -> (catalog: ProfileCatalog, issues: [YAMLIssue]) {
        var profiles: [DeviceProfile] = []
        var issues: [YAMLIssue] = []
        for file in files {
            let loaded = ProfileLoader.load(file: file.name, text: file.text)
            issues += loaded.issues
            if let profile = loaded.profile { profiles.append(profile) }
        }
        let built = build(profiles)
        return (built.catalog, issues + built.issues)
    }

    /// The profile with `id`, if any.
    public func profile(id: String) -> DeviceProfile? {
        byId[id].map { profiles[$0] }
    }

    /// MQTT filters covering every profile topic: placeholders become `+`, duplicates and filters
    /// covered by a more general one are removed.
    public var subscriptionFilters: [String] { subscriptionFilters(site: nil) }

    /// Like `subscriptionFilters`, with `{site}` levels fixed to `site`, so a gateway receives only
    /// its own site's traffic from a broker shared by several sites.
    public func subscriptionFilters(site: String?) -> [String] {
        var fixed: [String: String] = [:]
        if let site, !site.isEmpty, !site.contains(where: { "/+#".contains($0) }) { fixed["site"] = site }
        var filters: [String] = []
        for profile in profiles {
            for topic in profile.topics {
                let filter = topic.pattern.filter(fixing: fixed)
                if !filters.contains(filter) { filters.append(filter) }
            }
        }
        let split = filters.map { $0.split(separator: "/", omittingEmptySubsequences: false) }
        return filters.enumerated().filter { index, _ in
            !split.indices.contains { other in
                other != index && Self.covers(split[other], split[index])
            }
        }.map(\.element).sorted()
    }

    /// True when filter `a` (only `+` wildcards) matches everything `b` matches.
    private static func covers(_ a: [Substring], _ b: [Substring]) -> Bool {
        guard a.count == b.count, a != b else { return false }
        return zip(a, b).allSatisfy { $0 == "+" || $0 == $1 }
    }

    /// A decoder for one thread, checking `{site}` against `site`.
    public func makeDecoder(site: String, limits: DecodeLimits = .standard) -> ProfileDecoder {
        ProfileDecoder(catalog: self, site: site, limits: limits)
    }
}
