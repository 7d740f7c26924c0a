import TallyCore

/// Figures stated in running text, to be checked against the tables: "in totaal 6 601,50 uren ...
/// georganiseerd", "In 2023 werden er in het totaal 160 494 uren formele ... gevolgd".
///
/// A figure is a free-standing run of digits and separators (not part of a word, a code or a
/// date), with an optional sign or € before it and %, € or a scale word after it; it is read by the
/// `NumberLexer` on its own (`.auto`). Only figures with a unit are kept: a percent or euro sign,
/// or a unit word right after the figure ("uren", "medewerkers", "kosten"); "In 2023 werden" is no
/// stated figure. Headings are skipped (their section numbers are not figures), and so is a
/// "sentence" with more than `stated_figures_max_run` figures in a row (a table row read as text).
struct StatedFigureReader: Sendable {
  let lexer: NumberLexer
  let units: UnitVocabulary
  let scaleWords: Set<String>
  let maxRun: Int

  init(settings: NormalizeSettings) {
    maxRun = settings.statedFiguresMaxRun
    lexer = NumberLexer(settings: settings)
    units = UnitVocabulary(settings: settings)
    scaleWords = Set(settings.scaleWords.keys.map { LabelKey.make($0) })
  }

  /// Whether the word just before `start` (spaces skipped) is a lone "x" or "×".
  func followsMultiplier(_ s: [Unicode.Scalar], before start: Int) -> Bool {
    var j = start - 1
    while j >= 0, LabelKey.isSpace(s[j]) { j -= 1 }
    guard j >= 0, j < start - 1, s[j] == "x" || s[j] == "×" else { return false }
    return j == 0 || LabelKey.isSpace(s[j - 1]) || s[j - 1] == "("
  }

