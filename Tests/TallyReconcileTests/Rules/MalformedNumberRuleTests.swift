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

  @Test func malformed_wellFormedTable_noFinding() {
    let t = Fixture.table(title: "T", columns: [.label(""), .figure(["N"])], rows: [.item("A", "1 234,5")])
    #expect(Reconciler().reconcile(Fixture.document([t])).of("malformed_number").isEmpty)
  }
}
