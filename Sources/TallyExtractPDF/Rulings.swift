import TallyCore

// Drawn rules are not in poppler-glib's text API: the page is rendered at low resolution and
// scanned for long thin runs of ink. Full grids become lattice tables; horizontal rules alone
// tell stream tables where rows end.

/// A run of ink pixels on one pixel row (or column), with the rows it has grown over.
private struct InkSegment {
  var start: Int
  var end: Int
  var firstLine: Int
  var lastLine: Int
}

/// Finds long thin dark runs in a rendered page: horizontal and vertical rules, in points.
/// Thicker filled bars yield their top and bottom edges (a shaded header band separates rows).
func imageToRulings(_ image: GrayImage, settings: PDFTableSettings) -> [Ruling] {
  guard image.width > 0, image.height > 0 else { return [] }
  let s = image.scale
  let minRun = max(2, Int((settings.rulingMinLength * s).rounded()))
  let maxThick = max(1, Int((settings.rulingMaxThickness * s).rounded(.up)))
  let ink = UInt8(clamping: settings.rulingInkLevel)
  var out: [Ruling] = []
  image.pixels.withUnsafeBufferPointer { px in
    // Horizontal: scan rows.
    let horizontal = scanSegments(
      lines: image.height, length: image.width, minRun: minRun,
      isInk: { line, i in px[line * image.width + i] <= ink })
    // A thin run with ink on both sides lies inside a filled area (between white letters on a
    // dark band), not on a rule.
    func insideFill(_ seg: InkSegment, vertical: Bool) -> Bool {
      var both = 0
      var total = 0
      var i = seg.start
      let step = max(1, (seg.end - seg.start) / 16)
      while i <= seg.end {
        let before = seg.firstLine - 2
        let after = seg.lastLine + 2
        let limit = vertical ? image.width : image.height
        if before >= 0 && after < limit {
          let a = vertical ? px[i * image.width + before] : px[before * image.width + i]
          let b = vertical ? px[i * image.width + after] : px[after * image.width + i]
          let mid = (seg.firstLine + seg.lastLine) / 2
          let v = Int(vertical ? px[i * image.width + mid] : px[mid * image.width + i])
          // Same darkness on both sides: a fill. A dark rule between two grey cells stays a rule.
          if a <= ink && b <= ink && abs(Int(a) - v) <= 25 && abs(Int(b) - v) <= 25 { both += 1 }
        }
        total += 1
        i += step
      }
      return both * 2 > total
    }
    for seg in horizontal where !insideFill(seg, vertical: false) {
      let thickness = seg.lastLine - seg.firstLine + 1
      let x0 = Double(seg.start) / s
      let x1 = Double(seg.end + 1) / s
      if thickness <= maxThick {
        out.append(Ruling(axis: .horizontal, position: Double(seg.firstLine + seg.lastLine + 1) / 2 / s, start: x0, end: x1))
      } else if Double(thickness) / s <= 40 {
        out.append(Ruling(axis: .horizontal, position: Double(seg.firstLine) / s, start: x0, end: x1))
        out.append(Ruling(axis: .horizontal, position: Double(seg.lastLine + 1) / s, start: x0, end: x1))
      }
    }
    let vertical = scanSegments(
      lines: image.width, length: image.height, minRun: minRun,
      isInk: { line, i in px[i * image.width + line] <= ink })
    for seg in vertical where seg.lastLine - seg.firstLine + 1 <= maxThick && !insideFill(seg, vertical: true) {
      out.append(
        Ruling(
          axis: .vertical, position: Double(seg.firstLine + seg.lastLine + 1) / 2 / s, start: Double(seg.start) / s,
          end: Double(seg.end + 1) / s))
    }
  }
  return out
}

/// Runs of at least `minRun` ink pixels along each line, grown across neighbouring lines while
/// they keep roughly the same extent.
private func scanSegments(lines: Int, length: Int, minRun: Int, isInk: (Int, Int) -> Bool) -> [InkSegment] {
  var done: [InkSegment] = []
  var active: [InkSegment] = []
  for line in 0..<lines {
    var runs: [(Int, Int)] = []
    var i = 0
    while i < length {
      if isInk(line, i) {
        let start = i
        while i < length && isInk(line, i) { i += 1 }
        if i - start >= minRun { runs.append((start, i - 1)) }
      } else {
        i += 1
      }
    }
    var next: [InkSegment] = []
    var taken = Array(repeating: false, count: active.count)
    for r in runs {
      var grown = false
      for (k, a) in active.enumerated() where !taken[k] {
        let overlap = min(a.end, r.1) - max(a.start, r.0)
        if overlap >= Int(0.8 * Double(min(a.end - a.start, r.1 - r.0))) && abs(a.start - r.0) <= 2
          && abs(a.end - r.1) <= 2
        {
          var g = a
          g.lastLine = line
          g.start = min(a.start, r.0)
          g.end = max(a.end, r.1)
          next.append(g)
          taken[k] = true
          grown = true
          break
        }
      }
      if !grown { next.append(InkSegment(start: r.0, end: r.1, firstLine: line, lastLine: line)) }
    }
    for (k, a) in active.enumerated() where !taken[k] { done.append(a) }
    active = next
  }
  done.append(contentsOf: active)
  return done
}

