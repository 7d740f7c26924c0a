import TallyCore

/// Shaping a table's rows, columns and headers: shared by every finder.
public struct PDFTableShapeSettings: Sendable, Equatable {
  /// Fewest body rows (rows with two or more filled cells) for a table.
  public var minRows: Int = 2
  /// Fewest columns for a table.
  public var minColumns: Int = 2
  /// Vertical gap between two lines, in em, that ends a table.
  public var maxRowGapEm: Double = 3.0
  /// A single-cell line with more words than this inside a table region is prose and ends the table.
  public var maxCellWords: Int = 14
  /// Most header rows above the body.
  public var maxHeaderRows: Int = 5
  /// Largest gap, in em, between a label line and the line under it for it to head the table
  /// (header lines over the figure columns may stand up to `maxRowGapEm` off).
  public var headerGapEm: Double = 1.6
  /// Whether to join text-only lines set at line spacing into the row above (wrapped cells).
  public var joinWrappedCells: Bool = true
  /// A line closer to its row than this share of the table's usual row gap is a wrapped part of it.
  public var wrapGapRatio: Double = 0.7
  /// Header lines closer than this, in em of body text, form one header band (wrapped header cells
  /// are joined; a cell spanning columns makes a second level).
  public var headerBandGapEm: Double = 0.5
  /// A header cell is centred over the columns it spans within this many em of body text…
  public var spanCentreToleranceEm: Double = 0.5
  /// …plus this share of the spanned width.
  public var spanCentreShare: Double = 0.04
  /// A line set closer than this, in em, under a row of a table whose rows are spaced wider is
  /// the row's wrapped second line, whatever it holds.
  public var tightLineGapEm: Double = 0.4
  /// Indentation step of labels, in em, counted as one `indentLevel`.
  public var indentStepEm: Double = 0.8

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    minRows = try map.int("min_rows", in: 1...1000) ?? minRows
    minColumns = try map.int("min_columns", in: 2...1000) ?? minColumns
    maxRowGapEm = try map.double("max_row_gap_em", in: 0...100) ?? maxRowGapEm
    maxCellWords = try map.int("max_cell_words", in: 1...1000) ?? maxCellWords
    maxHeaderRows = try map.int("max_header_rows", in: 0...50) ?? maxHeaderRows
    headerGapEm = try map.double("header_gap_em", in: 0...20) ?? headerGapEm
    joinWrappedCells = try map.bool("join_wrapped_cells") ?? joinWrappedCells
    wrapGapRatio = try map.double("wrap_gap_ratio", in: 0...10) ?? wrapGapRatio
    headerBandGapEm = try map.double("header_band_gap_em", in: 0...20) ?? headerBandGapEm
    spanCentreToleranceEm = try map.double("span_centre_tolerance_em", in: 0...20) ?? spanCentreToleranceEm
    spanCentreShare = try map.double("span_centre_share", in: 0...1) ?? spanCentreShare
    tightLineGapEm = try map.double("tight_line_gap_em", in: 0...10) ?? tightLineGapEm
    indentStepEm = try map.double("indent_step_em", in: 0.01...20) ?? indentStepEm
  }
}

/// `RuledGridFinder`: tables drawn as full grids.
public struct RuledGridSettings: Sendable, Equatable {
  /// A ruled grid is rejected (left to alignment) when more than this share of its cells hold
  /// several figures side by side (unruled columns).
  public var splitShare: Double = 0.2

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    splitShare = try map.double("split_share", in: 0...1) ?? splitShare
  }
}

/// `RuledRowsFinder`: tables ruled by rows only.
public struct RuledRowsSettings: Sendable, Equatable {
  /// Whether horizontal rules sharing one extent (booktabs style, or a frame without column
  /// rules) make a table of their own: the rules give its extent and rows, text alignment its
  /// columns. A run of such rules is split into several tables where a heading, prose, an empty
  /// band taller than `tables.max_row_gap_em` (a chart) or a line in the style of the table's
  /// header after a row of figures sits between them. Lines of one band are one row only when set
  /// closer than `tables.tight_line_gap_em`.
  public var enabled: Bool = true
  /// Shortest horizontal rule, in points, that can frame a table ruled by rows only.
  public var minWidth: Double = 100
  /// Tallest band between two such rules, in points, still inside one table.
  public var bandMaxHeight: Double = 400
  /// Rows with two or more cells set under a table's last rule join it while the gap to the row
  /// above is at most this many em (a total row under the rule); single-cell header lines set this
  /// close above its first rule (bold or unlike running text, over one column) head it.
  public var rowGapEm: Double = 0.8

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    enabled = try map.bool("enabled") ?? enabled
    minWidth = try map.double("min_width", in: 0...10000) ?? minWidth
    bandMaxHeight = try map.double("band_max_height", in: 0...10000) ?? bandMaxHeight
    rowGapEm = try map.double("row_gap_em", in: 0...100) ?? rowGapEm
  }
}

/// `StreamFinder`: tables from text alignment alone.
public struct StreamSettings: Sendable, Equatable {
  /// A line of this many one-word chunks or more, with equal gaps, is justified prose, not a row.
  public var justifiedMinWords: Int = 5
  /// Largest difference between the widest and narrowest gap of a justified line, in em.
  public var justifiedGapSpreadEm: Double = 0.35
  /// A run of at least this many words alone in its row (list markers such as "1.", "a)" or a
  /// bullet aside) is a line of prose, not a row.
  public var proseCellWords: Int = 6
  /// Rows laid out as a table are prose, not a table, when more than this share of their words
  /// sit in lines of prose. A list (markers alone in the first column, no figure anywhere) and
  /// figures without a single word, ruled or not (a chart's labels: axis values, values on bars
  /// or on a map), are never a table.
  public var proseRowShare: Double = 0.5
  /// Gap between a table and a footnote line below it, in em, above which it is not a footnote.
  public var footnoteGapEm: Double = 2.5

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    justifiedMinWords = try map.int("justified_min_words", in: 2...1000) ?? justifiedMinWords
    justifiedGapSpreadEm = try map.double("justified_gap_spread_em", in: 0...10) ?? justifiedGapSpreadEm
    proseCellWords = try map.int("prose_cell_words", in: 1...1000) ?? proseCellWords
    proseRowShare = try map.double("prose_row_share", in: 0...1) ?? proseRowShare
    footnoteGapEm = try map.double("footnote_gap_em", in: 0...100) ?? footnoteGapEm
  }
}
