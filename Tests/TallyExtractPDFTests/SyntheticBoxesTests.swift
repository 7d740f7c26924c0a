import Testing
import TallyCore
@testable import TallyExtractPDF

// Unit tests on synthesised character boxes: no PDF involved.

private let regular = FontStyle(name: "DejaVuSans", size: 10, color: 0)
private let bold = FontStyle(name: "DejaVuSans-Bold", size: 10, color: 0)

/// Characters of `text` set from `x` on baseline box [y, y+10], 5 pt per character, no spaces
/// emitted between them except for real spaces (poppler-like).
private func glyphs(_ text: String, x: Double, y: Double, font: FontStyle = regular) -> [Glyph] {
  var out: [Glyph] = []
  var cx = x
  for s in text.unicodeScalars {
    out.append(Glyph(scalar: s, box: BoundingBox(x0: cx, y0: y, x1: cx + 5, y1: y + 10), font: font))
    cx += s == " " ? 3 : 5
  }
  return out
}

/// Words of one row: each (text, x) placed on the line at `y`.
private func row(_ cells: [(String, Double)], y: Double, font: FontStyle = regular) -> [Word] {
  glyphsToWords(cells.flatMap { glyphs($0.0, x: $0.1, y: y, font: font) }, gapEm: 0.15)
}

private func table(_ words: [Word], settings: PDFTableSettings = PDFTableSettings()) -> PageTable? {
  let lines = wordsToLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
  return regionToTable(lines, page: 1, bodySize: 10, settings: settings)
}

@Test func glyphsToWords_cellsWithoutSpaces_splitAtGap() {
  // "Poetshulp" and "1 487" glued in poppler's text, 100 pt apart on the page.
  let words = glyphsToWords(glyphs("Poetshulp", x: 10, y: 0) + glyphs("1 487", x: 150, y: 0), gapEm: 0.15)
  #expect(words.map(\.text) == ["Poetshulp", "1", "487"])
}

@Test func glyphsToWords_ligature_unfolded() {
  let words = glyphsToWords(glyphs("e\u{FB03}ci\u{00EB}nt", x: 0, y: 0), gapEm: 0.15)
  #expect(words.map(\.text) == ["efficiënt"])
}

@Test func wordsToLines_digitGroups_oneChunk() {
  let lines = wordsToLines(row([("Totaal", 10), ("6 911 564,92", 200)], y: 0), overlap: 0.5, chunkGapEm: 0.6)
  #expect(lines.count == 1)
  #expect(lines[0].chunks.map(\.text) == ["Totaal", "6 911 564,92"])
}

@Test func regionToTable_rightAlignedFigures_twoColumns() throws {
  var words: [Word] = []
  words += row([("Gezinszorg", 10), ("3 543 495,67", 200)], y: 0)
  words += row([("Poetshulp", 10), ("28 103,02", 215)], y: 20)
  words += row([("TOTAAL", 10), ("3 571 598,69", 200)], y: 40, font: bold)
  let t = try #require(table(words))
  #expect(t.rows.map { $0.map(\.text) } == [
    ["Gezinszorg", "3 543 495,67"], ["Poetshulp", "28 103,02"], ["TOTAAL", "3 571 598,69"],
  ])
  #expect(t.rows[2].allSatisfy { $0.isBold })
  #expect(!t.rows[0][0].isBold)
}

@Test func regionToTable_spanningHeader_repeatedWithSpan() throws {
  var words: [Word] = []
  // "REGIO ZONE WIDE" spans the two figure columns.
  words += row([("REGIO ZONE WIDE LABEL", 120)], y: 0)
  words += row([("MAAND", 10), ("NOORD", 130), ("ZUID", 200)], y: 14)
  words += row([("Januari", 10), ("99,50", 135), ("42,00", 200)], y: 30)
  words += row([("Februari", 10), ("144,00", 130), ("124,50", 195)], y: 46)
  let t = try #require(table(words))
  #expect(t.headerRowCount == 2)
  // Two levels: the spanning cell and the cells beside it on top, what it spans below.
  #expect(t.rows[0].map(\.text) == ["MAAND", "REGIO ZONE WIDE LABEL", "REGIO ZONE WIDE LABEL"])
  #expect(t.rows[0][1].span == 2)
  #expect(t.rows[1].map(\.text) == ["", "NOORD", "ZUID"])
}

