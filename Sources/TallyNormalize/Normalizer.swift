import TallyCore

/// Cells -> exact numbers, units, row and column paths, roles -> facts.
public struct Normalizer: Sendable {
  public var settings: NormalizeSettings

  public init(settings: NormalizeSettings = NormalizeSettings()) {
    self.settings = settings
  }

  public func normalize(_ document: ExtractedDocument) -> NormalizedDocument {
    NormalizedDocument(
      source: document.source, pageCount: document.pageCount, tables: [], facts: [], statements: [])
  }
}
