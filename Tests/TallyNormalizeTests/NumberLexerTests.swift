import TallyCore
import Testing

@testable import TallyNormalize

/// What a text should lex to, written compactly.
private enum Expected: Sendable, CustomStringConvertible {
  case number(String, decimals: Int, percent: Bool = false, currency: Bool = false, note: String? = nil)
  case empty
  case text
  case malformed

  var description: String {
    switch self {
    case .number(let v, let d, let p, let c, let n): "\(v)/\(d)\(p ? "%" : "")\(c ? "€" : "")\(n.map { " (\($0))" } ?? "")"
    case .empty: "empty"
    case .text: "text"
    case .malformed: "malformed"
    }
  }

  func matches(_ content: CellContent) -> Bool {
    switch (self, content) {
    case (.number(let v, let d, let p, let c, let note), .number(let n)):
      guard let value = ExactDecimal(canonical: v) else { return false }
      return n.value == value && n.decimals == d && n.isPercent == p && n.isCurrency == c && n.note == note
    case (.empty, .empty), (.text, .text): return true
    case (.malformed, .malformed): return true
    default: return false
    }
  }
}

private struct LexCase: Sendable, CustomTestStringConvertible {
  var id: String
  var text: String
  var style: NumberStyle = .auto
  var expected: Expected
  var testDescription: String { id }
}

