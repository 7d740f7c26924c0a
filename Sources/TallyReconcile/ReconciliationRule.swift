import TallyCore

/// One kind of check. Each kind lives in its own file under `Rules/`, states its check and its
/// message templates in its doc comment, and is listed once in `Registry.rules`.
protocol ReconciliationRule: Sendable {
  /// The stable kind name, as reported in findings and configured in pipeline.yaml.
  static var kind: RuleKind { get }
  init(settings: ReconcileSettings)
  /// Every check of this kind on the document, passes included, in a deterministic order,
  /// reported through `context.report`.
  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext)
}

/// What a rule hands the shared reporting helper for one check.
struct Check {
  var kind: RuleKind
  /// The rule id; nil means the kind name (inferred rules).
  var rule: String? = nil
  var status: CheckStatus
  var table: NormalizedTable?
  var page: Int?
  var row: [String] = []
  var column: [String] = []
  var comparison: Comparison? = nil
  var cells: [CellReference] = []
  var message: String
  var hint: String? = nil
  /// Overrides the severity the settings give (a declared rule's own severity, or info for a
  /// check that does not apply).
  var severity: Severity? = nil
  /// What supports an inferred relation; a failure's severity follows it (see `Evidence`). Nil
  /// for a relation the report states itself (a declared rule, a code hierarchy, a printed
  /// ratio's own words, a malformed cell): its failure takes the configured severity.
  var evidence: Evidence? = nil
  /// What "elsewhere" means in the evidence line: "column", "row".
  var elsewhere = "column"
}

/// Collects findings; the one place a `Finding` is built, so severity policy lives here.
///
/// Severity: a failure of an inferred relation follows its evidence (`Evidence.severity`), capped
/// by its kind's configured severity; a declared rule's failure takes the rule's severity; a pass
/// or a pass within rounding is info; a skipped check takes `skipped_severity` (info).
struct RuleContext {
  let settings: ReconcileSettings
  let document: NormalizedDocument
  /// One view per table of the document (same order), shared by every rule.
  let views: [TableView]
  /// The tokens of `settings.stopWords`.
  let stopTokens: Set<String>
  private(set) var findings: [Finding] = []
  /// Per failed sum (by index into `findings`), its ranked likely causes, for `rankSharedCauses`.
  private var causes: [Int: [Hints.Candidate]] = [:]

  init(settings: ReconcileSettings, document: NormalizedDocument) {
    self.settings = settings
    self.document = document
    let stops = Words.stopTokens(settings.stopWords)
    stopTokens = stops
    views = document.tables.map { TableView($0, settings: settings, stopTokens: stops) }
  }

  mutating func report(_ check: Check) {
    let severity: Severity
    switch check.status {
    case .fail:
      let configured = settings.kind(check.kind).severity
      severity = check.severity ?? check.evidence.map { $0.severity(configured: configured) } ?? configured
    case .pass, .passWithinRounding: severity = .info
    case .skipped: severity = check.severity ?? settings.skippedSeverity
    }
    var message = check.message
    if check.status == .fail, let evidence = check.evidence {
      message += " [\(evidence.summary(elsewhere: check.elsewhere))]"
    }
    findings.append(
      Finding(
        rule: check.rule ?? check.kind.rawValue, kind: check.kind.rawValue, status: check.status,
        severity: severity, page: check.page ?? check.table?.pages.first, table: check.table?.index,
        tableTitle: check.table?.title, row: check.row, column: check.column,
        stated: check.comparison?.stated, computed: check.comparison?.computed,
        difference: check.comparison?.difference, tolerance: check.comparison?.tolerance,
        cells: check.cells, message: message, hint: check.hint))
  }

  /// A printed total as the message shows it: its text, and, when a unit note scaled it ("in k€":
  /// fewer decimals than none), the value the items were summed against, so both sides of the
  /// message are in one unit ("printed 1738946 (= 1 738 946 000)").
  static func printed(_ stated: Operand) -> String {
    stated.decimals < 0 ? "\(stated.raw) (= \(Format.dutch(stated.value)))" : stated.raw
  }

