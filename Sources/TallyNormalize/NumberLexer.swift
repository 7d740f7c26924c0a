import TallyCore

/// The only way printed text becomes a number: a hand-written scanner over unicode scalars.
///
/// Forms read (Dutch style unless the column says English):
/// - groups of three split by space, NBSP, U+202F, U+2009, "." or "'": "10 891", "1.400.663";
///   none at all, zero padding allowed: "1445", "0447,27";
/// - decimal comma "826,64" (decimals as displayed are kept: "1,50" has 2);
/// - percent "65,15%", "58,2 %"; a plus sign "+8,2%";
/// - euro before or after, as € or a currency word: "€ 1.400.663", "€111.839", "1.400 €", "EUR 5";
/// - negatives "-€ 3.023", "€ -1.515.525", "(1.234)", "- 935,00", "-    935,00", with U+2212 or an
///   en dash;
/// - scale words "2,8 miljoen" (value 2800000, decimals -5), "5 k€", and a context scale from a
///   table note ("in duizend euro", "x 1.000") passed as `scale`;
/// - a trailing remark "2 (1 EXTERN)": 2 with note "1 EXTERN"; trailing footnote marks "906*";
/// - null markers ("-", "—", "n.v.t." ...) and empty text: `.empty`.
///
/// A figure that breaks the grouping rules is `.malformed`, never guessed: "3 43,51" (a group of
/// two digits after a group separator), "1.23.456", "12345.678", two decimal separators, mixed group
/// separators (a space included, in a column whose figures group with "." or ","; see
/// `spaceGroupsDigits`). Anything else with words or other signs around the digits ("Aalst 1",
/// "2023 - 2027", "07/03/2022") is `.text`, and so is a list or section number: digits with a
/// lone trailing period ("6.", "12.") or parts of at most two digits each closed by a period
/// ("2.1.", "1.5.1.").
///
/// Ambiguity: "1.234" and "1,234" read differently by style. Dutch: "1.234" is 1234 and "1,234"
/// is 1.234 (decimal comma). English: the reverse. `.auto` reads one figure alone: a separator
/// used twice is a group separator, with both present the last one is the decimal separator, a
/// lone "," is decimal, and a lone "." is a group separator when exactly three digits follow it
/// ("1.234" = 1234) and a decimal point otherwise ("+1.97%"). `detectStyle` settles a whole column
/// from the cells that have only one reading.
public struct NumberLexer: Sendable {
  private let nullMarkers: Set<String>
  private let nullMarkerMaxLength: Int
  private let scaleWords: [String: Int]
  private let currencyWords: Set<String>

