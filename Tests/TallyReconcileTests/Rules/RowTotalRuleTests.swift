import TallyCore
import Testing

@testable import TallyReconcile

/// Staff per service with heads and FTE, a TOTAAL, and Waarvan rows under the total (one of them
/// malformed), as in a home-care annual report's table 1.1.
private let staff = Fixture.table(
  title: "1.1. Aantal personeelsleden op 31/12/2023",
  columns: [.label("AANTAL PERSONEELSLEDEN"), .figure(["TOTAAL - KOPPEN -"], .persons, .total), .figure(["TOTAAL - FTE -"], .fte, .total)],
  rows: [
    .item("Dienstencheques", "1777", "826,64"), .item("Kinderzorg", "549", "421,32"),
    .item("Klusjesdienst", "38", "26,38"), .item("Omkadering Thuisverpleging", "98", "83,18"),
    .item("Omkadering*", "906", "742,27"), .item("Oppashulp", "86", "43,32"),
    .item("Poetshulp", "2 064", "1 130,10"), .item("Service Center", "80", "69,79"),
    .item("Thuisoppas zieke kinderen", "78", "46,72"), .item("Thuisverpleging", "837", "591,73"),
    .item("Verzorgende", "4 154", "2 764,48"), .item("Vorming en opleiding", "36", "26,94"),
    .item("Vroedkundige", "38", "30,57"), .item("Woonzorg", "150", "118,68"),
    .total("TOTAAL", "10 891", "6 922,12"),
    .marker("Waarvan**:"),
    .waarvan("Ziekte < 1 maand", parent: 14, "390", "298,42"),
    .waarvan("Ziekte < 1 jaar", parent: 14, "468", "3 43,51"),
    .waarvan("Ziekte > 1 jaar", parent: 14, "1445", "0"),
  ])

/// Nurses and care assistants per care region: heads 642 against 635, FTE 386,03 against 386,02.
private let nurses = Fixture.table(
  title: "AANTAL VERPLEEG- EN ZORGKUNDIGEN PER ZORGREGIO",
  columns: [
    .label("ZORGREGIO"), .figure(["AANTAL VERPLEEGKUNDIGEN - KOPPEN -"], .persons),
    .figure(["AANTAL VERPLEEGKUNDIGEN - FTE -"], .fte), .figure(["AANTAL ZORGKUNDIGEN - KOPPEN -"], .persons),
    .figure(["AANTAL ZORGKUNDIGEN - FTE -"], .fte),
  ],
  rows: [
    .item("Midden", "181", "115,33", "78", "43,67"), .item("Noord", "154", "87,35", "39", "20,06"),
    .item("West", "255", "155,18", "68", "35,13"), .item("Zuid", "52", "28,17", "19", "9,99"),
    .total("TOTAAL", "635", "386,02", "201", "108,85"),
  ])

private func rowTotals(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("row_total")
}

@Suite struct RowTotalRuleTests {
  @Test func rowTotal_carriedPairOfAJoinedTable_leftOutOfTheGrandTotal() {
    let carried = Fixture.Row(role: .carried, label: "Over te brengen", cells: ["17"])
    let table = Fixture.table(
      title: "Lasten", columns: [.label("Post"), .figure(["2024"])],
      rows: [
        .item("Huur", "10"), .item("Energie", "7"), carried, Fixture.Row(role: .carried, label: "Transport", cells: ["17"]),
        .item("Rente", "4"), .total("Totaal", "21"),
      ])
    let findings = rowTotals(table)
    #expect(findings.count == 1)
    #expect(findings.first?.status == .pass)
    #expect(findings.first?.row == ["Totaal"])
  }

