/// What a figure counts.
public enum UnitKind: String, Sendable, Hashable, Codable, CaseIterable {
  case hours
  case fte
  case persons
  case clients
  case eur
  case percent
  case days
  case count
  /// A bare number with no unit word in sight.
  case number
}

/// A unit and the word it was read from ("uren", "VTE", "%", "€").
public struct Unit: Sendable, Hashable {
  public var kind: UnitKind
  /// The printed word the unit came from; nil when the kind is inferred from the figure itself.
  public var word: String?

  public init(kind: UnitKind, word: String? = nil) {
    self.kind = kind
    self.word = word
  }
}

/// A figure read from text by the number lexer.
public struct ParsedNumber: Sendable, Hashable {
  /// The exact value, scale words applied ("2,8 miljoen" is 2800000).
  public var value: ExactDecimal
  /// Decimals as displayed; negative when a scale word multiplies ("2,8 miljoen": -5).
  public var decimals: Int
  /// Printed with a percent sign.
  public var isPercent: Bool
  /// Printed with €, EUR or in a "k€" / "duizend euro" context.
  public var isCurrency: Bool
  /// A trailing remark kept apart from the value: "2 (1 EXTERN)" gives note "1 EXTERN".
  public var note: String?
  /// Another reading of the printed text, tried only when the figure as read breaks a relation:
  /// without a leading group of one or two digits that may be a footnote marker ("16 244" may be
  /// 244 after marker 16), or, for a figure read after such a marker, the digits joined ("3 43,51"
  /// may be 343,51 split by a stray space).
  public var alternative: ExactDecimal?
  /// Set when the figure was read after a leading marker that no footnote names; the text as
  /// printed is malformed for this reason. The arithmetic decides: a relation holding with the
  /// figure confirms the marker, otherwise the cell is reported as malformed.
  public var unexplainedMarker: String?

  public init(
    value: ExactDecimal, decimals: Int, isPercent: Bool = false, isCurrency: Bool = false,
    note: String? = nil
  ) {
    self.value = value
    self.decimals = decimals
    self.isPercent = isPercent
    self.isCurrency = isCurrency
    self.note = note
    self.alternative = nil
    self.unexplainedMarker = nil
  }
}

/// What a cell holds after lexing.
public enum CellContent: Sendable, Hashable {
  /// Nothing printed, or a null marker ("-", "—", "n.v.t.").
  case empty
  case number(ParsedNumber)
  /// Text that is not a figure.
  case text
  /// Looks like a figure but breaks the grouping rules ("3 43,51"); never guessed.
  case malformed(reason: String)
}

/// The part a row or column plays in its table.
public enum Role: String, Sendable, Hashable, Codable {
  case item
  case subtotal
  case total
  /// A running sum carried over a page break (`TableRow.isCarried`): neither item nor total.
  case carried
}

/// What a row is.
public enum RowKind: String, Sendable, Hashable, Codable {
  case header
  /// A bold row without figures that groups the rows under it ("PRESTATIES EN KLANTEN").
  case group
  /// A row with figures.
  case data
  /// The "Waarvan:" line that opens a breakdown of the row above it.
  case waarvanMarker = "waarvan_marker"
  /// A text row without figures that is not a group (a remark, a continuation).
  case note
}

public struct NormalizedCell: Sendable, Hashable {
  public var raw: String
  public var content: CellContent
  public var bbox: BoundingBox?
  public var isBold: Bool

  public init(raw: String, content: CellContent, bbox: BoundingBox? = nil, isBold: Bool = false) {
    self.raw = raw
    self.content = content
    self.bbox = bbox
    self.isBold = isBold
  }

  public var number: ParsedNumber? {
    if case .number(let n) = content { return n }
    return nil
  }
}

public struct NormalizedColumn: Sendable, Hashable {
  /// Header labels from the outermost header row down ("REGIO", "MIDDEN").
  public var path: [String]
  /// Holds row labels rather than figures.
  public var isLabel: Bool
  public var role: Role
  public var unit: Unit

  public init(path: [String], isLabel: Bool, role: Role, unit: Unit) {
    self.path = path
    self.isLabel = isLabel
    self.role = role
    self.unit = unit
  }
}

public struct NormalizedRow: Sendable, Hashable {
  /// Index into the extracted table's rows.
  public var index: Int
  public var kind: RowKind
  public var role: Role
  /// The printed label (label columns joined).
  public var label: String
  /// NFKC, lower-cased, white space collapsed: for matching.
  public var key: String
  /// Group labels above the row, then its own label.
  public var path: [String]
  /// For a "Waarvan" item: the index (into `rows` of the table) of the row it breaks down.
  public var parent: Int?
  /// One per column of the table.
  public var cells: [NormalizedCell]
  public var page: Int?
  public var isBold: Bool
  /// A unit read from the row label ("Aantal uren", "Aantal klanten"), overriding the column's.
  public var unit: Unit?

