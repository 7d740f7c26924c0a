import Testing
import TallyCore
@testable import TallyExtractPDF

// Table titles from headings, on synthesised words: no PDF involved.

/// One word per (text, x) on the line starting at `y`, set in `size` points: the box is `size`
/// high and each character half as wide.
private func words(_ cells: [(String, Double)], y: Double, size: Double = 10, bold: Bool = false, color: UInt32 = 0)
  -> [Word]
{
  let font = FontStyle(name: bold ? "DejaVuSans-Bold" : "DejaVuSans", size: size, color: color)
  var out: [Word] = []
  for (text, x) in cells {
    var cx = x
    for part in text.split(separator: " ") {
      let w = 0.5 * size * Double(part.count)
      out.append(Word(text: String(part), box: BoundingBox(x0: cx, y0: y, x1: cx + w, y1: y + size), font: font))
      cx += w + 0.25 * size
    }
  }
  return out
}

private func headings(_ items: [PageItem]) -> [String] {
  items.compactMap { item -> String? in
    if case .block(let b) = item, b.isHeading { return b.text }
    return nil
  }
}

private func heading(_ text: String, page: Int, y: Double, size: Double) -> (page: Int, item: PageItem) {
  (page, .block(LineBlock(
    text: text, box: BoundingBox(x0: 60, y0: y, x1: 300, y1: y + size), isHeading: true, size: size, isBold: true,
    page: page)))
}

private func twoColumnTable(page: Int) -> (page: Int, item: PageItem) {
  let rows = [["Plaatsen", "58"], ["Leeftijd", "91"]].map { $0.map { GridCell(text: $0, box: nil, isBold: false) } }
  return (page, .table(PageTable(
    page: page, box: BoundingBox(x0: 50, y0: 80, x1: 500, y1: 120), columns: [50...200, 400...500], rows: rows,
    rowBoxes: rows.map { _ in BoundingBox(x0: 50, y0: 80, x1: 500, y1: 90) }, indents: [0, 0], headerRowCount: 0,
    kind: .stream)))
}