@Test func regionToTable_narrowHeaderCentredOverColumns_spansThem() throws {
  var words: [Word] = []
  // "REG" is narrower than the three columns under it but centred over them (x 130…250).
  words += row([("REG", 183)], y: 0)
  words += row([("MAAND", 10), ("NOORD", 130), ("ZUID", 180), ("WEST", 230), ("TOTAAL", 300)], y: 16)
  words += row([("Januari", 10), ("99,50", 130), ("42,00", 180), ("1,00", 235), ("142,50", 300)], y: 32)
  words += row([("Februari", 10), ("14,00", 130), ("24,50", 180), ("2,00", 235), ("40,50", 300)], y: 48)
  let t = try #require(table(words))
  #expect(t.headerRowCount == 2)
  #expect(t.rows[0].map(\.text) == ["MAAND", "REG", "REG", "REG", "TOTAAL"])
  #expect(t.rows[1].map(\.text) == ["", "NOORD", "ZUID", "WEST", ""])
}

@Test func regionToTable_headerCellWrappedOnTwoLines_oneHeaderRow() throws {
  var words: [Word] = []
  // Right-aligned header cells on two tight lines; the label sits on the lower line.
  words += row([("Budget", 170), ("Rekening", 240)], y: 0, font: bold)
  words += row([("Onderbouwing", 10), ("2024", 180), ("2023", 260)], y: 11, font: bold)
  words += row([("Uitgaven", 10), ("43.626", 170), ("37.433", 250)], y: 30)
  words += row([("Ontvangsten", 10), ("17.290", 170), ("16.035", 250)], y: 46)
  let t = try #require(table(words))
  #expect(t.headerRowCount == 1)
  #expect(t.rows[0].map(\.text) == ["Onderbouwing", "Budget 2024", "Rekening 2023"])
}

@Test func chunksToColumns_twoWideLabelsOverTwoLabelColumns_keepsBothColumns() {
  var words: [Word] = []
  words += row([("Budgettaire onderbouwing", 10), ("Budget", 200)], y: 0, font: bold)
  words += row([("Exploitatie", 10), ("Uitgaven", 80), ("43.626", 200)], y: 16)
  words += row([("Ontvangsten", 80), ("17.290", 200)], y: 32)
  words += row([("Onderbouwing personeel", 10), ("Plan", 210)], y: 48, font: bold)
  let lines = wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)
  let columns = chunksToColumns(lines)
  #expect(columns.count == 3)
  #expect(lineToRow(lines[1], columns: columns).cells.map(\.text) == ["Exploitatie", "Uitgaven", "43.626"])
}

@Test func linesToRegions_headerStyleAgainAfterFigures_startsSecondTable() {
  let header = FontStyle(name: "DejaVuSans-Bold", size: 8, color: 0x00587A)
  var words: [Word] = []
  words += row([("Budget overview", 10), ("Budget", 200), ("Actual", 280)], y: 0, font: header)
  words += row([("Expenses", 10), ("43.626", 200), ("37.433", 280)], y: 16)
  words += row([("Income", 10), ("17.290", 200), ("16.035", 280)], y: 32)
  words += row([("Staff", 10), ("Plan", 200), ("Paid", 280)], y: 48, font: header)
  words += row([("FTE", 10), ("712,38", 200), ("586,20", 280)], y: 64)
  let lines = wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)
  let regions = linesToRegions(lines, bodySize: 10, settings: PDFTableSettings())
  #expect(regions.map(\.lines) == [0..<3, 3..<5])
}

