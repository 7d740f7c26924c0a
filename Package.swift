// swift-tools-version:6.0
import PackageDescription

/// tally: annual reports (PDF, HTML) in, reconciled facts out.
///
/// One library target per stage; the stages exchange Sendable value types from `TallyCore`.
/// C interop lives only in the system-library modules and in one thin wrapper file per library
/// (`TallyExtractPDF/Poppler`, `TallyExtractHTML/LibXML`, `TallyEmit/Export/XLSXWorkbook.swift`).
let package = Package(
  name: "tally",
  products: [
    .executable(name: "tally", targets: ["tally"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CPopplerGlib", path: "Sources/CPopplerGlib",
      pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
    .systemLibrary(
      name: "CLibXML2", path: "Sources/CLibXML2",
      pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(
      name: "CXLSXWriter", path: "Sources/CXLSXWriter",
      pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),

    // The shared model: documents, tables, exact decimals, facts, findings. SHA-256 comes from
    // swift-crypto.
    .target(name: "TallyCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
    // Stage 1a: PDF character boxes -> words -> lines -> tables (poppler-glib).
    .target(name: "TallyExtractPDF", dependencies: ["TallyCore", "CPopplerGlib"], exclude: ["README.md"]),
    // Stage 1b: HTML tree -> grids, pseudo-tables and key figures (libxml2).
    .target(name: "TallyExtractHTML", dependencies: ["TallyCore", "CLibXML2"]),
    // Stage 2: cells -> exact numbers, units, row/column paths, roles -> facts.
    .target(name: "TallyNormalize", dependencies: ["TallyCore"]),
    // Stage 3: rules -> findings.
    .target(name: "TallyReconcile", dependencies: ["TallyCore"]),
    // Stage 4: records, findings, tables, log, run manifest and the XLSX/CSV exports (libxlsxwriter).
    .target(name: "TallyEmit", dependencies: ["TallyCore", "CXLSXWriter"]),
    // Runs the stages over an inbox; reads pipeline.yaml.
    .target(
      name: "TallyPipeline",
      dependencies: [
        "TallyCore", "TallyExtractPDF", "TallyExtractHTML", "TallyNormalize", "TallyReconcile",
        "TallyEmit",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .executableTarget(
      name: "tally",
      dependencies: [
        "TallyPipeline", "TallyCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]),

    .testTarget(name: "TallyCoreTests", dependencies: ["TallyCore"]),
    .testTarget(name: "TallyExtractPDFTests", dependencies: ["TallyExtractPDF", "TallyCore"]),
    .testTarget(name: "TallyExtractHTMLTests", dependencies: ["TallyExtractHTML", "TallyCore"]),
    .testTarget(name: "TallyNormalizeTests", dependencies: ["TallyNormalize", "TallyCore"]),
    .testTarget(name: "TallyReconcileTests", dependencies: ["TallyReconcile", "TallyCore"]),
    .testTarget(name: "TallyEmitTests", dependencies: ["TallyEmit", "TallyCore"]),
    .testTarget(name: "TallyPipelineTests", dependencies: ["TallyPipeline", "TallyCore", "TallyReconcile"]),
    .testTarget(name: "TallyEndToEndTests", dependencies: ["TallyCore"]),
  ],
  swiftLanguageModes: [.v6]
)
