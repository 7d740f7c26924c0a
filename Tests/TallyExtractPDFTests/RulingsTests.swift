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
  s.ruledRows.enabled = true
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
  s.tables.maxCellWords = 14
  // The prose is one word here; count words by splitting the text into several words.
  let split = prose[0].text.split(separator: " ").enumerated().map { i, t in
    Word(text: String(t), box: BoundingBox(x0: 20 + Double(i) * 12, y0: 40, x1: 30 + Double(i) * 12, y1: 50), font: font)
  }
  let segments = stackToSegments([10, 30, 60, 80, 100], words: split, x0: 10, x1: 300, bodySize: 10, settings: s)
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
  let rules = imageToRulings(image, scan: PDFTableSettings().ruleScan)
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
  var off = PDFTableSettings()
  off.ruledRows.enabled = false
  let found = wordsToLatticeTables(ws, rulings: [rule(8), rule(28), rule(62)], page: 1, settings: off)
  #expect(found.tables.isEmpty)
}

/// Words in another font, one per cell text, 5 pt per character per 10 pt of size, on [y, y+size].
private func styled(_ cells: [(String, Double)], y: Double, _ style: FontStyle) -> [Word] {
  cells.map { text, x in
    Word(
      text: text, box: BoundingBox(x0: x, y0: y, x1: x + 0.5 * style.size * Double(text.count), y1: y + style.size),
      font: style)
  }
}

private let bold = FontStyle(name: "DejaVuSans-Bold", size: 10, color: 0)

@Test func ruledRowTables_onByDefault() {
  #expect(PDFTableSettings().ruledRows.enabled)
}

@Test func stackToSegments_headingBetweenRules_endsTableAfterItsLastRow() {
  // Rows above a heading in the same band stay with the first table; the next starts at the
  // first rule under the heading.
  var ws = words([("Alpha", 20), ("12", 200)], y: 34)
  ws += styled([("Next", 20), ("section", 52)], y: 60, FontStyle(name: "DejaVuSans", size: 14, color: 0))
  ws += words([("Beta", 20), ("7", 200)], y: 104)
  ws += words([("Gamma", 20), ("8", 200)], y: 124)
  let segments = stackToSegments([10, 30, 100, 120, 140], words: ws, x0: 10, x1: 300, bodySize: 10, settings: PDFTableSettings())
  #expect(segments == [[10, 30, 52], [100, 120, 140]])
}

@Test func stackToSegments_headerStyleAfterFigures_startsNextTable() {
  // Two tables ruled alike, one under the other: the second's bold header line follows a row
  // of figures.
  var ws = styled([("Region", 20), ("Hours", 200)], y: 12, bold)
  ws += words([("North", 20), ("154", 200)], y: 34)
  ws += words([("South", 20), ("52", 200)], y: 54)
  ws += styled([("Service", 20), ("Clients", 200)], y: 74, bold)
  ws += words([("Care", 20), ("628", 200)], y: 94)
  let segments = stackToSegments([8, 30, 50, 70, 90, 110], words: ws, x0: 10, x1: 300, bodySize: 10, settings: PDFTableSettings())
  #expect(segments == [[8, 30, 50, 70], [90, 110]])
}

@Test func stackToSegments_groupLabelInHeaderStyle_staysInTable() {
  // A bold single-cell group label under a bold header of column titles is not a new table,
  // even after a row of figures.
  var ws = styled([("Indicators", 20), ("Weight", 200)], y: 12, bold)
  ws += styled([("Effectiveness", 20)], y: 32, bold)
  ws += words([("Employment", 30), ("40", 200)], y: 52)
  ws += styled([("Processes", 20)], y: 72, bold)
  ws += words([("Dropping", 30), ("15", 200)], y: 92)
  let segments = stackToSegments([8, 28, 48, 68, 88, 108], words: ws, x0: 10, x1: 300, bodySize: 10, settings: PDFTableSettings())
  #expect(segments == [[8, 28, 48, 68, 88, 108]])
}

@Test func stackToSegments_tallEmptyBand_splitsStack() {
  // A chart between two ruled tables leaves a tall band without text.
  var ws = words([("North", 20), ("154", 200)], y: 12)
  ws += words([("South", 20), ("52", 200)], y: 32)
  ws += words([("East", 20), ("9", 200)], y: 112)
  ws += words([("West", 20), ("3", 200)], y: 132)
  let segments = stackToSegments([8, 28, 48, 108, 128, 148], words: ws, x0: 10, x1: 300, bodySize: 10, settings: PDFTableSettings())
  #expect(segments == [[8, 28, 48], [108, 128, 148]])
}

