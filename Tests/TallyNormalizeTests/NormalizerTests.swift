import TallyCore
import Testing

@testable import TallyNormalize

// MARK: Two-level header

private let regioTable = fixtureTable(
  """
  MAAND\tREGIO\tREGIO\tREGIO\tREGIO\tREGIO\tTOTAAL
  \tMIDDEN\tNOORD\tWEST\tZUID\tREGIO-OVERSCHRIJDEND / CENTRAAL\t
  Januari\t99,50\t96,00\t66,50\t42,00\t6,00\t310,00
  Februari\t144,00\t166,00\t148,50\t124,50\t0,00\t583,00
  Maart\t240,00\t244,00\t345,00\t329,00\t5,00\t1163,00
  <b>TOTAAL</b>\t<b>1 758,00</b>\t<b>1 591,50</b>\t<b>1 701,50</b>\t<b>1 320,50</b>\t<b>230,00</b>\t<b>6 601,50</b>
  """, headerRows: 2, title: "AANTAL UREN GEORGANISEERDE OPLEIDINGEN PER MAAND",
  headings: ["1. HUMAN RESOURCES", "1.5.2. Vorming en opleiding aan eigen medewerkers"])

@Test func normalize_twoLevelHeader_givesColumnPaths() {
  let table = Normalizer().normalize(fixtureDocument([regioTable])).tables[0]
  #expect(table.columns.map(\.path) == [
    ["MAAND"], ["REGIO", "MIDDEN"], ["REGIO", "NOORD"], ["REGIO", "WEST"], ["REGIO", "ZUID"],
    ["REGIO", "REGIO-OVERSCHRIJDEND / CENTRAAL"], ["TOTAAL"],
  ])
  #expect(table.columns.map(\.isLabel) == [true, false, false, false, false, false, false])
  #expect(table.columns.map(\.role) == [.item, .item, .item, .item, .item, .item, .total])
  #expect(table.rows.count == 4)
}

@Test func normalize_totalRowAndColumn_giveTotalRoles() {
  let doc = Normalizer().normalize(fixtureDocument([regioTable]))
  #expect(row(doc.tables[0], "TOTAAL")?.role == .total)
  #expect(row(doc.tables[0], "Januari")?.role == .item)
  let januaryTotal = doc.facts.first { $0.row == ["Januari"] && $0.column == ["TOTAAL"] }
  #expect(januaryTotal?.role == .total)
  let januaryMidden = doc.facts.first { $0.row == ["Januari"] && $0.column == ["REGIO", "MIDDEN"] }
  #expect(januaryMidden?.role == .item)
}

@Test func normalize_everyNumericCell_becomesAFactWithItsMeaning() {
  let doc = Normalizer().normalize(fixtureDocument([regioTable]))
  #expect(doc.facts.count == 4 * 6)
  let fact = doc.facts.first { $0.row == ["TOTAAL"] && $0.column == ["REGIO", "MIDDEN"] }
  #expect(fact?.value == decimal("1758"))
  #expect(fact?.decimals == 2)
  #expect(fact?.raw == "1 758,00")
  #expect(fact?.unit.kind == .hours)
  #expect(fact?.unit.word == "UREN")
  #expect(fact?.role == .total)
  #expect(fact?.page == 1)
  #expect(fact?.rowIndex == 3)
  #expect(fact?.columnIndex == 1)
  #expect(doc.facts.allSatisfy { $0.unit.kind == .hours && $0.decimals == 2 && $0.table == 0 })
}

// MARK: Waarvan breakdown, malformed cell, units from column headers

private let personeelTable = fixtureTable(
  """
  AANTAL PERSONEELSLEDEN\tTOTAAL - KOPPEN -\tTOTAAL - FTE -
  Dienstencheques\t1777\t826,64
  Poetshulp\t2 064\t1 130,10
  <b>TOTAAL</b>\t<b>3 841</b>\t<b>1 956,74</b>
  Waarvan**:\t\t
  Ziekte < 1 maand\t390\t298,42
  Ziekte < 1 jaar\t468\t3 43,51
  """, headerRows: 1, title: "1.1. Aantal personeelsleden op 31/12/2023")

@Test func normalize_waarvanRows_areABreakdownOfTheRowAboveTheMarker() {
  let table = Normalizer().normalize(fixtureDocument([personeelTable])).tables[0]
  let totalPosition = table.rows.firstIndex { $0.label == "TOTAAL" }
  #expect(row(table, "Waarvan**:")?.kind == .waarvanMarker)
  let sick = row(table, "Ziekte < 1 maand")
  #expect(sick?.parent == totalPosition)
  #expect(sick?.role == .item)
  #expect(sick?.path == ["TOTAAL", "Ziekte < 1 maand"])
  #expect(row(table, "Poetshulp")?.parent == nil)
}

