import TallyCore

// Tables from text alignment alone: regions of lines with several cells, columns from the
// x-projection of their cells, rows from lines, wrapped lines joined, header rows on top.

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
    if !lineHasFigure(lines[i]) {
      headerStyle = LineStyle(lines[i])
    } else {
      // The topmost of the label lines set tightly above the first row.
      var k = i - 1
      while k >= 0, i - k <= settings.maxHeaderRows, !lineHasFigure(lines[k]),
        lines[k].wordCount <= settings.maxCellWords,
        !lineIsLargeHeading(lines[k], bodySize: bodySize, settings: settings),
        lines[k + 1].box.y0 - lines[k].box.y1 <= settings.headerGapEm * max(lines[k].size, bodySize)
      {
        headerStyle = LineStyle(lines[k])
        k -= 1
      }
    }
    var multiCount = 1
    var j = i + 1
    while j < lines.count {
      let gap = lines[j].box.y0 - lines[j - 1].box.y1
      let em = max(lines[j].size, lines[j - 1].size, 1)
      if gap > settings.maxRowGapEm * em { break }
      if let style = headerStyle, lineStartsNewTable(lines[j], after: lines[j - 1], headerStyle: style) { break }
      if lineIsLargeHeading(lines[j], bodySize: bodySize, settings: settings), !isTableLine(lines[j], settings: settings) {
        break
      }
      if lineIsHeadingWithNote(lines[j], bodySize: bodySize, settings: settings) { break }
      // A caption opens the next table.
      if lineIsNumberedCaption(lines[j]) { break }
      if isTableLine(lines[j], settings: settings) {
        end = j
        multiCount += 1
      } else if lines[j].wordCount > settings.maxCellWords {
        break
      }
      j += 1
    }
    if multiCount >= settings.minRows {
      regions.append(LineRegion(lines: start..<(end + 1)))
    }
    i = end + 1
  }
  return regions
}

/// A numbered caption on a line of its own: a capitalised word, a number ("3", "10.1", "7.5:"),
/// then a dash or colon (or the number closes with one) and at least one more word, with
/// nothing else on the line but notes in brackets ("(amounts × 1,000)"). It titles the table
/// under it and is none of its rows.
func lineIsNumberedCaption(_ line: TextLine) -> Bool {
  let first = line.chunks[0].words
  guard first.count >= 4,
    line.chunks.dropFirst().allSatisfy({ $0.words[0].text.unicodeScalars.first == "(" })
  else { return false }
  let word = first[0].text.unicodeScalars
  guard word.first?.properties.isUppercase == true, word.allSatisfy({ $0.properties.isAlphabetic }) else {
    return false
  }
  let number = Array(first[1].text.unicodeScalars)
  guard number.count <= 8, let lead = number.first, lead.value >= 0x30 && lead.value <= 0x39,
    number.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "." || $0 == ":" })
  else { return false }
  let closed = number.last == ":" || number.last == "."
  let dash = first[2].text
  return closed || dash == "-" || dash == "–" || dash == "—" || dash == ":"
}

/// A line with two or more chunks, none of them long prose, not a justified line of prose.
func isTableLine(_ line: TextLine, settings: PDFTableSettings) -> Bool {
  line.chunks.count >= 2 && line.chunks.allSatisfy { $0.wordCount <= settings.maxCellWords }
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
  guard chunks.count >= settings.justifiedMinWords else { return false }
  let singleWords = chunks[0].wordCount <= 2 && chunks.dropFirst().allSatisfy({ $0.wordCount == 1 })
  if !singleWords {
    let narrow = 2 * settings.cellGapEm * max(line.size, 1)
    for k in 1..<chunks.count where chunks[k].box.x0 - chunks[k - 1].box.x1 >= narrow { return false }
  }
  let lettered = chunks.filter(\.hasLetter).count
  guard Double(lettered) >= 0.8 * Double(chunks.count) else { return false }
  var lo = Double.infinity
  var hi = -Double.infinity
  for k in 1..<chunks.count {
    let gap = chunks[k].box.x0 - chunks[k - 1].box.x1
    lo = min(lo, gap)
    hi = max(hi, gap)
  }
  return hi - lo <= settings.justifiedGapSpreadEm * max(line.size, 1)
}

/// The look of a line: size, weight and colour of its first word.
struct LineStyle: Sendable, Equatable {
  var size: Double
  var isBold: Bool
  var color: UInt32
  var font: String

