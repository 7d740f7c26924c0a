import TallyCore

/// What supports a relation tally inferred from a table, and so how loudly its failure may be
/// reported. Every inferred relation (a total row, a total column, a partition to 100 %, a
/// figure repeated in a sentence) is a hypothesis; a failure says as much about the hypothesis as
/// about the figures.
///
/// Severity of a failure (capped by the kind's configured severity):
///
/// | evidence | failure reported as |
/// |---|---|
/// | a structural alternative reading fits (continued table, total among its items, …) | info: not reported |
/// | corroborated: the same relation holds elsewhere (another column of the same rows, another row of the same columns) in at least as many places as it fails | error |
/// | not corroborated, and no single change of the printed table (one figure edited, a row left out or counted twice) explains the gap | info: not reported (the relation is more likely misread) |
/// | labels ("Totaal", "Subtotaal", partition words, a code), the relation not tried elsewhere | error |
/// | labels, but the relation fails everywhere it was tried | warning |
/// | layout only (bold, position) | warning |
/// | nothing but the table's shape or a word overlap | info: not reported |
struct Evidence: Sendable, Hashable {
  /// Words naming the relation ("label 'Totaal'", "header 'verdeling'").
  var labels: [String] = []
  /// Layout that names it ("bold row").
  var layout: [String] = []
  /// How many other places (columns, rows) the same relation holds in, exactly or within rounding.
  var holdsElsewhere = 0
  /// How many other places it was tried in and failed.
  var failsElsewhere = 0
  /// A reading of the table other than this relation under which the printed figures are
  /// consistent; when one fits, the failure is the guess's, not the report's.
  var alternative: String? = nil
  /// Set when the failure was localised and nothing explains it: no single change of the printed
  /// table (a one-digit typo, two digits swapped, a sign, a factor of 1000, a row left out or
  /// counted twice) makes the relation hold. Uncorroborated, such a gap says the relation was
  /// misread rather than that a figure is wrong (Fellegi–Holt: the cheapest explanation wins).
  var unexplained = false
  /// Set by a rule when the gaps themselves have a known signature (the same gap in every column:
  /// a row that exists but was not printed), which is an explanation of its own.
  var explainedByLayout = false

  init(
    labels: [String] = [], layout: [String] = [], holdsElsewhere: Int = 0, failsElsewhere: Int = 0,
    alternative: String? = nil
  ) {
    self.labels = labels
    self.layout = layout
    self.holdsElsewhere = holdsElsewhere
    self.failsElsewhere = failsElsewhere
    self.alternative = alternative
  }

  /// Evidence for a relation the author states in so many words (a declared rule, a code
  /// hierarchy, a printed ratio): its failure takes the configured severity.
  static func stated(_ label: String) -> Evidence { Evidence(labels: [label]) }

  /// The relation holds in at least as many of the other places it was tried as it fails in:
  /// holding in one row of eighteen is chance, not corroboration.
  var isCorroborated: Bool { holdsElsewhere > 0 && holdsElsewhere >= failsElsewhere }

  /// The severity of a failure of this relation, given the kind's configured severity.
  func severity(configured: Severity) -> Severity {
    if alternative != nil { return .info }
    if isCorroborated { return configured }
    if unexplained && !explainedByLayout { return .info }
    if !labels.isEmpty && failsElsewhere == 0 { return configured }
    if !labels.isEmpty || !layout.isEmpty { return max(configured, .warning) }
    return .info
  }

  /// One line for the message: "evidence: label 'Totaal'; holds in 2 other columns".
  func summary(elsewhere: String) -> String {
    var parts: [String] = labels + layout
    if holdsElsewhere > 0 {
      parts.append("holds in \(holdsElsewhere) other \(elsewhere)\(holdsElsewhere == 1 ? "" : "s")")
    }
    if failsElsewhere > 0 {
      parts.append("fails in \(failsElsewhere) other \(elsewhere)\(failsElsewhere == 1 ? "" : "s")")
    }
    if let alternative { parts.append("but \(alternative)") }
    if alternative == nil, !isCorroborated, unexplained, !explainedByLayout {
      parts.append("but no single changed figure or row explains the gap: the relation is probably misread")
    }
    if parts.isEmpty { parts.append("none (a guess from the table's shape)") }
    return "evidence: " + parts.joined(separator: "; ")
  }
}