  public init(
    index: Int, kind: RowKind, role: Role, label: String, key: String, path: [String],
    parent: Int? = nil, cells: [NormalizedCell], page: Int?, isBold: Bool, unit: Unit? = nil
  ) {
    self.index = index
    self.kind = kind
    self.role = role
    self.label = label
    self.key = key
    self.path = path
    self.parent = parent
    self.cells = cells
    self.page = page
    self.isBold = isBold
    self.unit = unit
  }
}

/// A level in a budget document's code hierarchy (SD, then OD or PO, then AC).
public struct BudgetCode: Sendable, Hashable {
  /// The printed code, e.g. "OD10039".
  public var code: String
  /// Depth in the hierarchy, 1 = outermost (a strategic goal).
  public var level: Int
  /// The title printed with the code, when there is one.
  public var title: String?

  public init(code: String, level: Int, title: String? = nil) {
    self.code = code
    self.level = level
    self.title = title
  }
}

public struct NormalizedTable: Sendable, Hashable {
  /// Index of the table in its document (0-based), as in the output records.
  public var index: Int
  public var title: String?
  public var headings: [String]
  public var pages: [Int]
  public var bbox: BoundingBox?
  public var headerRowCount: Int
  public var columns: [NormalizedColumn]
  /// Body rows only (header rows are folded into column paths), in printed order.
  public var rows: [NormalizedRow]
  /// The code hierarchy the table sits under, outermost first; empty outside budget documents.
  public var codes: [BudgetCode]
  /// A unit stated for the whole table (title, section or a "in duizend euro" note).
  public var unit: Unit?
  public var origin: TableOrigin

  public init(
    index: Int, title: String?, headings: [String], pages: [Int], bbox: BoundingBox?,
    headerRowCount: Int, columns: [NormalizedColumn], rows: [NormalizedRow],
    codes: [BudgetCode] = [], unit: Unit? = nil, origin: TableOrigin = .grid
  ) {
    self.index = index
    self.title = title
    self.headings = headings
    self.pages = pages
    self.bbox = bbox
    self.headerRowCount = headerRowCount
    self.columns = columns
    self.rows = rows
    self.codes = codes
    self.unit = unit
    self.origin = origin
  }
}

/// One numeric cell with its meaning: the unit of the output records.
public struct Fact: Sendable, Hashable {
  public var table: Int
  public var tableTitle: String?
  public var page: Int?
  /// Row label path (group labels, then the row's own label).
  public var row: [String]
  /// Column header path.
  public var column: [String]
  public var raw: String
  public var value: ExactDecimal
  public var decimals: Int
  public var unit: Unit
  public var role: Role
  public var bbox: BoundingBox?
  /// Index of the row within the table's body rows, and of the column.
  public var rowIndex: Int
  public var columnIndex: Int
  /// Index of the row in the table as printed (header rows included): with `columnIndex`, the
  /// cell in the table record's `rows`; nil when not known.
  public var gridRow: Int?
  public var note: String?

  public init(
    table: Int, tableTitle: String?, page: Int?, row: [String], column: [String], raw: String,
    value: ExactDecimal, decimals: Int, unit: Unit, role: Role, bbox: BoundingBox?,
    rowIndex: Int, columnIndex: Int, gridRow: Int? = nil, note: String? = nil
  ) {
    self.table = table
    self.tableTitle = tableTitle
    self.page = page
    self.row = row
    self.column = column
    self.raw = raw
    self.value = value
    self.decimals = decimals
    self.unit = unit
    self.role = role
    self.bbox = bbox
    self.rowIndex = rowIndex
    self.columnIndex = columnIndex
    self.gridRow = gridRow
    self.note = note
  }
}

/// A figure stated in running text ("in totaal 6 601,50 uren ... georganiseerd"), to be checked
/// against the tables.
public struct StatedFigure: Sendable, Hashable {
  /// The sentence it was read from.
  public var sentence: String
  public var raw: String
  public var number: ParsedNumber
  public var unit: Unit
  public var page: Int?

  public init(sentence: String, raw: String, number: ParsedNumber, unit: Unit, page: Int?) {
    self.sentence = sentence
    self.raw = raw
    self.number = number
    self.unit = unit
    self.page = page
  }
}

/// What the normalise stage returns for one document.
public struct NormalizedDocument: Sendable {
  public var source: SourceDocument
  public var pageCount: Int?
  public var tables: [NormalizedTable]
  public var facts: [Fact]
  public var statements: [StatedFigure]

  public init(
    source: SourceDocument, pageCount: Int?, tables: [NormalizedTable], facts: [Fact],
    statements: [StatedFigure]
  ) {
    self.source = source
    self.pageCount = pageCount
    self.tables = tables
    self.facts = facts
    self.statements = statements
  }
}
