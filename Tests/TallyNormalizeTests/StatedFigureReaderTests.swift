import TallyCore
import Testing

@testable import TallyNormalize

@Suite struct StatedFigureReaderTests {
  @Test func statedFigure_sentenceWithUnitWord_isRead() {
    let reader = StatedFigureReader(settings: NormalizeSettings())
    let figures = reader.figures(inSentence: "In 2023 zijn er in totaal 6 601,50 uren georganiseerd.", page: 3)
    #expect(figures.map(\.raw) == ["6 601,50"])
    #expect(figures.first?.unit.kind == .hours)
  }

  @Test func statedFigure_tableRowFlowedAsText_statesNothing() {
    // A table the extractor missed reads as one long "sentence" of figures and labels; a label
    // after a figure ("Ontvangsten") is no unit word of it.
    let reader = StatedFigureReader(settings: NormalizeSettings())
    let row = "Musea 39 737 267,92 -19 787 497,28 51 255 318,33 60 486 953,34 45 825 661,35 Ontvangsten uit de verkoop"
    #expect(reader.figures(inSentence: row, page: 124).isEmpty)
  }

  @Test func statedFigure_twoFiguresInARow_stillRead() {
    var settings = NormalizeSettings()
    settings.statedFiguresMaxRun = 2
    let reader = StatedFigureReader(settings: settings)
    #expect(reader.figures(inSentence: "Dat is 2023 120 uren opleiding.", page: 1).count == 1)
  }

  @Test func statedFigure_scaleNoteAfterMultiplier_statesNothing() {
    let reader = StatedFigureReader(settings: NormalizeSettings())
    #expect(reader.figures(inSentence: "Tabel 10.2 - Balans (bedragen x € 1.000)", page: 91).isEmpty)
    #expect(reader.figures(inSentence: "Bedragen × 1.000 euro", page: 91).isEmpty)
    // A figure after a word ending in x is still read.
    #expect(reader.figures(inSentence: "De tax bedraagt € 1.000 per jaar.", page: 91).map(\.raw) == ["€ 1.000"])
  }

  @Test func statedFigure_keyFigureReadAsHeading_onlyFigureAfterColonRead() {
    let reader = StatedFigureReader(settings: NormalizeSettings())
    let blocks = [
      TextBlock(text: "totale kosten: 876,4 miljoen euro", page: 2, isHeading: true),
      TextBlock(text: "3.2 Personeel: 1.200 uren in 2023", page: 2, isHeading: true),
      TextBlock(text: "Hoofdstuk 3 1.200 uren", page: 2, isHeading: true),
    ]
    #expect(reader.figures(in: blocks).map(\.raw) == ["876,4 miljoen", "1.200"])
  }

  @Test func labelledFigures_proseCellsWithKeyFigureLine_readOnlyTheLabelledFigure() {
    let reader = StatedFigureReader(settings: NormalizeSettings())
    let cells: [(text: String, page: Int?)] = [
      ("balanstotaal: 4.038,54 mln €", 2), ("De totale omzet bedroeg circa 13,3 miljoen euro.", 2),
    ]
    let figures = reader.labelledFigures(inCells: cells)
    #expect(figures.map(\.raw) == ["4.038,54 mln"])
    #expect(figures.first?.unit.kind == .eur)
    #expect(figures.first?.page == 2)
  }

  @Test func labelledFigures_cardCellFigureWithUnitWord_read() {
    let reader = StatedFigureReader(settings: NormalizeSettings())
    let cells: [(text: String, page: Int?)] = [("7.691.685,9 uren", 1), ("circa 1.200 uren per jaar", 1)]
    let figures = reader.labelledFigures(inCells: cells)
    #expect(figures.map(\.raw) == ["7.691.685,9"])
    #expect(figures.first?.unit.kind == .hours)
  }
}
