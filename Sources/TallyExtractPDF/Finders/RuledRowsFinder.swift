import TallyCore

// Tables ruled by rows only (booktabs style, or a frame whose columns are not ruled): horizontal
// rules sharing one extent give the table's extent and row breaks, text alignment its columns.

/// Rules of one stack end within this many snap distances of each other…
private let stackEndSnaps = 2.0
/// …or within this share of their length (long rules drawn by hand end less exactly).
private let stackEndShare = 0.02
/// A line within this many points of the body size is set in running text's size (sizes read
/// from different fonts differ by a fraction of a point).
private let sameSizePoints = 0.5
/// How far above a table's top rule its header lines are looked for, in points.
private let headerReachPoints = 150.0
/// How far below a table's last rule a total row is looked for, in points.
private let totalReachPoints = 200.0
/// How far above a rule a row that would make it a header's underline is looked for, in points.
private let rowAboveReachPoints = 100.0

/// Finds tables ruled by rows only: stacks of horizontal rules sharing one extent, cut into
/// segments at headings, prose, charts and repeated header lines between stacked tables.
struct RuledRowsFinder: TableFinder {
  static let name = "RuledRows"
  let evidence = TableEvidence.rules
  var settings: PDFTableSettings

  /// Body text size assumed when neither the document's nor the page's is known (a page without
  /// two rules to frame a table, asked by tests alone): a common body size in points.
  static let fallbackBodySize = 10.0
  /// How far above its top rule a header line's top may sit and still be taken into the table's
  /// extent, in points: the segment starts just above the line.
  private static let headerLineLead = 0.5

  init(settings: PDFTableSettings) { self.settings = settings }

  func find(in pool: inout PagePool) -> [PageTable] {
    guard settings.ruledRows.enabled else { return [] }
    let snap = settings.rules.snap
    let horizontals = pool.rulings.filter { $0.axis == .horizontal && $0.length >= settings.ruledRows.minWidth }
    let bodySize = pool.bodySize
    var tables: [PageTable] = []
    for stack in rulingsToStacks(horizontals, snap: snap) {
      let ys = clusterPositions(stack.map(\.position), snap: snap)
      guard ys.count >= 2 else { continue }
      let x0 = (stack.map(\.start).min() ?? 0) - snap
      let x1 = (stack.map(\.end).max() ?? 0) + snap
      for var segment in stackToSegments(ys, words: pool.words, x0: x0, x1: x1, bodySize: bodySize, settings: settings) {
        // Rules that do not frame the table from the top (header rows above the first rule) are
        // left to the alignment finder, which takes header lines above the body itself.
        if rowAboveRule(segment[0], words: pool.words, x0: x0, x1: x1, settings: settings) { continue }
        // Captions at the top of the first band are not part of the table; single-cell header
        // lines set right above the top rule are.
        // Both read the lines between the segment's first and last rule: grouped once.
        let framed = BoundingBox(x0: x0, y0: segment[0], x1: x1, y1: segment[segment.count - 1])
        let framedLines = wordsToLines(
          pool.words.filter { framed.contains(x: $0.box.midX, y: $0.box.midY) }, overlap: settings.layout.lineOverlap,
          chunkGapEm: settings.layout.cellGapEm)
        if let top = topBelowCaptions(lines: framedLines, bodySize: bodySize) {
          segment[0] = top
        } else if let first = headerLinesAboveRule(
          segment[0], table: RuledTableShape(rows: framedLines.filter { $0.chunks.count >= 2 }),
          words: pool.words, x0: x0, x1: x1, bodySize: bodySize, settings: settings
        ).first {
          segment.insert(first.box.y0 - Self.headerLineLead, at: 0)
        }
        // A last row (a total) may sit under the last rule, set at the table's line spacing; not
        // under a table the stack was cut after.
        if ys.contains(segment[segment.count - 1]),
          let below = linesBelowRule(segment[segment.count - 1], words: pool.words, x0: x0, x1: x1, settings: settings)
        {
          segment.append(below)
        }
        let band = BoundingBox(x0: x0, y0: segment[0], x1: x1, y1: segment[segment.count - 1])
        let inside = pool.words.filter { band.contains(x: $0.box.midX, y: $0.box.midY) }
        guard let table = bandsToTable(ys: segment, x0: x0, x1: x1, words: inside, page: pool.page, settings: settings)
        else { continue }
        tables.append(table)
        pool.claim(band)
      }
    }
    return tables
  }
}

