import TallyCore
import Testing

@testable import TallyNormalize

// Layouts met in real reports: list numbers in table cells, balance sheets with unlabelled
// subtotals, merged figure columns, budget codes that only the text flow keeps.

private func booleanSetting(_ key: String, _ value: String) -> ConfigNode {
  ConfigNode(
    value: .mapping([(key: key, value: ConfigNode(value: .scalar(value), line: 2, path: "normalize." + key))]),
    line: 1, path: "normalize")
}

// MARK: Enumerations are text

@Test(arguments: ["6.", "12.", "1990.", "2.1.", "1.5.1."])
func lex_listOrSectionNumber_isText(text: String) {
  #expect(NumberLexer().lex(text) == .text, "\(text)")
}

@Test(arguments: ["3 43,51", "1.234.", "1.23.456"])
func lex_brokenFigure_staysMalformed(text: String) {
  guard case .malformed = NumberLexer().lex(text) else {
    Issue.record("\(text) should be malformed, got \(NumberLexer().lex(text))")
    return
  }
}

@Test func normalize_enumerationColumn_givesNoFigures() {
  let table = fixtureTable("Artikel\t\n\t6.\n\t7.\n\t1990.", headerRows: 1)
  let doc = Normalizer().normalize(fixtureDocument([table]))
  #expect(doc.facts.isEmpty)
  #expect(doc.tables[0].rows.allSatisfy { $0.cells.allSatisfy { if case .malformed = $0.content { false } else { true } } })
}

// MARK: Two figures side by side

@Test func spaceGroupsDigits_columnGroupedWithDots_isFalse() {
  let lexer = NumberLexer()
  #expect(!lexer.spaceGroupsDigits(["1.121.266 1.180.922", "0 0", "18,00 18,13"]))
  #expect(!lexer.spaceGroupsDigits(["4,26 79,4%", "0 0,0%"]))
  #expect(lexer.spaceGroupsDigits(["3 543 496", "3 43,51", "826,64", "1.234"]))
}

