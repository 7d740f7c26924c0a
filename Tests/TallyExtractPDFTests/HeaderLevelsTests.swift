import Testing
import TallyCore
@testable import TallyExtractPDF

// A header level over a group of columns is found even when it is not centred on the columns'
// text (right-aligned figures, a cell given a column of its own), so that it is not fused with
// the column heads under it.

private func cell(_ t: String, _ x0: Double, _ x1: Double, _ y: Double) -> GridCell {
  GridCell(text: t, box: BoundingBox(x0: x0, y0: y, x1: x1, y1: y + 10), isBold: false, span: 1)
}

private func row(_ cells: [GridCell], _ y: Double) -> LaidRow {
  LaidRow(cells: cells, box: BoundingBox(x0: 20, y0: y, x1: 540, y1: y + 10), labelX0: 20)
}

private func widened(_ rows: [LaidRow], columns: [ClosedRange<Double>]) -> [[String]] {
  widenCenteredHeaderCells(rows, count: 2, columns: columns, tolerance: 5, share: 0.04).map { $0.cells.map(\.text) }
}

@Test func widenHeader_cellReachingIntoBothColumnsText_spansThem() {
  // "Uitgaven" sits left of the centre of Budget and Realisatie, but reaches into both.
  let rows = [
    row([cell("Art.", 20, 40, 0), cell("Uitgaven", 165, 205, 0), .empty], 0),
    row([.empty, cell("Budget", 150, 180, 12), cell("Realisatie", 190, 240, 12)], 12),
    row([cell("Onthaal", 20, 55, 24), cell("41,6", 160, 180, 24), cell("12,8", 220, 240, 24)], 24),
  ]
  let out = widened(rows, columns: [20...60, 150...180, 190...240])
  #expect(out[0] == ["Art.", "Uitgaven", "Uitgaven"])
  #expect(out[1] == ["", "Budget", "Realisatie"])
}

@Test func widenHeader_cellCentredBetweenPreviousColumnEndAndGroupEnd_spansGroup() {
  // Right-aligned columns: "Exploitatie" is centred between the end of the column before the
  // group and the group's end, not over the group's text.
  let rows = [
    row([cell("Omschrijving", 20, 60, 0), cell("Aantal", 80, 110, 0), cell("Exploitatie", 175, 195, 0), .empty], 0),
    row([.empty, .empty, cell("Uitgaven", 140, 180, 12), cell("Ontvangsten", 200, 260, 12)], 12),
    row([cell("Zorg", 20, 40, 24), cell("3", 100, 110, 24), cell("5", 170, 180, 24), cell("2", 250, 260, 24)], 24),
  ]
  let out = widened(rows, columns: [20...60, 80...110, 140...180, 200...260])
  #expect(out[0] == ["Omschrijving", "Aantal", "Exploitatie", "Exploitatie"])
}

@Test func widenHeader_cellWithNothingUnderItsColumn_headsTheGroupHoldingIt() {
  // "Statuut" was given a column of its own, off the centre of the three columns it heads.
  let rows = [
    row([cell("Omschrijving", 66, 124, 0), .empty, cell("Statuut", 383.8, 414.8, 0), .empty, .empty], 0),
    row([.empty, cell("Contractueel", 307, 362, 12), .empty, cell("Statutair", 407, 443.5, 12),
      cell("Vervangers", 484, 532.5, 12)], 12),
    row([cell("Zorg", 66, 90, 24), cell("3", 357, 362, 24), .empty, cell("3", 438.5, 443.5, 24),
      cell("2", 527.5, 532.5, 24)], 24),
  ]
  let out = widened(rows, columns: [66...148, 307...362, 383.8...400, 407...443.5, 484...532.5])
  #expect(out[0] == ["Omschrijving", "Statuut", "Statuut", "Statuut", "Statuut"])
}

@Test func mergeHeaderLines_spanningRowSetApartUnderSameSpan_isItsOwnLevel() {
  // "Kosten" spans the columns "Boekjaar 2024" spans, set a line's gap under it: two levels.
  func spanning(_ t: String, _ y: Double) -> [GridCell] {
    var c = cell(t, 150, 210, y)
    c.span = 3
    return [.empty] + Array(repeating: c, count: 3)
  }
  let top = row(spanning("Boekjaar 2024", 0), 0)
  let mid = row(spanning("Kosten", 20), 20)
  let low = row([.empty, cell("Budget", 100, 130, 32), cell("Realisatie", 160, 200, 32), cell("Verschil", 230, 270, 32)], 32)
  let merged = mergeHeaderLines([top, mid, low], count: 3, bandGap: 5)
  #expect(merged.rows.map { $0.cells.map(\.text) } == [
    ["", "Boekjaar 2024", "Boekjaar 2024", "Boekjaar 2024"],
    ["", "Kosten", "Kosten", "Kosten"],
    ["", "Budget", "Realisatie", "Verschil"],
  ])
}
