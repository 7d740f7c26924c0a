import TallyCore
import Testing

@testable import TallyReconcile

/// Severity follows evidence: corroborated or labelled failures are errors, labelled ones that
/// fail everywhere are warnings, guesses and failures another reading explains are not reported.
@Suite struct EvidenceTests {
  private func reconcile(_ tables: NormalizedTable...) -> [Finding] {
    Reconciler().reconcile(Fixture.document(tables))
  }

  // MARK: The table

  @Test func severity_followsTheEvidenceTable() {
    #expect(Evidence(labels: ["label 'Totaal'"]).severity(configured: .error) == .error)
    #expect(Evidence(holdsElsewhere: 1).severity(configured: .error) == .error)
    #expect(Evidence(labels: ["label 'Totaal'"], failsElsewhere: 2).severity(configured: .error) == .warning)
    #expect(Evidence(labels: ["x"], holdsElsewhere: 2, failsElsewhere: 1).severity(configured: .error) == .error)
    #expect(Evidence(layout: ["bold row"]).severity(configured: .error) == .warning)
    #expect(Evidence().severity(configured: .error) == .info)
    #expect(Evidence(labels: ["x"], holdsElsewhere: 3, alternative: "another reading").severity(configured: .error) == .info)
    // The configured severity caps it.
    #expect(Evidence(holdsElsewhere: 1).severity(configured: .warning) == .warning)
    #expect(Evidence(layout: ["bold row"]).severity(configured: .info) == .info)
  }

  @Test func severity_holdingInFewerPlacesThanFailing_isNoCorroboration() {
    // Holding in one row of eighteen is chance: the labels alone speak, and they fail elsewhere.
    #expect(Evidence(labels: ["x"], holdsElsewhere: 1, failsElsewhere: 17).severity(configured: .error) == .warning)
    #expect(Evidence(labels: ["x"], holdsElsewhere: 1, failsElsewhere: 2).severity(configured: .error) == .warning)
    // As often holding as failing elsewhere (three columns, one wrong figure in two): corroborated.
    #expect(Evidence(labels: ["x"], holdsElsewhere: 1, failsElsewhere: 1).severity(configured: .error) == .error)
  }

  @Test func severity_uncorroboratedFailureNoSingleChangeExplains_notReported() {
    var evidence = Evidence(labels: ["label 'Totaal'"])
    evidence.unexplained = true
    #expect(evidence.severity(configured: .error) == .info)
    #expect(evidence.summary(elsewhere: "column").contains("the relation is probably misread"))
    // Corroborated, or with the gaps' own signature (a row missing), it stays reported.
    evidence.holdsElsewhere = 2
    #expect(evidence.severity(configured: .error) == .error)
    evidence.holdsElsewhere = 0
    evidence.explainedByLayout = true
    #expect(evidence.severity(configured: .error) == .error)
  }

  // MARK: row_total

