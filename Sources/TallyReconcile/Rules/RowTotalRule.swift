import TallyCore

/// **row_total**: in every figure column (percent columns excepted: see percent_sum), a total or
/// subtotal row equals the sum of the item rows of its block.
///
/// Inference: blocks are read top-down. A subtotal closes the items since the previous subtotal,
/// total or group heading. A total closes the items since the previous total; when a group heading
/// interrupts them, it closes only its group's items, unless the whole run adds up (a grand total
/// over grouped rows). A total with no items above it takes the item rows below it, up to the next
/// total or group (a total printed first). Items are data rows with role item; subtotals, Waarvan
/// breakdowns (rows with a parent), averages ("gemiddeld ... per") and percent cells in a figure
/// column are never items, nor are rows without any figure (a header row read as data). A total
/// whose own label names another measure than its items ("Totaal aantal bereikte gezinnen" under
/// activity counts: the head word of its label missing from an item label) is a figure of its
/// own and not checked. Empty items follow `missing_items`.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "row total '<label>' in column
/// '<column>'"; skipped: "row total '<label>' in column '<column>': <reason>".
struct RowTotalRule: ReconciliationRule {
  static let kind = RuleKind.rowTotal
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for table in document.tables {
      let view = TableView(table, settings: settings)
      for c in view.figureColumns where !view.isPercentColumn(c) {
        for block in Self.blocks(view) {
          check(view, column: c, block: block, into: &context)
        }
      }
    }
  }

  /// A total (or subtotal) row with its candidate item rows, preferred first.
  struct Block {
    var total: Int
    var candidates: [[Int]]
    var subtotals: [Int]
  }

  static func blocks(_ view: TableView) -> [Block] {
    var out: [Block] = []
    var sinceGroup: [Int] = []
    var sinceTotal: [Int] = []
    var subtotals: [Int] = []
    var sinceBoundary: [Int] = []
    let rows = view.rows
    for r in rows.indices {
      let row = rows[r]
      if row.kind == .group || row.kind == .header {
        sinceGroup = []
        sinceBoundary = []
        continue
      }
      guard row.kind == .data else { continue }
      switch row.role {
      case .item:
        guard !view.isBreakdown(r), !view.isAverageRow(r), view.hasFigure(r) else { continue }
        sinceGroup.append(r)
        sinceTotal.append(r)
        sinceBoundary.append(r)
      case .subtotal:
        if !sinceBoundary.isEmpty {
          out.append(Block(total: r, candidates: [sinceBoundary], subtotals: []))
        }
        subtotals.append(r)
        sinceBoundary = []
      case .total:
        if !sinceTotal.isEmpty {
          var candidates = [sinceGroup.isEmpty || !subtotals.isEmpty ? sinceTotal : sinceGroup]
          if candidates[0] != sinceTotal { candidates.append(sinceTotal) }
          out.append(Block(total: r, candidates: candidates, subtotals: subtotals))
        } else {
          // A total printed above its items.
          var below: [Int] = []
          var i = r + 1
          while i < rows.count {
            let next = rows[i]
            if next.kind == .group || next.kind == .header || (next.kind == .data && next.role != .item) {
              break
            }
            if next.kind == .data && !view.isBreakdown(i) && !view.isAverageRow(i) && view.hasFigure(i) { below.append(i) }
            i += 1
          }
          if !below.isEmpty { out.append(Block(total: r, candidates: [below], subtotals: [])) }
        }
        sinceGroup = []
        sinceTotal = []
        sinceBoundary = []
        subtotals = []
      }
    }
    return out
  }

  private func check(_ view: TableView, column c: Int, block: Block, into context: inout RuleContext) {
    let r = block.total
    if let first = block.candidates.first, view.totalNamesOtherMeasure(r, items: first) { return }
    let what = "row total '\(view.rows[r].label)' in column '\(view.columnPath(c).joined(separator: " / "))'"
    let base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
      column: view.columnPath(c), message: "")
    let stated: Operand
    switch view.value(r, c) {
    case .number(let o): stated = o
    case .empty, .text: return  // nothing stated: no check
    case .malformed(let reason):
      var check = base
      check.cells = [view.cellReference(r, c)]
      check.message = "\(what): the total is malformed (\(reason))"
      context.report(check)
      return
    }
    let totalUnit = view.rows[r].unit?.kind
    func usable(_ i: Int) -> Bool {
      if let n = view.rows[i].cells.indices.contains(c) ? view.rows[i].cells[c].number : nil,
        n.isPercent && !(view.rows[r].cells[c].number?.isPercent ?? false)
      {
        return false
      }
      if let t = totalUnit, t != .number, let u = view.rows[i].unit?.kind, u != .number, u != t {
        return false
      }
      return true
    }
    var chosen: (items: [Operand], empty: Int)?
    var skipReason = ""
    for (n, candidate) in block.candidates.enumerated() {
      let rows = candidate.filter(usable)
      switch view.collect(rows.map { ($0, c) }) {
      case .skip(let reason):
        if n == 0 { skipReason = reason }
      case .items(let items, let empty):
        if n == 0 {
          chosen = (items, empty)
        } else if case .success(let cmp) = Arithmetic.sum(items, against: stated), cmp.status != .fail {
          chosen = (items, empty)
        }
      }
    }
    guard let (items, empty) = chosen else {
      var check = base
      check.cells = [view.cellReference(r, c)]
      check.message = "\(what): \(skipReason)"
      context.report(check)
      return
    }
    let itemRefs = Set(items.compactMap(\.ref?.row))
    let extra = view.dataRows.filter { $0 != r && !itemRefs.contains(view.rowPath($0)) }
      .compactMap { view.operand($0, c) }
    let subs = block.subtotals.compactMap { view.operand($0, c) }
    context.reportSum(
      base, what: what, items: items, stated: stated, emptyItems: empty, extraRows: extra,
      subtotals: subs)
  }
}
