import TallyCore

/// **result**: a figure column whose header names a difference or a result (`difference_words`:
/// Afwijking, Verschil, Saldo, Resultaat) states, in every data row, one figure column to its left
/// minus another: Realisatie − Raming, Totaal baten − Totaal lasten.
///
/// Inference: the table does not say which two columns; the arithmetic does. Of the ordered pairs
/// (a, b) of figure columns left of the result column (no percent or non-additive column, units
/// compatible), the one for which result = a − b holds (exactly or within rounding, with a result
/// other than zero) in the most rows is taken, when it holds in at least two rows and in at least
/// twice as many rows as it fails in. Two pairs holding in as many rows: no check (the table
/// does not say which it is). Rows missing one of the three figures are not checked.
///
/// Evidence (see `Evidence`): the header word, and the rows in which the same difference holds
/// (corroboration): a failure is therefore an error, localised on its row, unless a footnote
/// marker read into one of its figures ("18 704") explains it (`NonItems.markerReading`). A pair that holds in
/// too few rows is no relation of the table and nothing is reported.
///
/// Result rows are checked as well (`evaluateRows`): a row labelled as a result or balance
/// ("Saldo baten en lasten") equals one total above it minus another.
///
/// Message templates: as `RuleContext.reportSum`, with "<what>" = "result '<column>' in row
/// '<row>' (= '<a>' − '<b>')"; a failure ends with "[evidence: …]".
struct ResultRule: ReconciliationRule {
  static let kind = RuleKind.result
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    evaluateRows(into: &context)
    for view in context.views {
      for r in Self.resultColumns(view, words: settings.differenceWords) {
        guard let found = Self.bestPair(view, result: r) else { continue }
        let (a, b) = found.pair
        let header = view.columnPath(r).last ?? ""
        for row in view.dataRows {
          guard let (items, stated, status) = Self.check(view, row: row, result: r, a: a, b: b) else { continue }
          let what =
            "result '\(view.columnPath(r).joined(separator: " / "))' in row '\(view.rows[row].label)' (= '\(view.columnPath(a).last ?? "")' − '\(view.columnPath(b).last ?? "")')"
          var base = Check(
            kind: Self.kind, status: .skipped, table: view.table, page: view.page(row), row: view.rowPath(row),
            column: view.columnPath(r), message: "")
          if status == .fail {
            base.evidence = Evidence(
              labels: ["header '\(header)'"], holdsElsewhere: found.holds, failsElsewhere: found.fails - 1)
            if let (raw, marker) = NonItems.markerReading(items, stated: stated) {
              base.evidence?.alternative = "'\(raw)' reads as note \(marker) printed before a figure: without the marker it holds"
            }
            base.elsewhere = "row"
          }
          context.reportSum(base, what: what, items: items, stated: stated)
        }
      }
    }
  }

  /// Figure columns whose last header level holds a difference word (as a word or the end of a
  /// compound).
  static func resultColumns(_ view: TableView, words: [String]) -> [Int] {
    view.figureColumns.filter { c in
      guard !view.isPercentColumn(c), !view.isNonAdditiveColumn(c) else { return false }
      let tokens = Words.tokens(view.columnPath(c).last ?? "")
      return tokens.contains { t in words.contains { t == $0 || (t.hasSuffix($0) && $0.count >= 4) } }
    }
  }

  /// The items (a, −b) and the stated result of one row, with the status; nil when a figure is
  /// missing.
  static func check(_ view: TableView, row: Int, result r: Int, a: Int, b: Int) -> ([Operand], Operand, CheckStatus)? {
    guard case .number(var stated) = view.value(row, r), case .number(var x) = view.value(row, a),
      case .number(var y) = view.value(row, b), let negated = ExactDecimal.zero.subtracting(y.value)
    else { return nil }
    // A difference is read with the rounding of its printed figures, also in a row whose label
    // names a count ("Bijdragen gebruikers"): the column, not the row label, says what they are.
    stated.isExact = false
    x.isExact = false
    y.isExact = false
    x.label = view.columnPath(a).last ?? x.label
    y.label = "− " + (view.columnPath(b).last ?? y.label)
    y.value = negated
    guard case .success(let cmp) = Arithmetic.sum([x, y], against: stated) else { return nil }
    return ([x, y], stated, cmp.status)
  }

  /// The pair of columns whose difference the result column states, with the rows it holds and
  /// fails in; nil when no pair is corroborated or two are equally so.
  static func bestPair(_ view: TableView, result r: Int) -> (pair: (Int, Int), holds: Int, fails: Int)? {
    let candidates = view.figureColumns.filter { c in
      c < r && !view.isPercentColumn(c) && !view.isNonAdditiveColumn(c)
        && (view.columns[c].unit.kind == view.columns[r].unit.kind || view.columns[c].unit.kind == .number
          || view.columns[r].unit.kind == .number)
    }
    var best: (pair: (Int, Int), holds: Int, fails: Int)?
    var tie = false
    for a in candidates {
      for b in candidates where b != a {
        var holds = 0
        var fails = 0
        for row in view.dataRows {
          guard let (_, stated, status) = check(view, row: row, result: r, a: a, b: b) else { continue }
          if status == .fail { fails += 1 } else if !stated.value.isZero { holds += 1 }
        }
        guard holds >= 2, holds >= 2 * fails else { continue }
        if let current = best {
          if holds > current.holds || (holds == current.holds && fails < current.fails) {
            best = ((a, b), holds, fails)
            tie = false
          } else if holds == current.holds && fails == current.fails {
            tie = true
          }
        } else {
          best = ((a, b), holds, fails)
        }
      }
    }
    return tie ? nil : best
  }
}