  public init(settings: NormalizeSettings = NormalizeSettings()) {
    let markers = settings.nullMarkers.map { LabelKey.make($0) }
    nullMarkers = Set(markers)
    nullMarkerMaxLength = markers.map { $0.unicodeScalars.count }.max() ?? 0
    scaleWords = Dictionary(
      settings.scaleWords.map { (LabelKey.make($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    currencyWords = Set(settings.currencyWords.map { LabelKey.make($0) })
  }

  /// The content of one printed text.
  /// - Parameters:
  ///   - style: `.dutch` or `.english` for a column whose style is known; `.auto` reads the
  ///     figure alone (see the type's documentation).
  ///   - scale: a power of ten from a table or column note ("in duizend euro": 3); not applied to
  ///     percentages.
  ///   - currency: the context says the figures are euro.
  ///   - spaceGroups: a space may separate digit groups; false in a column whose figures group
  ///     with "." or "," (see `spaceGroupsDigits`), where "1.121.266 1.180.922" or "0 0,0%" is two
  ///     figures side by side (columns merged by the extractor): text, not a malformed figure.
  public func lex(
    _ text: String, style: NumberStyle = .auto, scale: Int = 0, currency: Bool = false,
    spaceGroups: Bool = true
  ) -> CellContent {
    let s = Array(text.unicodeScalars)
    var lo = 0
    var hi = s.count
    trim(s, &lo, &hi)
    if lo == hi { return .empty }
    if hi - lo <= nullMarkerMaxLength, isNullMarker(s, lo, hi) { return .empty }

    var note: String?
    var parenthesised = false
    if s[hi - 1] == ")" {
      if s[lo] == "(" {
        parenthesised = true
        lo += 1
        hi -= 1
        trim(s, &lo, &hi)
        if lo == hi { return .text }
      } else if let open = lastIndex(of: "(", in: s, lo, hi) {
        var nlo = open + 1
        var nhi = hi - 1
        trim(s, &nlo, &nhi)
        note = nlo < nhi ? String(String.UnicodeScalarView(s[nlo..<nhi])) : nil
        hi = open
        trim(s, &lo, &hi)
        if lo == hi { return .text }
      }
    }
    // Footnote marks after a figure ("906*") are kept as the note.
    var stars = 0
    while hi - stars > lo, s[hi - stars - 1] == "*" { stars += 1 }
    if stars > 0, hi - stars > lo, isDigit(s[hi - stars - 1]) || s[hi - stars - 1] == "%" {
      hi -= stars
      note = note ?? String(repeating: "*", count: stars)
    }

    var result = lexFigure(s, lo, hi, style: style, scale: scale, currency: currency, spaceGroups: spaceGroups)
    if case .number(var n) = result {
      if parenthesised {
        if n.value.isNegative { return .malformed(reason: "a negative figure in parentheses") }
        n.value = n.value.negated
      }
      n.note = note
      result = .number(n)
    }
    return result
  }

  /// The style a single figure proves, or nil when it reads the same (or is not a figure) either
  /// way: "826,64" and "1.400.663" prove Dutch; "60,529.08", "1,234,567" and "1.97" prove English;
  /// "1.234", "1,234" and "2 064" prove nothing.
  public func styleEvidence(_ text: String) -> NumberStyle? {
    let s = Array(text.unicodeScalars)
    var i = 0
    while i < s.count, !isDigit(s[i]) { i += 1 }
    guard i < s.count else { return nil }
    var commas = 0
    var dots = 0
    var last: Unicode.Scalar = "0"
    var digitsAfterLast = 0
    while i < s.count {
      let c = s[i]
      if isDigit(c) {
        digitsAfterLast += 1
      } else if c == "," || c == "." {
        if c == "," { commas += 1 } else { dots += 1 }
        last = c
        digitsAfterLast = 0
      } else if !(LabelKey.isSpace(c) || isApostrophe(c)) {
        break
      }
      i += 1
    }
    if commas > 0, dots > 0 { return last == "," ? .dutch : .english }
    if commas > 1 { return .english }
    if dots > 1 { return .dutch }
    if commas == 1, digitsAfterLast != 3 { return .dutch }
    if dots == 1, digitsAfterLast != 3 { return .english }
    return nil
  }

  /// Whether a space may group digits in a column: false when some figure of it (any word of a
  /// cell) groups its digits with "." or "," ("43.626.984", "1.234,56", "60,529.08"), as a column
  /// uses one group separator, or when a cell holds two words with a separator each ("4,26
  /// 79,4%": two figures side by side). True otherwise ("3 543 496", "826,64", "1.234", "3 43,51").
  public func spaceGroupsDigits<S: Sequence>(_ texts: S) -> Bool where S.Element == String {
    for text in texts {
      var dots = 0
      var commas = 0
      var digits = 0
      var groupsOfThree = true
      var proven = false
      var wordsWithSeparator = 0
      func endWord() {
        if dots + commas > 0 { wordsWithSeparator += 1 }
        if dots > 0 && commas > 0 { proven = true }
        if (dots > 1 || commas > 1) && groupsOfThree && digits == 3 { proven = true }
        dots = 0
        commas = 0
        digits = 0
        groupsOfThree = true
      }
      for c in text.unicodeScalars {
        if isDigit(c) {
          digits += 1
        } else if c == "." || c == "," {
          if dots + commas > 0, digits != 3 { groupsOfThree = false }
          if c == "." { dots += 1 } else { commas += 1 }
          digits = 0
        } else {
          endWord()
        }
      }
      endWord()
      if proven || wordsWithSeparator > 1 { return false }
    }
    return true
  }

  /// A column's style from its cells: Dutch or English when the unambiguous cells agree, `.auto`
  /// when none is unambiguous or they disagree (each figure is then read alone).
  public func detectStyle<S: Sequence>(_ texts: S) -> NumberStyle where S.Element == String {
    var dutch = 0
    var english = 0
    for t in texts {
      switch styleEvidence(t) {
      case .dutch: dutch += 1
      case .english: english += 1
      default: break
      }
    }
    if dutch > 0, english == 0 { return .dutch }
    if english > 0, dutch == 0 { return .english }
    return .auto
  }

  // MARK: The scanner

  private func lexFigure(
    _ s: [Unicode.Scalar], _ lo: Int, _ hi: Int, style: NumberStyle, scale: Int, currency: Bool,
    spaceGroups: Bool
  ) -> CellContent {
    var i = lo
    var negative = false
    var signed = false
    var isCurrency = currency
    var isPercent = false
    var power = 0

    // Prefix: sign, currency sign or word, in any order ("-€ 3.023", "€ -1.515.525").
    prefix: while i < hi {
      let c = s[i]
      if isMinus(c) || c == "+" {
        if signed { return .malformed(reason: "two signs") }
        signed = true
        negative = c != "+"
        i += 1
      } else if c == "€" {
        isCurrency = true
        i += 1
      } else if isLetter(c) {
        let end = wordEnd(s, i, hi)
        let word = lowerWord(s, i, end)
        if currencyWords.contains(word) {
          isCurrency = true
          i = end
        } else if let p = scaleWords[word], end < hi, s[end] == "€" {
          power += p  // "k€ 5"
          isCurrency = true
          i = end + 1
        } else {
          return .text
        }
      } else {
        break prefix
      }
      while i < hi, LabelKey.isSpace(s[i]) { i += 1 }
    }
    guard i < hi, isDigit(s[i]) else { return .text }

    // Body: digits and separators; a space separates only when a digit follows it.
    let bodyStart = i
    while i < hi {
      let c = s[i]
      if isDigit(c) || c == "." || c == "," || isApostrophe(c) {
        i += 1
      } else if spaceGroups, LabelKey.isSpace(c), i + 1 < hi, isDigit(s[i + 1]) {
        i += 1
      } else {
        break
      }
    }
    let bodyEnd = i
    // "6.", "12.", "2.1.": a list or section number, not a figure that lost its last group.
    if !signed, !isCurrency, power == 0, isEnumeration(s, bodyStart, bodyEnd), onlySpaces(s, bodyEnd, hi) {
      return .text
    }

    // Suffix: percent, currency, scale words.
    while i < hi, LabelKey.isSpace(s[i]) { i += 1 }
    while i < hi {
      let c = s[i]
      if c == "%" {
        isPercent = true
        i += 1
      } else if c == "€" {
        isCurrency = true
        i += 1
      } else if isLetter(c) {
        let end = wordEnd(s, i, hi)
        let word = lowerWord(s, i, end)
        if let p = scaleWords[word] {
          power += p
        } else if currencyWords.contains(word) {
          isCurrency = true
        } else {
          return .text
        }
        i = end
      } else {
        return .text
      }
      while i < hi, LabelKey.isSpace(s[i]) { i += 1 }
    }

    let body: (units: Int128, fraction: Int)
    switch readBody(s, bodyStart, bodyEnd, style: style) {
    case .success(let b): body = b
    case .failure(let problem): return .malformed(reason: problem.reason)
    }

    if !isPercent { power += scale }
    var units = negative ? -body.units : body.units
    var valueScale = body.fraction
    if power > 0 {
      if power >= valueScale {
        guard let factor = ExactDecimal.powerOfTen(power - valueScale) else {
          return .malformed(reason: "too large")
        }
        let (p, overflow) = units.multipliedReportingOverflow(by: factor)
        if overflow { return .malformed(reason: "too large") }
        units = p
        valueScale = 0
      } else {
        valueScale -= power
      }
    }
    return .number(
      ParsedNumber(
        value: ExactDecimal(units: units, scale: valueScale), decimals: body.fraction - power,
        isPercent: isPercent, isCurrency: isCurrency))
  }

  private struct BodyProblem: Error {
    var reason: String
  }

  /// The digits of `s[lo..<hi]` as an integer and the number of decimals, separators checked.
  private func readBody(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int, style: NumberStyle)
    -> Result<(units: Int128, fraction: Int), BodyProblem>
  {
    // Which separator is decimal.
    var commas = 0
    var dots = 0
    var lastSeparator: Unicode.Scalar = "0"
    var digitsAfterLast = 0
    for k in lo..<hi {
      let c = s[k]
      if isDigit(c) {
        digitsAfterLast += 1
      } else if c == "," || c == "." {
        if c == "," { commas += 1 } else { dots += 1 }
        lastSeparator = c
        digitsAfterLast = 0
      }
    }
    let decimal: Unicode.Scalar?
    switch style {
    case .dutch: decimal = ","
    case .english: decimal = "."
    case .auto:
      if commas > 0, dots > 0 {
        decimal = lastSeparator
      } else if commas == 1 {
        decimal = ","
      } else if dots == 1, digitsAfterLast != 3 {
        decimal = "."  // "1.97": only a decimal point reads it
      } else {
        decimal = nil  // "1.234" is 1234 (the Dutch preference); "1,234,567" groups
      }
    }

    var units: Int128 = 0
    var fraction = 0
    var seenDecimal = false
    var groupKind: Int?  // 0 space, 1 dot, 2 comma, 3 apostrophe
    var groupIndex = 0
    var groupDigits = 0
    var afterGroupSeparator = false

    func groupProblem(_ digits: Int, first: Bool) -> BodyProblem {
      first
        ? BodyProblem(reason: "a first digit group of \(digits) digits before a group separator")
        : BodyProblem(reason: "a digit group of \(digits) digits after a group separator; expected 3")
    }

    for k in lo..<hi {
      let c = s[k]
      if isDigit(c) {
        let (m, o1) = units.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(Int128(c.value - 48))
        if o1 || o2 { return .failure(BodyProblem(reason: "too many digits")) }
        units = a
        groupDigits += 1
        if seenDecimal { fraction += 1 }
        continue
      }
      if groupDigits == 0 { return .failure(BodyProblem(reason: "two separators in a row")) }
      if c == decimal {
        if seenDecimal { return .failure(BodyProblem(reason: "two decimal separators")) }
        if afterGroupSeparator, groupDigits != 3 {
          return .failure(groupProblem(groupDigits, first: false))
        }
        seenDecimal = true
      } else {
        if seenDecimal {
          return .failure(BodyProblem(reason: "a group separator after the decimal separator"))
        }
        let kind = LabelKey.isSpace(c) ? 0 : c == "." ? 1 : c == "," ? 2 : 3
        if let g = groupKind, g != kind {
          return .failure(BodyProblem(reason: "mixed group separators"))
        }
        groupKind = kind
        if groupIndex == 0 {
          if groupDigits > 3 { return .failure(groupProblem(groupDigits, first: true)) }
        } else if groupDigits != 3 {
          return .failure(groupProblem(groupDigits, first: false))
        }
        afterGroupSeparator = true
      }
      groupIndex += 1
      groupDigits = 0
    }
    if groupDigits == 0 { return .failure(BodyProblem(reason: "ends with a separator")) }
    if afterGroupSeparator, !seenDecimal, groupDigits != 3 {
      return .failure(groupProblem(groupDigits, first: false))
    }
    if fraction > ExactDecimal.maximumScale {
      return .failure(BodyProblem(reason: "too many decimals"))
    }
    return .success((units, fraction))
  }

  // MARK: Scalar helpers

  /// Digits followed by a lone trailing period ("6.", "12."), or section numbers whose parts are
  /// at most two digits, each followed by a period ("2.1.", "1.5.1."): an enumeration.
  private func isEnumeration(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Bool {
    guard hi - lo >= 2, s[hi - 1] == "." else { return false }
    var parts = 0
    var digits = 0
    var longest = 0
    for k in lo..<hi {
      if isDigit(s[k]) {
        digits += 1
      } else if s[k] == "." {
        guard digits > 0 else { return false }
        parts += 1
        longest = max(longest, digits)
        digits = 0
      } else {
        return false
      }
    }
    return parts == 1 || longest <= 2
  }

  private func onlySpaces(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Bool {
    var k = lo
    while k < hi {
      if !LabelKey.isSpace(s[k]) { return false }
      k += 1
    }
    return true
  }

  private func trim(_ s: [Unicode.Scalar], _ lo: inout Int, _ hi: inout Int) {
    while lo < hi, LabelKey.isSpace(s[lo]) { lo += 1 }
    while hi > lo, LabelKey.isSpace(s[hi - 1]) { hi -= 1 }
  }

  private func isNullMarker(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Bool {
    nullMarkers.contains(LabelKey.make(String(String.UnicodeScalarView(s[lo..<hi]))))
  }

  private func lastIndex(of target: Unicode.Scalar, in s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Int? {
    var k = hi - 1
    while k >= lo {
      if s[k] == target { return k }
      k -= 1
    }
    return nil
  }

  private func wordEnd(_ s: [Unicode.Scalar], _ start: Int, _ hi: Int) -> Int {
    var e = start
    while e < hi, isLetter(s[e]) || s[e] == "." { e += 1 }
    return e
  }

  /// A word lower-cased (ASCII folding only; scale and currency words are ASCII).
  private func lowerWord(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> String {
    var out = String.UnicodeScalarView()
    for k in lo..<hi {
      let c = s[k]
      if c == "." { continue }
      out.append(c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c)
    }
    return String(out)
  }
}

@inline(__always) func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

@inline(__always) func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }

@inline(__always) func isApostrophe(_ c: Unicode.Scalar) -> Bool { c == "'" || c == "\u{2019}" }

/// Hyphen-minus, U+2212 minus, U+2012 figure dash and U+2013 en dash, as printed before negatives.
@inline(__always) func isMinus(_ c: Unicode.Scalar) -> Bool {
  c == "-" || c == "\u{2212}" || c == "\u{2012}" || c == "\u{2013}"
}

extension CellContent {
  /// The figure, when the content is one.
  var parsed: ParsedNumber? {
    if case .number(let n) = self { return n }
    return nil
  }
}
