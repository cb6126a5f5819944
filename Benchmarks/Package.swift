// swift-tools-version:6.2
// CareGate's benchmark instrument: a separate package so normal builds and tests never pay for it.
// It builds the real `caregated` from the main package (path dependency) and measures it against
// a do-nothing subscriber, mosquitto_sub and a naive Python gateway in the same run.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "CareGateBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The gateway under test; `caregate-bench` builds its `caregated` product in release mode.
        .package(path: ".."),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // libmosquitto for the load publisher and the counting subscriber. The main package keeps its
        // own CMosquitto internal (no library products), and target names must be unique in a graph.
        .systemLibrary(
            name: "CMosquittoBench",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .executableTarget(
            name: "caregate-bench",
            dependencies: [
                "CMosquittoBench",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
    ]
)
