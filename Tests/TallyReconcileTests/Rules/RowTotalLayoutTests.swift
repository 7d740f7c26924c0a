import TallyCore
import Testing

@testable import TallyReconcile

/// A balance sheet's passiva as extracted: equity in the outer column, two liabilities in the
/// inner one, their unlabelled subtotal in the outer one, then the total.
private func passiva(subtotal: String = "4 637", total: String = "647") -> NormalizedTable {
  Fixture.table(
    title: nil,
    columns: [.label(""), .figure(["inner"], .eur), .figure(["outer"], .eur)],
    rows: [
      .item("Stichtingsvermogen", "", "-3 990"),
      .item("R.C. B. Zumpolle", "4 370", ""),
      .item("Overige schulden en overlopende passiva", "267", ""),
      Fixture.Row(role: .subtotal, label: "", cells: ["", subtotal]),
      .total("Totaal", "", total),
    ])
}

private func rowTotals(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("row_total")
}

@Suite struct RowTotalLayoutTests {
  @Test func rowTotal_subtotalOfInnerColumn_sumsTheInnerItems() throws {
    let f = try #require(rowTotals(passiva()).first { $0.row == [""] })
    #expect(f.status == .pass)
    #expect(f.computed == Fixture.decimal("4 637"))
    #expect(f.cells.map(\.raw) == ["4 370", "267", "4 637"])
  }

  @Test func rowTotal_totalOverInnerSubtotal_countsItInItsColumn() throws {
    let f = try #require(rowTotals(passiva()).first { $0.row == ["Totaal"] })
    #expect(f.status == .pass)
    #expect(f.stated == Fixture.decimal("647"))
    #expect(f.computed == Fixture.decimal("647"))
  }

  @Test func rowTotal_totalOverInnerSubtotal_failsWhenItDoesNotAddUp() throws {
    let f = try #require(rowTotals(passiva(total: "650")).first { $0.row == ["Totaal"] })
    #expect(f.status == .fail)
    #expect(f.difference == Fixture.decimal("-3"))
  }

  @Test func rowTotal_unlabelledRowThatIsNoSum_isNotReported() {
    // 4 000 is not 4 370 + 267: the unlabelled row states something else; no finding for it.
    let findings = rowTotals(passiva(subtotal: "4 000", total: "10"))
    #expect(!findings.contains { $0.row == [""] })
  }

  @Test func rowTotal_unlabelledRowThatIsNoSum_countsAsAnItemOfTheTotal() throws {
    // A ledger whose line labels sit in another column: 60,00 under a labelled line is presumed a
    // subtotal, but 90,00 + 1,80 is not 60,00; the total 150,00 = 90,00 + 60,00 must hold.
    let ledger = Fixture.table(
      title: nil, columns: [.label(""), .figure(["Kosten"], .eur)],
      rows: [
        Fixture.Row(role: .item, label: "", cells: ["90,00"]),
        .item("31-5 44 Willibrorduskerk", "1,80"),
        Fixture.Row(role: .subtotal, label: "", cells: ["60,00"]),
        .total("TOTALEN", "151,80"),
      ])
    let findings = rowTotals(ledger)
    let total = try #require(findings.first { $0.row == ["TOTALEN"] })
    #expect(total.status == .pass, "\(total.message)")
    #expect(total.computed == Fixture.decimal("151,80"))
    #expect(!findings.contains { $0.row == [""] })
  }

  @Test func rowTotal_unlabelledRowThatIsASum_staysOutOfTheTotal() throws {
    // 40 + 2 = 42: the unlabelled row is a subtotal; the total 42 counts the items once.
    let list = Fixture.table(
      title: nil, columns: [.label(""), .figure(["Bedrag"], .eur)],
      rows: [
        .item("Huur", "40"), .item("Bank", "2"),
        Fixture.Row(role: .subtotal, label: "", cells: ["42"]),
        .total("Totaal", "42"),
      ])
    let total = try #require(rowTotals(list).first { $0.row == ["Totaal"] })
    #expect(total.status == .pass)
    #expect(total.cells.map(\.raw) == ["40", "2", "42"])
  }

