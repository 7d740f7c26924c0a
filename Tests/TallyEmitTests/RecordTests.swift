import Foundation
import Testing

@testable import TallyCore
@testable import TallyEmit

@Suite struct RecordTests {
  private let sha = String(repeating: "ab", count: 32)

  private func fact(page: Int? = 13, bbox: BoundingBox? = nil) -> Fact {
    Fact(
      table: 4, tableTitle: "2.1. Uren", page: page, row: ["TOTAAL"], column: ["UREN"],
      raw: "6 911 564,92", value: ExactDecimal(units: 691_156_492, scale: 2), decimals: 2,
      unit: Unit(kind: .hours, word: "uren"), role: .total, bbox: bbox, rowIndex: 6, columnIndex: 1)
  }

  @Test func factLine_writesValueAsStringInFixedKeyOrder() throws {
    let line = FactRecord(source: "a.pdf", sha256: sha, fact: fact(bbox: .init(x0: 1, y0: 2.5, x1: 3.25, y1: 4))).jsonLine()
    #expect(line.hasPrefix("{\"schema_version\":2,\"source\":\"a.pdf\",\"sha256\":"))
    #expect(line.contains("\"value\":\"6911564.92\",\"decimals\":2"))
    #expect(line.contains("\"bbox\":[1,2.5,3.25,4]"))
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    #expect(object?["role"] as? String == "total")
  }

  @Test func validate_badPage_isRejected() {
    #expect(throws: RecordError.self) {
      try FactRecord(source: "a.pdf", sha256: sha, fact: fact(page: 0)).validate()
    }
  }

  @Test func validate_badSha_isRejected() {
    #expect(throws: RecordError.self) {
      try FactRecord(source: "a.pdf", sha256: "XYZ", fact: fact()).validate()
    }
  }

  @Test func validate_invertedBox_isRejected() {
    #expect(throws: RecordError.self) {
      try FactRecord(source: "a.pdf", sha256: sha, fact: fact(bbox: .init(x0: 5, y0: 0, x1: 1, y1: 1))).validate()
    }
  }

  @Test func jsonString_escapesControlsQuotesAndLineSeparators() throws {
    var w = JSONObjectWriter()
    w.string("s", "a\"b\\c\nd\u{01}e\u{2028}")
    let text = w.finish()
    #expect(text == "{\"s\":\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"}")
    let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
    #expect(back?["s"] == "a\"b\\c\nd\u{01}e\u{2028}")
  }

  @Test func findingId_isStableAndScoped() {
    let f = Finding(
      rule: "row_total", kind: "row_total", status: .fail, severity: .error, page: 17, table: 3,
      tableTitle: "t", row: ["TOTAAL"], column: ["KOPPEN"], message: "m")
    let a = FindingRecord(source: "a.pdf", sha256: sha, finding: f)
    var g = f
    g.column = ["FTE"]
    #expect(a.id == FindingRecord(source: "a.pdf", sha256: sha, finding: f).id)
    #expect(a.id != FindingRecord(source: "a.pdf", sha256: sha, finding: g).id)
    #expect(a.id.count == 16)
  }
}

@Suite struct ReconciliationLogTests {
  @Test func displayNumber_groupsLikeThePrintedReport() {
    #expect(DisplayNumber.format(ExactDecimal(units: 691_156_492, scale: 2)) == "6 911 564,92")
    #expect(DisplayNumber.format(ExactDecimal(-3023)) == "-3 023")
    #expect(DisplayNumber.format(ExactDecimal(7), signed: true) == "+7")
  }