  init(_ line: TextLine) {
    // The first word, found without flattening the line's words into a new array.
    self.init(word: line.chunks.first(where: { !$0.words.isEmpty })!.words[0], isBold: line.isBold)
  }

  /// The look of one word, with the weight given for the whole line.
  init(word w: Word, isBold: Bool) {
    size = (w.size * 4).rounded() / 4
    self.isBold = isBold
    color = w.font.color
    font = w.font.name
  }
}

/// Some chunk of the line reads as a figure.
func lineHasFigure(_ line: TextLine) -> Bool {
  line.chunks.contains { $0.isFigure }
}

/// A line without figures set in the table's header style, right after a row with figures set
/// otherwise: the header of the next table stacked under this one.
func lineStartsNewTable(_ line: TextLine, after previous: TextLine, headerStyle: LineStyle) -> Bool {
  guard !lineHasFigure(line), lineHasFigure(previous) else { return false }
  let style = LineStyle(line)
  return style == headerStyle && LineStyle(previous) != headerStyle
}

/// Column x-ranges from the chunks of a region. A chunk that bridges two separate groups of other
/// lines' chunks (a spanning header, an overflowing label) does not shape the columns.
func chunksToColumns(_ lines: [TextLine]) -> [ClosedRange<Double>] {
  var all: [(line: Int, box: BoundingBox)] = []
  all.reserveCapacity(lines.reduce(0) { $0 + $1.chunks.count })
  for (li, line) in lines.enumerated() {
    for c in line.chunks { all.append((li, c.box)) }
  }
  var kept: [(line: Int, box: BoundingBox)] = []
  kept.reserveCapacity(all.count)
  // Chunks by left edge (ties in input order, as the stable sort in `projectionGroups` leaves
  // them): the scan for overlapping chunks stops at the first one starting past the right edge,
  // and their groups are counted as `projectionGroups` would form them, with no array per chunk.
  // The scan reads the chunks in that order from one packed array (`position` finds a chunk's
  // place there), not through the index.
  let byLeft = all.indices.sorted { (all[$0].box.x0, $0) < (all[$1].box.x0, $1) }
  let sorted = byLeft.map { m in
    ColumnScanChunk(x0: all[m].box.x0, x1: all[m].box.x1, width: all[m].box.width, line: all[m].line)
  }
  var position = [Int](repeating: 0, count: all.count)
  for (p, m) in byLeft.enumerated() { position[m] = p }
  sorted.withUnsafeBufferPointer { sorted in
    for (k, c) in all.enumerated() where chunkBridgesGroups(c.box, line: c.line, at: position[k], sorted: sorted) < 2 {
      kept.append((c.line, c.box))
    }
  }
  if kept.isEmpty { kept = all }
  // Rows with figures set the columns; a line without figures (a header, a label) only adds a
  // column where no such row has a cell: a year centred over two columns of figures, reaching
  // into the gap between them, does not join them.
  let figureLine = lines.map(lineHasFigure)
  if figureLine.lazy.filter({ $0 }).count >= 2 {
    let body = projectionGroups(kept.filter { figureLine[$0.line] }.map { ($0.box.x0, $0.box.x1) })
    let extra = kept.filter { k in
      !figureLine[k.line] && !body.contains { $0.1 > k.box.x0 && $0.0 < k.box.x1 }
    }
    return projectionGroups(body + extra.map { ($0.box.x0, $0.box.x1) }).map { $0.0...$0.1 }
  }
  return projectionGroups(kept.map { ($0.box.x0, $0.box.x1) }).map { $0.0...$0.1 }
}

/// A chunk as `chunksToColumns` scans it: its x-range, width and line.
private struct ColumnScanChunk {
  var x0: Double
  var x1: Double
  var width: Double
  var line: Int
}