@Test func isTableLine_justifiedProseLine_isNot() {
  // Twelve words with stretched, equal gaps of 9 pt (wider than the cell gap).
  var cells: [(String, Double)] = []
  var x = 10.0
  for w in ["Stad", "Gent", "neemt", "de", "regierol", "op", "vlak", "van", "sociale", "economie", "en", "werk."] {
    cells.append((w, x))
    x += Double(w.count) * 5 + 9
  }
  let lines = wordsToLines(row(cells, y: 0), overlap: 0.5, chunkGapEm: 0.6)
  #expect(lines[0].chunks.count == 12)
  #expect(!isTableLine(lines[0], settings: PDFTableSettings()))
  // A row of a table with uneven gaps still is one.
  let tableRow = wordsToLines(row([("Uitgaven", 10), ("43.626", 200), ("37.433", 250), ("85,8%", 330), ("103,9%", 420)], y: 0), overlap: 0.5, chunkGapEm: 0.6)
  #expect(isTableLine(tableRow[0], settings: PDFTableSettings()))
}

@Test func regionToTable_datesWrappedTightlyUnderRows_joined() throws {
  var words: [Word] = []
  words += row([("Plaats", 10), ("Periode", 80), ("Aantal", 200)], y: 0, font: bold)
  var y = 20.0
  for (place, from, to, n) in [("Aalst", "07/03/2022 -", "17/03/2023", "14"), ("Antwerpen", "21/03/2022 -", "21/04/2023", "21"),
    ("Brugge", "02/05/2022 -", "31/05/2023", "9"), ("Gent", "28/11/2022 -", "23/11/2023", "7")]
  {
    words += row([(place, 10), (from, 80), (n, 200)], y: y)
    words += row([(to, 80)], y: y + 12)
    y += 40
  }
  let t = try #require(table(words))
  #expect(t.rows.count == 5)
  #expect(t.rows[1].map(\.text) == ["Aalst", "07/03/2022 - 17/03/2023", "14"])
}

@Test func headingMainPart_sideNoteAtRightMargin_leftOut() throws {
  let headingFont = FontStyle(name: "DejaVuSans-Bold", size: 10, color: 0x00587A)
  let note = FontStyle(name: "DejaVuSans", size: 10, color: 0x00587A)
  let words = row([("AC34831 - Organiseren van het partnerschap", 10)], y: 0, font: headingFont)
    + row([("Dienst Werk", 400)], y: 0, font: note)
  let line = try #require(wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6).first)
  let main = try #require(headingMainPart(line, settings: PDFTableSettings()))
  #expect(main.text == "AC34831 - Organiseren van het partnerschap")
}

@Test func headingMainPart_boldLabelThenFigure_isTableRowNotHeading() throws {
  let label = FontStyle(name: "DejaVuSans-Bold", size: 10, color: 0)
  let words = row([("WZC Zorghotel Gent", 10)], y: 0, font: label) + row([("Plaatsen WZC", 200), ("58", 400)], y: 0)
  let line = try #require(wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(headingMainPart(line, settings: PDFTableSettings()) == nil)
  #expect(textIsYearRange("2020 - 2027"))
  #expect(!textIsYearRange("58"))
}

@Test func headingText_codeInItsOwnColumn_joinedWithDash() throws {
  let words = row([("OD10039", 10), ("Beter laten aansluiten", 70)], y: 0, font: bold)
  let line = try #require(wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(headingText(line) == "OD10039 - Beter laten aansluiten")
  let numbered = try #require(wordsToLines(row([("2.1.", 10), ("Uren", 70)], y: 0, font: bold), overlap: 0.5, chunkGapEm: 0.6).first)
  #expect(headingText(numbered) == "2.1. Uren")
}