  @Test func section_listsFailuresBeforeRoundingAndAlignsFigures() {
    let rounding = Finding(
      rule: "column_total", kind: "column_total", status: .passWithinRounding, severity: .info,
      page: 17, table: 2, tableTitle: "ZORGREGIO", stated: ExactDecimal(units: 38602, scale: 2),
      computed: ExactDecimal(units: 38603, scale: 2), message: "within rounding")
    let failure = Finding(
      rule: "row_total", kind: "row_total", status: .fail, severity: .error, page: 17, table: 2,
      tableTitle: "ZORGREGIO", row: ["TOTAAL"], stated: ExactDecimal(635), computed: ExactDecimal(642),
      difference: ExactDecimal(7), tolerance: ExactDecimal(units: 5, scale: 1), message: "TOTAAL 635 is not the sum of 4 rows")
    let text = ReconciliationLog.section(
      source: "r.pdf", sha256: String(repeating: "0", count: 64), pageCount: 20, tableCount: 3,
      factCount: 10, findings: [rounding, failure], logPasses: false)
    let error = text.range(of: "ERROR")?.lowerBound
    let round = text.range(of: "ROUNDING")?.lowerBound
    #expect(error != nil && round != nil)
    if let error, let round { #expect(error < round) }
    #expect(text.contains("stated    635\n"))
    #expect(text.contains("computed  642   difference +7   tolerance ±0,5"))
    #expect(text.contains("p. 17  table 2: ZORGREGIO"))
    #expect(text.contains("1 error, 0 warnings, 1 within rounding, 0 passed, 0 skipped"))
  }
}

@Suite struct CoverageTests {
  private func table(rows: [NormalizedRow], columns: [NormalizedColumn]) -> NormalizedTable {
    NormalizedTable(
      index: 0, title: "T", headings: [], pages: [1], bbox: nil, headerRowCount: 1, columns: columns, rows: rows,
      codes: [], unit: nil)
  }

  @Test func coverage_countsPrintedTotalsAndTheOnesAPassOrAClaimReached() {
    let n = { (v: Int) in NormalizedCell(raw: "\(v)", content: .number(ParsedNumber(value: ExactDecimal(v), decimals: 0))) }
    let label = { (s: String) in NormalizedCell(raw: s, content: .text) }
    let columns = [
      NormalizedColumn(path: [""], isLabel: true, role: .item, unit: Unit(kind: .number)),
      NormalizedColumn(path: ["2023"], isLabel: false, role: .item, unit: Unit(kind: .number)),
      NormalizedColumn(path: ["2024"], isLabel: false, role: .item, unit: Unit(kind: .number)),
    ]
    let rows = [
      NormalizedRow(index: 0, kind: .data, role: .item, label: "A", key: "a", path: ["A"], cells: [label("A"), n(1), n(2)], page: 1, isBold: false),
      NormalizedRow(index: 1, kind: .data, role: .item, label: "B", key: "b", path: ["B"], cells: [label("B"), n(3), n(4)], page: 1, isBold: false),
      NormalizedRow(index: 2, kind: .data, role: .total, label: "Totaal", key: "totaal", path: ["Totaal"], cells: [label("Totaal"), n(4), n(9)], page: 1, isBold: true),
    ]
    let doc = NormalizedDocument(
      source: SourceDocument(fileName: "x.pdf", path: "x.pdf", sha256: "0", format: .pdf), pageCount: 1,
      tables: [table(rows: rows, columns: columns)], facts: [], statements: [])
    func finding(_ column: String, _ status: CheckStatus, _ severity: Severity) -> Finding {
      Finding(
        rule: "row_total", kind: "row_total", status: status, severity: severity, page: 1, table: 0, tableTitle: "T",
        cells: [CellReference(table: 0, page: 1, row: ["Totaal"], column: [column], raw: "", bbox: nil)], message: "")
    }
    // Two printed totals; none checked.
    let none = Coverage.count(doc, findings: [])
    #expect(none.printed == 2 && none.checked == 0)
    // A pass reaches one; a failure another reading explains (info) reaches none.
    let one = Coverage.count(doc, findings: [finding("2023", .pass, .info), finding("2024", .fail, .info)])
    #expect(one.printed == 2 && one.checked == 1)
    let both = Coverage.count(doc, findings: [finding("2023", .pass, .info), finding("2024", .fail, .error)])
    #expect(both.printed == 2 && both.checked == 2)
  }
}
