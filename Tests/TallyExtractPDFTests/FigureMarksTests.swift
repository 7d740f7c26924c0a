import Testing
import TallyCore
@testable import TallyExtractPDF

// Footnote markers printed before figures in the figures' own size, split off by the footnotes
// under the table; on synthesised tables (no PDF involved).

private func cell(_ text: String) -> GridCell { GridCell(text: text, box: nil, isBold: false) }

private func pageTable(_ rows: [[String]], header: Int = 1) -> PageTable {
  PageTable(
    page: 1, box: BoundingBox(x0: 10, y0: 10, x1: 300, y1: 100), columns: [10...100, 200...300],
    rows: rows.map { $0.map(cell) }, rowBoxes: [], indents: [], headerRowCount: header, kind: .stream)
}

@Test func footnoteMarkers_numberedNotes_giveTheirNumbers() {
  let markers = footnoteMarkers(["19 Exclusief tijdelijke contracten.", "3) Bron: eigen registratie.", "2023 12 345"])
  #expect(markers == ["19", "3"])
}

@Test func tableWithoutFigureMarks_markerNamedByFootnote_splitOff() {
  let t = pageTable([["Rubriek", "Kosten"], ["Kortverblijf", "19 13 557,32"], ["Dagbesteding", "20 67 786,61"], ["Totaal", "81 343,93"]])
  let out = tableWithoutFigureMarks(t, markers: ["19", "20"])
  #expect(out.rows.map { $0[1].text } == ["Kosten", "13 557,32", "67 786,61", "81 343,93"])
}

@Test func tableWithoutFigureMarks_markerNoFootnoteNames_kept() {
  let t = pageTable([["Rubriek", "Kosten"], ["Kortverblijf", "3 43,51"]])
  #expect(tableWithoutFigureMarks(t, markers: ["19"]).rows[1][1].text == "3 43,51")
}

@Test func tableWithoutFigureMarks_groupedFiguresSharingTheMarker_kept() {
  // "1 234" and "1 567" read whole as figures: a note "1" under the table does not make both
  // of them marked.
  let t = pageTable([["Rubriek", "Kosten"], ["A", "1 234"], ["B", "1 567"]])
  #expect(tableWithoutFigureMarks(t, markers: ["1"]).rows.map { $0[1].text } == ["Kosten", "1 234", "1 567"])
}

@Test func tableWithoutFigureMarks_groupedFigureWithItsOwnMarker_splitOff() {
  let t = pageTable([["Rubriek", "Kosten"], ["A", "20 216 264,6"], ["B", "1 567"]])
  #expect(tableWithoutFigureMarks(t, markers: ["20"]).rows[1][1].text == "216 264,6")
}

@Test func textIsGroupedFigure_groupsOfThree_only() {
  #expect(textIsGroupedFigure("20 216 264,6"))
  #expect(!textIsGroupedFigure("19 13 557,32"))
  #expect(!textIsGroupedFigure("14 0,56"))
  #expect(!textIsGroupedFigure("11 (100,0%)"))
}