  /// Reports a sum of items against a printed total, with message and hint: the common path of
  /// row_total, column_total, percent_sum, rollup and expected_value.
  ///
  /// Message templates:
  /// - pass: "<what>: <n> items sum to <total> as printed"
  /// - pass_within_rounding: "<what>: <n> items sum to <computed>, printed <total>; equal within rounding (±<tol>)"
  ///   (<total> is the printed text, with its scaled value after it when a unit note scaled it)
  /// - fail: "<what>: <n> items sum to <computed>, printed <total> (difference <diff>, rounding allows ±<tol>)"
  /// - skipped (overflow): "<what>: the sum does not fit in exact arithmetic"
  mutating func reportSum(
    _ base: Check, what: String, items: [Operand], stated: Operand, emptyItems: Int = 0,
    extraRows: @autoclosure () -> [Operand] = [], subtotals: @autoclosure () -> [Operand] = []
  ) {
    var check = base
    check.cells = items.compactMap(\.ref) + (stated.ref.map { [$0] } ?? [])
    let blanks = emptyItems > 0 ? " (\(emptyItems) empty counted as 0)" : ""
    switch Arithmetic.sum(items, against: stated) {
    case .failure:
      check.status = .skipped
      check.message = "\(what): the sum does not fit in exact arithmetic"
    case .success(let c):
      check.status = c.status
      check.comparison = c
      let n = "\(items.count) item\(items.count == 1 ? "" : "s")\(blanks)"
      switch c.status {
      case .pass:
        check.message = "\(what): \(n) sum to \(stated.raw) as printed"
      case .passWithinRounding:
        check.message =
          "\(what): \(n) sum to \(Format.dutch(c.computed)), printed \(Self.printed(stated)); equal within rounding (±\(Format.dutch(c.tolerance)))"
      case .fail, .skipped:
        check.message =
          "\(what): \(n) sum to \(Format.dutch(c.computed)), printed \(Self.printed(stated)) (difference \(Format.signed(c.difference)), rounding allows ±\(Format.dutch(c.tolerance)))"
        // An inferred relation's failure is localised even without hints: whether one change
        // of the printed table explains it is evidence (see `Evidence.unexplained`).
        if settings.hints || check.evidence != nil {
          let candidates = Hints.candidates(
            items: items, stated: stated, difference: c.difference, extraRows: extraRows(),
            subtotals: subtotals())
          if candidates.isEmpty { check.evidence?.unexplained = true }
          if settings.hints {
            check.hint = Hints.render(candidates, limit: settings.maxHintCandidates)
            if candidates.contains(where: { $0.edit != nil }) { causes[findings.count] = candidates }
          }
        }
      }
    }
    report(check)
  }

  /// Puts first, in each failed check's hint, a one-cell edit that also explains other failed
  /// checks of the same table (a typo that breaks both its row total and its column total), and
  /// says which: one edit explaining several failures is likelier than several coincidences.
  mutating func rankSharedCauses() {
    var explains: [Hints.Edit: [Int]] = [:]
    for (index, candidates) in causes {
      for edit in Set(candidates.compactMap(\.edit)) { explains[edit, default: []].append(index) }
    }
    for index in causes.keys.sorted() {
      guard var candidates = causes[index] else { continue }
      // The edit explaining the most other failures (the first candidate of equals).
      var best: (position: Int, others: [Int])?
      for (position, candidate) in candidates.enumerated() {
        guard let edit = candidate.edit, let all = explains[edit], all.count > 1 else { continue }
        let others = all.filter { $0 != index }.sorted()
        if best == nil || others.count > best!.others.count { best = (position, others) }
      }
      guard let (position, others) = best else { continue }
      var shared = candidates.remove(at: position)
      let places = others.map { o in
        let f = findings[o]
        let place = ([f.row.joined(separator: " › ")] + [f.column.joined(separator: " › ")]).filter { !$0.isEmpty }
        return "\(f.kind) at \(place.joined(separator: " × "))"
      }
      shared.text += ", and the same edit also explains the failed \(places.joined(separator: ", "))"
      candidates.insert(shared, at: 0)
      findings[index].hint = Hints.render(candidates, limit: settings.maxHintCandidates)
    }
  }
}
