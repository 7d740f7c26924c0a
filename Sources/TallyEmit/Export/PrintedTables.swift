import Foundation
import TallyCore

/// A document's sheet in `tables.xlsx`: each of its tables as printed (a bold line with its
/// index, page and title, then its grid, header rows included), the cells that hold a figure
/// written as numbers with their printed decimals, the cells an error or warning points at filled.
enum PrintedTables {
  /// A cell of a table's grid (`grid_row`, `grid_column` of the fact records).
  struct Position: Hashable {
    var table: Int
    var row: Int
    var column: Int
  }

  /// A document's figures by their place in the printed grids.
  struct Figures {
    var values: [Position: (value: ExactDecimal, decimals: Int)] = [:]
    /// Places of each table, row path and column path (`ExportRows.cellKey`).
    var places: [String: [Position]] = [:]

    mutating func add(_ f: ExportRows.Fact) {
      guard let t = f.table, let r = f.gridRow, let c = f.gridColumn else { return }
      let p = Position(table: t, row: r, column: c)
      if let v = f.value { values[p] = (v, f.decimals) }
      places[ExportRows.cellKey(table: t, row: f.row, column: f.column), default: []].append(p)
    }

    /// The cells errors and warnings point at: every cell they cite and the figure they check
    /// not accepted (info findings, checks with nothing to check, would fill most of a table).
    func highlighted(by findings: [FindingLine]) -> Set<Position> {
      var out = Set<Position>()
      for f in findings where f.severity != .info && !f.isAccepted {
        var keys = [ExportRows.cellKey(table: f.table, row: f.row, column: f.column)]
        keys += f.cells.map { ExportRows.cellKey(table: $0.table ?? f.table, row: $0.row, column: $0.column) }
        for k in keys { out.formUnion(places[k] ?? []) }
      }
      return out
    }
  }

  /// Columns wide enough for labels in the first, figures in the others.
  static let widths: [Double] = [44] + Array(repeating: 14, count: 30)

  static func write(
    tablesPath: String, figures: Figures, findings: [FindingLine], to sheet: XLSXWorkbook.Sheet
  ) throws {
    let hits = figures.highlighted(by: findings)
    var rows = SheetRows(sheet: sheet)
    try sheet.widths(widths)
    try Exports.forEachLine(tablesPath) { line in
      guard let o = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
        let index = o["table_index"] as? Int
      else { return }
      let grid = (o["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String ?? "" } }
      // Room for the title line, the grid and a blank line, within the sheet's rows.
      guard rows.next + grid.count + 2 <= XLSXWorkbook.maxRows else { return }
      let page = (o["page"] as? Int).map { "page \($0)" } ?? ""
      try rows.append(
        [.text("table \(index)"), .text(page), .string(o["title"] as? String)], bold: true)
      for (r, printed) in grid.enumerated() {
        var cells: [ExportCell] = []
        var lit = Set<Int>()
        for (c, text) in printed.enumerated() {
          let p = Position(table: index, row: r, column: c)
          if let v = figures.values[p] {
            cells.append(.figure(v.value, decimals: v.decimals))
          } else {
            cells.append(text.isEmpty ? .empty : .text(text))
          }
          if hits.contains(p) { lit.insert(c) }
        }
        try rows.append(cells, highlighted: lit)
      }
      rows.next += 1
    }
  }
}
