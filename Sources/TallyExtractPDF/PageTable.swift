import TallyCore

/// One cell of a table found on a page.
struct GridCell: Sendable, Hashable {
  var text: String
  var box: BoundingBox?
  var isBold: Bool
  /// Columns the printed cell spans (the text is repeated in each).
  var span: Int = 1

  static let empty = GridCell(text: "", box: nil, isBold: false)
}

/// A table as found on one page, before titles and continuations are settled.
struct PageTable: Sendable {
  enum Kind: Sendable { case stream, lattice }
  var page: Int
  var box: BoundingBox
  /// x-ranges of the columns, left to right.
  var columns: [ClosedRange<Double>]
  /// Every row has `columns.count` cells.
  var rows: [[GridCell]]
  var rowBoxes: [BoundingBox]
  var indents: [Int]
  var headerRowCount: Int
  var footnotes: [String] = []
  var kind: Kind
}

/// The median of `values`; 0 when empty.
func median(_ values: [Double]) -> Double {
  guard !values.isEmpty else { return 0 }
  let s = values.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// A four-digit year such as 2023 reads as a number but heads a column. Only 1900-2099: a count
/// such as 1538 in a report is a figure.
func textIsYear(_ t: String) -> Bool {
  let u = Array(t.unicodeScalars)
  guard u.count == 4, u.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { return false }
  return (u[0] == "1" && u[1] == "9") || (u[0] == "2" && u[1] == "0")
}

/// A cell that holds a figure (not a year, not a dash).
func cellIsFigure(_ t: String) -> Bool {
  guard !t.isEmpty, textIsNumeric(t), !textIsYear(t) else { return false }
  return t.unicodeScalars.contains { $0.value >= 0x30 && $0.value <= 0x39 }
}