  @Test func rowTotal_staffHeadsAndFTE_passExactly() {
    let findings = rowTotals(staff)
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .pass })
    #expect(findings.allSatisfy { $0.row == ["TOTAAL"] })
  }

  @Test func rowTotal_waarvanRowsUnderTotal_areNotItems() {
    let findings = rowTotals(staff)
    // 14 services plus the total: the Waarvan rows are not among the cells.
    #expect(findings.allSatisfy { $0.cells.count == 15 })
    #expect(!findings.contains { $0.cells.contains { $0.row.contains("Ziekte < 1 jaar") } })
  }

  @Test func rowTotal_nursesHeads_failsWithDifferenceSeven() throws {
    let findings = rowTotals(nurses)
    let heads = try #require(findings.first { $0.column == ["AANTAL VERPLEEGKUNDIGEN - KOPPEN -"] })
    #expect(heads.status == .fail)
    #expect(heads.severity == .error)
    #expect(heads.stated == Fixture.decimal("635"))
    #expect(heads.computed == Fixture.decimal("642"))
    #expect(heads.difference == Fixture.decimal("7"))
    #expect(heads.tolerance == .zero)  // head counts are exact
    #expect(heads.page == 1 && heads.table == 0 && heads.tableTitle == nurses.title)
    #expect(heads.cells.count == 5)
  }

  @Test func rowTotal_nursesFTE_passesWithinRounding() throws {
    let findings = rowTotals(nurses)
    let fte = try #require(findings.first { $0.column == ["AANTAL VERPLEEGKUNDIGEN - FTE -"] })
    #expect(fte.status == .passWithinRounding)
    #expect(fte.severity == .info)
    #expect(fte.difference == Fixture.decimal("0,01"))
    #expect(fte.tolerance == Fixture.decimal("0,025"))
  }

  @Test func rowTotal_careAssistantsHeads_failsWithTypoHint() throws {
    let findings = rowTotals(nurses)
    let heads = try #require(findings.first { $0.column == ["AANTAL ZORGKUNDIGEN - KOPPEN -"] })
    #expect(heads.status == .fail)
    #expect(heads.difference == Fixture.decimal("3"))
    #expect(heads.hint?.contains("one-digit typo") == true)
    #expect(findings.first { $0.column == ["AANTAL ZORGKUNDIGEN - FTE -"] }?.status == .pass)
  }

  @Test func rowTotal_transposedDigits_hintNamesTransposition() throws {
    let t = Fixture.table(
      title: "Uren", columns: [.label(""), .figure(["UREN"], .hours)],
      rows: [.item("A", "3 534 496"), .item("B", "100"), .total("TOTAAL", "3 543 596")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .fail)
    #expect(f.hint?.contains("two adjacent digits swapped") == true)
    #expect(f.hint?.contains("3 543 496") == true)
  }

  @Test func rowTotal_signFlip_hintNamesSign() throws {
    let t = Fixture.table(
      title: "Resultaat", columns: [.label(""), .figure(["EUR"], .eur)],
      rows: [.item("Opbrengsten", "5 000"), .item("Kosten", "-1 234"), .total("TOTAAL", "6 234")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .fail)
    #expect(f.hint?.contains("sign flip") == true)
  }

  @Test func rowTotal_doubleCountedRow_hintNamesRow() throws {
    let t = Fixture.table(
      title: "Klanten", columns: [.label(""), .figure(["KLANTEN"], .clients)],
      rows: [.item("A", "1 250"), .item("B", "3 377"), .item("C", "408"), .total("TOTAAL", "4 627")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .fail)
    #expect(f.hint?.contains("counted twice") == true)
    #expect(f.hint?.contains("C (408)") == true)
  }

  @Test func rowTotal_factorThousand_hintNamesFactor() throws {
    let t = Fixture.table(
      title: "Budget", columns: [.label(""), .figure(["EUR"], .eur)],
      rows: [.item("A", "12 500"), .item("B", "7"), .total("TOTAAL", "19 500")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .fail)
    #expect(f.hint?.contains("factor of 1000") == true)
  }

  @Test func rowTotal_totalAboveItems_checksRowsBelow() throws {
    let t = Fixture.table(
      title: "Uren", columns: [.label(""), .figure(["UREN"], .hours)],
      rows: [.total("TOTAAL", "30"), .item("A", "10"), .item("B", "20")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .pass)
    #expect(f.cells.count == 3)
  }

  @Test func rowTotal_newBlockAfterTotal_startsAfresh() {
    let t = Fixture.table(
      title: "Twee blokken", columns: [.label(""), .figure(["N"], .count)],
      rows: [.item("A", "1"), .item("B", "2"), .total("TOTAAL", "3"), .item("C", "4"), .item("D", "5"), .total("TOTAAL", "9")])
    let findings = rowTotals(t)
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func rowTotal_subtotals_excludedFromGrandTotal() {
    let t = Fixture.table(
      title: "Sub", columns: [.label(""), .figure(["N"], .count)],
      rows: [.item("A", "1"), .item("B", "2"), .subtotal("Sub 1", "3"), .item("C", "4"), .subtotal("Sub 2", "4"), .total("TOTAAL", "7")])
    let findings = rowTotals(t)
    // "Sub 2" over its one item C is no sum to check (a figure against itself).
    #expect(findings.count == 2)
    #expect(!findings.contains { $0.row.last == "Sub 2" })
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func rowTotal_emptyItems_countAsZeroByDefault() throws {
    let t = Fixture.table(
      title: "In dienst", columns: [.label(""), .figure(["WZC"], .persons)],
      rows: [.item("A", ""), .item("B", "1"), .item("C", "-"), .item("D", "1"), .total("TOTAAL", "2")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .pass)
    #expect(f.message.contains("2 empty counted as 0"))
  }

  @Test func rowTotal_emptyItemsUnderNonNull_skipped() throws {
    var settings = ReconcileSettings()
    settings.missingItems = .nonNull
    let t = Fixture.table(
      title: "In dienst", columns: [.label(""), .figure(["WZC"], .persons)],
      rows: [.item("A", ""), .item("B", "2"), .total("TOTAAL", "2")])
    let f = try #require(Reconciler(settings: settings).reconcile(Fixture.document([t])).of("row_total").first)
    #expect(f.status == .skipped)
    #expect(f.severity == .info)
  }

  @Test func rowTotal_malformedItem_skipsWithReason() throws {
    let t = Fixture.table(
      title: "FTE", columns: [.label(""), .figure(["FTE"], .fte)],
      rows: [.item("A", "298,42"), .item("B", "3 43,51"), .total("TOTAAL", "641,93")])
    let f = try #require(rowTotals(t).first)
    #expect(f.status == .skipped)
    #expect(f.message.contains("malformed"))
  }

  @Test func rowTotal_percentColumn_leftToPercentSum() {
    let t = Fixture.table(
      title: "Aandeel", columns: [.label(""), .figure(["%"], .percent)],
      rows: [.item("A", "40%"), .item("B", "50%"), .total("TOTAAL", "100%")])
    #expect(rowTotals(t).isEmpty)
  }
}

@Suite struct RowTotalInferenceTests {
  @Test func rowTotal_totalNamingOtherMeasure_notChecked() {
    let t = Fixture.table(
      title: "Inloopteam", columns: [.label(""), .figure([""], .count)],
      rows: [
        .item("Aantal onthaalmomenten", "248"), .item("Aantal contacten binnen onthaal", "1 646"),
        .item("Aantal groepsactiviteiten", "207"), .total("Totaal aantal bereikte gezinnen", "370"),
      ])
    #expect(rowTotals(t).isEmpty)
  }

  @Test func rowTotal_totalNamingItemsPluralWithApostrophe_checked() throws {
    // "Totaal programma's" over the programmes: the "'s" plural is no second word naming a measure.
    let t = Fixture.table(
      title: "Recapitulatie", columns: [.label(""), .figure(["baten"], .eur)],
      rows: [
        .item("P1 Veiligheid en Handhaving", "102"), .item("P2 Mens en Maatschappij", "11 652"),
        .total("Totaal programma's", "11 754"),
      ])
    #expect(try #require(rowTotals(t).first).status == .pass)
  }

  @Test func rowTotal_totalNamingItemsMeasure_checked() throws {
    let t = Fixture.table(
      title: "Kosten", columns: [.label(""), .figure(["EUR"], .eur)],
      rows: [.item("Personeelskosten", "100"), .item("Werkingskosten", "50"), .total("Totaal werkelijke kosten", "150")])
    #expect(try #require(rowTotals(t).first).status == .pass)
  }

  @Test func rowTotal_headerRowReadAsData_notAnItem() throws {
    let t = Fixture.table(
      title: "Starters", columns: [.label(""), .figure(["STARTERS"], .persons)],
      rows: [.item("LOCATIE", "#STARTERS 3030"), .item("A", "1"), .item("B", "2"), .total("TOTAAL", "3")])
    #expect(try #require(rowTotals(t).first).status == .pass)
  }
}
