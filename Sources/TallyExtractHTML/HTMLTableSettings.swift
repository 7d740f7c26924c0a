import TallyCore

/// Every tunable of the HTML extraction stage, with its default. Read from the `extract.html`
/// section of `pipeline.yaml`; a missing key keeps the default, an unknown key is an error.
public struct HTMLTableSettings: Sendable, Equatable {
  // MARK: Grids (<table>)

  /// Largest colspan honoured; larger values are clamped (HTML caps at 1000). Key `max_column_span`.
  public var maxColumnSpan: Int = 1000
  /// Largest rowspan honoured; larger values are clamped (HTML caps at 65534). Key `max_row_span`.
  public var maxRowSpan: Int = 65534
  /// Widest grid built; columns beyond it are dropped with a warning, so a hostile colspan cannot
  /// blow up memory. Key `max_table_columns`.
  public var maxTableColumns: Int = 256
  /// Most cells built over one page's grids; rows beyond it are dropped with a warning.
  /// Key `max_grid_cells`.
  public var maxGridCells: Int = 20_000_000
  /// A grid with fewer rows is layout, read as text. Key `min_table_rows`.
  public var minTableRows: Int = 2
  /// A grid with fewer columns is layout, read as text. Key `min_table_columns`.
  public var minTableColumns: Int = 2
  /// Keep only grids with at least one figure outside the header rows; others are read as text
  /// (a decree's layout tables are not data). Key `require_figure`.
  public var requireFigure: Bool = true
  /// Repeat a rowspan cell's text in the rows it covers (false leaves them empty, as printed).
  /// Key `repeat_row_span_text`.
  public var repeatRowSpanText: Bool = false
  /// Repeat a colspan cell's text in every spanned column of body rows (header rows always repeat
  /// it, so each column has its full header path). Key `repeat_body_column_span_text`.
  public var repeatBodyColumnSpanText: Bool = false
  /// Paragraphs right after a grid that start with one of these are its footnotes.
  /// Key `footnote_markers`.
  public var footnoteMarkers: [String] = ["*", "†", "¹", "(1)"]

  // MARK: Grids without <table>

  /// Read tables written without `<table>`: sibling elements of one shape (CSS-grid or flex `<div>`
  /// rows, `<dl>` rows of `<dt>`/`<dd>`) with a column of figures; rows of a big figure above its
  /// label (cards) become key figures. Key `div_grids`.
  public var divGrids: Bool = true

  // MARK: Headings

  /// A line whose visible text is all bold, has a letter and is at most this long acts as a heading
  /// (0 turns bold headings off). Key `max_bold_heading_chars`.
  public var maxBoldHeadingChars: Int = 80

  // MARK: Pseudo-tables and key figures

  /// Find markdown pipe tables ("a | b |" / "---|---|") written inside text. Key `markdown_tables`.
  public var markdownTables: Bool = true
  /// Find runs of "label <tab or colon> value" lines. Key `label_value_runs`.
  public var labelValueRuns: Bool = true
  /// Fewest consecutive label/value lines that make a pseudo-table; a shorter run is a key figure.
  /// Key `min_run_rows`.
  public var minRunRows: Int = 2
  /// Spaces in a row (no line break) that separate two cells of a text row like a tab does
  /// (0: only tabs separate). Key `column_gap_spaces`.
  public var columnGapSpaces: Int = 3
  /// Gather "label: value" lines and big numbers beside their label into key-figure tables.
  /// Key `key_figures`.
  public var keyFigures: Bool = true
  /// Longest label of a label/value pair or key figure. Key `max_label_chars`.
  public var maxLabelChars: Int = 120
  /// A figure may be followed by this many unit words ("2.309 vragen", "2,8 miljoen kosten").
  /// Key `max_figure_words`.
  public var maxFigureWords: Int = 2
  /// Longest unit word after a figure. Key `max_figure_word_chars`.
  public var maxFigureWordChars: Int = 14
  /// Drop one trailing ":" from pseudo-table and key-figure labels ("Eindsaldo:" -> "Eindsaldo").
  /// Key `strip_label_colon`.
  public var stripLabelColon: Bool = true

  // MARK: Safety

  /// Element nesting deeper than this is flattened into its ancestor (tag soup, hostile pages).
  /// Key `max_nesting_depth`.
  public var maxNestingDepth: Int = 256

  /// The defaults.
  public init() {}

  /// The defaults overridden by the `extract.html` section; unknown keys are errors with their line.
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    maxColumnSpan = try map.int("max_column_span", in: 1...1000) ?? maxColumnSpan
    maxRowSpan = try map.int("max_row_span", in: 1...65534) ?? maxRowSpan
    maxTableColumns = try map.int("max_table_columns", in: 1...10_000) ?? maxTableColumns
    maxGridCells = try map.int("max_grid_cells", in: 1...1_000_000_000) ?? maxGridCells
    minTableRows = try map.int("min_table_rows", in: 1...1000) ?? minTableRows
    minTableColumns = try map.int("min_table_columns", in: 1...1000) ?? minTableColumns
    requireFigure = try map.bool("require_figure") ?? requireFigure
    repeatRowSpanText = try map.bool("repeat_row_span_text") ?? repeatRowSpanText
    repeatBodyColumnSpanText = try map.bool("repeat_body_column_span_text") ?? repeatBodyColumnSpanText
    footnoteMarkers = try map.strings("footnote_markers") ?? footnoteMarkers
    divGrids = try map.bool("div_grids") ?? divGrids
    maxBoldHeadingChars = try map.int("max_bold_heading_chars", in: 0...1000) ?? maxBoldHeadingChars
    markdownTables = try map.bool("markdown_tables") ?? markdownTables
    labelValueRuns = try map.bool("label_value_runs") ?? labelValueRuns
    minRunRows = try map.int("min_run_rows", in: 1...1000) ?? minRunRows
    columnGapSpaces = try map.int("column_gap_spaces", in: 0...100) ?? columnGapSpaces
    keyFigures = try map.bool("key_figures") ?? keyFigures
    maxLabelChars = try map.int("max_label_chars", in: 1...10_000) ?? maxLabelChars
    maxFigureWords = try map.int("max_figure_words", in: 0...20) ?? maxFigureWords
    maxFigureWordChars = try map.int("max_figure_word_chars", in: 1...100) ?? maxFigureWordChars
    stripLabelColon = try map.bool("strip_label_colon") ?? stripLabelColon
    maxNestingDepth = try map.int("max_nesting_depth", in: 8...1000) ?? maxNestingDepth
    try map.finish()
  }
}
