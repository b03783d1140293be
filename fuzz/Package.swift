// swift-tools-version: 6.1
// libFuzzer harness for declaudit's readers: `make fuzz` at the package root builds and runs it.
// A package of its own so that the sanitizer flags never reach the main build:
//   swift build -c release --package-path fuzz -Xswiftc -sanitize=fuzzer,address
// (no -parse-as-library: main.swift hands control to libFuzzer's driver; see CFuzzDriver.h).
import PackageDescription

let package = Package(
    name: "declaudit-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "declaudit", path: "..")
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzReaders",
            dependencies: ["CFuzzDriver", .product(name: "DeclauditKit", package: "declaudit")]
        ),
    ]
)
