import Testing
import TallyCore
@testable import TallyExtractPDF

// Lists, numbered articles and prose laid out on columns are text, not tables; tables with
// figures stay tables however wordy their labels. Synthesised character boxes, no PDF.

private let regular = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// Characters of `text` from `x` on the line at `y`, 5 pt per character (3 pt for a space).
private func glyphs(_ text: String, x: Double, y: Double) -> [Glyph] {
  var out: [Glyph] = []
  var cx = x
  for s in text.unicodeScalars {
    out.append(Glyph(scalar: s, box: BoundingBox(x0: cx, y0: y, x1: cx + 5, y1: y + 10), font: regular))
    cx += s == " " ? 3 : 5
  }
  return out
}

private func row(_ cells: [(String, Double)], y: Double) -> [Word] {
  glyphsToWords(cells.flatMap { glyphs($0.0, x: $0.1, y: y) }, gapEm: 0.15)
}

private func table(_ words: [Word], settings: PDFTableSettings = PDFTableSettings()) -> PageTable? {
  let lines = wordsToLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
  return regionToTable(lines, page: 1, bodySize: 10, settings: settings)
}

@Test func textIsListMarker_bulletsNumbersLetters_yesFiguresAndWords_no() {
  for m in ["•", "●", "-", "1.", "12.", "a.", "b)", "(3)", "iv."] { #expect(textIsListMarker(m), "\(m)") }
  for t in ["1.234", "2024", "12", "Totaal", "A.", "1.000.", "€"] where t != "€" {
    #expect(!textIsListMarker(t), "\(t)")
  }
}

@Test func regionToTable_numberedArticlesWithHangingIndent_notATable() {
  var words: [Word] = []
  words += row([("1.", 10), ("Het college kan bij besluit weggedeelten aanwijzen waar parkeren", 40)], y: 0)
  words += row([("verboden is voor iedereen zonder vergunning.", 40)], y: 12)
  words += row([("2.", 10), ("Het college kan regels stellen voor het aanvragen van een vergunning", 40)], y: 28)
  words += row([("3.", 10), ("Een vergunning wordt verleend voor ten hoogste een jaar.", 40)], y: 44)
  #expect(table(words) == nil)
}

@Test func regionToTable_bulletList_notATable() {
  var words: [Word] = []
  words += row([("•", 10), ("Programma een: veiligheid", 30)], y: 0)
  words += row([("•", 10), ("Programma twee: mens", 30)], y: 14)
  words += row([("•", 10), ("Programma drie: bestuur", 30)], y: 28)
  #expect(table(words) == nil)
}

@Test func regionToTable_numberedRowsWithFigures_stayATable() throws {
  var words: [Word] = []
  words += row([("1.", 10), ("Renteherzieningen", 30), ("120", 200), ("140", 260)], y: 0)
  words += row([("2.", 10), ("Aflossingen", 30), ("35", 205), ("0", 270)], y: 14)
  words += row([("3.", 10), ("Renterisico", 30), ("155", 200), ("140", 260)], y: 28)
  let t = try #require(table(words))
  #expect(t.rows.count == 3)
  #expect(t.rows[1].map(\.text) == ["2.", "Aflossingen", "35", "0"])
}

@Test func regionToTable_paragraphsBesideSideNotes_notATable() {
  // A margin column of short notes beside a paragraph: most words are lines of prose alone.
  var words: [Word] = []
  words += row([("Datum:", 10), ("In deze verordening wordt verstaan onder de volgende begrippen", 120)], y: 0)
  words += row([("een parkeerplaats die is aangeduid met een bord van", 120)], y: 12)
  words += row([("het college en die niet gelegen is binnen een zone", 120)], y: 24)
  words += row([("waar betaald parkeren geldt op alle dagen van de week", 120)], y: 36)
  words += row([("18-12-2024", 10), ("en ook op zon- en feestdagen van negen tot vijf", 120)], y: 48)
  #expect(table(words) == nil)
}

@Test func regionToTable_wordyLabelAboveFigureRows_staysATable() throws {
  var words: [Word] = []
  words += row([("Vergunningen", 10), ("kosten", 300), ("baten", 360)], y: 0)
  words += row([("- Horeca - Evenementen organiseren - Markten - Kamperen - Standplaatsen", 10)], y: 14)
  words += row([("Totaal vergunningen", 10), ("10.000", 295), ("6.000", 360)], y: 28)
  words += row([("Totaal leges", 10), ("12.000", 295), ("7.000", 360)], y: 42)
  let t = try #require(table(words))
  #expect(t.rows.last?.map(\.text) == ["Totaal leges", "12.000", "7.000"])
}

@Test func regionToTable_signSetApartFromItsFigure_oneCell() throws {
  var words: [Word] = []
  words += row([("Bankkosten", 10), ("100,00", 200), ("135,00", 300)], y: 0)
  words += row([("Reiskosten", 10), ("300,00", 200), ("250,00", 300)], y: 14)
  // Accounting style: the minus at the left of the cell, the figure right-aligned.
  words += row([("RESULTAAT", 10), ("275,31", 200), ("-", 270), ("935,00", 300)], y: 28)
  let t = try #require(table(words))
  #expect(t.rows.map { $0.map(\.text) } == [
    ["Bankkosten", "100,00", "135,00"], ["Reiskosten", "300,00", "250,00"], ["RESULTAAT", "275,31", "- 935,00"],
  ])
}

@Test func regionToTable_dashInItsOwnColumnBesideFigure_staysApart() throws {
  var words: [Word] = []
  words += row([("Bijdragen", 10), ("300,00", 200), ("350,00", 300)], y: 0)
  words += row([("Opnames", 10), ("-", 220), ("224,59", 300)], y: 14)
  words += row([("Donaties", 10), ("400,00", 200), ("067,00", 300)], y: 28)
  let t = try #require(table(words))
  #expect(t.rows[1].map(\.text) == ["Opnames", "-", "224,59"])
}

@Test func linesToRegions_numberedCaptionAboveTable_leftOut() {
  var words: [Word] = []
  words += row([("Tabel 10.1 - Verwachte portefeuille per 1 januari", 10), ("(bedragen x 1.000)", 300)], y: 0)
  words += row([("Rekening courant", 10), ("143", 300)], y: 20)
  words += row([("Leningen", 10), ("4.834", 295)], y: 34)
  let settings = PDFTableSettings()
  let lines = wordsToLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
  #expect(lineIsNumberedCaption(lines[0]))
  let regions = linesToRegions(lines, bodySize: 10, settings: settings)
  #expect(regions.map(\.lines) == [1..<3])
}

@Test func lineIsNumberedCaption_captionBesideColumnHeaders_no() {
  // The caption shares its line with the years heading the columns: it is the header row.
  let settings = PDFTableSettings()
  let words = row([("Tabel 11.1 - Meerjarenbeeld", 10), ("2024", 300), ("2025", 360)], y: 0)
  let lines = wordsToLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm)
  #expect(!lineIsNumberedCaption(lines[0]))
  let label = wordsToLines(row([("Programma 1", 10), ("2024", 300)], y: 0), overlap: 0.5, chunkGapEm: 0.6)
  #expect(!lineIsNumberedCaption(label[0]))
}
