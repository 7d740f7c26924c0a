import TallyCore

/// The inferred rule kinds, plus the declarative `expected_value` rule from pipeline.yaml.
public enum RuleKind: String, Sendable, Hashable, CaseIterable {
  case malformedNumber = "malformed_number"
  case rowTotal = "row_total"
  case columnTotal = "column_total"
  case percentSum = "percent_sum"
  case ratio
  case waarvan
  case rollup
  case crossTable = "cross_table"
  case expectedValue = "expected_value"
  case result
  case product
  case balance
  case unlabelledRelation = "unlabelled_relation"
}

/// Whether a kind runs, and how serious its failures are.
public struct KindSettings: Sendable, Equatable {
  /// Run checks of this kind. Default: true.
  public var enabled: Bool
  /// Severity of a failure beyond rounding. Default: error, except cross_table (warning: it
  /// pairs figures by label similarity).
  public var severity: Severity

  public init(enabled: Bool = true, severity: Severity = .error) {
    self.enabled = enabled
    self.severity = severity
  }
}

/// How empty item cells count in a sum (VTL `check_hierarchy` modes).
public enum MissingItemMode: String, Sendable, Hashable, CaseIterable {
  /// An empty item ("", "-", "n.v.t.") counts as zero; the check runs when at least one item is
  /// printed. Reports print blanks for zero far more often than they leave real gaps.
  case partialZero = "partial_zero"
  /// Any empty item skips the check.
  case nonNull = "non_null"
}

/// A document-specific check from pipeline.yaml.
///
///     - {id: hours_by_service, kind: row_total, document: "*jaarverslag*",
///        table: "uren gepresteerd bij klanten", expected: "6911564.92"}
public struct DeclaredRule: Sendable, Equatable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// The item rows of the matched column(s) sum to `expected` (same as row_total).
    case sum
    /// The item rows of the matched column(s) sum to `expected`.
    case rowTotal = "row_total"
    /// The item columns of the matched row(s) sum to `expected`.
    case columnTotal = "column_total"
    /// The cell at `row` × `column` equals `expected`.
    case expectedValue = "expected_value"
  }

  /// Stable id, reported as the finding's rule.
  public var id: String
  public var kind: Kind
  /// Glob on the document's file name (`*` and `?`); default "*".
  public var document: String
  /// Pattern on the table title's LabelKey: a substring, or a glob when it holds `*` or `?`.
  public var table: String
  /// Pattern on the row label (LabelKey); required for expected_value and column_total.
  public var row: String?
  /// Pattern on the joined column header path (LabelKey); default every figure column.
  public var column: String?
  /// The expected figure, exact ("6911564.92").
  public var expected: ExactDecimal
  /// Decimals the expected value was rounded to; nil means exact.
  public var decimals: Int?
  /// Severity of a failure; default the expected_value kind's.
  public var severity: Severity?
  public var enabled: Bool
  /// Line in pipeline.yaml, for messages.
  public var line: Int

  public init(
    id: String, kind: Kind, document: String = "*", table: String, row: String? = nil,
    column: String? = nil, expected: ExactDecimal, decimals: Int? = nil, severity: Severity? = nil,
    enabled: Bool = true, line: Int = 0
  ) {
    self.id = id
    self.kind = kind
    self.document = document
    self.table = table
    self.row = row
    self.column = column
    self.expected = expected
    self.decimals = decimals
    self.severity = severity
    self.enabled = enabled
    self.line = line
  }
}

