import TallyCore
import Testing

@testable import TallyReconcile

/// Budget against realisation with a difference column: Afwijking = Realisatie − Raming.
private func budget(_ rows: [Fixture.Row]) -> NormalizedTable {
  Fixture.table(
    title: "Exploitatie",
    columns: [.label(""), .figure(["Raming"], .eur), .figure(["Realisatie"], .eur), .figure(["Afwijking"], .eur)],
    rows: rows)
}

private func results(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("result")
}

@Suite struct ResultRuleTests {
  @Test func result_differenceColumn_holdsInEveryRow() {
    let findings = results(
      budget([
        .item("Personeel", "1 200", "1 250", "50"),
        .item("Werking", "800", "760", "-40"),
        .item("Huur", "300", "310", "10"),
      ]))
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func result_oneRowOff_isACorroboratedError() throws {
    let findings = results(
      budget([
        .item("Personeel", "1 200", "1 250", "50"),
        .item("Werking", "800", "760", "40"),
        .item("Huur", "300", "310", "10"),
        .item("Energie", "150", "175", "25"),
      ]))
    let failed = findings.filter { $0.status == .fail }
    let f = try #require(failed.first)
    #expect(failed.count == 1)
    #expect(f.row == ["Werking"])
    #expect(f.severity == .error)
    #expect(f.message.contains("holds in 3 other rows"))
  }

  @Test func result_noPairHoldsOften_noCheck() {
    // The last column is no difference of the other two in any row: nothing is claimed.
    let findings = results(
      budget([
        .item("Personeel", "1 200", "1 250", "7"),
        .item("Werking", "800", "760", "3"),
        .item("Huur", "300", "310", "11"),
      ]))
    #expect(findings.isEmpty)
  }

  @Test func result_headerWithoutDifferenceWord_noCheck() {
    let t = Fixture.table(
      title: "Exploitatie",
      columns: [.label(""), .figure(["Raming"], .eur), .figure(["Realisatie"], .eur), .figure(["Bedrag"], .eur)],
      rows: [.item("Personeel", "1 200", "1 250", "50"), .item("Werking", "800", "760", "-40")])
    #expect(results(t).isEmpty)
  }

  @Test func result_rowLabelNamingACount_stillReadWithRounding() {
    // Rounded figures: 59 − 58 printed as 2 fits within rounding, even where the row's label
    // names persons (its figures would otherwise be exact counts).
    let findings = results(
      budget([
        .item("Personeel", "1 200", "1 250", "50"),
        .item("Werking", "800", "760", "-40"),
        .item("Bijdragen gebruikers", "58", "59", "2", unit: .persons),
      ]))
    #expect(findings.count == 3)
    #expect(findings.filter { $0.status == .fail }.isEmpty)
  }
}
