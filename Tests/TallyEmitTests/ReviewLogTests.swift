import Foundation
import Testing

@testable import TallyCore
@testable import TallyEmit

/// The log that leads with what matters, the `review` member of a finding line and the roles of
/// a check's cells on the review page.
@Suite struct ReviewLogTests {
  private static let sha = String(repeating: "cd", count: 32)

  /// A finding line as the emitter writes it, read back.
  private static func line(
    _ id: String, severity: Severity, status: CheckStatus = .fail, page: Int? = 3, table: Int? = 1,
    hint: String? = nil, review: FindingLine.Review? = nil
  ) -> FindingLine {
    let f = Finding(
      rule: "row_total", kind: "row_total", status: status, severity: severity, page: page, table: table,
      tableTitle: "Personeel", row: ["TOTAAL"], column: ["FTE"], stated: ExactDecimal(units: 635, scale: 0),
      computed: ExactDecimal(units: 642, scale: 0), difference: ExactDecimal(units: 7, scale: 0),
      tolerance: ExactDecimal(units: 0, scale: 0),
      cells: [
        CellReference(table: 1, page: page, row: ["Midden"], column: ["FTE"], raw: "75", bbox: BoundingBox(x0: 10, y0: 20, x1: 30, y1: 30)),
        CellReference(table: 1, page: page, row: ["Oost"], column: ["FTE"], raw: "567", bbox: BoundingBox(x0: 10, y0: 32, x1: 30, y1: 42)),
        CellReference(table: 1, page: page, row: ["TOTAAL"], column: ["FTE"], raw: "635", bbox: BoundingBox(x0: 10, y0: 44, x1: 30, y1: 54)),
      ],
      message: "row total 'TOTAAL' in column 'FTE': 2 items sum to 642, printed 635 (id \(id))", hint: hint)
    var bytes: [UInt8] = []
    FindingRecord(source: "a.pdf", sha256: sha, finding: f).write(into: &bytes)
    var read = FindingLine(jsonLine: String(decoding: bytes, as: UTF8.self))!
    read.id = id
    read.review = review
    return read
  }

  private static func document(_ name: String, _ findings: [FindingLine], passes: Int = 40) -> ReviewedDocument {
    var counts = CheckCounts()
    counts.pass = passes
    counts.skipped = findings.filter { $0.status == .skipped }.count
    counts.fail = findings.filter { $0.status == .fail }.count
    counts.errors = findings.filter { $0.severity == .error }.count
    counts.warnings = findings.filter { $0.severity == .warning }.count
    return ReviewedDocument(
      file: name, path: "/in/" + name, format: "pdf", pages: 9, tables: 4, facts: 100, counts: counts,
      findings: findings, detail: "\(name)\n  pass     row_total  TOTAAL × FTE  = 12\n")
  }

  @Test func render_errorsComeBeforeWarningsAndPassesAreOnlyCounted() throws {
    let docs = [
      Self.document("quiet.pdf", [Self.line("w1", severity: .warning)]),
      Self.document(
        "loud.pdf",
        [
          Self.line("e1", severity: .error, hint: "likely cause: a one-digit typo in Midden: 75 read as 68 would make it add up"),
          Self.line("s1", severity: .info, status: .skipped),
        ]),
    ]
    let log = ReconciliationLog.render(documents: docs)
    let lines = log.components(separatedBy: "\n")
    // The summary table lists the document with errors first.
    let loud = try #require(lines.firstIndex { $0.hasSuffix("loud.pdf") && $0.contains("  1  ") })
    let quiet = try #require(lines.firstIndex { $0.hasSuffix("quiet.pdf") })
    #expect(loud < quiet)
    let errors = try #require(lines.firstIndex(of: "ERRORS (1)"))
    let warnings = try #require(lines.firstIndex(of: "WARNINGS (1)"))
    #expect(quiet < errors && errors < warnings)
    // The error takes three lines: where (with its id), what, likely cause.
    #expect(lines[errors + 2].contains("p. 3") && lines[errors + 2].contains("id e1"))
    #expect(lines[errors + 3].hasPrefix("    row total 'TOTAAL'"))
    #expect(lines[errors + 4] == "    likely cause: a one-digit typo in Midden: 75 read as 68 would make it add up")
    // The skipped check and the passes are counted, not listed.
    #expect(!log.contains("id s1"))
    #expect(!log.contains("pass     row_total"))
    #expect(log.contains("Not listed: 80 passed"))
  }

