/// One cell of an extracted table, as printed.
public struct TableCell: Sendable, Hashable {
  /// The text as printed, white space collapsed to single spaces; "" for an empty cell.
  public var text: String
  /// Where the text sits (PDF only).
  public var bbox: BoundingBox?
  /// Set in a bold font (PDF: font name; HTML: th, b, strong or font-weight).
  public var isBold: Bool
  /// How many grid columns the printed cell spans; its text is repeated in each of them.
  public var columnSpan: Int

  public init(text: String, bbox: BoundingBox? = nil, isBold: Bool = false, columnSpan: Int = 1) {
    self.text = text
    self.bbox = bbox
    self.isBold = isBold
    self.columnSpan = columnSpan
  }
}

/// One printed row of a table; every row of a table has the same number of cells.
public struct TableRow: Sendable, Hashable {
  public var cells: [TableCell]
  /// The 1-based page the row is printed on; nil for HTML.
  public var page: Int?
  /// Every non-empty cell of the row is bold.
  public var isBold: Bool
  /// Indentation of the row's label relative to the table's label column, in levels (0 = flush).
  public var indentLevel: Int
  /// A running sum carried over a page break: the last row of one part or the first row of the
  /// next printing the same figures ("Over te brengen" / "Transport"). Its figures are no items.
  public var isCarried: Bool

  public init(cells: [TableCell], page: Int? = nil, isBold: Bool? = nil, indentLevel: Int = 0, isCarried: Bool = false) {
    self.cells = cells
    self.page = page
    let printed = cells.filter { !$0.text.isEmpty }
    self.isBold = isBold ?? (!printed.isEmpty && printed.allSatisfy(\.isBold))
    self.indentLevel = indentLevel
    self.isCarried = isCarried
  }

  /// The cell texts, as `tally tables` prints them.
  public var texts: [String] { cells.map(\.text) }
}

/// How a table was found.
public enum TableOrigin: String, Sendable, Hashable, Codable {
  /// A ruled or aligned grid in a PDF, or an HTML `<table>`.
  case grid
  /// Rows of "label, gap or tab, value" in text, or a markdown pipe table inside text.
  case pseudoTable = "pseudo_table"
  /// Figures stated as "label: value" or as a big number in a card, gathered per section.
  case keyFigures = "key_figures"
}

/// A table as it was found in the document: a rectangular grid of printed text.
public struct ExtractedTable: Sendable, Hashable {
  /// The title: the nearest heading above the table (or the caption).
  public var title: String?
  /// Headings above the table, outermost first (e.g. chapter, section, the title itself last).
  /// Normalisation reads budget codes (SD, OD, AC) and units from these.
  public var headings: [String]
  /// 1-based pages the table is printed on, in order; empty for HTML.
  public var pages: [Int]
  /// The table's box on its first page (PDF only).
  public var bbox: BoundingBox?
  /// How many of `rows` are header rows (at the top).
  public var headerRowCount: Int
  /// Every row, header rows included, as printed.
  public var rows: [TableRow]
  public var origin: TableOrigin
  /// Footnotes printed right under the table ("* Omkadering: ...").
  public var footnotes: [String]

  public init(
    title: String?, headings: [String] = [], pages: [Int] = [], bbox: BoundingBox? = nil,
    headerRowCount: Int, rows: [TableRow], origin: TableOrigin = .grid, footnotes: [String] = []
  ) {
    self.title = title
    self.headings = headings
    self.pages = pages
    self.bbox = bbox
    self.headerRowCount = headerRowCount
    self.rows = rows
    self.origin = origin
    self.footnotes = footnotes
  }

  public var columnCount: Int { rows.map(\.cells.count).max() ?? 0 }
}

/// A paragraph or heading outside tables. Sentences like "in totaal 6 601,50 uren" are checked
/// against tables, so the text is kept.
public struct TextBlock: Sendable, Hashable {
  public var text: String
  /// 1-based page; nil for HTML.
  public var page: Int?
  public var bbox: BoundingBox?
  /// A heading (PDF: larger or bold font on its own line; HTML: h1-h6).
  public var isHeading: Bool

  public init(text: String, page: Int? = nil, bbox: BoundingBox? = nil, isHeading: Bool = false) {
    self.text = text
    self.page = page
    self.bbox = bbox
    self.isHeading = isHeading
  }
}

/// What an extractor returns for one document. Tables are in reading order.
public struct ExtractedDocument: Sendable {
  public var source: SourceDocument
  /// Number of pages (PDF); nil for HTML.
  public var pageCount: Int?
  public var tables: [ExtractedTable]
  /// Paragraphs and headings outside tables, in reading order.
  public var text: [TextBlock]
  /// Non-fatal problems worth a line in the log (e.g. "page 7: no text layer").
  public var warnings: [String]

  public init(
    source: SourceDocument, pageCount: Int?, tables: [ExtractedTable], text: [TextBlock] = [],
    warnings: [String] = []
  ) {
    self.source = source
    self.pageCount = pageCount
    self.tables = tables
    self.text = text
    self.warnings = warnings
  }
}
