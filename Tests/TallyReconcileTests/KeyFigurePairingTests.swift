import TallyCore
import Testing

@testable import TallyReconcile

/// A detail table of costs whose grand total a key figure repeats.
private func costs(total: String) -> NormalizedTable {
  Fixture.table(
    title: "Tabel 2. Kosten per dienst", page: 3, columns: [.label(""), .figure(["Kosten"], .eur)],
    rows: [.item("Thuiszorg", "600 000"), .item("Dagopvang", "470 000"), .total("Totaal", total)])
}

/// A second detail table in euros, about something else.
private let investments = Fixture.table(
  title: "Tabel 3. Investeringen", page: 4, columns: [.label(""), .figure(["Bedrag"], .eur)],
  rows: [.item("Gebouwen", "2 000 000"), .item("Wagens", "2 170 000"), .total("Totaal", "4 170 000")])

/// A block of key figures: a label/figure list without a total, each figure printed with its unit.
private func keyFigures(_ rows: [Fixture.Row]) -> NormalizedTable {
  var table = Fixture.table(title: "Kerncijfers", page: 1, columns: [.label(""), .figure([""], .eur)], rows: rows)
  for r in table.rows.indices where table.rows[r].cells.count > 1 {
    table.rows[r].cells[1].raw = "€ " + table.rows[r].cells[1].raw
  }
  return table
}

private func crossTable(_ tables: [NormalizedTable], statements: [StatedFigure] = []) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables, statements: statements)).of("cross_table")
    .filter { $0.message.contains("key figure") }
}

@Suite struct KeyFigurePairingTests {
  @Test func keyFigure_agreeingWithTheOnlyGrandTotal_passes() throws {
    let findings = crossTable([keyFigures([.item("omzet", "1 070 000")]), costs(total: "1 070 000")])
    let f = try #require(findings.first)
    #expect(f.status == .pass)
    #expect(f.table == 0)
  }

  @Test func keyFigure_oneDigitOffTheOnlyGrandTotal_failsAsWarning() throws {
    let findings = crossTable([keyFigures([.item("omzet", "4 070 000")]), costs(total: "1 070 000")])
    let f = try #require(findings.first)
    #expect(f.status == .fail)
    #expect(f.severity == .warning)
    #expect(f.stated == Fixture.decimal("4 070 000"))
    #expect(f.computed == Fixture.decimal("1 070 000"))
    #expect(f.cells.contains { $0.raw == "€ 4 070 000" })
  }

  @Test func keyFigure_oneEditAwayFromTwoTotals_notPaired() {
    // 4 070 000 is one digit from 1 070 000 and from 4 170 000: no single candidate.
    let findings = crossTable([keyFigures([.item("omzet", "4 070 000")]), costs(total: "1 070 000"), investments])
    #expect(findings.isEmpty)
  }

  @Test func keyFigure_farFromEveryTotal_notPaired() {
    let findings = crossTable([keyFigures([.item("omzet", "8 500 000")]), costs(total: "1 070 000")])
    #expect(findings.isEmpty)
  }

