import TallyCore

// Two tables set side by side (a two-sided statement, two small tables in a row) or a table
// beside a column of prose share their lines: read across, they make one wide table. What
// separates them is a strip of white space running down the band they share, with a table's last
// column of figures on its left and labels or prose starting on its right (or prose on its left
// and a table's labels on its right). Such a band is read one side at a time.

/// How a gutter between things set side by side is told from a gap between two columns.
enum SideBySideGutter {
  /// The strip is at least this many body ems wide on every line it runs through.
  static let minWidthEm = 1.0
  /// Lines with text on both sides of it, at least.
  static let minSharedLines = 3
  /// Of the lines with text on its right, at least this share start there with letters (labels,
  /// prose), not a figure: between two columns of one table, figures start on the right.
  static let minLetteredRight = 0.6
  /// Of the lines with text on its left, at least this share end there with a figure (a table
  /// on the left) or with prose (a run of at least `proseWords` words).
  static let minFiguresOrProseLeft = 0.6
  static let proseWords = 5
  /// Prose on the left counts only when it runs beside most of the lines on the right (a group
  /// label now and then is a table's first column), at least this share of them.
  static let minProseLinesShare = 0.6
  /// Without figures on the right, the right must be prose: at least this share of its lines
  /// start with a run of `proseLineWords` words or more (short labels there are a chart's).
  static let minProseRightShare = 0.6
  static let proseLineWords = 6
  /// A horizontal rule across the gutter within this many body ems of the band makes both sides
  /// one ruled table.
  static let ruleMarginEm = 2.0
  /// A band ends at a vertical gap wider than this many ems (a paragraph break, the space
  /// between stacked blocks).
  static let maxLineGapEm = 2.5
  /// Lines above its first split line that join the band at most (titles, column heads).
  static let maxLinesAbove = 5
}

/// Whether a horizontal rule runs across the split's gutter in or near its band.
func ruleCrossesGutter(_ s: SideSplit, rulings: [Ruling], margin: Double) -> Bool {
  rulings.contains { r in
    r.axis == .horizontal && r.start < s.x - 1 && r.end > s.x + 1
      && r.position >= s.top - margin && r.position <= s.bottom + margin
  }
}

/// A band of the page (top to bottom) read as two sides split at `x`.
struct SideSplit: Sendable, Equatable {
  var top: Double
  var bottom: Double
  var x: Double
}

/// The bands of the page whose lines are split by a gutter between things set side by side
/// (`SideBySideGutter`), top to bottom, not overlapping.
func linesToSideSplits(_ lines: [TextLine], bodySize: Double) -> [SideSplit] {
  let minWidth = SideBySideGutter.minWidthEm * max(bodySize, 1)
  var splits: [SideSplit] = []
  var i = 0
  // The last line of the previous band.
  var floor = -1
  while i < lines.count {
    var found: (split: SideSplit, end: Int)? = nil
    let chunks = lines[i].chunks
    for k in chunks.indices.dropLast() where chunks[k + 1].box.x0 - chunks[k].box.x1 >= minWidth {
      if let s = gutterFrom(line: i, a: chunks[k].box.x1, b: chunks[k + 1].box.x0, lines: lines, minWidth: minWidth) {
        found = s
        break
      }
    }
    if var f = found {
      // Titles and column heads over the two sides (no line of them crossing the gutter) belong
      // to the band: its rows with figures may start a few lines down.
      var k = i - 1
      while k > floor, i - k <= SideBySideGutter.maxLinesAbove,
        lines[k + 1].box.y0 - lines[k].box.y1 <= SideBySideGutter.maxLineGapEm * max(lines[k].size, 1),
        !lines[k].chunks.contains(where: { $0.box.x0 < f.split.x && $0.box.x1 > f.split.x })
      {
        f.split.top = min(f.split.top, lines[k].box.y0)
        k -= 1
      }
      splits.append(f.split)
      floor = f.end
      i = f.end + 1
    } else {
      i += 1
    }
  }
  return splits
}

