import TallyCore
import Testing

@testable import TallyReconcile

/// Readings of a table tried before a failure counts (issue #17, item 2): the one under which
/// the printed figures are consistent wins over an error.
@Suite struct TableReadingTests {
  private func reconcile(_ tables: NormalizedTable...) -> [Finding] {
    Reconciler().reconcile(Fixture.document(tables))
  }

  @Test func rowTotal_itemOfAnotherUnitByItsLabel_countedWhenTheSumHoldsWithIt() throws {
    // "gebruikers" reads as a head count, but with that row the amounts add up.
    var total = Fixture.Row.total("Totaal opbrengsten", "2263,5")
    total.unit = .eur
    let t = Fixture.table(
      title: "Resultatenrekening", columns: [.label("Post"), .figure(["Budget"])],
      rows: [
        .item("Subsidies", "1 604,8", unit: .eur), .item("Bijdragen gebruikers", "658,7", unit: .clients), total,
      ])
    let f = try #require(reconcile(t).of("row_total").first)
    #expect(f.status == .pass)
    #expect(f.stated == Fixture.sum("1 604,8", "658,7"))
  }

  @Test func rowTotal_columnFailingEveryTotalByAnotherAmount_noSumNotAnError() throws {
    // The last column states something else whose header was lost (a rate): both totals add
    // up in the amounts and fail in it, each by another amount.
    let t = Fixture.table(
      title: "Exploitatie", columns: [.label("Post"), .figure(["Budget"]), .figure(["Werkelijk"]), .figure([""])],
      rows: [
        .item("A", "100", "90", "7,0"), .item("B", "200", "220", "9,0"), .total("Totaal baten", "300", "310", "3,0"),
        .item("C", "50", "40", "5,0"), .item("D", "70", "77", "6,0"), .total("Totaal lasten", "120", "117", "2,5"),
      ])
    let fails = reconcile(t).of("row_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .info && $0.message.contains("the column is probably no sum") })
  }

  @Test func rowTotal_ratioColumnWithoutHeader_neverSummed() throws {
    // The last column is Werkelijk / Budget × 100 with its header lost; read the other way,
    // Budget = Werkelijk / index × 100 holds too, but the smaller figures are the ratio.
    let t = Fixture.table(
      title: "Exploitatie", columns: [.label("Post"), .figure(["Budget"]), .figure(["Werkelijk"]), .figure([""])],
      rows: [
        .item("A", "100", "90", "90,0"), .item("B", "200", "220", "110,0"), .total("Totaal baten", "300", "310", "103,3"),
        .item("C", "50", "40", "80,0"), .item("D", "70", "77", "110,0"), .total("Totaal lasten", "120", "117", "97,5"),
      ])
    #expect(RatioColumns.of(TableView(t, settings: ReconcileSettings())) == [3])
    #expect(reconcile(t).of("row_total").failures.isEmpty)
  }

  @Test func rowTotal_oneWrongFigureInAColumn_stillAnError() throws {
    // One failing total in the column while the other holds there: no reading, an error.
    let t = Fixture.table(
      title: "Exploitatie", columns: [.label("Post"), .figure(["Budget"]), .figure(["Werkelijk"])],
      rows: [
        .item("A", "100", "90"), .item("B", "200", "220"), .total("Totaal baten", "300", "301"),
        .item("C", "50", "40"), .item("D", "70", "77"), .total("Totaal lasten", "120", "117"),
      ])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .error)
  }

  @Test func rowTotal_unlabelledHeaderLineReadAsItem_aReadingNotAnError() throws {
    // "< 30" printed on two lines: the "30" became a row of its own.
    let t = Fixture.table(
      title: "Leeftijd", columns: [.label("Dienst"), .figure(["<"])],
      rows: [.item("", "30"), .item("A", "462"), .item("B", "90"), .total("Totaal", "552")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("a row without a label"))
  }

  @Test func rowTotal_groupOfOneFilledItemWithItsTotal_anotherGroupNotAnError() throws {
    // "Baten" closes its own one filled item; "Totaal lasten" covers only the rows after it.
    let t = Fixture.table(
      title: "Exploitatie", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [
        .item("Subsidies", "72163,84"), .item("Opbrengsten", "-"), .item("Baten", "72163,84"),
        .item("Financiële kosten", "213262,38"), .item("Regularisaties", "−32433,11"),
        .total("Totaal lasten", "180829,27"),
      ])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("another group"))
  }

