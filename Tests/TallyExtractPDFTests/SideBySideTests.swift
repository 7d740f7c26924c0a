import Testing
import TallyCore
@testable import TallyExtractPDF

// Two tables set side by side, read as one by a finder, cut apart; on synthesised tables (no PDF
// involved).

/// Column x-ranges: label, figure, figure, label, figure, figure.
private let xs: [ClosedRange<Double>] = [50...150, 160...200, 210...250, 300...400, 410...450, 460...500]

private func pageTable(_ rows: [[String]], columns: [ClosedRange<Double>] = xs) -> PageTable {
  let cells = rows.enumerated().map { r, row in
    row.enumerated().map { c, text in
      GridCell(
        text: text,
        box: text.isEmpty ? nil : BoundingBox(x0: columns[c].lowerBound, y0: Double(r) * 14, x1: columns[c].upperBound, y1: Double(r) * 14 + 10),
        isBold: false)
    }
  }
  let boxes = rows.indices.map { BoundingBox(x0: 50, y0: Double($0) * 14, x1: 500, y1: Double($0) * 14 + 10) }
  return PageTable(
    page: 1, box: BoundingBox(x0: 50, y0: 0, x1: 500, y1: Double(rows.count) * 14), columns: columns, rows: cells,
    rowBoxes: boxes, indents: rows.map { _ in 0 }, headerRowCount: 1, kind: .stream)
}

@Test func tablesSideBySide_assetsBesideLiabilities_twoTables() {
  let t = pageTable([
    ["Activa", "2023", "%", "Passiva", "2023", "%"],
    ["Vaste activa", "38 195", "14%", "Eigen vermogen", "19", "1%"],
    ["Vorderingen", "266", "19%", "Leveranciers", "31", "8%"],
    ["Totaal activa", "38 461", "33%", "", "", ""],
  ])
  let out = tablesSideBySide(t, bodySize: 10, settings: PDFTableShapeSettings())
  #expect(out.count == 2)
  #expect(out.first?.rows.map { $0.map(\.text) } == [
    ["Activa", "2023", "%"], ["Vaste activa", "38 195", "14%"], ["Vorderingen", "266", "19%"], ["Totaal activa", "38 461", "33%"],
  ])
  #expect(out.last?.rows.map { $0.map(\.text) } == [
    ["Passiva", "2023", "%"], ["Eigen vermogen", "19", "1%"], ["Leveranciers", "31", "8%"],
  ])
  #expect(out.last?.headerRowCount == 1)
}

@Test func tablesSideBySide_columnOfNotesBetweenFigures_staysOneTable() {
  // A text column that holds a note in one row only is no second table's labels.
  let t = pageTable([
    ["Dienst", "2023", "%", "Toelichting", "2022", "%"],
    ["Onthaal", "38 195", "14%", "", "35 000", "12%"],
    ["Woonzorg", "266", "19%", "zie noot 3", "250", "18%"],
    ["Totaal", "38 461", "33%", "", "35 250", "30%"],
  ])
  #expect(tablesSideBySide(t, bodySize: 10, settings: PDFTableShapeSettings()).count == 1)
}

@Test func tablesSideBySide_noGutterBeforeTextColumn_staysOneTable() {
  // Labels set right after the figures, without a gutter: one table with a text column.
  let tight: [ClosedRange<Double>] = [50...150, 160...200, 210...250, 255...355, 360...400, 410...450]
  let t = pageTable([
    ["Dienst", "2023", "%", "Soort", "2022", "%"],
    ["Onthaal", "38 195", "14%", "Eigen", "35 000", "12%"],
    ["Woonzorg", "266", "19%", "Extern", "250", "18%"],
  ], columns: tight)
  #expect(tablesSideBySide(t, bodySize: 10, settings: PDFTableShapeSettings()).count == 1)
}

@Test func tablesSideBySide_columnOfUnitsBeforePrices_staysOneTable() {
  // "m²" and "stuks" beside the quantities repeat short words: units, not a second table's labels.
  let t = pageTable([
    ["Omschrijving", "Nr", "Aantal", "Eenheid", "Prijs", "Totaal"],
    ["Drijflichaam", "1", "26.85", "m³", "€1.194,73", "€32.072,90"],
    ["Rachel", "2", "31.80", "m²", "€2,64", "€83,96"],
    ["Folie", "3", "31.80", "m²", "€4,47", "€142,15"],
    ["Ankers", "4", "4", "stuks", "€1,19", "€4,76"],
  ])
  #expect(tablesSideBySide(t, bodySize: 10, settings: PDFTableShapeSettings()).count == 1)
}