@Test func wordsToLatticeTables_bandLinesSetApart_separateRows() {
  // A rule too faint to find leaves two labelled lines in one band: set a line apart, they are
  // two rows; a tightly set second line is the first one's wrapped cell.
  var ws = words([("Sex", 20), ("Share", 200)], y: 12)
  ws += words([("Women", 20), ("70% women", 200)], y: 34)
  ws += words([("Men", 20), ("30% men", 200)], y: 52)
  ws += words([("Further", 20), ("15", 200)], y: 72)
  ws += words([("studies", 20)], y: 83)
  let t = wordsToLatticeTables(ws, rulings: [rule(8), rule(28), rule(68), rule(96)], page: 1, settings: ruledRows).tables
  #expect(t.first?.rows.map { $0.map(\.text) } == [
    ["Sex", "Share"], ["Women", "70% women"], ["Men", "30% men"], ["Further studies", "15"],
  ])
}

@Test func wordsToLatticeTables_boldHeaderLineAboveFirstRule_headsTable() {
  var ws = styled([("TRIPS", 20)], y: 14, bold)
  ws += words([("Asked", 20), ("120", 200)], y: 34)
  ws += words([("Made", 20), ("96", 200)], y: 54)
  let t = wordsToLatticeTables(ws, rulings: [rule(28), rule(48), rule(68)], page: 1, bodySize: 10, settings: ruledRows).tables
  #expect(t.first?.rows.first?.map(\.text) == ["TRIPS", ""])
}

@Test func wordsToLatticeTables_captionAboveFirstRule_leftOut() {
  // The caption is set as running text and reaches over both columns.
  var ws = words([("Table", 20), ("3:", 50), ("answers", 65), ("by", 105), ("respondents", 120)], y: 14)
  ws += words([("Asked", 20), ("120", 200)], y: 34)
  ws += words([("Made", 20), ("96", 200)], y: 54)
  let t = wordsToLatticeTables(ws, rulings: [rule(28), rule(48), rule(68)], page: 1, bodySize: 10, settings: ruledRows).tables
  #expect(t.first?.rows.map { $0.map(\.text) } == [["Asked", "120"], ["Made", "96"]])
}

@Test func wordsToLatticeTables_captionInFirstBand_leftOut() {
  // A caption between a title bar's lower edge and the table's first row rule.
  var ws = words([("Table", 20), ("6.1", 50), ("indicators", 70), ("per", 125), ("programme", 145), ("overview", 195)], y: 12)
  ws += styled([("Item", 20), ("Count", 200)], y: 30, bold)
  ws += words([("Asked", 20), ("120", 200)], y: 52)
  ws += words([("Made", 20), ("96", 200)], y: 72)
  let t = wordsToLatticeTables(ws, rulings: [rule(8), rule(46), rule(66), rule(86)], page: 1, bodySize: 10, settings: ruledRows).tables
  #expect(t.first?.rows.map { $0.map(\.text) } == [["Item", "Count"], ["Asked", "120"], ["Made", "96"]])
}

@Test func wordsToLatticeTables_gridOpenAtTheSides_outerColumnsKept() {
  // Row rules run from 10 to 300; only the inner columns are ruled (at 100 and 180): the label
  // column left of the first column rule and the column right of the last are in the table.
  var ws = words([("A", 130), ("B", 210)], y: 12)
  ws += words([("1996", 20), ("3.7", 130), ("1.6", 210), ("1.7", 260)], y: 32)
  ws += words([("2000", 20), ("5.0", 130), ("3.9", 210), ("3.9", 260)], y: 52)
  let rules = [rule(8), rule(28), rule(48), rule(68)] + [100.0, 180, 240].map {
    Ruling(axis: .vertical, position: $0, start: 8, end: 68)
  }
  let t = wordsToLatticeTables(ws, rulings: rules, page: 1, settings: PDFTableSettings()).tables
  #expect(t.count == 1)
  #expect(t.first?.rows.map { $0.map(\.text) } == [
    ["", "A", "B", ""], ["1996", "3.7", "1.6", "1.7"], ["2000", "5.0", "3.9", "3.9"],
  ])
}

@Test func gridColumnEdges_rowRulesWithinColumnRules_unchanged() {
  let hs = [rule(8, 100, 240), rule(28, 100, 240)]
  #expect(gridColumnEdges([100, 180, 240], rows: hs, snap: 3) == [100, 180, 240])
  // A single long rule does not widen the grid; two do.
  #expect(gridColumnEdges([100, 180, 240], rows: hs + [rule(48, 10, 300)], snap: 3) == [100, 180, 240])
  #expect(gridColumnEdges([100, 180, 240], rows: [rule(8), rule(28)], snap: 3) == [10, 100, 180, 240, 300])
}

@Test func rulingsToGroups_twoGridsAtSameTop_comeOutInInputOrderEveryTime() {
  // Two separate frames side by side, both starting at y = 100: their order must not depend on
  // hashing (it changed from run to run when groups were kept in a dictionary).
  func frame(x0: Double, x1: Double) -> [Ruling] {
    [
      Ruling(axis: .horizontal, position: 100, start: x0, end: x1),
      Ruling(axis: .horizontal, position: 200, start: x0, end: x1),
      Ruling(axis: .vertical, position: x0, start: 100, end: 200),
      Ruling(axis: .vertical, position: x1, start: 100, end: 200),
    ]
  }
  let first = frame(x0: 150, x1: 250)
  let second = frame(x0: 300, x1: 500)
  let groups = rulingsToGroups(first + second, snap: 3)
  #expect(groups.count == 2)
  func left(_ group: [Ruling]?) -> Double? { group?.filter { $0.axis == .horizontal }.map(\.start).min() }
  #expect(left(groups.first) == 150)
  let swapped = rulingsToGroups(second + first, snap: 3)
  #expect(left(swapped.first) == 300)
}

