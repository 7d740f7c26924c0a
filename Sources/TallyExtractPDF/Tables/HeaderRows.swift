import TallyCore

// The header rows of a laid-out table: how many there are, their wrapped lines joined, and cells
// spanning several columns widened over them.

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

/// Widens a header cell set over a group of columns: a cell narrower than the columns it heads
/// (REGIO over MIDDEN … CENTRAAL) is centred over them, and nothing else in its row sits above
/// them. The group chosen is the widest whose centre lies within `tolerance` of the cell's (in
/// points, plus `share` of the group's width), the nearer of two as wide; the label column is
/// never part of it. A cell reaching into the text of both end columns counts as centred, and so
/// does one centred between the end of the column before the group and the group's end; a
/// cell with nothing under it in its own column heads the group holding it with the nearest centre.
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
      // A cell with nothing under it in its column, header or body, heads no column of its own:
      // it heads the group it lies within whose centre is nearest its own.
      let orphan = out[(r + 1)...].allSatisfy { $0.cells[c].text.isEmpty }
      var best: (a: Int, b: Int, offset: Double)? = nil
      var a = c
      while a >= 1 && (a == c || out[r].cells[a].text.isEmpty) {
        var b = c
        while b < columns.count && (b == c || out[r].cells[b].text.isEmpty) {
          if b > a {
            // The group reaches as far as the header cells under it: column heads are often
            // wider than the figures that set the columns, and the cell is centred over them.
            var x0 = columns[a].lowerBound
            var x1 = columns[b].upperBound
            // How far the first column's and the last column's text reach inward.
            var aEnd = columns[a].upperBound
            var bStart = columns[b].lowerBound
            for row in out[(r + 1)..<count] {
              if let e = row.cells[a].box, row.cells[a].span == 1, !row.cells[a].text.isEmpty {
                x0 = min(x0, e.x0)
                aEnd = max(aEnd, e.x1)
              }
              if let e = row.cells[b].box, row.cells[b].span == 1, !row.cells[b].text.isEmpty {
                x1 = max(x1, e.x1)
                bStart = min(bStart, e.x0)
              }
            }
            // A cell reaching over the gap into the text of both end columns heads them both,
            // however the columns' text is aligned under it (right-aligned figures move the
            // group's centre off the cell's).
            let straddles = box.x0 < aEnd && box.x1 > bStart
            // Columns of right-aligned figures each reach from the column before them: the group
            // over them is centred between the end of the column before it and its own end.
            let shifted = a >= 2 ? abs(box.midX - (columns[a - 1].upperBound + x1) / 2) : .infinity
            let offset = straddles ? 0 : min(abs(box.midX - (x0 + x1) / 2), shifted)
            // Something beneath in two or more of the columns: the cell heads a group.
            let beneath = (a...b).filter { k in out[(r + 1)..<count].contains { !$0.cells[k].text.isEmpty } }.count
            // The widest group the cell is centred over: a cell alone in its row over sub-groups
            // heads them all, not the middle one it is also centred over.
            let wider = best.map { (b - a, -offset) > ($0.b - $0.a, -$0.offset) } ?? true
            let nearer = best.map { offset < $0.offset } ?? true
            let within = box.x0 >= x0 - tolerance && box.x1 <= x1 + tolerance
            let fits = orphan ? within && nearer : offset <= tolerance + share * (x1 - x0) && wider
            if beneath >= 2, fits {
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
  let spans = { (r: LaidRow) in r.cells.contains { $0.span > 1 && !$0.text.isEmpty } }
  // Spanning cells of `row` that the row above does not span the same way: a new header level.
  let newSpans = { (above: LaidRow, row: LaidRow) in
    row.cells.indices.contains { k in
      row.cells[k].span > 1 && !row.cells[k].text.isEmpty
        && (above.cells[k].span != row.cells[k].span || above.cells[k].text.isEmpty)
    }
  }
  for row in rows[0..<count] {
    // A row with a spanning cell heads what is under it, however far; a second row spanning
    // other groups is a level of its own (a group over sub-groups over columns), while one
    // spanning the same groups holds their wrapped second lines.
    // A row spanning the groups the row above spans, set apart from it, is a level of its own
    // ("Kosten" under "Boekjaar 2024", both over the same columns), not its wrapped line.
    if let band = bands.last, let last = band.last,
      row.box.y0 - last.box.y1 < bandGap || spans(last), !(band.contains(where: spans) && newSpans(last, row)),
      !(spans(row) && row.box.y0 - last.box.y1 >= bandGap)
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

/// The header of a table ruled by rows, shaped: cells centred over a group of columns widened
/// over it (`widenCenteredHeaderCells`), then the lines of each band between two rules (`bands`,
/// one band number for each leading row) joined as `mergeHeaderLines` does, lines set tightly
/// (`tightLineGapEm` × `size`) being wrapped lines of one cell. Rows past `bands` stay as they are.
func shapeRuledHeader(
  _ rows: [LaidRow], count: Int, bands: [Int], columns: [ClosedRange<Double>], size: Double,
  settings: PDFTableShapeSettings
) -> (rows: [LaidRow], count: Int) {
  let n = min(count, bands.count)
  guard n >= 1 else { return (rows, count) }
  let widened = widenCenteredHeaderCells(
    rows, count: n, columns: columns, tolerance: settings.spanCentreToleranceEm * size, share: settings.spanCentreShare)
  var header: [LaidRow] = []
  var start = 0
  while start < n {
    var end = start + 1
    while end < n && bands[end] == bands[start] { end += 1 }
    let band = Array(widened[start..<end])
    header += mergeHeaderLines(band, count: band.count, bandGap: settings.tightLineGapEm * size).rows
    start = end
  }
  return (header + widened[n...], count - n + header.count)
}

/// Each row's indentation level: how many `step`s (points) its label starts right of the leftmost
/// label of the body; 0 for header rows, rows without a label, and when `step` is not positive.
func rowIndents(_ rows: [LaidRow], headerCount count: Int, step: Double) -> [Int] {
  let labelX = rows[count...].compactMap(\.labelX0).min() ?? 0
  return rows.enumerated().map { i, r -> Int in
    guard i >= count, let x = r.labelX0, step > 0 else { return 0 }
    return clampedInt(((x - labelX) / step).rounded())
  }
}

/// The words of a table's header lines, to know its header again when it is repeated in the body
/// (after a group, or every so many rows): a repeat continues the table, it does not open the
/// next one.
struct HeaderWords: Sendable {
  private var words = Set<String>()
  /// Whether the body has started (a line with a figure was seen): later lines are no header.
  private(set) var closed = false

  /// Takes `line` into the header while no line with a figure was seen.
  mutating func add(_ line: TextLine) {
    guard !closed else { return }
    if lineHasFigure(line) {
      closed = true
      return
    }
    for c in line.chunks {
      for w in c.words { words.insert(w.text) }
    }
  }

  /// Every word of `line` is a word of the header: the header (or one of its levels) printed
  /// again. A line without words repeats nothing.
  func isRepeated(by line: TextLine) -> Bool {
    guard !words.isEmpty, line.wordCount > 0 else { return false }
    return line.chunks.allSatisfy { $0.words.allSatisfy { words.contains($0.text) } }
  }
}
