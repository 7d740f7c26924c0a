import Testing

@testable import TallyCore

@testable import TallyReconcile

/// Texts that take each path of `Words.tokens`: plain ASCII, Latin-1 letters and
/// "€" (no Foundation), and everything else (NFKC by `LabelKey.make`).
private let keyTexts = [
  "", " ", "TOTAAL", "  Gezinszorg   (INCL.  KRAAMZORG) ", "Financiële kosten", "FINANCIËLE KOSTEN",
  "Ééntje, ÀÁÂÃÄÅ ÆÇÈÉÊË ÌÍÎÏ ÐÑÒÓÔÕÖ × ØÙÚÛÜÝÞ ß àáâãäå ÷ ÿ", "Bedrag (k€)", "€ 1.000,00",
  "a\tb\nc\r\nd", "x\u{A0}y", "ﬁnanciën", "e\u{301}en", "m² per klant", "½ dag", "ªº µ",
  "1.204.300", "3030'ERS", "Straße", "İstanbul", "ΣΟΦΊΑ", "naïef—‘quoted’", "\u{2028}line",
]

/// The definition: Character by Character on `LabelKey.make`.
private func referenceTokens(_ text: String) -> [String] {
  var out: [String] = []
  var current = ""
  for ch in LabelKey.makeThroughFoundation(text) {
    if ch.isLetter || ch.isNumber {
      current.append(ch)
    } else if !current.isEmpty {
      out.append(current)
      current = ""
    }
  }
  if !current.isEmpty { out.append(current) }
  return out
}

@Suite struct WordsTests {
  @Test func wordsTokens_everyKindOfText_sameAsCharacterWalk() {
    for text in keyTexts {
      #expect(Words.tokens(text) == referenceTokens(text), "\(text)")
    }
  }
}
