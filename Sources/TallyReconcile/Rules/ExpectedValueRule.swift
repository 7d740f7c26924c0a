import TallyCore

/// **expected_value**: the declarative rules of pipeline.yaml (`reconcile.rules`), for checks
/// that only hold for one document family. Each rule applies to documents whose file name matches
/// its `document` glob and to tables whose title (LabelKey, section number kept) matches its
/// `table` pattern (substring, or glob with `*`/`?`):
/// - `sum` / `row_total`: the item rows (no totals, subtotals, Waarvan items or averages) of each
///   figure column (or of the columns matching `column`) sum to `expected`;
/// - `column_total`: the item columns (role item, no percentages) of the rows matching `row` sum
///   to `expected`;
/// - `expected_value`: the cell at `row` × `column` (or the only figure column) equals `expected`.
/// `expected` is exact unless `decimals` gives its rounding. A matching document with no matching
/// table gives a skipped finding, so a rule that silently stopped applying is seen.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "rule '<id>' (<kind>) on
/// '<table>' column '<column>'" and the expected value as the stated figure; skipped: "rule '<id>':
/// no table matches '<pattern>'" or "<what>: <reason>".
struct ExpectedValueRule: ReconciliationRule {
  static let kind = RuleKind.expectedValue
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    let fileName = LabelKey.make(document.source.fileName)
    for rule in settings.rules where rule.enabled && Words.glob(LabelKey.make(rule.document), fileName) {
      let views = context.views.filter { Words.matches(pattern: rule.table, LabelKey.make($0.table.title ?? "")) }
      if views.isEmpty {
        context.report(
          Check(
            kind: Self.kind, rule: rule.id, status: .skipped, table: nil, page: nil,
            message: "rule '\(rule.id)' (line \(rule.line)): no table title matches '\(rule.table)'"))
        continue
      }
      for view in views { apply(rule, to: view, into: &context) }
    }
  }

  private func apply(_ rule: DeclaredRule, to view: TableView, into context: inout RuleContext) {
    let expected = Operand(
      value: rule.expected, decimals: rule.decimals ?? rule.expected.scale, isExact: rule.decimals == nil,
      label: "expected", raw: Format.dutch(rule.expected))
    let columns = view.figureColumns.filter { c in rule.column.map { Words.matches(pattern: $0, view.columnKey(c)) } ?? true }
    let rows = view.dataRows.filter { r in rule.row.map { Words.matches(pattern: $0, view.rows[r].key) } ?? true }
    let title = view.table.title ?? ""
    func base(_ r: Int?, _ c: Int?) -> Check {
      Check(
        kind: Self.kind, rule: rule.id, status: .skipped, table: view.table, page: r.flatMap { view.page($0) },
        row: r.map { view.rowPath($0) } ?? [], column: c.map { view.columnPath($0) } ?? [], message: "",
        severity: rule.severity ?? settings.kind(.expectedValue).severity)
    }
    func run(_ check: Check, what: String, cells: [(row: Int, column: Int)]) {
      var check = check
      switch view.collect(cells) {
      case .skip(let reason):
        check.message = "\(what): \(reason)"
        check.cells = cells.map { view.cellReference($0.row, $0.column) }
        if check.severity == .error || check.severity == .info { check.severity = nil }
        context.report(check)
      case .items(let items, let empty):
        context.reportSum(check, what: what, items: items, stated: expected, emptyItems: empty)
      }
    }
    switch rule.kind {
    case .sum, .rowTotal:
      let items = view.dataRows.filter {
        view.rows[$0].role == .item && !view.isBreakdown($0) && !view.isAverageRow($0)
      }
      for c in columns where !view.isPercentColumn(c) || rule.column != nil {
        run(base(nil, c), what: "rule '\(rule.id)' (\(rule.kind.rawValue)) on '\(title)' column '\(view.columnPath(c).joined(separator: " / "))'", cells: items.map { ($0, c) })
      }
    case .columnTotal:
      let items = columns.filter { view.columns[$0].role == .item && !view.isPercentColumn($0) }
      for r in rows {
        run(base(r, nil), what: "rule '\(rule.id)' (column_total) on '\(title)' row '\(view.rows[r].label)'", cells: items.map { (r, $0) })
      }
    case .expectedValue:
      for r in rows {
        for c in columns {
          run(base(r, c), what: "rule '\(rule.id)' (expected_value) on '\(title)' at \(view.place(r, c))", cells: [(r, c)])
        }
      }
    }
  }
}
