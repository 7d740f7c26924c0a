import TallyCore

/// **column_total**: in every data row, a total column equals the sum of its item columns.
///
/// Inference: a total column is a figure column with role total or subtotal. Its items are the
/// figure columns with role item that share its spanning header (same header path above the last
/// level) when it has one; otherwise the item columns between the previous total column and it
/// (or, when there are none on the left, those to its right up to the next total column). Percent
/// columns and columns of another unit are left out, and at least two item columns are required
/// (a lone item next to a "total" is more often a different measure than a sum). Empty items
/// follow `missing_items`.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "column total '<column>' in row
/// '<row>'"; skipped: "column total '<column>' in row '<row>': <reason>".
struct ColumnTotalRule: ReconciliationRule {
  static let kind = RuleKind.columnTotal
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      for (total, items) in Self.groups(view) {
        for r in view.dataRows {
          check(view, row: r, total: total, items: items, into: &context)
        }
      }
    }
  }

  /// Each total column with its item columns.
  static func groups(_ view: TableView) -> [(total: Int, items: [Int])] {
    let figure = view.figureColumns
    let columns = view.columns
    func compatible(_ i: Int, _ t: Int) -> Bool {
      if view.isPercentColumn(i) != view.isPercentColumn(t) { return false }
      let a = columns[i].unit.kind
      let b = columns[t].unit.kind
      return a == .number || b == .number || a == b
    }
    var out: [(Int, [Int])] = []
    for t in figure where columns[t].role != .item {
      var items: [Int]
      let path = columns[t].path
      if path.count >= 2 {
        let prefix = Array(path.dropLast())
        items = figure.filter { columns[$0].role == .item && Array(columns[$0].path.prefix(prefix.count)) == prefix && columns[$0].path.count > prefix.count }
      } else {
        items = []
        let position = figure.firstIndex(of: t) ?? 0
        var i = position - 1
        while i >= 0, columns[figure[i]].role == .item {
          items.insert(figure[i], at: 0)
          i -= 1
        }
        if items.isEmpty {
          i = position + 1
          while i < figure.count, columns[figure[i]].role == .item {
            items.append(figure[i])
            i += 1
          }
        }
      }
      items = items.filter { compatible($0, t) }
      if items.count >= 2 { out.append((t, items)) }
    }
    return out
  }

  private func check(_ view: TableView, row r: Int, total t: Int, items: [Int], into context: inout RuleContext) {
    let what = "column total '\(view.columnPath(t).joined(separator: " / "))' in row '\(view.rows[r].label)'"
    var base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
      column: view.columnPath(t), message: "")
    let stated: Operand
    switch view.value(r, t) {
    case .number(let o): stated = o
    case .empty, .text: return
    case .malformed(let reason):
      base.cells = [view.cellReference(r, t)]
      base.message = "\(what): the total is malformed (\(reason))"
      context.report(base)
      return
    }
    switch view.collect(items.map { (r, $0) }) {
    case .skip(let reason):
      base.cells = [view.cellReference(r, t)]
      base.message = "\(what): \(reason)"
      context.report(base)
    case .items(let operands, let empty):
      let labelled = zip(items, operands).map { c, o -> Operand in
        var o = o
        o.label = view.columnPath(c).last ?? o.label
        return o
      }
      context.reportSum(base, what: what, items: empty == 0 ? labelled : operands, stated: stated, emptyItems: empty)
    }
  }
}