@Test func pageToItems_headingWrappedOntoTwoLines_oneHeadingBlock() {
  let headingFont = FontStyle(name: "DejaVuSans-Bold", size: 14, color: 0x00587A)
  let note = FontStyle(name: "DejaVuSans", size: 14, color: 0x00587A)
  var words: [Word] = []
  words += glyphsToWords(glyphs("AC1 - Verbinden van actoren in functie van", x: 10, y: 0, font: headingFont), gapEm: 0.15)
  words += glyphsToWords(glyphs("Dienst Werk", x: 400, y: 0, font: note), gapEm: 0.15)
  words += glyphsToWords(glyphs("werkzoekenden", x: 10, y: 12, font: headingFont), gapEm: 0.15)
  words += row([("Body text that runs on for a good many words in one paragraph here.", 10)], y: 40)
  let items = pageToItems(words: words, rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  let headings = items.compactMap { item -> String? in
    if case .block(let b) = item, b.isHeading { return b.text }
    return nil
  }
  #expect(headings == ["AC1 - Verbinden van actoren in functie van werkzoekenden"])
}

@Test func regionToTable_wrappedLabel_joinedIntoOneCell() throws {
  var words: [Word] = []
  words += row([("Bestuur", 10), ("3 543,67", 200)], y: 0)
  words += row([("Verkeer, vervoer en", 10), ("2 118,10", 200)], y: 20)
  words += row([("waterstaat", 10)], y: 31)
  words += row([("Onderwijs", 10), ("1 005,50", 200)], y: 51)
  let t = try #require(table(words))
  #expect(t.rows.map { $0.map(\.text) } == [
    ["Bestuur", "3 543,67"], ["Verkeer, vervoer en waterstaat", "2 118,10"], ["Onderwijs", "1 005,50"],
  ])
}

@Test func regionToTable_indentedLabel_indentLevelOne() throws {
  var words: [Word] = []
  words += row([("Personeel", 10), ("100", 200)], y: 0)
  words += row([("waarvan vast", 20), ("60", 205)], y: 20)
  words += row([("Totaal", 10), ("100", 200)], y: 40)
  let t = try #require(table(words))
  #expect(t.indents == [0, 1, 0])
}

@Test func itemsToDocument_tableContinuedWithRepeatedHeader_oneTableTwoPages() {
  func page(_ n: Int, _ body: [[String]]) -> PageTable {
    let header = [["Dienst", "Uren"]]
    let rows = (header + body).map { $0.map { GridCell(text: $0, box: nil, isBold: false) } }
    return PageTable(
      page: n, box: BoundingBox(x0: 10, y0: 100, x1: 300, y1: 200), columns: [10...80, 200...300], rows: rows,
      rowBoxes: rows.map { _ in BoundingBox(x0: 10, y0: 100, x1: 300, y1: 110) },
      indents: rows.map { _ in 0 }, headerRowCount: 1, kind: .stream)
  }
  let heading = LineBlock(
    text: "2.1. Uren", box: BoundingBox(x0: 10, y0: 50, x1: 100, y1: 64), isHeading: true, size: 14, isBold: true,
    page: 1)
  let doc = itemsToDocument(
    [(1, .block(heading)), (1, .table(page(1, [["A", "1"], ["B", "2"]]))), (2, .table(page(2, [["C", "3"]])))],
    bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.pages == [1, 2])
  #expect(doc.tables.first?.rows.map(\.texts) == [["Dienst", "Uren"], ["A", "1"], ["B", "2"], ["C", "3"]])
  #expect(doc.tables.first?.title == "2.1. Uren")
}

/// A ruled table of `columns`, its first `header` rows a header, on page `n` at `top`.
private func ruledTable(
  _ n: Int, columns: [ClosedRange<Double>], rows texts: [[String]], header: Int, top: Double = 100
) -> PageTable {
  pageTable(n, columns: columns, rows: texts, header: header, top: top, rowPitch: 20, kind: .lattice)
}

