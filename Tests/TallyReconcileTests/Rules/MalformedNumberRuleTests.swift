import TallyCore
import Testing

@testable import TallyReconcile

@Suite struct MalformedNumberRuleTests {
  @Test func malformed_straySpace_errorNamingCellWithHint() throws {
    let t = Fixture.table(
      title: "1.1. Aantal personeelsleden", page: 5,
      columns: [.label(""), .figure(["TOTAAL - KOPPEN -"], .persons), .figure(["TOTAAL - FTE -"], .fte)],
      rows: [.item("Ziekte < 1 jaar", "468", "3 43,51")])
    let findings = Reconciler().reconcile(Fixture.document([t])).of("malformed_number")
    let f = try #require(findings.first)
    #expect(findings.count == 1)
    #expect(f.status == .fail)
    #expect(f.severity == .error)
    #expect(f.page == 5)
    #expect(f.row == ["Ziekte < 1 jaar"])
    #expect(f.column == ["TOTAAL - FTE -"])
    #expect(f.cells.first?.raw == "3 43,51")
    #expect(f.message.contains("'3 43,51'"))
    #expect(f.hint?.contains("'343,51'") == true)
  }

  @Test func malformed_mostOfAColumnMalformed_columnMisreadNotReported() throws {
    // "4 224 90,25": an amount and a tariff of two merged columns, in every row alike.
    let t = Fixture.table(
      title: "Prestaties", page: 2,
      columns: [.label(""), .figure(["Prestaties Tarief"], .eur)],
      rows: [.item("A", "4 224 90,25"), .item("B", "3 382 97,32"), .item("C", "357 41,42"), .item("D", "433 102,67")])
    let findings = Reconciler().reconcile(Fixture.document([t])).of("malformed_number")
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.severity == .info })
    #expect(findings.allSatisfy { $0.hint?.contains("the column was misread") == true })
  }

  @Test func malformed_wellFormedTable_noFinding() {
    let t = Fixture.table(title: "T", columns: [.label(""), .figure(["N"])], rows: [.item("A", "1 234,5")])
    #expect(Reconciler().reconcile(Fixture.document([t])).of("malformed_number").isEmpty)
  }

  @Test func malformed_twoFiguresOfOneShapeSideBySide_notReportedSayingColumnsMerged() throws {
    let t = Fixture.table(
      title: "Kengetallen", page: 82,
      columns: [.label(""), .figure(["2023"]), .figure(["2024"])],
      rows: [.item("Schuldquote", "75", "78,25"), .item("Solvabiliteit", "21", "22,50"), .item("Netto schuldquote", "31 23", "3 43,51")])
    let findings = Reconciler().reconcile(Fixture.document([t])).of("malformed_number")
    #expect(findings.count == 2)
    let merged = try #require(findings.first { $0.cells.first?.raw == "31 23" })
    // Columns or lines merged when the table was read: the report's figures are not at fault.
    #expect(merged.severity == .info)
    #expect(merged.hint?.contains("merged") == true)
    // Parts that differ in decimals are one figure split by a stray space: still an error.
    let split = try #require(findings.first { $0.cells.first?.raw == "3 43,51" })
    #expect(split.severity == .error)
  }

  @Test func isSideBySideFigures_sameShapeOnly() {
    #expect(MalformedNumberRule.isSideBySideFigures("31 23"))
    #expect(MalformedNumberRule.isSideBySideFigures("31 20 21 21"))
    #expect(MalformedNumberRule.isSideBySideFigures("-10 0"))
    #expect(MalformedNumberRule.isSideBySideFigures("1,5 2,0"))
    #expect(!MalformedNumberRule.isSideBySideFigures("3 43,51"))
    #expect(!MalformedNumberRule.isSideBySideFigures("1234 5"))
    #expect(!MalformedNumberRule.isSideBySideFigures("31"))
    #expect(!MalformedNumberRule.isSideBySideFigures("a 12"))
  }
}
