import TallyCore

/// Footnote markers printed before a figure, a space apart: "24 10 123,3" in a table whose
/// footnotes include "24 Voorlopige cijfers." is the figure 10 123,3 with note "24", not the
/// malformed figure "24 10 123,3" (nor, for "30 234,5", the figure 30 234,5).
///
/// Only a marker the table's own footnotes name counts: without that evidence "3 43,51" is a
/// figure split by a stray space and stays malformed (see `NumberLexer`).
struct FigureMarkers: Sendable {
  /// The integers that open a footnote of the table ("24 Voorlopige cijfers.", "3) Bron: ...").
  let markers: Set<String>

  /// A footnote marker has at most this many digits; longer leading integers are figures.
  static let maximumDigits = 3

  init(footnotes: [String]) {
    var found = Set<String>()
    for note in footnotes {
      let s = Array(note.unicodeScalars)
      var i = 0
      while i < s.count, LabelKey.isSpace(s[i]) { i += 1 }
      let start = i
      while i < s.count, isDigit(s[i]) { i += 1 }
      let digits = i - start
      guard digits > 0, digits <= Self.maximumDigits, i < s.count else { continue }
      if s[i] == ")" { i += 1 }
      guard i < s.count, LabelKey.isSpace(s[i]) else { continue }
      while i < s.count, LabelKey.isSpace(s[i]) { i += 1 }
      // The note's text follows: words, not another figure ("2023 12 345" is no footnote).
      guard i < s.count, isLetter(s[i]) else { continue }
      found.insert(String(String.UnicodeScalarView(s[start..<(start + digits)])))
    }
    markers = found
  }

  /// The marker and the text after it, when `text` opens with one of the table's markers and a
  /// space, and something follows.
  func split(_ text: String) -> (marker: String, figure: String)? {
    guard !markers.isEmpty else { return nil }
    let s = Array(text.unicodeScalars)
    var i = 0
    while i < s.count, LabelKey.isSpace(s[i]) { i += 1 }
    let start = i
    while i < s.count, isDigit(s[i]) { i += 1 }
    guard i > start, i - start <= Self.maximumDigits, i < s.count, LabelKey.isSpace(s[i]) else { return nil }
    let marker = String(String.UnicodeScalarView(s[start..<i]))
    guard markers.contains(marker) else { return nil }
    while i < s.count, LabelKey.isSpace(s[i]) { i += 1 }
    guard i < s.count else { return nil }
    return (marker, String(String.UnicodeScalarView(s[i...])))
  }
}
