import TallyCore
import Testing

@testable import TallyReconcile

/// Report ages in three brackets, no header and no partition word: 57,4 + 18,1 + 26,6 = 102,1.
private func brackets(_ a: String, _ b: String, _ c: String) -> NormalizedTable {
  Fixture.table(
    title: "Rapportage op doelen", columns: [.label(""), .figure([""], .percent)],
    rows: [
      .item("Tussen de 0 en 2 maanden:", a), .item("Tussen de 2 en 3 maanden:", b),
      .item("3 maanden en langer:", c),
    ])
}

private func percentSums(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("percent_sum")
}

@Suite struct PercentSumBracketTests {
  @Test func percentSum_bracketsOfOneMeasure_failAt1021() throws {
    let f = try #require(percentSums(brackets("57,4%", "18,1%", "26,6%")).first)
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("102,1"))
    #expect(f.stated == Fixture.decimal("100"))
  }

  @Test func percentSum_bracketsSummingTo100_pass() throws {
    let f = try #require(percentSums(brackets("57,4%", "18,0%", "24,6%")).first)
    #expect(f.status == .pass)
  }

  @Test func percentSum_bracketsFarFrom100_areRatesNotChecked() {
    #expect(percentSums(brackets("5,4%", "8,1%", "6,6%")).isEmpty)
  }

  @Test func percentSum_monthsOfAYear_areNoBrackets() {
    let absence = Fixture.table(
      title: "Verzuim", columns: [.label(""), .figure([""], .percent)],
      rows: [.item("JANUARI 2023", "51%"), .item("DECEMBER 2023", "49,6%")])
    #expect(percentSums(absence).isEmpty)
  }

  @Test func percentSum_bracketSlackZero_turnsInferenceOff() {
    var settings = ReconcileSettings()
    settings.bracketPartitionSlack = 0
    let findings = Reconciler(settings: settings).reconcile(Fixture.document([brackets("57,4%", "18,1%", "26,6%")]))
    #expect(findings.of("percent_sum").isEmpty)
  }
}