/// Every tunable of the reconcile stage and the declarative rules. Read from `reconcile`.
public struct ReconcileSettings: Sendable, Equatable {
  /// Per kind: `enabled` and failure `severity`. Default: all enabled; error, cross_table warning.
  public var kinds: [RuleKind: KindSettings]
  /// Severity of a check that could not be completed (skipped): not a claim that the report is
  /// wrong, so not among the warnings an analyst reads. Default: info.
  public var skippedSeverity: Severity
  /// Severity of a malformed cell that reads as several whole figures of one shape side by side
  /// ("31 23") or as several amounts ("€ 95.000 € 80.000"): more likely two columns or lines
  /// merged when the table was read than a figure the report printed wrong, so not reported by
  /// default. Default: info.
  public var sideBySideSeverity: Severity
  /// Empty item cells in sums: `partial_zero` (count as 0; default) or `non_null` (skip the check).
  public var missingItems: MissingItemMode
  /// Units whose whole numbers are exact counts, not rounded values (a head count of 181 is
  /// exactly 181). Default: persons, clients, count.
  public var exactCountUnits: Set<UnitKind>
  /// Look for a likely cause of each failure (typo, transposition, sign, missing row, ×1000).
  /// Default: true.
  public var hints: Bool
  /// Most alternative causes named in one hint. Default: 3.
  public var maxHintCandidates: Int
  /// A percent column is a partition (its shares sum to 100) when its header path or the table
  /// title holds one of these. Default: "% van de", "% van het", "aandeel", "verdeling",
  /// "procentuele", "samenstelling".
  public var partitionWords: [String]
  /// ...unless it holds one of these (per-row rates, not shares). Default: "deeltijds",
  /// "bezetting", "graad", "besteding", "t.o.v.", "rate", "score", "tevreden", "groei", "evolutie",
  /// "tijdig" (a rate of things on time), "in rij" (a share of its row).
  public var rateWords: [String]
  /// A percent column whose item labels are brackets of one measure (each holds a number and all
  /// share a content word: "tussen 0 en 2 maanden", "3 maanden en langer") is a partition when its
  /// shares sum to within this many percentage points of 100; 0 turns the inference off.
  /// Default: 10.
  public var bracketPartitionSlack: Int
  /// A row (or group) label starting with one of these and holding `per_word` is an average:
  /// numerator over denominator rows of the same table. Default: "gemiddeld", "gemiddelde".
  public var averageWords: [String]
  /// The word between numerator and denominator in an average's label. Default: "per".
  public var perWord: String
  /// "X (EXCL. Y)" means X minus its Waarvan item Y. Default: "excl.", "excl", "exclusief", "zonder".
  public var exclusionWords: [String]
  /// Labels that announce a Waarvan breakdown (a marker row or the item's own label).
  /// Default: "waarvan", "waaronder", "w.v.".
  public var waarvanWords: [String]
  /// A column header "<word> <denominator column>" is numerator (the figure column left of it)
  /// over that column × 100. Default: "% besteding".
  public var spendingWords: [String]
  /// A column header "<A> <word> <B>" is column A over column A-with-B × 100 (B replaces A's last
  /// word, e.g. a year). Default: "t.o.v.", "ten opzichte van".
  public var comparisonWords: [String]
  /// Units for which cross-table pairs are made (bare numbers and percentages are too ambiguous).
  /// Default: hours, fte, persons, clients, eur, days.
  public var crossTableUnits: Set<UnitKind>
  /// Least word overlap (percent of the smaller word set) between two figures' measure words
  /// (column, group and title words) for a cross-table pair. Default: 50.
  public var crossTableMinOverlap: Int
  /// How many pages a figure stated in text may be from a table it is said to disagree with: text
  /// speaks of the tables near it. Agreement is looked for anywhere. Default: 2.
  public var crossTableTextPages: Int
  /// A table without a total row and with at most this many figures is a block of key figures,
  /// each checked against the grand totals of the other tables. Default: 12.
  public var keyFigureMaxFigures: Int
  /// A key figure printing fewer digits than this is never paired by a changed digit. Default: 3.
  public var keyFigureMinDigits: Int
  /// A key figure is paired with a total by a changed digit only on the first this many pages
  /// (summaries lead a report). Default: 3.
  public var keyFigurePages: Int
  /// A percentage or non-additive column whose operands no header names is checked as column N
  /// over column D (or over N's total) when that reading holds in at least this many rows, and
  /// fails in at most a quarter as many. Default: 3.
  public var ratioInferenceMinRows: Int
  /// Tables with more figure columns than this are not searched for such readings. Default: 16.
  public var ratioInferenceMaxColumns: Int
  /// A total whose label holds one of these (as a word or the end of a compound: "eindsaldo")
  /// states a result or a balance (baten − lasten, opening + in − out), not a plain sum: its
  /// label is no evidence of a sum, and a reading with some items subtracted is tried before a
  /// failure. Default: "saldo", "resultaat", "netto", "verschil", "overschot", "tekort", "winst",
  /// "verlies".
  public var balanceWords: [String]
  /// The opening and closing rows or columns of a running balance (opening + in − out =
  /// closing: "Stand per 1 januari" … "Stand per 31 december", "Saldo 1/1" … "Saldo 31/12")
  /// hold one of these, as a word or the end of a compound ("beginsaldo"): see `BalanceRule`.
  /// Default: "saldo", "stand", "boekwaarde".
  public var runningBalanceWords: [String]
  /// A figure column whose header holds one of these (or a `balance_words` entry) may state a
  /// difference of two other columns (Realisatie − Raming, Totaal baten − Totaal lasten): see the
  /// result rule. Default: "afwijking", "afwijkingen", "verschil", "saldo", "resultaat".
  public var differenceWords: [String]
  /// A figure column whose header holds one of these words is not additive (an average, a ratio,
  /// an index, a figure per unit, a growth rate): its figures are never summed into a total, and
  /// never summed as items of a total column. "per" counts only before a word that is not a
  /// number or a date ("kost per cliënt", not "stand per 31/12"). Default: "gemiddeld",
  /// "gemiddelde", "index", "verhouding", "ratio", "per", "evolutie", "groei", "tarief", "prijs".
  public var nonAdditiveWords: [String]
  /// A figure column whose last header level is one of these words, and nothing else, holds note
  /// or reference numbers ("Bijlage": 8.1, 20, 9), not amounts: it is never summed. Only the whole
  /// last level counts, so prose read into a header ("zie de toelichting") does not. Default:
  /// "bijlage", "toelichting", "toel", "toel.", "noot", "code", "art", "art.", "ref", "ref.", "nr", "nr.".
  public var referenceWords: [String]
  /// Words ignored when comparing labels. Default: Dutch articles and prepositions, "aantal",
  /// "totaal", "subtotaal", "sub" (of "sub totaal").
  public var stopWords: [String]
  /// Document-specific checks.
  public var rules: [DeclaredRule]