@Test func normalize_malformedCellReadAfterAnUnexplainedMarker_givesNoFact() {
  let doc = Normalizer().normalize(fixtureDocument([personeelTable]))
  let cell = row(doc.tables[0], "Ziekte < 1 jaar")?.cells[2]
  // 43,51 after marker 3, or 343,51 with a stray space: the reconciler decides.
  #expect(cell?.number?.unexplainedMarker != nil)
  #expect(cell?.number?.alternative == decimal("343.51"))
  #expect(!doc.facts.contains { $0.raw == "3 43,51" })
  #expect(doc.facts.contains { $0.raw == "468" })
}

@Test func normalize_unitWordsInColumnHeaders_givePersonsAndFTE() {
  let doc = Normalizer().normalize(fixtureDocument([personeelTable]))
  let columns = doc.tables[0].columns
  #expect(columns[1].unit == Unit(kind: .persons, word: "KOPPEN"))
  #expect(columns[2].unit == Unit(kind: .fte, word: "FTE"))
  // Both columns are "TOTAAL ..." but there is nothing beside them to add up.
  #expect(columns.map(\.role) == [.item, .item, .item])
  #expect(doc.facts.first { $0.raw == "826,64" }?.unit.kind == .fte)
}

// MARK: Group rows

private let gezinszorgTable = fixtureTable(
  """
  \tTOTAAL
  <b>PRESTATIES EN KLANTEN</b>\t
  <b>AANTAL UREN GEZINSZORG</b>\t
  Gezinszorg\t3 543 496
  Waarvan:\t
  Kraamzorg\t158 334
  Gepresteerd in CADO'S\t16 740
  \t
  <b>AANTAL KLANTEN</b>\t
  Gezinszorg\t29 551
  \t
  <b>WIE ZIJN ONZE KLANTEN?</b>\t
  Leeftijd\t57,06% = 65 jaar of ouder
  Zwaar zorgbehoevend\t44,45%
  \t
  <b>PERSONEEL</b>\t
  <b>UREN GEPRESTEERD DOOR</b>\t
  Reguliere werknemers\t3 448 432
  """, headerRows: 1, title: "2.3. Gezinszorg")

@Test func normalize_boldGroupRows_prefixRowPaths() {
  let table = Normalizer().normalize(fixtureDocument([gezinszorgTable])).tables[0]
  #expect(table.rows.first { $0.label == "PRESTATIES EN KLANTEN" }?.kind == .group)
  #expect(table.rows.first { $0.label == "Gezinszorg" }?.path == ["PRESTATIES EN KLANTEN", "AANTAL UREN GEZINSZORG", "Gezinszorg"])
  #expect(table.rows.last { $0.label == "Gezinszorg" }?.path == ["AANTAL KLANTEN", "Gezinszorg"])
  #expect(row(table, "Reguliere werknemers")?.path == ["PERSONEEL", "UREN GEPRESTEERD DOOR", "Reguliere werknemers"])
  #expect(row(table, "Leeftijd")?.kind == .note)
  #expect(row(table, "Kraamzorg")?.path == ["PRESTATIES EN KLANTEN", "AANTAL UREN GEZINSZORG", "Gezinszorg", "Kraamzorg"])
}

@Test func normalize_groupAndRowWords_giveRowUnits() {
  let doc = Normalizer().normalize(fixtureDocument([gezinszorgTable]))
  func unit(_ raw: String) -> UnitKind? { doc.facts.first { $0.raw == raw }?.unit.kind }
  #expect(unit("3 543 496") == .hours)
  #expect(unit("158 334") == .hours)
  #expect(unit("29 551") == .clients)
  #expect(unit("44,45%") == .percent)
  #expect(unit("3 448 432") == .hours)
  #expect(doc.facts.count == 6)
}

// MARK: Budget tables

private let budgetHeadings = [
  "Overzicht van alle beleidsdoelstellingen", "Beleidsdoelstelling SD10021", "Actieplan",
  "OD10039 - Beter laten aansluiten van vraag en aanbod", "Acties",
  "AC34819 - Ondersteunen van schoolverlaters",
]

private func budgetTable(headings: [String]) -> ExtractedTable {
  fixtureTable(
    """
    Budgettaire onderbouwing\t\tBudget 2024\tJaarrekening 2024\t% Besteding budget 2024
    Exploitatie\tUitgaven\t532.427\t231.087\t43,4%
    \tOntvangsten\t343.962\t264.416\t76,9%
    Investering\tUitgaven\t0\t0\t0,0%
    \tOntvangsten\t0\t0\t0,0%
    """, headerRows: 1, headings: headings)
}

