import TallyCore

// Tables from text alignment alone (camelot's "stream"): runs of lines with two or more cells in
// shared columns, with the header lines above them, wrapped last rows and footnotes below.

/// A header line over the figure columns may reach this many em of body text past the last
/// column: a header is often wider than the figures under it.
private let headerOverhangEm = 2.0
/// A bold label line heads the table when set no larger than its text; sizes read from different
/// fonts differ by a few percent.
private let labelSizeSlack = 1.05
/// A label line starts at the label column within this many em of its own size.
private let labelAlignEm = 0.25
/// Gaps of a line with multi-word chunks count as justified prose only while narrower than this
/// many cell gaps: table columns stand wider apart.
private let justifiedNarrowGapCells = 2.0
/// Share of a justified line's chunks that must hold letters: a row of figures is no prose.
private let justifiedLetteredShare = 0.8

/// Finds tables from text alignment in the lines no ruled finder claimed: regions of lines with
/// two or more cells in shared columns (`linesToRegions`), widened by the header lines above them
/// and a wrapped last row, with the footnote lines right under them.
struct StreamFinder: TableFinder {
  static let name = "Stream"
  let evidence = TableEvidence.alignment
  var settings: PDFTableSettings

  init(settings: PDFTableSettings) { self.settings = settings }

  func find(in pool: inout PagePool) -> [PageTable] {
    let lines = pool.lines
    let bodySize = pool.bodySize
    var footnoteOf: [Int: Int] = [:]
    var streamTables: [PageTable] = []
    for region in linesToRegions(lines, bodySize: bodySize, settings: settings) {
      var start = region.lines.lowerBound
      let regionLines = Array(lines[region.lines])
      let columns = chunksToColumns(regionLines)
      // Header lines that sit over the figure columns, just above the first row with cells.
      // Also a bold label line starting at the label column, set no larger than the table (the
      // header of a one-column-of-labels table, or the first group label).
      if columns.count >= 2 {
        var k = start - 1
        var added = 0
        let tableSize = regionLines.map(\.size).max() ?? bodySize
        while k >= 0, added < settings.tables.maxHeaderRows, !pool.usedLines.contains(k), lineFollows(lines[k + 1], lines[k]) {
          let line = lines[k]
          let gap = lines[k + 1].box.y0 - line.box.y1
          let overFigures = line.box.x0 > columns[0].upperBound
            && line.box.x1 <= columns[columns.count - 1].upperBound + headerOverhangEm * bodySize
          let label = line.chunks.count == 1 && line.isBold && line.size <= tableSize * labelSizeSlack
            && abs(line.box.x0 - columns[0].lowerBound) <= labelAlignEm * line.size
          // Column heads over the figures may stand further off (a header repeated at the top of a
          // continuation page) than labels over the body.
          let limit = overFigures ? settings.tables.maxRowGapEm : settings.tables.headerGapEm
          guard gap <= limit * max(line.size, bodySize), !lineIsLargeHeading(line, bodySize: bodySize, settings: settings),
            line.wordCount <= settings.tables.maxCellWords, overFigures || label
          else { break }
          start = k
          added += 1
          k -= 1
        }
      }
      // A wrapped second line of the last row: one chunk over the figure columns at row spacing
      // ("58,2 % = 80 jaar of ouder" under "84,61% = 65 jaar of ouder"), or in the label column
      // set as tightly as a header band ("UCC" under "ALL").
      var end = region.lines.upperBound
      if columns.count >= 2 {
        while end < lines.count, lines[end].chunks.count == 1, lines[end].wordCount <= settings.tables.maxCellWords,
          lineFollows(lines[end], lines[end - 1])
        {
          let line = lines[end]
          let gap = line.box.y0 - lines[end - 1].box.y1
          let overFigures = line.box.x0 > columns[0].upperBound
            && line.box.x1 <= columns[columns.count - 1].upperBound + headerOverhangEm * bodySize
            && gap <= settings.tables.headerGapEm * max(line.size, bodySize)
          let underLabel = line.box.x1 < columns[1].lowerBound && abs(line.box.x0 - columns[0].lowerBound) <= labelAlignEm * line.size
            && gap < settings.tables.headerBandGapEm * bodySize
          guard overFigures || underLabel else { break }
          end += 1
        }
      }
      let range = start..<end
      guard var table = regionToTable(
        Array(lines[range]), page: pool.page, bodySize: bodySize, settings: settings,
        columns: range == region.lines ? columns : nil),
        // A numbered list set in two columns is text.
        !tableIsNumberedList(table)
      else {
        continue
      }
      table = joinDetachedSigns(table)
      // Footnotes right under the table.
      var bottom = table.box.y1
      var k = range.upperBound
      let tableSize = lines[range].map(\.size).max() ?? bodySize
      while k < lines.count {
        let line = lines[k]
        guard line.box.y0 - bottom <= settings.stream.footnoteGapEm * line.size, lineFollows(line, lines[k - 1]),
          lineIsFootnote(line, tableSize: tableSize)
        else {
          break
        }
        table.footnotes.append(line.text)
        footnoteOf[k] = streamTables.count
        bottom = line.box.y1
        k += 1
      }
      for i in range { pool.usedLines.insert(i) }
      for i in footnoteOf.keys { pool.usedLines.insert(i) }
      streamTables.append(table)
    }
    return streamTables
  }
}

