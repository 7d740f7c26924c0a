import TallyCore

// Tables drawn as full grids: rows and columns both ruled. The rules give the cells; words fall
// into the cell under their middle.

/// Row rules reaching this many snap distances past the outermost column rule open the grid at
/// that side: nearer, they are the same edge drawn a little long.
private let openSideSnaps = 2.0
/// Rules this close, in points, lie on one grid line (positions were snapped already; this only
/// absorbs rounding).
private let samePositionPoints = 0.5
/// Two row rules closer than this share of the smallest word's height hold no row between them.
private let thinBandShare = 0.5
/// A cell edge counts as ruled when rules cover this share of it (dashed and broken rules leave
/// gaps).
private let coveredShare = 0.6
/// A chunk gap no line reaches, in em: a cell's words read as one text, however spaced.
private let oneChunkGapEm = 1000.0
/// A word belongs to a line of its cell when it overlaps the line over this share of its height.
private let lineMemberOverlap = 0.5

/// Finds tables drawn as full grids: every group of crossing rules with two or more rules each way.
/// A ruled area holding figures but no word (a chart, a map) is claimed without a table: its labels
/// are no table of any kind.
struct RuledGridFinder: TableFinder {
  static let name = "RuledGrid"
  let evidence = TableEvidence.rules
  var settings: PDFTableSettings

  init(settings: PDFTableSettings) { self.settings = settings }

  func find(in pool: inout PagePool) -> [PageTable] {
    let snap = settings.rules.snap
    var tables: [PageTable] = []
    for group in rulingsToGroups(pool.rulings, snap: snap) {
      let hs = group.filter { $0.axis == .horizontal }
      let vs = group.filter { $0.axis == .vertical }
      guard hs.count >= 2, vs.count >= 2 else { continue }
      let xs = gridColumnEdges(clusterPositions(vs.map(\.position), snap: snap), rows: hs, snap: snap)
      let ys = clusterPositions(hs.map(\.position), snap: snap)
      guard xs.count >= 3 || ys.count >= 3, xs.count >= 2, ys.count >= 2 else { continue }
      let box = BoundingBox(x0: xs[0], y0: ys[0], x1: xs[xs.count - 1], y1: ys[ys.count - 1])
      let inside = pool.words.filter { box.contains(x: $0.box.midX, y: $0.box.midY) }
      guard !inside.isEmpty else { continue }
      if !inside.contains(where: { $0.text.unicodeScalars.contains { $0.properties.isAlphabetic } }) {
        pool.claim(box)
        continue
      }
      guard let table = gridToTable(xs: xs, ys: ys, rulings: group, words: inside, page: pool.page, settings: settings)
      else { continue }
      tables.append(table)
      pool.claim(box)
    }
    return tables
  }
}

/// The column edges of a grid, its outer ones moved out to where its row rules end when two or
/// more of them reach past the outermost column rules (a table open at the sides, its inner
/// columns ruled): the label column left of the first column rule is part of the grid.
func gridColumnEdges(_ xs: [Double], rows hs: [Ruling], snap: Double) -> [Double] {
  guard hs.count >= 2, !xs.isEmpty else { return xs }
  var out = xs
  let starts = hs.map(\.start).sorted()
  let ends = hs.map(\.end).sorted(by: >)
  if starts[1] < out[0] - openSideSnaps * snap { out.insert(starts[1], at: 0) }
  if ends[1] > out[out.count - 1] + openSideSnaps * snap { out.append(ends[1]) }
  return out
}