/// Horizontal rules that share one extent (left and right ends within `snap` points, or within 2%
/// of their length), top to bottom: the row rules of one table.
func rulingsToStacks(_ horizontals: [Ruling], snap: Double) -> [[Ruling]] {
  var stacks: [[Ruling]] = []
  for r in horizontals.sorted(by: { $0.position < $1.position }) {
    let tolerance = max(stackEndSnaps * snap, stackEndShare * r.length)
    if let k = stacks.lastIndex(where: { s in
      let last = s[s.count - 1]
      return abs(last.start - r.start) <= tolerance && abs(last.end - r.end) <= tolerance
    }) {
      stacks[k].append(r)
    } else {
      stacks.append([r])
    }
  }
  return stacks.filter { $0.count >= 2 }
}

/// The usual text size of a table between rules, from its `lines`: the median size of its
/// lines with two or more cells (of all its lines when none has), 10 when it holds no text.
func ruledTableSize(lines: [TextLine]) -> Double {
  let rows = lines.filter { $0.chunks.count >= 2 }
  let sizes = (rows.isEmpty ? lines : rows).map(\.size)
  return sizes.isEmpty ? 10 : median(sizes)
}

/// Whether a line between rules ends the table it sits in: prose (a single run of more than
/// `maxCellWords` words), or a heading on its own (a single chunk set `headingSizeRatio` times
/// larger than the table's text).
func lineBreaksRuledTable(_ line: TextLine, tableSize: Double, settings: PDFTableSettings) -> Bool {
  guard line.chunks.count == 1 else { return false }
  return line.wordCount > settings.tables.maxCellWords
    || lineIsLargeHeading(line, bodySize: tableSize, settings: settings)
}

