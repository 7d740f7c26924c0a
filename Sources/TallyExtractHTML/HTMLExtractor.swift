import TallyCore

/// Every tunable of the HTML table finder, with its default. Read from `extract.html`.
public struct HTMLTableSettings: Sendable, Equatable {
  public init() {}
  /// The defaults, overridden by the keys of this stage's section of pipeline.yaml.
  /// Unknown keys are errors naming their line.
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    let map = try ConfigMap(config)
    try map.finish()
  }
}

/// Turns an HTML page into tables: libxml2 tree -> grids, pseudo-tables and key figures.
public struct HTMLExtractor: Sendable {
  public var settings: HTMLTableSettings

  public init(settings: HTMLTableSettings = HTMLTableSettings()) {
    self.settings = settings
  }

  /// Extracts every table and key figure of the page whose raw bytes are `bytes`.
  public func extract(_ source: SourceDocument, bytes: [UInt8]) throws -> ExtractedDocument {
    throw DocumentError(code: "not_implemented", reason: "HTML extraction is not implemented yet")
  }
}
