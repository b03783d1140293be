// swift-tools-version: 6.1
// Tools of `make bench`: the allocation guard, which counts the allocations declaudit's reader
// makes per 10,000 goods lines with ordo-one/malloc-interposer preloaded and fails when they
// exceed the budget (a String per element would), and the reader alone for the throughput table.
// A package of its own so that the main build and `make test` do not grow.
import PackageDescription

let package = Package(
    name: "declaudit-allocations",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "declaudit", path: "../.."),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        // The reader alone, for the throughput table.
        .executableTarget(
            name: "reader-throughput",
            dependencies: [.product(name: "DeclauditKit", package: "declaudit")]
        ),
        .executableTarget(
            name: "allocation-guard",
            dependencies: [
                .product(name: "DeclauditKit", package: "declaudit"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
    ]
)
