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
/// | corroborated: the same relation holds elsewhere (another column of the same rows, another row of the same columns) | error |
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

  var isCorroborated: Bool { holdsElsewhere > 0 }

  /// The severity of a failure of this relation, given the kind's configured severity.
  func severity(configured: Severity) -> Severity {
    if alternative != nil { return .info }
    if isCorroborated { return configured }
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
    if parts.isEmpty { parts.append("none (a guess from the table's shape)") }
    return "evidence: " + parts.joined(separator: "; ")
  }
}