@Test func normalize_codeHeadings_giveCodeHierarchy() {
  let table = Normalizer().normalize(fixtureDocument([budgetTable(headings: budgetHeadings)])).tables[0]
  #expect(table.codes.map(\.code) == ["SD10021", "OD10039", "AC34819"])
  #expect(table.codes.map(\.level) == [1, 2, 3])
  #expect(table.codes[1].title == "Beter laten aansluiten van vraag en aanbod")
}

@Test func normalize_actiesHeadingWithoutCode_givesUnnamedAction() {
  let headings = Array(budgetHeadings.prefix(5))
  let table = Normalizer().normalize(fixtureDocument([budgetTable(headings: headings)])).tables[0]
  #expect(table.codes == [
    BudgetCode(code: "SD10021", level: 1), BudgetCode(code: "OD10039", level: 2, title: "Beter laten aansluiten van vraag en aanbod"),
    BudgetCode(code: "", level: 3, title: "Acties"),
  ])
}

@Test func normalize_tablesTitledByOneCode_inheritCodesInDocumentOrder() {
  let titles = [
    "SD10021 - Meer werk", "OD10039 - Vraag en aanbod", "AC34819 - Schoolverlaters", "ACD3411 - Extra inspanningen",
    "Acties", "Acties", "PR40005 - Vernieuwbouw", "OD10040 - Trap naar werk", "Acties",
  ]
  let tables = titles.map { title in
    fixtureTable("Budgettaire onderbouwing\tBudget 2024\nUitgaven\t1.234", headerRows: 1, title: title)
  }
  let codes = Normalizer().normalize(fixtureDocument(tables)).tables.map { $0.codes.map { $0.code.isEmpty ? "<\($0.title ?? "")>" : $0.code } }
  #expect(codes == [
    ["SD10021"], ["SD10021", "OD10039"], ["SD10021", "OD10039", "AC34819"], ["SD10021", "OD10039", "ACD3411"],
    ["SD10021", "OD10039", "<Acties (after ACD3411)>"], ["SD10021", "OD10039", "<Acties (after ACD3411)>"],
    ["SD10021", "OD10039", "PR40005"], ["SD10021", "OD10040"], ["SD10021", "OD10040", "<Acties>"],
  ])
}

@Test func normalize_blankUpperLabel_carriedDown() {
  let doc = Normalizer().normalize(fixtureDocument([budgetTable(headings: budgetHeadings)]))
  let table = doc.tables[0]
  #expect(table.columns.map(\.isLabel) == [true, true, false, false, false])
  #expect(table.rows.map(\.path) == [
    ["Exploitatie", "Uitgaven"], ["Exploitatie", "Ontvangsten"], ["Investering", "Uitgaven"],
    ["Investering", "Ontvangsten"],
  ])
  let received = doc.facts.first { $0.row == ["Exploitatie", "Ontvangsten"] && $0.column == ["Budget 2024"] }
  #expect(received?.value == decimal("343962"))
  #expect(received?.unit.kind == .eur)
  let percent = doc.facts.first { $0.raw == "76,9%" }
  #expect(percent?.unit.kind == .percent)
  #expect(percent?.value == decimal("76.9"))
}

// MARK: Number style per column

@Test func normalize_englishColumn_readsCommaAsGroupSeparator() {
  let table = fixtureTable(
    """
    Item\tAmount\tShare
    Grants\t60,529.08\t1,5
    Gifts\t1,234\t2,5
    <b>Total</b>\t<b>61,763.08</b>\t<b>4</b>
    """, headerRows: 1, title: "Income")
  let doc = Normalizer().normalize(fixtureDocument([table]))
  #expect(doc.facts.first { $0.raw == "1,234" }?.value == decimal("1234"))
  #expect(doc.facts.first { $0.raw == "1,234" }?.decimals == 0)
  // The other column has decimal commas: Dutch, so "1,5" is one and a half.
  #expect(doc.facts.first { $0.raw == "1,5" }?.value == decimal("1.5"))
  #expect(row(doc.tables[0], "Total")?.role == .total)
}

// MARK: Subtotals, indentation, scale notes, inferred headers

