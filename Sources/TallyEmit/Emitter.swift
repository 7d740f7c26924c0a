import TallyCore

/// The bytes of one document's outputs, rendered and validated before anything is written.
public struct DocumentOutputs: Sendable {
  /// `records/<name>.jsonl`, as UTF-8 bytes (written as they are: no String of 20 MB).
  public var records: [UInt8]
  /// `findings/<name>.jsonl`, as UTF-8 bytes.
  public var findings: [UInt8]
  /// `tables/<name>.jsonl`, as UTF-8 bytes.
  public var tables: [UInt8]
  /// The document's section of reconciliation.log.
  public var logSection: String
  public var counts: CheckCounts
  public var factCount: Int
  public var tableCount: Int
}

/// Renders the outputs of one document. Every record is validated first; an invalid record
/// throws, so a document's outputs are written whole or not at all.
public struct Emitter: Sendable {
  public var settings: EmitSettings

  public init(settings: EmitSettings = EmitSettings()) {
    self.settings = settings
  }

  /// The lines `tally tables` prints for a document, as UTF-8 bytes.
  public static func tableLines(source: SourceDocument, tables: [ExtractedTable]) throws -> [UInt8] {
    var out: [UInt8] = []
    for (i, t) in tables.enumerated() {
      let r = TableRecord(source: source.fileName, sha256: source.sha256, index: i, table: t)
      try r.validate()
      r.write(into: &out)
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }

  /// `includeRecords: false` leaves `records` empty, for a caller that streams them with
  /// `writeRecords(source:facts:to:)` instead of holding them whole.
  public func render(
    extracted: ExtractedDocument, normalized: NormalizedDocument, findings: [Finding],
    includeRecords: Bool = true
  ) throws -> DocumentOutputs {
    let src = extracted.source
    let tables = try Emitter.tableLines(source: src, tables: extracted.tables)
    var records: [UInt8] = []
    if includeRecords {
      // About 400 bytes a fact line: one allocation up front instead of doubling through 20 MB.
      records.reserveCapacity(normalized.facts.count * 400)
      let common = try Self.recordMembers(source: src, facts: normalized.facts)
      for fact in normalized.facts {
        try Self.appendRecord(fact, common: common, to: &records)
      }
    }
    var findingLines: [UInt8] = []
    for f in findings where settings.findings == .all || f.status != .pass {
      let r = FindingRecord(source: src.fileName, sha256: src.sha256, finding: f)
      try r.validate()
      r.write(into: &findingLines)
      findingLines.append(UInt8(ascii: "\n"))
    }
    let coverage = Coverage.count(normalized, findings: findings)
    let log = ReconciliationLog.section(
      source: src.fileName, sha256: src.sha256, pageCount: extracted.pageCount,
      tableCount: extracted.tables.count, factCount: normalized.facts.count, findings: findings,
      logPasses: settings.logPasses, coverage: coverage)
    var counts = CheckCounts(findings)
    (counts.totalsPrinted, counts.totalsChecked) = coverage
    return DocumentOutputs(
      records: records, findings: findingLines, tables: tables, logSection: log,
      counts: counts, factCount: normalized.facts.count,
      tableCount: extracted.tables.count)
  }

  /// Writes `records/<name>.jsonl` straight to `path` in chunks (atomically, see
  /// `AtomicFile.stream`): the same bytes as `render`'s `records`, without a buffer of the whole
  /// file (90 MB for a 50 000-row page). An invalid record throws and leaves the old file.
  public func writeRecords(source: SourceDocument, facts: [Fact], to path: String) throws {
    let common = try Self.recordMembers(source: source, facts: facts)
    try AtomicFile.stream(to: path) { out in
      for fact in facts {
        try Self.appendRecord(fact, common: common, to: &out.buffer)
        try out.flushIfFull()
      }
    }
  }

  /// The members every fact line of the document starts with, its source and sha256 validated
  /// once (when there is a fact to write, as `FactRecord.validate` would).
  private static func recordMembers(source: SourceDocument, facts: [Fact]) throws -> [UInt8] {
    if let first = facts.first {
      try FactRecord(source: source.fileName, sha256: source.sha256, fact: first).validate()
    }
    return FactRecord.commonMembers(source: source.fileName, sha256: source.sha256)
  }

  private static func appendRecord(_ fact: Fact, common: [UInt8], to out: inout [UInt8]) throws {
    try FactRecord.validate(fact)
    FactRecord.write(fact, common: common, into: &out)
    out.append(UInt8(ascii: "\n"))
  }
}
