import Testing
import TallyCore
@testable import TallyExtractPDF

// Inside a found table: header cells centred over a group of columns, labels wrapped over the
// line that carries their figures; on synthesised words and rules (no PDF involved).

private let font = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// One word per cell text, 5 pt per character, on the line [y, y+10].
private func words(_ cells: [(String, Double)], y: Double) -> [Word] {
  cells.map { text, x in
    Word(text: text, box: BoundingBox(x0: x, y0: y, x1: x + 5 * Double(text.count), y1: y + 10), font: font)
  }
}

private func rule(_ y: Double) -> Ruling { Ruling(axis: .horizontal, position: y, start: 10, end: 370) }

private func texts(_ t: PageTable?) -> [[String]]? { t?.rows.map { $0.map(\.text) } }

@Test func ruledRowsHeader_cellCentredOverThreeColumns_spansThem() {
  // "Boekjaar 2019" centred over Volume, Tarief and Opbrengst, set tightly above them in the
  // band between the top rule and the header's underline.
  var ws = words([("in EUR", 20), ("Boekjaar 2019", 190), ("Aandeel", 320)], y: 12)
  ws += words([("Volume", 150), ("Tarief", 200), ("Opbrengst", 250)], y: 24)
  ws += words([("Ritten", 20), ("5 397", 150), ("147,64", 200), ("796 813", 250), ("30 %", 320)], y: 42)
  ws += words([("Dagopvang", 20), ("5 328", 150), ("71,82", 200), ("382 657", 250), ("14 %", 320)], y: 56)
  let t = wordsToLatticeTables(ws, rulings: [rule(8), rule(38), rule(70)], page: 1, settings: PDFTableSettings()).tables
  #expect(t.count == 1)
  #expect(texts(t.first)?.prefix(2) == [
    ["in EUR", "Boekjaar 2019", "Boekjaar 2019", "Boekjaar 2019", "Aandeel"],
    ["", "Volume", "Tarief", "Opbrengst", ""],
  ])
  #expect(t.first?.headerRowCount == 2)
}

@Test func ruledRowsHeader_wrappedHeaderCells_joinedPerColumn() {
  var ws = words([("Dienst", 20), ("Saldo", 150), ("Saldo", 250)], y: 12)
  ws += words([("1/1/2020", 150), ("31/12/2020", 250)], y: 24)
  ws += words([("Onthaal", 20), ("707", 150), ("841", 250)], y: 42)
  ws += words([("Woonzorg", 20), ("188", 150), ("141", 250)], y: 56)
  let t = wordsToLatticeTables(ws, rulings: [rule(8), rule(38), rule(70)], page: 1, settings: PDFTableSettings()).tables
  #expect(texts(t.first) == [
    ["Dienst", "Saldo 1/1/2020", "Saldo 31/12/2020"], ["Onthaal", "707", "841"], ["Woonzorg", "188", "141"],
  ])
}

@Test func ruledRows_labelWrappedAboveItsFigures_oneRow() {
  // The label's first line stands alone; its figures sit on the line that ends it.
  var ws = words([("Dienst", 20), ("2019", 200)], y: 12)
  ws += words([("A1 Handelsvorderingen", 20), ("49,69", 200)], y: 32)
  ws += words([("A2 Overlopende", 20)], y: 50)
  ws += words([("rekeningen (activa)", 20), ("15,09", 200)], y: 62)
  ws += words([("Totaal", 20), ("64,78", 200)], y: 80)
  let rules = [rule(8), rule(28), rule(46), rule(76), rule(94)]
  let t = wordsToLatticeTables(ws, rulings: rules, page: 1, settings: PDFTableSettings()).tables
  #expect(texts(t.first) == [
    ["Dienst", "2019"], ["A1 Handelsvorderingen", "49,69"], ["A2 Overlopende rekeningen (activa)", "15,09"],
    ["Totaal", "64,78"],
  ])
}

