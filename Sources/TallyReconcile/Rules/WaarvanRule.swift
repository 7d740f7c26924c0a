import TallyCore

/// **waarvan**: a "Waarvan" (of which) breakdown item never exceeds the row it breaks down, and
/// neither does the sum of all items of that row (the items may overlap, so the sum is only
/// checked as an upper bound, never for equality).
///
/// Inference: items are the rows with a `parent` (set by the normaliser) announced as a breakdown
/// by a Waarvan marker row between parent and item, or by a label starting with a `waarvan_words`
/// entry (a parent alone may be an outline level, as in a table of contents); per figure column, each
/// item against its parent, then (with two or more items) their sum. Intervals from the printed
/// decimals: "does not exceed" holds when the item's lower bound is at most the parent's upper
/// bound; pass when the exact figures already satisfy it. Not made when the row or an item is
/// negative (a decrease, a correction netted in: "of which" bounds nothing then).
///
/// Message templates:
/// - pass: "Waarvan '<item>' (<value>) does not exceed '<parent>' (<value>) in column '<column>'"
/// - pass_within_rounding: "... exceeds '<parent>' only within rounding ..."
/// - fail: "Waarvan '<item>' (<value>) exceeds '<parent>' (<value>) in column '<column>' by <diff>"
/// - sum: the same with "the <n> Waarvan items of '<parent>' (sum <value>)"
/// - skipped: "... : <item> is malformed / holds text"
struct WaarvanRule: ReconciliationRule {
  static let kind = RuleKind.waarvan
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      let children = Dictionary(grouping: view.dataRows.filter { isWaarvan(view, $0) }) {
        view.rows[$0].parent!
      }
      for parentIndex in children.keys.sorted() {
        // `parent` is an index into the table's rows.
        guard view.rows.indices.contains(parentIndex) else { continue }
        let p = parentIndex
        let kids = children[parentIndex] ?? []
        for c in view.figureColumns {
          guard case .number(let parent) = view.value(p, c) else { continue }
          for k in kids {
            check(view, items: [k], parent: p, parentValue: parent, column: c, into: &context)
          }
          if kids.count >= 2 {
            check(view, items: kids, parent: p, parentValue: parent, column: c, into: &context)
          }
        }
      }
    }
  }

  /// A row with a parent that a Waarvan marker (or its own label) announces as a breakdown; a
  /// parent alone may only be an outline level (a table of contents).
  func isWaarvan(_ view: TableView, _ r: Int) -> Bool {
    guard let p = view.rows[r].parent, p < r, view.rows.indices.contains(p) else { return false }
    let announced = { (label: String) in
      let key = Words.key(label)
      return settings.waarvanWords.contains { key.hasPrefix($0) }
    }
    if announced(view.rows[r].label) { return true }
    return view.rows[(p + 1)..<r].contains { $0.kind == .waarvanMarker || announced($0.label) }
  }

  private func check(
    _ view: TableView, items: [Int], parent p: Int, parentValue: Operand, column c: Int,
    into context: inout RuleContext
  ) {
    let column = view.columnPath(c).joined(separator: " / ")
    let subject =
      items.count == 1
      ? "Waarvan '\(view.rows[items[0]].label)'" : "the \(items.count) Waarvan items of '\(view.rows[p].label)'"
    var check = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(items[0]),
      row: view.rowPath(items.count == 1 ? items[0] : p), column: view.columnPath(c), message: "")
    check.cells = items.map { view.cellReference($0, c) } + [view.cellReference(p, c)]
    var operands: [Operand] = []
    for k in items {
      switch view.value(k, c) {
      case .number(let o): operands.append(o)
      case .empty: continue
      case .text:
        check.message = "\(subject) in column '\(column)': '\(view.rows[k].label)' holds text"
        context.report(check)
        return
      case .malformed(let reason):
        check.message = "\(subject) in column '\(column)': '\(view.rows[k].label)' is malformed (\(reason))"
        context.report(check)
        return
      }
    }
    guard !operands.isEmpty, let total = Arithmetic.total(operands),
      let parentInterval = parentValue.interval, let difference = total.value.subtracting(parentValue.value),
      let tolerance = total.radius.adding(parentValue.radius)
    else { return }
    // "Of which" bounds a part within one sign: a row that is a decrease, or a part of the other
    // sign (a correction netted in), bounds nothing as printed.
    guard !parentValue.value.isNegative, !operands.contains(where: { $0.value.isNegative }) else { return }
    let status: CheckStatus =
      total.value <= parentValue.value
      ? .pass : (total.interval.lower <= parentInterval.upper ? .passWithinRounding : .fail)
    check.status = status
    check.comparison = Comparison(
      status: status, stated: parentValue.value, computed: total.value, difference: difference,
      tolerance: tolerance)
    let shown = items.count == 1 ? "\(subject) (\(operands[0].raw))" : "\(subject) (sum \(Format.dutch(total.value)))"
    switch status {
    case .pass:
      check.message = "\(shown) does not exceed '\(view.rows[p].label)' (\(parentValue.raw)) in column '\(column)'"
    case .passWithinRounding:
      check.message = "\(shown) exceeds '\(view.rows[p].label)' (\(parentValue.raw)) in column '\(column)' only within rounding"
    case .fail, .skipped:
      check.message = "\(shown) exceeds '\(view.rows[p].label)' (\(parentValue.raw)) in column '\(column)' by \(Format.dutch(difference))"
      if settings.hints, items.count == 1 {
        check.hint = "a Waarvan item larger than its whole: perhaps it belongs to another row, or one of the two has a typo"
      }
    }
    context.report(check)
  }
}