private let lexCases: [LexCase] = [
  // Grouping and decimals
  LexCase(id: "plain integer", text: "1777", expected: .number("1777", decimals: 0)),
  LexCase(id: "space groups", text: "10 891", expected: .number("10891", decimals: 0)),
  LexCase(id: "nbsp groups", text: "3\u{00A0}543\u{00A0}496", expected: .number("3543496", decimals: 0)),
  LexCase(id: "narrow nbsp groups", text: "160\u{202F}494", expected: .number("160494", decimals: 0)),
  LexCase(id: "thin space groups", text: "1\u{2009}591,50", expected: .number("1591.50", decimals: 2)),
  LexCase(id: "dot groups", text: "43.626.984", expected: .number("43626984", decimals: 0)),
  LexCase(id: "apostrophe groups", text: "1'234'567", expected: .number("1234567", decimals: 0)),
  LexCase(id: "decimal comma", text: "826,64", expected: .number("826.64", decimals: 2)),
  LexCase(id: "trailing zeros kept", text: "1,50", expected: .number("1.5", decimals: 2)),
  LexCase(id: "grouped with decimals", text: "1 758,00", expected: .number("1758", decimals: 2)),
  LexCase(id: "six decimals groups", text: "6 911 564,92", expected: .number("6911564.92", decimals: 2)),
  LexCase(id: "zero padded", text: "0447,27", expected: .number("447.27", decimals: 2)),
  LexCase(id: "zero", text: "0", expected: .number("0", decimals: 0)),
  // Ambiguity
  LexCase(id: "1.234 dutch is thousands", text: "1.234", style: .dutch, expected: .number("1234", decimals: 0)),
  LexCase(id: "1.234 auto is thousands", text: "1.234", expected: .number("1234", decimals: 0)),
  LexCase(id: "1,234 dutch is decimal", text: "1,234", style: .dutch, expected: .number("1.234", decimals: 3)),
  LexCase(id: "1,234 auto is decimal", text: "1,234", expected: .number("1.234", decimals: 3)),
  LexCase(id: "1,234 english is thousands", text: "1,234", style: .english, expected: .number("1234", decimals: 0)),
  LexCase(id: "1.234 english is decimal", text: "1.234", style: .english, expected: .number("1.234", decimals: 3)),
  LexCase(id: "english grouped", text: "60,529.08", style: .english, expected: .number("60529.08", decimals: 2)),
  LexCase(id: "english grouped auto", text: "60,529.08", expected: .number("60529.08", decimals: 2)),
  LexCase(id: "english in dutch column", text: "60,529.08", style: .dutch, expected: .malformed),
  // Percent
  LexCase(id: "percent", text: "65,15%", expected: .number("65.15", decimals: 2, percent: true)),
  LexCase(id: "percent spaced", text: "58,2 %", expected: .number("58.2", decimals: 1, percent: true)),
  LexCase(id: "plus percent point", text: "+1.97%", expected: .number("1.97", decimals: 2, percent: true)),
  LexCase(id: "plus percent comma", text: "+8,2%", expected: .number("8.2", decimals: 1, percent: true)),
  LexCase(id: "minus percent", text: "-1,2%", expected: .number("-1.2", decimals: 1, percent: true)),
  // Euro
  LexCase(id: "euro before spaced", text: "€ 1.400.663", expected: .number("1400663", decimals: 0, currency: true)),
  LexCase(id: "euro before tight", text: "€111.839", expected: .number("111839", decimals: 0, currency: true)),
  LexCase(id: "euro after", text: "1.400 €", expected: .number("1400", decimals: 0, currency: true)),
  LexCase(id: "EUR word", text: "EUR 2.500,00", expected: .number("2500", decimals: 2, currency: true)),
  LexCase(id: "euro word after", text: "15 euro", expected: .number("15", decimals: 0, currency: true)),
  // Negatives
  LexCase(id: "minus before euro", text: "-€ 3.023", expected: .number("-3023", decimals: 0, currency: true)),
  LexCase(id: "euro before minus", text: "€ -1.515.525", expected: .number("-1515525", decimals: 0, currency: true)),
  LexCase(id: "parentheses", text: "(1.234)", expected: .number("-1234", decimals: 0)),
  LexCase(id: "minus space", text: "- 935,00", expected: .number("-935", decimals: 2)),
  LexCase(id: "minus many spaces", text: "-    935,00", expected: .number("-935", decimals: 2)),
  LexCase(id: "unicode minus", text: "\u{2212}12,5", expected: .number("-12.5", decimals: 1)),
  LexCase(id: "en dash minus", text: "\u{2013}8.214", expected: .number("-8214", decimals: 0)),
  // Scales
  LexCase(id: "miljoen", text: "2,8 miljoen", expected: .number("2800000", decimals: -5)),
  LexCase(id: "miljoen two decimals", text: "5,47 miljoen", expected: .number("5470000", decimals: -4)),
  LexCase(id: "k euro", text: "12 k€", expected: .number("12000", decimals: -3, currency: true)),
  LexCase(id: "euro miljoen", text: "€ 1,5 mln", expected: .number("1500000", decimals: -5, currency: true)),
  // Notes
  LexCase(id: "remark in parentheses", text: "2 (1 EXTERN)", expected: .number("2", decimals: 0, note: "1 EXTERN")),
  LexCase(id: "word in parentheses", text: "1 (EXTERN)", expected: .number("1", decimals: 0, note: "EXTERN")),
  LexCase(id: "footnote star", text: "906*", expected: .number("906", decimals: 0, note: "*")),
  // Empty
  LexCase(id: "empty", text: "", expected: .empty),
  LexCase(id: "spaces only", text: "  \u{00A0}", expected: .empty),
  LexCase(id: "hyphen", text: "-", expected: .empty),
  LexCase(id: "em dash", text: "—", expected: .empty),
  LexCase(id: "en dash", text: "–", expected: .empty),
  LexCase(id: "n.v.t.", text: "n.v.t.", expected: .empty),
  LexCase(id: "nvt", text: "NVT", expected: .empty),
  LexCase(id: "n.b.", text: "n.b.", expected: .empty),
  // Malformed
  LexCase(id: "two-digit group after space", text: "3 43,51", expected: .malformed),
  LexCase(id: "two-digit group after dot", text: "1.23.456", expected: .malformed),
  LexCase(id: "long first group", text: "12345.678", style: .dutch, expected: .malformed),
  LexCase(id: "two decimal commas", text: "1,5,6", style: .dutch, expected: .malformed),
  LexCase(id: "mixed group separators", text: "1.234 567", expected: .malformed),
  LexCase(id: "point decimal in dutch column", text: "1.97", style: .dutch, expected: .malformed),
  LexCase(id: "trailing separator", text: "1.234,", expected: .malformed),
  // Text
  LexCase(id: "word", text: "Midden", expected: .text),
  LexCase(id: "year range", text: "2023 - 2027", expected: .text),
  LexCase(id: "date range", text: "07/03/2022 - 17/03/2023", expected: .text),
  LexCase(id: "label with number", text: "Aalst 1", expected: .text),
  LexCase(id: "percent with words", text: "57,06% = 65 jaar of ouder", expected: .text),
  LexCase(id: "figure with unit word", text: "43,8 jaar", expected: .text),
  LexCase(id: "label in parentheses", text: "Kinderzorg (EXCL. ONTHAALOUDERS)", expected: .text),
  LexCase(id: "scale note", text: "(x 1.000)", expected: .text),
  LexCase(id: "code", text: "3030'ERS", expected: .text),
]

@Test(arguments: lexCases)
private func lex_printedForm_givesExpectedContent(_ c: LexCase) {
  let content = NumberLexer().lex(c.text, style: c.style)
  #expect(c.expected.matches(content), "\(c.text) lexed to \(content), expected \(c.expected)")
}

@Test func lex_malformedGroup_reasonNamesTheGroup() {
  guard case .malformed(let reason) = NumberLexer().lex("3 43,51") else {
    Issue.record("not malformed")
    return
  }
  #expect(reason.contains("2 digits"))
}