/// A run of lines that may form a table: indices into the page's lines.
struct LineRegion: Sendable, Equatable {
  var lines: Range<Int>
}

/// Finds runs of lines with two or more chunks, bridging short single-chunk lines (wrapped cells,
/// section labels) and stopping at wide gaps, headings and prose.
func linesToRegions(_ lines: [TextLine], bodySize: Double, settings: PDFTableSettings) -> [LineRegion] {
  var regions: [LineRegion] = []
  var i = 0
  func isTableLine(_ line: TextLine, settings: PDFTableSettings) -> Bool {
    TallyExtractPDF.isTableLine(line, settings: settings) && !lineIsHeadingWithNote(line, bodySize: bodySize, settings: settings)
      && !lineIsNumberedCaption(line)
  }
  while i < lines.count {
    guard isTableLine(lines[i], settings: settings) else {
      i += 1
      continue
    }
    let start = i
    var end = i
    // The style of the region's header line (its first line, or the label line right above it):
    // the same style again after a row of figures starts the next table.
    var headerStyle: LineStyle? = nil
    // The words of its header lines: the header printed again further down continues the table.
    var header = HeaderWords()
    if !lineHasFigure(lines[i]) {
      headerStyle = LineStyle(lines[i])
    } else {
      // The topmost of the label lines set tightly above the first row.
      var k = i - 1
      while k >= 0, i - k <= settings.tables.maxHeaderRows, lineFollows(lines[k + 1], lines[k]), !lineHasFigure(lines[k]),
        lines[k].wordCount <= settings.tables.maxCellWords,
        !lineIsLargeHeading(lines[k], bodySize: bodySize, settings: settings),
        lines[k + 1].box.y0 - lines[k].box.y1 <= settings.tables.headerGapEm * max(lines[k].size, bodySize)
      {
        headerStyle = LineStyle(lines[k])
        header.add(lines[k])
        k -= 1
      }
    }
    header.add(lines[i])
    var multiCount = 1
    var j = i + 1
    while j < lines.count {
      let gap = lines[j].box.y0 - lines[j - 1].box.y1
      let em = max(lines[j].size, lines[j - 1].size, 1)
      if gap > settings.tables.maxRowGapEm * em || !lineFollows(lines[j], lines[j - 1]) { break }
      if let style = headerStyle, lineStartsNewTable(lines[j], after: lines[j - 1], headerStyle: style),
        !header.isRepeated(by: lines[j])
      {
        break
      }
      header.add(lines[j])
      if lineIsLargeHeading(lines[j], bodySize: bodySize, settings: settings), !isTableLine(lines[j], settings: settings) {
        break
      }
      if lineIsHeadingWithNote(lines[j], bodySize: bodySize, settings: settings) { break }
      // A caption opens the next table.
      if lineIsNumberedCaption(lines[j]) { break }
      if isTableLine(lines[j], settings: settings) {
        end = j
        multiCount += 1
      } else if lines[j].wordCount > settings.tables.maxCellWords {
        break
      }
      j += 1
    }
    if multiCount >= settings.tables.minRows {
      regions.append(LineRegion(lines: start..<(end + 1)))
    }
    i = end + 1
  }
  return regions
}

/// Whether `line` comes after `previous` down the page rather than at the top of the next text
/// column (`linesInTextColumns` reads the columns one after the other).
func lineFollows(_ line: TextLine, _ previous: TextLine) -> Bool {
  line.box.midY >= previous.box.midY
}

