import TallyCore

/// A record that breaks its schema's rules: an internal error reported for its document; the
/// document's outputs are then not written.
public struct RecordError: Error, Sendable, CustomStringConvertible {
  public var record: String
  public var message: String
  public var description: String { "invalid \(record) record: \(message)" }
}

/// Schema version of every line tally writes (`schema_version`); bumped on an incompatible change.
/// Version 2 renamed the members SQL reserves or that need quoting: `table` is `table_index`,
/// `row`/`column` are `row_path`/`column_path`, `schema` is `schema_version`; facts gained
/// `grid_row`/`grid_column`, their cell in the table record's `rows`. A table's `rows` keep their
/// name (no keyword in DuckDB, PostgreSQL or SQLite; `tally tables` consumers read it).
public let recordSchemaVersion = 2

/// The checks shared by all record types, mirroring `schemas/*.schema.json`.
enum RecordRules {
  static func sha256(_ s: String, _ record: String) throws {
    guard s.utf8.count == 64, s.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    else { throw RecordError(record: record, message: "sha256 must be 64 lower-case hex digits") }
  }

  static func nonEmpty(_ s: String, _ field: String, _ record: String) throws {
    if s.isEmpty { throw RecordError(record: record, message: "\(field) must not be empty") }
  }

  static func page(_ p: Int?, _ record: String) throws {
    if let p, p < 1 { throw RecordError(record: record, message: "page must be 1 or more") }
  }

  static func bbox(_ b: BoundingBox?, _ record: String) throws {
    guard let b else { return }
    guard [b.x0, b.y0, b.x1, b.y1].allSatisfy(\.isFinite), b.x0 <= b.x1, b.y0 <= b.y1 else {
      throw RecordError(record: record, message: "bbox must be finite with x0 <= x1 and y0 <= y1")
    }
  }
}

/// One line of `tables/<name>.jsonl` and of `tally tables`: a table as printed.
public struct TableRecord: Sendable {
  public var source: String
  public var sha256: String
  /// Index of the table in its document, as in the fact and finding records.
  public var index: Int
  public var table: ExtractedTable

  public init(source: String, sha256: String, index: Int, table: ExtractedTable) {
    self.source = source
    self.sha256 = sha256
    self.index = index
    self.table = table
  }

  public func validate() throws {
    try RecordRules.nonEmpty(source, "source", "table")
    try RecordRules.sha256(sha256, "table")
    for p in table.pages { try RecordRules.page(p, "table") }
    try RecordRules.bbox(table.bbox, "table")
    guard table.headerRowCount >= 0, table.headerRowCount <= table.rows.count else {
      throw RecordError(record: "table", message: "header_rows outside the table")
    }
  }

