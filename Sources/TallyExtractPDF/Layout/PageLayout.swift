import TallyCore

/// One page as read, built once (`PDFExtractor.readPage`) and handed to every later step: the
/// words in reading orientation, their lines, and the drawn rules (with the edges of filled bars).
/// No step groups these words into lines again; a finder groups only the words left to it once
/// other finders claimed some (different words make different lines).
struct PageLayout: Sendable {
  /// 1-based.
  var number: Int
  var width: Double
  var height: Double
  /// Words in reading order (superscript markers and text across the flow left out).
  var words: [Word]
  /// The words' lines, top to bottom, with the line of each word (`PageLines.lineOfWord`).
  var lines: PageLines
  /// Drawn rules, in reading space; empty when the page was not scanned for them.
  var rulings: [Ruling]
  /// The page's text was rotated back to reading orientation.
  var wasRotated: Bool

  /// A page read as empty (unreadable, or absurd geometry), of the given size.
  static func empty(number: Int, width: Double, height: Double) -> PageLayout {
    PageLayout(
      number: number, width: width, height: height, words: [], lines: PageLines(lines: [], lineOfWord: []),
      rulings: [], wasRotated: false)
  }
}