@Test func itemsToDocument_continuationWithCellTailAndNoRepeatedHeader_oneTable() {
  // Page 1 has a sliver column (a double rule) that page 2 lacks; page 2 opens with the tail of
  // the last cell of page 1, read as a header row, and does not repeat the header.
  let first = ruledTable(
    1, columns: [10...100, 100...250, 250...300, 300...310, 310...340, 340...400],
    rows: [["Risico", "Beschrijving", "Bedrag", "", "Kans", "Gevolg"], ["A", "loopt", "1.000", "70%", "", "700"]],
    header: 1)
  let second = ruledTable(
    2, columns: [10...100, 100...250, 250...300, 300...340, 340...400],
    rows: [["", "door", "", "", ""], ["B", "tekst", "500", "50%", "250"], ["Totaal", "", "", "", "950"]], header: 1)
  let doc = itemsToDocument([(1, .table(first)), (2, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.pages == [1, 2])
  #expect(
    doc.tables.first?.rows.map(\.texts) == [
      ["Risico", "Beschrijving", "Bedrag", "", "Kans", "Gevolg"], ["A", "loopt door", "1.000", "70%", "", "700"],
      ["B", "tekst", "500", "50%", "", "250"], ["Totaal", "", "", "", "", "950"],
    ])
}

@Test func itemsToDocument_gridBrokenOnItsPageAfterContinuation_oneTable() {
  let columns: [ClosedRange<Double>] = [10...100, 100...300, 300...400]
  let first = ruledTable(1, columns: columns, rows: [["Post", "Tekst", "Bedrag"], ["A", "a", "1"]], header: 1)
  let second = ruledTable(2, columns: columns, rows: [["B", "b", "2"]], header: 0, top: 100)
  // Right under the first part of page 2 (bottom at 120).
  let third = ruledTable(2, columns: columns, rows: [["C", "c", "3"]], header: 0, top: 125)
  let doc = itemsToDocument(
    [(1, .table(first)), (2, .table(second)), (2, .table(third))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.pages == [1, 2])
  #expect(doc.tables.first?.rows.count == 4)
}

@Test func itemsToDocument_notesUnderATableWithOtherColumns_stayApart() {
  let table = ruledTable(
    1, columns: [10...100, 100...200, 200...300, 300...400], rows: [["", "A", "B", "C"], ["2005", "1", "2", "3"]],
    header: 1)
  let notes = ruledTable(1, columns: [10...100, 100...400], rows: [["Source:", "Office"]], header: 0, top: 145)
  let doc = itemsToDocument([(1, .table(table)), (1, .table(notes))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 2)
}

@Test func runningLines_repeatedFooterAndPageNumber_removed() {
  func lines(_ n: Int) -> [TextLine] {
    let words = row([("Body text of page", 10)], y: 300) + row([("Jaarverslag", 10)], y: 10)
      + row([("\(n)", 290)], y: 780)
    return wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)
  }
  let pages = (1...4).map { (lines($0), 800.0) }
  let running = runningLines(pages, settings: PDFTableSettings())
  #expect(running.allSatisfy { $0.count == 2 })
}

@Test func glyphsToUpright_pageTurnedClockwise_readsLeftToRight() {
  // "Totaal" displayed top to bottom on a page shown 792 wide, 612 high.
  var turned: [Glyph] = []
  for (i, s) in "Totaal".unicodeScalars.enumerated() {
    turned.append(
      Glyph(scalar: s, box: BoundingBox(x0: 700, y0: 100 + Double(i) * 5, x1: 710, y1: 105 + Double(i) * 5), font: regular))
  }
  let flow = glyphsToFlow(turned)
  #expect(flow == .down)
  let upright = glyphsToUpright(turned, flow: flow, width: 792, height: 612)
  #expect(glyphsToWords(upright.glyphs, gapEm: 0.15).map(\.text) == ["Totaal"])
  #expect(upright.width == 612)
}

@Test func imageToRulings_drawnGrid_findsRules() {
  // A 100x60 white image with a rule on row 10 and column 20 (1 px per point).
  var pixels = [UInt8](repeating: 255, count: 100 * 60)
  for x in 5..<95 { pixels[10 * 100 + x] = 0 }
  for y in 5..<55 { pixels[y * 100 + 20] = 0 }
  let rules = imageToRulings(GrayImage(width: 100, height: 60, pixels: pixels, scale: 1), scan: PDFTableSettings().ruleScan)
  #expect(rules.contains { $0.axis == .horizontal && abs($0.position - 10.5) < 1 && $0.length > 80 })
  #expect(rules.contains { $0.axis == .vertical && abs($0.position - 20.5) < 1 && $0.length > 40 })
}

/// A scalar node at `path` (dotted) on `line`.
private func scalar(_ value: String, _ path: String, line: Int) -> ConfigNode {
  ConfigNode(value: .scalar(value), line: line, path: path)
}

/// A mapping node of `entries` at `path`.
private func mapping(_ entries: [(String, ConfigNode)], _ path: String, line: Int) -> ConfigNode {
  ConfigNode(value: .mapping(entries.map { (key: $0.0, value: $0.1) }), line: line, path: path)
}

@Test func settings_unknownKey_isError() {
  let node = mapping(
    [("layout", mapping([("cell_gap_emm", scalar("1", "extract.pdf.layout.cell_gap_emm", line: 4))], "extract.pdf.layout", line: 3))],
    "extract.pdf", line: 2)
  #expect(throws: ConfigError.self) { try PDFTableSettings(config: node) }
}

@Test func settings_knownKeys_override() throws {
  let node = mapping(
    [
      ("layout", mapping([("cell_gap_em", scalar("0.8", "extract.pdf.layout.cell_gap_em", line: 4))], "extract.pdf.layout", line: 3)),
      ("rules", mapping([("mode", scalar("off", "extract.pdf.rules.mode", line: 6))], "extract.pdf.rules", line: 5)),
      ("ruled_rows", mapping([("enabled", scalar("false", "extract.pdf.ruled_rows.enabled", line: 8))], "extract.pdf.ruled_rows", line: 7)),
    ], "extract.pdf", line: 2)
  let s = try PDFTableSettings(config: node)
  #expect(s.layout.cellGapEm == 0.8)
  #expect(s.rules.mode == .off)
  #expect(s.ruledRows.enabled == false)
  #expect(s.tables == PDFTableShapeSettings())
}

@Test func settings_flatKeyOfTheOldLayout_errorNamesItsNewKey() {
  let node = mapping([("ruling_scale", scalar("2", "extract.pdf.ruling_scale", line: 3))], "extract.pdf", line: 2)
  do {
    _ = try PDFTableSettings(config: node)
    Issue.record("a flat key was accepted")
  } catch {
    #expect("\(error)".contains("extract.pdf.rules.scale"))
    #expect("\(error)".hasPrefix("line 3:"))
  }
}

@Test func chunksToColumns_yearCentredOverTwoFigureColumns_keepsThemApart() {
  // "2007" reaches from over the N column into the gap before the % column without touching a
  // figure of it: rows with figures keep the two columns apart.
  var words: [Word] = []
  words += row([("2007", 140)], y: 0, font: bold)
  words += row([("N", 142), ("% Pos", 155)], y: 14, font: bold)
  words += row([("Austria", 10), ("109", 130), ("0.9", 170)], y: 30)
  words += row([("Germany", 10), ("123", 130), ("0.8", 170)], y: 44)
  let lines = wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)
  let columns = chunksToColumns(lines)
  #expect(lineToRow(lines[2], columns: columns).cells.map(\.text) == ["Austria", "109", "0.9"])
}

@Test func chunksToColumns_headerOverEmptyColumn_addsColumn() {
  // A column no row with figures fills still gets its header's column.
  var words: [Word] = []
  words += row([("Item", 10), ("Amount", 130), ("Note", 220)], y: 0, font: bold)
  words += row([("Rent", 10), ("1.200", 130)], y: 16)
  words += row([("Power", 10), ("300", 130)], y: 32)
  let columns = chunksToColumns(wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6))
  #expect(columns.count == 3)
}

