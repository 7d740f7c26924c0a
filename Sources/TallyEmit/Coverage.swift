import TallyCore

/// How many printed totals a document has and how many of them a check reached, so "0 errors"
/// never hides "nothing checked".
///
/// A printed total is a figure (not a percentage) in a total or subtotal row, or in a total or
/// subtotal column, of a table (a running sum carried over a page break is no printed total). It is checked when it is the stated figure of a check that
/// passed, passed within rounding, or failed with severity error or warning (a failure another
/// reading of the table explains is no check of the figure). A check's stated figure is the last
/// of its cells.
public enum Coverage {
  public static func count(_ document: NormalizedDocument, findings: [Finding]) -> (printed: Int, checked: Int) {
    struct Key: Hashable {
      var table: Int
      var row: [String]
      var column: [String]
    }
    var stated = Set<Key>()
    for f in findings {
      let counts = f.status == .pass || f.status == .passWithinRounding || (f.status == .fail && f.severity != .info)
      guard counts, let cell = f.cells.last else { continue }
      stated.insert(Key(table: cell.table, row: cell.row, column: cell.column))
    }
    var printed = 0
    var checked = 0
    for table in document.tables {
      for row in table.rows where row.kind == .data {
        let rowPath = row.path.isEmpty ? [row.label] : row.path
        for (c, column) in table.columns.enumerated() where !column.isLabel && row.cells.indices.contains(c) {
          guard (row.role != .item && row.role != .carried) || column.role != .item, let n = row.cells[c].number, !n.isPercent else { continue }
          printed += 1
          if stated.contains(Key(table: table.index, row: rowPath, column: column.path)) { checked += 1 }
        }
      }
    }
    return (printed, checked)
  }
}
