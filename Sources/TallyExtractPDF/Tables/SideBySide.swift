import TallyCore

// Two tables set side by side (a balance sheet's assets beside its liabilities, two small tables
// sharing a band of the page) read as one table by a finder: each has its own label column
// followed by figures, with a gutter between them. They are cut apart at the second label column.

/// The gutter between the figures of the left table and the labels of the right one is at least
/// this many ems of body text.
let sideBySideGutterEm = 1.5
/// The right table's label column holds text in at least this share of the rows with figures
/// on its side (a column of notes beside a table holds text in a few rows only).
let sideBySideLabelShare = 0.6
/// The right table's labels are mostly different from each other (this share distinct at least)
/// and at least `sideBySideLabelLength` characters long at the median: a column of units
/// ("m²", "stuks") beside figures repeats short words.
let sideBySideDistinctLabels = 0.8
let sideBySideLabelLength = 6
/// Each table has at least this many rows with a label and figures.
let sideBySideMinRows = 2
/// The left table's last column holds labels in at most this share of its filled body cells
/// ("n.v.t." among figures), or it is a column of text, not the end of a table.
let sideBySideStrayLabelShare = 0.2

/// `table` cut into two tables side by side, or `[table]` when it is one. The cut is made before
/// a column of text labels that follows a column of figures, with a gutter between them, when
/// each side holds figures beside labels in `sideBySideMinRows` rows or more.
func tablesSideBySide(_ table: PageTable, bodySize: Double, settings: PDFTableShapeSettings) -> [PageTable] {
  let n = table.columns.count
  guard n >= 4 else { return [table] }
  let body = table.rows.indices.filter { $0 >= table.headerRowCount }
  for k in 2..<(n - 1) {
    // Figures beside labels on each side.
    let left = body.filter { r in labelled(table.rows[r], 0..<k) }
    let right = body.filter { r in labelled(table.rows[r], k..<n) }
    guard left.count >= sideBySideMinRows, right.count >= sideBySideMinRows else { continue }
    // The left table ends in figures; the right one opens with labels in most of its rows.
    let figuresRight = body.filter { r in table.rows[r][(k + 1)...].contains { cellIsFigure($0.text) } }
    let labels = figuresRight.filter { r in textIsLabel(table.rows[r][k].text) }
    let lastLeft = body.map { table.rows[$0][k - 1].text }.filter { !$0.isEmpty }
    let texts = labels.map { table.rows[$0][k].text }
    let lengths = texts.map(\.count).sorted()
    guard Double(labels.count) >= sideBySideLabelShare * Double(figuresRight.count),
      Double(Set(texts).count) >= sideBySideDistinctLabels * Double(texts.count),
      lengths.isEmpty || lengths[lengths.count / 2] >= sideBySideLabelLength,
      lastLeft.contains(where: cellIsFigure),
      Double(lastLeft.filter(textIsLabel).count) <= sideBySideStrayLabelShare * Double(lastLeft.count)
    else { continue }
    // A gutter: the right labels start well clear of everything in the left table's last column.
    let leftEnd = table.rows.compactMap { $0[k - 1].span == 1 ? $0[k - 1].box?.x1 : nil }.max()
    let rightStart = table.rows.compactMap { $0[k].span == 1 ? $0[k].box?.x0 : nil }.min()
    guard let e = leftEnd, let s = rightStart, s - e >= sideBySideGutterEm * bodySize else { continue }
    return [sideOf(table, 0..<k, settings: settings, size: bodySize), sideOf(table, k..<n, settings: settings, size: bodySize)]
  }
  return [table]
}

/// A row with a label and a figure among the columns `range`, the label first.
private func labelled(_ row: [GridCell], _ range: Range<Int>) -> Bool {
  textIsLabel(row[range.lowerBound].text) && row[range].dropFirst().contains { cellIsFigure($0.text) }
}

/// Text with a letter that is no figure: a row's label.
private func textIsLabel(_ t: String) -> Bool {
  !cellIsFigure(t) && t.unicodeScalars.contains { $0.properties.isAlphabetic }
}

/// The columns `range` of `table` as a table of their own: rows left empty there dropped, spans
/// cut at its edges, header rows and indents read again.
private func sideOf(_ table: PageTable, _ range: Range<Int>, settings: PDFTableShapeSettings, size: Double) -> PageTable {
  var laid: [LaidRow] = []
  for (r, row) in table.rows.enumerated() {
    var cells = Array(row[range])
    guard cells.contains(where: { !$0.text.isEmpty }) else { continue }
    for i in cells.indices where cells[i].span > 1 {
      cells[i].span = cells.filter { $0.text == cells[i].text && $0.box == cells[i].box }.count
    }
    var box = table.rowBoxes.indices.contains(r) ? table.rowBoxes[r] : table.box
    box.x0 = table.columns[range.lowerBound].lowerBound
    box.x1 = table.columns[range.upperBound - 1].upperBound
    laid.append(LaidRow(cells: cells, box: box, labelX0: cells[0].box?.x0))
  }
  let count = headerRowCount(laid, maxRows: settings.maxHeaderRows)
  var box = laid[0].box
  for r in laid.dropFirst() { box = box.union(r.box) }
  var out = PageTable(
    page: table.page, box: box, columns: Array(table.columns[range]), rows: laid.map(\.cells),
    rowBoxes: laid.map(\.box), indents: rowIndents(laid, headerCount: count, step: settings.indentStepEm * size),
    headerRowCount: count, kind: table.kind)
  out.footnotes = table.footnotes
  return out
}
