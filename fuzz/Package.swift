// swift-tools-version: 6.1
// libFuzzer harness for declaudit's readers: `make fuzz` at the package root builds and runs it.
// A package of its own so that the sanitizer flags never reach the main build.
import PackageDescription

let package = Package(
    name: "declaudit-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "declaudit", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzReaders",
            dependencies: [.product(name: "DeclauditKit", package: "declaudit")]
        ),
    ]
)