/// Joins rules on the same line whose ends touch or overlap (within `snap` points).
func mergeRulings(_ rulings: [Ruling], snap: Double) -> [Ruling] {
  var out: [Ruling] = []
  for axis in [Ruling.Axis.horizontal, .vertical] {
    let sorted = rulings.filter { $0.axis == axis }.sorted { ($0.position, $0.start) < ($1.position, $1.start) }
    var merged: [Ruling] = []
    for r in sorted {
      if let k = merged.lastIndex(where: { abs($0.position - r.position) <= snap && r.start <= $0.end + snap && r.end >= $0.start - snap }) {
        merged[k].start = min(merged[k].start, r.start)
        merged[k].end = max(merged[k].end, r.end)
      } else {
        merged.append(r)
      }
    }
    out.append(contentsOf: merged)
  }
  return out
}

/// Groups of rules that touch or cross each other: one group per drawn grid.
func rulingsToGroups(_ rulings: [Ruling], snap: Double) -> [[Ruling]] {
  var parent = Array(rulings.indices)
  func find(_ i: Int) -> Int {
    var i = i
    while parent[i] != i {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  for i in rulings.indices {
    for j in (i + 1)..<max(i + 1, rulings.count) where rulings[i].axis != rulings[j].axis {
      let (h, v) = rulings[i].axis == .horizontal ? (rulings[i], rulings[j]) : (rulings[j], rulings[i])
      if v.position >= h.start - snap && v.position <= h.end + snap && h.position >= v.start - snap
        && h.position <= v.end + snap
      {
        parent[find(i)] = find(j)
      }
    }
  }
  var groups: [Int: [Ruling]] = [:]
  for i in rulings.indices { groups[find(i), default: []].append(rulings[i]) }
  return groups.values.sorted { ($0.map(\.position).min() ?? 0) < ($1.map(\.position).min() ?? 0) }
}

/// Sorted distinct positions, those closer than `snap` merged to their mean.
func clusterPositions(_ values: [Double], snap: Double) -> [Double] {
  let sorted = values.sorted()
  var out: [[Double]] = []
  for v in sorted {
    if let last = out.last?.last, v - last <= snap {
      out[out.count - 1].append(v)
    } else {
      out.append([v])
    }
  }
  return out.map { $0.reduce(0, +) / Double($0.count) }
}

/// Whether some rule of `axis` at `position` covers [from, to] (most of it).
private func covered(_ rulings: [Ruling], axis: Ruling.Axis, at position: Double, from: Double, to: Double, snap: Double)
  -> Bool
{
  var total = 0.0
  for r in rulings where r.axis == axis && abs(r.position - position) <= snap {
    total += max(0, min(r.end, to) - max(r.start, from))
  }
  return total >= 0.6 * (to - from)
}

/// Tables from ruled grids; returns them and the words outside them.
func wordsToLatticeTables(_ words: [Word], rulings: [Ruling], page: Int, settings: PDFTableSettings)
  -> (tables: [PageTable], remaining: [Word])
{
  guard !rulings.isEmpty else { return ([], words) }
  let snap = settings.rulingSnap
  let merged = mergeRulings(rulings, snap: snap)
  var remaining = words
  var tables: [PageTable] = []
  for group in rulingsToGroups(merged, snap: snap) {
    let hs = group.filter { $0.axis == .horizontal }
    let vs = group.filter { $0.axis == .vertical }
    guard hs.count >= 2, vs.count >= 2 else { continue }
    let xs = clusterPositions(vs.map(\.position), snap: snap)
    let ys = clusterPositions(hs.map(\.position), snap: snap)
    guard xs.count >= 3 || ys.count >= 3, xs.count >= 2, ys.count >= 2 else { continue }
    let box = BoundingBox(x0: xs[0], y0: ys[0], x1: xs[xs.count - 1], y1: ys[ys.count - 1])
    let inside = remaining.filter {
      $0.box.midX > box.x0 && $0.box.midX < box.x1 && $0.box.midY > box.y0 && $0.box.midY < box.y1
    }
    guard !inside.isEmpty else { continue }
    guard let table = gridToTable(
      xs: xs, ys: ys, rulings: group, words: inside, page: page, settings: settings)
    else { continue }
    tables.append(table)
    remaining.removeAll {
      $0.box.midX > box.x0 && $0.box.midX < box.x1 && $0.box.midY > box.y0 && $0.box.midY < box.y1
    }
  }
  return (tables, remaining)
}

/// Lays words into the cells of a grid; merged cells (a missing inner rule) span columns.
func gridToTable(
  xs: [Double], ys: [Double], rulings: [Ruling], words: [Word], page: Int, settings: PDFTableSettings
) -> PageTable? {
  let snap = settings.rulingSnap
  let nr = ys.count - 1
  let nc = xs.count - 1
  // Words per grid cell.
  var cellWords = Array(repeating: Array(repeating: [Word](), count: nc), count: nr)
  for w in words {
    guard let c = xs.firstIndex(where: { $0 > w.box.midX }).map({ $0 - 1 }), c >= 0, c < nc,
      let r = ys.firstIndex(where: { $0 > w.box.midY }).map({ $0 - 1 }), r >= 0, r < nr
    else { continue }
    cellWords[r][c].append(w)
  }
  // Column spans: no vertical rule between two grid cells of a row.
  var owner = Array(repeating: Array(repeating: (0, 0), count: nc), count: nr)
  for r in 0..<nr {
    for c in 0..<nc {
      var oc = c
      if c > 0 && !covered(rulings, axis: .vertical, at: xs[c], from: ys[r], to: ys[r + 1], snap: snap) {
        oc = owner[r][c - 1].1
      }
      var or = r
      if r > 0 && oc == c && !covered(rulings, axis: .horizontal, at: ys[r], from: xs[c], to: xs[c + 1], snap: snap) {
        or = owner[r - 1][c].0
        oc = owner[r - 1][c].1
      }
      owner[r][c] = (or, oc)
      if (or, oc) != (r, c) {
        cellWords[or][oc].append(contentsOf: cellWords[r][c])
        cellWords[r][c] = []
      }
    }
  }
  // A grid whose cells hold several aligned columns of text is only partly ruled (a frame, a
  // ruled header): leave it to the alignment finder.
  var filledCells = 0
  var splitCells = 0
  for r in 0..<nr {
    for c in 0..<nc where owner[r][c] == (r, c) && !cellWords[r][c].isEmpty {
      filledCells += 1
      let lines = wordsToLines(cellWords[r][c], overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)
      // Two figures side by side; justified words in a cell do not count.
      if lines.contains(where: { $0.chunks.filter(\.isNumeric).count >= 2 }) { splitCells += 1 }
    }
  }
  if Double(splitCells) > settings.latticeSplitShare * Double(max(1, filledCells)) { return nil }
  var rows: [LaidRow] = []
  for r in 0..<nr {
    var cells = Array(repeating: GridCell.empty, count: nc)
    var c = 0
    while c < nc {
      let o = owner[r][c]
      var span = 1
      while c + span < nc && owner[r][c + span] == o { span += 1 }
      if o.0 == r {
        let ws = cellWords[o.0][o.1]
        if !ws.isEmpty {
          let lines = wordsToLines(ws, overlap: settings.lineOverlap, chunkGapEm: 1000)
          let text = lines.map(\.text).joined(separator: " ")
          var b = ws[0].box
          for w in ws.dropFirst() { b = b.union(w.box) }
          let bold = ws.allSatisfy { $0.font.isBold }
          for k in c..<(c + span) { cells[k] = GridCell(text: text, box: b, isBold: bold, span: span) }
        }
      }
      c += span
    }
    let lineBox = BoundingBox(x0: xs[0], y0: ys[r], x1: xs[nc], y1: ys[r + 1])
    let labelX0 = cellWords[r][0].map(\.box.x0).min()
    rows.append(LaidRow(cells: cells, box: lineBox, labelX0: labelX0))
  }
  // Drop rows and columns nothing was printed in (double rules, frame margins).
  rows.removeAll { $0.filled == 0 }
  let usedCols = (0..<nc).filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  guard usedCols.count >= settings.minColumns || (usedCols.count >= 1 && rows.count >= 2 && nc >= 2),
    rows.count >= settings.minRows
  else { return nil }
  rows = rows.map { r in
    var n = r
    n.cells = usedCols.map { r.cells[$0] }
    // A span shrinks with the columns dropped under it.
    for k in n.cells.indices where n.cells[k].span > 1 {
      let t = n.cells[k].text
      n.cells[k].span = n.cells.filter { $0.text == t && $0.box == n.cells[k].box }.count
    }
    return n
  }
  guard usedCols.count >= settings.minColumns else { return nil }
  let columns = usedCols.map { xs[$0]...xs[$0 + 1] }
  let count = headerRowCount(rows, maxRows: settings.maxHeaderRows)
  let size = words.map(\.size).max() ?? 10
  let labelX = rows[count...].compactMap(\.labelX0).min() ?? 0
  let step = settings.indentStepEm * size
  let indents = rows.enumerated().map { i, r -> Int in
    guard i >= count, let x = r.labelX0 else { return 0 }
    return Int(((x - labelX) / step).rounded())
  }
  return PageTable(
    page: page, box: BoundingBox(x0: xs[0], y0: ys[0], x1: xs[nc], y1: ys[nr]), columns: columns,
    rows: rows.map(\.cells), rowBoxes: rows.map(\.box), indents: indents, headerRowCount: count, kind: .lattice)
}