@Test func lineIsJustifiedProse_bulletBeforeFirstWord_isProse() {
  let words = row(
    [("- Administrative", 10), ("centralisation", 103), ("under", 188), ("the", 228), ("authority", 258)], y: 0)
  let line = wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)[0]
  #expect(line.chunks.count == 5)
  #expect(lineIsJustifiedProse(line, settings: PDFTableSettings()))
}

@Test func glyphsToWords_hiddenFigureSetOverVisibleOne_dropped() {
  // A hidden "7.555" set 2 pt below a visible "90" whose box it overlaps: its first three glyphs
  // left a flat box, its last two sit on the ink of "90".
  let visible = glyphs("90", x: 115, y: 0)
  let hidden = glyphs("7.555", x: 105, y: 2)
  let inked = [true, true] + [false, false, false, true, true]
  let words = glyphsToWords(visible + hidden, gapEm: 0.15, inked: inked)
  #expect(words.map(\.text) == ["90"])
}

@Test func glyphsToWords_visibleWordWithClippedEnd_kept() {
  // The last two letters of a label were clipped by its cell; the rest shows ink.
  let label = glyphs("Kapitaalverstrekkingen", x: 0, y: 0)
  let inked = Array(repeating: true, count: label.count - 2) + [false, false]
  let words = glyphsToWords(label, gapEm: 0.15, inked: inked)
  #expect(words.map(\.text) == ["Kapitaalverstrekkingen"])
}

