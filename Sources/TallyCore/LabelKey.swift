import Foundation

/// Text normalisation shared by every stage.
public enum LabelKey {
  /// The matching form of a label: NFKC (ligatures such as "ﬁ" unfolded), lower case, every kind
  /// of space (NBSP, U+202F, U+2009, tabs, newlines) collapsed to one space, trimmed.
  ///
  /// Text of ASCII, the Latin-1 letters (U+00C0...U+00FF: "ë", "é", "ß", and × ÷) and "€" takes a
  /// path without Foundation: NFKC leaves those characters as they are (their decompositions are
  /// canonical and recompose), so the key is their lower case with spaces collapsed, the same
  /// string several times cheaper. Anything else (a ligature, a non-breaking space, a combining
  /// mark, "²") goes through Foundation's NFKC.
  public static func make(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    var it = text.utf8.makeIterator()
    while let b = it.next() {
      if b < 0x80 {
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
          pendingSpace = !out.isEmpty
          continue
        }
        if pendingSpace { out.append(0x20) }
        pendingSpace = false
        out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
      } else if b == 0xC3, let b1 = it.next() {
        // U+00C0...U+00FF; capitals U+00C0...U+00DE (but × U+00D7) lower by 0x20.
        if pendingSpace { out.append(0x20) }
        pendingSpace = false
        out.append(0xC3)
        out.append(b1 <= 0x9E && b1 != 0x97 ? b1 + 0x20 : b1)
      } else if b == 0xE2, let b1 = it.next(), let b2 = it.next(), b1 == 0x82, b2 == 0xAC {
        if pendingSpace { out.append(0x20) }
        pendingSpace = false
        out.append(contentsOf: [0xE2, 0x82, 0xAC])
      } else {
        return makeThroughFoundation(text)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The general path: Foundation's NFKC, lower case, spaces collapsed.
  static func makeThroughFoundation(_ text: String) -> String {
    collapseSpaces(text.precomposedStringWithCompatibilityMapping.lowercased())
  }

  /// True for every Unicode space a report may use between words or digit groups.
  @inline(__always)
  public static func isSpace(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029,
      0x202F, 0x205F, 0x3000, 0xFEFF:
      return true
    default:
      return false
    }
  }

  /// Collapses runs of any space to one U+0020 and trims both ends; the printed form of a cell.
  public static func collapseSpaces(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for s in text.unicodeScalars {
      if isSpace(s) {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(s)
      }
    }
    return String(out)
  }
}
