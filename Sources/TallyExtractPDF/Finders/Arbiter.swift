import TallyCore

/// Decides which finder's tables a page keeps. Areas the configuration names go first, then the
/// finders reading drawn rules; each claims the words of its tables. A ruled proposal that is
/// really a heading in a ruled or shaded band is overruled and its words go back. Finders reading
/// text alignment then see only the words left.
struct Arbiter {
  var finders: [any TableFinder]
  var settings: PDFTableSettings

  init(settings: PDFTableSettings, finders: [any TableFinder]? = nil) {
    self.settings = settings
    self.finders = finders ?? tableFinders(settings)
  }

  /// The page's tables (declared ones, then ruled, then aligned), claiming their words and lines
  /// in `pool`. `reusing` holds the lines of the page these words were taken from (`LineReuse`).
  func tables(in pool: inout PagePool, reusing: LineReuse? = nil) -> [PageTable] {
    var declared: [PageTable] = []
    for finder in finders where finder.evidence == .declared { declared += finder.find(in: &pool) }
    var ruled: [PageTable] = []
    for finder in finders where finder.evidence == .rules { ruled += finder.find(in: &pool) }
    // No declared or ruled table and no word taken: the words left are the page's words as they
    // were, so the page's lines can serve.
    let untouched = declared.isEmpty && ruled.isEmpty && pool.words.count == pool.pageWords.count
    ruled.removeAll { t in
      guard let inside = headingBandWords(t, pageWords: pool.pageWords, bodySize: pool.bodySize, settings: settings)
      else { return false }
      pool.giveBack(inside)
      return true
    }
    pool.groupLines(settings: settings, reusing: untouched ? reusing : nil)
    var aligned: [PageTable] = []
    for finder in finders where finder.evidence == .alignment { aligned += finder.find(in: &pool) }
    return declared + ruled + aligned
  }
}

/// The words (those of `pageWords` centred in its box) of a ruled table that is really a heading
/// in a ruled or filled band: no cell holds a figure and its words are set at heading size; nil
/// otherwise. The page's words are only gathered for a table without figures.
func headingBandWords(_ t: PageTable, pageWords: [Word], bodySize: Double, settings: PDFTableSettings) -> [Word]? {
  guard !t.rows.contains(where: { $0.contains { cellIsFigure($0.text) } }) else { return nil }
  let words = pageWords.filter { t.box.contains(x: $0.box.midX, y: $0.box.midY) }
  guard !words.isEmpty, median(words.map(\.size)) >= bodySize * settings.headings.sizeRatio else { return nil }
  return words
}

/// The ruled finders alone on `words`: their tables and the words outside them. `bodySize` is the
/// size of the document's running text (the page's when nil), to tell captions from headers.
func wordsToLatticeTables(
  _ words: [Word], rulings: [Ruling], page: Int, bodySize: Double? = nil, settings: PDFTableSettings
) -> (tables: [PageTable], remaining: [Word]) {
  guard !rulings.isEmpty else { return ([], words) }
  // The page's size when no document size is given: only asked when two or more rules could
  // frame a ruled-rows table.
  let horizontals = mergeRulings(rulings, snap: settings.rules.snap).filter {
    $0.axis == .horizontal && $0.length >= settings.ruledRows.minWidth
  }
  let size =
    bodySize ?? (!settings.ruledRows.enabled || horizontals.count < 2
      ? RuledRowsFinder.fallbackBodySize
      : linesToBodySize(wordsToLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)))
  var pool = PagePool(page: page, bodySize: size, words: words, rulings: rulings, snap: settings.rules.snap)
  let tables = tableFinders(settings).filter { $0.evidence == .rules }.flatMap { $0.find(in: &pool) }
  return (tables, pool.words)
}
