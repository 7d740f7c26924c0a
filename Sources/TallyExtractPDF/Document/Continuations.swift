import TallyCore

// Tables as the document reports them: a page's table turned into an extracted one, and a table
// continued on the next page recognised and joined.

/// What the document knows around a table that may continue the one before it.
struct ContinuationContext {
  /// Texts the first part is titled by (caption, headings, a title row) that a later part may
  /// print again.
  var titles: [String] = []
  /// A block printing one of `titles` again came between the parts.
  var titleRepeated = false
  /// The texts of the last row joined so far.
  var lastRow: [String] = []
  /// Both parts lie on one page: a header printed again between them is a row of the table.
  var samePage = false
  /// On one page, the part starts within a line of the one above (no space set between them).
  var adjoining = false
}

/// The rows that continue a table, and how they join it.
struct Continued {
  var rows: [TableRow]
  /// Tail of a cell broken over the page: text by column of the first part.
  var fragment: [(Int, String)]
  /// The last row so far is the first line of the header printed again: it goes (its text
  /// joined into the header row kept on the same page).
  var dropsLastRow = false
  /// The first body row of the part carries the last row's figures over (both are marked
  /// `isCarried`: a running sum, no items).
  var carriesOver = false
}

/// The rows of `next` that continue `previous` (repeated title and header dropped; on the same
/// page the header printed again is kept as a row), laid out in the columns of `previous`, or nil
/// when `next` is another table: columns elsewhere, figures in columns that hold none before, or
/// a different header. Columns may differ in number (an empty column on one page only) when each
/// column of `next` lies over its own column of `previous`; when the parts were laid out apart
/// (columns at other x-positions) they are matched by order, if the title was printed again, the
/// header repeats, or the first row carries the last row's figures over. Header rows of `next`
/// that are the tail of a cell broken over the page (no label, no figure, lower-case text) come
/// back as `fragment`.
func continuation(_ previous: PageTable, _ original: PageTable, context: ContinuationContext = .init()) -> Continued? {
  // A title printed again over the part, read as its first header row, is no row of the table.
  var next = original
  var titleRows = 0
  while titleRows < next.headerRowCount, rowRepeatsTitle(next.rows[titleRows], titles: context.titles) {
    titleRows += 1
  }
  if titleRows > 0 {
    next.rows.removeFirst(titleRows)
    next.rowBoxes.removeFirst(min(titleRows, next.rowBoxes.count))
    next.indents.removeFirst(titleRows)
    next.headerRowCount -= titleRows
  }
  let prevHeader = columnHeaderTexts(previous)
  let nextHeader = columnHeaderTexts(next)
  let positional = columnsByPosition(previous, next)
  var found = positional
  if found == nil, let order = columnsByOrder(previous, next) {
    let repeats = next.headerRowCount > 0 && headerRepeats(previous: prevHeader, next: nextHeader, map: order)
    // A repeated title vouches for a part without a header of its own only: a new table
    // under a section name printed again brings its own header.
    let titled = (context.titleRepeated || titleRows > 0) && next.headerRowCount == 0
    if titled || repeats || firstRowCarriesOver(next, lastRow: context.lastRow) {
      found = order
    }
  }
  guard let map = found else { return nil }
  // Adjoining on the same page, columns in place, "header" rows holding a label in the first
  // column only are group rows of the table above (a group label read as the header of a new
  // table); with space set between, they title a table of their own.
  if context.adjoining, next.headerRowCount > 0, positional != nil, next.columns.count == previous.columns.count,
    next.rows.prefix(next.headerRowCount).allSatisfy(rowIsGroupLabel)
  {
    next.headerRowCount = 0
  }
  var skip = 0
  var fragment: [(Int, String)] = []
  var dropsLastRow = false
  // Header rows of `next` kept as rows (a header printed again on the same page), with the
  // first lines of a wrapped header left in the last row joined back in.
  var kept: [Int: [String]] = [:]
  if next.headerRowCount > 0 {
    let prevRows = previous.rows.prefix(previous.headerRowCount).map { $0.map(\.text) }
    let nextRows = next.rows.prefix(next.headerRowCount).map { $0.map(\.text) }
    if prevRows == nextRows || headerRepeats(previous: prevHeader, next: nextHeader, map: map) {
      var over = Array(repeating: "", count: previous.columns.count)
      for (j, text) in nextHeader.enumerated() where !text.isEmpty { over[map[j]] = text }
      dropsLastRow = rowIsHeaderHead(context.lastRow, previous: prevHeader, nextOver: over)
      if context.samePage {
        if dropsLastRow {
          var first = next.rows[0].map(\.text)
          for (j, c) in map.enumerated()
          where j < first.count && c < context.lastRow.count && !context.lastRow[c].isEmpty {
            first[j] = first[j].isEmpty ? context.lastRow[c] : context.lastRow[c] + " " + first[j]
          }
          kept[0] = first
        }
      } else {
        skip = next.headerRowCount
      }
    } else {
      guard next.headerRowCount == 1, let row = next.rows.first, row.first?.text.isEmpty == true,
        row.allSatisfy({ $0.text.isEmpty || $0.text.unicodeScalars.first!.properties.isLowercase })
      else { return nil }
      fragment = row.indices.filter { !row[$0].text.isEmpty }.map { (map[$0], row[$0].text) }
      skip = 1
    }
  }
  var rows = (skip..<next.rows.count).map { i in
    var cells = Array(repeating: TableCell(text: "", bbox: nil, isBold: false), count: previous.columns.count)
    for (j, c) in rowToTableCells(next.rows[i], isBody: true).enumerated() {
      var cell = c
      if let texts = kept[i] { cell.text = texts[j] }
      cells[map[j]] = cell
    }
    return TableRow(cells: cells, page: next.page, indentLevel: next.indents[i])
  }
  // The carried pair is marked only when it carries an amount (a row of zeros or dashes may
  // repeat by chance).
  let carriedIn = next.headerRowCount - skip
  let carriesOver = !dropsLastRow && rows.indices.contains(carriedIn)
    && firstRowCarriesOver(next, lastRow: context.lastRow)
    && context.lastRow.contains { cellIsFigure($0) && $0.unicodeScalars.contains { ("1"..."9").contains($0) } }
  if carriesOver { rows[carriedIn].isCarried = true }
  return Continued(rows: rows, fragment: fragment, dropsLastRow: dropsLastRow, carriesOver: carriesOver)
}

