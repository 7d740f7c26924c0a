import TallyCore

/// **percent_sum**: a breakdown in percent sums to 100 (or to its printed total row).
///
/// Inference (structure and vocabulary, never a sample's labels): a column is a breakdown when
/// all its figures are percentages (the column's unit, or a % sign on every figure) and it is a
/// partition of a whole: its header path or the table title holds a `partition_words` entry
/// ("% van de", "aandeel", "verdeling", ...), or it has a total row (the author's own statement
/// that the shares add up). It is skipped as a set of per-row rates when the header or title
/// holds a `rate_words` entry ("deeltijds", "bezetting", "graad", "besteding", "t.o.v.", ...), and
/// a column with fewer than two shares is not a breakdown. Rows are the item data rows (no Waarvan
/// items, no averages); the constant 100 is exact, the shares are intervals from their decimals.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "shares in column '<column>'
/// (against 100 %)" or "... (against the total row)"; skipped: "shares in column '<column>': <reason>".
struct PercentSumRule: ReconciliationRule {
  static let kind = RuleKind.percentSum
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for table in document.tables {
      let view = TableView(table, settings: settings)
      for c in view.figureColumns where view.isPercentColumn(c) {
        check(view, column: c, into: &context)
      }
    }
  }

  /// Whether the column is read as a partition, and why not when it is not.
  static func isPartition(_ view: TableView, column c: Int, settings: ReconcileSettings) -> Bool {
    let header = view.columnKey(c)
    let context = header + " " + view.contextKey
    if settings.rateWords.contains(where: { context.contains($0) }) { return false }
    if settings.partitionWords.contains(where: { context.contains($0) }) { return true }
    return view.dataRows.contains { view.rows[$0].role == .total }
  }

  private func check(_ view: TableView, column c: Int, into context: inout RuleContext) {
    guard Self.isPartition(view, column: c, settings: settings) else { return }
    let itemRows = view.dataRows.filter {
      view.rows[$0].role == .item && !view.isBreakdown($0) && !view.isAverageRow($0)
    }
    guard itemRows.count >= 2 else { return }
    let totalRow = view.dataRows.first { view.rows[$0].role == .total }
    let columnName = view.columnPath(c).joined(separator: " / ")
    let stated: Operand
    var against = "against 100 %"
    if let t = totalRow, let o = view.operand(t, c) {
      stated = o
      against = "against the total row"
    } else {
      stated = Operand(value: ExactDecimal(100), decimals: 0, isExact: true, label: "100 %", raw: "100 %")
    }
    let what = "shares in column '\(columnName)' (\(against))"
    var base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(itemRows[0]),
      row: totalRow.map { view.rowPath($0) } ?? [], column: view.columnPath(c), message: "")
    switch view.collect(itemRows.map { ($0, c) }) {
    case .skip(let reason):
      base.message = "\(what): \(reason)"
      base.cells = itemRows.map { view.cellReference($0, c) }
      context.report(base)
    case .items(let items, let empty):
      context.reportSum(base, what: what, items: items, stated: stated, emptyItems: empty)
    }
  }
}