/// Splits a stack of rule positions into the tables it frames. A stack ends a table where a band
/// between two rules holds prose or a heading, where a line in the style of the table's header
/// follows a row of figures (the header of the next table ruled alike), where a band without text
/// is taller than `maxRowGapEm` (a chart) or any band is taller than `ruledBandMaxHeight`.
/// Rows of the band above such a line stay with the table: it then ends halfway between its last
/// line with two or more cells and the next line. Returns runs of two or more positions.
func stackToSegments(
  _ ys: [Double], words: [Word], x0: Double, x1: Double, bodySize: Double, settings: PDFTableSettings
) -> [[Double]] {
  // A band taller than `ruledBandMaxHeight` ends the table at once, none of its lines read: a
  // stack of only such bands (rules atop and under a page's text) frames no table.
  let tall = (1..<ys.count).map {
    BoundingBox(x0: x0, y0: ys[$0 - 1], x1: x1, y1: ys[$0]).height > settings.ruledRows.bandMaxHeight
  }
  guard tall.contains(false) else { return [] }
  let bottom = ys[ys.count - 1]
  let stackBox = BoundingBox(x0: x0, y0: ys[0], x1: x1, y1: bottom)
  let stackWords = words.filter { stackBox.contains(x: $0.box.midX, y: $0.box.midY) }
  // The stack's lines serve both its text size and its columns: grouped once.
  // With each word's line when there are several bands: a band's line holding the same words as
  // one of the stack's is that line (`LineReuse`), not built again.
  let stackPage = wordsToPageLines(
    stackWords, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm, lineOfWord: ys.count > 2)
  let stackLines = stackPage.lines
  let size = ruledTableSize(lines: stackLines)
  let shape = RuledTableShape(rows: stackLines.filter { $0.chunks.count >= 2 })
  var segments: [[Double]] = []
  var current: [Double] = [ys[0]]
  // The header line of the current table and the line before the one looked at.
  var headerAbove = headerLinesAboveRule(
    ys[0], table: shape, words: words, x0: x0, x1: x1, bodySize: bodySize, settings: settings)
  var header = headerAbove.first
  // The words of the current table's header lines: its header printed again in the body (after a
  // group, or every so many rows) continues it.
  var headerWords = HeaderWords()
  for line in headerAbove { headerWords.add(line) }
  var previous: TextLine? = nil
  // Styles of the single-cell label lines seen in the current table's body.
  var labels: [LineStyle] = []
  for k in 1..<ys.count {
    let band = BoundingBox(x0: x0, y0: ys[k - 1], x1: x1, y1: ys[k])
    let lines: [TextLine]
    if tall[k - 1] {
      // Broken at once, below: its lines are never read.
      lines = []
    } else if ys.count == 2 {
      // The one band is the stack's box: its words are the stack's, its lines the stack's.
      lines = stackLines
    } else {
      var bandWords: [Word] = []
      var fullIndex: [Int] = []
      for (i, w) in stackWords.enumerated() where band.contains(x: w.box.midX, y: w.box.midY) {
        bandWords.append(w)
        fullIndex.append(i)
      }
      lines = wordsToPageLines(
        bandWords, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm, lineOfWord: false,
        reusing: LineReuse(page: stackPage, fullIndex: fullIndex)
      ).lines
    }
    var breakAt: Int? = nil
    if band.height > settings.ruledRows.bandMaxHeight || (lines.isEmpty && band.height > settings.tables.maxRowGapEm * size) {
      breakAt = 0
    }
    for (i, line) in lines.enumerated() where breakAt == nil {
      if lineBreaksRuledTable(line, tableSize: size, settings: settings) {
        breakAt = i
      } else if let h = header, let p = previous, lineStartsNextRuledTable(line, after: p, header: h, labels: labels),
        !headerWords.isRepeated(by: line)
      {
        breakAt = i
      } else if header == nil {
        // `lineIsCaption`'s own first test, made before the columns are asked for.
        let maybeCaption = line.chunks.count == 1 && !line.isBold && abs(line.size - bodySize) < sameSizePoints
        if !(maybeCaption && lineIsCaption(line, columns: shape.columns, bodySize: bodySize)) { header = line }
      } else {
        if line.chunks.count == 1 && !lineHasFigure(line) { labels.append(LineStyle(line)) }
        previous = line
      }
      if breakAt == nil, header != nil { headerWords.add(line) }
    }
    guard let b = breakAt else {
      current.append(ys[k])
      continue
    }
    if let last = lines[..<b].lastIndex(where: { $0.chunks.count >= 2 }) {
      current.append((lines[last].box.y1 + lines[last + 1].box.y0) / 2)
    }
    if current.count >= 2 { segments.append(current) }
    current = [ys[k]]
    // The header of a next table: none follows the last rule.
    headerAbove =
      k == ys.count - 1
      ? []
      : headerLinesAboveRule(
        ys[k], table: shape, words: words, x0: x0, x1: x1, bodySize: bodySize, settings: settings)
    header = headerAbove.first
    headerWords = HeaderWords()
    for line in headerAbove { headerWords.add(line) }
    previous = nil
    labels = []
  }
  if current.count >= 2 { segments.append(current) }
  return segments
}

/// The text size and columns of the rows with two or more cells under a run of rules. The
/// columns are worked out when first asked for: most headers and captions are told apart
/// without them.
final class RuledTableShape {
  let size: Double
  private let rows: [TextLine]
  private(set) lazy var columns: [ClosedRange<Double>] = chunksToColumns(rows)

  /// From the table's lines with two or more cells, already grouped.
  init(rows: [TextLine]) {
    size = rows.isEmpty ? 10 : median(rows.map(\.size))
    self.rows = rows
  }
}

