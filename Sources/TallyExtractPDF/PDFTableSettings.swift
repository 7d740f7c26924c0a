import TallyCore

/// When to look for drawn rules (table borders) on a page.
public enum RulingMode: String, Sendable, CaseIterable {
  /// Never: tables from text alignment only (fastest).
  case off
  /// Only on pages whose text suggests a table (several lines with two or more cells).
  case auto
  /// On every page.
  case always
}

/// Every tunable of the PDF table finder, with its default. Read from `extract.pdf` in pipeline.yaml.
/// Distances are in em (multiples of the font size) unless the name says points.
public struct PDFTableSettings: Sendable, Equatable {
  /// Gap between two characters, in em, above which they belong to different words.
  public var wordGapEm: Double = 0.15
  /// Gap between two words on a line, in em, above which they belong to different cells.
  public var cellGapEm: Double = 0.6
  /// Share of the smaller height two words must overlap vertically to be on one line.
  public var lineOverlap: Double = 0.5
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
  /// A line of this many one-word chunks or more, with equal gaps, is justified prose, not a row.
  public var justifiedMinWords: Int = 5
  /// Largest difference between the widest and narrowest gap of a justified line, in em.
  public var justifiedGapSpreadEm: Double = 0.35
  /// A run of at least this many words alone in its row (list markers aside) is a line of prose.
  public var proseCellWords: Int = 6
  /// Rows laid out as a table are prose, not a table, when more than this share of their words
  /// sit in lines of prose.
  public var proseRowShare: Double = 0.5
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
  /// When to look for drawn rules.
  public var rulings: RulingMode = .auto
  /// In `auto` mode only the band of lines with two or more cells is scanned for rules, widened by this
  /// many points above and below (for frames, header rules and header lines).
  public var rulingMargin: Double = 60
  /// Render resolution for finding rules, in pixels per point.
  public var rulingScale: Double = 1.0
  /// Grey level (0 black, 255 white) at or below which a pixel is ink.
  public var rulingInkLevel: Int = 200
  /// Whether words that left no visible mark on the rendered page (clipped away, painted over or
  /// drawn invisible, e.g. hidden spreadsheet cells) are dropped before they become lines. Only
  /// when the page is rendered (`rulings` not `off`).
  public var dropInvisibleText: Bool = true
  /// Smallest grey-level spread (0-255) inside a glyph's box that counts as a visible glyph.
  public var invisibleTextContrast: Int = 24
  /// Shortest rule kept, in points.
  public var rulingMinLength: Double = 12
  /// Thickest stroke still counted as a rule, in points (thicker is a filled area).
  public var rulingMaxThickness: Double = 3.0
  /// Distance in points within which rule ends and crossings snap together.
  public var rulingSnap: Double = 3.0
  /// A ruled grid is rejected (left to alignment) when more than this share of its cells hold
  /// several figures side by side (unruled columns).
  public var latticeSplitShare: Double = 0.2
  /// Whether horizontal rules sharing one extent (booktabs style, or a frame without column
  /// rules) make a table of their own: the rules give its extent and rows, text alignment its
  /// columns. A run of rules spanning several stacked tables is split at headings, prose, charts
  /// and repeated header lines between them.
  public var ruledRowTables: Bool = true
  /// Shortest horizontal rule, in points, that can frame a table ruled by rows only (rules sharing
  /// one extent: booktabs style, or a frame without column rules).
  public var ruledTableMinWidth: Double = 100
  /// Tallest band between two such rules, in points, still inside one table.
  public var ruledBandMaxHeight: Double = 400
  /// Rows with two or more cells set under a table's last rule join it while the gap to the row
  /// above is at most this many em (a total row under the rule); header lines set this close
  /// above its first rule head it.
  public var ruledRowGapEm: Double = 0.8
  /// Text at the same place on at least this share of pages is a running header or footer.
  public var runningShare: Double = 0.5
  /// Fewest pages a document needs before running headers and footers are looked for.
  public var runningMinPages: Int = 3
  /// Position tolerance, in points, for running headers and footers.
  public var runningTolerance: Double = 3.0
  /// Share of the page height at the top and at the bottom where running text is looked for.
  public var runningBand: Double = 0.12
  /// A line whose font is at least this many times the body size is a heading.
  public var headingSizeRatio: Double = 1.15
  /// Longest heading, in words.
  public var headingMaxWords: Int = 20
  /// Fewest words before a side note at the right margin for a line to be a heading with a note.
  public var headingMinMainWords: Int = 3
  /// Most chunks in a heading's side note (status, period, owner at the right margin).
  public var headingNoteMaxChunks: Int = 4
  /// Most words in a heading's side note.
  public var headingNoteMaxWords: Int = 16
  /// Whether a short bold or coloured line on its own counts as a heading.
  public var boldHeadings: Bool = true
  /// Whether a table continued on the next page with the same columns becomes one table.
  public var mergeContinuations: Bool = true
  /// Gap between a table and a footnote line below it, in em, above which it is not a footnote.
  public var footnoteGapEm: Double = 2.5
  /// Whether pages turned by /Rotate are detected from the text flow and turned back.
  public var detectRotation: Bool = true
  /// A table whose rows are labels with page numbers, at least this many of them naming the
  /// headings of tables further on in the same order, is a table of contents and is left out
  /// (its page numbers are not data). 0 keeps every table.
  public var contentsMinEntries: Int = 3

