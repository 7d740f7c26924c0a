import TallyCore

/// How figures write their separators.
public enum NumberStyle: String, Sendable, Hashable, CaseIterable {
  /// Decide per column from the cells whose reading is unambiguous; a column without such cells
  /// (or with conflicting ones) reads each figure on its own, preferring the Dutch reading.
  case auto
  /// Decimal comma; groups of three split by space, NBSP, U+202F, U+2009, "." or "'".
  case dutch
  /// Decimal point; groups of three split by ",", a space or "'".
  case english
}

/// Every tunable of the normalise stage. Read from the `normalize` section of pipeline.yaml.
///
/// Word lists are matched case-insensitively on the NFKC form of the text (`LabelKey.make`).
public struct NormalizeSettings: Sendable, Equatable {
  // MARK: Numbers

  /// `number_style`: how figures are read; `auto` decides per column. Default `auto`.
  public var numberStyle: NumberStyle = .auto
  /// `null_markers`: cell texts that mean "no figure" and lex as empty.
  /// Default `-`, `—`, `–`, `n.v.t.`, `nvt`, `n.v.t`, `n.b.`, `nb`, `n.a.`, `n/a`.
  public var nullMarkers: [String] = ["-", "—", "–", "−", "n.v.t.", "n.v.t", "nvt", "n.b.", "nb", "n.a.", "n/a"]
  /// `scale_words`: words after a figure that multiply it by 10^n ("2,8 miljoen", "5 k€").
  /// Default duizend 3, k 3, miljoen 6, mln 6, miljard 9, mld 9, thousand 3, million 6, billion 9.
  public var scaleWords: [String: Int] = [
    "duizend": 3, "k": 3, "miljoen": 6, "mln": 6, "miljard": 9, "mld": 9, "thousand": 3,
    "million": 6, "billion": 9,
  ]
  /// `currency_words`: words before or after a figure that make it an amount in euro
  /// (the sign € always does). Default `eur`, `euro`, `euros`.
  public var currencyWords: [String] = ["eur", "euro", "euros"]
  /// `scale_note_markers`: words that introduce a table-wide scale note when followed by a scale
  /// word or a power of ten ("in duizend euro", "x 1.000", "(x € 1.000)"). Default `in`, `x`, `×`.
  public var scaleNoteMarkers: [String] = ["in", "x", "×"]

  // MARK: Table structure

  /// `infer_header_rows`: when the extractor marked no header rows, take the leading rows without
  /// figures (bare years count as text) as header rows. Default true.
  public var inferHeaderRows: Bool = true
  /// `carry_down_labels`: in tables with several label columns, a blank upper label cell repeats
  /// the one above ("Exploitatie | Uitgaven", " | Ontvangsten"). Default true.
  public var carryDownLabels: Bool = true
  /// `uppercase_group_rows`: a row without figures whose label is all capitals groups the rows
  /// under it even when it is not bold. Default true.
  public var uppercaseGroupRows: Bool = true
  /// `blank_row_ends_groups`: an empty row closes every open group. Default true.
  public var blankRowEndsGroups: Bool = true
  /// `leader_rows_are_notes`: a row whose label ends in a dot leader ("Personeel ..... 5") is a
  /// table-of-contents line: a note, no facts. Default true.
  public var leaderRowsAreNotes: Bool = true
  /// `unlabelled_bold_total`: a bold last data row with figures and no label is a total row
  /// (totals printed without a word). Default true.
  public var unlabelledBoldTotal: Bool = true
  /// `unlabelled_subtotals`: a data row with figures and no label directly under labelled item
  /// rows is a subtotal of them (balance sheets print "4.370 / 267 / 4.637" without a word).
  /// Default true.
  public var unlabelledSubtotals: Bool = true

  // MARK: Roles

