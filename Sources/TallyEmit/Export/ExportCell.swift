import Foundation
import TallyCore

/// One cell of an exported sheet or CSV line.
enum ExportCell: Sendable, Equatable {
  case empty
  case text(String)
  case integer(Int)
  /// A figure: its exact value and the decimals it is shown with.
  case figure(ExactDecimal, decimals: Int)
  /// A hyperlink (relative to the output folder) shown as `text`.
  case link(url: String, text: String)

  /// A figure from its exact decimal string, shown with as many decimals as the string has;
  /// text when the string is not a decimal, empty when there is none.
  static func decimal(_ canonical: String?) -> ExportCell {
    guard let canonical else { return .empty }
    guard let d = ExactDecimal(canonical: canonical) else { return .text(canonical) }
    return .figure(d, decimals: d.scale)
  }

  /// Text, or empty for nil.
  static func string(_ s: String?) -> ExportCell { s.map { .text($0) } ?? .empty }
  /// An integer, or empty for nil.
  static func count(_ i: Int?) -> ExportCell { i.map { .integer($0) } ?? .empty }

  /// The CSV field: figures as their exact decimal string, links as their URL.
  var csvText: String {
    switch self {
    case .empty: ""
    case .text(let s): s
    case .integer(let i): String(i)
    case .figure(let d, _): d.description
    case .link(let url, _): url
    }
  }
}

/// A figure as a spreadsheet number, when that keeps it exact.
enum SpreadsheetNumber {
  /// Significant digits a double holds exactly through decimal text and back (DBL_DIG).
  static let maxDigits = 15

  /// The double for `value`, or nil when a double would not give back the exact value: more
  /// than 15 significant digits, or a text form libxlsxwriter (`%.16G`) would not write as
  /// the same decimal. Those figures are written as text, so nothing is rounded silently.
  static func double(_ value: ExactDecimal) -> Double? {
    let n = value.normalized
    let digits = String(n.units.magnitude).count
    guard digits <= maxDigits, let d = Double(n.description) else { return nil }
    // What the workbook's XML will hold for this double, read back exactly.
    guard let written = printed(d), let back = ExactDecimal(canonical: written), back == value else { return nil }
    return d
  }

  /// `d` as libxlsxwriter writes it, `%.16G` (C's printf, as `String(format:)` gives, without
  /// Foundation's format parsing per figure).
  static func printed(_ d: Double) -> String? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String? in
      let n = withVaList([d]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.16G", $0) }
      guard n > 0, n < buffer.count else { return nil }
      return String(cString: buffer.baseAddress!)
    }
  }

  /// The decimals to show: the displayed precision, and never fewer than the value has (a
  /// figure with a scale word, "2,85 miljoen", keeps its digits).
  static func decimals(_ value: ExactDecimal, shown: Int) -> Int {
    max(0, shown, value.normalized.scale)
  }
}

/// RFC 4180 CSV: fields separated by commas, lines ended by CRLF, a field quoted when it holds
/// a comma, a quote, CR or LF, quotes doubled; UTF-8 without a byte-order mark (a BOM would
/// become part of the first column's name in pandas and DuckDB).
enum CSV {
  static func appendLine(_ fields: [String], to out: inout [UInt8]) {
    for (i, f) in fields.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      let needsQuotes = f.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
      if needsQuotes {
        out.append(0x22)
        for b in f.utf8 {
          if b == 0x22 { out.append(0x22) }
          out.append(b)
        }
        out.append(0x22)
      } else {
        out.append(contentsOf: f.utf8)
      }
    }
    out.append(contentsOf: [0x0D, 0x0A])
  }
}
