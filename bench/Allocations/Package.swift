// swift-tools-version: 6.1
// The allocation guard of `make bench`: counts the allocations declaudit's reader makes per
// 10,000 goods lines, with ordo-one/malloc-interposer preloaded, and fails when they exceed the
// budget (a String per element would). A package of its own so that the main build and
// `make test` do not grow.
import PackageDescription

let package = Package(
    name: "declaudit-allocations",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "declaudit", path: "../.."),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        .executableTarget(
            name: "allocation-guard",
            dependencies: [
                .product(name: "DeclauditKit", package: "declaudit"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
    ]
)