/// The column edges of a grid without the inner ones whose rules all stop above its first row of
/// figures (the first grid row with two or more; a header may hold one, "per 31 december") and
/// that cut through a word under it: those split header cells only (on a shaded header band the
/// gaps between white letters read as short rules), and each header word would get a column the
/// body never fills. Header rules between columns of the body stay.
func columnEdgesRuledInBody(xs: [Double], ys: [Double], rulings: [Ruling], words: [Word], snap: Double) -> [Double] {
  let figureMids = words.filter { cellIsFigure($0.text) }.map(\.box.midY)
  guard xs.count > 2,
    let bodyTop = ys.indices.dropLast().first(where: { r in figureMids.filter { $0 > ys[r] && $0 < ys[r + 1] }.count >= 2 })
      .map({ ys[$0] })
  else { return xs }
  let body = words.filter { $0.box.midY > bodyTop }
  var out = [xs[0]]
  for x in xs[1..<(xs.count - 1)] {
    let ruledInBody = rulings.contains { $0.axis == .vertical && abs($0.position - x) <= snap && $0.end > bodyTop + snap }
    if ruledInBody || !body.contains(where: { $0.box.x0 < x && $0.box.x1 > x }) { out.append(x) }
  }
  out.append(xs[xs.count - 1])
  return out
}

/// The row edges of a grid without one of two rules set closer than half its smallest word's
/// height with no word between them (a double rule, the edges of a thick one): the band would
/// hold no row, and the row under it would take cells the shorter rule leaves open from that
/// empty band. The rule reaching further stays.
func rowEdgesWithoutThinBands(_ ys: [Double], rulings: [Ruling], words: [Word]) -> [Double] {
  guard ys.count > 2, let height = words.map(\.box.height).min(), height > 0 else { return ys }
  func reach(_ y: Double) -> Double {
    rulings.filter { $0.axis == .horizontal && abs($0.position - y) < samePositionPoints }.map(\.length).reduce(0, +)
  }
  var out = [ys[0]]
  for y in ys.dropFirst() {
    let last = out[out.count - 1]
    guard y - last < thinBandShare * height, !words.contains(where: { $0.box.midY > last && $0.box.midY < y }) else {
      out.append(y)
      continue
    }
    // The outer edges of the grid stay where they are.
    if out.count > 1, y != ys[ys.count - 1], reach(y) > reach(last) { out[out.count - 1] = y }
  }
  return out
}

/// Whether some rule of `axis` at `position` covers [from, to] (most of it).
private func covered(_ rulings: [Ruling], axis: Ruling.Axis, at position: Double, from: Double, to: Double, snap: Double)
  -> Bool
{
  var total = 0.0
  for r in rulings where r.axis == axis && abs(r.position - position) <= snap {
    total += max(0, min(r.end, to) - max(r.start, from))
  }
  return total >= coveredShare * (to - from)
}