@Test func pageToItems_sectionNumberSetAboveHeading_numberLeadsTheHeading() {
  var ws = words([("4", 60)], y: 180, size: 100, bold: true)
  ws += words([("WOONZORG", 60)], y: 320, size: 30, bold: true)
  ws += words([("Body text that runs on for a good many words in one paragraph here.", 60)], y: 400)
  let items = pageToItems(words: ws, rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(headings(items) == ["4. WOONZORG"])
}

@Test func pageToItems_largeFigureBeforeProse_noHeadingMade() {
  var ws = words([("1973", 60)], y: 100, size: 30, bold: true)
  ws += words([("Body text that runs on for a good many words in one paragraph here.", 60)], y: 140)
  let items = pageToItems(words: ws, rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(headings(items).isEmpty)
}

@Test func itemsToDocument_pageOfHeadingsOnly_firstHeadingTitlesTheChapter() {
  // A chapter divider: title, then a larger slogan and a logo; the table follows on the next page.
  let items = [
    heading("4. WOONZORG", page: 23, y: 320, size: 30), heading("ie is i- mens", page: 23, y: 400, size: 33),
    heading("imens", page: 23, y: 540, size: 20), twoColumnTable(page: 24),
  ]
  let doc = itemsToDocument(items, bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.map(\.title) == ["4. WOONZORG"])
}

@Test func itemsToDocument_pageWithTextAndHeadings_everyHeadingCounts() {
  let prose = LineBlock(
    text: "Body text that runs on for a good many words.", box: BoundingBox(x0: 60, y0: 200, x1: 500, y1: 210),
    isHeading: false, size: 10, isBold: false, page: 5)
  let items = [
    heading("3. KINDERZORG", page: 5, y: 50, size: 20), heading("3.1. Kinderopvang", page: 5, y: 100, size: 14),
    (5, .block(prose)), twoColumnTable(page: 5),
  ]
  let doc = itemsToDocument(items, bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.map(\.title) == ["3.1. Kinderopvang"])
}

@Test func pageToItems_titleInRuledBand_readAsHeadingNotTable() {
  // A title set in a filled bar whose edges and letter gaps were read as a grid.
  let ws = words([("SD10022 -", 62), ("Iedere", 160), ("Gentenaar", 230)], y: 90, size: 15, bold: true)
    + words([("Body text that runs on for a good many words in one paragraph here.", 60)], y: 160)
  let rulings = [
    Ruling(axis: .horizontal, position: 85, start: 60, end: 320),
    Ruling(axis: .horizontal, position: 110, start: 60, end: 320),
    Ruling(axis: .vertical, position: 60, start: 85, end: 110),
    Ruling(axis: .vertical, position: 150, start: 85, end: 110),
    Ruling(axis: .vertical, position: 220, start: 85, end: 110),
    Ruling(axis: .vertical, position: 320, start: 85, end: 110),
  ]
  let items = pageToItems(words: ws, rulings: rulings, page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(!items.contains { if case .table = $0 { return true } else { return false } })
  #expect(headings(items).count == 1)
  #expect(headings(items).first?.hasPrefix("SD10022") == true)
}

@Test func pageToItems_ruledTableOfBodyText_staysTable() {
  let ws = words([("Naam", 62), ("Dienst", 160)], y: 90) + words([("Jan", 62), ("Werk", 160)], y: 115)
  let rulings = [
    Ruling(axis: .horizontal, position: 85, start: 60, end: 320),
    Ruling(axis: .horizontal, position: 110, start: 60, end: 320),
    Ruling(axis: .horizontal, position: 135, start: 60, end: 320),
    Ruling(axis: .vertical, position: 60, start: 85, end: 135),
    Ruling(axis: .vertical, position: 150, start: 85, end: 135),
    Ruling(axis: .vertical, position: 320, start: 85, end: 135),
  ]
  let items = pageToItems(words: ws, rulings: rulings, page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(items.contains { if case .table = $0 { return true } else { return false } })
}

@Test func joinWrappedLines_wordBrokenAtHyphen_joinedDashApartKeepsSpace() {
  #expect(joinWrappedLines("zorg voor VAPH-", "bewoners") == "zorg voor VAPH-bewoners")
  #expect(joinWrappedLines("SD10022 -", "Iedere Gentenaar") == "SD10022 - Iedere Gentenaar")
  #expect(joinWrappedLines("Postmobiel", "wonen") == "Postmobiel wonen")
}

@Test func headingMainPart_longOwnerNoteWithStatus_leftOut() throws {
  // Code and title, then status, phase, period and a long owner at the right.
  let ws = words([("PR40823 - Postmobiel", 45)], y: 0, size: 9, bold: true, color: 0x00587A)
    + words([("Afgewerkt", 176), ("Nazorg", 222), ("2020 - 2023", 258),
             ("Beleidscel Precair verblijf, opvang en overgang naar wonen (POOW)", 311)], y: 0, size: 8, color: 0x51626C)
  let line = try #require(wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6).first)
  let main = try #require(headingMainPart(line, settings: PDFTableSettings()))
  #expect(main.text == "PR40823 - Postmobiel")
}

@Test func isTableLine_justifiedProseWithSomeWordsLeftTogether_isNot() throws {
  // Gaps stretched just past the cell gap (6.5 pt at 10 pt), one run of words set a little
  // tighter: still one line of prose, not a row of seven cells.
  var ws: [Word] = []
  var x = 10.0
  for (w, gapAfter) in [("Administratieve", 6.5), ("centralisatie", 6.5), ("onder", 6.5), ("de", 6.5),
                        ("bevoegdheid", 3.0), ("van", 3.0), ("de", 6.5), ("directeurscoach", 6.5), ("basisonderwijs", 0)] {
    ws += words([(w, x)], y: 0)
    x += 5 * Double(w.count) + gapAfter
  }
  let line = try #require(wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(line.chunks.count == 7)
  #expect(!isTableLine(line, settings: PDFTableSettings()))
  // Labels of several words with wide, equal gaps between columns still make a row.
  let header = words([("Plan 2024", 10), ("Betaald 2024", 80), ("Besteding plan", 170), ("Betaald 2023", 265),
                      ("Verschil t.o.v.", 355)], y: 0)
  let row = try #require(wordsToLines(header, overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(row.chunks.count == 5)
  #expect(isTableLine(row, settings: PDFTableSettings()))
}

@Test func pageToItems_boldWordAfterProseInItsStyle_notAHeading() {
  // An action heading, its description, then a bold word set as a paragraph of the description.
  var ws = words([("AC1 - Subsidie werkervaring", 45)], y: 0, size: 12, bold: true, color: 0x00587A)
  ws += words([("Technische activiteit rond compensatievergoeding voor werkgevers", 45)], y: 20, color: 0x1D2B33)
  ws += words([("Acties", 45)], y: 38, bold: true, color: 0x1D2B33)
  let items = pageToItems(words: ws, rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(headings(items) == ["AC1 - Subsidie werkervaring"])
  // The same word in a label style of its own stays a heading.
  var labelled = words([("Body text that runs on for a good many words here.", 45)], y: 0, color: 0x1D2B33)
  labelled += words([("Acties", 45)], y: 18, size: 7, bold: true, color: 0x00587A)
  let other = pageToItems(words: labelled, rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(headings(other) == ["Acties"])
}

@Test func linesToRegions_groupLabelAfterCountLikeAYear_startsSecondTable() {
  // Two label-headed tables stacked; the first ends on a count of 1538, which is no year.
  var ws = words([("GROEPSACTIVITEITEN", 56)], y: 0, size: 7, bold: true, color: 0x0B5D6B)
  ws += words([("Geplande activiteiten", 56), ("222", 500)], y: 16, size: 8)
  ws += words([("Bereikte ouders", 56), ("1538", 495)], y: 34, size: 8)
  ws += words([("VRAGEN VAN OUDERS", 56)], y: 54, size: 7, bold: true, color: 0x0B5D6B)
  ws += words([("Consult", 56), ("79", 505)], y: 70, size: 8)
  ws += words([("Telefonisch", 56), ("4", 510)], y: 88, size: 8)
  let lines = wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6)
  let regions = linesToRegions(lines, bodySize: 8, settings: PDFTableSettings())
  #expect(regions.map(\.lines) == [1..<3, 4..<6])
  #expect(textIsYear("2023") && textIsYear("1998"))
  #expect(!textIsYear("1538") && !textIsYear("2777"))
}

@Test func pageToItems_continuationPageHeaderAndWrappedLastCell_inTheTable() {
  // Top of a continuation page: the column head stands 17 pt over a group label, which stands
  // 1.55 em over the first row; the last row's figure cell wraps onto a line of its own.
  var ws = words([("TOTAAL", 476)], y: 0, size: 7, bold: true, color: 0x0B5D6B)
  ws += words([("GESLACHT", 56)], y: 24, size: 8, bold: true)
  ws += words([("Professionele oppashulp", 56), ("79,30% = 65 jaar", 440)], y: 44.4, size: 8)
  ws += words([("Vrijwillige oppashulp", 56), ("84,61% = 65 jaar", 440)], y: 63, size: 8)
  ws += words([("58,2 % = 80 jaar", 442)], y: 81.5, size: 8)
  ws += words([("Body text that runs on for a good many words in one paragraph here.", 56)], y: 140, size: 8)
  let items = pageToItems(words: ws, rulings: [], page: 17, bodySize: 8, settings: PDFTableSettings())
  let tables = items.compactMap { item -> PageTable? in
    if case .table(let t) = item { return t }
    return nil
  }
  #expect(tables.count == 1)
  #expect(tables.first?.rows.map { $0.map(\.text) } == [
    ["", "TOTAAL"], ["GESLACHT", ""], ["Professionele oppashulp", "79,30% = 65 jaar"],
    ["Vrijwillige oppashulp", "84,61% = 65 jaar"], ["", "58,2 % = 80 jaar"],
  ])
}

@Test func regionToTable_boldHeaderLineWithCodeLikeAFigure_staysInTheHeader() throws {
  // The header's second line holds "3030" (a project's name) among its bold column heads.
  var ws = words([("PERIODE", 100), ("STARTERS", 200), ("STARTERS", 300)], y: 0, size: 7, bold: true)
  ws += words([("LOCATIE", 56), ("(INCL. ZK)", 100), ("ZOEKENDEN", 200), ("3030", 300)], y: 9, size: 7, bold: true)
  ws += words([("Aalst 1", 56), ("07/03/2022", 100), ("14", 200), ("0", 300)], y: 26, size: 7)
  ws += words([("Aalst 2", 56), ("26/09/2022", 100), ("21", 200), ("1", 300)], y: 44, size: 7)
  let lines = wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6)
  let t = try #require(regionToTable(lines, page: 9, bodySize: 8, settings: PDFTableSettings()))
  #expect(t.headerRowCount == 1)
  #expect(t.rows.first?.map(\.text) == ["LOCATIE", "PERIODE (INCL. ZK)", "STARTERS ZOEKENDEN", "STARTERS 3030"])
}

@Test func lineIsPageNumber_dateAtFootOfPage_isNot() throws {
  let date = try #require(wordsToLines(words([("23/11/2023", 103)], y: 757), overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(!lineIsPageNumber(date))
  let page = try #require(wordsToLines(words([("12/30", 290)], y: 780), overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(lineIsPageNumber(page))
}

@Test func pageToItems_labelWrappedUnderLastRow_joinsItsLabel() {
  var ws = words([("januari", 84), ("februari", 140)], y: 0, size: 7, bold: true)
  ws += words([("ALL", 56.5), ("81,60%", 84), ("86,40%", 140)], y: 17, size: 7)
  ws += words([("UCC", 56.5)], y: 27.5, size: 7)
  ws += words([("Body text that runs on for a good many words in one paragraph here.", 56)], y: 70, size: 8)
  let items = pageToItems(words: ws, rulings: [], page: 28, bodySize: 8, settings: PDFTableSettings())
  let rows = items.compactMap { item -> [[String]]? in
    if case .table(let t) = item { return t.rows.map { $0.map(\.text) } }
    return nil
  }
  #expect(rows == [[["", "januari", "februari"], ["ALL UCC", "81,60%", "86,40%"]]])
}

@Test func rowToTableCells_spanningBodyCellOnceHeaderCellRepeated() {
  let wide = GridCell(text: "Gemiddelde van 29 per regio", box: nil, isBold: false, span: 2)
  let body = [GridCell(text: "Opgenomen", box: nil, isBold: false), wide, wide, .empty]
  #expect(rowToTableCells(body, isBody: true).map(\.text) == ["Opgenomen", "Gemiddelde van 29 per regio", "", ""])
  #expect(rowToTableCells(body, isBody: true)[1].columnSpan == 2)
  let head = GridCell(text: "IN DIENST", box: nil, isBold: true, span: 2)
  #expect(rowToTableCells([.empty, head, head], isBody: false, figureColumns: [1, 2]).map(\.text)
    == ["", "IN DIENST", "IN DIENST"])
}

@Test func itemsToDocument_headingWrappedOverPageBreak_oneTitle() {
  let items = [
    heading("ACC2410 - Aanbieden van hulp in Welzijnsbureau Ledeberg", page: 77, y: 800, size: 9),
    heading("(hulpverleners)", page: 78, y: 57, size: 9), twoColumnTable(page: 78),
  ]
  let doc = itemsToDocument(items, bodySize: 8, settings: PDFTableSettings())
  #expect(doc.tables.map(\.title) == ["ACC2410 - Aanbieden van hulp in Welzijnsbureau Ledeberg (hulpverleners)"])
  // A heading of its own at the top of the next page replaces the one before.
  let other = itemsToDocument(
    [heading("4. WOONZORG", page: 22, y: 800, size: 9), heading("5. SERVICE", page: 23, y: 57, size: 9),
     twoColumnTable(page: 23)], bodySize: 8, settings: PDFTableSettings())
  #expect(other.tables.map(\.title) == ["5. SERVICE"])
}

@Test func rowToTableCells_headerCellOverLabelColumnsOnly_standsOnce() {
  let stub = GridCell(text: "Budgettaire onderbouwing", box: nil, isBold: true, span: 2)
  let budget = GridCell(text: "Budget 2024", box: nil, isBold: true)
  #expect(rowToTableCells([stub, stub, budget], isBody: false, figureColumns: [2]).map(\.text)
    == ["Budgettaire onderbouwing", "", "Budget 2024"])
}