  func figures(in blocks: [TextBlock]) -> [StatedFigure] {
    var out: [StatedFigure] = []
    for block in blocks {
      // Most text states no figure: a block without a digit needs no sentences.
      guard block.text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { continue }
      for sentence in sentences(block.text) where sentence.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
        let found = figures(inSentence: sentence, page: block.page)
        // A heading's section number is no figure, but a key figure printed in bold ("omzet:
        // € 12,3 mln") reads as a heading: of a heading only the figures after a colon count.
        out += block.isHeading ? found.filter { FigurePlacement.followsColon($0.raw, in: $0.sentence) } : found
      }
    }
    return out
  }

  /// Key figures printed in the text cells of a table: the figures right after a colon
  /// ("balanstotaal: € 4,1 mln" in a column of prose read as a table beside it), and a cell that
  /// is one figure with its unit word (a card's "1.454,5 uren", which reads as text).
  func labelledFigures(inCells cells: [(text: String, page: Int?)]) -> [StatedFigure] {
    var out: [StatedFigure] = []
    for cell in cells where cell.text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
      guard cell.text.unicodeScalars.contains(":") else {
        let found = figures(inSentence: LabelKey.collapseSpaces(cell.text), page: cell.page)
        if found.count == 1, FigurePlacement.standsAlone(found[0].raw, in: found[0].sentence) { out += found }
        continue
      }
      for sentence in sentences(cell.text) where sentence.unicodeScalars.contains(":") {
        out += figures(inSentence: sentence, page: cell.page).filter {
          FigurePlacement.followsColon($0.raw, in: $0.sentence)
        }
      }
    }
    return out
  }

  /// Sentences: split after ".", "!" or "?" followed by a space, and at line breaks.
  func sentences(_ text: String) -> [String] {
    var out: [String] = []
    let scalars = text.unicodeScalars
    var start = scalars.startIndex
    var i = scalars.startIndex
    // Slices of the text, not a string built scalar by scalar.
    func flush(_ end: String.UnicodeScalarView.Index) {
      let sentence = LabelKey.collapseSpaces(String(scalars[start..<end]))
      if !sentence.isEmpty { out.append(sentence) }
    }
    while i < scalars.endIndex {
      let c = scalars[i]
      let next = scalars.index(after: i)
      if c == "\n" || c == "\r" {
        flush(i)
        start = next
      } else if c == "." || c == "!" || c == "?", next == scalars.endIndex || LabelKey.isSpace(scalars[next]) {
        flush(next)
        start = next
      }
      i = next
    }
    flush(scalars.endIndex)
    return out
  }

  func figures(inSentence sentence: String, page: Int?) -> [StatedFigure] {
    let s = Array(sentence.unicodeScalars)
    var out: [StatedFigure] = []
    var k = 0
    // Figures one after the other with only spaces between them: a table row flowed as text.
    var run = 0
    var lastFigureEnd = -1
    while k < s.count {
      guard isDigit(s[k]), k == 0 || !isWordPart(s[k - 1]) else {
        k += 1
        continue
      }
      // Include a sign or € printed just before the digits.
      var start = k
      var j = k - 1
      while j >= 0 {
        if isSignOrEuro(s[j]) {
          start = j
          j -= 1
        } else if LabelKey.isSpace(s[j]), j > 0, isSignOrEuro(s[j - 1]) {
          j -= 1
        } else {
          break
        }
      }
      if start < k, start > 0, !(LabelKey.isSpace(s[start - 1]) || s[start - 1] == "(" || s[start - 1] == "*") {
        start = k
      }
      let end = digitRunEnd(s, from: k)
      // A figure after a lone "x" or "×" is a scale note ("bedragen x € 1.000"), not a statement.
      if followsMultiplier(s, before: start) {
        k = skipToken(s, from: end)
        continue
      }
      run = lastFigureEnd >= 0 && lastFigureEnd <= start && (lastFigureEnd..<start).allSatisfy({ LabelKey.isSpace(s[$0]) }) ? run + 1 : 1
      lastFigureEnd = end
      if run > maxRun { return [] }
      // A figure ends at a space, punctuation or a sign; "31/12/2023", "3030'ERS" and "10-tal" are none.
      if end < s.count, !(LabelKey.isSpace(s[end]) || ".,;:!?)*%€".unicodeScalars.contains(s[end])) {
        k = skipToken(s, from: end)
        continue
      }
      // Suffix: % or €, then a scale word.
      var stop = end
      var probe = skipSpaces(s, from: end)
      if probe < s.count, s[probe] == "%" || s[probe] == "€" {
        stop = probe + 1
        probe = skipSpaces(s, from: stop)
      }
      let (word, wordEnd) = nextWord(s, from: probe)
      var unitFrom = stop
      if scaleWords.contains(LabelKey.make(word)) {
        stop = wordEnd
        unitFrom = wordEnd
      }
      let raw = String(String.UnicodeScalarView(s[start..<stop]))
      k = max(stop, end)
      guard case .number(let n) = lexer.lex(raw) else { continue }
      let unit: Unit?
      if n.isPercent {
        unit = Unit(kind: .percent, word: "%")
      } else if n.isCurrency {
        unit = Unit(kind: .eur, word: "€")
      } else {
        let (following, _) = nextWord(s, from: skipSpaces(s, from: unitFrom))
        unit = units.unit(ofWord: Substring(following))
      }
      guard let unit else { continue }
      out.append(StatedFigure(sentence: sentence, raw: raw, number: n, unit: unit, page: page))
    }
    return out
  }

  /// The end of digits and separators from `k`: "." "," "'" only between digits; a space only
  /// before a group of exactly three digits, and only after a first group of at most three.
  private func digitRunEnd(_ s: [Unicode.Scalar], from k: Int) -> Int {
    var i = k
    var groupDigits = 0
    var grouped = false
    while i < s.count {
      let c = s[i]
      if isDigit(c) {
        groupDigits += 1
        i += 1
      } else if c == "." || c == "," || isApostrophe(c), i + 1 < s.count, isDigit(s[i + 1]) {
        groupDigits = 0
        grouped = true
        i += 1
      } else if LabelKey.isSpace(c), grouped || groupDigits <= 3, spaceGroupFollows(s, at: i) {
        groupDigits = 0
        grouped = true
        i += 1
      } else {
        break
      }
    }
    return i
  }

  /// A space at `i` followed by exactly three digits.
  private func spaceGroupFollows(_ s: [Unicode.Scalar], at i: Int) -> Bool {
    for d in 1...3 {
      guard i + d < s.count, isDigit(s[i + d]) else { return false }
    }
    return i + 4 >= s.count || !isDigit(s[i + 4])
  }

  private func isSignOrEuro(_ c: Unicode.Scalar) -> Bool { isMinus(c) || c == "+" || c == "€" }

  /// Digits right after these belong to a word, code or date ("SD10021", "31/12").
  private func isWordPart(_ c: Unicode.Scalar) -> Bool {
    c.properties.isAlphabetic || isDigit(c) || c == "/" || c == "." || c == "," || c == "_" || isApostrophe(c)
  }

  private func skipSpaces(_ s: [Unicode.Scalar], from k: Int) -> Int {
    var i = k
    while i < s.count, LabelKey.isSpace(s[i]) || s[i] == "*" { i += 1 }
    return i
  }

  private func skipToken(_ s: [Unicode.Scalar], from k: Int) -> Int {
    var i = k
    while i < s.count, !LabelKey.isSpace(s[i]) { i += 1 }
    return i
  }

  /// The letters (or a lone % or €) starting at `k`.
  private func nextWord(_ s: [Unicode.Scalar], from k: Int) -> (String, Int) {
    guard k < s.count else { return ("", k) }
    if s[k] == "%" || s[k] == "€" { return (String(s[k]), k + 1) }
    var i = k
    while i < s.count, s[i].properties.isAlphabetic || isApostrophe(s[i]) { i += 1 }
    return (String(String.UnicodeScalarView(s[k..<i])), i)
  }
}
