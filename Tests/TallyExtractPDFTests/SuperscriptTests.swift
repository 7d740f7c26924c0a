import Testing
import TallyCore
@testable import TallyExtractPDF

// Superscript footnote markers, on synthesised character boxes (no PDF involved).

private let body = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// Characters of `text` from `x`, each `advance` wide, on a box from `top` to `top + height`.
private func glyphs(_ text: String, x: Double, top: Double, height: Double, advance: Double, font: FontStyle)
  -> [Glyph]
{
  var out: [Glyph] = []
  var cx = x
  for s in text.unicodeScalars {
    out.append(Glyph(scalar: s, box: BoundingBox(x0: cx, y0: top, x1: cx + advance, y1: top + height), font: font))
    cx += advance
  }
  return out
}

/// `text` at body size (10 pt, box 100...112) from `x`, then `marker` at `ratio` of the size,
/// raised by `rise` ems, `gap` pt after it.
private func wordsWithMarker(_ text: String, marker: String, ratio: Double, rise: Double, gap: Double = 0.5)
  -> [Word]
{
  let base = glyphs(text, x: 50, top: 100, height: 12, advance: 5, font: body)
  let end = 50 + 5 * Double(text.unicodeScalars.count)
  let small = FontStyle(name: "DejaVuSans", size: 10 * ratio, color: 0)
  let h = 12 * ratio
  // Same baseline (bottom of the box, 112) less the rise.
  let top = 112 - rise * 10 - h
  let mark = glyphs(marker, x: end + gap, top: top, height: h, advance: 5 * ratio, font: small)
  return glyphsToWords(base + mark, gapEm: 0.15)
}

@Test func superscript_letterAfterFigure_leftOut() {
  let words = wordsWithMarker("411.362", marker: "a", ratio: 0.65, rise: 0.3)
  #expect(words.map(\.text) == ["411.362", "a"])
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == ["411.362"])
}

@Test func superscript_bracketedDigitAfterLabel_leftOut() {
  let words = wordsWithMarker("Personeel", marker: "1)", ratio: 0.7, rise: 0.33, gap: 2.5)
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == ["Personeel"])
}

@Test func superscript_smallWordOnSameBaseline_kept() {
  // A smaller word on the same baseline (a unit, a small-caps note) is text.
  let words = wordsWithMarker("411.362", marker: "k", ratio: 0.7, rise: 0, gap: 3)
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == words.map(\.text))
  #expect(words.count == 2)
}

@Test func superscript_raisedButSameSize_kept() {
  // Same size: a word of the line above or a misaligned cell, not a marker.
  let words = wordsWithMarker("411.362", marker: "12", ratio: 1, rise: 0.3)
  #expect(wordsWithoutSuperscriptMarks(words).count == words.count)
}

@Test func superscript_longRaisedWord_kept() {
  let words = wordsWithMarker("Totaal", marker: "toelichting", ratio: 0.65, rise: 0.3)
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == ["Totaal", "toelichting"])
}

@Test func superscript_farFromPreviousWord_kept() {
  // A small raised figure in the next column is a cell of its own.
  let words = wordsWithMarker("411.362", marker: "7", ratio: 0.65, rise: 0.3, gap: 30)
  #expect(wordsWithoutSuperscriptMarks(words).count == words.count)
}

// Text set up the margin, across the reading direction.

/// `text` turned 90° anticlockwise from (x, bottom) upward: each character a box 8 pt wide
/// (the turned line's height) and 4 pt tall (its advance), spaces included as poppler gives them.
private func turned(_ text: String, x: Double, bottom: Double) -> [Glyph] {
  var out: [Glyph] = []
  var y = bottom
  for s in text.unicodeScalars {
    out.append(Glyph(scalar: s, box: BoundingBox(x0: x, y0: y - 4, x1: x + 8, y1: y), font: body))
    y -= 4
  }
  return out
}

@Test func crossText_marginLine_droppedRowsKept() {
  // A table row per 14 pt beside a line printed up the margin.
  var page = turned("Goedgekeurd door de raad", x: 10, bottom: 300)
  for (k, label) in ["Lonen", "Huur", "Totaal"].enumerated() {
    page += glyphs(label, x: 50, top: 100 + 14 * Double(k), height: 12, advance: 5, font: body)
  }
  let (kept, _) = glyphsWithoutCrossText(page, inked: nil)
  let words = glyphsToWords(kept, gapEm: 0.15)
  #expect(words.map(\.text) == ["Lonen", "Huur", "Totaal"])
}

@Test func crossText_columnOfSingleDigits_kept() {
  // One-character cells of one column, drawn column by column: rows a line apart are no run.
  var page: [Glyph] = []
  for k in 0..<8 {
    page += glyphs(String(k), x: 200, top: 100 + 12.5 * Double(k), height: 12, advance: 5, font: body)
  }
  let across = glyphsAcrossFlow(page)
  #expect(!across.contains(true))
  #expect(glyphsWithoutCrossText(page, inked: [Bool](repeating: true, count: 8)).inked?.count == 8)
}

@Test func superscript_insideBracketsWithTextAfter_kept() {
  // "( 12 )." in a source line: text goes on right after the raised figure.
  var words = wordsWithMarker("Source (", marker: "12", ratio: 0.65, rise: 0.3, gap: 2)
  let end = words.last!.box.x1
  words += glyphsToWords(glyphs(").", x: end + 2, top: 100, height: 12, advance: 5, font: body), gapEm: 0.15)
  #expect(wordsWithoutSuperscriptMarks(words).count == words.count)
}

/// `marker` at `ratio` of the body size, raised by `rise` ems, then `text` at body size (10 pt,
/// box 100...112) `gap` pt after it.
private func wordsWithMarkerBefore(_ text: String, marker: String, ratio: Double, rise: Double, gap: Double = 2.5)
  -> [Word]
{
  let small = FontStyle(name: "DejaVuSans", size: 10 * ratio, color: 0)
  let h = 12 * ratio
  let mark = glyphs(marker, x: 50, top: 112 - rise * 10 - h, height: h, advance: 5 * ratio, font: small)
  let start = 50 + 5 * ratio * Double(marker.unicodeScalars.count) + gap
  return glyphsToWords(mark + glyphs(text, x: start, top: 100, height: 12, advance: 5, font: body), gapEm: 0.15)
}

@Test func superscript_digitsBeforeFigure_leftOut() {
  // "¹⁵ 0 %": a raised, smaller marker printed before the figure it notes.
  let words = wordsWithMarkerBefore("0", marker: "15", ratio: 0.75, rise: 0.35)
  #expect(words.map(\.text) == ["15", "0"])
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == ["0"])
}

@Test func superscript_digitBeforeSignedFigure_leftOut() {
  let words = wordsWithMarkerBefore("−100,0%", marker: "4", ratio: 0.7, rise: 0.3)
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == ["−100,0%"])
}

@Test func superscript_markerBeforeWordOfText_kept() {
  // "¹ Bron: …" opens a footnote line: its marker names the note.
  let words = wordsWithMarkerBefore("Bron", marker: "1", ratio: 0.7, rise: 0.3)
  #expect(wordsWithoutSuperscriptMarks(words).map(\.text) == ["1", "Bron"])
}

@Test func superscript_sameSizeNumberBeforeFigure_kept() {
  // Same size and baseline: a figure of its own (or an inline marker, told by its footnote).
  let words = wordsWithMarkerBefore("557,32", marker: "13", ratio: 1, rise: 0, gap: 4)
  #expect(wordsWithoutSuperscriptMarks(words).count == words.count)
}