  public func jsonLine() -> String {
    var out: [UInt8] = []
    write(into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the line (without its newline) to `out`.
  public func write(into out: inout [UInt8]) {
    var w = JSONObjectWriter(continuing: &out)
    w.int("schema_version", recordSchemaVersion)
    w.string("source", source)
    w.string("sha256", sha256)
    w.int("table_index", index)
    w.int("page", table.pages.first)
    w.ints("pages", table.pages.isEmpty ? nil : table.pages)
    w.string("title", table.title)
    w.strings("headings", table.headings)
    w.string("origin", table.origin.rawValue)
    w.int("header_rows", table.headerRowCount)
    w.stringGrid("rows", table.rows.map(\.texts))
    w.ints("bold_rows", table.rows.indices.filter { table.rows[$0].isBold })
    w.strings("footnotes", table.footnotes)
    w.bbox("bbox", table.bbox)
    w.finish(into: &out)
  }
}

/// One line of `records/<name>.jsonl`: a numeric fact with its provenance.
public struct FactRecord: Sendable {
  public var source: String
  public var sha256: String
  public var fact: Fact

  public init(source: String, sha256: String, fact: Fact) {
    self.source = source
    self.sha256 = sha256
    self.fact = fact
  }

  public func validate() throws {
    try RecordRules.nonEmpty(source, "source", "fact")
    try RecordRules.sha256(sha256, "fact")
    try Self.validate(fact)
  }

  /// The checks of `validate()` that depend on the fact, not on its document: a document's
  /// source and sha256 are checked once for all its facts.
  static func validate(_ fact: Fact) throws {
    try RecordRules.page(fact.page, "fact")
    try RecordRules.bbox(fact.bbox, "fact")
    try RecordRules.nonEmpty(fact.raw, "raw", "fact")
    guard fact.table >= 0 else { throw RecordError(record: "fact", message: "table must be 0 or more") }
    guard (-30...30).contains(fact.decimals) else {
      throw RecordError(record: "fact", message: "decimals out of range")
    }
  }

  public func jsonLine() -> String {
    var out: [UInt8] = []
    write(into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the line (without its newline) to `out`.
  public func write(into out: inout [UInt8]) {
    Self.write(fact, common: Self.commonMembers(source: source, sha256: sha256), into: &out)
  }

  /// `"schema_version":…,"source":…,"sha256":…`: the first members of every fact line of a document.
  static func commonMembers(source: String, sha256: String) -> [UInt8] {
    var w = JSONObjectWriter()
    w.int("schema_version", recordSchemaVersion)
    w.string("source", source)
    w.string("sha256", sha256)
    return Array(w.membersSoFar)
  }

  /// Appends a fact's line (without its newline), its document's members rendered beforehand.
  static func write(_ fact: Fact, common: [UInt8], into out: inout [UInt8]) {
    var w = JSONObjectWriter(continuing: &out)
    w.members(common)
    w.int("page", fact.page)
    w.int("table_index", fact.table)
    w.string("table_title", fact.tableTitle)
    w.strings("row_path", fact.row)
    w.strings("column_path", fact.column)
    w.string("raw", fact.raw)
    w.string("value", fact.value.description)
    w.int("decimals", fact.decimals)
    w.string("unit", fact.unit.kind.rawValue)
    w.string("unit_word", fact.unit.word)
    w.string("role", fact.role.rawValue)
    w.string("note", fact.note)
    w.int("grid_row", fact.gridRow)
    w.int("grid_column", fact.gridRow == nil ? nil : fact.columnIndex)
    w.bbox("bbox", fact.bbox)
    w.finish(into: &out)
  }
}

/// One line of `findings/<name>.jsonl`: a check and its outcome.
public struct FindingRecord: Sendable {
  public var source: String
  public var sha256: String
  public var finding: Finding

  public init(source: String, sha256: String, finding: Finding) {
    self.source = source
    self.sha256 = sha256
    self.finding = finding
  }

  /// A stable id: the same check on the same bytes keeps its id across runs.
  public var id: String {
    let f = finding
    let scope = [
      f.rule, f.kind, f.table.map(String.init) ?? "-", f.row.joined(separator: "\u{1F}"),
      f.column.joined(separator: "\u{1F}"), sha256,
    ].joined(separator: "\u{1E}")
    return String(SHA256.hex(of: Array(scope.utf8)).prefix(16))
  }

  public func validate() throws {
    try RecordRules.nonEmpty(source, "source", "finding")
    try RecordRules.sha256(sha256, "finding")
    try RecordRules.page(finding.page, "finding")
    try RecordRules.nonEmpty(finding.rule, "rule", "finding")
    try RecordRules.nonEmpty(finding.kind, "kind", "finding")
    try RecordRules.nonEmpty(finding.message, "message", "finding")
    for c in finding.cells {
      try RecordRules.page(c.page, "finding")
      try RecordRules.bbox(c.bbox, "finding")
    }
  }

  public func jsonLine() -> String {
    var out: [UInt8] = []
    write(into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the line (without its newline) to `out`.
  public func write(into out: inout [UInt8]) {
    let f = finding
    var w = JSONObjectWriter(continuing: &out)
    w.int("schema_version", recordSchemaVersion)
    w.string("id", id)
    w.string("source", source)
    w.string("sha256", sha256)
    w.string("rule", f.rule)
    w.string("kind", f.kind)
    w.string("status", f.status.rawValue)
    w.string("severity", f.severity.rawValue)
    w.int("page", f.page)
    w.int("table_index", f.table)
    w.string("table_title", f.tableTitle)
    w.strings("row_path", f.row)
    w.strings("column_path", f.column)
    w.string("stated", f.stated?.description)
    w.string("computed", f.computed?.description)
    w.string("difference", f.difference?.description)
    w.string("tolerance", f.tolerance?.description)
    w.objects("cells", f.cells) { cw, c in
      cw.int("table_index", c.table)
      cw.int("page", c.page)
      cw.strings("row_path", c.row)
      cw.strings("column_path", c.column)
      cw.string("raw", c.raw)
      cw.bbox("bbox", c.bbox)
    }
    w.string("message", f.message)
    w.string("hint", f.hint)
    w.finish(into: &out)
  }
}
