import Hummingbird

extension APIServer {
    /// Every endpoint of the API. `docs/openapi.yaml` documents exactly these (a test checks
    /// method, path and scope in both directions).
    public var routes: [APIRoute] {
        [
            APIRoute(.get, "/health", .open) { try await self.health(&$0) },
            APIRoute(.get, "/metrics", .loopbackOr(.metrics)) { try await self.metrics(&$0) },
            APIRoute(.get, "/v1/status", .scope(.admin)) { try await self.status(&$0) },
            APIRoute(.get, "/v1/notices", .scope(.admin)) { try await self.notices(&$0) },

            APIRoute(.get, "/v1/telemetry", .scope(.telemetryRead)) { try await self.records(&$0, .telemetry) },
            APIRoute(.get, "/v1/events", .scope(.eventsRead)) { try await self.records(&$0, .events) },
            APIRoute(.get, "/v1/alerts/log", .scope(.alertsRead)) { try await self.records(&$0, .alerts) },
            APIRoute(.get, "/v1/usage", .scope(.usageRead)) { try await self.records(&$0, .usage) },
            APIRoute(.get, "/v1/usage/today", .scope(.usageRead)) { try await self.usageToday(&$0) },
            APIRoute(.get, "/v1/assets/events", .scope(.usageRead)) { try await self.records(&$0, .assets) },
            APIRoute(.post, "/v1/assets/{tag}/events", .scope(.registryWrite)) { try await self.recordAssetEvent(&$0) },

            APIRoute(.get, "/v1/consumers", .scope(.admin)) { try await self.listConsumers(&$0) },
            APIRoute(.post, "/v1/consumers", .scope(.admin)) { try await self.createConsumer(&$0) },
            APIRoute(.get, "/v1/consumers/{name}", .anyConsumer) { try await self.showConsumer(&$0) },
            APIRoute(.delete, "/v1/consumers/{name}", .scope(.admin)) { try await self.removeConsumer(&$0) },
            APIRoute(.post, "/v1/consumers/{name}/commit", .anyConsumer) { try await self.commit(&$0) },

            APIRoute(.get, "/v1/alerts", .scope(.alertsRead)) { try await self.listAlerts(&$0) },
            APIRoute(.get, "/v1/alerts/stream", .scope(.alertsRead)) { try await self.alertStream(&$0) },
            APIRoute(.get, "/v1/alerts/{id}", .scope(.alertsRead)) { try await self.showAlert(&$0) },
            APIRoute(.post, "/v1/alerts/{id}/ack", .scope(.alertsWrite)) { try await self.act(&$0, .acknowledge) },
            APIRoute(.post, "/v1/alerts/{id}/resolve", .scope(.alertsWrite)) { try await self.act(&$0, .resolve) },
            APIRoute(.post, "/v1/alerts/{id}/suppress", .scope(.alertsWrite)) { try await self.act(&$0, .suppress) },

            APIRoute(.get, "/v1/devices", .scope(.registryRead)) { try await self.listDevices(&$0) },
            APIRoute(.get, "/v1/devices/{id}", .scope(.registryRead)) { try await self.showDevice(&$0) },
            APIRoute(.put, "/v1/devices/{id}", .scope(.registryWrite)) { try await self.saveDevice(&$0) },
            APIRoute(.delete, "/v1/devices/{id}", .scope(.registryWrite)) { try await self.removeDevice(&$0) },
            APIRoute(.get, "/v1/residents", .scope(.registryRead)) { try await self.listResidents(&$0) },
            APIRoute(.get, "/v1/residents/{ref}", .scope(.registryRead)) { try await self.showResident(&$0) },
            APIRoute(.put, "/v1/residents/{ref}", .scope(.registryWrite)) { try await self.saveResident(&$0) },
        ]
    }
}