@Test func regionToTable_longLabelHeadOverTwoLabelColumns_oneHeaderRow() throws {
  // The head of the label columns reaches past the middle of the second label column; the
  // figure columns' heads wrap onto a second line. Figures are right-aligned.
  var ws = words([("Budgettaire onderbouwning", 49), ("Budget", 239), ("Rekening", 312)], y: 0, size: 7, bold: true)
  ws += words([("2024", 246), ("2024", 326)], y: 7.5, size: 7, bold: true)
  ws += words([("Exploitatie", 49), ("Uitgaven", 105), ("43.626", 236), ("37.433", 316)], y: 16, size: 8)
  ws += words([("Ontvangsten", 105), ("17.290", 236), ("16.035", 316)], y: 32, size: 8)
  ws += words([("Investering", 49), ("Uitgaven", 105), ("0", 256), ("0", 336)], y: 48, size: 8)
  let lines = wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6)
  let t = try #require(regionToTable(lines, page: 8, bodySize: 8, settings: PDFTableSettings()))
  #expect(t.headerRowCount == 1)
  #expect(t.rows[0].map(\.span) == [2, 2, 1, 1])
  #expect(t.rows[0].map(\.text).suffix(2) == ["Budget 2024", "Rekening 2024"])
}

@Test func regionToTable_labelBrokenAtHyphenOnTightLine_oneRow() throws {
  // A continuation page: too few rows to learn the row spacing from, but "Sint-" over "Niklaas"
  // set tightly is one label, and its period wraps with it.
  var ws = words([("Sint-", 56), ("12/09/2022 -", 103), ("9", 200), ("6", 260)], y: 0, size: 7)
  ws += words([("Niklaas", 56), ("07/09/2023", 103)], y: 9.5, size: 7)
  ws += words([("TOTAAL", 56), ("147", 192), ("34", 256)], y: 26, size: 7, bold: true)
  let lines = wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6)
  let t = try #require(regionToTable(lines, page: 10, bodySize: 8, settings: PDFTableSettings()))
  #expect(t.rows.map { $0.map(\.text) } == [
    ["Sint-Niklaas", "12/09/2022 - 07/09/2023", "9", "6"], ["TOTAAL", "", "147", "34"],
  ])
}

