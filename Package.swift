// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "declaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "declaudit", targets: ["declaudit"]),
        .library(name: "DeclauditKit", targets: ["DeclauditKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(
            name: "DeclauditKit",
            dependencies: [
                "CLibXML2", "CZlib", "CXLSXWriter",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw SQLite calls of Processing/SQLiteRows.swift.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["List/used-it-list.csv", "List/embed.py"]
        ),
        .executableTarget(
            name: "declaudit",
            dependencies: [
                "DeclauditKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DeclauditKitTests",
            dependencies: ["DeclauditKit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["declaudit"]
        ),
    ]
)