/// A row whose only filled cell is a text in the first column.
private func rowIsGroupLabel(_ row: [GridCell]) -> Bool {
  guard let first = row.first, !first.text.isEmpty, !cellIsFigure(first.text) else { return false }
  return row.dropFirst().allSatisfy { $0.text.isEmpty }
}

/// A header row whose one filled cell prints a title again.
private func rowRepeatsTitle(_ row: [GridCell], titles: [String]) -> Bool {
  let filled = row.filter { !$0.text.isEmpty }
  return filled.count == 1 && textRepeatsTitle(filled[0].text, titles: titles)
}

/// The first body row of `next` prints the figures of `lastRow` again, in order: a subtotal
/// carried over the page break.
private func firstRowCarriesOver(_ next: PageTable, lastRow: [String]) -> Bool {
  guard next.headerRowCount < next.rows.count else { return false }
  let carried = lastRow.filter(cellIsFigure)
  let first = next.rows[next.headerRowCount].map(\.text).filter(cellIsFigure)
  return !carried.isEmpty && carried == first
}

/// `next`'s columns laid over `previous`'s by x-position, or nil when some column lies elsewhere.
private func columnsByPosition(_ previous: PageTable, _ next: PageTable) -> [Int]? {
  let tolerance = 0.1 * max(1, (previous.box.x1 - previous.box.x0))
  var map: [Int] = []
  if previous.columns.count == next.columns.count {
    for (a, b) in zip(previous.columns, next.columns) {
      let ca = (a.lowerBound + a.upperBound) / 2
      let cb = (b.lowerBound + b.upperBound) / 2
      if abs(ca - cb) > tolerance && abs(a.upperBound - b.upperBound) > tolerance && abs(a.lowerBound - b.lowerBound) > tolerance {
        return nil
      }
    }
    return Array(next.columns.indices)
  }
  // A column whose body is empty on the first page (under a header set off to one side)
  // takes the cells over it only when no filled column lies there too.
  let filled = Set(previous.rows.dropFirst(previous.headerRowCount).flatMap { row in
    row.indices.filter { !row[$0].text.isEmpty }
  })
  for b in next.columns {
    let cb = (b.lowerBound + b.upperBound) / 2
    let distance = previous.columns.map { abs(($0.lowerBound + $0.upperBound) / 2 - cb) }
    let over = previous.columns.indices.filter {
      min(previous.columns[$0].upperBound, b.upperBound) > max(previous.columns[$0].lowerBound, b.lowerBound)
    }
    // A cell spanning columns is read in the first of them, so the first filled column under
    // `b` is the one its cells belong to.
    let preferred = over.filter(filled.contains)
    let near = previous.columns.indices.filter { distance[$0] <= tolerance }
    let nearest = near.filter(filled.contains).min(by: { distance[$0] < distance[$1] })
    guard let best = preferred.first ?? nearest ?? over.first ?? near.min(by: { distance[$0] < distance[$1] }),
      best > (map.last ?? -1)
    else { return nil }
    map.append(best)
  }
  let prevFigures = tableFigureColumns(previous)
  let nextFigures = tableFigureColumns(next)
  guard !nextFigures.isEmpty, nextFigures.allSatisfy({ prevFigures.contains(map[$0]) }) else { return nil }
  return map
}