/// How many separate groups (stopping at 2) the narrower chunks of other lines overlapping `box`
/// form, as `projectionGroups` would merge them. `sorted` holds every chunk by left edge (ties in
/// input order); the chunk itself is at `position`.
private func chunkBridgesGroups(
  _ box: BoundingBox, line: Int, at position: Int, sorted: UnsafeBufferPointer<ColumnScanChunk>
) -> Int {
  var groups = 0
  var end = 0.0
  // A narrower chunk starting more than this chunk's width to its left ends before it: the
  // scan starts past those (1 pt spare for rounding).
  var lo = 0
  var hi = sorted.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid].x0 < box.x0 - box.width - 1 { lo = mid + 1 } else { hi = mid }
  }
  // Only narrower chunks judge a chunk: two wide labels over the same pair of columns would
  // otherwise bridge the gap for each other.
  let narrower = 0.8 * box.width
  // The left edge of the last chunk the scan can reach (the last starting left of this chunk's
  // right edge), found when the first group starts.
  var lastLeft = -Double.infinity
  var p = lo
  while p < sorted.count {
    let o = sorted[p]
    guard o.x0 < box.x1 else { break }
    if p != position && o.line != line && min(box.x1, o.x1) - max(box.x0, o.x0) > 0 && o.width < narrower {
      if groups > 0 && o.x0 < end {
        end = max(end, o.x1)
      } else {
        groups += 1
        end = o.x1
        if groups >= 2 { break }
        var a = p + 1
        var b = sorted.count
        while a < b {
          let mid = (a + b) / 2
          if sorted[mid].x0 < box.x1 { a = mid + 1 } else { b = mid }
        }
        lastLeft = sorted[a - 1].x0
      }
      // Every chunk still to come starts at or before `lastLeft`, so inside the group when it
      // reaches past that (as it does when it reaches this chunk's right edge): no second
      // group can start. (Left-aligned labels: the scan ends at the first narrower one.)
      if lastLeft < end { break }
    }
    p += 1
  }
  return groups
}

/// Merges overlapping intervals; returns the disjoint groups left to right.
func projectionGroups(_ intervals: [(Double, Double)]) -> [(Double, Double)] {
  let sorted = intervals.sorted { $0.0 < $1.0 }
  var out: [(Double, Double)] = []
  for iv in sorted {
    if let last = out.last, iv.0 < last.1 {
      out[out.count - 1].1 = max(last.1, iv.1)
    } else {
      out.append(iv)
    }
  }
  return out
}

/// The columns a chunk occupies: every column whose centre it covers when that is two or more
/// (a spanning cell), else the column it overlaps most, else the nearest.
func chunkToColumns(_ box: BoundingBox, columns: [ClosedRange<Double>]) -> ClosedRange<Int> {
  // The first and last column covered, and how many: no array of them.
  var covered = 0
  var first = 0
  var last = 0
  for (i, c) in columns.enumerated() {
    let mid = (c.lowerBound + c.upperBound) / 2
    if box.x0 <= mid && mid <= box.x1 {
      if covered == 0 { first = i }
      last = i
      covered += 1
    }
  }
  if covered >= 2 { return first...last }
  var best = 0
  var bestScore = -Double.infinity
  for (i, c) in columns.enumerated() {
    let overlap = min(box.x1, c.upperBound) - max(box.x0, c.lowerBound)
    if overlap > bestScore {
      bestScore = overlap
      best = i
    }
  }
  return best...best
}

/// One line laid onto the columns.
struct LaidRow: Sendable {
  var cells: [GridCell]
  var box: BoundingBox
  /// x0 of the first chunk in the first column, for indentation.
  var labelX0: Double?
  var filled: Int { cells.filter { !$0.text.isEmpty }.count }
  var distinctFilled: Int {
    var n = 0
    var i = 0
    while i < cells.count {
      if !cells[i].text.isEmpty { n += 1 }
      i += max(1, cells[i].span)
    }
    return n
  }
}

/// Lays each line's chunks onto the columns; chunks in the same column are joined.
func lineToRow(_ line: TextLine, columns: [ClosedRange<Double>]) -> LaidRow {
  var cells = Array(repeating: GridCell.empty, count: columns.count)
  var labelX0: Double? = nil
  for chunk in line.chunks {
    let span = chunkToColumns(chunk.box, columns: columns)
    if span.lowerBound == 0 && labelX0 == nil { labelX0 = chunk.box.x0 }
    for c in span {
      if cells[c].text.isEmpty {
        cells[c] = GridCell(text: chunk.text, box: chunk.box, isBold: chunk.isBold, span: span.count)
      } else {
        cells[c].text += " " + chunk.text
        cells[c].box = cells[c].box.map { $0.union(chunk.box) } ?? chunk.box
        cells[c].isBold = cells[c].isBold && chunk.isBold
      }
    }
  }
  return LaidRow(cells: cells, box: line.box, labelX0: labelX0)
}

