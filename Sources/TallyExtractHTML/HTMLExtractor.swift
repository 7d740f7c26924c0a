import TallyCore

/// Every tunable of the HTML table finder, with its default. Read from `extract.html`.
public struct HTMLTableSettings: Sendable, Equatable {
  public init() {}
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