func gridCellToTableCell(_ c: GridCell) -> TableCell {
  TableCell(text: c.text, bbox: c.box, isBold: c.isBold, columnSpan: c.span)
}

/// A row's cells as printed. A header cell spanning figure columns is repeated in each (every
/// figure column keeps its full header path); a body cell spanning columns, or a header cell
/// over label columns only (`figureColumns` holds the others), stands once, in its first column,
/// the columns it covers left empty (as the HTML reader does by default).
func rowToTableCells(_ row: [GridCell], isBody: Bool, figureColumns: Set<Int> = []) -> [TableCell] {
  var out = row.map(gridCellToTableCell)
  var c = 0
  while c < row.count {
    let span = max(1, row[c].span)
    let once = isBody || (c..<min(row.count, c + span)).allSatisfy { !figureColumns.contains($0) }
    if span > 1, !row[c].text.isEmpty, once {
      var k = c + 1
      while k < min(row.count, c + span), row[k] == row[c] {
        out[k] = TableCell(text: "", bbox: nil, isBold: row[c].isBold, columnSpan: 1)
        k += 1
      }
      c = k
    } else {
      c += 1
    }
  }
  return out
}

/// Columns where some body row holds a figure.
func tableFigureColumns(_ t: PageTable) -> Set<Int> {
  var out = Set<Int>()
  for row in t.rows.dropFirst(t.headerRowCount) {
    for (c, cell) in row.enumerated() where cellIsFigure(cell.text) { out.insert(c) }
  }
  return out
}

func pageTableToExtracted(_ t: PageTable, headings: [String]) -> ExtractedTable {
  let figures = tableFigureColumns(t)
  let rows = t.rows.indices.map { i in
    TableRow(
      cells: rowToTableCells(t.rows[i], isBody: i >= t.headerRowCount, figureColumns: figures), page: t.page,
      indentLevel: t.indents[i])
  }
  return ExtractedTable(
    title: headings.last, headings: headings, pages: [t.page], bbox: t.box, headerRowCount: t.headerRowCount,
    rows: rows, origin: .grid, footnotes: t.footnotes)
}

/// A minus sign set apart at the left of an amount (accounting style "-    935,00") lands in a
/// column of its own: it is joined to the figure to its right when only empty cells lie between,
/// the figure has no sign, and the sign's column holds no figure and stays empty in most rows
/// (a column of dashes standing for zero is left alone).
func joinDetachedSigns(_ table: PageTable) -> PageTable {
  var t = table
  let body = t.headerRowCount..<t.rows.count
  guard !body.isEmpty else { return t }
  func isSign(_ s: String) -> Bool { s == "-" || s == "–" || s == "−" }
  for c in t.columns.indices.dropLast() {
    let filled = body.filter { !t.rows[$0][c].text.isEmpty }
    guard !filled.isEmpty, 2 * filled.count < body.count, filled.allSatisfy({ isSign(t.rows[$0][c].text) }) else {
      continue
    }
    for r in filled {
      guard let k = ((c + 1)..<t.columns.count).first(where: { !t.rows[r][$0].text.isEmpty }) else { continue }
      let figure = t.rows[r][k]
      guard cellIsFigure(figure.text), let first = figure.text.unicodeScalars.first,
        first.value >= 0x30 && first.value <= 0x39
      else { continue }
      let sign = t.rows[r][c]
      var joined = figure
      joined.text = sign.text + " " + figure.text
      joined.box = figure.box.map { b in sign.box.map { b.union($0) } ?? b } ?? sign.box
      // A figure spanning columns is held by each of them.
      var j = k
      while j < t.columns.count, t.rows[r][j] == figure {
        t.rows[r][j] = joined
        j += 1
      }
      t.rows[r][c] = .empty
    }
  }
  return t
}

/// A numbered or lettered list set in columns: every filled first cell of the body is a list
/// marker ("6.", "a)", "12.") and most rows hold no figure beside it (prose may end on one,
/// "… RVV 1990.").
func tableIsNumberedList(_ t: PageTable) -> Bool {
  let body = t.rows.dropFirst(t.headerRowCount)
  let markers = body.compactMap { $0.first?.text }.filter { !$0.isEmpty }
  guard markers.count >= 2, markers.allSatisfy(textIsListMarker) else { return false }
  let withFigures = body.filter { row in row.dropFirst().contains { cellIsFigure($0.text) } }.count
  return 2 * withFigures < body.count
}