/// Joins a row's cell texts into another, column by column (wrapped lines of one printed row).
func mergeRows(_ upper: LaidRow, _ lower: LaidRow) -> LaidRow {
  var out = upper
  for i in 0..<out.cells.count {
    let l = lower.cells[i]
    guard !l.text.isEmpty else { continue }
    if out.cells[i].text.isEmpty {
      out.cells[i] = l
    } else {
      out.cells[i].text = joinWrappedLines(out.cells[i].text, l.text)
      out.cells[i].box = out.cells[i].box.map { b in l.box.map { b.union($0) } ?? b } ?? l.box
      out.cells[i].isBold = out.cells[i].isBold && l.isBold
      out.cells[i].span = min(out.cells[i].span, l.span)
    }
  }
  out.box = upper.box.union(lower.box)
  out.labelX0 = upper.labelX0 ?? lower.labelX0
  return out
}

/// Whether `part` can be folded into `row`: each of its filled cells lands on an empty cell or on
/// a text cell (figures do not wrap onto a second line).
func rowsCompatible(_ row: LaidRow, _ part: LaidRow) -> Bool {
  for i in 0..<row.cells.count where !part.cells[i].text.isEmpty {
    if cellIsFigure(part.cells[i].text) { return false }
    if cellIsFigure(row.cells[i].text) { return false }
  }
  return true
}

/// Folds wrapped lines into their rows. A line with one filled cell and no figure belongs to the
/// row above (or below, for cells aligned to the bottom or middle) when it is set closer than the
/// table's usual gap between rows, or when it starts in lower case.
func joinWrappedRows(_ rows: [LaidRow], ratio: Double) -> [LaidRow] {
  guard rows.count > 1 else { return rows }
  var anchorGaps: [Double] = []
  for k in 1..<rows.count where rows[k].distinctFilled >= 2 && rows[k - 1].distinctFilled >= 2 {
    anchorGaps.append(rows[k].box.y0 - rows[k - 1].box.y1)
  }
  let rowGap = median(anchorGaps)
  let limit = anchorGaps.isEmpty ? -Double.infinity : rowGap * ratio
  var out: [LaidRow] = []
  var pendingBelow: LaidRow? = nil
  for (k, row) in rows.enumerated() {
    var row = row
    if let p = pendingBelow {
      row = mergeRows(p, row)
      pendingBelow = nil
    }
    let single = row.distinctFilled == 1 && !row.cells.contains { cellIsFigure($0.text) }
    if single, let prev = out.last {
      let gapUp = row.box.y0 - prev.box.y1
      let gapDown = k + 1 < rows.count ? rows[k + 1].box.y0 - row.box.y1 : Double.infinity
      let startsLower = row.cells.first { !$0.text.isEmpty }?.text.unicodeScalars.first.map {
        $0.properties.isLowercase
      } ?? false
      if rowsCompatible(prev, row) && (gapUp < limit || startsLower) && gapUp <= gapDown + 0.5 {
        out[out.count - 1] = mergeRows(prev, row)
        continue
      }
      if k + 1 < rows.count, gapDown < limit, rows[k + 1].distinctFilled >= 2, rowsCompatible(rows[k + 1], row),
        rows[k + 1].cells.indices.allSatisfy({ row.cells[$0].text.isEmpty || rows[k + 1].cells[$0].text.isEmpty })
      {
        pendingBelow = row
        continue
      }
    }
    out.append(row)
  }
  if let p = pendingBelow { out.append(p) }
  return out
}

/// Joins the lines of rows that wrap onto a second line set tightly under the first, when the
/// table's rows are clearly spaced wider than its lines: a gap under `tightEm` × size and under
/// half the usual gap between rows. Only below the header (the first row with a figure) and only
/// when wrapped lines are not the rule (no more tight gaps than wide ones).
func joinTightLines(_ rows: [LaidRow], tightEm: Double) -> [LaidRow] {
  guard let first = rows.firstIndex(where: { r in r.cells.contains { cellIsFigure($0.text) } }), rows.count - first >= 4
  else { return rows }
  var tight: [Double] = []
  var wide: [Double] = []
  for k in (first + 1)..<rows.count {
    let gap = rows[k].box.y0 - rows[k - 1].box.y1
    if gap < tightEm * rows[k].box.height { tight.append(gap) } else { wide.append(gap) }
  }
  guard !tight.isEmpty, wide.count >= 3, tight.count <= wide.count else { return rows }
  let limit = min(tightEm * median(rows.map(\.box.height)), 0.5 * median(wide))
  var out = Array(rows[...first])
  for k in (first + 1)..<rows.count {
    if rows[k].box.y0 - rows[k - 1].box.y1 < limit, let prev = out.last,
      // A wrapped part never puts a second figure in a cell.
      !prev.cells.indices.contains(where: { cellIsFigure(prev.cells[$0].text) && !rows[k].cells[$0].text.isEmpty })
    {
      out[out.count - 1] = mergeRows(prev, rows[k])
    } else {
      out.append(rows[k])
    }
  }
  return out
}

