import CareGateCore

/// A scripted timeline injected into the background traffic: what happens to which device when.
///
/// Built-in scenarios (`ScenarioRequest`) and lines of a scenario script both compile to steps, so
/// a site can write its own timeline with the same building blocks the simulator's scenarios use.
public struct Scenario: Sendable, Hashable {
    /// A label for reports (`fall@00:05:00 fr-0001`).
    public var name: String
    public var steps: [ScenarioStep]

    public init(name: String, steps: [ScenarioStep]) {
        self.name = name
        self.steps = steps
    }
}

/// One timed action of a scenario.
public struct ScenarioStep: Sendable, Hashable {
    /// Milliseconds after the start of the simulation.
    public var at: EpochMillis
    /// The device it acts on; nil only for a malformed burst aimed at random devices.
    public var deviceId: String?
    public var action: Action

    /// What a step does to its device.
    public enum Action: Sendable, Hashable {
        /// Forces readings for a while; the device reports at once and then every second until the
        /// override runs out (devices report changes; rules need to see them promptly).
        case set([SimulatedField], forMillis: EpochMillis)
        /// Publishes an event (`fall`, `sos`, `tip_over`, ...) on the device's event topic, or its
        /// format's equivalent.
        case event(type: String, data: [SimulatedField])
        /// The device stops publishing, for a while or (nil) for the rest of the run; with
        /// `announceOffline` its retained availability goes `offline` first, as its last will would.
        case silence(forMillis: EpochMillis?, announceOffline: Bool)
        /// `count` malformed messages spread evenly over `withinMillis`, cycling through the reasons.
        case malformedBurst(count: Int, withinMillis: EpochMillis)
    }

    public init(at: EpochMillis, deviceId: String?, action: Action) {
        self.at = at
        self.deviceId = deviceId
        self.action = action
    }
}

/// A scenario that cannot run on this fleet or a script line that cannot be read.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
