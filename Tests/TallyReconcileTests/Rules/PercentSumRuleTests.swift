import TallyCore
import Testing

@testable import TallyReconcile

/// Shares of income per forfait category; the row labels look like figures and letters.
private let forfait = Fixture.table(
  title: "% PATIËNTEN PER FORFAITCATEGORIE",
  columns: [.label("GEMIDDELDE FORFAITCATEGORIE (MIV PALLIATIEVE FORFAITS)"), .figure(["% VAN DE INKOMSTEN"], .percent)],
  rows: [.item("0", "69,81%"), .item("A", "22,27%"), .item("B", "13,25%"), .item("C", "2,58%")])

/// Per-row rates: every service has its own share of part-timers; not a partition.
private let partTime = Fixture.table(
  title: "% DEELTIJDS WERKENDEN - BEDIENDEN",
  columns: [.label(""), .figure([""], .percent)],
  rows: [.item("Kinderzorg", "65,15%"), .item("Omkadering", "41,84%"), .item("Woonzorg", "60,75%")])

private func percentSums(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("percent_sum")
}

@Suite struct PercentSumRuleTests {
  @Test func percentSum_forfaitShares_failsAt10791() throws {
    let f = try #require(percentSums(forfait).first)
    #expect(f.status == .fail)
    // One partition, tried nowhere else, and no single changed share explains 7,91: the
    // relation may be misread (patients in several categories), so it is not an alarm.
    #expect(f.severity == .info)
    #expect(f.computed == Fixture.decimal("107,91"))
    #expect(f.stated == Fixture.decimal("100"))
    #expect(f.difference == Fixture.decimal("7,91"))
    #expect(f.cells.count == 4)
  }

  @Test func percentSum_totalRowInTheMiddle_closesOnlyTheItemsAboveIt() throws {
    // A balance sheet's first side with its total, then the second side: not one partition.
    let t = Fixture.table(
      title: "Balans", columns: [.label(""), .figure(["%"], .percent)],
      rows: [
        .item("Vaste activa", "20,0%"), .item("Vlottende activa", "30,0%"), .total("Totaal activa", "50,0%"),
        .item("Eigen vermogen", "25,0%"), .item("Schulden", "25,0%"),
      ])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .pass)
    #expect(f.cells.count == 3)
  }

  @Test func percentSum_perRowRates_notChecked() {
    #expect(percentSums(partTime).isEmpty)
  }

  @Test func percentSum_sharesWithTotalRow_checkedAgainstTotal() throws {
    let t = Fixture.table(
      title: "Aanvragen", columns: [.label(""), .figure(["%"], .percent)],
      rows: [.item("Digitaal", "18,55%"), .item("Telefonisch", "45,12%"), .item("Partners", "36,33%"), .total("TOTAAL", "100,00%")])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .pass)
    #expect(f.message.contains("against the total row"))
  }

  @Test func percentSum_roundedShares_passWithinRounding() throws {
    let t = Fixture.table(
      title: "Verdeling van de klanten", columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [.item("A", "33,3%"), .item("B", "33,3%"), .item("C", "33,3%")])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .passWithinRounding)
    #expect(f.severity == .info)
  }

  @Test func percentSum_missingShare_skipped() throws {
    var settings = ReconcileSettings()
    settings.missingItems = .nonNull
    let t = Fixture.table(
      title: "Verdeling", columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [.item("A", "50%"), .item("B", "")])
    let f = try #require(Reconciler(settings: settings).reconcile(Fixture.document([t])).of("percent_sum").first)
    #expect(f.status == .skipped)
  }
}

@Suite struct PercentSumShapeTests {
  private func percentSums(_ t: NormalizedTable) -> [Finding] {
    Reconciler().reconcile(Fixture.document([t])).of("percent_sum")
  }

  @Test func percentSum_singlePrintedShareUnderTotal_isNoBreakdown() {
    // One rate among rows of amounts ("Kostendekkendheid 99,0 %") is not a set of shares.
    let t = Fixture.table(
      title: "Berekening kostendekkendheid", columns: [.label(""), .figure([""], .percent)],
      rows: [.item("Overhead", ""), .item("BTW", ""), .total("Totaal toerekenbare kosten", ""), .item("Kostendekkendheid", "99,0%")])
    #expect(percentSums(t).isEmpty)
  }

  @Test func percentSum_shareAboveTheTotalRow_isNoBreakdown() {
    // 84 % and 92 % over a total row of 72 %: per-row rates, not shares of the total.
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["kostendek."], .percent)],
      rows: [.item("Burgerlijke stand", "84%"), .item("Rijbewijzen", "92%"), .total("Totaal", "72%")])
    #expect(percentSums(t).isEmpty)
  }

  @Test func percentSum_totalRowBlankInThePercentColumn_isNoBreakdown() {
    // Odds per risk beside amounts: the total row sums the amounts and leaves the odds blank.
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["Bedrag"], .eur), .figure([""], .percent)],
      rows: [.item("A", "1.000", "70%"), .item("B", "500", "50%"), .total("Totaal", "1.500", "")])
    #expect(percentSums(t).isEmpty)
  }

  @Test func percentSum_sharesUnderTheirTotalRow_stillFail() throws {
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [.item("A", "40%"), .item("B", "30%"), .total("Totaal", "80%")])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .fail)
  }
}
