import CareGateCore
import CareGateStorage
import Hummingbird

extension APIServer {
    /// `POST /v1/assets/{tag}/events {"type","by","at","contract","note"}`: records an asset
    /// lifecycle event (audited with the consumer's name, given a `seq`); 201 with the stored event.
    func recordAssetEvent(_ call: inout APICall) async throws -> Response {
        let consumer = try call.consumer()
        let tag = try call.parameter("tag")
        if let problem = RegistryIdentifier.deviceIdProblem(tag) {
            throw Problem.badRequest(problem.replacingOccurrences(of: "device id", with: "asset tag"))
        }
        let request = try await call.body(AssetEventRequest.self)
        let (type, at) = try request.validated(now: services.clock.now())
        let event = try await meteringDesk().recordAssetEvent(assetTag: tag, type: type, at: at, request, actor: consumer.name)
        logger.notice(
            "asset event", metadata: ["asset.tag": "\(tag)", "asset.event": "\(type.rawValue)", "by": "\(request.by)", "consumer": "\(consumer.name)"])
        var json = JSONWriter(capacity: 256)
        event.write(to: &json)
        return JSONResponse.bytes(json.bytes, status: .created)
    }
}