/// A line with two or more chunks, none of them long prose, not a justified line of prose.
func isTableLine(_ line: TextLine, settings: PDFTableSettings) -> Bool {
  line.chunks.count >= 2 && line.chunks.allSatisfy { $0.wordCount <= settings.tables.maxCellWords }
    && !lineIsJustifiedProse(line, settings: settings)
}

/// A justified line of prose: its word gaps are stretched past the cell gap, but every chunk is
/// one word (the first may carry a bullet or a number before it), nearly all of them words with
/// letters, and every gap is the same width (a table's columns leave gaps of different widths).
/// Gaps stretched only just past the cell gap may leave some words together: then chunks of
/// several words are allowed while every gap stays under twice the cell gap (columns stand wider
/// apart).
func lineIsJustifiedProse(_ line: TextLine, settings: PDFTableSettings) -> Bool {
  let chunks = line.chunks
  guard chunks.count >= settings.stream.justifiedMinWords else { return false }
  let singleWords = chunks[0].wordCount <= 2 && chunks.dropFirst().allSatisfy({ $0.wordCount == 1 })
  if !singleWords {
    let narrow = justifiedNarrowGapCells * settings.layout.cellGapEm * max(line.size, 1)
    for k in 1..<chunks.count where chunks[k].box.x0 - chunks[k - 1].box.x1 >= narrow { return false }
  }
  let lettered = chunks.filter(\.hasLetter).count
  guard Double(lettered) >= justifiedLetteredShare * Double(chunks.count) else { return false }
  var lo = Double.infinity
  var hi = -Double.infinity
  for k in 1..<chunks.count {
    let gap = chunks[k].box.x0 - chunks[k - 1].box.x1
    lo = min(lo, gap)
    hi = max(hi, gap)
  }
  return hi - lo <= settings.stream.justifiedGapSpreadEm * max(line.size, 1)
}

/// A line without figures set in the table's header style, right after a row with figures set
/// otherwise: the header of the next table stacked under this one.
func lineStartsNewTable(_ line: TextLine, after previous: TextLine, headerStyle: LineStyle) -> Bool {
  guard !lineHasFigure(line), lineHasFigure(previous) else { return false }
  let style = LineStyle(line)
  return style == headerStyle && LineStyle(previous) != headerStyle
}

/// Turns one region into a table, or nil when it does not hold one. `columns`, when given, are
/// `chunksToColumns(lines)`, worked out by the caller already: they serve unless a sign is
/// joined to its figure.
func regionToTable(
  _ lines: [TextLine], page: Int, bodySize: Double, settings: PDFTableSettings,
  columns known: [ClosedRange<Double>]? = nil
) -> PageTable? {
  let joined = linesWithSignsJoined(lines)
  let lines = joined ?? lines
  let columns = joined == nil ? known ?? chunksToColumns(lines) : chunksToColumns(lines)
  guard columns.count >= settings.tables.minColumns else { return nil }
  var rows = lines.map { lineToRow($0, columns: columns) }
  if settings.tables.joinWrappedCells {
    rows = joinTightLines(rows, tightEm: settings.tables.tightLineGapEm)
    rows = joinHyphenatedLabels(rows, tightEm: settings.tables.tightLineGapEm)
    rows = joinWrappedRows(rows, ratio: settings.tables.wrapGapRatio)
  }
  // Drop columns nothing was put in.
  let used = columns.indices.filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  guard used.count >= settings.tables.minColumns else { return nil }
  let kept = used.map { columns[$0] }
  rows = rows.map { r in
    var n = r
    n.cells = used.map { r.cells[$0] }
    return n
  }
  let bodyRows = rows.filter { $0.distinctFilled >= 2 }
  guard bodyRows.count >= settings.tables.minRows else { return nil }
  if rowsReadAsText(rows, settings: settings) { return nil }
  // Prose laid out in two columns is not a table: most of its cells are long runs of words.
  let chunkWords = lines.flatMap { $0.chunks.map(\.wordCount) }
  let longShare = Double(chunkWords.filter { $0 >= longChunkWords }.count) / Double(max(1, chunkWords.count))
  if longShare > longChunkShare { return nil }

  var count = headerRowCount(rows, maxRows: settings.tables.maxHeaderRows)
  rows = widenCenteredHeaderCells(
    rows, count: count, columns: kept, tolerance: settings.tables.spanCentreToleranceEm * bodySize,
    share: settings.tables.spanCentreShare)
  (rows, count) = mergeHeaderLines(rows, count: count, bandGap: settings.tables.headerBandGapEm * bodySize)
  let indents = rowIndents(rows, headerCount: count, step: settings.tables.indentStepEm * bodySize)
  var box = rows[0].box
  for r in rows.dropFirst() { box = box.union(r.box) }
  return PageTable(
    page: page, box: box, columns: kept, rows: rows.map(\.cells), rowBoxes: rows.map(\.box),
    indents: indents, headerRowCount: count, kind: .stream)
}