@Test func streamRows_labelBrokenAtHyphenAboveItsFigures_oneRow() {
  var ws = words([("Dienst", 20), ("Aantal", 200)], y: 0)
  ws += words([("Vormingsuren", 20), ("4 626", 200)], y: 14)
  ws += words([("Ritten minder-", 20)], y: 28)
  ws += words([("mobielen", 20), ("161", 200)], y: 42)
  ws += words([("Dagopvang", 20), ("5 003", 200)], y: 56)
  let s = PDFTableSettings()
  let lines = wordsToLines(ws, overlap: s.layout.lineOverlap, chunkGapEm: s.layout.cellGapEm)
  #expect(texts(regionToTable(lines, page: 1, bodySize: 10, settings: s)) == [
    ["Dienst", "Aantal"], ["Vormingsuren", "4 626"], ["Ritten minder-mobielen", "161"], ["Dagopvang", "5 003"],
  ])
}

@Test func streamRows_groupLabelAboveRow_staysItsOwnRow() {
  // A capitalised label alone at row spacing heads a group: it is no first line of the next label.
  var ws = words([("Dienst", 20), ("Aantal", 200)], y: 0)
  ws += words([("Vormingsuren", 20), ("4 626", 200)], y: 14)
  ws += words([("Lasten", 20)], y: 28)
  ws += words([("Personeel", 20), ("161", 200)], y: 42)
  ws += words([("Dagopvang", 20), ("5 003", 200)], y: 56)
  let s = PDFTableSettings()
  let lines = wordsToLines(ws, overlap: s.layout.lineOverlap, chunkGapEm: s.layout.cellGapEm)
  #expect(texts(regionToTable(lines, page: 1, bodySize: 10, settings: s))?.map { $0[0] } == [
    "Dienst", "Vormingsuren", "Lasten", "Personeel", "Dagopvang",
  ])
}

@Test func streamRows_labelAboveBracketedNote_oneRow() {
  var ws = words([("Dienst", 20), ("Aantal", 200)], y: 0)
  ws += words([("Vormingsuren", 20), ("4 626", 200)], y: 14)
  ws += words([("Kortverblijf", 20)], y: 28)
  ws += words([("(toelichting 2.2)", 20), ("34,9", 200)], y: 42)
  ws += words([("Dagopvang", 20), ("5 003", 200)], y: 56)
  let s = PDFTableSettings()
  let lines = wordsToLines(ws, overlap: s.layout.lineOverlap, chunkGapEm: s.layout.cellGapEm)
  #expect(texts(regionToTable(lines, page: 1, bodySize: 10, settings: s))?.map { $0[0] } == [
    "Dienst", "Vormingsuren", "Kortverblijf (toelichting 2.2)", "Dagopvang",
  ])
}

@Test func mergeHeaderLines_groupOverSubGroups_threeLevels() {
  // "stad Breda" over "Uitgaven" and "Ontvangsten", each over two columns: three header rows.
  func cell(_ t: String, _ x0: Double, _ x1: Double, _ y: Double, span: Int = 1) -> GridCell {
    GridCell(text: t, box: BoundingBox(x0: x0, y0: y, x1: x1, y1: y + 10), isBold: false, span: span)
  }
  let top = LaidRow(
    cells: [cell("in k€", 10, 40, 0)] + Array(repeating: cell("stad Breda", 200, 260, 0, span: 4), count: 4),
    box: BoundingBox(x0: 10, y0: 0, x1: 400, y1: 10), labelX0: 10)
  let mid = LaidRow(
    cells: [GridCell.empty] + Array(repeating: cell("Uitgaven", 130, 170, 12, span: 2), count: 2)
      + Array(repeating: cell("Ontvangsten", 290, 350, 12, span: 2), count: 2),
    box: BoundingBox(x0: 130, y0: 12, x1: 350, y1: 22), labelX0: nil)
  let low = LaidRow(
    cells: [GridCell.empty, cell("Raming", 100, 140, 24), cell("Werkelijk", 160, 200, 24), cell("Raming", 260, 300, 24),
      cell("Werkelijk", 320, 360, 24)],
    box: BoundingBox(x0: 100, y0: 24, x1: 360, y1: 34), labelX0: nil)
  let merged = mergeHeaderLines([top, mid, low], count: 3, bandGap: 5)
  #expect(merged.count == 3)
  #expect(merged.rows.map { $0.cells.map(\.text) } == [
    ["in k€", "stad Breda", "stad Breda", "stad Breda", "stad Breda"],
    ["", "Uitgaven", "Uitgaven", "Ontvangsten", "Ontvangsten"],
    ["", "Raming", "Werkelijk", "Raming", "Werkelijk"],
  ])
}