/// Lays words into the cells of a grid; merged cells (a missing inner rule) span columns.
func gridToTable(
  xs: [Double], ys: [Double], rulings: [Ruling], words: [Word], page: Int, settings: PDFTableSettings
) -> PageTable? {
  let snap = settings.rules.snap
  let xs = columnEdgesRuledInBody(xs: xs, ys: ys, rulings: rulings, words: words, snap: snap)
  let ys = rowEdgesWithoutThinBands(ys, rulings: rulings, words: words)
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
      let lines = wordsToLines(cellWords[r][c], overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
      // Two figures side by side; justified words in a cell do not count.
      if lines.contains(where: { $0.chunks.filter(\.isNumeric).count >= 2 }) { splitCells += 1 }
    }
  }
  if Double(splitCells) > settings.ruledGrid.splitShare * Double(max(1, filledCells)) { return nil }
  var rows: [LaidRow] = []
  for r in 0..<nr {
    // Cells of row r from the words `keep` accepts.
    func laid(_ keep: (Word) -> Bool, box lineBox: BoundingBox) -> LaidRow {
      var cells = Array(repeating: GridCell.empty, count: nc)
      var c = 0
      while c < nc {
        let o = owner[r][c]
        var span = 1
        while c + span < nc && owner[r][c + span] == o { span += 1 }
        if o.0 == r {
          let ws = cellWords[o.0][o.1].filter(keep)
          if !ws.isEmpty {
            let lines = wordsToLines(ws, overlap: settings.layout.lineOverlap, chunkGapEm: oneChunkGapEm)
            let text = lines.map(\.text).joined(separator: " ")
            var b = ws[0].box
            for w in ws.dropFirst() { b = b.union(w.box) }
            let bold = ws.allSatisfy { $0.font.isBold }
            for k in c..<(c + span) { cells[k] = GridCell(text: text, box: b, isBold: bold, span: span) }
          }
        }
        c += span
      }
      let labelX0 = cellWords[r][0].filter(keep).map(\.box.x0).min()
      return LaidRow(cells: cells, box: lineBox, labelX0: labelX0)
    }
    let rowBox = BoundingBox(x0: xs[0], y0: ys[r], x1: xs[nc], y1: ys[r + 1])
    let own = (0..<nc).filter { owner[r][$0] == (r, $0) }.map { cellWords[r][$0] }
    if let bands = cellsToSubrows(own, settings: settings) {
      for band in bands {
        rows.append(
          laid({ band.contains($0.box.midY) }, box: BoundingBox(x0: xs[0], y0: band.lowerBound, x1: xs[nc], y1: band.upperBound)))
      }
    } else {
      rows.append(laid({ _ in true }, box: rowBox))
    }
  }
  // Drop rows and columns nothing was printed in (double rules, frame margins).
  rows.removeAll { $0.filled == 0 }
  let usedCols = (0..<nc).filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  guard usedCols.count >= settings.tables.minColumns || (usedCols.count >= 1 && rows.count >= 2 && nc >= 2),
    rows.count >= settings.tables.minRows
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
  guard usedCols.count >= settings.tables.minColumns, !rowsAreChartLabels(rows) else { return nil }
  let columns = usedCols.map { xs[$0]...xs[$0 + 1] }
  let count = headerRowCount(rows, maxRows: settings.tables.maxHeaderRows)
  let size = words.map(\.size).max() ?? 10
  let indents = rowIndents(rows, headerCount: count, step: settings.tables.indentStepEm * size)
  return PageTable(
    page: page, box: BoundingBox(x0: xs[0], y0: ys[0], x1: xs[nc], y1: ys[nr]), columns: columns,
    rows: rows.map(\.cells), rowBoxes: rows.map(\.box), indents: indents, headerRowCount: count, kind: .lattice)
}

/// The text lines of a ruled row whose cells hold an unruled block of rows: two or more cells
/// with several lines each, and figures on two or more lines (a label wrapped beside one figure
/// stays one row). Returns each line's y-range, top to bottom, or nil when the row is one row.
func cellsToSubrows(_ cells: [[Word]], settings: PDFTableSettings) -> [ClosedRange<Double>]? {
  let all = cells.flatMap { $0 }
  let lines = wordsToLines(all, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
  guard lines.count >= 2 else { return nil }
  // Per cell, its text on each line it reaches.
  let perCell = cells.map { ws -> [String] in
    var byLine: [Int: [Word]] = [:]
    for w in ws {
      if let i = lines.firstIndex(where: { $0.box.yOverlap(w.box) > lineMemberOverlap * w.box.height }) { byLine[i, default: []].append(w) }
    }
    return byLine.keys.sorted().map { i in byLine[i]!.sorted { $0.box.x0 < $1.box.x0 }.map(\.text).joined(separator: " ") }
  }
  let multiLine = perCell.filter { $0.count >= 2 }.count
  // Figures stacked in one cell, one a line: a column of an unruled block (a header cell whose
  // last line reads "100" is not).
  let stacked = perCell.contains { $0.count >= 2 && $0.allSatisfy(cellIsFigure) }
  guard multiLine >= 2, stacked else { return nil }
  // Band edges halfway between neighbouring lines.
  var bands: [ClosedRange<Double>] = []
  for (i, l) in lines.enumerated() {
    let top = i == 0 ? l.box.y0 - 1 : (lines[i - 1].box.y1 + l.box.y0) / 2
    let bottom = i == lines.count - 1 ? l.box.y1 + 1 : (l.box.y1 + lines[i + 1].box.y0) / 2
    bands.append(top...max(top, bottom))
  }
  return bands
}