@Test func pageToItems_numberedParagraphs_textNotTable() {
  var ws = words([("6.", 50), ("deelautoplaats: parkeerplaats aangewezen voor het parkeren", 80)], y: 0)
  ws += words([("deelauto.", 80)], y: 14)
  ws += words([("7.", 50), ("motorvoertuig: hetgeen daaronder wordt verstaan in het RVV", 80)], y: 34)
  ws += words([("1990.", 80)], y: 48)
  ws += words([("8.", 50), ("parkeren: het gedurende een aangesloten periode", 80)], y: 68)
  let items = pageToItems(words: ws, rulings: [], page: 2, bodySize: 10, settings: PDFTableSettings())
  #expect(!items.contains { if case .table = $0 { return true } else { return false } })
  #expect(textIsListMarker("12.") && textIsListMarker("a)") && !textIsListMarker("A.") && !textIsListMarker("1234."))
}

@Test func pageToItems_numberedRowsWithFigures_stayATable() {
  var ws = words([("1.", 50), ("Omzet", 80), ("1.234", 300)], y: 0)
  ws += words([("2.", 50), ("Kosten", 80), ("987", 305)], y: 16)
  ws += words([("3.", 50), ("Resultaat", 80), ("247", 305)], y: 32)
  let items = pageToItems(words: ws, rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  #expect(items.contains { if case .table = $0 { return true } else { return false } })
}

@Test func headingMainPart_codeBeforeShortTitle_noteLeftOut() throws {
  let head = FontStyle(name: "DejaVuSans-Bold", size: 10, color: 0x00587A)
  let note = FontStyle(name: "DejaVuSans", size: 10, color: 0x51626C)
  var ws = glyphsToWordsRow([("PO10044", 45), ("Offerlaan", 110)], font: head)
  ws += glyphsToWordsRow([("2020 - 2027", 400), ("Groep Gent", 480)], font: note)
  let line = try #require(wordsToLines(ws, overlap: 0.5, chunkGapEm: 0.6).first)
  let main = try #require(headingMainPart(line, settings: PDFTableSettings()))
  #expect(headingText(main) == "PO10044 - Offerlaan")
  // Without a code, two words before a note are too few to tell a heading from a table row.
  var row = glyphsToWordsRow([("Totaal", 45), ("kosten", 110)], font: head)
  row += glyphsToWordsRow([("Dienst Werk", 400)], font: note)
  let plain = try #require(wordsToLines(row, overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(headingMainPart(plain, settings: PDFTableSettings()) == nil)
}

/// Words of one line in `font`, 5 pt per character on [0, 10].
private func glyphsToWordsRow(_ cells: [(String, Double)], font: FontStyle) -> [Word] {
  var out: [Word] = []
  for (text, x) in cells {
    var cx = x
    for part in text.split(separator: " ") {
      let w = 5 * Double(part.count)
      out.append(Word(text: String(part), box: BoundingBox(x0: cx, y0: 0, x1: cx + w, y1: 10), font: font))
      cx += w + 3
    }
  }
  return out
}

@Test func joinDetachedSigns_minusSetApartFromAmount_joinedColumnOfDashesLeftAlone() {
  func cell(_ s: String) -> GridCell { GridCell(text: s, box: nil, isBold: false) }
  let rows = [
    [cell(""), cell("Begroot"), cell(""), cell("Werkelijk")],
    [cell("Bankkosten"), cell("-"), cell(""), cell("130,73")],
    [cell("Reiskosten"), cell("-"), cell(""), cell("197,59")],
    [cell("Resultaat"), cell("-"), cell("-"), cell("935,00")],
  ]
  let t = PageTable(
    page: 2, box: BoundingBox(x0: 50, y0: 80, x1: 500, y1: 140), columns: [50...150, 200...260, 300...310, 400...500],
    rows: rows, rowBoxes: rows.map { _ in BoundingBox(x0: 50, y0: 80, x1: 500, y1: 90) }, indents: [0, 0, 0, 0],
    headerRowCount: 1, kind: .stream)
  let joined = joinDetachedSigns(t)
  // Column 1 is dashes in every row (zero): kept. Column 2 holds one sign: it is the amount's.
  #expect(joined.rows.map { $0.map(\.text) } == [
    ["", "Begroot", "", "Werkelijk"], ["Bankkosten", "-", "", "130,73"], ["Reiskosten", "-", "", "197,59"],
    ["Resultaat", "-", "", "- 935,00"],
  ])
}

