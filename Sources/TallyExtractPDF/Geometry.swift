import TallyCore

/// The font of a run of characters, as poppler reports it.
struct FontStyle: Sendable, Hashable {
  /// Font name without subset prefix, e.g. "DejaVuSans-Bold".
  var name: String
  /// Size in points.
  var size: Double
  /// 0xRRGGBB.
  var color: UInt32

  /// Bold is only visible in the name (poppler-glib exposes no weight).
  var isBold: Bool { fontNameIsBold(name) }
}

/// True when a font name says bold: Bold, Black, Heavy, Semibold/Demibold, or the ",B" suffix.
func fontNameIsBold(_ name: String) -> Bool {
  let lower = name.lowercased()
  return lower.contains("bold") || lower.contains("black") || lower.contains("heavy")
    || lower.contains("semibold") || lower.hasSuffix(",b") || lower.contains(",bold")
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

/// A rendered page in 8-bit grey, `scale` pixels per point.
struct GrayImage: Sendable {
  var width: Int
  var height: Int
  var pixels: [UInt8]
  var scale: Double
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

/// What one page holds once read: everything later steps need, as values.
struct PageContent: Sendable {
  /// 1-based.
  var number: Int
  var width: Double
  var height: Double
  var words: [Word]
  var rulings: [Ruling]
  /// The page's text was rotated back to reading orientation.
  var wasRotated: Bool
}

extension BoundingBox {
  var midX: Double { (x0 + x1) / 2 }
  var midY: Double { (y0 + y1) / 2 }

  /// Overlap of the x-ranges, in points (negative = gap).
  func xOverlap(_ o: BoundingBox) -> Double { min(x1, o.x1) - max(x0, o.x0) }
  /// Overlap of the y-ranges, in points (negative = gap).
  func yOverlap(_ o: BoundingBox) -> Double { min(y1, o.y1) - max(y0, o.y0) }
}