/// Joins a row into the one above when its label continues a word the label above broke at a
/// hyphen ("Sint-" over "Niklaas") and it is set as tightly as a wrapped line (`tightEm` × its
/// height), whatever the table's other rows do; no cell may get a second figure.
func joinHyphenatedLabels(_ rows: [LaidRow], tightEm: Double) -> [LaidRow] {
  var out: [LaidRow] = []
  for row in rows {
    if let prev = out.last, let upper = prev.cells.first?.text, let lower = row.cells.first?.text,
      upper.unicodeScalars.count > 2, lower.unicodeScalars.first?.properties.isAlphabetic == true,
      upper.hasSuffix("-"), upper.unicodeScalars.dropLast().last?.properties.isAlphabetic == true,
      row.box.y0 - prev.box.y1 < tightEm * row.box.height,
      !prev.cells.indices.contains(where: { cellIsFigure(prev.cells[$0].text) && !row.cells[$0].text.isEmpty })
    {
      out[out.count - 1] = mergeRows(prev, row)
    } else {
      out.append(row)
    }
  }
  return out
}

/// Leading rows without figures, capped; zero when no body row would be left.
func headerRowCount(_ rows: [LaidRow], maxRows: Int) -> Int {
  var n = 0
  for row in rows {
    if n >= maxRows { break }
    if row.cells.contains(where: { cellIsFigure($0.text) }) && !rowIsBoldLabels(row, under: n) { break }
    // A label alone in the first column under a header opens a group of the body.
    if n >= 1, !row.cells[0].text.isEmpty, row.cells.dropFirst().allSatisfy({ $0.text.isEmpty }) { break }
    n += 1
  }
  if n >= rows.count { return 0 }
  if n == 0, let first = rows.first, rows.count > 2, first.cells[0].text.isEmpty, first.filled >= 1 {
    return 0
  }
  return n
}

/// A bold row of labels under `headerRows` header rows: every filled cell bold and fewer than
/// half of them figures (a project code such as "3030" among the column heads).
func rowIsBoldLabels(_ row: LaidRow, under headerRows: Int) -> Bool {
  let filled = row.cells.filter { !$0.text.isEmpty }
  guard headerRows >= 1, filled.count >= 2, filled.allSatisfy(\.isBold) else { return false }
  return 2 * filled.filter { cellIsFigure($0.text) }.count < filled.count
}

/// Joins two texts of one cell set on successive lines; a word broken after a hyphen is joined
/// without a space ("WERK-" + "ZOEKENDEN").
func joinCellText(_ upper: String, _ lower: String) -> String {
  if upper.isEmpty { return lower }
  if lower.isEmpty { return upper }
  if upper.hasSuffix("-"), upper.count > 1 { return upper + lower }
  return upper + " " + lower
}