  @Test func keyFigure_failureNextToAgreeingKeyFigure_isCorroborated() throws {
    let block = keyFigures([.item("omzet", "4 070 000"), .item("investeringen", "4 170 000")])
    let findings = crossTable([block, costs(total: "1 070 000"), investments])
    // 4 070 000 is one edit from both totals, but 4 170 000 agrees with one: only the pass.
    #expect(findings.allSatisfy { $0.status != .fail })
    let corroborating = keyFigures([.item("omzet", "1 870 000"), .item("investeringen", "4 170 000")])
    let failed = try #require(
      crossTable([corroborating, costs(total: "1 070 000"), investments]).first { $0.status == .fail })
    #expect(failed.message.contains("holds in 1 other key figure"))
  }

  @Test func keyFigure_shortLineOfText_checkedAgainstTheGrandTotal() throws {
    let line = Fixture.statement("totale kosten: 4 070 000 euro", "4 070 000", unit: .eur)
    let f = try #require(crossTable([costs(total: "1 070 000")], statements: [line]).first)
    #expect(f.status == .fail)
    #expect(f.severity == .warning)
  }

  @Test func keyFigure_bareFigureOfASmallTable_isNoKeyFigure() {
    let bare = Fixture.table(title: "Kerncijfers", columns: [.label(""), .figure([""], .eur)], rows: [.item("omzet", "4 070 000")])
    #expect(crossTable([bare, costs(total: "1 070 000")]).isEmpty)
  }

  @Test func keyFigure_longSentence_isNoKeyFigure() {
    let prose = Fixture.statement(
      "de werking kostte dit jaar in totaal ongeveer 4 070 000 euro aan middelen van de gemeente", "4 070 000",
      unit: .eur)
    #expect(crossTable([costs(total: "1 070 000")], statements: [prose]).isEmpty)
  }

  @Test func keyFigure_hoursTotalReadWithAnAmountsScale_pairedAsPrinted() throws {
    // "791 893,13" hours read as thousands under a note naming euros: the figure as printed counts.
    var hours = Fixture.table(
      title: "Personeel", page: 3, columns: [.label(""), .figure(["Uren"], .hours)],
      rows: [.item("Zorg", "500 000"), .item("Poets", "291 893,13"), .total("Totaal", "791 893,13")])
    let scaled = Fixture.decimal("791 893,13").multiplied(by: ExactDecimal(1000))
    hours.rows[2].cells[1].content = .number(ParsedNumber(value: try #require(scaled), decimals: -1))
    let line = Fixture.statement("uren zorg: 797 893,13 uren", "797 893,13", unit: .hours)
    let f = try #require(crossTable([hours], statements: [line]).first)
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("791 893,13"))
  }

  @Test func keyFigure_inMillionsAgainstAmountReadAsPrinted_pairedAtItsOwnScale() throws {
    // The detail table's "(x € 1 000 000)" was not read: its total 1 070,54 stands for millions too.
    let total = Fixture.decimal("1 070,54")
    let stated = try #require(Fixture.decimal("4 070,54").multiplied(by: ExactDecimal(1_000_000)))
    let line = StatedFigure(
      sentence: "balanstotaal: 4 070,54 mln €", raw: "4 070,54 mln", number: ParsedNumber(value: stated, decimals: -4),
      unit: Unit(kind: .eur), page: 1)
    let detail = Fixture.table(
      title: "Werkingsmiddelen", page: 3, columns: [.label(""), .figure(["Budget"], .eur)],
      rows: [.item("Thuiszorg", "600,00"), .item("Dagopvang", "470,54"), .total("Totaal", "1 070,54")])
    let f = try #require(crossTable([detail], statements: [line]).first)
    #expect(f.status == .fail)
    #expect(f.computed == total.multiplied(by: ExactDecimal(1_000_000)))
  }

  @Test func keyFigure_fteAgainstTableNamingNoUnit_paired() throws {
    let staff = Fixture.table(
      title: "Voltijds equivalenten per functie", page: 5, columns: [.label(""), .figure([""])],
      rows: [.item("Verzorgenden", "200,00"), .item("Administratie", "176,67"), .total("Totaal", "376,67")])
    let line = Fixture.statement("Totale VTE: 376,37 VTE", "376,37", unit: .fte)
    let f = try #require(crossTable([staff], statements: [line]).first)
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("376,67"))
  }

  @Test func keyFigure_headCountAgainstTableNamingNoUnit_notPaired() {
    // Only hours and FTE reach a table without a unit: a head count is one edit from too much.
    let table = Fixture.table(
      title: "Locaties", page: 5, columns: [.label(""), .figure([""])],
      rows: [.item("Noord", "1 000"), .item("Zuid", "287"), .total("Totaal", "1 287")])
    let line = Fixture.statement("medewerkers: 1 787", "1 787", unit: .persons)
    #expect(crossTable([table], statements: [line]).isEmpty)
  }

  @Test func keyFigure_cardFigureAloneWithItsUnit_paired() throws {
    let hours = Fixture.table(
      title: "Uren gepresteerd", page: 3, columns: [.label(""), .figure(["Uren"], .hours)],
      rows: [.item("Thuiszorg", "1 000 000,0"), .item("Poets", "691 685,9"), .total("Totaal", "1 691 685,9")])
    let card = Fixture.statement("7 691 685,9 uren", "7 691 685,9", unit: .hours)
    let f = try #require(crossTable([hours], statements: [card]).first)
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("1 691 685,9"))
    let sentence = Fixture.statement("7 691 685,9 uren gepresteerd", "7 691 685,9", unit: .hours)
    #expect(crossTable([hours], statements: [sentence]).isEmpty)
  }
}
