import TallyCore
import Testing

@testable import TallyReconcile

/// Baten and lasten in three columns with the result under them; the result of the second
/// column is printed wrong.
private let batenLasten = Fixture.table(
  title: "Baten en lasten",
  columns: [.label(""), .figure(["Contractueel"], .eur), .figure(["Statutair"], .eur), .figure(["Vervangers"], .eur)],
  rows: [
    .item("Subsidies", "400", "500", "600"), .item("Giften", "100", "50", "60"),
    .total("Totaal opbrengsten", "500", "550", "660"),
    .item("Personeelskosten", "300", "700", "200"), .item("Huurlasten", "50", "10", "20"),
    .item("Lasten", "350", "710", "220"),
    .item("Saldo", "150", "-150", "440"),
  ])

private func results(_ table: NormalizedTable) -> [Finding] {
  Reconciler().reconcile(Fixture.document([table])).of("result")
}

@Suite struct ResultRowsTests {
  @Test func resultRow_differenceOfTwoRowsAbove_failsWhereItIsPrintedWrong() throws {
    let found = results(batenLasten)
    let wrong = try #require(found.first { $0.column == ["Statutair"] })
    #expect(wrong.status == .fail)
    #expect(wrong.severity == .error)  // the same difference holds in the other two columns
    #expect(wrong.stated == Fixture.decimal("-150"))
    #expect(wrong.computed == Fixture.decimal("550").subtracting(Fixture.decimal("710")))
    #expect(found.filter { $0.status == .pass }.count == 2)
  }

  @Test func resultRow_twoLabelledTotalsInOneColumn_passes() throws {
    let t = Fixture.table(
      title: "Exploitatie", columns: [.label(""), .figure(["EUR"], .eur)],
      rows: [
        .item("Huur", "10"), .item("Subsidies", "760"), .total("Totaal opbrengsten", "770"),
        .item("Voeding", "523"), .item("Energie", "47"), .total("Totaal kosten", "570"),
        .item("Saldo baten en lasten", "200"),
      ])
    let result = try #require(results(t).first)
    #expect(result.status == .pass)
    #expect(result.cells.count == 3)
  }

  @Test func resultColumn_footnoteMarkerBeforeAFigure_isNoError() throws {
    let t = Fixture.table(
      title: "Kosten per dienst", columns: [.label(""), .figure(["Budget"], .eur), .figure(["Werkelijk"], .eur), .figure(["Afwijking"], .eur)],
      rows: [
        .item("Dienstencheques", "758,6", "902,7", "144,1"), .item("Projectsubsidies", "387,6", "453,4", "65,8"),
        .item("Recuperatie van kosten", "574,5", "21 517,0", "-57,5"), .item("Bijdragen", "189,8", "168,9", "-20,9"),
      ])
    let glued = try #require(results(t).first { $0.row == ["Recuperatie van kosten"] })
    #expect(glued.status == .fail)
    #expect(glued.severity == .info)
    #expect(glued.message.contains("note 21"))
  }
}
