import Hummingbird

extension APIServer {
    /// `GET /health`: 200 when ready, 503 with the reasons when not.
    func health(_ call: inout APICall) async throws -> Response {
        let report = services.monitor.health()
        return try JSONResponse.encode(report, status: report.ready ? .ok : .serviceUnavailable)
    }

    /// `GET /metrics`: the Prometheus text exposition.
    func metrics(_ call: inout APICall) async throws -> Response {
        guard let text = services.monitor.metrics() else {
            throw Problem.notFound("this process collects no metrics (caregated bootstraps them at start)")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }

    /// `GET /v1/status`: the one-screen summary, with every consumer's lag.
    func status(_ call: inout APICall) async throws -> Response {
        var report = try await services.monitor.status()
        var consumers: [ConsumerView] = []
        for consumer in services.consumers.all {
            consumers.append(try await view(of: consumer))
        }
        report.consumers = consumers
        return try JSONResponse.encode(report)
    }

    /// `GET /v1/notices`: operator notices not yet cleared.
    func notices(_ call: inout APICall) async throws -> Response {
        try JSONResponse.encode(["notices": try await services.monitor.notices()])
    }
}
