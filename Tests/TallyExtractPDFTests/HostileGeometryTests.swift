import Testing

@testable import TallyCore
@testable import TallyExtractPDF

/// Issue 19: figures from a hostile PDF (infinite, not a number, beyond Int) never trap a
/// conversion, and absurd geometry is recognised as such.
@Suite struct HostileGeometryTests {
  @Test func clampedInt_nanAndInfinities_giveBoundedValues() {
    #expect(clampedInt(.nan) == 0)
    #expect(clampedInt(.infinity) == 4_500_000_000_000_000)
    #expect(clampedInt(-.infinity) == -4_500_000_000_000_000)
    #expect(clampedInt(1e300) == 4_500_000_000_000_000)
    #expect(clampedInt(-12.7) == -12)
  }

  @Test func roundedToInt_nanAndInfinities_doNotTrap() {
    #expect(roundedToInt(.nan) == 0)
    #expect(roundedToInt(.infinity) > 1 << 61)
    #expect(roundedToInt(-.infinity) < -(1 << 61))
    #expect(roundedToInt(-1e300) < -(1 << 61))
  }

  @Test func pageSize_infiniteNaNZeroOrHuge_isNotPlausible() {
    #expect(isPlausiblePageSize(width: 595, height: 842))
    #expect(!isPlausiblePageSize(width: .infinity, height: 842))
    #expect(!isPlausiblePageSize(width: 595, height: .nan))
    #expect(!isPlausiblePageSize(width: 0, height: 842))
    #expect(!isPlausiblePageSize(width: 595, height: 2e6))
  }

  @Test func glyph_withAbsurdBoxOrFontSize_isNotPlausible() {
    let font = FontStyle(name: "Helvetica", size: 10, color: 0)
    let sane = Glyph(scalar: "1", box: BoundingBox(x0: 10, y0: 10, x1: 15, y1: 20), font: font)
    #expect(isPlausibleGlyph(sane))
    var far = sane
    far.box.x1 = 1e30
    #expect(!isPlausibleGlyph(far))
    var nan = sane
    nan.box.y0 = .nan
    #expect(!isPlausibleGlyph(nan))
    var huge = sane
    huge.font.size = .infinity
    #expect(!isPlausibleGlyph(huge))
  }
}
