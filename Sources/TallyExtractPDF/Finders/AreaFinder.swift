import TallyCore

/// Tables at places the configuration names (`extract.pdf.areas`, camelot's `table_areas` and
/// `columns`): the words inside each area's box on its pages form one table, split into columns
/// at the given positions or, without them, at the columns their alignment shows. Asked before
/// every other finder: the user's word outranks any evidence on the page.
struct AreaFinder: TableFinder {
  static let name = "Area"
  let evidence = TableEvidence.declared
  var settings: PDFTableSettings

  init(settings: PDFTableSettings) { self.settings = settings }

  func find(in pool: inout PagePool) -> [PageTable] {
    var tables: [PageTable] = []
    for area in settings.areas where area.pages.map({ $0.contains(pool.page) }) ?? true {
      let inside = pool.words.filter { area.box.contains(x: $0.box.midX, y: $0.box.midY) }
      let lines = wordsToLines(inside, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
      guard !lines.isEmpty else { continue }
      tables.append(areaToTable(lines, area: area, page: pool.page, bodySize: pool.bodySize))
      pool.claim(area.box)
    }
    return tables
  }

  /// One table of `lines`: a row per line, cells by column; header rows and indents as the other
  /// finders count them.
  private func areaToTable(_ lines: [TextLine], area: TableArea, page: Int, bodySize: Double) -> PageTable {
    let columns: [ClosedRange<Double>]
    if let cuts = area.columns {
      let edges = [area.box.x0] + cuts.filter { $0 > area.box.x0 && $0 < area.box.x1 }.sorted() + [area.box.x1]
      columns = zip(edges, edges.dropFirst()).map { $0...$1 }
    } else {
      let inferred = chunksToColumns(lines)
      columns = inferred.isEmpty ? [area.box.x0...area.box.x1] : inferred
    }
    let rows = lines.map { areaLineToRow($0, columns: columns, given: area.columns != nil) }
    let count = headerRowCount(rows, maxRows: settings.tables.maxHeaderRows)
    let indents = rowIndents(rows, headerCount: count, step: settings.tables.indentStepEm * bodySize)
    return PageTable(
      page: page, box: area.box, columns: columns, rows: rows.map(\.cells), rowBoxes: rows.map(\.box),
      indents: indents, headerRowCount: count, kind: .stream)
  }

  /// A line as a row: with given column positions each word goes to the column under its middle
  /// (a chunk may straddle a cut the user drew); with inferred columns, as the stream finder lays
  /// its chunks out.
  private func areaLineToRow(_ line: TextLine, columns: [ClosedRange<Double>], given: Bool) -> LaidRow {
    guard given else { return lineToRow(line, columns: columns) }
    var cells = Array(repeating: GridCell.empty, count: columns.count)
    for word in line.words {
      let mid = word.box.midX
      let c = columns.firstIndex { mid <= $0.upperBound } ?? columns.count - 1
      let cell = cells[c]
      cells[c] = GridCell(
        text: cell.text.isEmpty ? word.text : cell.text + " " + word.text,
        box: cell.box.map { $0.union(word.box) } ?? word.box, isBold: (cell.text.isEmpty || cell.isBold) && word.font.isBold)
    }
    let label = cells.first.flatMap { $0.text.isEmpty ? nil : $0.box?.x0 }
    return LaidRow(cells: cells, box: line.box, labelX0: label)
  }
}