  /// `total_words`: a label that starts with one of these (whole words) makes a total row or
  /// column. Default `totaal`, `totalen`, `total`, `totals`, `eindtotaal`, `generaal totaal`,
  /// `grand total`, `eindsaldo`, `totaalscore`, `som`.
  public var totalWords: [String] = [
    "totaal", "totalen", "total", "totals", "eindtotaal", "generaal totaal", "grand total",
    "eindsaldo", "totaalscore", "som",
  ]
  /// `subtotal_words`: a label that starts with one of these makes a subtotal row or column.
  /// Default `subtotaal`, `sub-totaal`, `sub totaal`, `subtotal`, `tussentotaal`.
  public var subtotalWords: [String] = ["subtotaal", "sub-totaal", "sub totaal", "subtotal", "tussentotaal"]
  /// `waarvan_words`: a row without figures whose label is one of these (trailing ":" and "*"
  /// ignored) opens a breakdown of the data row above it. Default `waarvan`, `waaronder`, `of which`.
  public var waarvanWords: [String] = ["waarvan", "waaronder", "of which"]

  // MARK: Units

  /// `units.hours`: words that make a figure a number of hours. Default `uren`, `uur`, `hours`, `hour`.
  public var hourWords: [String] = ["uren", "uur", "hours", "hour"]
  /// `units.fte`: words for full-time equivalents. Default `fte`, `vte`, `ftes`, `vtes`.
  public var fteWords: [String] = ["fte", "vte", "ftes", "vtes"]
  /// `units.persons`: words for head counts of staff. Default `koppen`, `medewerkers`, `medewerker`,
  /// `personeelsleden`, `werknemers`, `employees`.
  public var personWords: [String] = [
    "koppen", "medewerkers", "medewerker", "personeelsleden", "werknemers", "employees",
  ]
  /// `units.clients`: words for people served. Default `klanten`, `klant`, `cliënten`, `cliënt`,
  /// `clienten`, `client`, `clients`, `patiënten`, `patiënt`, `gebruikers`, `bezoekers`,
  /// `deelnemers`, `bewoners`.
  public var clientWords: [String] = [
    "klanten", "klant", "cliënten", "cliënt", "clienten", "client", "clients", "patiënten",
    "patiënt", "patienten", "gebruikers", "bezoekers", "deelnemers", "bewoners",
  ]
  /// `units.eur`: words for amounts in euro (the sign € always counts). Default `euro`, `eur`,
  /// `k€`, `budget`, `uitgaven`, `ontvangsten`, `kosten`, `opbrengsten`, `inkomsten`, `baten`,
  /// `lasten`, `omzet`, `bedrag`.
  public var eurWords: [String] = [
    "euro", "eur", "budget", "uitgaven", "ontvangsten", "kosten", "opbrengsten", "inkomsten",
    "baten", "lasten", "omzet", "bedrag",
  ]
  /// `units.percent`: words for percentages (the sign % always counts). Default `procent`,
  /// `percentage`, `pct`.
  public var percentWords: [String] = ["procent", "percentage", "pct"]
  /// `units.days`: words for numbers of days. Default `dagen`, `dag`, `days`.
  public var dayWords: [String] = ["dagen", "dag", "days"]
  /// `units.other`: words naming a measure without a unit kind of its own (an age, a score); like a
  /// measure word they outrank person and client words in their scope, giving kind `number`
  /// ("Gemiddelde leeftijd personeelsleden" is no head count). Default `leeftijd`, `anciënniteit`,
  /// `score`, `ratio`, `index`, `age`.
  public var otherMeasureWords: [String] = ["leeftijd", "anciënniteit", "score", "ratio", "index", "age"]
  /// `units.count`: words for a plain count, used only when no other unit word appears.
  /// Default `aantal`, `number`.
  public var countWords: [String] = ["aantal", "number"]

  // MARK: Budget codes