/// A list marker set apart from its item: a bullet or dash alone, or a number (up to three
/// digits), a letter or a roman numeral closed by "." or ")", optionally opened by "(":
/// "•", "1.", "a)", "iv.", "(2)".
func textIsListMarker(_ text: String) -> Bool {
  // Read in place (no array of scalars), counting no further than a seventh scalar.
  let u = text.unicodeScalars
  var count = 0
  for _ in u {
    count += 1
    if count > 6 { return false }
  }
  guard count > 0 else { return false }
  if count == 1 {
    let p = u[u.startIndex].properties
    return !p.isAlphabetic && p.numericType == nil && !p.isWhitespace
  }
  var core = u[...]
  guard let last = core.last, last == "." || last == ")" else { return false }
  core = core.dropLast()
  if core.first == "(" { core = core.dropFirst() }
  guard !core.isEmpty else { return false }
  if core.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) { return core.count <= 3 }
  if core.count == 1 { return core[core.startIndex].properties.isLowercase }
  return core.count <= 4 && core.allSatisfy { "ivx".unicodeScalars.contains($0) }
}

/// Rows of figures without a single word (no row label, no header): a chart's labels, its axis
/// values or the values on its bars or on a map.
func rowsAreChartLabels(_ rows: [LaidRow]) -> Bool {
  for row in rows {
    for cell in row.cells where textHasLetter(cell.text) {
      return false
    }
  }
  return true
}

/// Words in a cell's text (runs between spaces).
func cellWordCount(_ text: String) -> Int {
  var n = 0
  var inWord = false
  for s in text.unicodeScalars {
    if s == " " {
      inWord = false
    } else if !inWord {
      inWord = true
      n += 1
    }
  }
  return n
}

/// Rows laid out on columns that are text or a chart, not a table: figures without a single word
/// (a chart's labels); a list (list markers alone in the first column, or paragraphs, items
/// beside them and no figure anywhere); or prose (more than `proseRowShare` of the
/// words sit in rows whose only content, list markers aside, is one run of at least
/// `proseCellWords` words: paragraphs beside a side note, numbered articles, hanging indents),
/// unless `minRows` rows or more hold a figure.
func rowsReadAsText(_ rows: [LaidRow], settings: PDFTableSettings) -> Bool {
  guard let width = rows.first?.cells.count, width >= 2 else { return false }
  var markers = 0
  var firstOther = false
  var figureRows = 0
  var words = 0
  var proseWords = 0
  for row in rows {
    let first = row.cells[0].text
    if !first.isEmpty {
      if textIsListMarker(first) {
        markers += 1
      } else if cellWordCount(first) < settings.stream.proseCellWords || cellIsFigure(first) {
        // A paragraph without a marker in the first column still reads as part of a list.
        firstOther = true
      }
    }
    var content = 0
    var contentWords = 0
    var contentFigure = false
    var c = 0
    while c < width {
      let cell = row.cells[c]
      c += max(1, cell.span)
      guard !cell.text.isEmpty else { continue }
      let n = cellWordCount(cell.text)
      words += n
      // "1." reads as a figure too: markers first.
      if textIsListMarker(cell.text) { continue }
      if cellIsFigure(cell.text) { contentFigure = true }
      content += 1
      contentWords = n
    }
    if contentFigure { figureRows += 1 }
    if content == 1, !contentFigure, contentWords >= settings.stream.proseCellWords { proseWords += contentWords }
  }
  if markers >= 2, !firstOther, figureRows == 0 { return true }
  if rowsAreChartLabels(rows) { return true }
  // Rows of figures make it a table however wordy its labels (a label listing many items).
  return figureRows < settings.tables.minRows && words > 0 && Double(proseWords) > settings.stream.proseRowShare * Double(words)
}
