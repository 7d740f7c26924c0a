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
  while i < lines.count {
    guard isTableLine(lines[i], settings: settings) else {
      i += 1
      continue
    }
    let start = i
    var end = i
    var multiCount = 1
    var j = i + 1
    while j < lines.count {
      let gap = lines[j].box.y0 - lines[j - 1].box.y1
      let em = max(lines[j].size, lines[j - 1].size, 1)
      if gap > settings.maxRowGapEm * em { break }
      if lineIsLargeHeading(lines[j], bodySize: bodySize, settings: settings), !isTableLine(lines[j], settings: settings) {
        break
      }
      if isTableLine(lines[j], settings: settings) {
        end = j
        multiCount += 1
      } else if lines[j].words.count > settings.maxCellWords {
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

/// A line with two or more chunks, none of them long prose.
func isTableLine(_ line: TextLine, settings: PDFTableSettings) -> Bool {
  line.chunks.count >= 2 && line.chunks.allSatisfy { $0.wordCount <= settings.maxCellWords }
}

/// Column x-ranges from the chunks of a region. A chunk that bridges two separate groups of other
/// lines' chunks (a spanning header, an overflowing label) does not shape the columns.
func chunksToColumns(_ lines: [TextLine]) -> [ClosedRange<Double>] {
  var all: [(line: Int, box: BoundingBox)] = []
  for (li, line) in lines.enumerated() {
    for c in line.chunks { all.append((li, c.box)) }
  }
  var kept: [BoundingBox] = []
  for (k, c) in all.enumerated() {
    var others: [(Double, Double)] = []
    for (m, o) in all.enumerated() where m != k && o.line != c.line && o.box.xOverlap(c.box) > 0 {
      others.append((o.box.x0, o.box.x1))
    }
    if projectionGroups(others).count < 2 { kept.append(c.box) }
  }
  if kept.isEmpty { kept = all.map(\.box) }
  return projectionGroups(kept.map { ($0.x0, $0.x1) }).map { $0.0...$0.1 }
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
  var covered: [Int] = []
  for (i, c) in columns.enumerated() {
    let mid = (c.lowerBound + c.upperBound) / 2
    if box.x0 <= mid && mid <= box.x1 { covered.append(i) }
  }
  if covered.count >= 2, let first = covered.first, let last = covered.last { return first...last }
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
      out.cells[i].text += " " + l.text
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

/// Leading rows without figures, capped; zero when no body row would be left.
func headerRowCount(_ rows: [LaidRow], maxRows: Int) -> Int {
  var n = 0
  for row in rows {
    if n >= maxRows { break }
    if row.cells.contains(where: { cellIsFigure($0.text) }) { break }
    n += 1
  }
  if n >= rows.count { return 0 }
  if n == 0, let first = rows.first, rows.count > 2, first.cells[0].text.isEmpty, first.filled >= 1 {
    return 0
  }
  return n
}

/// Merges consecutive header rows that fill the same columns in the same way (a header cell that
/// wraps onto two lines), keeping rows with different spans apart (levels of a spanning header).
func mergeHeaderLines(_ rows: [LaidRow], count: Int, bodySize: Double) -> (rows: [LaidRow], count: Int) {
  guard count > 1 else { return (rows, count) }
  var header: [LaidRow] = []
  for row in rows[0..<count] {
    if let last = header.last {
      let sameShape = zip(last.cells, row.cells).allSatisfy { a, b in
        (a.text.isEmpty || b.text.isEmpty || a.span == b.span)
      }
      let spansSame = zip(last.cells, row.cells).allSatisfy { a, b in a.span == b.span || b.text.isEmpty }
      let gap = row.box.y0 - last.box.y1
      if sameShape && spansSame && gap < 0.6 * bodySize && row.cells.indices.allSatisfy({
        row.cells[$0].text.isEmpty || !last.cells[$0].text.isEmpty || last.cells[$0].span > 1 || $0 > 0
      }) {
        header[header.count - 1] = mergeRows(last, row)
        continue
      }
    }
    header.append(row)
  }
  return (header + rows[count...], header.count)
}

/// Turns one region into a table, or nil when it does not hold one.
func regionToTable(
  _ lines: [TextLine], page: Int, bodySize: Double, settings: PDFTableSettings
) -> PageTable? {
  let columns = chunksToColumns(lines)
  guard columns.count >= settings.minColumns else { return nil }
  var rows = lines.map { lineToRow($0, columns: columns) }
  if settings.joinWrappedCells { rows = joinWrappedRows(rows, ratio: settings.wrapGapRatio) }
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
  // Prose laid out in two columns is not a table: most of its cells are long runs of words.
  let chunkWords = lines.flatMap { $0.chunks.map(\.wordCount) }
  let longShare = Double(chunkWords.filter { $0 >= 7 }.count) / Double(max(1, chunkWords.count))
  if longShare > 0.5 { return nil }

  var count = headerRowCount(rows, maxRows: settings.maxHeaderRows)
  (rows, count) = mergeHeaderLines(rows, count: count, bodySize: bodySize)
  let labelX = rows[count...].compactMap(\.labelX0).min() ?? 0
  let step = settings.indentStepEm * bodySize
  let indents = rows.enumerated().map { i, r -> Int in
    guard i >= count, let x = r.labelX0, step > 0 else { return 0 }
    return Int(((x - labelX) / step).rounded())
  }
  var box = rows[0].box
  for r in rows.dropFirst() { box = box.union(r.box) }
  return PageTable(
    page: page, box: box, columns: kept, rows: rows.map(\.cells), rowBoxes: rows.map(\.box),
    indents: indents, headerRowCount: count, kind: .stream)
}
