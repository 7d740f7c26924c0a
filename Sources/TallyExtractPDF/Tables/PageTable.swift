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
  // Four ASCII digits are four UTF-8 bytes: the bytes are read without an array of scalars.
  guard t.utf8.count == 4 else { return false }
  var k = 0
  var first: UInt8 = 0
  var second: UInt8 = 0
  for b in t.utf8 {
    guard b >= 0x30 && b <= 0x39 else { return false }
    if k == 0 { first = b } else if k == 1 { second = b }
    k += 1
  }
  return (first == 0x31 && second == 0x39) || (first == 0x32 && second == 0x30)
}

/// A cell that holds a figure (not a year, not a dash).
func cellIsFigure(_ t: String) -> Bool {
  // A figure holds a digit, so a lone dash (numeric, digitless) is none: one pass tells both.
  var tally = FigureTally()
  tally.add(t)
  return tally.digits > 0 && tally.other == 0 && !textIsYear(t)
}
