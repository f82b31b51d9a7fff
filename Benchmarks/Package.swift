// swift-tools-version: 6.1
// The in-process half of `make bench`: kb's search library timed without process start-up.
// A package of its own, depending on kb by path, so that `make test` never builds it.
import PackageDescription

let package = Package(
    name: "kb-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "kb", path: ".."),
    ],
    targets: [
        .executableTarget(name: "kb-query-bench", dependencies: [
            .product(name: "KBWorkspace", package: "kb"),
        ]),
    ]
)
