import TallyCore
import Testing

@testable import TallyReconcile

private func rowTotals(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("row_total")
}

/// A section heading printing its total above the items, and a total row printing it again below.
private func section(first: String = "90 000", second: String = "0") -> NormalizedTable {
  Fixture.table(
    title: "Subsidies", columns: [.label(""), .figure(["2026"], .eur), .figure(["2027"], .eur)],
    rows: [
      .item("Beleidsdomein Erfgoed", "90 000", "90 000"),
      .item("Onderhoud kerken", first, "80 000"),
      .item("Herbestemming", second, "10 000"),
      .total("Totaal :", "90 000", "90 000"),
    ])
}

@Suite struct HeadingTotalsTests {
  @Test func rowTotal_headingCopyingTheTotal_isNoItemOfIt() {
    let totals = rowTotals(section()).filter { $0.row == ["Totaal :"] }
    #expect(totals.count == 2)
    #expect(totals.allSatisfy { $0.status == .pass })
    #expect(totals.allSatisfy { $0.computed == Fixture.sum("90 000", "0") })
  }

  @Test func rowTotal_headingCopyingTheTotal_isCheckedAgainstTheItems() {
    let headings = rowTotals(section()).filter { $0.row == ["Beleidsdomein Erfgoed"] }
    #expect(headings.count == 2)
    #expect(headings.allSatisfy { $0.status == .pass })
  }

  @Test func rowTotal_headingCopyingAFailingTotal_leavesTheFailureToTheTotal() {
    let findings = rowTotals(section(first: "85 000"))
    #expect(findings.contains { $0.row == ["Totaal :"] && $0.status == .fail })
    #expect(!findings.contains { $0.row == ["Beleidsdomein Erfgoed"] && $0.status == .fail })
  }

  @Test func rowTotal_firstItemEqualToTheTotalWithZerosAfterIt_staysAnItem() throws {
    let t = Fixture.table(
      title: "Kosten", columns: [.label(""), .figure(["EUR"], .eur)],
      rows: [.item("Salarissen", "100"), .item("Sociale lasten", "0"), .item("Overige", "0"), .total("Totaal", "100")])
    let f = try #require(rowTotals(t).first { $0.row == ["Totaal"] })
    #expect(f.status == .pass)
    #expect(!rowTotals(t).contains { $0.row == ["Salarissen"] })
  }

  @Test func rowTotal_totalRepeatingItsSubtotalsWord_isCheckedDespiteItsHeadWord() throws {
    // "Totaal incidenteel inclusief mutaties reserves": its head word is in no item label, but it
    // names the block's "Subtotaal incidenteel", so it totals the block.
    let t = Fixture.table(
      title: "Incidentele lasten", columns: [.label(""), .figure(["2024"], .eur)],
      rows: [
        .item("Project A", "50"), .item("Project B", "500"), .subtotal("Subtotaal incidenteel", "550"),
        .item("Dekking algemene reserve", "25"), .total("Totaal incidenteel inclusief mutaties reserves", "575"),
      ])
    let f = try #require(rowTotals(t).first { $0.row == ["Totaal incidenteel inclusief mutaties reserves"] })
    #expect(f.status == .pass)
  }
}

@Suite struct MoneyTotalTests {
  @Test func rowTotal_moneyTotalNamingACategory_isChecked() throws {
    // "Som der vlottende activa" over Vorderingen and Liquide middelen: euros over euros.
    let t = Fixture.table(
      title: "Balans", columns: [.label(""), .figure(["31-12-2016"], .eur)],
      rows: [.item("Vorderingen", "160"), .item("Liquide middelen", "487"), .total("Som der vlottende activa", "647")])
    let f = try #require(rowTotals(t).first { $0.row == ["Som der vlottende activa"] })
    #expect(f.status == .pass)
    #expect(f.computed == Fixture.sum("160", "487"))
  }
}

@Suite struct OneItemUnderBlanksTests {
  private func table(item: String) -> NormalizedTable {
    Fixture.table(
      title: "Incidentele lasten", columns: [.label(""), .figure(["2025"], .eur), .figure(["2026"], .eur)],
      rows: [
        .item("Project A", "500", ""), .item("Project B", "200", item), .item("Project C", "222", ""),
        .subtotal("Subtotaal incidenteel", "922", "97"),
      ])
  }

  @Test func rowTotal_oneItemUnderBlanks_reportedWhenItHolds() throws {
    let f = try #require(rowTotals(table(item: "97")).first { $0.column == ["2026"] })
    #expect(f.status == .pass)
    #expect(f.computed == Fixture.sum("97"))
  }

  @Test func rowTotal_oneItemUnderBlanks_neverFails() {
    let findings = rowTotals(table(item: "90"))
    #expect(!findings.contains { $0.column == ["2026"] })
    #expect(findings.contains { $0.column == ["2025"] && $0.status == .pass })
  }
}

@Suite struct CopiedRowTests {
  @Test func rowTotal_headingCopyingALaterRowOfTheRun_isLeftOutWhenThatAddsUp() throws {
    // "Zuid" prints the figures of its parent code row "OD27 Zuid", which stands for its sub-codes
    // in the grand total: without the headings the parents add up.
    let t = Fixture.table(
      title: "Reserves", columns: [.label(""), .figure(["2021"], .eur), .figure(["2022"], .eur)],
      rows: [
        .item("Zuid", "300", "310"), .item("OD27.1 Fonds A", "100", "110"), .item("OD27.2 Fonds B", "200", "200"),
        .item("OD27 Zuid", "300", "310"),
        .item("Oost", "50", "60"), .item("OD28.1 Fonds C", "20", "30"), .item("OD28.2 Fonds D", "30", "30"),
        .item("OD28 Oost", "50", "60"),
        .total("TOTAAL", "350", "370"),
      ])
    let totals = rowTotals(t).filter { $0.row == ["TOTAAL"] }
    #expect(totals.count == 2)
    #expect(totals.allSatisfy { $0.status == .pass })
    #expect(totals.first?.computed == Fixture.sum("300", "50"))
  }
}
