import TallyCore

/// The bytes of one document's outputs, rendered and validated before anything is written.
public struct DocumentOutputs: Sendable {
  /// `records/<name>.jsonl`.
  public var records: String
  /// `findings/<name>.jsonl`.
  public var findings: String
  /// `tables/<name>.jsonl`.
  public var tables: String
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

  /// The lines `tally tables` prints for a document.
  public static func tableLines(source: SourceDocument, tables: [ExtractedTable]) throws -> String {
    var out = ""
    for (i, t) in tables.enumerated() {
      let r = TableRecord(source: source.fileName, sha256: source.sha256, index: i, table: t)
      try r.validate()
      out += r.jsonLine()
      out += "\n"
    }
    return out
  }

  public func render(
    extracted: ExtractedDocument, normalized: NormalizedDocument, findings: [Finding]
  ) throws -> DocumentOutputs {
    let src = extracted.source
    let tables = try Emitter.tableLines(source: src, tables: extracted.tables)
    var records = ""
    for fact in normalized.facts {
      let r = FactRecord(source: src.fileName, sha256: src.sha256, fact: fact)
      try r.validate()
      records += r.jsonLine()
      records += "\n"
    }
    var findingLines = ""
    for f in findings where settings.findings == .all || f.status != .pass {
      let r = FindingRecord(source: src.fileName, sha256: src.sha256, finding: f)
      try r.validate()
      findingLines += r.jsonLine()
      findingLines += "\n"
    }
    let log = ReconciliationLog.section(
      source: src.fileName, sha256: src.sha256, pageCount: extracted.pageCount,
      tableCount: extracted.tables.count, factCount: normalized.facts.count, findings: findings,
      logPasses: settings.logPasses)
    return DocumentOutputs(
      records: records, findings: findingLines, tables: tables, logSection: log,
      counts: CheckCounts(findings), factCount: normalized.facts.count,
      tableCount: extracted.tables.count)
  }
}