@Test func glyphsToWords_wordWithNoInk_dropped() {
  let words = glyphsToWords(
    glyphs("Totaal", x: 0, y: 0) + glyphs("1.679", x: 100, y: 0), gapEm: 0.15,
    inked: Array(repeating: true, count: 6) + Array(repeating: false, count: 5))
  #expect(words.map(\.text) == ["Totaal"])
}

@Test func linesToRegions_headerRepeatedAfterFigures_continuesTable() {
  // The header printed again in the body (every so many rows) is no next table.
  let header = FontStyle(name: "DejaVuSans-Bold", size: 8, color: 0x00587A)
  var words: [Word] = []
  words += row([("Budget overview", 10), ("Budget", 200), ("Actual", 280)], y: 0, font: header)
  words += row([("Expenses", 10), ("43.626", 200), ("37.433", 280)], y: 16)
  words += row([("Income", 10), ("17.290", 200), ("16.035", 280)], y: 32)
  words += row([("Budget", 200), ("Actual", 280)], y: 48, font: header)
  words += row([("Grants", 10), ("712,38", 200), ("586,20", 280)], y: 64)
  let lines = wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)
  let regions = linesToRegions(lines, bodySize: 10, settings: PDFTableSettings())
  #expect(regions.map(\.lines) == [0..<5])
}

/// Two lines of prose in two text columns, the right one starting at x = 240.
private let proseInTwoColumns =
  row([("Het jaar stond in het teken", 10), ("In hoofdstuk drie vindt u de toelichting", 240)], y: 0)
  + row([("van groei voor de organisatie", 10), ("We danken alle medewerkers voor hun inzet", 240)], y: 14)

@Test func linesInTextColumns_proseInTwoColumns_readColumnByColumn() {
  // A small table in the left column beside prose in the right one: cut at the gutter, the
  // table's rows hold only its own cells.
  var words = proseInTwoColumns
  words += row([("Wonen", 10), ("28,91", 100), ("De cijfers werden afgesloten op tijd", 240)], y: 28)
  words += row([("Zorg", 10), ("30,94", 100), ("en door de raad goedgekeurd", 240)], y: 42)
  let lines = linesInTextColumns(wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6), bodySize: 10, settings: PDFTableSettings())
  #expect(
    lines.map(\.text) == [
      "Het jaar stond in het teken", "van groei voor de organisatie", "Wonen 28,91", "Zorg 30,94",
      "In hoofdstuk drie vindt u de toelichting", "We danken alle medewerkers voor hun inzet",
      "De cijfers werden afgesloten op tijd", "en door de raad goedgekeurd",
    ])
  let regions = linesToRegions(lines, bodySize: 10, settings: PDFTableSettings())
  #expect(regions.map(\.lines) == [2..<4])
}

@Test func linesInTextColumns_labelAndFiguresAcrossGutter_lineStaysWhole() {
  // A row of a table wider than one column: its figures right of the gutter stay with its label.
  var words = proseInTwoColumns
  words += row([("Wonen", 10), ("28,91", 240), ("30,94", 320)], y: 28)
  let lines = linesInTextColumns(wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6), bodySize: 10, settings: PDFTableSettings())
  #expect(lines.map(\.text).contains("Wonen 28,91 30,94"))
}

@Test func linesInTextColumns_tableWithoutProse_unchanged() {
  let words = row([("Wonen", 10), ("28,91", 240)], y: 0) + row([("Zorg", 10), ("30,94", 240)], y: 14)
  let lines = wordsToLines(words, overlap: 0.5, chunkGapEm: 0.6)
  #expect(linesInTextColumns(lines, bodySize: 10, settings: PDFTableSettings()) == lines)
}
