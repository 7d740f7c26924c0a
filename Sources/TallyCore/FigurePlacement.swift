/// Where a figure stands in the sentence it was read from. The normaliser uses it to read key
/// figures out of headings and text cells, the reconciler to tell a key figure from a figure in
/// running text; both must agree, so the test lives here once.
public enum FigurePlacement {
  /// Whether the figure is printed right after a colon ("omzet: € 12,3 mln"): a labelled figure,
  /// not a figure in a sentence or a heading's number.
  public static func followsColon(_ raw: String, in sentence: String) -> Bool {
    guard let range = sentence.range(of: raw) else { return false }
    let before = sentence[..<range.lowerBound].reversed().drop { $0 == " " || $0 == "\u{a0}" }
    return before.first == ":"
  }

  /// Whether the sentence is the figure and one unit word after it, nothing else ("1.454,5 uren"):
  /// a card's figure, read from a cell or a line of its own.
  public static func standsAlone(_ raw: String, in sentence: String) -> Bool {
    guard sentence.hasPrefix(raw) else { return false }
    let rest = sentence.dropFirst(raw.count).drop { $0 == " " || $0 == "\u{a0}" }
    return !rest.isEmpty && rest.allSatisfy { $0.isLetter || $0 == "€" }
  }
}