/// Widens a header cell set over a group of columns: a cell narrower than the columns it heads
/// (REGIO over MIDDEN … CENTRAAL) is centred over them, and nothing else in its row sits above
/// them. The group chosen is the one whose centre is nearest the cell's, within `tolerance`
/// (in points, plus `share` of the group's width); the label column is never part of it.
func widenCenteredHeaderCells(
  _ rows: [LaidRow], count: Int, columns: [ClosedRange<Double>], tolerance: Double, share: Double
) -> [LaidRow] {
  guard count >= 2, columns.count >= 3 else { return rows }
  var out = rows
  for r in 0..<(count - 1) {
    var c = 1
    while c < columns.count {
      let cell = out[r].cells[c]
      guard !cell.text.isEmpty, cell.span == 1, let box = cell.box else {
        c += max(1, cell.span)
        continue
      }
      // A cell sharing an edge with the text under it in its column is a line of that column's
      // header (right- or left-aligned), not a cell centred over a group.
      let aligned = out[(r + 1)..<count].contains { row in
        guard let b = row.cells[c].box, !row.cells[c].text.isEmpty else { return false }
        return abs(b.x0 - box.x0) < 1 || abs(b.x1 - box.x1) < 1
      }
      if aligned {
        c += 1
        continue
      }
      var best: (a: Int, b: Int, offset: Double)? = nil
      var a = c
      while a >= 1 && (a == c || out[r].cells[a].text.isEmpty) {
        var b = c
        while b < columns.count && (b == c || out[r].cells[b].text.isEmpty) {
          if b > a {
            let x0 = columns[a].lowerBound
            let x1 = columns[b].upperBound
            let offset = abs(box.midX - (x0 + x1) / 2)
            // Something beneath in two or more of the columns: the cell heads a group.
            let beneath = (a...b).filter { k in out[(r + 1)..<count].contains { !$0.cells[k].text.isEmpty } }.count
            if beneath >= 2, offset <= tolerance + share * (x1 - x0), offset < (best?.offset ?? .infinity) {
              best = (a, b, offset)
            }
          }
          b += 1
        }
        a -= 1
      }
      if let g = best {
        var wide = cell
        wide.span = g.b - g.a + 1
        for k in g.a...g.b { out[r].cells[k] = wide }
        // Its wrapped second line, centred under it, spans the same columns.
        if r + 1 < count - 1 {
          for k in g.a...g.b {
            let below = out[r + 1].cells[k]
            guard let bb = below.box, !below.text.isEmpty, below.span == 1,
              abs(bb.midX - box.midX) <= tolerance, bb.y0 - box.y1 < 0.5 * max(bb.height, 1),
              (g.a...g.b).allSatisfy({ $0 == k || out[r + 1].cells[$0].text.isEmpty })
            else { continue }
            var w = below
            w.span = wide.span
            for j in g.a...g.b { out[r + 1].cells[j] = w }
            break
          }
        }
        c = g.b + 1
      } else {
        c += 1
      }
    }
  }
  return out
}

/// Folds the header rows into one row per level. Lines of the header band set close together
/// (a gap under `bandGap`, or under a row with a spanning cell) are wrapped lines of the same cells and are joined column by column
/// ("Budget" over "2024" is "Budget 2024"), unless a cell spans several columns: then the band is
/// a two-level header, the spanning cells (with every column they do not cover) in the first row
/// and what stands under them in the second.
func mergeHeaderLines(_ rows: [LaidRow], count: Int, bandGap: Double) -> (rows: [LaidRow], count: Int) {
  guard count > 1 else { return (rows, count) }
  var bands: [[LaidRow]] = []
  for row in rows[0..<count] {
    // A row with a spanning cell heads what is under it, however far.
    if let last = bands.last?.last,
      row.box.y0 - last.box.y1 < bandGap || last.cells.contains(where: { $0.span > 1 && !$0.text.isEmpty })
    {
      bands[bands.count - 1].append(row)
    } else {
      bands.append([row])
    }
  }
  var header: [LaidRow] = []
  for band in bands {
    guard band.count > 1 else {
      header.append(band[0])
      continue
    }
    let width = band[0].cells.count
    let spanned = (0..<width).filter { k in band.contains { $0.cells[k].span > 1 && !$0.cells[k].text.isEmpty } }
    var top = band[0]
    var box = band[0].box
    for r in band.dropFirst() { box = box.union(r.box) }
    top.box = box
    var second = top
    for k in 0..<width {
      var upper = GridCell.empty
      var lower = GridCell.empty
      for r in band {
        let cell = r.cells[k]
        guard !cell.text.isEmpty else { continue }
        let isUpper = !spanned.contains(k) || cell.span > 1
        var target = isUpper ? upper : lower
        if target.text.isEmpty {
          target = cell
        } else {
          target.text = joinCellText(target.text, cell.text)
          target.box = target.box.map { b in cell.box.map { b.union($0) } ?? b } ?? cell.box
          target.isBold = target.isBold && cell.isBold
          target.span = max(target.span, cell.span)
        }
        if isUpper { upper = target } else { lower = target }
      }
      top.cells[k] = upper
      second.cells[k] = lower
    }
    header.append(top)
    if !spanned.isEmpty, second.cells.contains(where: { !$0.text.isEmpty }) { header.append(second) }
  }
  return (header + rows[count...], header.count)
}

