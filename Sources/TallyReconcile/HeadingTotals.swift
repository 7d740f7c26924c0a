import TallyCore

/// Two layouts in which a total's label or a row above its items would otherwise mislead
/// `RowTotalRule.blocks`:
/// - a heading printing its group's total above the items while a total row below them prints it
///   again ("Beleidsdomein Erfgoed | 90.000" · items · "Totaal : | 90.000"): the heading is a copy
///   of the total, no item of it, and is itself checked against the items (reported only when it
///   holds: a failure is the total's to report);
/// - a total whose label repeats a word of a labelled subtotal in its block ("Subtotaal
///   incidenteel" … "Totaal incidenteel inclusief mutaties reserves"): it totals that block, even
///   when its head word is missing from the item labels (see `TableView.totalNamesOtherMeasure`);
///   so does a total of money over money items, whatever its words name.
extension RowTotalRule {
  /// The first row of `run` when it is a heading printing the figures of total `r`: in every
  /// figure column both print a figure or neither does, the figures are equal, and in at least one
  /// column the total is not zero and the rows after the heading add up to it (exactly or within
  /// rounding). At least two rows must follow the heading. Nil otherwise.
  static func headingCopyingTotal(_ view: TableView, total r: Int, run: [Int]) -> Int? {
    guard run.count >= 3, let h = run.first else { return nil }
    let rest = Array(run.dropFirst())
    var addsUp = false
    for c in view.figureColumns {
      let (total, heading) = (view.operand(r, c), view.operand(h, c))
      guard let total, let heading else {
        if total == nil && heading == nil { continue }
        return nil
      }
      guard total.value == heading.value else { return nil }
      if !addsUp, !total.value.isZero, case .items(let items, _) = view.collect(rest.map { ($0, c) }), items.count >= 2,
        case .success(let cmp) = Arithmetic.sum(items, against: total), cmp.status != .fail
      {
        addsUp = true
      }
    }
    return addsUp ? h : nil
  }

  /// The blocks for total (or labelled subtotal) `r` when its preferred run opens with a heading
  /// copying it: the run without the heading first, the other runs after it (taken only when they
  /// add up), and a block checking the heading itself against the same items; with the heading's
  /// row. Nil when the layout is not that.
  static func headingBlocks(
    _ view: TableView, total r: Int, candidates: [[Int]], subtotals: [Int] = [], subtotalItems: [Int: [Int]] = [:]
  ) -> (blocks: [Block], heading: Int)? {
    guard let preferred = candidates.first, let h = headingCopyingTotal(view, total: r, run: preferred) else { return nil }
    let rest = Array(preferred.dropFirst())
    var runs = [rest]
    for run in candidates + candidates.map({ $0.filter { $0 != h } }) where !run.isEmpty && !runs.contains(run) {
      runs.append(run)
    }
    let blocks = [
      Block(total: h, candidates: [rest], subtotals: [], onlyWhenHolds: true),
      Block(total: r, candidates: runs, subtotals: subtotals, subtotalItems: subtotalItems),
    ]
    return (blocks, h)
  }

  /// `block` with one more candidate run (taken only when it adds up, like every run after the
  /// first): its preferred run without the rows that print the same figures as a later row of it
  /// in every figure column, two of them or more other than zero (one equal figure is too common
  /// among counts to tell a copy; a heading printing the total of its group, whose own total or parent
  /// code row follows; a carried "Over te brengen" repeated as "Overgebracht").
  static func withRunWithoutCopies(_ view: TableView, block: Block) -> Block {
    guard let run = block.candidates.first, run.count >= 3 else { return block }
    func figures(_ r: Int) -> [ExactDecimal?] { view.figureColumns.map { view.operand(r, $0)?.value } }
    let rows = run.map(figures)
    let copies = Set(run.indices.filter { i in
      rows[i].filter { $0.map { !$0.isZero } ?? false }.count >= 2 && rows[(i + 1)...].contains { $0 == rows[i] }
    })
    guard !copies.isEmpty else { return block }
    let kept = run.indices.filter { !copies.contains($0) }.map { run[$0] }
    guard kept.count >= 2, !block.candidates.contains(kept) else { return block }
    var out = block
    out.candidates.append(kept)
    return out
  }

  /// Whether the total of `block` states money in every figure column it prints a figure in: a
  /// sum of money over money items names no other measure whatever its words ("Som der vlottende
  /// activa" over "Vorderingen" and "Liquide middelen").
  static func totalIsMoney(_ view: TableView, block: Block) -> Bool {
    let printed = view.figureColumns.filter { view.operand(block.total, $0) != nil }
    return !printed.isEmpty && printed.allSatisfy { view.unit(block.total, $0) == .eur }
  }

  /// Whether a labelled subtotal of `block` shares a content word of four letters or more with
  /// the block's total: the total names the subtotal's block, so it totals those rows.
  static func totalNamesItsSubtotal(_ view: TableView, block: Block) -> Bool {
    let words = Set(view.contentWords(block.total).filter { $0.count >= 4 })
    guard !words.isEmpty else { return false }
    return block.subtotals.contains { s in
      !view.rows[s].label.isEmpty && view.contentWords(s).contains { words.contains($0) }
    }
  }
}
