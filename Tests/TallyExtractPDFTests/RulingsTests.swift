import Testing
import TallyCore
@testable import TallyExtractPDF

// Ruled tables on synthesised words and rules: no PDF involved.

private let font = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// One word per cell text, 5 pt per character, on the line [y, y+10].
private func words(_ cells: [(String, Double)], y: Double) -> [Word] {
  cells.map { text, x in
    Word(text: text, box: BoundingBox(x0: x, y0: y, x1: x + 5 * Double(text.count), y1: y + 10), font: font)
  }
}

private let ruledRows: PDFTableSettings = {
  var s = PDFTableSettings()
  s.ruledRowTables = true
  return s
}()

private func rule(_ y: Double, _ x0: Double = 10, _ x1: Double = 300) -> Ruling {
  Ruling(axis: .horizontal, position: y, start: x0, end: x1)
}

@Test func fontNameIsBold_mixedCaseNames_detected() {
  #expect(fontNameIsBold("TimesNewRoman,Bold"))
  #expect(fontNameIsBold("Arial-BlackItalic"))
  #expect(fontNameIsBold("Calibri,B"))
  #expect(!fontNameIsBold("DejaVuSans"))
  #expect(FontStyle(name: "X-SemiBold", size: 9, color: 0).isBold)
}

@Test func fontStyle_nameChanged_boldFollows() {
  var f = FontStyle(name: "Arial-Bold", size: 9, color: 0)
  f.name = "Arial"
  #expect(!f.isBold)
}

@Test func rulingsToStacks_sameExtent_oneStackOtherExtentApart() {
  let stacks = rulingsToStacks([rule(10), rule(30), rule(50, 10, 120), rule(90)], snap: 3)
  #expect(stacks.count == 1)
  #expect(stacks[0].map(\.position) == [10, 30, 90])
}

@Test func wordsToLatticeTables_booktabsRules_rowsFromLinesColumnsFromAlignment() {
  // Top rule, rule under the header, bottom rule; no vertical rules.
  var ws = words([("Country", 20), ("Freq.", 150), ("Cum.", 220)], y: 12)
  ws += words([("Belgium", 20), ("871", 150), ("43.3", 220)], y: 34)
  ws += words([("France", 20), ("434", 150), ("64.9", 220)], y: 48)
  ws += words([("Some prose below the table that is not part of it", 20)], y: 80)
  let found = wordsToLatticeTables(ws, rulings: [rule(8), rule(28), rule(62)], page: 1, settings: ruledRows)
  #expect(found.tables.count == 1)
  #expect(found.tables.first?.rows.map { $0.map(\.text) } == [
    ["Country", "Freq.", "Cum."], ["Belgium", "871", "43.3"], ["France", "434", "64.9"],
  ])
  #expect(found.tables.first?.headerRowCount == 1)
  #expect(found.remaining.map(\.text) == ["Some prose below the table that is not part of it"])
}

@Test func wordsToLatticeTables_ruleBetweenRowsWrappedLabel_oneRow() {
  var ws = words([("Indicators", 20), ("Weight", 200)], y: 12)
  ws += words([("Further", 20), ("15", 200)], y: 32)
  ws += words([("studies", 20)], y: 43)
  ws += words([("Staff", 20), ("6", 200)], y: 62)
  let rules = [rule(8), rule(28), rule(58), rule(76)]
  let t = wordsToLatticeTables(ws, rulings: rules, page: 1, settings: ruledRows).tables
  #expect(t.first?.rows.map { $0.map(\.text) } == [["Indicators", "Weight"], ["Further studies", "15"], ["Staff", "6"]])
}

