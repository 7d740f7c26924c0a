import TallyCore

/// **ratio**: a printed average or percentage equals its operands' quotient, checked by exact
/// cross-multiplication on rounding intervals (`factor·N` must overlap `A ⊗ D`; see
/// `Arithmetic.ratio`), so a figure right within its rounding never fails.
///
/// Inference:
/// - Averages: a row whose label starts with an `average_words` entry and holds `per_word`
///   ("Gemiddeld aantal gepresteerde uren ... per klant") is numerator over denominator: the
///   numerator is the row of the same table whose content words best match the words before
///   "per", the denominator the row best matching the words after it (stem match: "klant" ~
///   "klanten"). When the *group heading* is the average, each row under it is one subject:
///   numerator and denominator are the rows with the same label under the groups best matching
///   the two phrases; "X (EXCL. Y)" means X minus its Waarvan item Y in both.
/// - Spending: a column "<spending word> <denominator>" ("% Besteding budget 2024") is the
///   nearest figure column to its left over the column named by the rest, × 100.
/// - Comparison: a column "<A> <comparison word> <B>" ("Jaarrekening 2024 t.o.v. 2023") is column A
///   over column A-with-its-last-word-replaced-by-B (or column B), × 100.
///
/// Pass: the exact quotient rounds to the printed figure; pass_within_rounding: only the
/// intervals overlap; skipped: a missing or malformed operand, a zero denominator (with info
/// severity when 0/0 is printed as 0, a common convention).
///
/// Message templates:
/// - "<what>: <numerator> / <denominator> = <computed>, printed <stated>" + (pass: "", within:
///   "; equal within rounding (±<tol>)", fail: " (difference <diff>, rounding allows ±<tol>)")
/// - skipped: "<what>: <reason>"
struct RatioRule: ReconciliationRule {
  static let kind = RuleKind.ratio
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      averages(view, into: &context)
      let named = columnRatios(view, into: &context)
      inferredRatios(view, named: named, into: &context)
    }
  }

  // MARK: Averages

  /// The words before and after `per` in an average's label, without the average word itself.
  private func phrase(_ label: String) -> (numerator: [String], denominator: [String])? {
    let words = Words.tokens(label)
    guard let first = words.first, settings.averageWords.contains(first),
      let per = words.firstIndex(of: settings.perWord)
    else { return nil }
    let stops = settings.stopWords + settings.averageWords
    let left = Words.content(words[1..<per].joined(separator: " "), stopWords: stops)
    let right = Words.content(words[(per + 1)...].joined(separator: " "), stopWords: stops)
    guard !left.isEmpty, !right.isEmpty else { return nil }
    return (left, right)
  }

  /// `phrase` of a group label, read once per label.
  private func groupPhrase(
    _ label: String, _ known: inout [String: (numerator: [String], denominator: [String])?]
  ) -> (numerator: [String], denominator: [String])? {
    if let p = known[label] { return p }
    let p = phrase(label)
    known[label] = .some(p)
    return p
  }

  /// Picks the candidate whose words best match `target` (share of its words matched, then count).
  private func best<T>(_ candidates: [(T, [String])], matching target: [String], excluding: (T) -> Bool) -> T? {
    var chosen: (T, Int, Int)?
    for (item, words) in candidates where !words.isEmpty && !excluding(item) {
      let m = Words.matches(words, in: target)
      guard m > 0 else { continue }
      let share = m * 1000 / words.count
      if chosen == nil || share > chosen!.1 || (share == chosen!.1 && m > chosen!.2) {
        chosen = (item, share, m)
      }
    }
    return chosen?.0
  }

  private func averages(_ view: TableView, into context: inout RuleContext) {
    let stops = view.stopTokens
    let plain = view.dataRows.filter { !view.isAverageRow($0) }
    // Read once per table, when a row or group first needs them.
    var rowCandidates: [(Int, [String])]?
    var groupsByLabel: [String: [Int]]?
    var groupCandidates: [(String, [String])]?
    var groupPhrases: [String: (numerator: [String], denominator: [String])?] = [:]
    for r in view.dataRows {
      if let p = view.isAverageRow(r) ? phrase(view.rows[r].label) : nil {
        // The row itself is the average: operands are single rows of the same table.
        let candidates = rowCandidates ?? plain.map { ($0, view.contentWords($0)) }
        rowCandidates = candidates
        guard let n = best(candidates, matching: p.numerator, excluding: { _ in false }),
          let d = best(candidates, matching: p.denominator, excluding: { $0 == n })
        else { continue }
        for c in view.figureColumns {
          guard view.value(r, c).isPresent else { continue }
          checkAverage(view, row: r, column: c, numerator: [n], denominator: [d], into: &context)
        }
      } else if let p = groupPhrase(view.groupLabel(r), &groupPhrases) {
        // The group heading is the average; the row names the subject.
        let groupOf = groupsByLabel ?? Dictionary(grouping: plain) { view.groupLabel($0) }
        let groups = groupCandidates ?? groupOf.keys.sorted().filter { phrase($0) == nil && !$0.isEmpty }
          .map { ($0, Words.content($0, stops: stops)) }
        (groupCandidates, groupsByLabel) = (groups, groupOf)
        guard let ng = best(groups, matching: p.numerator, excluding: { _ in false }),
          let dg = best(groups, matching: p.denominator, excluding: { $0 == ng }),
          let n = subjectRows(view, label: view.rows[r].label, in: groupOf[ng] ?? []),
          let d = subjectRows(view, label: view.rows[r].label, in: groupOf[dg] ?? [])
        else { continue }
        for c in view.figureColumns {
          guard view.value(r, c).isPresent else { continue }
          checkAverage(view, row: r, column: c, numerator: n, denominator: d, into: &context)
        }
      }
    }
  }

  /// The row for a subject label in a group: [X], or [X, Y] for "X (excl. Y)" (X minus Y).
  private func subjectRows(_ view: TableView, label: String, in rows: [Int]) -> [Int]? {
    if let (base, excluded) = Words.exclusion(label, exclusionWords: settings.exclusionWords) {
      guard let x = rows.first(where: { Words.subjectKey(view.rows[$0].label, exclusionWords: []) == base })
      else { return nil }
      let breakdown = rows.filter { view.rows[$0].parent == x || ($0 > x && view.isBreakdown($0)) }
      guard let y = breakdown.first(where: { Words.subjectKey(view.rows[$0].label, exclusionWords: []).hasPrefix(excluded) })
      else { return nil }
      return [x, y]
    }
    let key = Words.subjectKey(label, exclusionWords: settings.exclusionWords)
    return rows.first { Words.subjectKey(view.rows[$0].label, exclusionWords: settings.exclusionWords) == key }.map { [$0] }
  }

  /// X, or X − Y, as a value with its interval; a reason when an operand is unusable.
  func operand(_ view: TableView, rows: [Int], column c: Int) -> Result<(ExactDecimal, DecimalInterval, String, [CellReference]), Reason> {
    var value = ExactDecimal.zero
    var interval = DecimalInterval(exactly: .zero)
    var names: [String] = []
    for (i, r) in rows.enumerated() {
      guard case .number(let o) = view.value(r, c) else {
        return .failure(Reason("'\(view.rows[r].label)' has no usable figure in column '\(view.columnPath(c).last ?? "")'"))
      }
      guard let oi = o.interval,
        let v = i == 0 ? value.adding(o.value) : value.subtracting(o.value),
        let s = i == 0 ? interval.adding(oi) : interval.subtracting(oi)
      else { return .failure(Reason("overflow")) }
      value = v
      interval = s
      names.append("\(view.rows[r].label) \(o.raw)")
    }
    return .success((value, interval, names.joined(separator: " − "), rows.map { view.cellReference($0, c) }))
  }

  struct Reason: Error { var text: String; init(_ t: String) { text = t } }

  private func checkAverage(
    _ view: TableView, row r: Int, column c: Int, numerator: [Int], denominator: [Int],
    into context: inout RuleContext
  ) {
    let what = "average '\(view.rows[r].label)'" + (view.figureColumns.count > 1 ? " in column '\(view.columnPath(c).last ?? "")'" : "")
    report(view, row: r, column: c, what: what, numerator: operand(view, rows: numerator, column: c),
      denominator: operand(view, rows: denominator, column: c), factor: ExactDecimal(1), into: &context)
  }

  /// `evidence`: nil for a ratio the labels state; the arithmetic's for an inferred one.
  func report(
    _ view: TableView, row r: Int, column c: Int, what: String,
    numerator: Result<(ExactDecimal, DecimalInterval, String, [CellReference]), Reason>,
    denominator: Result<(ExactDecimal, DecimalInterval, String, [CellReference]), Reason>,
    factor: ExactDecimal, evidence: Evidence? = nil, into context: inout RuleContext
  ) {
    var check = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
      column: view.columnPath(c), message: "")
    check.evidence = evidence
    check.elsewhere = "row"
    check.cells = [view.cellReference(r, c)]
    let stated: Operand
    switch view.value(r, c) {
    case .number(let o): stated = o
    case .empty, .text: return
    case .malformed(let reason):
      check.message = "\(what): the printed figure is malformed (\(reason))"
      context.report(check)
      return
    }
    let n: (ExactDecimal, DecimalInterval, String, [CellReference])
    let d: (ExactDecimal, DecimalInterval, String, [CellReference])
    switch (numerator, denominator) {
    case (.success(let a), .success(let b)):
      n = a
      d = b
    case (.failure(let e), _), (_, .failure(let e)):
      check.message = "\(what): \(e.text)"
      context.report(check)
      return
    }
    check.cells = n.3 + d.3 + check.cells
    let scaled = factor == ExactDecimal(1) ? "" : " × \(Format.dutch(factor))"
    let formula = "\(n.2) / \(d.2)\(scaled)"
    switch Arithmetic.ratio(numerator: (n.0, n.1), denominator: (d.0, d.1), stated: stated, factor: factor) {
    case .failure(.zeroDenominator):
      if n.0.isZero && stated.value.isZero {
        check.severity = .info
        check.message = "\(what): 0 / 0 printed as \(stated.raw); nothing to check"
      } else {
        check.message = "\(what): the denominator is zero (\(formula))"
      }
    case .failure(.overflow):
      check.message = "\(what): the figures do not fit in exact arithmetic"
    case .success(let cmp):
      check.status = cmp.status
      check.comparison = cmp
      let base = "\(what): \(formula) = \(Format.dutch(cmp.computed)), printed \(stated.raw)"
      switch cmp.status {
      case .pass: check.message = base
      case .passWithinRounding: check.message = base + "; equal within rounding (±\(Format.dutch(cmp.tolerance)))"
      case .fail, .skipped:
        check.message = base + " (difference \(Format.signed(cmp.difference)), rounding allows ±\(Format.dutch(cmp.tolerance)))"
      }
    }
    context.report(check)
  }

  // MARK: Column ratios (% besteding, t.o.v.)

  /// Returns the columns it checked.
  @discardableResult
  private func columnRatios(_ view: TableView, into context: inout RuleContext) -> Set<Int> {
    var named = Set<Int>()
    let figure = view.figureColumns
    let keys = Dictionary(uniqueKeysWithValues: figure.map { ($0, view.columnKey($0)) })
    func column(named name: String, except: Set<Int>) -> Int? {
      if let exact = figure.first(where: { !except.contains($0) && keys[$0] == name }) { return exact }
      let target = Words.tokens(name)
      return figure.first { !except.contains($0) && Words.tokens(keys[$0] ?? "") == target }
    }
    for c in figure {
      let key = keys[c] ?? ""
      var pair: (Int, Int)?
      if let word = settings.spendingWords.first(where: { key.contains($0) }) {
        let rest = LabelKey.collapseSpaces(String(key[key.range(of: word)!.upperBound...]))
        if let den = column(named: rest, except: [c]),
          let num = figure.filter({ $0 < c && $0 != den && !view.isPercentColumn($0) }).last
        {
          pair = (num, den)
        }
      } else if let word = settings.comparisonWords.first(where: { key.contains($0) }) {
        let range = key.range(of: word)!
        let left = LabelKey.collapseSpaces(String(key[..<range.lowerBound]))
        let right = LabelKey.collapseSpaces(String(key[range.upperBound...]))
        var leftWords = left.split(separator: " ").map(String.init)
        let rightWords = right.split(separator: " ").map(String.init)
        if let num = column(named: left, except: [c]), !leftWords.isEmpty, !rightWords.isEmpty {
          var denominatorName = right
          if rightWords.count == 1 {
            leftWords[leftWords.count - 1] = right
            denominatorName = leftWords.joined(separator: " ")
          }
          if let den = column(named: denominatorName, except: [c, num]) ?? column(named: right, except: [c, num]) {
            pair = (num, den)
          }
        }
      }
      guard let (num, den) = pair else { continue }
      named.insert(c)
      for r in view.dataRows {
        guard view.value(r, c).isPresent else { continue }
        let what = "'\(view.columnPath(c).last ?? "")' of '\(view.rows[r].label)'"
        report(view, row: r, column: c, what: what, numerator: operand(view, rows: [r], column: num),
          denominator: operand(view, rows: [r], column: den), factor: ExactDecimal(100), into: &context)
      }
    }
    return named
  }
}

extension CellValue {
  /// A figure or a malformed one: something printed that a check should look at.
  var isPresent: Bool {
    switch self {
    case .number, .malformed: true
    case .empty, .text: false
    }
  }
}
