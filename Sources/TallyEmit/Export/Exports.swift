import Foundation
import TallyCore

/// A document whose outputs go into the run's spreadsheet exports.
public struct ExportDocument: Sendable {
  public var file: String
  /// Its `records/<name>.jsonl` and `tables/<name>.jsonl`.
  public var recordsPath: String
  public var tablesPath: String
  /// Its findings as the review step read them (accepted ones marked).
  public var findings: [FindingLine]

  public init(file: String, recordsPath: String, tablesPath: String, findings: [FindingLine]) {
    self.file = file
    self.recordsPath = recordsPath
    self.tablesPath = tablesPath
    self.findings = findings
  }
}

/// The run's files for spreadsheets, written at the end of a run from the JSONL outputs of every
/// current document:
/// - `tables.xlsx`: a `facts` sheet (one row per figure, the value a number shown with its
///   printed decimals), then one sheet per document with each table as printed, its figures as
///   numbers and the cells errors and warnings point at filled;
/// - `findings.xlsx`: one row per finding with its page, severity, message and a link to its
///   entry on `review.html`;
/// - `facts.csv` and `findings.csv`: the same columns as the two first sheets (RFC 4180, UTF-8),
///   figures as their exact decimal strings.
///
/// Two workbooks rather than one: the findings are what a reviewer opens, small and quick to
/// load; the tables workbook can hold hundreds of thousands of figures. Figures with more than
/// 15 significant digits are written as text, since a spreadsheet number would round them.
public struct Exports: Sendable {
  public var root: String
  public var xlsx: Bool
  public var csv: Bool

  public init(root: String, settings: EmitSettings) {
    self.root = root
    xlsx = settings.xlsx
    csv = settings.csv
  }

  public var tablesWorkbook: String { "\(root)/tables.xlsx" }
  public var findingsWorkbook: String { "\(root)/findings.xlsx" }
  public var factsCSV: String { "\(root)/facts.csv" }
  public var findingsCSV: String { "\(root)/findings.csv" }

  /// Writes every switched-on export atomically and removes those switched off (an old export
  /// would otherwise pass for current).
  public func write(_ documents: [ExportDocument]) throws {
    for path in (xlsx ? [] : [tablesWorkbook, findingsWorkbook]) + (csv ? [] : [factsCSV, findingsCSV]) {
      unlink(path)
    }
    let findings = documents.flatMap { $0.findings.map { ($0, ExportRows.finding($0)) } }
    if csv {
      var out: [UInt8] = []
      CSV.appendLine(ExportRows.findingColumns, to: &out)
      for (_, cells) in findings { CSV.appendLine(cells.map(\.csvText), to: &out) }
      try AtomicFile.write(out, to: findingsCSV)
    }
    if xlsx {
      try AtomicFile.replace(findingsWorkbook) { tmp in
        let book = try XLSXWorkbook(path: tmp)
        let sheet = try book.addSheet("findings")
        var rows = SheetRows(sheet: sheet)
        try rows.header(ExportRows.findingColumns, widths: ExportRows.findingWidths)
        for (_, cells) in findings { try rows.append(cells) }
        try rows.finishHeader(columns: ExportRows.findingColumns.count)
        try book.close()
      }
    }
    guard xlsx || csv else { return }
    if xlsx {
      try AtomicFile.replace(tablesWorkbook) { tmp in
        let book = try XLSXWorkbook(path: tmp)
        try writeFacts(documents, book: book)
        try book.close()
      }
    } else {
      try writeFacts(documents, book: nil)
    }
  }

  /// One pass over each document's records: the facts sheet and `facts.csv` as they come, then
  /// the document's printed tables.
  private func writeFacts(_ documents: [ExportDocument], book: XLSXWorkbook?) throws {
    var sheets = SheetNames(reserved: ["facts"])
    var facts = try book.map { try FactsSheet(book: $0) }
    let decoder = JSONDecoder()
    func pass(_ csvLine: ([ExportCell]) throws -> Void) throws {
      for doc in documents {
        var grid = PrintedTables.Figures()
        try Self.forEachLine(doc.recordsPath) { line in
          guard let fact = ExportRows.fact(jsonLine: line, decoder: decoder) else { return }
          try csvLine(fact.cells)
          try facts?.append(fact.cells)
          grid.add(fact)
        }
        if let book {
          let sheet = try book.addSheet(sheets.name(for: doc.file))
          try PrintedTables.write(
            tablesPath: doc.tablesPath, figures: grid, findings: doc.findings, to: sheet)
        }
      }
    }
    if csv {
      try AtomicFile.stream(to: factsCSV) { out in
        CSV.appendLine(ExportRows.factColumns, to: &out.buffer)
        try pass { cells in
          CSV.appendLine(cells.map(\.csvText), to: &out.buffer)
          try out.flushIfFull()
        }
      }
    } else {
      try pass { _ in }
    }
    try facts?.finish()
  }

