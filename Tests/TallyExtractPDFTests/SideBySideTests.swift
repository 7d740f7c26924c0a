import Testing
import TallyCore
@testable import TallyExtractPDF

// Tables side by side and a table beside prose, on synthesised character boxes.

private let regular = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// Words of one line: each (text, x) set from x, 5 pt per character, box [y, y + 10].
private func row(_ cells: [(String, Double)], y: Double) -> [Word] {
  var glyphs: [Glyph] = []
  for (text, x) in cells {
    var cx = x
    for s in text.unicodeScalars {
      glyphs.append(Glyph(scalar: s, box: BoundingBox(x0: cx, y0: y, x1: cx + 5, y1: y + 10), font: regular))
      cx += s == " " ? 3 : 5
    }
  }
  return glyphsToWords(glyphs, gapEm: 0.15)
}

private func lines(_ words: [Word]) -> [TextLine] {
  let s = PDFTableSettings()
  return wordsToLines(words, overlap: s.lineOverlap, chunkGapEm: s.cellGapEm)
}

/// Two small tables side by side: labels and figures at left, labels and figures from x = 300.
private func twoTables() -> [Word] {
  var words: [Word] = []
  words += row([("Activa", 10), ("2023", 200), ("Passiva", 300), ("2023", 490)], y: 0)
  let left = ["Gebouwen", "Voorraden", "Totaal activa"]
  let right = ["Eigen vermogen", "Schulden", "Totaal passiva"]
  for k in 0..<3 {
    words += row([(left[k], 10), ("1" + String(k) + "0", 200), (right[k], 300), ("2" + String(k) + "0", 490)],
      y: 14 * Double(k + 1))
  }
  return words
}

@Test func sideSplits_twoTablesSideBySide_oneSplitBetween() throws {
  let splits = linesToSideSplits(lines(twoTables()), bodySize: 10)
  let s = try #require(splits.first)
  #expect(splits.count == 1)
  // Between the left figures (ending at 215) and the right labels (from 300).
  #expect(s.x > 215 && s.x < 300)
  // The heads line joins the band.
  #expect(s.top <= 0)
}

@Test func pageItems_twoTablesSideBySide_twoTables() {
  let items = pageToItemsBySide(words: twoTables(), rulings: [], page: 1, bodySize: 10, settings: PDFTableSettings())
  let tables = items.compactMap { item -> PageTable? in
    if case .table(let t) = item { return t }
    return nil
  }
  #expect(tables.count == 2)
  #expect(tables.first?.rows.last?.map(\.text) == ["Totaal activa", "120"])
  #expect(tables.last?.rows.last?.map(\.text) == ["Totaal passiva", "220"])
}

@Test func sideSplits_oneTableWithFigureColumns_none() {
  var words: [Word] = []
  for k in 0..<4 {
    words += row([("Post " + String(k), 10), ("1" + String(k) + "0", 200), ("2" + String(k) + "0", 300)], y: 14 * Double(k))
  }
  #expect(linesToSideSplits(lines(words), bodySize: 10).isEmpty)
}

@Test func sideSplits_ruleAcrossGutter_oneRuledTable() throws {
  let s = try #require(linesToSideSplits(lines(twoTables()), bodySize: 10).first)
  let across = Ruling(axis: .horizontal, position: 12, start: 5, end: 520)
  let leftOnly = Ruling(axis: .horizontal, position: 12, start: 5, end: 220)
  #expect(ruleCrossesGutter(s, rulings: [across], margin: 20))
  #expect(!ruleCrossesGutter(s, rulings: [leftOnly], margin: 20))
}