@Test func stackToSegments_proseBetweenRules_splitsStack() {
  let prose = words([("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen", 20)], y: 40)
  var s = PDFTableSettings()
  s.maxCellWords = 14
  // The prose is one word here; count words by splitting the text into several words.
  let split = prose[0].text.split(separator: " ").enumerated().map { i, t in
    Word(text: String(t), box: BoundingBox(x0: 20 + Double(i) * 12, y0: 40, x1: 30 + Double(i) * 12, y1: 50), font: font)
  }
  let segments = stackToSegments([10, 30, 60, 80, 100], words: split, x0: 10, x1: 300, settings: s)
  #expect(segments == [[10, 30], [60, 80, 100]])
}

@Test func cellsToSubrows_unruledBlockWithFigures_oneBandPerLine() {
  let labels = words([("Bulgaria", 20)], y: 10) + words([("Cyprus", 20)], y: 22)
  let figures = words([("2.3", 150)], y: 10) + words([("0.21", 150)], y: 22)
  let bands = cellsToSubrows([labels, figures], settings: PDFTableSettings())
  #expect(bands?.count == 2)
}

@Test func cellsToSubrows_wrappedLabelBesideOneFigure_staysOneRow() {
  let labels = words([("Number", 20)], y: 10) + words([("of states", 20)], y: 22)
  let figures = words([("21", 150)], y: 10)
  #expect(cellsToSubrows([labels, figures], settings: PDFTableSettings()) == nil)
}

@Test func imageToRulings_bandBelowPageTop_rulesAtPagePositions() {
  // A band image knows where it sits: a rule at pixel row 2 of a band starting at y = 100 is at 102.5.
  var pixels = [UInt8](repeating: 255, count: 100 * 10)
  for x in 5..<95 { pixels[2 * 100 + x] = 0 }
  let image = GrayImage(width: 100, height: 10, pixels: pixels, scale: 1, x0: 0, y0: 100)
  let rules = imageToRulings(image, settings: PDFTableSettings())
  #expect(rules.contains { $0.axis == .horizontal && abs($0.position - 102.5) < 0.01 })
}

@Test func cellsToSubrows_headerEndingInNumber_staysOneRow() {
  let a = words([("Number of", 150)], y: 10) + words([("FTSE", 150)], y: 22) + words([("100", 150)], y: 34)
  let b = words([("Pct of", 250)], y: 10) + words([("companies", 250)], y: 22)
  #expect(cellsToSubrows([[], a, b], settings: PDFTableSettings()) == nil)
}

@Test func wordsToLatticeTables_totalUnderLastRule_joinsTable() {
  var ws = words([("Answer", 20), ("Freq.", 150)], y: 12)
  ws += words([("Kept", 20), ("344", 150)], y: 34)
  ws += words([("Sold", 20), ("53", 150)], y: 46)
  ws += words([("Total", 20), ("397", 150)], y: 62)
  let t = wordsToLatticeTables(ws, rulings: [rule(8), rule(28), rule(59)], page: 1, settings: ruledRows).tables
  #expect(t.first?.rows.last.map { $0.map(\.text) } == ["Total", "397"])
}

@Test func wordsToLatticeTables_headerAboveFirstRule_leftToAlignment() {
  var ws = words([("Item", 20), ("2023", 150)], y: 0)
  ws += words([("Kept", 20), ("344", 150)], y: 16)
  ws += words([("Sold", 20), ("53", 150)], y: 28)
  let found = wordsToLatticeTables(ws, rulings: [rule(13), rule(42)], page: 1, settings: ruledRows)
  #expect(found.tables.isEmpty)
  #expect(found.remaining.count == ws.count)
}

@Test func wordsToLatticeTables_ruledRowTablesOff_rowRulesLeftToAlignment() {
  var ws = words([("Country", 20), ("Freq.", 150)], y: 12)
  ws += words([("Belgium", 20), ("871", 150)], y: 34)
  ws += words([("France", 20), ("434", 150)], y: 48)
  let found = wordsToLatticeTables(ws, rulings: [rule(8), rule(28), rule(62)], page: 1, settings: PDFTableSettings())
  #expect(found.tables.isEmpty)
}
