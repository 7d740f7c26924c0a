import TallyCore

/// Ratio columns whose header does not name their operands ("% bereikt", "Index", "Aandeel",
/// "Bezettingsgraad (%)"), checked when the arithmetic of the table shows which they are.
///
/// A percentage column, or one whose header names a non-additive figure (`non_additive_words`:
/// index, ratio, gemiddeld, per, ...), is tried against every reading:
/// - column N over column D of the same row, × 100 or × 1 (a per-unit figure);
/// - column N over N's figure in a total row of the table, × 100 (a share of the total).
///
/// A reading holding within rounding in at least `ratio_inference_min_rows` rows, and failing in at
/// most a quarter as many, is the column's relation; the reading holding in the most rows wins,
/// and two alike give no check. Each row is then checked, and a failure is corroborated by the
/// rows where the reading holds: an error, when one single change of one of its three figures (a
/// digit, two swapped digits, the sign, a factor 1000) explains it; otherwise the row is probably
/// misread (info).
extension RatioRule {
  /// One reading of a ratio column.
  struct Reading: Hashable {
    var numerator: Int
    /// The same row's figure in this column; nil: the numerator column's figure in `base`.
    var denominator: Int?
    var base: Int?
    var factor: Int
  }

  /// Checks the ratio columns of `view` that no spending or comparison header names (`named`).
  func inferredRatios(_ view: TableView, named: Set<Int>, into context: inout RuleContext) {
    let figure = view.figureColumns
    let minRows = settings.ratioInferenceMinRows
    guard figure.count >= 2, figure.count <= settings.ratioInferenceMaxColumns, view.dataRows.count >= minRows
    else { return }
    let ratioColumns = figure.filter { !named.contains($0) && (view.isPercentColumn($0) || view.isNonAdditiveColumn($0)) }
    guard !ratioColumns.isEmpty else { return }
    let operands = figure.filter { !view.isPercentColumn($0) && !ratioColumns.contains($0) }
    let totals = view.dataRows.filter { view.rows[$0].role != .item }
    for r in ratioColumns {
      let rows = view.dataRows.filter { view.isNumber($0, r) }
      guard rows.count >= minRows else { continue }
      var readings: [Reading] = []
      for n in operands {
        for d in operands where d != n {
          readings.append(Reading(numerator: n, denominator: d, base: nil, factor: 100))
          readings.append(Reading(numerator: n, denominator: d, base: nil, factor: 1))
        }
        for t in totals { readings.append(Reading(numerator: n, denominator: nil, base: t, factor: 100)) }
      }
      var best: (reading: Reading, holds: Int, fails: Int)?
      var tied = false
      for reading in readings {
        var holds = 0
        var fails = 0
        for x in rows {
          guard let h = readingHolds(view, reading, row: x, column: r) else { continue }
          if h { holds += 1 } else { fails += 1 }
          // Failing in more than a quarter of the rows: not this reading.
          if fails * 4 > rows.count { break }
        }
        guard holds >= minRows, fails * 4 <= holds else { continue }
        if let b = best, (holds, -fails) <= (b.holds, -b.fails) {
          if (holds, fails) == (b.holds, b.fails) { tied = true }
          continue
        }
        best = (reading, holds, fails)
        tied = false
      }
      guard let best, !tied else { continue }
      for x in rows {
        guard let h = readingHolds(view, best.reading, row: x, column: r) else { continue }
        var evidence = Evidence()
        evidence.holdsElsewhere = best.holds - (h ? 1 : 0)
        evidence.failsElsewhere = best.fails - (h ? 0 : 1)
        // A gap no single changed figure explains is a row read wrongly (figures of two cells
        // run together), not a typo.
        if !h && !explained(view, best.reading, row: x, column: r) {
          evidence.alternative = "no single changed figure explains the gap: the row is probably misread"
        }
        let n = best.reading.numerator
        let denominator = best.reading.denominator.map { operand(view, rows: [x], column: $0) }
          ?? operand(view, rows: [best.reading.base ?? x], column: n)
        let what = "'\(view.columnPath(r).last ?? "")' of '\(view.rows[x].label)' (read from the table's arithmetic)"
        report(
          view, row: x, column: r, what: what, numerator: operand(view, rows: [x], column: n), denominator: denominator,
          factor: ExactDecimal(best.reading.factor), evidence: evidence, into: &context)
      }
    }
  }

  /// The printed ratio, numerator and denominator of `reading` in row `x` of ratio column `r`;
  /// nil when one is missing or `x` is the base row itself.
  private func figures(_ view: TableView, _ reading: Reading, row x: Int, column r: Int) -> [Operand]? {
    let (dr, dc) = reading.denominator.map { (x, $0) } ?? (reading.base ?? x, reading.numerator)
    guard x != reading.base, let stated = view.operand(x, r), let n = view.operand(x, reading.numerator),
      let d = view.operand(dr, dc)
    else { return nil }
    return [stated, n, d]
  }

  /// Whether `reading` holds in row `x` of ratio column `r` (within rounding); nil when a figure
  /// is missing, the denominator is zero, or `x` is the base row itself.
  private func readingHolds(_ view: TableView, _ reading: Reading, row x: Int, column r: Int) -> Bool? {
    figures(view, reading, row: x, column: r).flatMap { Self.holds($0, factor: reading.factor) }
  }

  /// Whether printed ratio `f[0]` equals `f[1]` / `f[2]` × factor within rounding.
  private static func holds(_ f: [Operand], factor: Int) -> Bool? {
    guard let ni = f[1].interval, let di = f[2].interval else { return nil }
    switch Arithmetic.ratio(numerator: (f[1].value, ni), denominator: (f[2].value, di), stated: f[0], factor: ExactDecimal(factor)) {
    case .success(let c): return c.status != .fail
    case .failure: return nil
    }
  }

  /// Whether one single change of one of the three figures (a digit, two swapped digits, the
  /// sign, a factor 1000) makes a failed row hold: a typo, not a misread row.
  private func explained(_ view: TableView, _ reading: Reading, row x: Int, column r: Int) -> Bool {
    guard let f = figures(view, reading, row: x, column: r) else { return false }
    for i in f.indices {
      for value in PrintedEdits.singleChanges(f[i]) {
        var changed = f
        changed[i].value = value
        if Self.holds(changed, factor: reading.factor) == true { return true }
      }
    }
    return false
  }
}
