import Foundation
import TallyCore
import TallyEmit
import TallyExtractHTML
import TallyExtractPDF
import TallyNormalize
import TallyReconcile

/// Everything `pipeline.yaml` configures, resolved once at start: each stage sees only its own
/// settings value.
public struct PipelineConfig: Sendable {
  /// The configuration format version this build reads.
  public static let supportedVersion = 1

  /// `version:` of the file.
  public var version: Int = PipelineConfig.supportedVersion
  /// `extract.pdf`: the PDF table finder.
  public var pdf = PDFTableSettings()
  /// `extract.html`: the HTML table finder.
  public var html = HTMLTableSettings()
  /// `normalize`: numbers, units, paths and roles.
  public var normalize = NormalizeSettings()
  /// `reconcile`: rule kinds, severities and declarative rules.
  public var reconcile = ReconcileSettings()
  /// `emit`: what is written.
  public var emit = EmitSettings()
  /// `ingest`: each document's worker process, its deadline and memory cap.
  public var ingest = IngestSettings()
  /// The configuration text as read ("" for the defaults): worker processes read the same.
  public private(set) var text = ""
  /// SHA-256 of the configuration text: a document is redone when it changes.
  public var fingerprint: String = SHA256.hex(of: Array("".utf8))

  public init() {}

  /// Reads and validates a configuration. An empty text gives the defaults.
  public init(yaml: String) throws {
    self.init()
    fingerprint = SHA256.hex(of: Array(yaml.utf8))
    text = yaml
    let root = try ConfigLoader.parse(yaml: yaml)
    var map = try ConfigMap(root)
    if let v = try map.int("version") {
      guard v == PipelineConfig.supportedVersion else {
        throw ConfigError(
          map.node("version")!,
          "version \(v) is not supported; this tally reads version \(PipelineConfig.supportedVersion)")
      }
      version = v
    }
    if var extract = try map.map("extract") {
      pdf = try PDFTableSettings(config: extract.node("pdf"))
      html = try HTMLTableSettings(config: extract.node("html"))
      try extract.finish()
    }
    normalize = try NormalizeSettings(config: map.node("normalize"))
    reconcile = try ReconcileSettings(config: map.node("reconcile"))
    emit = try EmitSettings(config: map.node("emit"))
    ingest = try IngestSettings(config: map.node("ingest"))
    try map.finish()
  }

  /// Loads `path`; a missing file at the default location means the defaults.
  public static func load(path: String, required: Bool) throws -> PipelineConfig {
    guard FileManager.default.fileExists(atPath: path) else {
      if required { throw ConfigError(line: 0, path: "", message: "no such file: \(path)") }
      return PipelineConfig()
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(line: 0, path: "", message: "cannot read \(path)")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw ConfigError(line: 0, path: "", message: "\(path) is not UTF-8 text")
    }
    return try PipelineConfig(yaml: text)
  }
}
