import TallyCore

/// Shape tests on printed text: is this a figure ("17.076", "-€ 3.023", "43,8 jaar", "57,4%"), a label?
/// They look at Unicode scalars only, without regular expressions or allocation per character.
struct FigureShape: Sendable {
  /// Unit words allowed after the number.
  var maxWords: Int
  /// Longest unit word.
  var maxWordChars: Int

  init(settings: HTMLTableSettings) {
    maxWords = settings.maxFigureWords
    maxWordChars = settings.maxFigureWordChars
  }

  init(maxWords: Int, maxWordChars: Int) {
    self.maxWords = maxWords
    self.maxWordChars = maxWordChars
  }

  /// True when `text` (spaces already collapsed) is one number with optional sign, currency,
  /// percent, footnote stars and at most `maxWords` unit words.
  func isFigure(_ text: String) -> Bool {
    var scalars = text.unicodeScalars.makeIterator()
    var state = 0  // 0: before digits, 1: in number, 2: after number (suffixes), 3: in words
    var digits = 0
    var words = 0
    var wordChars = 0
    var lastWasSeparator = false
    while let s = scalars.next() {
      let isDigit = s.value >= 0x30 && s.value <= 0x39
      switch state {
      case 0:
        if isDigit {
          state = 1
          digits += 1
        } else if FigureShape.isPrefix(s) || s == " " {
          continue
        } else {
          return false
        }
      case 1:
        if isDigit {
          digits += 1
          lastWasSeparator = false
        } else if s == "." || s == "," || s == "'" || LabelKey.isSpace(s) {
          if lastWasSeparator { return false }
          lastWasSeparator = true
        } else if FigureShape.isSuffix(s) {
          state = 2
        } else if s.properties.isAlphabetic {
          guard lastWasSeparator else { return false }  // "12abc" is a code, not a figure
          state = 3
          words = 1
          wordChars = 1
        } else {
          return false
        }
      case 2:
        if FigureShape.isSuffix(s) || s == " " {
          continue
        } else if s.properties.isAlphabetic {
          state = 3
          words = 1
          wordChars = 1
        } else {
          return false
        }
      default:
        if s == " " {
          wordChars = 0
        } else if s.properties.isAlphabetic || s == "'" || s == "’" || s == "-" || s == "." || s == "*" {
          if wordChars == 0 { words += 1 }
          wordChars += 1
          if words > maxWords || wordChars > maxWordChars { return false }
        } else {
          return false
        }
      }
    }
    return digits > 0 && words <= maxWords
  }

  /// Signs, currency and comparison marks before a number.
  static func isPrefix(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "+", "-", "−", "–", "€", "$", "£", "±", "~", "≈", "<", ">", "≤", "≥", "(": true
    default: false
    }
  }

  /// Percent, per mille, footnote stars, closing bracket and currency after a number.
  static func isSuffix(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "%", "‰", "*", ")", "€", "+": true
    default: false
    }
  }
}

/// True when `text` has a letter.
func hasLetter(_ text: String) -> Bool {
  text.unicodeScalars.contains { $0.properties.isAlphabetic }
}

/// `text` without one trailing ":" (and the spaces before it).
func withoutTrailingColon(_ text: String) -> String {
  guard text.hasSuffix(":") else { return text }
  return LabelKey.collapseSpaces(String(text.dropLast()))
}

/// Splits "label: value" at the last colon whose remainder is a figure; nil when there is none.
func labelColonFigure(_ text: String, shape: FigureShape, maxLabelChars: Int) -> (label: String, value: String)? {
  var index = text.endIndex
  while let colon = text[..<index].lastIndex(of: ":") {
    let label = LabelKey.collapseSpaces(String(text[..<colon]))
    let value = LabelKey.collapseSpaces(String(text[text.index(after: colon)...]))
    if !value.isEmpty, shape.isFigure(value), hasLetter(label), label.count <= maxLabelChars {
      return (label, value)
    }
    index = colon
  }
  return nil
}

/// Splits a raw text row into cells at tabs and at runs of `gapSpaces` or more spaces (0: tabs only).
/// A row that starts with a tab has an empty first cell. Cells are trimmed with spaces collapsed.
func rowToCells(_ raw: Substring, gapSpaces: Int) -> [String] {
  var cells: [String] = []
  var current = String.UnicodeScalarView()
  var spaces = 0
  var sawText = false
  var leadingTab = false
  func flush() {
    cells.append(LabelKey.collapseSpaces(String(current)))
    current = String.UnicodeScalarView()
  }
  for s in raw.unicodeScalars {
    if s == "\t" {
      if sawText { flush() } else { leadingTab = true }
      spaces = 0
      continue
    }
    if s == " " || s == "\u{A0}" || s == "\u{2003}" || s == "\u{2002}" {
      spaces += 1
      current.append(" ")
      if gapSpaces > 0, spaces == gapSpaces, sawText {
        flush()
      }
      continue
    }
    if s == "\n" || s == "\r" { spaces = 0; current.append(" "); continue }
    spaces = 0
    if !sawText, leadingTab { cells.append("") }
    sawText = true
    current.append(s)
  }
  flush()
  var result: [String] = []
  for (i, cell) in cells.enumerated() where !cell.isEmpty || (i == 0 && leadingTab) {
    result.append(cell)
  }
  return result
}
