import TallyCore

// The finders' shared contract. Each finder is one file in this folder; `tableFinders` lists
// them in the order the arbiter asks them.

/// What a finder reads tables from, firmest first. The arbiter lets areas the configuration names
/// claim words first, then drawn rules, then text alignment: a rule is firmer evidence of a
/// table's extent than a gap between words.
enum TableEvidence: Sendable, Equatable, CaseIterable {
  /// The configuration names the table's place (`extract.pdf.areas`): asked first.
  case declared
  /// Drawn rules (grids, rows between horizontal rules).
  case rules
  /// Text alignment alone (columns of chunks).
  case alignment
}

/// A way of finding tables on one page. A finder looks at the words of the pool that no earlier
/// finder claimed, and claims the words (or lines) of every table it returns.
protocol TableFinder: Sendable {
  /// Stable name of the finder (its type name without `Finder`), for the registry and debugging.
  static var name: String { get }
  /// What the finder reads tables from; decides when the arbiter asks it.
  var evidence: TableEvidence { get }
  /// The tables among the unclaimed words of `pool`, top to bottom as found; their words are
  /// claimed in `pool`.
  func find(in pool: inout PagePool) -> [PageTable]
}

/// Every finder, in the order the arbiter asks them (within one kind of evidence). A new finder is
/// one new file and one line here.
func tableFinders(_ settings: PDFTableSettings) -> [any TableFinder] {
  [
    AreaFinder(settings: settings),
    RuledGridFinder(settings: settings),
    RuledRowsFinder(settings: settings),
    StreamFinder(settings: settings),
  ]
}

/// One page as the finders share it: the page's words and rules, and what earlier finders have
/// not claimed yet.
struct PagePool {
  /// 1-based page number.
  let page: Int
  /// The size of the document's running text, to tell captions and headings from table text.
  let bodySize: Double
  /// Every word of the page (running headers and footers removed), claimed or not: context.
  let pageWords: [Word]
  /// The page's rules, joined where they touch (`mergeRulings`); empty when none were found.
  let rulings: [Ruling]
  /// The words no finder has claimed yet.
  private(set) var words: [Word]
  /// The lines of the unclaimed words, once `groupLines` has made them (alignment finders).
  private(set) var lines: [TextLine] = []
  /// Lines (indices into `lines`) a finder has taken into a table or its footnotes.
  var usedLines = Set<Int>()

  init(page: Int, bodySize: Double, words: [Word], rulings: [Ruling], snap: Double) {
    self.page = page
    self.bodySize = bodySize
    pageWords = words
    self.words = words
    self.rulings = rulings.isEmpty ? [] : mergeRulings(rulings, snap: snap)
  }

  /// Claims the words whose middle lies strictly inside `box`.
  mutating func claim(_ box: BoundingBox) {
    words.removeAll { box.contains(x: $0.box.midX, y: $0.box.midY) }
  }

  /// Gives words back to the pool (after the words it has).
  mutating func giveBack(_ returned: [Word]) { words += returned }

  /// Groups the unclaimed words into lines, for finders that read lines, column by column on a
  /// page set in text columns (`linesInTextColumns`). `reusing` the page's
  /// lines (grouped once when the page was read) when no word was claimed: grouping the same
  /// words again would give the same lines.
  mutating func groupLines(settings: PDFTableSettings, reusing: LineReuse?) {
    // Read column by column where the page is set in two text columns.
    lines = linesInTextColumns(
      wordsToPageLines(
        words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm, lineOfWord: false, reusing: reusing
      ).lines, bodySize: bodySize, settings: settings)
  }
}
