import Testing

@testable import TallyCore

@Suite struct LabelKeyFastPathTests {
  @Test func make_everyKindOfText_sameAsFoundationNFKC() {
    let texts = [
      "", " ", "TOTAAL", "  Gezinszorg   (INCL.  KRAAMZORG) ", "Financiële kosten", "FINANCIËLE KOSTEN",
      "Ééntje, ÀÁÂÃÄÅ ÆÇÈÉÊË ÌÍÎÏ ÐÑÒÓÔÕÖ × ØÙÚÛÜÝÞ ß àáâãäå ÷ ÿ", "Bedrag (k€)", "€ 1.000,00",
      "a\tb\nc\r\nd", "x\u{A0}y", "ﬁnanciën", "e\u{301}en", "m² per klant", "½ dag", "ªº µ",
      "1.204.300", "3030'ERS", "Straße", "İstanbul", "ΣΟΦΊΑ", "naïef—‘quoted’", "\u{2028}line",
    ]
    for text in texts {
      #expect(LabelKey.make(text).utf8.elementsEqual(LabelKey.makeThroughFoundation(text).utf8), "\(text)")
    }
  }
}