  public init() {}

  /// Starts from the defaults and reads the keys of `extract.pdf`; unknown keys are errors.
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    wordGapEm = try map.double("word_gap_em", in: 0...5) ?? wordGapEm
    cellGapEm = try map.double("cell_gap_em", in: 0...20) ?? cellGapEm
    lineOverlap = try map.double("line_overlap", in: 0...1) ?? lineOverlap
    minRows = try map.int("min_rows", in: 1...1000) ?? minRows
    minColumns = try map.int("min_columns", in: 2...1000) ?? minColumns
    maxRowGapEm = try map.double("max_row_gap_em", in: 0...100) ?? maxRowGapEm
    maxCellWords = try map.int("max_cell_words", in: 1...1000) ?? maxCellWords
    maxHeaderRows = try map.int("max_header_rows", in: 0...50) ?? maxHeaderRows
    headerGapEm = try map.double("header_gap_em", in: 0...20) ?? headerGapEm
    joinWrappedCells = try map.bool("join_wrapped_cells") ?? joinWrappedCells
    wrapGapRatio = try map.double("wrap_gap_ratio", in: 0...10) ?? wrapGapRatio
    justifiedMinWords = try map.int("justified_min_words", in: 2...1000) ?? justifiedMinWords
    justifiedGapSpreadEm = try map.double("justified_gap_spread_em", in: 0...10) ?? justifiedGapSpreadEm
    proseCellWords = try map.int("prose_cell_words", in: 1...1000) ?? proseCellWords
    proseRowShare = try map.double("prose_row_share", in: 0...1) ?? proseRowShare
    headerBandGapEm = try map.double("header_band_gap_em", in: 0...20) ?? headerBandGapEm
    spanCentreToleranceEm = try map.double("span_centre_tolerance_em", in: 0...20) ?? spanCentreToleranceEm
    spanCentreShare = try map.double("span_centre_share", in: 0...1) ?? spanCentreShare
    tightLineGapEm = try map.double("tight_line_gap_em", in: 0...10) ?? tightLineGapEm
    indentStepEm = try map.double("indent_step_em", in: 0.01...20) ?? indentStepEm
    rulings = try map.choice("rulings", as: RulingMode.self) ?? rulings
    rulingMargin = try map.double("ruling_margin", in: 0...2000) ?? rulingMargin
    rulingScale = try map.double("ruling_scale", in: 0.25...8) ?? rulingScale
    rulingInkLevel = try map.int("ruling_ink_level", in: 0...255) ?? rulingInkLevel
    dropInvisibleText = try map.bool("drop_invisible_text") ?? dropInvisibleText
    invisibleTextContrast = try map.int("invisible_text_contrast", in: 1...255) ?? invisibleTextContrast
    rulingMinLength = try map.double("ruling_min_length", in: 0...10000) ?? rulingMinLength
    rulingMaxThickness = try map.double("ruling_max_thickness", in: 0...100) ?? rulingMaxThickness
    rulingSnap = try map.double("ruling_snap", in: 0...100) ?? rulingSnap
    latticeSplitShare = try map.double("lattice_split_share", in: 0...1) ?? latticeSplitShare
    ruledRowTables = try map.bool("ruled_row_tables") ?? ruledRowTables
    ruledTableMinWidth = try map.double("ruled_table_min_width", in: 0...10000) ?? ruledTableMinWidth
    ruledBandMaxHeight = try map.double("ruled_band_max_height", in: 0...10000) ?? ruledBandMaxHeight
    ruledRowGapEm = try map.double("ruled_row_gap_em", in: 0...100) ?? ruledRowGapEm
    runningShare = try map.double("running_share", in: 0...1) ?? runningShare
    runningMinPages = try map.int("running_min_pages", in: 2...100_000) ?? runningMinPages
    runningTolerance = try map.double("running_tolerance", in: 0...100) ?? runningTolerance
    runningBand = try map.double("running_band", in: 0...0.5) ?? runningBand
    headingSizeRatio = try map.double("heading_size_ratio", in: 1...10) ?? headingSizeRatio
    headingMaxWords = try map.int("heading_max_words", in: 1...1000) ?? headingMaxWords
    headingMinMainWords = try map.int("heading_min_main_words", in: 1...1000) ?? headingMinMainWords
    headingNoteMaxChunks = try map.int("heading_note_max_chunks", in: 1...100) ?? headingNoteMaxChunks
    headingNoteMaxWords = try map.int("heading_note_max_words", in: 1...1000) ?? headingNoteMaxWords
    boldHeadings = try map.bool("bold_headings") ?? boldHeadings
    mergeContinuations = try map.bool("merge_continuations") ?? mergeContinuations
    footnoteGapEm = try map.double("footnote_gap_em", in: 0...100) ?? footnoteGapEm
    detectRotation = try map.bool("detect_rotation") ?? detectRotation
    contentsMinEntries = try map.int("contents_min_entries", in: 0...1000) ?? contentsMinEntries
    try map.finish()
  }
}
