import TallyCore

/// Unit words and how a unit is chosen from several texts.
///
/// Precedence, first scope with a unit word wins: the cell's own sign (% or €) > the row (its label,
/// then its group labels, innermost first) > the column header (innermost header row first) > the
/// table title > the headings above (innermost first; measure words only, see `measureUnit(in:)`). Within one scope a measure word (hours,
/// FTE, euro, days, percent, or an `otherMeasureWords` word such as "leeftijd") beats a word naming who is counted (persons, clients), which beats a
/// plain "aantal" (count): "Reguliere werknemers" under "UREN GEPRESTEERD DOOR" counts hours, and
/// "Aantal uren poetshulp" under "PRESTATIES EN KLANTEN" too. Within one text the first word wins.
struct UnitVocabulary: Sendable {
  private let words: [String: UnitKind]
  private let countWords: Set<String>

  init(settings: NormalizeSettings) {
    var w: [String: UnitKind] = [:]
    // Earlier lists win when a word appears twice.
    let lists: [(UnitKind, [String])] = [
      (.percent, settings.percentWords), (.hours, settings.hourWords), (.fte, settings.fteWords),
      (.eur, settings.eurWords + settings.currencyWords), (.days, settings.dayWords),
      (.persons, settings.personWords), (.clients, settings.clientWords),
      (.number, settings.otherMeasureWords),
    ]
    for (kind, list) in lists {
      for word in list where w[LabelKey.make(word)] == nil { w[LabelKey.make(word)] = kind }
    }
    words = w
    countWords = Set(settings.countWords.map { LabelKey.make($0) })
  }

  /// True for units that say what is measured rather than who is counted.
  static func isMeasure(_ kind: UnitKind) -> Bool {
    switch kind {
    case .hours, .fte, .eur, .days, .percent, .number: true
    case .persons, .clients, .count: false
    }
  }

  /// What one text says about units: its first measure word, its first word naming who is
  /// counted, its first count word.
  struct Scan {
    var measure: Unit?
    var who: Unit?
    var count: Unit?
  }

  func scan(_ text: String) -> Scan {
    var result = Scan()
    for token in unitTokens(Self.withoutFigureSigns(text)) {
      let key = LabelKey.make(token)
      if let kind = token == "%" ? .percent : token == "€" ? .eur : words[key] {
        if Self.isMeasure(kind) {
          result.measure = Unit(kind: kind, word: token)
          return result
        }
        if result.who == nil { result.who = Unit(kind: kind, word: token) }
      } else if result.count == nil, countWords.contains(key) {
        result.count = Unit(kind: .count, word: token)
      }
    }
    return result
  }

  /// `text` without the % signs printed right after a digit ("1,0 % - 1,1 %", "BTW 21%"): such a
  /// sign belongs to that figure (a rate printed in a header or label), not to the figures under
  /// or beside it. A sign after anything else ("in %", "(%)") still names the unit.
  static func withoutFigureSigns(_ text: String) -> String {
    guard text.contains("%") else { return text }
    var out = String.UnicodeScalarView()
    var lastPrinted: Unicode.Scalar?
    for c in text.unicodeScalars {
      if c == "%", let p = lastPrinted, isDigit(p) { continue }
      out.append(c)
      if c != " " && c != "\u{00A0}" { lastPrinted = c }
    }
    return String(out)
  }

  /// The unit of one scope: its texts in order of precedence.
  func unit(in texts: [String]) -> Unit? {
    var cache: [String: Scan]? = nil
    return unit(in: texts, cache: &cache)
  }

  /// `unit(in:)`, remembering each text's scan: the rows of a table repeat their group labels.
  func unit(in texts: [String], cache: inout [String: Scan]?) -> Unit? {
    var who: Unit?
    var count: Unit?
    for text in texts {
      let found: Scan
      if let known = cache?[text] {
        found = known
      } else {
        found = scan(text)
        cache?[text] = found
      }
      if let measure = found.measure { return measure }
      if who == nil { who = found.who }
      if count == nil { count = found.count }
    }
    return who ?? count
  }

  /// The first measure unit in `texts`, skipping words naming who is counted and plain counts: a
  /// section heading ("Cliënten en gebruikers") names a chapter's subject, not what every table
  /// under it counts, so a money table beneath it must not become an exact head count.
  func measureUnit(in texts: [String]) -> Unit? {
    texts.lazy.compactMap { scan($0).measure }.first
  }

