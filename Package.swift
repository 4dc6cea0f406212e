// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ConsentReplay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "consent-replay", targets: ["consent-replay"]),
        .executable(name: "gen-logs", targets: ["gen-logs"]),
        .library(name: "ConsentReplay", targets: ["ConsentReplay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The system zlib (Debian: libz-dev), wrapped so Swift can call its macros.
        .target(
            name: "CZlib",
            linkerSettings: [.linkedLibrary("z")]
        ),
        // Intel ISA-L's inflate (Debian: libisal-dev), which reads every gzip input.
        .target(
            name: "CIsal",
            linkerSettings: [.linkedLibrary("isal")]
        ),
        // Byte searches of the parsers' inner loops, sixteen bytes at a time (SSE2).
        .target(name: "CByteScan"),
        // Everything a test can call without a subprocess: read → parse → … → report.
        .target(
            name: "ConsentReplay",
            dependencies: [
                "CIsal",
                "CByteScan",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The command line only: argument parsing and exit codes over the library.
        .executableTarget(
            name: "consent-replay",
            dependencies: [
                "ConsentReplay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A deterministic simulated shop that writes access logs in every supported format.
        .target(
            name: "SiteSimulator",
            dependencies: ["CZlib"]
        ),
        .executableTarget(
            name: "gen-logs",
            dependencies: [
                "SiteSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ConsentReplayTests",
            dependencies: ["ConsentReplay", "SiteSimulator", "CZlib", "CByteScan"],
            exclude: ["Fixtures"]
        ),
    ]
)