  public init() {
    var kinds: [RuleKind: KindSettings] = [:]
    for kind in RuleKind.allCases { kinds[kind] = KindSettings() }
    kinds[.crossTable] = KindSettings(enabled: true, severity: .warning)
    self.kinds = kinds
    skippedSeverity = .info
    sideBySideSeverity = .info
    missingItems = .partialZero
    exactCountUnits = [.persons, .clients, .count]
    hints = true
    maxHintCandidates = 3
    partitionWords = ["% van de", "% van het", "aandeel", "verdeling", "procentuele", "samenstelling"]
    rateWords = [
      "deeltijds", "bezetting", "graad", "besteding", "t.o.v.", "rate", "score", "tevreden", "groei",
      "evolutie", "tijdig", "in rij",
    ]
    bracketPartitionSlack = 10
    averageWords = ["gemiddeld", "gemiddelde"]
    perWord = "per"
    exclusionWords = ["excl.", "excl", "exclusief", "zonder"]
    waarvanWords = ["waarvan", "waaronder", "w.v."]
    spendingWords = ["% besteding"]
    comparisonWords = ["t.o.v.", "ten opzichte van"]
    crossTableUnits = [.hours, .fte, .persons, .clients, .eur, .days]
    crossTableMinOverlap = 50
    crossTableTextPages = 2
    keyFigureMaxFigures = 12
    keyFigureMinDigits = 3
    keyFigurePages = 3
    ratioInferenceMinRows = 3
    ratioInferenceMaxColumns = 16
    nonAdditiveWords = [
      "gemiddeld", "gemiddelde", "index", "verhouding", "ratio", "per", "evolutie", "groei", "tarief", "prijs",
    ]
    referenceWords = ["bijlage", "toelichting", "toel", "toel.", "noot", "code", "art", "art.", "ref", "ref.", "nr", "nr."]
    balanceWords = ["saldo", "resultaat", "netto", "verschil", "overschot", "tekort", "winst", "verlies"]
    runningBalanceWords = ["saldo", "stand", "boekwaarde"]
    differenceWords = ["afwijking", "afwijkingen", "verschil", "saldo", "resultaat"]
    stopWords = [
      "de", "het", "een", "en", "van", "in", "op", "per", "voor", "met", "te", "tot", "aan", "der",
      "aantal", "totaal", "subtotaal", "sub", "total", "incl.", "incl", "inclusief",
    ]
    rules = []
  }

  public func kind(_ kind: RuleKind) -> KindSettings { kinds[kind] ?? KindSettings() }

