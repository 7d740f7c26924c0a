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
  /// `documents`: settings for the documents whose file name matches, laid over the global ones.
  public var documents: [DocumentSettings] = []
  /// Pages not read (`skip_pages` of a matching `documents` entry); empty for the global settings.
  public var skipPages: [ClosedRange<Int>] = []
  /// The configuration text as read ("" for the defaults): worker processes read the same.
  public private(set) var text = ""
  /// SHA-256 of the settings (a canonical text of the tree, without `documents`): for a
  /// document's effective settings (`effective(for:)`), the digest run.json records and that
  /// redoes the document when it changes. Comments and spacing do not count.
  public var fingerprint: String = SHA256.hex(of: Array(ConfigNode(value: .null, line: 0, path: "").canonicalText.utf8))
  /// The global settings tree (without `documents`), the base every entry is laid over.
  private var settingsTree = ConfigNode(value: .null, line: 0, path: "")

  public init() {}

  /// Reads and validates a configuration. An empty text gives the defaults. Every `documents`
  /// entry is checked against the global settings here, so a bad key in one stops the run before
  /// any document is read.
  public init(yaml: String) throws {
    let root = try ConfigLoader.parse(yaml: yaml)
    var map = try ConfigMap(root)
    let entries = try map.list("documents") ?? []
    try self.init(settings: root.removing(keys: ["documents"]))
    text = yaml
    documents = try entries.map { try DocumentSettings(config: $0) }
    for entry in documents { _ = try effective(applying: [entry]) }
  }

  /// The stage settings of one tree (a whole file without `documents`, or one merged for a document).
  private init(settings root: ConfigNode) throws {
    self.init()
    settingsTree = root
    fingerprint = SHA256.hex(of: Array(root.canonicalText.utf8))
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

  /// The settings for the inbox file `name`: the global ones with every matching `documents`
  /// entry laid over them, in file order. Without a match, these settings themselves.
  public func effective(for name: String) throws -> PipelineConfig {
    let matching = documents.filter { $0.matches(name) }
    return matching.isEmpty ? self : try effective(applying: matching)
  }

  /// The digest of the effective settings for `name` (see `fingerprint`).
  public func fingerprint(for name: String) -> String {
    (try? effective(for: name).fingerprint) ?? fingerprint
  }

  private func effective(applying entries: [DocumentSettings]) throws -> PipelineConfig {
    var tree = settingsTree
    var skip: [ClosedRange<Int>] = []
    for entry in entries {
      tree = tree.overlaid(by: entry.overlay)
      if let pages = entry.skipPages { skip = pages }
    }
    var config = try PipelineConfig(settings: tree)
    config.text = text
    config.skipPages = skip
    if !skip.isEmpty {
      config.fingerprint = SHA256.hex(of: Array((tree.canonicalText + "\nskip_pages:" + DocumentSettings.text(skip)).utf8))
    }
    return config
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
