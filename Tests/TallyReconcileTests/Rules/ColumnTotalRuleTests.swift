import TallyCore
import Testing

@testable import TallyReconcile

private let regions = ["MIDDEN", "NOORD", "WEST", "ZUID", "REGIO-OVERSCHRIJDEND / CENTRAAL"]

/// Training hours by month: a two-level header MAAND | REGIO (five regions) | TOTAAL.
private let byMonth = Fixture.table(
  title: "AANTAL UREN GEORGANISEERDE OPLEIDINGEN PER MAAND",
  columns: [.label("MAAND")] + regions.map { .figure(["REGIO", $0], .hours) } + [.figure(["TOTAAL"], .hours, .total)],
  rows: [
    .item("Januari", "99,50", "96,00", "66,50", "42,00", "6,00", "310,00"),
    .item("Maart", "240,00", "244,00", "345,00", "329,00", "5,00", "1163,00"),
    .item("Juli", "0,00", "0,00", "2,00", "2,00", "0,00", "4,00"),
    .total("TOTAAL", "339,50", "340,00", "413,50", "373,00", "11,00", "1 477,00"),
  ])

private func columnTotals(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("column_total")
}

@Suite struct ColumnTotalRuleTests {
  @Test func columnTotal_regionsAgainstTotal_everyRowPasses() {
    let findings = columnTotals(byMonth)
    #expect(findings.count == 4)
    #expect(findings.allSatisfy { $0.status == .pass })
    #expect(findings.allSatisfy { $0.cells.count == 6 })
  }

  @Test func columnTotal_regionsAndMonths_bothDirectionsPass() {
    let findings = Reconciler().reconcile(Fixture.document([byMonth]))
    #expect(findings.of("row_total").count == 6)
    #expect(findings.failures.isEmpty)
  }

  @Test func columnTotal_wrongRowTotal_failsWithTypoHint() throws {
    let t = Fixture.table(
      title: "CKG", columns: [.label(""), .figure(["SLOEBERHOF"], .count), .figure(["SLOEBERNEST"], .count), .figure(["TOTAAL"], .count, .total)],
      rows: [.item("Aantal bereikte kinderen", "254", "297", "515")])
    let f = try #require(columnTotals(t).first)
    #expect(f.status == .fail)
    #expect(f.difference == Fixture.decimal("36"))
    #expect(f.hint?.contains("two adjacent digits swapped") == true)
  }

  @Test func columnTotal_twoTotalColumnsWithoutItems_noCheck() {
    let t = Fixture.table(
      title: "Personeel", columns: [.label(""), .figure(["TOTAAL - KOPPEN -"], .persons, .total), .figure(["TOTAAL - FTE -"], .fte, .total)],
      rows: [.item("Poetshulp", "2 064", "1 130,10")])
    #expect(columnTotals(t).isEmpty)
  }

  @Test func columnTotal_textItem_skipped() throws {
    let t = Fixture.table(
      title: "Avondzorg", columns: [.label(""), .figure(["GENT"], .count), .figure(["OOSTENDE"], .count), .figure(["TOTAAL"], .count, .total)],
      rows: [.item("Opgenomen", "#Gemiddelde van 29", "12", "41")])
    let f = try #require(columnTotals(t).first)
    #expect(f.status == .skipped)
    #expect(f.severity == .info)
  }

  @Test func columnTotal_groupTotalsPrintedFirst_takeTheItemsOnTheirRight() {
    // Totaal baten | its two items | Totaal lasten | its two items | Resultaat: each total is
    // printed before its items; the items on the left of Totaal lasten belong to Totaal baten.
    let t = Fixture.table(
      title: "Baten en lasten",
      columns: [
        .label(""), .figure(["Totaal baten"], .eur, .total), .figure(["Huur"], .eur), .figure(["Subsidies"], .eur),
        .figure(["Totaal lasten"], .eur, .total), .figure(["Personeel"], .eur), .figure(["Werking"], .eur),
        .figure(["Resultaat"], .eur),
      ],
      rows: [
        .item("Woonzorg", "308,27", "153,37", "154,90", "311,33", "147,23", "164,10", "-3,06"),
        .item("Buurtwerk", "992,06", "450,94", "541,12", "883,83", "532,10", "351,73", "108,23"),
        .item("Kortverblijf", "161,21", "72,62", "88,59", "124,17", "57,36", "66,81", "37,04"),
      ])
    let findings = columnTotals(t)
    #expect(findings.count == 6)
    #expect(findings.allSatisfy { $0.status == .pass })
  }
}