/// A bold heading, then `between` (caption, prose) and a table of three figure rows under it.
private func captionedPage(_ between: [Word], tableTop: Double) -> [Word] {
  var ws = words([("Finances", 60)], y: 20, size: 14, bold: true)
  ws += between
  ws += words([("Item", 60), ("2023", 300), ("2024", 400)], y: tableTop)
  ws += words([("Rent", 60), ("120", 300), ("130", 400)], y: tableTop + 14)
  ws += words([("Staff", 60), ("200", 300), ("210", 400)], y: tableTop + 28)
  ws += words([("Total", 60), ("320", 300), ("340", 400)], y: tableTop + 42)
  return ws
}

@Test func itemsToDocument_numberedCaptionRightAboveTable_titlesIt() {
  let caption = words([("Table 3.2 - Costs per year", 60), ("(x 1,000)", 400)], y: 60)
  let items = pageToItems(
    words: captionedPage(caption, tableTop: 76), rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  let doc = itemsToDocument(items.map { (1, $0) }, bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.map(\.title) == ["Table 3.2 - Costs per year (x 1,000)"])
  // The caption is the title, not running text (its scale is no figure stated in the text).
  #expect(!doc.text.contains { $0.text.hasPrefix("Table 3.2") })
}

@Test func itemsToDocument_captionThenProseThenTable_headingTitlesIt() {
  var between = words([("Table 3.2 - Costs per year", 60)], y: 60)
  between += words([("Body text that runs on for a good many words in one paragraph here.", 60)], y: 100)
  let items = pageToItems(
    words: captionedPage(between, tableTop: 130), rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  let doc = itemsToDocument(items.map { (1, $0) }, bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.map(\.title) == ["Finances"])
}
