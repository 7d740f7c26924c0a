import TallyCore
import Testing

@testable import TallyNormalize

private func markedTable(footnotes: [String]) -> ExtractedTable {
  var table = fixtureTable(
    """
    \t2023\t2022
    Liquide middelen\t23 489,5\t24 10 123,3
    Voorraden\t30 234,5\t1 971,7
    Vorderingen\t3 43,5\t4 0,31 %
    """, headerRows: 1, title: "Activa")
  table.footnotes = footnotes
  return table
}

private func cell(_ table: NormalizedTable, _ label: String, _ column: Int) -> NormalizedCell? {
  row(table, label)?.cells[column]
}

@Test func normalize_footnoteMarkerBeforeFigure_isTheNoteAndTheFigureTheValue() {
  let table = Normalizer().normalize(
    fixtureDocument([markedTable(footnotes: ["24 Voorlopige cijfers.", "30 Bron: eigen registratie."])])
  ).tables[0]
  let glued = cell(table, "Liquide middelen", 2)?.number
  #expect(glued?.value == decimal("10123.3"))
  #expect(glued?.note == "24")
  // "30 234,5" would read as 30 234,5 without the footnote.
  let hidden = cell(table, "Voorraden", 1)?.number
  #expect(hidden?.value == decimal("234.5"))
  #expect(hidden?.note == "30")
}

@Test func normalize_leadingIntegerWithoutAFootnote_isAnUnexplainedMarkerWhenTheRestFitsTheColumn() {
  let table = Normalizer().normalize(fixtureDocument([markedTable(footnotes: ["24 Voorlopige cijfers."])])).tables[0]
  // "3 43,5" among figures with one decimal: 43,5 after marker 3, or 343,5 with a stray space.
  let marked = cell(table, "Vorderingen", 1)?.number
  #expect(marked?.value == decimal("43.5"))
  #expect(marked?.note == "3")
  #expect(marked?.unexplainedMarker != nil)
  #expect(marked?.alternative == decimal("343.5"))
  // "4 0,31 %" in a column without percent signs fits no reading: malformed.
  guard case .malformed = cell(table, "Vorderingen", 2)?.content else {
    Issue.record("'4 0,31 %' among amounts must stay malformed")
    return
  }
  // A figure read after an unexplained marker gives no fact until a relation confirms it.
  #expect(!Normalizer().normalize(fixtureDocument([markedTable(footnotes: [])])).facts.contains { $0.raw == "3 43,5" })
}

@Test func normalize_validFigureOpeningWithAShortGroup_keepsItsValueWithTheUnmarkedAlternative() {
  let table = Normalizer().normalize(fixtureDocument([markedTable(footnotes: [])])).tables[0]
  let figure = cell(table, "Voorraden", 1)?.number
  #expect(figure?.value == decimal("30234.5"))
  #expect(figure?.alternative == decimal("234.5"))
  #expect(figure?.unexplainedMarker == nil)
}

@Test func normalize_shortPlainFiguresSideBySide_stayMalformedNotAMarker() {
  let table = fixtureTable("Kengetal\t2023\nA\t75\nB\t21\nC\t31 23", headerRows: 1)
  let rows = Normalizer().normalize(fixtureDocument([table])).tables[0].rows
  guard case .malformed = rows[2].cells[1].content else {
    Issue.record("'31 23' is two figures side by side, got \(rows[2].cells[1].content)")
    return
  }
}

@Test func figureMarkers_takeOnlyIntegersThatOpenAWordedFootnote() {
  let marks = FigureMarkers(footnotes: ["24 Voorlopige cijfers.", "3) Bron: eigen registratie.", "2023 12 345", "1234 Lange code"])
  #expect(marks.markers == ["24", "3"])
  #expect(marks.split("24 10 123,3")?.figure == "10 123,3")
  #expect(marks.split("3 43,5")?.marker == "3")
  #expect(marks.split("25 4 830,9") == nil)
  #expect(marks.split("24") == nil)
}

@Test func normalize_markerNamedOnlyByAPageLine_explainsMalformedFiguresButNotValidOnes() {
  var table = markedTable(footnotes: [])
  table.pages = [1]
  let document = fixtureDocument(
    [table], text: [TextBlock(text: "24 Voorlopige cijfers.", page: 1), TextBlock(text: "30 Na herberekening.", page: 1)])
  let normalized = Normalizer().normalize(document).tables[0]
  #expect(cell(normalized, "Liquide middelen", 2)?.number?.value == decimal("10123.3"))
  #expect(cell(normalized, "Liquide middelen", 2)?.number?.note == "24")
  // "30 234,5" reads as a figure by itself: a page line alone does not split it.
  #expect(cell(normalized, "Voorraden", 1)?.number?.value == decimal("30234.5"))
}

@Test func normalize_markerInTheFootnotesOfATableBesideIt_explainsAMalformedFigure() {
  var table = markedTable(footnotes: [])
  table.pages = [1]
  var beside = fixtureTable("Beginsaldo\t12", headerRows: 0)
  beside.pages = [1]
  beside.footnotes = ["24 Voorlopige cijfers."]
  let normalized = Normalizer().normalize(fixtureDocument([beside, table])).tables[1]
  #expect(cell(normalized, "Liquide middelen", 2)?.number?.note == "24")
}

@Test func normalize_validFigureSplitByANamedMarker_keepsThePrintedValueAsAlternative() {
  let table = Normalizer().normalize(
    fixtureDocument([markedTable(footnotes: ["30 Bron: eigen registratie."])])
  ).tables[0]
  // "30 234,5" with a footnote 30: 234,5 after the marker, or the figure 30 234,5 as printed.
  let figure = cell(table, "Voorraden", 1)?.number
  #expect(figure?.value == decimal("234.5"))
  #expect(figure?.alternative == decimal("30234.5"))
}
