import TallyCore

/// Turns an HTML page into tables: libxml2 events -> tree -> grids, pseudo-tables and key figures.
///
/// Steps, each a function from values to values: `bytesToDecodedPage` (encoding decided in Swift),
/// `LibXMLHTML.parse` (lenient libxml2 parse whose events build an `HTMLTree`), `PageWalker.treeToFlow`
/// (headings, lines, grids), `flowToPageContent` (titles, pseudo-tables, key figures, text).
public struct HTMLExtractor: Sendable {
  public var settings: HTMLTableSettings

  public init(settings: HTMLTableSettings = HTMLTableSettings()) {
    self.settings = settings
  }

  /// Extracts every table and key figure of the page whose raw bytes are `bytes`.
  /// Never fetches anything; bytes that are not HTML give an empty document, not an error.
  ///
  /// Each step's input is released once the next step has it: the decoded copy (when decoding made
  /// one) before walking, the tree before titles and pseudo-tables are found.
  public func extract(_ source: SourceDocument, bytes: [UInt8]) throws -> ExtractedDocument {
    let (flow, decision) = bytesToFlow(bytes)
    return flowToDocument(flow, source: source, decision: decision)
  }

  /// The document for an already parsed tree (tests build trees without libxml2).
  public func treeToDocument(_ tree: HTMLTree, source: SourceDocument, decision: String? = nil) -> ExtractedDocument {
    flowToDocument(PageWalker.treeToFlow(tree, settings: settings), source: source, decision: decision)
  }

  /// Bytes -> decoded page -> tree -> flow items; the page and the tree die when this returns.
  private func bytesToFlow(_ bytes: [UInt8]) -> (flow: (items: [FlowItem], warnings: [String]), decision: String) {
    let (tree, decision) = bytesToTree(bytes)
    return (PageWalker.treeToFlow(tree, settings: settings), decision)
  }

  /// Bytes -> decoded page -> tree; the decoded page dies when this returns.
  private func bytesToTree(_ bytes: [UInt8]) -> (tree: HTMLTree, decision: String) {
    let page = bytesToDecodedPage(bytes)
    return (LibXMLHTML.parse(page, maxDepth: settings.maxNestingDepth), page.decision)
  }

  private func flowToDocument(
    _ flow: (items: [FlowItem], warnings: [String]), source: SourceDocument, decision: String?
  ) -> ExtractedDocument {
    let content = flowToPageContent(flow.items, settings: settings)
    var allWarnings = flow.warnings
    if let decision, decision != "utf-8", decision != "utf-8 BOM" {
      allWarnings.insert("encoding: \(decision)", at: 0)
    }
    return ExtractedDocument(source: source, pageCount: nil, tables: content.tables, text: content.text, warnings: allWarnings)
  }
}