@Test func lex_contextScale_multipliesAmountsButNotPercentages() {
  let lexer = NumberLexer()
  let amount = lexer.lex("1.234", style: .dutch, scale: 3, currency: true)
  #expect(amount == .number(ParsedNumber(value: ExactDecimal(1_234_000), decimals: -3, isCurrency: true)))
  let percent = lexer.lex("12,5%", style: .dutch, scale: 3)
  #expect(percent.parsed?.value == ExactDecimal(units: 125, scale: 1))
}

private struct StyleCase: Sendable, CustomTestStringConvertible {
  var id: String
  var cells: [String]
  var expected: NumberStyle
  var testDescription: String { id }
}

private let styleCases: [StyleCase] = [
  StyleCase(id: "decimal commas", cells: ["826,64", "1 130,10", "1.234"], expected: .dutch),
  StyleCase(id: "dot groups twice", cells: ["43.626.984", "1.234"], expected: .dutch),
  StyleCase(id: "english amounts", cells: ["60,529.08", "1,234", "12.50"], expected: .english),
  StyleCase(id: "comma groups twice", cells: ["1,234,567", "1,234"], expected: .english),
  StyleCase(id: "only ambiguous", cells: ["1.234", "2 064", "17"], expected: .auto),
  StyleCase(id: "conflicting", cells: ["1,5", "1.5"], expected: .auto),
]

@Test(arguments: styleCases)
private func detectStyle_columnCells_givesStyle(_ c: StyleCase) {
  #expect(NumberLexer().detectStyle(c.cells) == c.expected)
}

// MARK: Property test: write exact values in every style and read them back.

/// SplitMix64: a small seeded generator so failures reproduce.
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Writes |units| with `decimals` places, `groupSeparator` between groups of three (nil: none).
private func formatDigits(_ magnitude: UInt64, decimals: Int, group: String?, decimalMark: String) -> String {
  var digits = String(magnitude)
  if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
  let cut = digits.index(digits.endIndex, offsetBy: -decimals)
  let integer = Array(digits[..<cut])
  let fraction = String(digits[cut...])
  var out = ""
  for (i, ch) in integer.enumerated() {
    if let group, i > 0, (integer.count - i) % 3 == 0 { out += group }
    out.append(ch)
  }
  return decimals > 0 ? out + decimalMark + fraction : out
}

@Test func lex_randomValuesWrittenInEachStyle_readBackExactly() {
  var rng = SeededGenerator(state: 20_240_611)
  let lexer = NumberLexer()
  let dutchGroups: [String?] = [nil, " ", "\u{00A0}", "\u{202F}", "\u{2009}", ".", "'"]
  let englishGroups: [String?] = [nil, ",", " ", "'"]
  var failures: [String] = []
  for _ in 0..<5000 {
    let magnitude = UInt64.random(in: 0...999_999_999_999, using: &rng) >> UInt64.random(in: 0...36, using: &rng)
    let decimals = Int.random(in: 0...3, using: &rng)
    let english = Bool.random(using: &rng)
    let group = english ? englishGroups.randomElement(using: &rng)! : dutchGroups.randomElement(using: &rng)!
    var text = formatDigits(magnitude, decimals: decimals, group: group, decimalMark: english ? "." : ",")
    let negative = magnitude > 0 && Bool.random(using: &rng)
    let decoration = Int.random(in: 0...3, using: &rng)  // 0 none, 1 percent, 2 € before, 3 € after
    let euroBefore = Bool.random(using: &rng) ? "€ " : "€"
    switch decoration {
    case 1: text += Bool.random(using: &rng) ? "%" : " %"
    case 3: text += " €"
    default: break
    }
    if negative {
      switch Int.random(in: 0...5, using: &rng) {
      case 0: text = "-" + text
      case 1: text = "\u{2212}" + text
      case 2: text = "\u{2013}" + text
      case 3: text = "- " + text
      case 4: text = "-    " + text
      default: text = decoration == 2 ? "(" + euroBefore + text + ")" : "(" + text + ")"
      }
    }
    if decoration == 2, !text.hasPrefix("(") {
      // "-€ 3.023" and "€ -1.515.525" both occur.
      text = negative && Bool.random(using: &rng) ? "-" + euroBefore + text.dropFirst() : euroBefore + text
    }
    let expected = ExactDecimal(units: Int128(magnitude) * (negative ? -1 : 1), scale: decimals)
    let content = lexer.lex(text, style: english ? .english : .dutch)
    guard let n = content.parsed, n.value == expected, n.decimals == decimals,
      n.isPercent == (decoration == 1), n.isCurrency == (decoration >= 2)
    else {
      failures.append("\(text) -> \(content), expected \(expected)")
      continue
    }
  }
  #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(5))")
}
