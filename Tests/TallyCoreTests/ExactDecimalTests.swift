import Testing

@testable import TallyCore

@Suite struct ExactDecimalTests {
  @Test func description_keepsDisplayedScale() {
    #expect(ExactDecimal(units: 691_156_492, scale: 2).description == "6911564.92")
    #expect(ExactDecimal(units: 150, scale: 2).description == "1.50")
    #expect(ExactDecimal(units: -5, scale: 3).description == "-0.005")
    #expect(ExactDecimal(units: 42, scale: 0).description == "42")
  }

  @Test func equality_comparesValuesAcrossScales() {
    #expect(ExactDecimal(units: 150, scale: 2) == ExactDecimal(units: 15, scale: 1))
    #expect(ExactDecimal(units: 150, scale: 2).hashValue == ExactDecimal(units: 15, scale: 1).hashValue)
    #expect(ExactDecimal(units: 151, scale: 2) != ExactDecimal(units: 15, scale: 1))
  }

  @Test func adding_alignsScales() throws {
    let a = ExactDecimal(units: 56030, scale: 0)
    let b = ExactDecimal(units: 523_636, scale: 0)
    let sum = try #require(a.adding(b))
    #expect(sum == ExactDecimal(units: 579_666, scale: 0))
    let c = try #require(ExactDecimal(units: 1, scale: 2).adding(ExactDecimal(units: 2, scale: 0)))
    #expect(c.description == "2.01")
  }

  @Test func adding_overflow_returnsNil() {
    let big = ExactDecimal(units: Int128.max, scale: 0)
    #expect(big.adding(ExactDecimal(1)) == nil)
    #expect(ExactDecimal(units: Int128.max / 2, scale: 0).rescaled(to: 5) == nil)
  }

  @Test func canonical_parsesStrictly() {
    #expect(ExactDecimal(canonical: "6911564.92")?.description == "6911564.92")
    #expect(ExactDecimal(canonical: "-0.50")?.scale == 2)
    #expect(ExactDecimal(canonical: "6 911 564,92") == nil)
    #expect(ExactDecimal(canonical: "12abc") == nil)
    #expect(ExactDecimal(canonical: "") == nil)
    #expect(ExactDecimal(canonical: "1.2.3") == nil)
  }

  @Test func halfUnit_followsDisplayedDecimals() {
    #expect(ExactDecimal.halfUnit(decimals: 2) == ExactDecimal(units: 5, scale: 3))
    #expect(ExactDecimal.halfUnit(decimals: 0) == ExactDecimal(units: 5, scale: 1))
    #expect(ExactDecimal.halfUnit(decimals: -3) == ExactDecimal(500))
  }

  @Test func rounded_halfAwayFromZero() {
    #expect(ExactDecimal(units: 13_993, scale: 2).rounded(toPlaces: 1).description == "139.9")
    #expect(ExactDecimal(units: 13_995, scale: 2).rounded(toPlaces: 1).description == "140.0")
    #expect(ExactDecimal(units: -125, scale: 2).rounded(toPlaces: 1).description == "-1.3")
    #expect(ExactDecimal(units: 124, scale: 2).rounded(toPlaces: 1).description == "1.2")
  }

  @Test func comparison_ordersValues() {
    #expect(ExactDecimal(units: 38602, scale: 2) < ExactDecimal(units: 38603, scale: 2))
    #expect(ExactDecimal(-1) < ExactDecimal.zero)
  }
}

@Suite struct DecimalIntervalTests {
  @Test func roundedSums_overlapWithinDisplayedPrecision() throws {
    // Calc 1.1's worked example: 12.1 + 45.4 against 57.6, all in one decimal.
    let a = try #require(DecimalInterval(rounded: ExactDecimal(units: 121, scale: 1), decimals: 1))
    let b = try #require(DecimalInterval(rounded: ExactDecimal(units: 454, scale: 1), decimals: 1))
    let items = try #require(a.adding(b))
    let total = try #require(DecimalInterval(rounded: ExactDecimal(units: 576, scale: 1), decimals: 1))
    #expect(items.overlaps(total))
  }

  @Test func disjointIntervals_reportTheirGap() throws {
    let a = DecimalInterval(exactly: ExactDecimal(642))
    let b = try #require(DecimalInterval(rounded: ExactDecimal(635), decimals: 0))
    #expect(!a.overlaps(b))
    #expect(a.gap(to: b) == ExactDecimal(units: 65, scale: 1))
  }
}

@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func hex_matchesPublishedVectors(input: String, digest: String) {
    #expect(SHA256.hex(of: Array(input.utf8)) == digest)
  }

  @Test func hex_millionAs_matchesPublishedVector() {
    #expect(
      SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}

@Suite struct LabelKeyTests {
  @Test func make_foldsLigaturesCaseAndSpaces() {
    #expect(LabelKey.make("  ﬁnanciële\u{00A0}\u{202F}TOTAAL\t") == "financiële totaal")
  }

  @Test func collapseSpaces_keepsPrintedCase() {
    #expect(LabelKey.collapseSpaces("3\u{202F}543\u{00A0}495,67") == "3 543 495,67")
  }
}

@Suite struct SHA256StreamingTests {
  /// Fed in uneven pieces, the digest is the one of the whole input.
  @Test func update_inUnevenPieces_matchesOneShot() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    var h = SHA256()
    var i = 0
    for size in [1, 63, 64, 65, 0, 127, 200, 480] where i < bytes.count {
      let end = min(bytes.count, i + size)
      h.update(bytes[i..<end])
      i = end
    }
    h.update(bytes[i...])
    #expect(h.finalizeHex() == SHA256.hex(of: bytes))
    #expect(SHA256.hex(of: bytes) == SHA256.hex(of: bytes.map { $0 }.lazy.map { $0 }))
  }
}