  @Test func rowTotal_singleColumnGapNoEditExplains_notReported() throws {
    // 10 + 20 against 95: no one-digit typo, swap, sign, factor 1000 or row explains −65.
    let t = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("A", "10"), .item("B", "20"), .total("Totaal", "95")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("no single changed figure or row explains the gap"))
  }

  @Test func rowTotal_singleColumnOneDigitTypo_stillAnError() throws {
    let t = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("A", "10"), .item("B", "20"), .total("Totaal", "39")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .error)
  }

  @Test func rowTotal_yearReadAsItem_aReadingNotAnError() throws {
    let t = Fixture.table(
      title: "Balans", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("Toestand op 31/12", "2021"), .item("A", "100"), .item("B", "200"), .total("Totaal", "300")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("(2021) is a year, not an amount"))
    #expect(NonItems.isBareYear(" 2021") && !NonItems.isBareYear("2.021") && !NonItems.isBareYear("12021"))
  }

  @Test func rowTotal_blockReachingIntoAnotherGroup_aReadingNotAnError() throws {
    // 'Noord' heads its group with the group's total; the subtotal covers only its own two rows.
    let t = Fixture.table(
      title: "Regio's", columns: [.label("Regio"), .figure(["Bedrag"])],
      rows: [
        .item("Noord", "50"), .item("N1", "20"), .item("N2", "30"), .item("C1", "5"), .item("C2", "7"),
        .subtotal("Subtotaal Centraal", "12"),
      ])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("'Noord' (50) and the 2 items it totals are another group"))
  }

  @Test func columnTotal_waarvanColumnAmongItems_aReadingNotAnError() throws {
    let t = Fixture.table(
      title: "Budget", columns: [.label("Post"), .figure(["Baten"]), .figure(["waarvan subsidie"]), .figure(["Lasten"]), .figure(["Totaal"], .number, .total)],
      rows: [.item("A", "10", "4", "20", "30"), .item("B", "11", "5", "21", "32")])
    let fails = reconcile(t).of("column_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .info && $0.message.contains("a breakdown of another item (waarvan)") })
  }

  @Test func columnTotal_referenceColumn_neverAnItem() throws {
    // "Bijlage" holds note numbers beside the amounts; prose naming a "toelichting" does not count.
    let t = Fixture.table(
      title: "Budget",
      columns: [.label("Post"), .figure(["Bijlage"]), .figure(["Baten"]), .figure(["Lasten"]), .figure(["Totaal"], .number, .total)],
      rows: [.item("A", "8", "10", "20", "30"), .item("B", "", "11", "21", "32")])
    #expect(reconcile(t).of("column_total").failures.isEmpty)
    let view = TableView(
      Fixture.table(title: "T", columns: [.label(""), .figure(["zie de toelichting / Verschil"])], rows: [.item("A", "1")]),
      settings: ReconcileSettings())
    #expect(!view.isNonAdditiveColumn(1))
  }

  @Test func rowTotal_waarvanRowReadAsItem_aReadingNotAnError() throws {
    let t = Fixture.table(
      title: "Opbrengsten", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("Subsidies", "500"), .item("waarvan eigen middelen", "123"), .item("Giften", "200"), .total("Totaal", "700")])
    // A row opening with a Waarvan word is no item: the total holds without it.
    let f = try #require(reconcile(t).of("row_total").first)
    #expect(f.status == .pass)
    #expect(!f.cells.contains { $0.raw == "123" })
  }

  @Test func columnTotal_holdsInOneRowFailsInMany_notAnError() throws {
    let t = Fixture.table(
      title: "Budget", columns: [.label("Post"), .figure(["Baten"]), .figure(["Lasten"]), .figure(["Totaal"], .number, .total)],
      rows: [
        .item("A", "10", "20", "30"), .item("B", "11", "21", "95"), .item("C", "12", "22", "97"),
        .item("D", "13", "23", "99"),
      ])
    let fails = reconcile(t).of("column_total").failures
    #expect(fails.count == 3)
    #expect(fails.allSatisfy { $0.severity != .error })
  }


  @Test func rowTotal_failsInOneColumnHoldsInAnother_corroboratedError() throws {
    let t = Fixture.table(
      title: "Personeel", columns: [.label("Dienst"), .figure(["Koppen"]), .figure(["FTE"])],
      rows: [.item("A", "10", "8,5"), .item("B", "20", "15,25"), .total("Totaal", "35", "23,75")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .error)
    #expect(f.stated == Fixture.decimal("35"))
    #expect(f.message.contains("holds in 1 other column"))
  }

  @Test func rowTotal_failingInEveryColumnByOneAmount_warningThatARowSeemsMissing() throws {
    let t = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["2023"]), .figure(["2024"])],
      rows: [.item("A", "10", "11"), .item("B", "20", "21"), .total("Totaal", "35", "37")])
    let fails = reconcile(t).of("row_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .warning })
    #expect(fails.allSatisfy { $0.message.contains("fails in 1 other column") })
    #expect(fails.allSatisfy { $0.message.contains("differ from the total by −5: a row seems to be missing") })
  }

  @Test func rowTotal_itemsShortInEveryColumn_warningThatARowSeemsMissing() throws {
    // A row left out: every column's items fall short, each by that row's own figure.
    let t = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["2023"]), .figure(["2024"])],
      rows: [.item("A", "100", "110"), .item("B", "200", "210"), .item("C", "300", "310"), .total("Totaal", "640", "660")])
    let fails = reconcile(t).of("row_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .warning })
    #expect(fails.allSatisfy { $0.message.contains("the items fall short of the total: a row seems to be missing") })
    // Short by more than a tenth: more likely rows not read than one row left out.
    let u = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["2023"]), .figure(["2024"])],
      rows: [.item("A", "10", "11"), .item("B", "20", "21"), .total("Totaal", "35", "40")])
    #expect(reconcile(u).of("row_total").failures.allSatisfy { $0.severity == .info })
  }

  @Test func rowTotal_failingInEveryColumnByDifferentAmounts_notReported() throws {
    let t = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["2023"]), .figure(["2024"])],
      rows: [.item("A", "10", "11"), .item("B", "20", "21"), .total("Totaal", "25", "40")])
    let fails = reconcile(t).of("row_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .info })
    #expect(fails.allSatisfy { $0.message.contains("these rows are probably not its items") })
  }

  @Test func rowTotal_nonAdditiveColumn_neverSummed() {
    let t = Fixture.table(
      title: "Kosten", columns: [.label("Dienst"), .figure(["Bedrag"]), .figure(["Kost per cliënt"]), .figure(["Index"])],
      rows: [.item("A", "100", "12,50", "101,2"), .item("B", "200", "8,25", "99,4"), .total("Totaal", "300", "9,75", "100,0")])
    let findings = reconcile(t).of("row_total")
    #expect(findings.count == 1)
    #expect(findings.first?.column == ["Bedrag"])
    #expect(findings.first?.status == .pass)
  }

  @Test func rowTotal_totalRowStatingTheAverage_notReported() throws {
    let t = Fixture.table(
      title: "Bezetting", columns: [.label("Afdeling"), .figure(["Bedden"])],
      rows: [.item("A", "20"), .item("B", "30"), .item("C", "40"), .total("Totaal", "30")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("average of its items"))
  }

  @Test func columnTotal_productOfItsTwoItems_notReported() throws {
    let t = Fixture.table(
      title: "Prestaties", columns: [.label("Dienst"), .figure(["Volume"]), .figure(["Tarief"]), .figure(["Totaal bedrag"], .number, .total)],
      rows: [.item("Poetsuren", "120", "3,50", "420,00"), .item("Klusjes", "40", "5,00", "200,00")])
    // "Tarief" names a price: not an item of a sum; nothing left to sum against the total.
    #expect(reconcile(t).of("column_total").isEmpty)
    let u = Fixture.table(
      title: "Prestaties", columns: [.label("Dienst"), .figure(["Volume"]), .figure(["Bedrag"]), .figure(["Totaal bedrag"], .number, .total)],
      rows: [.item("Poetsuren", "120", "3,50", "420,00"), .item("Klusjes", "40", "5,00", "200,00")])
    let fails = reconcile(u).of("column_total").failures
    #expect(fails.count == 2)
    #expect(fails.allSatisfy { $0.severity == .info && $0.message.contains("product of the two") })
  }

  @Test func columnTotal_failsInOneRowHoldsInOthers_corroboratedError() throws {
    let t = Fixture.table(
      title: "Baten", columns: [.label("Dienst"), .figure(["Subsidie"]), .figure(["Eigen"]), .figure(["Totaal baten"], .number, .total)],
      rows: [.item("A", "100", "50", "150"), .item("B", "200", "25", "225"), .item("C", "300", "10", "350")])
    let fails = reconcile(t).of("column_total").failures
    #expect(fails.count == 1)
    #expect(fails.first?.severity == .error)
    #expect(fails.first?.message.contains("holds in 2 other rows") == true)
  }

  @Test func rowTotal_labelledSingleColumn_error() throws {
    let t = Fixture.table(
      title: "Uitgaven", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("A", "10"), .item("B", "20"), .total("Totaal", "35")])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .error)
    #expect(f.message.contains("label 'Totaal'"))
  }

  @Test func rowTotal_oneItem_isNoCheck() {
    let t = Fixture.table(
      title: "Erfgoed", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("A", "0,00"), .total("Totaal erfgoed", "268 374,13")])
    #expect(reconcile(t).of("row_total").isEmpty)
    let same = Fixture.table(
      title: "Erfgoed", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [.item("A", "12"), .total("Totaal", "12")])
    // A figure compared with itself is no pass either.
    #expect(reconcile(same).of("row_total").isEmpty)
  }

  @Test func rowTotal_tableContinuedFromThePreviousPage_notReported() throws {
    let first = Fixture.table(
      title: "Subsidies", page: 7, columns: [.label("Begunstigde"), .figure(["2026"])],
      rows: [.item("A", "500"), .item("B", "400")])
    let continued = Fixture.table(
      title: "Subsidies", page: 8, columns: [.label("Begunstigde"), .figure(["2026"])],
      rows: [.item("C", "100"), .item("D", "50"), .total("Totaal :", "1 050")])
    let f = try #require(reconcile(first, continued).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("continued from the previous page"))
    // The same table with a heading above its items is not open at the top: reported.
    var closed = continued
    closed.rows.insert(
      NormalizedRow(
        index: 9, kind: .group, role: .item, label: "Domein", key: "domein", path: ["Domein"], cells: closed.rows[0].cells.map { _ in NormalizedCell(raw: "", content: .empty) },
        page: 8, isBold: true), at: 0)
    let g = try #require(reconcile(first, closed).of("row_total").failures.first)
    #expect(g.severity == .error)
  }

  @Test func rowTotal_groupTotalPrintedAboveItsItemsAndCounted_notReported() throws {
    // "DOMEIN 90 000" heads its group and is read as an item: 10 000 + 90 000 + 90 000 + 0 against
    // 100 000. (A heading printing the total itself is no item at all: see HeadingTotalsTests.)
    let t = Fixture.table(
      title: "Subsidies", columns: [.label("Begunstigde"), .figure(["2026"])],
      rows: [
        .item("Algemeen", "10 000"), .item("DOMEIN ERFGOED", "90 000"), .item("Erfgoed", "90 000"), .item("Kerk", "0"),
        .total("Totaal :", "100 000"),
      ])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.computed == Fixture.sum("10 000", "90 000", "90 000", "0"))
    #expect(f.severity == .info)
    #expect(f.message.contains("'DOMEIN ERFGOED' (90 000) is itself a total"))
  }

  @Test func rowTotal_codeHierarchyInsideTheTable_notReported() throws {
    // A1 + A2 = A, B1 + B2 = B: the letters' totals sit among their sub-codes.
    let t = Fixture.table(
      title: "Kredieten (in miljoen euro)", columns: [.label("Post"), .figure(["2026"])],
      rows: [
        .item("A1. Bestaand", "2 702,7"), .item("A2. Aangroei", "9,9"), .item("A. Zorg", "2 712,6"),
        .item("B1. Bestaand", "12,7"), .item("B2. Aangroei", "0,1"), .item("B. Materiaal", "12,8"),
        .item("C. Projecten", "4,0"), .total("Totaal", "2 729,4"),
      ])
    // The letters roll up their sub-codes, and the total counts the letters only.
    let findings = reconcile(t)
    let f = try #require(findings.of("row_total").first)
    #expect(f.status == .pass)
    #expect(findings.of("rollup").count == 2)
    #expect(findings.of("rollup").allSatisfy { $0.status == .pass })
  }

  @Test func rowTotal_realDifference_stillAnErrorWhenNoReadingFits() throws {
    let t = Fixture.table(
      title: "Belastingen", columns: [.label("Post"), .figure(["2023"]), .figure(["2024"])],
      rows: [
        .item("OZB", "8 493", "8 764"), .item("Honden", "194", "200"), .item("Toerisme", "2 430", "2 508"),
        .subtotal("sub totaal opbrengst", "11 117", "11 434"),
      ])
    let fails = reconcile(t).of("row_total").failures
    #expect(fails.count == 1)
    #expect(fails.first?.severity == .error)
    #expect(fails.first?.computed == Fixture.decimal("11 472"))
  }

  @Test func rowTotal_balanceWithItemsSubtracted_notReported() throws {
    // Opening + in − out: "Eindsaldo" is no plain sum of the rows above it.
    let t = Fixture.table(
      title: "Kasstroom", columns: [.label("Post"), .figure(["Bedrag"])],
      rows: [
        .item("Saldo einde jaar", "7 273,64"), .item("Opheffing", "208,91"), .item("Overboeking", "7 040,00"),
        .total("Eindsaldo", "24,73"),
      ])
    let f = try #require(reconcile(t).of("row_total").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("with 'Opheffing', 'Overboeking' subtracted it holds"))
    #expect(!f.message.contains("label 'Eindsaldo'"))
  }

  // MARK: percent_sum

  @Test func percentSum_twoBreakdownsReadAsOne_notReported() throws {
    let t = Fixture.table(
      title: "Samenstelling", columns: [.label("Post"), .figure(["%"], .percent)],
      rows: [.item("A", "31,0%"), .item("B", "46,1%"), .item("C", "22,9%"), .item("D", "67,4%"), .item("E", "32,6%")])
    let f = try #require(reconcile(t).of("percent_sum").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("2 × 100"))
  }

  @Test func percentSum_shareAboveHundred_isARateNotAShare() {
    let t = Fixture.table(
      title: "Samenstelling vermogen", columns: [.label("Ratio"), .figure(["31 dec 2023"], .percent)],
      rows: [.item("Solvabiliteit", "206,7%"), .item("Liquiditeit", "67,4%")])
    #expect(reconcile(t).of("percent_sum").isEmpty)
  }

  @Test func percentSum_partitionWordsNoOtherColumn_error() throws {
    let t = Fixture.table(
      title: "Inkomsten", columns: [.label("Bron"), .figure(["% van de inkomsten"], .percent)],
      rows: [.item("A", "50,00%"), .item("B", "59,00%")])
    // 109 %: one typo (59 for 50) explains it.
    let f = try #require(reconcile(t).of("percent_sum").failures.first)
    #expect(f.severity == .error)
    #expect(f.message.contains("partition word '% van de'"))
  }

  @Test func percentSum_partitionWordsNoSingleShareExplains_notReported() throws {
    let t = Fixture.table(
      title: "Inkomsten", columns: [.label("Bron"), .figure(["% van de inkomsten"], .percent)],
      rows: [.item("A", "50,00%"), .item("B", "57,91%")])
    let f = try #require(reconcile(t).of("percent_sum").failures.first)
    #expect(f.severity == .info)
  }

  // MARK: malformed_number

  @Test func malformed_sectionAndListNumbers_notFigures() {
    for raw in ["3.3.1", "2.", "12.", "7.4.1", "26-6-2023", "2025 2026"] {
      #expect(MalformedNumberRule.isReference(raw), "\(raw)")
    }
    for raw in ["3 43,51", "1.234", "12.345,6", "31 23", "1.23"] {
      #expect(!MalformedNumberRule.isReference(raw), "\(raw)")
    }
  }

  @Test func malformed_onlyInNumericColumns() {
    // A column of text with one malformed cell is no figure column.
    let text = Fixture.table(
      title: "Toelichting", columns: [.label("Post"), .figure(["Omschrijving"])],
      rows: [.item("A", "#tekst"), .item("B", "#meer tekst"), .item("C", "3 43,51")])
    #expect(reconcile(text).of("malformed_number").isEmpty)
    let figures = Fixture.table(
      title: "Personeel", columns: [.label("Post"), .figure(["FTE"])],
      rows: [.item("A", "12,5"), .item("B", "3,25"), .item("C", "3 43,51")])
    #expect(reconcile(figures).of("malformed_number").failures.first?.severity == .error)
  }

  // MARK: cross_table

  @Test func crossTable_sentenceSharingWordsOnly_notReported() throws {
    let t = Fixture.table(
      title: "Uren thuiszorg", columns: [.label("Dienst"), .figure(["Uren"], .hours)],
      rows: [.item("Poetshulp", "400"), .item("Oppas", "600"), .total("Totaal", "1 000")])
    let sentence = Fixture.statement("In 2023 werden in de thuiszorg 1 500 uren gepresteerd door vrijwilligers.", "1 500", unit: .hours)
    let doc = Fixture.document([t], statements: [sentence])
    let f = try #require(Reconciler().reconcile(doc).of("cross_table").failures.first)
    #expect(f.severity == .info)
    #expect(f.message.contains("evidence: none"))
  }
}