@Test func normalize_mergedColumnsInDotGroupedColumn_areTextNotMalformed() {
  let table = fixtureTable(
    """
    Budgettaire onderbouwing\tBudget Jaarrekening
    Uitgaven\t1.121.266 1.180.922
    Ontvangsten\t0 0
    Personeel\t2024 2024
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map { $0.cells[1].content } == [.text, .text, .text])
}

@Test func normalize_spaceGroupedColumn_readsStraySpaceOrMarkerWithBothReadings() {
  let table = fixtureTable("Ziekte\tTOTAAL - FTE -\nA\t1 130,10\nB\t3 43,51", headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows[0].cells[1].number?.value == decimal("1130.10"))
  let split = rows[1].cells[1].number
  #expect(split?.value == decimal("43.51"))
  #expect(split?.unexplainedMarker != nil)
  #expect(split?.alternative == decimal("343.51"))
}

// MARK: Balance sheet roles

/// A balance sheet as a PDF extractor returns it: items of the passiva in an inner column, their
/// unlabelled subtotal in the outer one.
private let balance = fixtureTable(
  """
  Vorderingen\t\t160
  Liquide middelen\t\t487
  Som der vlottende activa\t\t647
  Totaal\t\t647
  Stichtingsvermogen\t\t-3.990
  R.C. B. Zumpolle\t4.370\t
  Overige schulden en overlopende passiva\t267\t
  \t\t4.637
  Totaal\t\t647
  """, headerRows: 0)

@Test func normalize_unlabelledRowUnderItems_isSubtotal() {
  let rows = Normalizer().normalize(fixtureDocument([balance])).tables[0].rows
  #expect(rows[7].label == "")
  #expect(rows[7].role == .subtotal)
}

@Test func normalize_totalDirectlyFollowedByTotal_staysTotal() {
  let rows = Normalizer().normalize(fixtureDocument([balance])).tables[0].rows
  // "Som der ..." and the "Totaal" right under it are both totals of the activa; only the
  // "Totaal" followed by more items before the last "Totaal" becomes a subtotal.
  #expect(rows.map(\.role) == [.item, .item, .total, .subtotal, .item, .item, .item, .subtotal, .total])
}

@Test func normalize_unlabelledSubtotalsOff_leavesItem() throws {
  var settings = NormalizeSettings()
  settings.unlabelledSubtotals = false
  let rows = Normalizer(settings: settings).normalize(fixtureDocument([balance])).tables[0].rows
  #expect(rows[7].role == .item)
  #expect(try NormalizeSettings(config: booleanSetting("unlabelled_subtotals", "false")).unlabelledSubtotals == false)
}

@Test func normalize_resultRowAfterTwoTotals_isNoTotal() {
  let table = fixtureTable(
    """
    \tBegroot 2019\tWerkelijk 2019
    INKOMSTEN\t\t
    Donaties\t1 000,00\t200,00
    Fondsen\t28 000,00\t24 550,00
    Totaal inkomsten:\t29 000,00\t24 750,00
    UITGAVEN\t\t
    Bankkosten\t100,00\t130,73
    Totaal uitgaven:\t100,00\t130,73
    RESULTAAT\t28 900,00\t24 619,27
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(row(Normalizer().normalize(fixtureDocument([table])).tables[0], "RESULTAAT")?.role == .item)
  #expect(rows.filter { $0.role == .total }.map(\.label) == ["Totaal inkomsten:", "Totaal uitgaven:"])
  #expect(!rows.contains { $0.role == .subtotal })
}

// MARK: Budget codes from the text flow

private func block(_ text: String, page: Int, top: Double, heading: Bool = false) -> TextBlock {
  TextBlock(text: text, page: page, bbox: BoundingBox(x0: 40, y0: top, x1: 500, y1: top + 12), isHeading: heading)
}

private func placed(_ title: String?, page: Int, top: Double, rows: String = "Budgettaire onderbouwing\tBudget 2024\nUitgaven\t1.234") -> ExtractedTable {
  var table = fixtureTable(rows, headerRows: 1, title: title, page: page)
  table.bbox = BoundingBox(x0: 40, y0: top, x1: 500, y1: top + 100)
  return table
}

private func codePaths(_ document: ExtractedDocument, settings: NormalizeSettings = NormalizeSettings()) -> [[String]] {
  Normalizer(settings: settings).normalize(document).tables.map { $0.codes.map { $0.code.isEmpty ? "<\($0.title ?? "")>" : $0.code } }
}

/// Headings the extractor lost (the tables carry only the last line of a wrapped heading), while
/// the text flow still holds every code line.
private let flowDocument = fixtureDocument(
  [
    placed("arbeidspact", page: 3, top: 150),
    placed("en in de toekomst", page: 3, top: 450),
    placed("hun (leer)loopbaan", page: 4, top: 85),
    placed("Acties", page: 4, top: 300), placed("Acties", page: 4, top: 420),
    placed("Acties", page: 5, top: 200),
    placed(nil, page: 6, top: 95, rows: "SD10022 -\tIedere\tGentenaar\nkinderopvang\ten onderwijs\t"),
    placed("kinderopvang", page: 6, top: 150),
  ],
  text: [
    block("SD10021 - Meer Gentenaars aan het werk", page: 3, top: 87, heading: true),
    block("Actieplan", page: 3, top: 332, heading: true),
    block("OD10039 - Beter laten aansluiten van vraag en aanbod 2020 - 2027 Groep Gent", page: 3, top: 351),
    block("en in de toekomst", page: 3, top: 366, heading: true),
    block("Acties", page: 3, top: 620, heading: true),
    block("AC34819 - Ondersteunen van schoolverlaters Dienst Activering", page: 3, top: 636),
    block("hun (leer)loopbaan", page: 3, top: 649, heading: true),
    block("Acties", page: 4, top: 260, heading: true),
    block("Acties", page: 5, top: 150, heading: true),
  ])

@Test func normalize_codeLinesInTextFlow_assignCodesInDocumentOrder() {
  let codes = codePaths(flowDocument)
  #expect(codes[0] == ["SD10021"])
  #expect(codes[1] == ["SD10021", "OD10039"])
  #expect(codes[2] == ["SD10021", "OD10039", "AC34819"])
}

@Test func normalize_actiesLineWithoutCode_opensOneUnnamedActionPerLine() {
  let codes = codePaths(flowDocument)
  // The budget and staff tables after one "Acties" line share the unnamed action; the next
  // "Acties" line opens another one.
  #expect(codes[3] == ["SD10021", "OD10039", "<Acties (after AC34819)>"])
  #expect(codes[4] == codes[3])
  #expect(codes[5] == ["SD10021", "OD10039", "<Acties (after Acties (after AC34819))>"])
}

@Test func normalize_codeLineInsideTableTop_opensItsCode() {
  let codes = codePaths(flowDocument)
  #expect(codes[6] == ["SD10022"])
  #expect(codes[7] == ["SD10022"])
}

@Test func normalize_codesFromTextOff_readsHeadingsOnly() throws {
  var settings = NormalizeSettings()
  settings.codesFromText = false
  #expect(codePaths(flowDocument, settings: settings)[1] == [])
  #expect(try NormalizeSettings(config: booleanSetting("codes_from_text", "false")).codesFromText == false)
}