private func vrule(_ x: Double, _ y0: Double, _ y1: Double) -> Ruling {
  Ruling(axis: .vertical, position: x, start: y0, end: y1)
}

@Test func columnEdgesRuledInBody_shortRulesInHeaderCuttingFigures_dropped() {
  // A shaded header band (y 8-30) whose letter gaps read as short rules at 160 and 170; the body
  // figures under them (155-180) cross those edges.
  var ws = words([("raming", 150)], y: 10)
  ws += words([("2023", 165)], y: 20)
  ws += words([("Tax", 20), ("8.493", 155)], y: 34)
  ws += words([("Fee", 20), ("3.155", 155)], y: 48)
  let rules = [vrule(10, 8, 62), vrule(140, 8, 62), vrule(160, 10, 28), vrule(170, 10, 28), vrule(200, 8, 62)]
  let xs = columnEdgesRuledInBody(xs: [10, 140, 160, 170, 200], ys: [8, 30, 62], rulings: rules, words: ws, snap: 3)
  #expect(xs == [10, 140, 200])
}

@Test func columnEdgesRuledInBody_headerRulesBetweenBodyFigures_kept() {
  // Year columns ruled in the header only, their figures side by side in one body cell.
  var ws = words([("2022", 150), ("2023", 180)], y: 10)
  ws += words([("Debt", 20), ("23", 150), ("25", 180)], y: 34)
  let rules = [vrule(10, 8, 50), vrule(140, 8, 50), vrule(172, 8, 30), vrule(200, 8, 50)]
  let xs = columnEdgesRuledInBody(xs: [10, 140, 172, 200], ys: [8, 30, 50], rulings: rules, words: ws, snap: 3)
  #expect(xs == [10, 140, 172, 200])
}

@Test func columnEdgesRuledInBody_oneFigureInHeader_bodyStartsAtFirstRowOfFigures() {
  // "per 31" in the header is a figure; the body starts where figures stand side by side.
  var ws = words([("per", 20), ("31", 40), ("raming", 150)], y: 10)
  ws += words([("Tax", 20), ("8.493", 155), ("120", 210)], y: 34)
  let rules = [vrule(10, 8, 50), vrule(140, 8, 50), vrule(160, 8, 30), vrule(200, 8, 50), vrule(240, 8, 50)]
  let xs = columnEdgesRuledInBody(xs: [10, 140, 160, 200, 240], ys: [8, 30, 50], rulings: rules, words: ws, snap: 3)
  #expect(xs == [10, 140, 200, 240])
}

@Test func rowEdgesWithoutThinBands_doubleRuleWithNothingBetween_longerRuleKept() {
  let ws = words([("Tax", 20), ("8.493", 155)], y: 14) + words([("Fee", 20), ("3.155", 155)], y: 34)
  // 28 spans the table, 31 only its label column: one edge, at 28.
  let rules = [rule(10), rule(28, 10, 300), rule(31, 10, 60), rule(50)]
  #expect(rowEdgesWithoutThinBands([10, 28, 31, 50], rulings: rules, words: ws) == [10, 28, 50])
  // Rows a line apart stay.
  #expect(rowEdgesWithoutThinBands([10, 28, 50], rulings: rules, words: ws) == [10, 28, 50])
}

@Test func stackToSegments_onlyTallBands_framesNothing() {
  // Rules above and under a page's text: every band taller than `ruledBandMaxHeight`.
  let ws = words([("Omzet", 20), ("1 200", 200)], y: 300) + words([("Kosten", 20), ("800", 200)], y: 700)
  let segments = stackToSegments([50, 500, 950], words: ws, x0: 10, x1: 300, bodySize: 10, settings: PDFTableSettings())
  #expect(segments.isEmpty)
}

@Test func stackToSegments_headerRepeatedInBody_staysOneTable() {
  // The bold header line printed again after a row of figures continues the table.
  var ws = styled([("Region", 20), ("Hours", 200)], y: 12, bold)
  ws += words([("North", 20), ("154", 200)], y: 34)
  ws += words([("South", 20), ("52", 200)], y: 54)
  ws += styled([("Region", 20), ("Hours", 200)], y: 74, bold)
  ws += words([("Care", 20), ("628", 200)], y: 94)
  let segments = stackToSegments([8, 30, 50, 70, 90, 110], words: ws, x0: 10, x1: 300, bodySize: 10, settings: PDFTableSettings())
  #expect(segments == [[8, 30, 50, 70, 90, 110]])
}