@Test func normalize_totalFollowedByItemsAndTotal_isSubtotal() {
  let table = fixtureTable(
    """
    \t2023
    Subsidies\t100
    Giften\t50
    Totaal inkomsten\t150
    Huur\t40
    Totaal\t190
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map(\.role) == [.item, .item, .subtotal, .item, .total])
}

@Test func normalize_subTotaalWrittenAsTwoWords_isSubtotal() {
  let table = fixtureTable(
    """
    \t2024
    Hondenbelasting\t200
    Marktrechten\t34
    sub totaal opbrengst\t234
    af: kwijtscheldingen\t-4
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map(\.role) == [.item, .item, .subtotal, .item])
}

@Test func normalize_boldUnlabelledLastRow_isTotalUnderLabelledItems() {
  let table = fixtureTable(
    """
    \t2024
    Huur\t40
    Bank\t2
    \t<b>42</b>
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map(\.role) == [.item, .item, .total])
}

@Test func normalize_boldUnlabelledLastRow_inAGridOfBareFigures_staysAnItem() {
  // Map labels read as a table: no row has a label, so nothing says the last one is a sum.
  let table = fixtureTable(
    """
    \ta\tb
    \t9\t9
    \t8\t8
    \t<b>10</b>\t<b>10</b>
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(!rows.contains { $0.role == .total })
}

@Test func normalize_indentedRows_takeThePathOfTheLessIndentedRow() {
  let table = fixtureTable(
    """
    \tBedrag
    Personeelskosten\t100
    >Lonen\t60
    >Sociale lasten\t40
    Huur\t20
    """, headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map(\.parent) == [nil, nil, nil, nil])
  #expect(rows.map(\.path) == [["Personeelskosten"], ["Personeelskosten", "Lonen"], ["Personeelskosten", "Sociale lasten"], ["Huur"]])
}

@Test func normalize_tableOfContentsRows_areNotesWithoutFacts() {
  let table = fixtureTable(
    """
    1. Personeel .....\t4
    >1.1. Aantal medewerkers .....\t5
    >1.2. Opleidingen …\t9
    """, headerRows: 0, title: "INHOUD")
  let doc = Normalizer().normalize(fixtureDocument([table]))
  #expect(doc.tables[0].rows.map(\.kind) == [.note, .note, .note])
  #expect(doc.facts.isEmpty)
}

@Test func normalize_scaleNoteInTitle_multipliesFigures() {
  let table = fixtureTable(
    """
    \tBegroting\tRekening
    Subsidies\t1.234\t2,5
    """, headerRows: 1, title: "Baten (bedragen in duizend euro)")
  let doc = Normalizer().normalize(fixtureDocument([table]))
  let fact = doc.facts.first { $0.raw == "1.234" }
  #expect(fact?.value == decimal("1234000"))
  #expect(fact?.decimals == -3)
  #expect(fact?.unit.kind == .eur)
  #expect(doc.facts.first { $0.raw == "2,5" }?.value == decimal("2500"))
}

@Test func normalize_noMarkedHeaderRows_infersThem() {
  let table = fixtureTable(
    """
    LOCATIE\tNIEUWE WERKNEMERS\t2023
    Aalst 1\t1\t0
    Brugge\t5\t0
    <b>TOTAAL</b>\t<b>6</b>\t<b>0</b>
    """, headerRows: 0)
  let normalized = Normalizer().normalize(fixtureDocument([table])).tables[0]
  #expect(normalized.headerRowCount == 1)
  #expect(normalized.columns.map(\.path) == [["LOCATIE"], ["NIEUWE WERKNEMERS"], ["2023"]])
  #expect(normalized.rows.map(\.label) == ["Aalst 1", "Brugge", "TOTAAL"])
}

@Test func normalize_noteInCell_keptOnFact() {
  let table = fixtureTable(
    """
    LOCATIE\tSTARTERS 3030
    Antwerpen 2\t2 (1 EXTERN)
    Brugge\t1
    """, headerRows: 1)
  let fact = Normalizer().normalize(fixtureDocument([table])).facts.first
  #expect(fact?.value == decimal("2"))
  #expect(fact?.note == "1 EXTERN")
}

// MARK: Stated figures

private struct StatedCase: Sendable, CustomTestStringConvertible {
  var id: String
  var text: String
  /// raw, value, unit of each figure expected, in order.
  var expected: [(String, String, UnitKind)]
  var testDescription: String { id }
}

private let statedCases: [StatedCase] = [
  StatedCase(
    id: "hours in a sentence",
    text: "Met andere woorden: in 2023 zijn er voor onze medewerkers in totaal 6 601,50 uren interne bijeenkomsten georganiseerd.",
    expected: [("6 601,50", "6601.5", .hours)]),
  StatedCase(
    id: "two figures, year skipped",
    text: "In 2023 werden er in het totaal 160 494 uren formele en 156 447 uren informele opleidingen gevolgd.",
    expected: [("160 494", "160494", .hours), ("156 447", "156447", .hours)]),
  StatedCase(
    id: "persons and percent",
    text: "Het hart zijn onze 10 891 medewerkers. Het verzuim daalde met meer dan 10%.",
    expected: [("10 891", "10891", .persons), ("10%", "10", .percent)]),
  StatedCase(
    id: "scale word then unit",
    text: "2,8 miljoen kosten",
    expected: [("2,8 miljoen", "2800000", .eur)]),
  StatedCase(
    id: "signed percent",
    text: "Groei van +1.97% t.o.v. 2022",
    expected: [("+1.97%", "1.97", .percent)]),
  StatedCase(
    id: "dates and codes are no figures",
    text: "Aantal personeelsleden op 31/12/2023 onder SD10021 met 3030'ers.",
    expected: []),
]

@Test(arguments: statedCases)
private func normalize_sentenceFigures_becomeStatedFigures(_ c: StatedCase) {
  let doc = Normalizer().normalize(fixtureDocument([], text: [TextBlock(text: c.text, page: 4)]))
  #expect(doc.statements.map(\.raw) == c.expected.map(\.0))
  for (statement, expected) in zip(doc.statements, c.expected) {
    #expect(statement.number.value == decimal(expected.1))
    #expect(statement.unit.kind == expected.2)
    #expect(statement.page == 4)
  }
}

@Test func normalize_headingText_givesNoStatedFigures() {
  let doc = Normalizer().normalize(
    fixtureDocument([], text: [TextBlock(text: "1.1. Aantal uren 2023", page: 1, isHeading: true)]))
  #expect(doc.statements.isEmpty)
}

@Test func normalize_percentAfterAFigureInAHeader_isNoUnitOfTheColumn() {
  // Growth rates printed as header rows ("1,0 % - 1,1 %") over amounts in millions: the % signs
  // belong to those rates, so the column takes the title's unit; a bare "(%)" still names one.
  let table = fixtureTable(
    "\t1,0 % - 1,1 %\tAandeel (%)\nGewestmiddelen\t3.728,0\t10,7\nGemeenschapsmiddelen\t31.096,3\t89,3",
    headerRows: 1, title: "Vergelijking (in miljoen euro)")
  let doc = Normalizer().normalize(fixtureDocument([table]))
  #expect(doc.tables[0].columns[1].unit.kind == .eur)
  #expect(doc.tables[0].columns[2].unit.kind == .percent)
}

@Test func normalize_sectionHeadingNamingPeople_doesNotMakeTablesBelowItHeadCounts() {
  let text = """
    \t2025\t2024
    Vaste activa\t1 812 432\t1 790 210
    Vlottende activa\t4 311 595\t4 020 118
    """
  func unitOfFirstFigure(title: String, headings: [String]) -> UnitKind? {
    let table = fixtureTable(text, headerRows: 1, title: title, headings: headings)
    return Normalizer().normalize(fixtureDocument([table])).facts.first { $0.raw == "1 812 432" }?.unit.kind
  }
  // The chapter's subject is not what the balance counts.
  #expect(unitOfFirstFigure(title: "Balans", headings: ["2. Cliënten en gebruikers"]) == .number)
  // The table's own title still names who is counted; a heading still gives a measure.
  #expect(unitOfFirstFigure(title: "Cliënten per regio", headings: ["2. Werking"]) == .clients)
  #expect(unitOfFirstFigure(title: "Per afdeling", headings: ["2. Gepresteerde uren"]) == .hours)
}

// MARK: Carried rows

@Test func normalize_rowsCarriedOverAPageBreak_getTheCarriedRoleWhateverTheirLabel() {
  var table = fixtureTable(
    """
    Post\t2024
    Huur\t10
    Subtotaal (over te brengen)\t10
    Transport\t10
    Rente\t4
    Totaal\t14
    """, headerRows: 1, title: "Lasten")
  table.rows[2].isCarried = true
  table.rows[3].isCarried = true
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map(\.role) == [.item, .carried, .carried, .item, .total])
}

@Test func normalize_itemsPrintingTheSameFiguresOverAPageBreak_keepTheirRoles() {
  var table = fixtureTable(
    """
    Post\t2024
    Huur\t10
    Subsidie A\t6
    Subsidie B\t6
    Totaal\t22
    """, headerRows: 1, title: "Lasten")
  table.rows[2].isCarried = true
  table.rows[3].isCarried = true
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  #expect(rows.map(\.role) == [.item, .item, .item, .total])
}