/// The header lines set right above a table's top rule at `y` (the table's `size` and `columns`
/// from `table`): a block of at most `maxHeaderRows` single-cell lines, each within `ruledRowGapEm` of
/// the next (and of the rule), none of them prose or a heading, each over at most one of the
/// table's columns and set apart from the page's running text (bold, or not at `bodySize`).
/// Empty when there is none, or when the block runs into a caption (a prose line, a line with
/// several cells, one reaching over several columns or one set as running text). Top to bottom.
func headerLinesAboveRule(
  _ y: Double, table: RuledTableShape, words: [Word], x0: Double, x1: Double, bodySize: Double,
  settings: PDFTableSettings
) -> [TextLine] {
  let over = words.filter { $0.box.midY < y && $0.box.midX > x0 && $0.box.midX < x1 && $0.box.y1 > y - headerReachPoints }
  let lines = wordsToLines(over, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
  guard !lines.isEmpty else { return [] }
  let size = table.size
  var block: [TextLine] = []
  var edge = y
  for line in lines.reversed() {
    let em = max(line.size, size)
    guard edge - line.box.y1 <= settings.ruledRows.rowGapEm * em else { break }
    let runningText = !line.isBold && abs(line.size - bodySize) < sameSizePoints
    // The columns spanned are only counted for a single-cell line.
    guard line.chunks.count == 1,
      table.columns.filter({ $0.upperBound > line.box.x0 && $0.lowerBound < line.box.x1 }).count <= 1, !runningText,
      !lineBreaksRuledTable(line, tableSize: size, settings: settings), block.count < settings.tables.maxHeaderRows
    else { return [] }
    block.insert(line, at: 0)
    edge = line.box.y0
  }
  return block
}

/// Whether `line` opens the next table ruled like the one above it: it carries no figure, is set
/// in the style of the table's header line, and follows a row of several cells set otherwise. A
/// single-cell line under a header of several cells is a group label instead when a label in its
/// style was already seen in the body (`labels`).
func lineStartsNextRuledTable(_ line: TextLine, after previous: TextLine, header: TextLine, labels: [LineStyle])
  -> Bool
{
  // The cheap tests first: looking for a figure builds the text of every chunk.
  guard previous.chunks.count >= 2 else { return false }
  let style = LineStyle(line)
  let headerStyle = LineStyle(header)
  guard style == headerStyle, LineStyle(previous) != headerStyle, !lineHasFigure(line) else { return false }
  return line.chunks.count > 1 || header.chunks.count == 1 || !labels.contains(style)
}

/// A caption: one run of words set as the page's running text (not bold, at `bodySize`) reaching
/// over two or more of `columns`.
func lineIsCaption(_ line: TextLine, columns: [ClosedRange<Double>], bodySize: Double) -> Bool {
  guard line.chunks.count == 1, !line.isBold, abs(line.size - bodySize) < sameSizePoints else { return false }
  return columns.filter { $0.upperBound > line.box.x0 && $0.lowerBound < line.box.x1 }.count >= 2
}

/// Where a table framed by rules starts when captions sit at the top of its first band, above
/// its first line with two or more cells (a caption between a title bar and the table): halfway
/// between the last caption and the next line; nil when there is none. `lines` are the lines
/// between the table's first and last rule, already grouped.
func topBelowCaptions(lines: [TextLine], bodySize: Double) -> Double? {
  let columns = chunksToColumns(lines.filter { $0.chunks.count >= 2 })
  var top: Double? = nil
  for (i, line) in lines.enumerated() where i + 1 < lines.count {
    guard lineIsCaption(line, columns: columns, bodySize: bodySize) else { break }
    top = (line.box.y1 + lines[i + 1].box.y0) / 2
  }
  return top
}

/// The bottom of the rows with two or more cells that follow a table's last rule at line spacing
/// (a total row set under the rule), or nil when none does.
func linesBelowRule(_ y: Double, words: [Word], x0: Double, x1: Double, settings: PDFTableSettings) -> Double? {
  let under = words.filter { $0.box.midY > y && $0.box.midX > x0 && $0.box.midX < x1 && $0.box.y0 < y + totalReachPoints }
  var bottom = y
  var found: Double? = nil
  for line in wordsToLines(under, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm) {
    guard line.box.y0 - bottom <= settings.ruledRows.rowGapEm * line.size, line.chunks.count >= 2,
      line.chunks.allSatisfy({ $0.wordCount <= settings.tables.maxCellWords })
    else { break }
    bottom = line.box.y1
    found = line.box.y1 + 0.5
  }
  return found
}

/// Whether a line with two or more cells sits right above the rule at `y` (within
/// `ruledRowGapEm` of its size): the rule is under a header, not on top of the table.
func rowAboveRule(_ y: Double, words: [Word], x0: Double, x1: Double, settings: PDFTableSettings) -> Bool {
  let over = words.filter { $0.box.midY < y && $0.box.midX > x0 && $0.box.midX < x1 && $0.box.y1 > y - rowAboveReachPoints }
  guard let line = wordsToLines(over, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm).last else {
    return false
  }
  return y - line.box.y1 <= settings.ruledRows.rowGapEm * line.size && line.chunks.count >= 2
}

/// Whether two lines of one band between rules are one printed row: no column holds a figure in
/// either, and a spanning cell does not meet a cell of another width.
func bandLinesJoin(_ upper: LaidRow, _ lower: LaidRow) -> Bool {
  guard rowsCompatible(upper, lower) else { return false }
  for (a, b) in zip(upper.cells, lower.cells) where !a.text.isEmpty && !b.text.isEmpty && a.span != b.span {
    return false
  }
  return true
}

/// A table between horizontal rules at `ys` (top to bottom): columns from the alignment of the
/// text, each band between two rules one row, unless its lines carry figures each (a body set
/// without rules between rows: every line a row) or are set apart wider than `tightLineGapEm`
/// (rows whose rule is too faint to see; a wrapped cell is set tightly).
func bandsToTable(ys: [Double], x0: Double, x1: Double, words: [Word], page: Int, settings: PDFTableSettings)
  -> PageTable?
{
  let lines = joinSignsToFigures(wordsToLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm))
  guard lines.filter({ $0.chunks.count >= 2 }).count >= settings.tables.minRows else { return nil }
  // Prose set in two columns is not a table.
  let chunkWords = lines.flatMap { $0.chunks.map(\.wordCount) }
  if Double(chunkWords.filter { $0 >= longChunkWords }.count) > longChunkShare * Double(max(1, chunkWords.count)) {
    return nil
  }
  let columns = chunksToColumns(lines)
  guard columns.count >= settings.tables.minColumns else { return nil }
  var rows: [LaidRow] = []
  // Lines above the first line with a figure stay apart, each with its band: the header is
  // shaped once its columns are known (a cell centred over a group of columns spans them).
  var headerBands: [Int] = []
  var inHeader = true
  var k = 0
  for b in 1..<ys.count {
    var bandRows: [LaidRow] = []
    while k < lines.count && lines[k].box.midY < ys[b] {
      let row = lineToRow(lines[k], columns: columns)
      if inHeader && lineHasFigure(lines[k]) { inHeader = false }
      if !inHeader, let last = bandRows.last,
        lines[k].box.y0 - lines[k - 1].box.y1 <= settings.tables.tightLineGapEm * lines[k].size,
        bandLinesJoin(last, row) || labelWrapsOnto(last, row)
      {
        bandRows[bandRows.count - 1] = mergeRows(last, row)
      } else {
        bandRows.append(row)
        if inHeader { headerBands.append(b) }
      }
      k += 1
    }
    rows.append(contentsOf: bandRows)
  }
  let used = columns.indices.filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  // The lines of one header band count as one row, as they will be once shaped.
  let rowCount = rows.indices.filter { i in
    rows[i].distinctFilled >= 2 && (i == 0 || i >= headerBands.count || headerBands[i] != headerBands[i - 1])
  }.count
  guard used.count >= settings.tables.minColumns, rowCount >= settings.tables.minRows else {
    return nil
  }
  rows = rows.map { r in
    var n = r
    n.cells = used.map { r.cells[$0] }
    return n
  }
  if rowsReadAsText(rows, settings: settings) { return nil }
  var count = headerRowCount(rows, maxRows: settings.tables.maxHeaderRows)
  let size = words.map(\.size).max() ?? 10
  (rows, count) = shapeRuledHeader(
    rows, count: count, bands: headerBands, columns: used.map { columns[$0] }, size: size, settings: settings.tables)
  let indents = rowIndents(rows, headerCount: count, step: settings.tables.indentStepEm * size)
  return PageTable(
    page: page, box: BoundingBox(x0: x0, y0: ys[0], x1: x1, y1: ys[ys.count - 1]), columns: used.map { columns[$0] },
    rows: rows.map(\.cells), rowBoxes: rows.map(\.box), indents: indents, headerRowCount: count, kind: .lattice)
}
