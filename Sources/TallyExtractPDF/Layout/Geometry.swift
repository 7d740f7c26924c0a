import TallyCore

/// The font of a run of characters, as poppler reports it.
struct FontStyle: Sendable, Hashable {
  /// Font name without subset prefix, e.g. "DejaVuSans-Bold".
  var name: String { didSet { isBold = fontNameIsBold(name) } }
  /// Size in points.
  var size: Double
  /// 0xRRGGBB.
  var color: UInt32
  /// Bold is only visible in the name (poppler-glib exposes no weight). Worked out once per name:
  /// it is asked for every character.
  private(set) var isBold: Bool

  init(name: String, size: Double, color: UInt32) {
    self.name = name
    self.size = size
    self.color = color
    isBold = fontNameIsBold(name)
  }

  /// With `isBold` already worked out from `name` (`fontNameIsBold(name)`).
  init(name: String, isBold: Bool, size: Double, color: UInt32) {
    self.name = name
    self.size = size
    self.color = color
    self.isBold = isBold
  }
}

/// True when a font name says bold: Bold, Black, Heavy, Semibold/Demibold, or the ",B" suffix.
/// ASCII case-folding over bytes: no Foundation string search.
func fontNameIsBold(_ name: String) -> Bool {
  let lower = name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
  func has(_ word: StaticString) -> Bool {
    let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard w.count <= lower.count else { return false }
    for i in 0...(lower.count - w.count) where lower[i] == w[0] {
      var k = 1
      while k < w.count && lower[i + k] == w[k] { k += 1 }
      if k == w.count { return true }
    }
    return false
  }
  return has("bold") || has("black") || has("heavy") || has("semibold") || lower.suffix(2).elementsEqual(",b".utf8)
}

/// One character with its box, in page coordinates (points, origin top-left).
struct Glyph: Sendable, Hashable {
  var scalar: Unicode.Scalar
  var box: BoundingBox
  var font: FontStyle
}

/// A word rebuilt from character boxes.
struct Word: Sendable, Hashable {
  var text: String
  var box: BoundingBox
  var font: FontStyle
  /// Font size in points; the box height when the reported size is missing or implausible
  /// (some producers set a 1 pt font and scale it with the text matrix).
  var size: Double {
    let h = box.height
    return font.size > 0.6 * h && font.size < 2 * h ? font.size : h
  }
}

/// A horizontal or vertical rule drawn on the page, in points.
struct Ruling: Sendable, Hashable {
  enum Axis: Sendable, Hashable { case horizontal, vertical }
  var axis: Axis
  /// y for horizontal, x for vertical.
  var position: Double
  var start: Double
  var end: Double
  var length: Double { end - start }
}

extension BoundingBox {
  var midX: Double { (x0 + x1) / 2 }
  var midY: Double { (y0 + y1) / 2 }

  /// Overlap of the x-ranges, in points (negative = gap).
  func xOverlap(_ o: BoundingBox) -> Double { min(x1, o.x1) - max(x0, o.x0) }
  /// Overlap of the y-ranges, in points (negative = gap).
  func yOverlap(_ o: BoundingBox) -> Double { min(y1, o.y1) - max(y0, o.y0) }
}

// MARK: Hostile numbers

/// The largest coordinate, in points, a PDF page may place anything at (PDF's own page limit is
/// 14 400 units; a generous margin for UserUnit and text set off the page). Larger figures, and
/// figures that are not numbers, are absurd geometry: such a page or character is not read.
let absurdCoordinate = 1_000_000.0

/// `Int(v)` for a figure derived from a PDF: NaN gives 0 and magnitudes beyond 2^52 stop there, so
/// no conversion of a hostile coordinate, font size or matrix can trap (and small sums of the
/// result cannot overflow).
@inline(__always) func clampedInt(_ v: Double) -> Int {
  if v.isNaN { return 0 }
  return Int(max(-4.5e15, min(4.5e15, v)))
}

/// Whether a page size (points) is one a page can have: finite, positive and at most
/// `absurdCoordinate`.
func isPlausiblePageSize(width: Double, height: Double) -> Bool {
  width.isFinite && height.isFinite && width > 0 && height > 0 && width <= absurdCoordinate
    && height <= absurdCoordinate
}

/// Whether a character's box and font size are finite and within `absurdCoordinate`.
@inline(__always) func isPlausibleGlyph(_ g: Glyph) -> Bool {
  let b = g.box
  let limit = absurdCoordinate
  return abs(b.x0) <= limit && abs(b.x1) <= limit && abs(b.y0) <= limit && abs(b.y1) <= limit
    && g.font.size.isFinite && abs(g.font.size) <= limit
}
/// `Int(v.rounded())` (half away from zero) without the call to libm's `round` it compiles to
/// on baseline x86-64: the fraction left by truncating decides. Asked four times per glyph.
/// Equal to it wherever that does not trap; NaN gives 0 and magnitudes beyond 2^62 stop there, so
/// a hostile coordinate cannot trap it (callers clamp the result to the page).
@inline(__always) func roundedToInt(_ v: Double) -> Int {
  let t = v.isNaN ? 0 : Int(max(-4.6e18, min(4.6e18, v)))
  // Exact: the bits of `v` below the units.
  let f = v - Double(t)
  if f >= 0.5 { return t + 1 }
  if f <= -0.5 { return t - 1 }
  return t
}

