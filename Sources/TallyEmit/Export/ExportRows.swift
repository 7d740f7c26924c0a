import Foundation
import TallyCore

/// The columns of the facts and findings exports, shared by the XLSX sheets and the CSV files.
/// Names match the JSONL members (schema version 2), so a query moves between them unchanged.
enum ExportRows {
  /// Label paths in one cell, outermost first (as the log shows them).
  static let pathSeparator = " › "

  static let factColumns = [
    "source", "page", "table_index", "table_title", "row_path", "column_path", "raw", "value",
    "decimals", "unit", "unit_word", "role", "note", "grid_row", "grid_column",
  ]
  static let factWidths: [Double] = [28, 6, 11, 36, 40, 30, 14, 16, 9, 8, 10, 9, 16, 9, 11]

  static let findingColumns = [
    "id", "source", "page", "severity", "status", "rule", "kind", "table_index", "table_title",
    "row_path", "column_path", "stated", "computed", "difference", "tolerance", "message", "hint",
    "accepted", "review",
  ]
  static let findingWidths: [Double] = [17, 28, 6, 9, 12, 14, 14, 11, 30, 36, 26, 14, 14, 12, 12, 70, 40, 9, 12]

  /// One fact read back from `records/<name>.jsonl`.
  struct Fact {
    var cells: [ExportCell]
    var table: Int?
    var row: [String]
    var column: [String]
    var gridRow: Int?
    var gridColumn: Int?
    var value: ExactDecimal?
    var decimals: Int
  }

  /// The members of a fact line the exports use (see `FactRecord.write`).
  struct FactLine: Decodable, Equatable {
    var source: String?
    var page: Int?
    var table_index: Int?
    var table_title: String?
    var row_path: [String]?
    var column_path: [String]?
    var raw: String?
    var value: String?
    var decimals: Int?
    var unit: String?
    var unit_word: String?
    var role: String?
    var note: String?
    var grid_row: Int?
    var grid_column: Int?
  }

  /// A fact line in the columns of `factColumns`; nil when the line is not a fact record.
  /// Read by `FactLineReader`, else decoded into a struct: a dictionary of Foundation objects per
  /// line cost the exports more than everything else they do.
  static func fact(jsonLine line: Data, decoder: JSONDecoder = JSONDecoder()) -> Fact? {
    guard let o = FactLineReader.read(line) ?? (try? decoder.decode(FactLine.self, from: line)), let source = o.source,
      let valueText = o.value
    else { return nil }
    let row = o.row_path ?? []
    let column = o.column_path ?? []
    let value = ExactDecimal(canonical: valueText)
    let decimals = o.decimals ?? value?.scale ?? 0
    let cells: [ExportCell] = [
      .text(source), .count(o.page), .count(o.table_index), .string(o.table_title),
      .text(row.joined(separator: pathSeparator)), .text(column.joined(separator: pathSeparator)),
      .string(o.raw), value.map { .figure($0, decimals: decimals) } ?? .text(valueText), .integer(decimals),
      .string(o.unit), .string(o.unit_word), .string(o.role), .string(o.note), .count(o.grid_row),
      .count(o.grid_column),
    ]
    return Fact(
      cells: cells, table: o.table_index, row: row, column: column, gridRow: o.grid_row,
      gridColumn: o.grid_column, value: value, decimals: decimals)
  }

  /// The anchor of a finding on the review page (`ReviewPage` gives each entry `id="f-<id>"`).
  static func reviewLink(_ f: FindingLine) -> String { "review.html#f-\(f.id)" }

  /// A finding in the columns of `findingColumns`.
  static func finding(_ f: FindingLine) -> [ExportCell] {
    [
      .text(f.id), .text(f.source), .count(f.page), .text(f.severity.rawValue), .text(f.status.rawValue),
      .text(f.rule), .text(f.kind), .count(f.table), .string(f.tableTitle),
      .text(f.row.joined(separator: pathSeparator)), .text(f.column.joined(separator: pathSeparator)),
      .decimal(f.stated), .decimal(f.computed), .decimal(f.difference), .decimal(f.tolerance),
      .text(f.message), .string(f.hint), .text(f.isAccepted ? "yes" : "no"),
      .link(url: reviewLink(f), text: "review"),
    ]
  }

  /// The key a finding's cell and a fact share: table, row path and column path.
  static func cellKey(table: Int?, row: [String], column: [String]) -> String {
    "\(table ?? -1)\u{1E}" + row.joined(separator: "\u{1F}") + "\u{1E}" + column.joined(separator: "\u{1F}")
  }
}