/// The gutter opened by the gap (a, b) on line `first`, followed down the lines while it stays
/// free and wide enough; nil when it does not separate two sides (`SideBySideGutter`).
private func gutterFrom(line first: Int, a: Double, b: Double, lines: [TextLine], minWidth: Double)
  -> (split: SideSplit, end: Int)?
{
  var lo = a
  var hi = b
  var last = first
  var shared = 0
  var rightLines = 0
  var letteredRight = 0
  var leftLines = 0
  var figureOrProseLeft = 0
  var proseLeft = 0
  var figuresLeft = 0
  var figuresRight = 0
  var proseRight = 0
  var j = first
  while j < lines.count {
    let line = lines[j]
    // A wide gap in the band (a paragraph break, the space between stacked blocks) ends it.
    if j > first && line.box.y0 - lines[j - 1].box.y1 > SideBySideGutter.maxLineGapEm * max(line.size, lines[j - 1].size, 1) {
      break
    }
    let mid = (lo + hi) / 2
    var newLo = lo
    var newHi = hi
    var crosses = false
    var leftLast: Chunk? = nil
    var rightFirst: Chunk? = nil
    for c in line.chunks {
      if c.box.x0 < mid && c.box.x1 > mid {
        crosses = true
        break
      }
      if c.box.x1 <= mid {
        newLo = max(newLo, c.box.x1)
        if leftLast == nil || c.box.x1 > leftLast!.box.x1 { leftLast = c }
      } else {
        newHi = min(newHi, c.box.x0)
        if rightFirst == nil || c.box.x0 < rightFirst!.box.x0 { rightFirst = c }
      }
    }
    if crosses || newHi - newLo < minWidth { break }
    lo = newLo
    hi = newHi
    if let l = leftLast {
      leftLines += 1
      if l.isFigure || l.wordCount >= SideBySideGutter.proseWords { figureOrProseLeft += 1 }
      if !l.isFigure && l.wordCount >= SideBySideGutter.proseWords { proseLeft += 1 }
    }
    // Rows of a table: a figure and at least one other cell on that side.
    if line.chunks.contains(where: { $0.box.x1 <= mid && $0.isFigure }),
      line.chunks.filter({ $0.box.x1 <= mid }).count >= 2
    {
      figuresLeft += 1
    }
    if let r = rightFirst {
      rightLines += 1
      if r.hasLetter && !r.isFigure { letteredRight += 1 }
      if r.wordCount >= SideBySideGutter.proseLineWords { proseRight += 1 }
      if line.chunks.contains(where: { $0.box.x0 >= mid && $0.isFigure }),
        line.chunks.filter({ $0.box.x0 >= mid }).count >= 2
      {
        figuresRight += 1
      }
    }
    if leftLast != nil && rightFirst != nil { shared += 1 }
    last = j
    j += 1
  }
  guard shared >= SideBySideGutter.minSharedLines, rightLines > 0, leftLines > 0,
    Double(letteredRight) >= SideBySideGutter.minLetteredRight * Double(rightLines),
    Double(figureOrProseLeft) >= SideBySideGutter.minFiguresOrProseLeft * Double(leftLines),
    // Prose on the left runs beside most lines of the right.
    Double(proseLeft) < SideBySideGutter.minFiguresOrProseLeft * Double(leftLines)
      || Double(leftLines) >= SideBySideGutter.minProseLinesShare * Double(rightLines),
    // At least one side is a table of figures.
    figuresLeft >= SideBySideGutter.minSharedLines || figuresRight >= SideBySideGutter.minSharedLines,
    // No figures on the right: prose there, not a chart's labels.
    figuresRight >= SideBySideGutter.minSharedLines
      || Double(proseRight) >= SideBySideGutter.minProseRightShare * Double(rightLines)
  else { return nil }
  var top = lines[first].box.y0
  var bottom = lines[first].box.y1
  for l in lines[first...last] {
    top = min(top, l.box.y0)
    bottom = max(bottom, l.box.y1)
  }
  return (SideSplit(top: top, bottom: bottom, x: (lo + hi) / 2), last)
}

/// The page's words in reading order of its parts: the words outside split bands as they come,
/// and each split band as its left side, then its right side. Each part is found tables in on
/// its own (`pageToItems`); rules are clipped to the part.
func pageToItemsBySide(
  words: [Word], rulings: [Ruling], page: Int, bodySize: Double, settings: PDFTableSettings,
  reusing: LineReuse? = nil
) -> [PageItem] {
  let lines = wordsToPageLines(
    words, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm, lineOfWord: false, reusing: reusing
  ).lines
  let splits = linesToSideSplits(lines, bodySize: bodySize).filter {
    !ruleCrossesGutter($0, rulings: rulings, margin: SideBySideGutter.ruleMarginEm * bodySize)
  }
  guard !splits.isEmpty else {
    return pageToItems(
      words: words, rulings: rulings, page: page, bodySize: bodySize, settings: settings, reusing: reusing)
  }
  var items: [PageItem] = []
  var rest = words
  for s in splits {
    func inBand(_ w: Word) -> Bool { w.box.midY >= s.top && w.box.midY <= s.bottom }
    let above = rest.filter { !inBand($0) && $0.box.midY < s.top }
    let band = rest.filter(inBand)
    rest = rest.filter { !inBand($0) && $0.box.midY > s.bottom }
    if !above.isEmpty {
      items += pageToItems(words: above, rulings: rulings, page: page, bodySize: bodySize, settings: settings)
    }
    let left = band.filter { $0.box.midX < s.x }
    let right = band.filter { $0.box.midX >= s.x }
    for (side, keep) in [(left, true), (right, false)] where !side.isEmpty {
      let clipped = rulingsClipped(rulings, x: s.x, left: keep, top: s.top, bottom: s.bottom)
      items += pageToItems(words: side, rulings: clipped, page: page, bodySize: bodySize, settings: settings)
    }
  }
  if !rest.isEmpty {
    items += pageToItems(words: rest, rulings: rulings, page: page, bodySize: bodySize, settings: settings)
  }
  return items
}

/// The rules on one side of `x`: horizontal ones cut at it, vertical ones on that side.
func rulingsClipped(_ rulings: [Ruling], x: Double, left: Bool, top: Double, bottom: Double) -> [Ruling] {
  rulings.compactMap { r in
    switch r.axis {
    case .vertical:
      return (r.position < x) == left ? r : nil
    case .horizontal:
      var c = r
      if left { c.end = min(c.end, x) } else { c.start = max(c.start, x) }
      return c.end - c.start > 1 ? c : nil
    }
  }
}