/// A lone sign or dash: "-", "–", "—", "−", "+".
func textIsLoneSign(_ text: String) -> Bool {
  text == "-" || text == "–" || text == "—" || text == "−" || text == "+"
}

/// Joins a lone sign set apart from the figure after it ("-    935,00", accounting style) into
/// that figure's chunk, when the sign stands in the figure's column: every chunk of the other
/// lines that reaches under the sign reaches under the figure too. A dash standing in a column
/// of its own (a zero or "not applicable" beside the next column's figure) is left alone.
func joinSignsToFigures(_ lines: [TextLine]) -> [TextLine] {
  linesWithSignsJoined(lines) ?? lines
}

/// `joinSignsToFigures`, nil when no sign is joined (the lines stay as they are).
func linesWithSignsJoined(_ lines: [TextLine]) -> [TextLine]? {
  var out: [TextLine]? = nil
  for (li, line) in lines.enumerated() where line.chunks.count >= 2 {
    var chunks = line.chunks
    var k = 0
    while k + 1 < chunks.count {
      let sign = chunks[k]
      let figure = chunks[k + 1]
      guard sign.wordCount == 1, textIsLoneSign(sign.words[0].text), figure.isFigure else {
        k += 1
        continue
      }
      var ownColumn = false
      for (lj, other) in lines.enumerated() where lj != li {
        for o in other.chunks where o.box.xOverlap(sign.box) > 0 && o.box.xOverlap(figure.box) <= 0 {
          ownColumn = true
        }
        if ownColumn { break }
      }
      if ownColumn {
        k += 1
        continue
      }
      chunks[k] = Chunk(words: sign.words + figure.words)
      chunks.remove(at: k + 1)
      k += 1
    }
    if chunks.count != line.chunks.count {
      if out == nil { out = lines }
      out![li] = TextLine(chunks: chunks)
    }
  }
  return out
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
  guard columns.count >= settings.minColumns else { return nil }
  var rows = lines.map { lineToRow($0, columns: columns) }
  if settings.joinWrappedCells {
    rows = joinTightLines(rows, tightEm: settings.tightLineGapEm)
    rows = joinHyphenatedLabels(rows, tightEm: settings.tightLineGapEm)
    rows = joinWrappedRows(rows, ratio: settings.wrapGapRatio)
  }
  // Drop columns nothing was put in.
  let used = columns.indices.filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  guard used.count >= settings.minColumns else { return nil }
  let kept = used.map { columns[$0] }
  rows = rows.map { r in
    var n = r
    n.cells = used.map { r.cells[$0] }
    return n
  }
  let bodyRows = rows.filter { $0.distinctFilled >= 2 }
  guard bodyRows.count >= settings.minRows else { return nil }
  if rowsReadAsText(rows, settings: settings) { return nil }
  // Prose laid out in two columns is not a table: most of its cells are long runs of words.
  let chunkWords = lines.flatMap { $0.chunks.map(\.wordCount) }
  let longShare = Double(chunkWords.filter { $0 >= 7 }.count) / Double(max(1, chunkWords.count))
  if longShare > 0.5 { return nil }

  var count = headerRowCount(rows, maxRows: settings.maxHeaderRows)
  rows = widenCenteredHeaderCells(
    rows, count: count, columns: kept, tolerance: settings.spanCentreToleranceEm * bodySize,
    share: settings.spanCentreShare)
  (rows, count) = mergeHeaderLines(rows, count: count, bandGap: settings.headerBandGapEm * bodySize)
  let labelX = rows[count...].compactMap(\.labelX0).min() ?? 0
  let step = settings.indentStepEm * bodySize
  let indents = rows.enumerated().map { i, r -> Int in
    guard i >= count, let x = r.labelX0, step > 0 else { return 0 }
    return clampedInt(((x - labelX) / step).rounded())
  }
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
      } else if cellWordCount(first) < settings.proseCellWords || cellIsFigure(first) {
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
    if content == 1, !contentFigure, contentWords >= settings.proseCellWords { proseWords += contentWords }
  }
  if markers >= 2, !firstOther, figureRows == 0 { return true }
  if rowsAreChartLabels(rows) { return true }
  // Rows of figures make it a table however wordy its labels (a label listing many items).
  return figureRows < settings.minRows && words > 0 && Double(proseWords) > settings.proseRowShare * Double(words)
}
