import TallyCore

/// One `<td>`/`<th>` as written, before it is placed in the grid.
public struct SourceCell: Sendable, Hashable {
  public var text: String
  public var isBold: Bool
  public var isHeaderCell: Bool
  /// The rowspan/colspan attribute values as written (nil: absent).
  public var rowSpan: String?
  public var colSpan: String?

  public init(text: String, isBold: Bool = false, isHeaderCell: Bool = false, rowSpan: String? = nil, colSpan: String? = nil) {
    self.text = text
    self.isBold = isBold
    self.isHeaderCell = isHeaderCell
    self.rowSpan = rowSpan
    self.colSpan = colSpan
  }
}

/// One `<tr>` as written.
public struct SourceRow: Sendable, Hashable {
  public var cells: [SourceCell]
  /// The row sits in `<thead>`.
  public var inHead: Bool

  public init(cells: [SourceCell], inHead: Bool = false) {
    self.cells = cells
    self.inHead = inHead
  }
}

/// A `<table>` as written: its caption and rows (nested tables are separate).
public struct SourceTable: Sendable, Hashable {
  public var caption: String?
  public var rows: [SourceRow]

  public init(caption: String? = nil, rows: [SourceRow]) {
    self.caption = caption
    self.rows = rows
  }
}

/// A table laid out on its grid: every row has `width` cells.
public struct TableGrid: Sendable, Hashable {
  public var rows: [TableRow]
  public var headerRowCount: Int
  /// Columns or rows dropped by the size caps (0 for ordinary tables).
  public var truncatedColumns: Int
  public var truncatedRows: Int
}

/// Limits of grid building; see `HTMLTableSettings` for their meaning.
public struct GridLimits: Sendable {
  public var maxColumnSpan: Int
  public var maxRowSpan: Int
  public var maxColumns: Int
  public var maxCells: Int
  public var repeatRowSpanText: Bool
  public var repeatBodyColumnSpanText: Bool

  public init(settings: HTMLTableSettings, maxCells: Int? = nil) {
    maxColumnSpan = settings.maxColumnSpan
    maxRowSpan = settings.maxRowSpan
    maxColumns = settings.maxTableColumns
    self.maxCells = maxCells ?? settings.maxGridCells
    repeatRowSpanText = settings.repeatRowSpanText
    repeatBodyColumnSpanText = settings.repeatBodyColumnSpanText
  }
}

/// A span attribute's value by the HTML rules: leading spaces, then digits, the rest ignored;
/// unparsable means 1; clamped to `1...maximum`; 0 means 1 (tally does not stretch to the section end).
public func spanValue(_ raw: String?, maximum: Int) -> Int {
  guard let raw else { return 1 }
  var value = 0
  var sawDigit = false
  for s in raw.unicodeScalars {
    if !sawDigit, s == " " || s == "\t" || s == "\n" || s == "+" { continue }
    guard s.value >= 0x30, s.value <= 0x39 else { break }
    sawDigit = true
    value = min(value * 10 + Int(s.value - 0x30), 1_000_000)
  }
  guard sawDigit else { return 1 }
  return max(1, min(value, maximum))
}

/// Places the cells on the grid with the HTML table model: rowspans reserve slots below, colspans
/// slots to the right. A spanning cell's text goes in its first slot; header rows repeat colspan text
/// in every spanned column (each column then has its full header path); rowspans end at the table end.
///
/// Header rows: the `<thead>` rows, or else the leading rows whose cells are all `<th>`.
public func sourceTableToGrid(_ table: SourceTable, limits: GridLimits) -> TableGrid {
  let headerFlags = headerRowFlags(table.rows)
  var rows: [TableRow] = []
  rows.reserveCapacity(table.rows.count)
  // Slots reserved by rowspans from rows above: column -> (rows left, cell).
  var pending: [(left: Int, cell: TableCell)?] = []
  var pendingCount = 0
  var width = 0
  var truncatedColumns = 0
  var truncatedRows = 0
  var cellsUsed = 0
  let placeholder = TableCell(text: "")

  for (rowIndex, source) in table.rows.enumerated() {
    let isHeader = headerFlags[rowIndex]
    var cells: [TableCell] = []
    cells.reserveCapacity(max(width, source.cells.count))
    var column = 0

    func fillPending() {
      while column < pending.count, let slot = pending[column] {
        cells.append(slot.cell)
        pending[column] = slot.left > 1 ? (slot.left - 1, limits.repeatRowSpanText ? slot.cell : placeholder) : nil
        if slot.left <= 1 { pendingCount -= 1 }
        column += 1
      }
    }

    for cell in source.cells {
      if pendingCount > 0 { fillPending() }
      let requested = spanValue(cell.colSpan, maximum: limits.maxColumnSpan)
      let span = min(requested, limits.maxColumns - column)
      if span <= 0 {
        truncatedColumns += 1
        continue
      }
      let rowSpan = min(spanValue(cell.rowSpan, maximum: limits.maxRowSpan), table.rows.count - rowIndex)
      let bold = cell.isBold || cell.isHeaderCell
      let first = TableCell(text: cell.text, isBold: bold, columnSpan: span)
      let repeatText = isHeader || limits.repeatBodyColumnSpanText
      let rest = repeatText ? first : TableCell(text: "", isBold: bold, columnSpan: 1)
      for offset in 0..<span {
        let placed = offset == 0 ? first : rest
        cells.append(placed)
        if rowSpan > 1 {
          let index = column + offset
          if pending.count <= index { pending.append(contentsOf: repeatElement(nil, count: index + 1 - pending.count)) }
          if pending[index] == nil { pendingCount += 1 }
          let below = limits.repeatRowSpanText ? placed : TableCell(text: "", isBold: bold, columnSpan: placed.columnSpan)
          pending[index] = (rowSpan - 1, below)
        }
      }
      column += span
    }
    if pendingCount > 0 { fillPending() }
    // Slots reserved further right than this row's last cell.
    if pendingCount > 0 {
      while column < pending.count {
        if pending[column] != nil {
          fillPending()
        } else {
          cells.append(placeholder)
          column += 1
        }
      }
    }
    if cellsUsed + max(cells.count, width) > limits.maxCells {
      truncatedRows = table.rows.count - rowIndex
      break
    }
    cellsUsed += max(cells.count, width)
    width = max(width, cells.count)
    rows.append(TableRow(cells: cells))
  }
  // Pad to a rectangle.
  for i in rows.indices where rows[i].cells.count < width {
    let isBold = rows[i].isBold
    rows[i].cells.append(contentsOf: repeatElement(placeholder, count: width - rows[i].cells.count))
    rows[i].isBold = isBold
  }
  let headerCount = headerFlags.prefix(rows.count).prefix(while: { $0 }).count
  return TableGrid(rows: rows, headerRowCount: headerCount, truncatedColumns: truncatedColumns, truncatedRows: truncatedRows)
}

/// Which rows are header rows: thead rows, or (without thead) the leading all-`<th>` rows;
/// only a leading block counts, so a `<thead>` at the end of tag soup does not make body rows headers.
func headerRowFlags(_ rows: [SourceRow]) -> [Bool] {
  var flags = [Bool](repeating: false, count: rows.count)
  let hasHead = rows.contains(where: \.inHead)
  for (i, row) in rows.enumerated() {
    let isHeader =
      hasHead ? row.inHead : (!row.cells.isEmpty && row.cells.allSatisfy(\.isHeaderCell) && i < rows.count - 1)
    if !isHeader { break }
    flags[i] = true
  }
  return flags
}
