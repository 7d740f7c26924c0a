import TallyCore

/// Every tunable of the PDF table finder, with its default. Read from `extract.pdf` in pipeline.yaml.
public struct PDFTableSettings: Sendable, Equatable {
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

/// Turns a PDF into tables: poppler-glib character boxes -> words -> lines -> tables.
public struct PDFExtractor: Sendable {
  public var settings: PDFTableSettings

  public init(settings: PDFTableSettings = PDFTableSettings()) {
    self.settings = settings
  }

  /// Extracts every table of the document at `source.path`, one page at a time.
  /// Throws `DocumentError` for encrypted, damaged or text-less files.
  public func extract(_ source: SourceDocument) throws -> ExtractedDocument {
    throw DocumentError(code: "not_implemented", reason: "PDF extraction is not implemented yet")
  }
}
