import TallyCore

/// Headings outside tables: they title the tables under them.
public struct PDFHeadingSettings: Sendable, Equatable {
  /// A line whose font is at least this many times the body size is a heading.
  public var sizeRatio: Double = 1.15
  /// Longest heading, in words.
  public var maxWords: Int = 20
  /// Fewest words before a side note at the right margin for a line to be a heading with a note.
  public var minMainWords: Int = 3
  /// Most chunks in a heading's side note (status, period, owner at the right margin).
  public var noteMaxChunks: Int = 4
  /// Most words in a heading's side note.
  public var noteMaxWords: Int = 16
  /// Whether a short bold or coloured line on its own counts as a heading.
  public var bold: Bool = true

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    sizeRatio = try map.double("size_ratio", in: 1...10) ?? sizeRatio
    maxWords = try map.int("max_words", in: 1...1000) ?? maxWords
    minMainWords = try map.int("min_main_words", in: 1...1000) ?? minMainWords
    noteMaxChunks = try map.int("note_max_chunks", in: 1...100) ?? noteMaxChunks
    noteMaxWords = try map.int("note_max_words", in: 1...1000) ?? noteMaxWords
    bold = try map.bool("bold") ?? bold
  }
}

/// Running headers and footers: text repeated at the same place on many pages.
public struct PDFRunningTextSettings: Sendable, Equatable {
  /// Text at the same place on at least this share of pages is a running header or footer.
  public var share: Double = 0.5
  /// Fewest pages a document needs before running headers and footers are looked for.
  public var minPages: Int = 3
  /// Position tolerance, in points, for running headers and footers.
  public var tolerance: Double = 3.0
  /// Share of the page height at the top and at the bottom where running text is looked for.
  public var band: Double = 0.12

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    share = try map.double("share", in: 0...1) ?? share
    minPages = try map.int("min_pages", in: 2...100_000) ?? minPages
    tolerance = try map.double("tolerance", in: 0...100) ?? tolerance
    band = try map.double("band", in: 0...0.5) ?? band
  }
}

/// Steps over the whole document, after every page's tables were found.
public struct PDFDocumentSettings: Sendable, Equatable {
  /// Whether a table continued on the next page with the same columns becomes one table.
  public var mergeContinuations: Bool = true
  /// A table whose rows are labels with page numbers, at least this many of them naming the
  /// headings of tables further on in the same order, is a table of contents and is left out
  /// (its page numbers are not data). 0 keeps every table.
  public var contentsMinEntries: Int = 3

  public init() {}

  mutating func read(_ map: inout ConfigMap) throws {
    mergeContinuations = try map.bool("merge_continuations") ?? mergeContinuations
    contentsMinEntries = try map.int("contents_min_entries", in: 0...1000) ?? contentsMinEntries
  }
}
