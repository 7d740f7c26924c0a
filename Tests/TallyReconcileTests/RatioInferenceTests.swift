import TallyCore
import Testing

@testable import TallyReconcile

/// Budget and actuals with a "% bereikt" column that no header ties to its operands.
private func reached(_ lastShare: String) -> NormalizedTable {
  Fixture.table(
    title: "Exploitatie", columns: [.label(""), .figure(["Budget"], .eur), .figure(["Realisatie"], .eur),
      .figure(["% bereikt"], .percent)],
    rows: [
      .item("Thuiszorg", "200", "100", "50,0"), .item("Dagopvang", "400", "300", "75,0"),
      .item("Onthaal", "200", "50", "25,0"), .item("Wonen", "100", "90", "90,0"), .item("Vervoer", "150", "120", lastShare),
    ])
}

/// A balance with each line's share of the total.
private func shares(_ firstShare: String) -> NormalizedTable {
  Fixture.table(
    title: "Passiva", columns: [.label(""), .figure(["2024"], .eur), .figure(["Aandeel"], .percent)],
    rows: [
      .item("Eigen vermogen", "400", firstShare), .item("Voorzieningen", "250", "25%"), .item("Schulden", "200", "20%"),
      .item("Fondsen", "100", "10%"), .item("Overlopende rekeningen", "50", "5%"), .total("Totaal passiva", "1 000", "100%"),
    ])
}

private func ratios(_ table: NormalizedTable) -> [Finding] {
  Reconciler().reconcile(Fixture.document([table])).of("ratio")
}

@Suite struct RatioInferenceTests {
  @Test func ratio_unnamedPercentColumnHoldingInOtherRows_failureIsError() throws {
    let findings = ratios(reached("30,0"))
    let f = try #require(findings.first { $0.status == .fail })
    #expect(f.row == ["Vervoer"])
    #expect(f.severity == .error)
    #expect(f.stated == Fixture.decimal("30,0"))
    #expect(findings.filter { $0.status == .pass }.count == 4)
  }

  @Test func ratio_unnamedPercentColumnConsistent_allPass() {
    let findings = ratios(reached("80,0"))
    #expect(findings.count == 5)
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func ratio_shareColumn_checkedAgainstTheTotalRow() throws {
    let findings = ratios(shares("80%"))
    let f = try #require(findings.first { $0.status == .fail })
    #expect(f.row == ["Eigen vermogen"])
    #expect(f.severity == .error)
  }

  @Test func ratio_percentColumnNoReadingExplains_notChecked() {
    let table = Fixture.table(
      title: "Tevredenheid",
      columns: [.label(""), .figure(["Bevraagd"], .persons), .figure(["Respons"], .persons), .figure(["Tevreden"], .percent)],
      rows: [
        .item("Thuiszorg", "130", "60", "71%"), .item("Dagopvang", "48", "40", "93%"), .item("Onthaal", "77", "20", "64%"),
        .item("Wonen", "15", "14", "88%"),
      ])
    #expect(ratios(table).isEmpty)
  }
}