  @Test func render_verbose_appendsEveryDocumentsDetail() {
    let docs = [Self.document("a.pdf", [Self.line("e1", severity: .error)])]
    let log = ReconciliationLog.render(documents: docs, verbose: true)
    #expect(log.contains("pass     row_total  TOTAAL × FTE  = 12"))
    #expect(log.range(of: "ERRORS (1)")!.lowerBound < log.range(of: "pass     row_total")!.lowerBound)
  }

  @Test func render_namesAtMostThreeCauses() {
    let hint = "likely cause: c1 in x: 1 read as 2; or c2; or c3; or c4 (3 more single-cell explanations)"
    let log = ReconciliationLog.render(documents: [Self.document("a.pdf", [Self.line("e1", severity: .error, hint: hint)])])
    #expect(log.contains("    likely cause: c1 in x: 1 read as 2; or c2; or c3\n"))
    #expect(!log.contains("c4"))
  }

  @Test func render_acceptedErrorIsNotCountedAndStaleEntriesAreNamed() {
    let accepted = Self.line("e2", severity: .error, review: FindingLine.Review(note: "known, corrected in 2024"))
    let doc = Self.document("a.pdf", [Self.line("e1", severity: .error), accepted])
    #expect(doc.reviewedCounts.errors == 1)
    let log = ReconciliationLog.render(
      documents: [doc], stale: [StaleAcceptance(id: "e9", source: "a.pdf", note: "old", reason: "the finding is gone")])
    #expect(log.hasPrefix("tally reconciliation log: 1 document read, 1 error, 0 warnings"))
    #expect(log.contains("ERRORS (1)"))
    #expect(log.contains("ACCEPTED (1)"))
    #expect(log.contains("note: known, corrected in 2024"))
    #expect(log.contains("e9  a.pdf: the finding is gone"))
  }

  @Test func reviewMember_addReplaceRemove_keepsTheLineValidJSON() throws {
    let original = Array(#"{"schema_version":2,"id":"ab","message":"a \"review\":{\"x\" b","hint":null}"#.utf8)
    let added = ReviewMember.set(FindingLine.Review(note: "fine: \"ok\""), in: original)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(added)) as? [String: Any])
    #expect((object["review"] as? [String: String])?["note"] == "fine: \"ok\"")
    #expect(object["message"] as? String == #"a "review":{"x" b"#)
    let replaced = ReviewMember.set(FindingLine.Review(note: "second"), in: added)
    let again = try #require(try JSONSerialization.jsonObject(with: Data(replaced)) as? [String: Any])
    #expect((again["review"] as? [String: String])?["note"] == "second")
    #expect(ReviewMember.set(nil, in: replaced) == original)
  }

  @Test func roles_statedAtTheFindingsCell_suspectNamedByTheCause() {
    let f = Self.line("e1", severity: .error, hint: "likely cause: a one-digit typo in Midden: 75 read as 68 would make it add up")
    let roles = ReviewEntry.roles(f).map(\.role)
    #expect(roles == [.suspect, .item, .stated])
    let plain = Self.line("e2", severity: .error)
    #expect(ReviewEntry.roles(plain).map(\.role) == [.item, .item, .stated])
  }

  @Test func containsFigure_doesNotMatchInsideALongerFigure() {
    #expect(ReviewEntry.containsFigure("Midden: 75 read as 68", "75"))
    #expect(!ReviewEntry.containsFigure("Oost 675 read as 68", "75"))
    #expect(!ReviewEntry.containsFigure("Oost 75,5 read", "75"))
    #expect(ReviewEntry.containsFigure("(75).", "75"))
  }

  @Test func page_marksCellsOfAnHTMLTableAndForbidsOutsideLoads() {
    let f = Self.line("e1", severity: .error, page: nil, hint: "likely cause: a one-digit typo in Midden: 75 read as 68 would make it add up")
    let table = ReviewTable(rows: [["", "FTE"], ["Midden", "75"], ["Oost", "567"], ["TOTAAL", "635"]], headerRows: 1)
    let doc = Self.document("a.html", [f])
    let html = ReviewPage.render([ReviewDocumentView(document: doc, link: nil, entries: [ReviewEntry(finding: f, table: table)])])
    #expect(html.contains(#"<td class="m suspect" data-role="suspect">75</td>"#))
    #expect(html.contains(#"<td class="m item" data-role="item">567</td>"#))
    #expect(html.contains(#"<td class="m stated" data-role="stated">635</td>"#))
    #expect(html.contains("Content-Security-Policy"))
    #expect(html.range(of: #"(src|href)="https?:"#, options: .regularExpression) == nil)
  }
}