  /// The unit named by the first word of `text` only ("uren formele", "medewerkers."), for
  /// figures in sentences.
  func unit(ofWord text: Substring) -> Unit? {
    guard let token = unitTokens(String(text)).first else { return nil }
    if token == "%" { return Unit(kind: .percent, word: token) }
    if token == "€" { return Unit(kind: .eur, word: token) }
    if let kind = words[LabelKey.make(token)] { return Unit(kind: kind, word: token) }
    return nil
  }
}

/// Words of a text as printed: runs of letters (and digits), with % and € as words of their own.
func unitTokens(_ text: String) -> [String] {
  var tokens: [String] = []
  var current = String.UnicodeScalarView()
  for c in text.unicodeScalars {
    // ASCII first: the Unicode property lookup costs more than the rest of the loop.
    let isWordPart =
      c.value < 0x80
      ? (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x30 && c.value <= 0x39)
      : c.properties.isAlphabetic || isDigit(c)
    if isWordPart {
      current.append(c)
      continue
    }
    if !current.isEmpty {
      tokens.append(String(current))
      current = String.UnicodeScalarView()
    }
    if c == "%" || c == "€" { tokens.append(String(c)) }
  }
  if !current.isEmpty { tokens.append(String(current)) }
  return tokens
}

/// A scale stated for a table or a column: "in duizend euro", "(x € 1.000)", "Bedrag (k€)".
struct ScaleNote: Sendable, Hashable {
  /// The power of ten the printed figures are multiplied by.
  var power: Int
  /// The note names euro.
  var isCurrency: Bool
}

/// Reads scale notes. A marker ("in", "x", "×") followed by a scale word ("duizend", "miljoen"),
/// or "x"/"×" followed by a power of ten ("1.000", "1 000 000"), optionally with € or a currency
/// word in between; "k€" alone also counts.
struct ScaleNoteReader: Sendable {
  private let markers: Set<String>
  private let scaleWords: [String: Int]
  private let currencyWords: Set<String>

  init(settings: NormalizeSettings) {
    markers = Set(settings.scaleNoteMarkers.map { LabelKey.make($0) })
    scaleWords = Dictionary(
      settings.scaleWords.map { (LabelKey.make($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    currencyWords = Set(settings.currencyWords.map { LabelKey.make($0) })
  }

  func note(in text: String) -> ScaleNote? {
    let tokens = noteTokens(LabelKey.make(text))
    let isCurrency = tokens.contains { $0 == "€" || currencyWords.contains($0) }
    var i = 0
    while i < tokens.count {
      let t = tokens[i]
      if t == "k", i + 1 < tokens.count, tokens[i + 1] == "€" {
        return ScaleNote(power: scaleWords["k"] ?? 3, isCurrency: true)
      }
      if markers.contains(t) {
        var j = i + 1
        while j < tokens.count, tokens[j] == "€" || currencyWords.contains(tokens[j]) { j += 1 }
        if j < tokens.count {
          if let p = scaleWords[tokens[j]], tokens[j] != "k" || (j + 1 < tokens.count && tokens[j + 1] == "€") {
            return ScaleNote(power: p, isCurrency: isCurrency)
          }
          // Powers of ten only after a multiplication sign: "in 1000 gezinnen" is no note.
          if t != "in", let p = powerOfTen(tokens, from: j) {
            return ScaleNote(power: p, isCurrency: isCurrency)
          }
        }
      }
      i += 1
    }
    return nil
  }

  /// "1.000", "1 000 000" or "1000" starting at tokens[j] as a power of ten (at least 3).
  private func powerOfTen(_ tokens: [String], from j: Int) -> Int? {
    var digits = ""
    var k = j
    while k < tokens.count, tokens[k].unicodeScalars.allSatisfy({ isDigit($0) || $0 == "." || $0 == "," }) {
      digits += tokens[k].filter { $0 != "." && $0 != "," }
      k += 1
      if digits.count >= 4 && (k >= tokens.count || tokens[k].count != 3) { break }
    }
    guard digits.count >= 4, digits.first == "1", digits.dropFirst().allSatisfy({ $0 == "0" }) else {
      return nil
    }
    return digits.count - 1
  }

  /// Space-separated words with brackets stripped and € split off.
  private func noteTokens(_ key: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    func flush() {
      if !current.isEmpty { tokens.append(current) }
      current = ""
    }
    for ch in key {
      switch ch {
      case " ", "(", ")", "[", "]", ":", ";": flush()
      case "€", "×":
        flush()
        tokens.append(String(ch))
      default: current.append(ch)
      }
    }
    flush()
    return tokens
  }
}
