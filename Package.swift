// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kb",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        .executable(name: "kb-serve", targets: ["kb-serve"]),
        .library(name: "KBWorkspace", targets: ["KBWorkspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Only the HTTP server of `kb serve`; its swift-configuration support is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries from Debian, each imported by exactly one Swift target.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // Plain values shared by every layer: no C, no I/O.
        .target(name: "KBCore"),
        // Text rules: normalisation, tokens, pinyin, synonyms. Pure Swift.
        .target(name: "KBText", dependencies: ["KBCore"]),
        // Query understanding and scoring, shared by the CLI and the browser index.
        .target(name: "KBSearch", dependencies: ["KBCore", "KBText"]),
        // Markdown read once into Swift values (MarkdownDocument); CmarkTree.swift is the only importer of cmark-gfm.
        .target(name: "KBMarkdown", dependencies: ["KBCore", "KBText", "CCmarkGFM"]),
        // The only importer of SQLite.
        .target(name: "KBIndex", dependencies: ["KBCore", "KBText", "KBSearch", "CSQLite"]),
        // The static site and its browser search index; the default templates, stylesheets and
        // browser engine of site/ are compiled in (see Plugins/EmbedSiteDefaults).
        .target(name: "KBSite", dependencies: [
            "KBCore", "KBText", "KBSearch", "KBMarkdown",
            .product(name: "Mustache", package: "swift-mustache"),
        ], plugins: ["EmbedSiteDefaults"]),
        .executableTarget(name: "EmbedSiteDefaultsTool"),
        .plugin(name: "EmbedSiteDefaults", capability: .buildTool(), dependencies: ["EmbedSiteDefaultsTool"]),
        // Finding a knowledge base, loading and checking content, running builds.
        .target(name: "KBWorkspace", dependencies: [
            "KBCore", "KBText", "KBSearch", "KBMarkdown", "KBIndex", "KBSite",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The local preview server of `kb serve`: the only importer of Hummingbird.
        .target(name: "KBServe", dependencies: [
            "KBCore", "KBMarkdown", "KBWorkspace",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `kb search -i`: the interactive picker, and the only user of termios and raw terminal I/O.
        .target(name: "KBPicker", dependencies: ["KBCore", "KBSearch", "KBWorkspace"]),
        // What kb's programs share on the command line: the location options, errors and exit statuses.
        .target(name: "KBCommandLine", dependencies: [
            "KBWorkspace", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kb", dependencies: [
            "KBWorkspace", "KBPicker", "KBCommandLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `kb serve`, a program of its own so that the HTTP stack is not loaded by every kb command.
        .executableTarget(name: "kb-serve", dependencies: [
            "KBServe", "KBWorkspace", "KBCommandLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "KBTextTests", dependencies: [
            "KBText", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // What several test targets share (a seeded generator for generated corpora).
        .target(name: "KBTestSupport", path: "Tests/KBTestSupport"),
        .testTarget(name: "KBSearchTests", dependencies: [
            "KBSearch", "KBTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "KBMarkdownTests", dependencies: ["KBMarkdown"]),
        .testTarget(name: "KBIndexTests", dependencies: [
            "KBIndex", "KBMarkdown", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "KBWorkspaceTests", dependencies: ["KBWorkspace", "KBTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "KBServeTests", dependencies: ["KBServe"]),
        .testTarget(name: "KBPickerTests", dependencies: ["KBPicker", "KBWorkspace", "KBSearch", "KBCore"]),
        .testTarget(name: "KBCLITests", dependencies: ["KBCore"]),
        .testTarget(name: "KBSiteTests", dependencies: ["KBSite", "KBSearch", "KBWorkspace", "KBCore", "KBTestSupport"]),
        // Tests/Fixtures/parity/: what each layer of the engine gives for shared queries, which the
        // browser engine is checked against layer by layer (Tests/Parity, node --test).
        .testTarget(name: "KBParityTests", dependencies: ["KBSearch", "KBWorkspace", "KBCore"]),
    ]
)
