import TallyCore

/// Footnote markers printed before a figure, a space apart: "24 10 123,3" in a table whose
/// footnotes include "24 Voorlopige cijfers." is the figure 10 123,3 with note "24", not the
/// malformed figure "24 10 123,3" (nor, for "30 234,5", the figure 30 234,5).
///
/// A marker the table's footnotes name always counts. Without a footnote (the extractor missed
/// it, or the report prints none) a leading group of one or two digits is taken for a marker
/// when the cell is malformed as printed and what follows is a well-formed figure in its
/// column's format (its decimals, its percent sign): "3 17,59" among figures with two decimals
/// reads as 17,59 with note "3" (`ParsedNumber.unexplainedMarker`), and joins the table's sums,
/// which test the reading: `MalformedNumberRule` reports the cell unless a relation holds with
/// it. Its digits joined (a stray space: 317,59) are kept as `ParsedNumber.alternative`. Two
/// plain short figures side by side ("31 23") stay malformed: columns merged. A well-formed
/// figure opening with such a group ("16 244") keeps its value, and the value without the group
/// is its alternative, a reading the rules try before they fail a relation.
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
    guard !markers.isEmpty, let group = Self.leadingGroup(text, maximumDigits: Self.maximumDigits),
      markers.contains(group.marker)
    else { return nil }
    return group
  }

  /// A leading group of at most `maximumDigits` digits, spaces, and whatever follows (not empty):
  /// the possible marker and the text after it. The one scan `split` and `unnamed` share.
  static func leadingGroup(_ text: String, maximumDigits: Int) -> (marker: String, figure: String)? {
    let s = Array(text.unicodeScalars)
    var i = 0
    while i < s.count, LabelKey.isSpace(s[i]) { i += 1 }
    let start = i
    while i < s.count, isDigit(s[i]) { i += 1 }
    guard i > start, i - start <= maximumDigits, i < s.count, LabelKey.isSpace(s[i]) else { return nil }
    let marker = String(String.UnicodeScalarView(s[start..<i]))
    while i < s.count, LabelKey.isSpace(s[i]) { i += 1 }
    guard i < s.count else { return nil }
    return (marker, String(String.UnicodeScalarView(s[i...])))
  }
}

extension FigureMarkers {
  /// A marker no footnote names has at most this many digits (notes are numbered from 1).
  static let unnamedMaximumDigits = 2

  /// A leading group of one or two digits (not starting with 0), spaces, then a digit: the
  /// possible marker and the figure after it ("3 17,59" -> ("3", "17,59")).
  static func unnamed(_ text: String) -> (marker: String, figure: String)? {
    guard let group = leadingGroup(text, maximumDigits: unnamedMaximumDigits),
      group.marker.unicodeScalars.first != "0", group.figure.unicodeScalars.first.map(isDigit) == true
    else { return nil }
    return group
  }

  /// Whether `figure` is a plain figure of at most three digits, like the marker before it: the
  /// two read as figures side by side ("31 23", "1,5 2,0"), not as a marker and a figure.
  static func isShortPlainFigure(_ figure: String) -> Bool {
    var digits = 0
    for c in figure.unicodeScalars {
      if isDigit(c) { digits += 1 } else if c == "," || c == "." || c == "%" || LabelKey.isSpace(c) { return false }
    }
    return digits <= 3
  }
}

/// The format most figures of a column share: their decimals and whether they print a percent
/// sign. A figure read after an unnamed marker must fit it.
struct ColumnFigureFormat: Sendable {
  var decimals: Int?
  var isPercent: Bool?

  init(_ figures: [ParsedNumber]) {
    func mode<T: Hashable>(_ values: [T]) -> T? {
      let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
      guard let best = counts.max(by: { $0.value < $1.value }) else { return nil }
      // A tie says no format is the column's.
      return counts.values.filter { $0 == best.value }.count == 1 ? best.key : nil
    }
    decimals = mode(figures.map(\.decimals))
    isPercent = mode(figures.map(\.isPercent))
  }

  /// `n` has the column's decimals and percent sign (both known).
  func fits(_ n: ParsedNumber) -> Bool {
    guard let decimals, let isPercent else { return false }
    return n.decimals == decimals && n.isPercent == isPercent
  }
}
