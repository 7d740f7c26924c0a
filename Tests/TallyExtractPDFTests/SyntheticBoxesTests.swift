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
  let lines = wordsToLines(words, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)
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
  #expect(t.rows[0].map(\.text) == ["", "REGIO ZONE WIDE LABEL", "REGIO ZONE WIDE LABEL"])
  #expect(t.rows[0][1].span == 2)
  #expect(t.rows[1].map(\.text) == ["MAAND", "NOORD", "ZUID"])
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
  let rules = imageToRulings(GrayImage(width: 100, height: 60, pixels: pixels, scale: 1), settings: PDFTableSettings())
  #expect(rules.contains { $0.axis == .horizontal && abs($0.position - 10.5) < 1 && $0.length > 80 })
  #expect(rules.contains { $0.axis == .vertical && abs($0.position - 20.5) < 1 && $0.length > 40 })
}

@Test func settings_unknownKey_isError() {
  let node = ConfigNode(
    value: .mapping([(key: "cell_gap_emm", value: ConfigNode(value: .scalar("1"), line: 3, path: "extract.pdf.cell_gap_emm"))]),
    line: 2, path: "extract.pdf")
  #expect(throws: ConfigError.self) { try PDFTableSettings(config: node) }
}

@Test func settings_knownKeys_override() throws {
  let node = ConfigNode(
    value: .mapping([
      (key: "cell_gap_em", value: ConfigNode(value: .scalar("0.8"), line: 3, path: "extract.pdf.cell_gap_em")),
      (key: "rulings", value: ConfigNode(value: .scalar("off"), line: 4, path: "extract.pdf.rulings")),
    ]), line: 2, path: "extract.pdf")
  let s = try PDFTableSettings(config: node)
  #expect(s.cellGapEm == 0.8)
  #expect(s.rulings == .off)
}
