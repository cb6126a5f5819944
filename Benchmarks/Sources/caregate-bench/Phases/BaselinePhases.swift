import Foundation

/// The baselines every CareGate figure is divided by, measured in the same run on the same broker
/// configuration: the broker's own limit (a do-nothing libmosquitto subscriber, and `mosquitto_sub`
/// as issue 6 names it), and a naive Python gateway.
struct BaselinePhases: Sendable {
    let environment: BenchEnvironment

    /// A libmosquitto subscriber that only counts.
    func doNothingSubscriber(qos: Int32) async throws -> ThroughputResult {
        try await environment.withBroker("counter-qos\(qos)") { broker in
            let counter = try CountingSubscriber(port: broker.port, filter: "care/#", qos: qos)
            defer { counter.disconnect() }
            let sent = try await publishLoad(broker, qos: qos)
            _ = try await BenchEnvironment.waitForCount(expected: sent.sent, stall: .seconds(5)) { counter.count }
            return ThroughputResult(
                subscriber: "do-nothing subscriber", qos: Int(qos), published: sent.sent, delivered: counter.count,
                seconds: Double(counter.lastWall - sent.startedWall) / 1e9, publishRate: Double(sent.sent) / sent.seconds)
        }
    }

    /// `mosquitto_sub -C N -F %U > file`: the last timestamp it printed ends the span.
    func mosquittoSub(qos: Int32) async throws -> ThroughputResult {
        try await environment.withBroker("mosquitto_sub-qos\(qos)") { broker in
            let output = broker.directory + "/../received.txt"
            let sub = try ChildProcess(
                "mosquitto_sub",
                ["-h", "127.0.0.1", "-p", String(broker.port), "-i", "bench-mosquitto-sub", "-t", "care/#", "-q", String(qos),
                 "-C", String(environment.messages), "-F", "%U"],
                outputPath: output)
            try await waitUntilSubscribed(broker, clientId: "bench-mosquitto-sub")
            let sent = try await publishLoad(broker, qos: qos)
            await sub.wait(timeout: .seconds(120))
            let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
            let last = lines.last.flatMap { Double($0) }.map { UInt64($0 * 1e9) } ?? sent.startedWall
            return ThroughputResult(
                subscriber: "mosquitto_sub", qos: Int(qos), published: sent.sent, delivered: lines.count,
                seconds: Double(last - sent.startedWall) / 1e9, publishRate: Double(sent.sent) / sent.seconds)
        }
    }

    /// `Benchmarks/baseline/naive_gateway.py` under /usr/bin/python3 (Debian's python3-paho-mqtt).
    func naiveGateway(qos: Int32) async throws -> ThroughputResult {
        try await environment.withBroker("naive-qos\(qos)") { broker in
            let directory = broker.directory + "/.."
            let ready = directory + "/naive.ready", output = directory + "/naive.out"
            let python = try ChildProcess(
                "/usr/bin/python3",
                [environment.naiveGateway, "--port", String(broker.port), "--qos", String(qos), "--count", String(environment.messages),
                 "--db", directory + "/naive.sqlite", "--ready-file", ready],
                outputPath: output)
            while !FileManager.default.fileExists(atPath: ready) {
                guard python.isRunning else { throw ChildProcess.Failure(description: "naive_gateway.py exited; see \(output)") }
                try await Task.sleep(for: .milliseconds(10))
            }
            let sent = try await publishLoad(broker, qos: qos)
            await python.wait(timeout: .seconds(900))
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
                let report = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let stored = report["stored"] as? Int, let last = report["last"] as? Double, let cpu = report["cpu"] as? Double
            else { throw ChildProcess.Failure(description: "naive_gateway.py printed no report: \(text)") }
            return ThroughputResult(
                subscriber: "naive Python gateway", qos: Int(qos), published: sent.sent, delivered: stored,
                seconds: (last * 1e9 - Double(sent.startedWall)) / 1e9, publishRate: Double(sent.sent) / sent.seconds,
                cpuSecondsPerMillion: cpu / Double(max(stored, 1)) * 1e6)
        }
    }

    /// The fleet's watches, flat out, `messages` in all.
    private func publishLoad(_ broker: BenchBroker, qos: Int32) async throws -> LoadPublisher.Result {
        try await LoadPublisher(port: broker.port, clientId: "bench-load")
            .run(.init(topics: environment.telemetryTopics, count: environment.messages, rate: nil, qos: qos))
    }

    /// mosquitto_sub has no readiness signal; the broker logs each subscription (`log_type subscribe`).
    private func waitUntilSubscribed(_ broker: BenchBroker, clientId: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOfFile: broker.directory + "/mosquitto.log", encoding: .utf8)) ?? ""
            if log.contains("\(clientId) 0 care/#") || log.contains("\(clientId) 1 care/#") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw ChildProcess.Failure(description: "\(clientId) did not subscribe within 10 s")
    }
}