  /// Calls `body` with the bytes of each line of a JSONL file (none when the file is missing or
  /// not UTF-8). Split as bytes: splitting the text by Characters cost as much as decoding it.
  static func forEachLine(_ path: String, _ body: (Data) throws -> Void) throws {
    guard let data = FileManager.default.contents(atPath: path), isUTF8(data) else { return }
    // Line ends found in the raw bytes: Data's own split checks every byte's access.
    let ends = data.withUnsafeBytes { bytes in bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") } } + [data.count]
    var start = 0
    for end in ends {
      if end > start { try body(data[(data.startIndex + start)..<(data.startIndex + end)]) }
      start = end + 1
    }
  }

  /// Whether `data` is valid UTF-8, checked in place (a String of it would be a second copy of a
  /// records file of many megabytes).
  static func isUTF8(_ data: Data) -> Bool {
    data.withUnsafeBytes { raw in
      var parser = Unicode.UTF8.ForwardParser()
      var input = raw.makeIterator()
      while true {
        switch parser.parseScalar(from: &input) {
        case .valid: continue
        case .emptyInput: return true
        case .error: return false
        }
      }
    }
  }
}

/// The `facts` sheet, continued on `facts 2`, `facts 3`… past a sheet's million rows.
private struct FactsSheet {
  let book: XLSXWorkbook
  var rows: SheetRows
  var part = 1

  init(book: XLSXWorkbook) throws {
    self.book = book
    rows = SheetRows(sheet: try book.addSheet("facts"))
    try rows.header(ExportRows.factColumns, widths: ExportRows.factWidths)
  }

  mutating func append(_ cells: [ExportCell]) throws {
    if rows.next >= XLSXWorkbook.maxRows {
      try finish()
      part += 1
      rows = SheetRows(sheet: try book.addSheet("facts \(part)"))
      try rows.header(ExportRows.factColumns, widths: ExportRows.factWidths)
    }
    try rows.append(cells)
  }

  func finish() throws { try rows.finishHeader(columns: ExportRows.factColumns.count) }
}

/// Rows of export cells written top to bottom on one sheet.
struct SheetRows {
  let sheet: XLSXWorkbook.Sheet
  /// The next row to write.
  var next = 0
  var links = 0

  init(sheet: XLSXWorkbook.Sheet) {
    self.sheet = sheet
  }

  mutating func header(_ names: [String], widths: [Double]) throws {
    try sheet.widths(widths)
    var bold = XLSXWorkbook.Style()
    bold.bold = true
    for (c, name) in names.enumerated() { try sheet.text(next, c, name, bold) }
    next += 1
  }

  /// Filter buttons on the header, the header kept in view.
  func finishHeader(columns: Int) throws {
    try sheet.headerRow(columns: columns, lastRow: next - 1)
  }

  mutating func append(_ cells: [ExportCell], highlighted: Set<Int> = [], bold: Bool = false) throws {
    for (c, cell) in cells.enumerated() {
      try write(cell, column: c, highlighted: highlighted.contains(c), bold: bold)
    }
    next += 1
  }

  mutating func write(_ cell: ExportCell, column c: Int, highlighted: Bool, bold: Bool) throws {
    var style = XLSXWorkbook.Style(bold: bold, highlighted: highlighted)
    switch cell {
    case .empty:
      if highlighted { try sheet.text(next, c, "", style) }
    case .text(let s): try sheet.text(next, c, s, style)
    case .integer(let i): try sheet.number(next, c, Double(i), style)
    case .figure(let value, let decimals):
      if let d = SpreadsheetNumber.double(value) {
        style.decimals = SpreadsheetNumber.decimals(value, shown: decimals)
        try sheet.number(next, c, d, style)
      } else {
        try sheet.text(next, c, value.description, style)
      }
    case .link(let url, let text):
      if links < XLSXWorkbook.maxURLsPerSheet, url.utf8.count <= XLSXWorkbook.maxURLLength {
        links += 1
        try sheet.link(next, c, url: "external:" + url, text: text)
      } else {
        try sheet.text(next, c, url, style)
      }
    }
  }
}

/// Sheet names Excel accepts: at most 31 characters, none of `[]:*?/\`, not starting or ending
/// with an apostrophe, unique regardless of case.
struct SheetNames {
  private var used: Set<String>

  init(reserved: [String]) {
    used = Set(reserved.map { $0.lowercased() })
  }

  mutating func name(for file: String) -> String {
    let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
    var base = String(file.map { forbidden.contains($0) ? "_" : $0 })
    base = String(base.trimmingCharacters(in: CharacterSet(charactersIn: "'")).prefix(31))
    if base.isEmpty { base = "document" }
    var name = base
    var n = 2
    while used.contains(name.lowercased()) {
      let suffix = " (\(n))"
      name = String(base.prefix(31 - suffix.count)) + suffix
      n += 1
    }
    used.insert(name.lowercased())
    return name
  }
}
