// swift-tools-version:6.2
// CareGate: the gateway between a care home's assistive devices and the people and platforms
// that act on what they sense. Dependencies point inward:
//   executables → CareGateApp (config, composition) → adapters (MQTT, Storage, HTTP)
//   → CareGateAlerts / CareGateSimulation → CareGateCore (no I/O).
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "CareGate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "caregated", targets: ["caregated"]),
        .executable(name: "caregate", targets: ["caregate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        // C libraries, each behind a system library target.
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        // glibc's malloc tuning, for the daemon's arena limit.
        .systemLibrary(name: "CMalloc"),

        // The core: device profiles, decoding, readings, registry and alert vocabulary, ports. No I/O.
        .target(
            name: "CareGateCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Rules as pure state machines, and the Dispatch engine that runs them.
        .target(
            name: "CareGateAlerts",
            dependencies: [
                "CareGateCore",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // Realistic device traffic and scripted scenarios; pure, driven by a seed.
        .target(
            name: "CareGateSimulation",
            dependencies: ["CareGateCore"],
            swiftSettings: strict
        ),
        // The only module that speaks SQL (and owns the ingest journal).
        .target(
            name: "CareGateStorage",
            dependencies: [
                "CareGateCore",
                "CareGateAlerts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // The only module that touches libmosquitto.
        .target(
            name: "CareGateMQTT",
            dependencies: [
                "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The HTTP API for platforms and operators.
        .target(
            name: "CareGateHTTP",
            dependencies: [
                "CareGateCore",
                "CareGateStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Configuration and composition: one function builds the whole gateway.
        .target(
            name: "CareGateApp",
            dependencies: [
                "CareGateCore",
                "CareGateAlerts",
                "CareGateStorage",
                "CareGateMQTT",
                "CareGateHTTP",
                "CareGateSimulation",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The operator's side of the HTTP API, for the `caregate` CLI only: it needs URLSession
        // (FoundationNetworking, libcurl and ~30 shared libraries) that the daemon never loads.
        .target(
            name: "CareGateConsole",
            dependencies: [
                "CareGateCore",
                "CareGateHTTP",
                "CareGateApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "caregated",
            dependencies: [
                "CareGateApp",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "caregate",
            dependencies: [
                "CareGateApp",
                "CareGateConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Helpers shared by tests: a real mosquitto on a free port, a manual clock, the built binaries.
        .target(
            name: "CareGateTestSupport",
            dependencies: ["CareGateCore", "CareGateMQTT"],
            path: "Tests/CareGateTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareGateCoreTests",
            dependencies: ["CareGateCore", "CareGateTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "CareGateSimulationTests", dependencies: ["CareGateSimulation", "CareGateCore", "CareGateTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CareGateAlertsTests",
            dependencies: ["CareGateAlerts", "CareGateTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareGateStorageTests",
            dependencies: ["CareGateStorage", "CareGateTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareGateMQTTTests",
            dependencies: ["CareGateMQTT", "CareGateTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CareGateHTTPTests",
            dependencies: ["CareGateHTTP", "CareGateApp", "CareGateConsole", "CareGateTestSupport"],
            swiftSettings: strict
        ),
        // Runs the built `caregated` and `caregate` binaries against a real broker.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "CareGateCore",
                "CareGateMQTT",
                "CareGateTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // The resilience and security suite (docs/resilience.md): crash, broker loss, disk full,
        // power loss, hostile input, access control, against the built binaries. Long; its suites
        // run only with CAREGATE_RESILIENCE=1 (`make resilience`), so `swift test` skips them.
        .testTarget(
            name: "ResilienceTests",
            dependencies: [
                "CareGateCore",
                "CareGateApp",
                "CareGateMQTT",
                "CareGateTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
    ]
)