@Suite struct SpreadsheetErrorTests {
  @Test func spreadsheetErrorCell_isAnErrorByItself() throws {
    let t = Fixture.table(
      title: "Begroting", columns: [.label("Post"), .figure(["2024"]), .figure(["2025"])],
      rows: [.item("A", "10", "#REF!"), .item("B", "20", "#########"), .item("C", "#tekst", "5")])
    let findings = Reconciler().reconcile(Fixture.document([t])).of("malformed_number")
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .fail && $0.severity == .error })
    #expect(findings.map { $0.cells.first?.raw } == ["#REF!", "#########"])
    #expect(findings.first?.message.contains("spreadsheet error '#REF!'") == true)
  }

  @Test func isSpreadsheetError_knownValuesOnly() {
    for raw in ["#VERW!", "#deel/0!", "#N/B", "###", "#WAARDE!"] { #expect(MalformedNumberRule.isSpreadsheetError(raw), "\(raw)") }
    for raw in ["#", "#1", "# 12", "Noot #3", "REF!"] { #expect(!MalformedNumberRule.isSpreadsheetError(raw), "\(raw)") }
  }
}

@Suite struct CrossTableEvidenceTests {
  private func table(_ title: String, _ rows: [(String, String)]) -> NormalizedTable {
    Fixture.table(
      title: title, columns: [.label("Dienst"), .figure(["Uren"], .hours)],
      rows: rows.map { Fixture.Row.item($0.0, $0.1) })
  }

  @Test func crossTable_noSharedFigureAgrees_notReported() {
    let a = table("Uren per dienst", [("Poetshulp", "400"), ("Oppas", "600"), ("Klusjes", "90")])
    let b = table("Uren per dienst", [("Poetshulp", "410"), ("Oppas", "650"), ("Klusjes", "95")])
    let fails = Reconciler().reconcile(Fixture.document([a, b])).of("cross_table").failures
    #expect(fails.count == 3)
    #expect(fails.allSatisfy { $0.severity == .info })
    #expect(fails.first?.message.contains("probably two different tables") == true)
  }

  @Test func crossTable_otherSharedFiguresAgree_corroborated() throws {
    let a = table("Uren per dienst", [("Poetshulp", "400"), ("Oppas", "600"), ("Klusjes", "90")])
    let b = table("Uren per dienst", [("Poetshulp", "400"), ("Oppas", "600"), ("Klusjes", "95")])
    let fails = Reconciler().reconcile(Fixture.document([a, b])).of("cross_table").failures
    let f = try #require(fails.first)
    #expect(fails.count == 1)
    #expect(f.severity == .warning)  // the kind's configured severity caps it
    #expect(f.message.contains("holds in 2 other pairs"))
  }
}