  @Test func rowTotal_labelledSubtotalOverGroups_sumsEveryGroupWhenThatAddsUp() throws {
    // Programme headings split the items; "Subtotaal incidenteel" closes all of them.
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["2024"], .eur)],
      rows: [
        .group("P1 Bestuur"), .item("Invoering Omgevingswet", "300"), .item("Sanering", "1 000"),
        .group("P5 Natuur"), .item("Energiestrategie", "126"),
        .subtotal("Subtotaal incidenteel", "1 426"),
      ])
    let f = try #require(rowTotals(t).first { $0.row.last == "Subtotaal incidenteel" })
    #expect(f.status == .pass, "\(f.message)")
  }

  @Test func rowTotal_labelledSubtotalOverGroups_reportsItsGroupWhenNothingAddsUp() throws {
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["2024"], .eur)],
      rows: [
        .group("P1 Bestuur"), .item("Invoering Omgevingswet", "300"),
        .group("P5 Natuur"), .item("Energiestrategie", "126"), .item("Klimaat", "24"),
        .subtotal("Subtotaal incidenteel", "500"),
      ])
    let f = try #require(rowTotals(t).first { $0.row.last == "Subtotaal incidenteel" })
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("150"))
  }

  @Test func rowTotal_labelledSubtotalOverAGroupOfOneItem_noCheckWhenNothingAddsUp() {
    // The group's one item against the subtotal compares a figure with a lone other: no check.
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["2024"], .eur)],
      rows: [
        .group("P1 Bestuur"), .item("Invoering Omgevingswet", "300"),
        .group("P5 Natuur"), .item("Energiestrategie", "126"),
        .subtotal("Subtotaal incidenteel", "500"),
      ])
    #expect(!rowTotals(t).contains { $0.row.last == "Subtotaal incidenteel" })
  }

  @Test func rowTotal_labelledSubtotal_readsOnPastAnUnlabelledRowThatIsNoSum() throws {
    // The blank row printing 0 is presumed a subtotal; the labelled subtotal still closes all
    // three items, and fails by the printed difference.
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["2024"], .eur)],
      rows: [
        .item("Hondenbelasting", "200"), .item("Toeristenbelasting", "2 508"),
        Fixture.Row(role: .subtotal, label: "", cells: ["0"]),
        .item("Afvalstoffenheffing", "5 716"),
        .subtotal("sub totaal opbrengst", "8 400"),
      ])
    let f = try #require(rowTotals(t).first { $0.row.last == "sub totaal opbrengst" })
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("8 424"))
  }

  @Test func rowTotal_totalNamingAHeadingWithoutFigures_isNotCheckedAgainstRowsAboveIt() {
    // "Totaal secretarieleges" closes the rows under "Secretarieleges", which print no figure;
    // the rows above the heading are not its items.
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["Kosten"], .eur)],
      rows: [
        .item("Burgerlijke stand", "129 000"), .item("Reisdocumenten", "344 000"),
        Fixture.Row(kind: .note, label: "Secretarieleges"),
        Fixture.Row(kind: .note, label: "- Bestuursstukken"),
        .total("Totaal secretarieleges", "109 000"),
      ])
    #expect(rowTotals(t).isEmpty)
  }

  @Test func rowTotal_totalNamingAHeading_sumsTheItemsUnderIt() throws {
    let t = Fixture.table(
      title: nil, columns: [.label(""), .figure(["Kosten"], .eur)],
      rows: [
        .item("Burgerlijke stand", "129 000"),
        Fixture.Row(kind: .note, label: "Secretarieleges"),
        .item("Bestuursstukken", "60 000"), .item("Gemeentearchief", "49 000"),
        .total("Totaal secretarieleges", "109 000"),
      ])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .pass)
    #expect(f.cells.count == 3)
  }

  @Test func rowTotal_secondTotalOfABalance_takesItsOwnBlock() {
    // Activa: 160 + 487 = 647, "Totaal" 647 right under it; passiva: -3 990 + 4 637 = 647.
    let sheet = Fixture.table(
      title: nil, columns: [.label(""), .figure(["inner"], .eur), .figure(["outer"], .eur)],
      rows: [
        .item("Vorderingen", "", "160"), .item("Liquide middelen", "", "487"),
        .total("Som der vlottende activa", "", "647"), .subtotal("Totaal", "", "647"),
        .item("Stichtingsvermogen", "", "-3 990"), .item("R.C.", "4 370", ""), .item("Passiva", "267", ""),
        Fixture.Row(role: .subtotal, label: "", cells: ["", "4 637"]), .total("Totaal", "", "647"),
      ])
    let findings = rowTotals(sheet)
    #expect(findings.failures.isEmpty, "\(findings.map(\.message))")
    #expect(findings.contains { $0.row == ["Totaal"] && $0.cells.count == 3 && $0.status == .pass })
  }

  @Test func rowTotal_resultUnderTwoTotals_isNotChecked() {
    let exploitation = Fixture.table(
      title: "Overzicht exploitatie", columns: [.label(""), .figure(["Werkelijk 2019"], .eur)],
      rows: [
        .group("INKOMSTEN"), .item("Donaties", "200,00"), .item("Fondsen", "24 550,00"),
        .total("Totaal inkomsten:", "24 750,00"),
        .group("UITGAVEN"), .item("Bankkosten", "130,73"), .item("Reiskosten", "197,59"),
        .total("Totaal uitgaven:", "328,32"),
        .item("RESULTAAT", "24 421,68"),
      ])
    let findings = rowTotals(exploitation)
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .pass })
    #expect(!findings.contains { $0.row.contains("RESULTAAT") })
  }

  @Test func rowTotal_headerRowReadAsData_isNoItem() throws {
    // "3030" among the words of a header row read as data is no item of the TOTAAL.
    let starters = Fixture.table(
      title: "1.5.1. Opleiding", columns: [.label("LOCATIE"), .figure(["A"]), .figure(["B"]), .figure(["C"])],
      rows: [
        .item("LOCATIE (INCL. ZK)", "#ZOEKENDEN", "3030", "#3030'ERS"),
        .item("Sint-Niklaas", "9", "6", "6"), .item("Oostende", "9", "5", "5"),
        .total("TOTAAL", "18", "11", "11"),
      ])
    let findings = rowTotals(starters)
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.status == .pass }, "\(findings.map(\.message))")
  }
}
