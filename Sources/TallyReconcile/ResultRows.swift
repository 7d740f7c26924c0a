import TallyCore

/// Result rows (see `ResultRule`): a row whose label states a result or a balance
/// (`balance_words`: "Saldo baten en lasten", "Resultaat van het boekjaar") equals, in every
/// amount column, one row above it minus another: Totaal baten − Totaal lasten.
///
/// Which two rows: when exactly two totals (a labelled total or subtotal, or a parent code of
/// the table's code hierarchy) stand between the previous result row and this one, those two,
/// in print order (the labels say it). Otherwise the arithmetic says it: of the pairs of rows
/// above, the one whose difference (or sum, for costs printed negative) holds in the most
/// columns, in at least two and twice as many as it fails in; two pairs alike: no check.
///
/// Evidence: the label, and the columns in which the same difference holds (corroboration); a
/// difference that holds in no column is no relation of the table (info).
/// A footnote marker read into a figure explains a failure (`NonItems.markerReading`).
///
/// Message templates: as `RuleContext.reportSum`, with "<what>" = "result row '<row>' in column
/// '<column>' (= '<a>' − '<b>')"; a failure ends with "[evidence: …]".
extension ResultRule {
  func evaluateRows(into context: inout RuleContext) {
    for view in context.views {
      let results = view.dataRows.filter { RowTotalRule.isBalanceLabel(view, $0, settings: settings) }
      guard !results.isEmpty else { continue }
      let columns = view.figureColumns.filter {
        !view.isPercentColumn($0) && !view.isNonAdditiveColumn($0) && !Self.namesNonAdditive(view, column: $0)
      }
      guard !columns.isEmpty else { continue }
      let parents = Set(CodeHierarchy.rollups(view).map(\.parent))
      var previous = -1
      for r in results {
        defer { previous = r }
        let above = view.dataRows.filter { $0 > previous && $0 < r && !view.isBreakdown($0) }
        let totals = above.filter { view.rows[$0].role != .item || parents.contains($0) }
        var choice: (a: Int, b: Int, negate: Bool)?
        var labelled = false
        if totals.count == 2 {
          // Costs printed negative are added: the sign that holds in more columns wins.
          let holding = [true, false].map { negate in
            columns.filter { c in
              Self.rowCheck(view, result: r, a: totals[0], b: totals[1], negate: negate, column: c).map { $0.2 != .fail } ?? false
            }.count
          }
          choice = (totals[0], totals[1], holding[0] >= holding[1])
          labelled = true
        } else if above.count <= 40 {
          choice = Self.bestRowPair(view, result: r, rows: above, columns: columns)
        }
        guard let (a, b, negate) = choice else { continue }
        report(view, result: r, a: a, b: b, negate: negate, labelled: labelled, columns: columns, into: &context)
      }
    }
  }

  private func report(
    _ view: TableView, result r: Int, a: Int, b: Int, negate: Bool, labelled: Bool, columns: [Int],
    into context: inout RuleContext
  ) {
    let outcomes = columns.map { Self.rowCheck(view, result: r, a: a, b: b, negate: negate, column: $0) }
    let holds = outcomes.filter { $0.map { $0.2 != .fail && !$0.1.value.isZero } ?? false }.count
    let fails = outcomes.filter { $0?.2 == .fail }.count
    // Two totals named by their labels but differing nowhere: not the relation of this row.
    if labelled, holds == 0, fails > 0, columns.count > 1 { return }
    let sign = negate ? "−" : "+"
    for (c, outcome) in zip(columns, outcomes) {
      guard let (items, stated, status) = outcome else { continue }
      let what =
        "result row '\(view.rows[r].label)' in column '\(view.columnPath(c).joined(separator: " / "))' (= '\(view.rows[a].label)' \(sign) '\(view.rows[b].label)')"
      var base = Check(
        kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
        column: view.columnPath(c), message: "")
      if status == .fail {
        var evidence = Evidence(
          labels: ["label '\(view.rows[r].label)'"], holdsElsewhere: holds, failsElsewhere: fails - 1)
        if let (raw, marker) = NonItems.markerReading(items, stated: stated) {
          evidence.alternative = "'\(raw)' reads as note \(marker) printed before a figure: without the marker it holds"
        } else if holds == 0 {
          // A label naming a result ("Overgedragen resultaat" is an item of the balance sheet)
          // is no evidence of which rows it is the difference of.
          evidence.alternative = "the difference holds in no column of the table: probably not this row's relation"
        }
        base.evidence = evidence
      }
      context.reportSum(base, what: what, items: items, stated: stated)
    }
  }

  /// A column one of whose text cells names a figure that does not add up (a header printed
  /// again inside the table, or split over rows the table did not read as headers: "Ratio",
  /// "Per" above "cliënt", "% tevreden").
  static func namesNonAdditive(_ view: TableView, column c: Int) -> Bool {
    let words = Set(view.settings.nonAdditiveWords)
    return view.rows.contains { row in
      guard row.cells.indices.contains(c) else { return false }
      let cell = row.cells[c]
      if case .number = cell.content { return false }
      if cell.raw.contains("%") { return true }
      let tokens = Words.tokens(cell.raw)
      return tokens.first.map { words.contains($0) } ?? false
    }
  }

  /// The items (a, ∓b) and the stated result of one column, with the status; nil when a figure
  /// is missing.
  static func rowCheck(_ view: TableView, result r: Int, a: Int, b: Int, negate: Bool, column c: Int)
    -> ([Operand], Operand, CheckStatus)?
  {
    guard case .number(let stated) = view.value(r, c), case .number(let x) = view.value(a, c),
      case .number(var y) = view.value(b, c),
      ![r, a, b].contains(where: { view.rows[$0].cells[c].number?.isPercent ?? false })
    else { return nil }
    if negate {
      guard let negated = ExactDecimal.zero.subtracting(y.value) else { return nil }
      y.value = negated
      y.label = "− " + y.label
    }
    guard case .success(let cmp) = Arithmetic.sum([x, y], against: stated) else { return nil }
    return ([x, y], stated, cmp.status)
  }

  /// The pair of rows above a result row whose difference (or sum) it states, by the columns it
  /// holds in; nil when none is corroborated or two are equally so.
  static func bestRowPair(_ view: TableView, result r: Int, rows: [Int], columns: [Int]) -> (a: Int, b: Int, negate: Bool)? {
    var best: (pair: (a: Int, b: Int, negate: Bool), holds: Int, fails: Int)?
    var tie = false
    for (i, a) in rows.enumerated() {
      for b in rows[(i + 1)...] {
        for negate in [true, false] {
          var holds = 0
          var fails = 0
          for c in columns {
            guard let (_, stated, status) = rowCheck(view, result: r, a: a, b: b, negate: negate, column: c) else { continue }
            if status == .fail { fails += 1 } else if !stated.value.isZero { holds += 1 }
          }
          guard holds >= 2, holds >= 2 * fails else { continue }
          if let current = best {
            if holds > current.holds || (holds == current.holds && fails < current.fails) {
              best = ((a, b, negate), holds, fails)
              tie = false
            } else if holds == current.holds && fails == current.fails {
              tie = true
            }
          } else {
            best = ((a, b, negate), holds, fails)
          }
        }
      }
    }
    return tie ? nil : best?.pair
  }
}
