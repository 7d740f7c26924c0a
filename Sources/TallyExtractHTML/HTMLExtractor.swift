import TallyCore

/// Turns an HTML page into tables: libxml2 tree -> grids, pseudo-tables and key figures.
///
/// Steps, each a function from values to values: `bytesToDecodedPage` (encoding decided in Swift),
/// `LibXMLHTML.parse` (lenient libxml2 parse copied into an `HTMLTree`), `PageWalker.treeToFlow`
/// (headings, lines, grids), `flowToPageContent` (titles, pseudo-tables, key figures, text).
public struct HTMLExtractor: Sendable {
  public var settings: HTMLTableSettings

  public init(settings: HTMLTableSettings = HTMLTableSettings()) {
    self.settings = settings
  }

  /// Extracts every table and key figure of the page whose raw bytes are `bytes`.
  /// Never fetches anything; bytes that are not HTML give an empty document, not an error.
  public func extract(_ source: SourceDocument, bytes: [UInt8]) throws -> ExtractedDocument {
    let page = bytesToDecodedPage(bytes)
    let tree = LibXMLHTML.parse(page, maxDepth: settings.maxNestingDepth)
    return treeToDocument(tree, source: source, decision: page.decision)
  }

  /// The document for an already parsed tree (tests build trees without libxml2).
  public func treeToDocument(_ tree: HTMLTree, source: SourceDocument, decision: String? = nil) -> ExtractedDocument {
    let (items, warnings) = PageWalker.treeToFlow(tree, settings: settings)
    let content = flowToPageContent(items, settings: settings)
    var allWarnings = warnings
    if let decision, decision != "utf-8", decision != "utf-8 BOM" {
      allWarnings.insert("encoding: \(decision)", at: 0)
    }
    return ExtractedDocument(source: source, pageCount: nil, tables: content.tables, text: content.text, warnings: allWarnings)
  }
}