  @Test func rowTotal_rowContinuingAWaarvanBreakdown_aReadingNotAnError() throws {
    // "nieuwe dossiers" continues the breakdown "waarvan overige" of "Opvang" (25 + 14 ≤ 40).
    let t = Fixture.table(
      title: "Prestaties", columns: [.label("Post"), .figure(["Opbrengst"])],
      rows: [
        .item("Opvang", "40"), .item("waarvan overige", "25"), .item("nieuwe dossiers", "14"), .item("Klussen", "74"),
        .item("Huur", "331"), .total("TOTAAL", "445"),
      ])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("continues the Waarvan breakdown above"))
  }

  @Test func alternativeReading_twoOfSeveralFiguresWithMarkers_reread() throws {
    // Three figures open with a one- or two-digit group; read without it, two of them make the
    // sum hold, the third is a figure as printed.
    func operand(_ value: String, alternative: String) -> Operand {
      var o = Operand(value: Fixture.decimal(value), decimals: 0, label: value)
      o.alternative = Fixture.decimal(alternative)
      return o
    }
    let items = [
      operand("12 528", alternative: "528"), operand("424 173", alternative: "12 424 173"),
      operand("18 644", alternative: "644"), Operand(value: Fixture.decimal("100"), decimals: 0, label: "x"),
    ]
    let stated = Operand(value: Fixture.sum("12 528", "424 173", "18 644", "100") ?? .zero, decimals: 0, label: "Totaal")
    var changed = items
    changed[0].value = Fixture.decimal("528")
    changed[1].value = Fixture.decimal("12 424 173")
    let rereadStated = Operand(value: Arithmetic.total(changed)?.value ?? .zero, decimals: 0, label: "Totaal")
    #expect(AlternativeReading.sum(items, stated: stated) == nil)
    #expect(AlternativeReading.sum(items, stated: rereadStated) != nil)
  }

  @Test func columnTotal_rowsUnderAnotherHeaderFailing_anotherTableNotAnError() throws {
    // A second table under its own header row was read into the first: its rows fail the first
    // table's total column, each by another amount.
    let header = Fixture.Row(kind: .header, label: "Raming")
    let t = Fixture.table(
      title: "Opbrengsten", columns: [.label("Post"), .figure(["Totaal"], .number, .total), .figure(["A"]), .figure(["B"])],
      rows: [
        .item("K1", "30", "10", "20"), .item("K2", "50", "20", "30"), .item("K3", "70", "30", "40"), header,
        .item("R1", "141", "-141", "136"), .item("R2", "203", "194", "-9"),
      ])
    let fails = reconcile(t).of("column_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .info && $0.message.contains("another table") })
  }

  @Test func rowTotal_tableSplitFromTheOneAbove_aReadingNotAnError() throws {
    // A header printed again split one balance in two: "Leveranciers", the first item of the
    // passiva, ended the table above.
    let above = Fixture.table(
      0, title: "Balans", columns: [.label("Post"), .figure(["2021"])],
      rows: [.item("Gebouwen", "100"), .total("Totaal activa", "100"), .item("Leveranciers", "30")])
    let below = Fixture.table(
      1, title: "Balans", columns: [.label("Post"), .figure(["2021"])],
      rows: [.item("Overige schulden", "50"), .item("Voorzieningen", "20"), .total("Totaal passiva", "100")])
    let f = try #require(reconcile(above, below).of("row_total").failures.first)
    #expect(f.row == ["Totaal passiva"])
    #expect(f.severity == .info)
    #expect(f.message.contains("split from the one above it"))
    // Alone, the same table's shortfall is an error.
    #expect(reconcile(below).of("row_total").failures.first?.severity == .error)
  }

  @Test func columnTotal_twoTotalsUnderOneSpanningHeader_eachCoversItsOwnGroup() throws {
    // "Totaal baten" and "Totaal lasten" both under "Exploitatie": each sums its own group only.
    let t = Fixture.table(
      title: "Baten en lasten",
      columns: [
        .label("Rubriek"), .figure(["Exploitatie", "Recuperatie"]), .figure(["Exploitatie", "Subsidies"]),
        .figure(["Exploitatie", "Totaal baten"], .number, .total), .figure(["Exploitatie", "Huurlasten"]),
        .figure(["Exploitatie", "Personeelskosten"]), .figure(["Exploitatie", "Totaal lasten"], .number, .total),
      ],
      rows: [.item("Schuldhulp", "194", "167", "361", "231", "192", "423"), .item("Oppas", "5", "6", "11", "4", "6", "10")])
    let checks = reconcile(t).of("column_total")
    #expect(checks.count == 4)
    #expect(checks.allSatisfy { $0.status == .pass })
  }

  @Test func referenceColumn_abbreviatedToel_neverSummed() {
    let view = TableView(
      Fixture.table(title: "T", columns: [.label(""), .figure(["Toel."])], rows: [.item("A", "1")]),
      settings: ReconcileSettings())
    #expect(view.isNonAdditiveColumn(1))
  }
}
