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
    #expect(f.severity == .error)
    #expect(f.computed == Fixture.decimal("107,91"))
    #expect(f.stated == Fixture.decimal("100"))
    #expect(f.difference == Fixture.decimal("7,91"))
    #expect(f.cells.count == 4)
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
