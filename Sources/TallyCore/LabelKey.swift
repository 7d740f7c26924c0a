import Foundation

/// Text normalisation shared by every stage.
public enum LabelKey {
  /// The matching form of a label: NFKC (ligatures such as "ﬁ" unfolded), lower case, every kind
  /// of space (NBSP, U+202F, U+2009, tabs, newlines) collapsed to one space, trimmed.
  public static func make(_ text: String) -> String {
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