  /// `code_levels`: code prefixes read from headings and their depth in the budget hierarchy
  /// (a prefix, optional capitals and digits, as the heading's first or second word). Default
  /// SD 1, OD 2, PO 2, AC 3, PR 3.
  public var codeLevels: [String: Int] = ["SD": 1, "OD": 2, "PO": 2, "AC": 3, "PR": 3]
  /// `unnamed_action_headings`: a heading (the last one carrying no code) with one of these texts
  /// marks a table of an action whose code was not printed. Default `acties`, `actie`.
  public var unnamedActionHeadings: [String] = ["acties", "actie"]
  /// `unnamed_action_level`: the level given to such an unnamed action (`BudgetCode.code` is "").
  /// Default 3.
  public var unnamedActionLevel: Int = 3
  /// `codes_from_text`: read budget codes from every line of the document's text in reading order
  /// (tables placed among the lines by page and position), not only from the headings kept above
  /// each table; a line that opens with a code opens it even when it was not taken for a heading.
  /// Documents without positions (HTML) use the headings. Default true.
  public var codesFromText: Bool = true

  // MARK: Stated figures

  /// `stated_figures`: read figures with a unit word from running text. Default true.
  public var statedFigures: Bool = true
  /// `stated_figures_max_run`: a sentence printing more figures than this one after the other,
  /// with nothing but spaces between them, is a table row flowed as text and states no figure.
  /// Default 2.
  public var statedFiguresMaxRun: Int = 2

  public init() {}

  /// The defaults, overridden by the keys of the `normalize` section of pipeline.yaml.
  /// Unknown keys are errors naming their line.
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    numberStyle = try map.choice("number_style", as: NumberStyle.self) ?? numberStyle
    nullMarkers = try map.strings("null_markers") ?? nullMarkers
    if var scales = try map.map("scale_words") {
      scaleWords = try Self.intMap(&scales, in: 1...18)
    }
    currencyWords = try map.strings("currency_words") ?? currencyWords
    scaleNoteMarkers = try map.strings("scale_note_markers") ?? scaleNoteMarkers
    inferHeaderRows = try map.bool("infer_header_rows") ?? inferHeaderRows
    carryDownLabels = try map.bool("carry_down_labels") ?? carryDownLabels
    uppercaseGroupRows = try map.bool("uppercase_group_rows") ?? uppercaseGroupRows
    blankRowEndsGroups = try map.bool("blank_row_ends_groups") ?? blankRowEndsGroups
    unlabelledBoldTotal = try map.bool("unlabelled_bold_total") ?? unlabelledBoldTotal
    unlabelledSubtotals = try map.bool("unlabelled_subtotals") ?? unlabelledSubtotals
    leaderRowsAreNotes = try map.bool("leader_rows_are_notes") ?? leaderRowsAreNotes
    totalWords = try map.strings("total_words") ?? totalWords
    subtotalWords = try map.strings("subtotal_words") ?? subtotalWords
    waarvanWords = try map.strings("waarvan_words") ?? waarvanWords
    if var units = try map.map("units") {
      hourWords = try units.strings("hours") ?? hourWords
      fteWords = try units.strings("fte") ?? fteWords
      personWords = try units.strings("persons") ?? personWords
      clientWords = try units.strings("clients") ?? clientWords
      eurWords = try units.strings("eur") ?? eurWords
      percentWords = try units.strings("percent") ?? percentWords
      dayWords = try units.strings("days") ?? dayWords
      countWords = try units.strings("count") ?? countWords
      otherMeasureWords = try units.strings("other") ?? otherMeasureWords
      try units.finish()
    }
    if var codes = try map.map("code_levels") {
      codeLevels = try Self.intMap(&codes, in: 1...9)
    }
    unnamedActionHeadings = try map.strings("unnamed_action_headings") ?? unnamedActionHeadings
    unnamedActionLevel = try map.int("unnamed_action_level", in: 1...9) ?? unnamedActionLevel
    codesFromText = try map.bool("codes_from_text") ?? codesFromText
    statedFigures = try map.bool("stated_figures") ?? statedFigures
    statedFiguresMaxRun = try map.int("stated_figures_max_run", in: 1...1000) ?? statedFiguresMaxRun
    try map.finish()
  }

  /// A mapping of words to whole numbers ("miljoen: 6"), every key read.
  private static func intMap(_ map: inout ConfigMap, in range: ClosedRange<Int>) throws -> [String: Int] {
    var out: [String: Int] = [:]
    for key in map.keys {
      if let v = try map.int(key, in: range) { out[key] = v }
    }
    try map.finish()
    return out
  }
}