  /// Starts from the defaults and reads the `reconcile:` section strictly.
  ///
  ///     reconcile:
  ///       missing_items: partial_zero
  ///       kinds:
  ///         cross_table: {enabled: true, severity: warning}
  ///       rules:
  ///         - {id: hours_by_service, kind: row_total, document: "*jaarverslag*",
  ///            table: "uren gepresteerd bij klanten", expected: "6911564.92"}
  public init(config: ConfigNode?) throws {
    self.init()
    guard let config else { return }
    var map = try ConfigMap(config)
    if let kindsMap = try map.map("kinds") {
      var km = kindsMap
      for key in km.keys {
        guard let kind = RuleKind(rawValue: key) else {
          let node = km.node(key) ?? km.node
          throw ConfigError(
            node,
            "unknown rule kind '\(key)'; expected one of: "
              + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard var entry = try km.map(key) else { continue }
        var current = self.kind(kind)
        current.enabled = try entry.bool("enabled") ?? current.enabled
        current.severity = try entry.choice("severity", as: Severity.self) ?? current.severity
        try entry.finish()
        kinds[kind] = current
      }
      try km.finish()
    }
    skippedSeverity = try map.choice("skipped_severity", as: Severity.self) ?? skippedSeverity
    sideBySideSeverity = try map.choice("side_by_side_severity", as: Severity.self) ?? sideBySideSeverity
    missingItems = try map.choice("missing_items", as: MissingItemMode.self) ?? missingItems
    if let units = try map.strings("exact_count_units") {
      exactCountUnits = try Set(units.map { try Self.unitKind($0, in: map.node) })
    }
    hints = try map.bool("hints") ?? hints
    maxHintCandidates = try map.int("max_hint_candidates", in: 1...20) ?? maxHintCandidates
    partitionWords = try map.strings("partition_words").map(Self.keys) ?? partitionWords
    rateWords = try map.strings("rate_words").map(Self.keys) ?? rateWords
    bracketPartitionSlack = try map.int("bracket_partition_slack", in: 0...100) ?? bracketPartitionSlack
    averageWords = try map.strings("average_words").map(Self.keys) ?? averageWords
    perWord = try map.string("per_word").map(LabelKey.make) ?? perWord
    exclusionWords = try map.strings("exclusion_words").map(Self.keys) ?? exclusionWords
    waarvanWords = try map.strings("waarvan_words").map(Self.keys) ?? waarvanWords
    spendingWords = try map.strings("spending_words").map(Self.keys) ?? spendingWords
    comparisonWords = try map.strings("comparison_words").map(Self.keys) ?? comparisonWords
    if let units = try map.strings("cross_table_units") {
      crossTableUnits = try Set(units.map { try Self.unitKind($0, in: map.node) })
    }
    crossTableMinOverlap = try map.int("cross_table_min_overlap", in: 1...100) ?? crossTableMinOverlap
    crossTableTextPages = try map.int("cross_table_text_pages", in: 0...100_000) ?? crossTableTextPages
    keyFigureMaxFigures = try map.int("key_figure_max_figures", in: 0...1000) ?? keyFigureMaxFigures
    keyFigureMinDigits = try map.int("key_figure_min_digits", in: 1...36) ?? keyFigureMinDigits
    keyFigurePages = try map.int("key_figure_pages", in: 0...100_000) ?? keyFigurePages
    ratioInferenceMinRows = try map.int("ratio_inference_min_rows", in: 2...1000) ?? ratioInferenceMinRows
    ratioInferenceMaxColumns = try map.int("ratio_inference_max_columns", in: 0...1000) ?? ratioInferenceMaxColumns
    nonAdditiveWords = try map.strings("non_additive_words").map(Self.keys) ?? nonAdditiveWords
    referenceWords = try map.strings("reference_words").map(Self.keys) ?? referenceWords
    balanceWords = try map.strings("balance_words").map(Self.keys) ?? balanceWords
    runningBalanceWords = try map.strings("running_balance_words").map(Self.keys) ?? runningBalanceWords
    differenceWords = try map.strings("difference_words").map(Self.keys) ?? differenceWords
    stopWords = try map.strings("stop_words").map(Self.keys) ?? stopWords
    if let list = try map.list("rules") {
      var seen = Set<String>()
      rules = try list.map { node in
        let rule = try Self.declaredRule(node)
        guard seen.insert(rule.id).inserted else {
          throw ConfigError(node, "rule id '\(rule.id)' appears twice")
        }
        return rule
      }
    }
    try map.finish()
  }

  private static func keys(_ words: [String]) -> [String] { words.map(LabelKey.make) }

  private static func unitKind(_ text: String, in node: ConfigNode) throws -> UnitKind {
    guard let kind = UnitKind(rawValue: text) else {
      throw ConfigError(
        node,
        "unknown unit '\(text)'; expected one of: "
          + UnitKind.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return kind
  }

  private static func declaredRule(_ node: ConfigNode) throws -> DeclaredRule {
    var map = try ConfigMap(node)
    guard let id = try map.string("id"), !id.isEmpty else {
      throw ConfigError(node, "a rule needs an 'id'")
    }
    guard let kind = try map.choice("kind", as: DeclaredRule.Kind.self) else {
      throw ConfigError(node, "rule '\(id)' needs a 'kind'")
    }
    guard let table = try map.string("table") else {
      throw ConfigError(node, "rule '\(id)' needs a 'table' pattern")
    }
    guard let expected = try map.decimal("expected") else {
      throw ConfigError(node, "rule '\(id)' needs an 'expected' value")
    }
    let rule = DeclaredRule(
      id: id, kind: kind, document: try map.string("document") ?? "*", table: LabelKey.make(table),
      row: try map.string("row").map(LabelKey.make), column: try map.string("column").map(LabelKey.make),
      expected: expected, decimals: try map.int("decimals", in: -12...12),
      severity: try map.choice("severity", as: Severity.self), enabled: try map.bool("enabled") ?? true,
      line: node.line)
    if (kind == .expectedValue || kind == .columnTotal) && rule.row == nil {
      throw ConfigError(node, "rule '\(id)' of kind \(kind.rawValue) needs a 'row' pattern")
    }
    try map.finish()
    return rule
  }
}
