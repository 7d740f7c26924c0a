import TallyCore

/// **row_total**: in every figure column (percent columns excepted: see percent_sum), a total or
/// subtotal row equals the sum of the item rows of its block.
///
/// Inference: blocks are read top-down. A subtotal closes the items since the previous subtotal,
/// total or group heading (a labelled one also every item since the previous labelled subtotal or
/// total, across group headings and unlabelled subtotals, when that adds up). A total closes the items since the previous total; when a group heading
/// interrupts them, it closes only its group's items, unless the whole run adds up (a grand total
/// over grouped rows). A total with no items above it takes the item rows below it, up to the next
/// total or group (a total printed first). A total whose words name a heading above it ("Totaal
/// secretarieleges" under "Secretarieleges") closes only the items under that heading. Items are data rows with role item; subtotals, Waarvan
/// breakdowns (rows with a parent), averages ("gemiddeld ... per") and percent cells in a figure
/// column are never items, nor are rows without any figure (a header row read as data). A total
/// whose own label names another measure than its items ("Totaal aantal bereikte gezinnen" under
/// activity counts: the head word of its label missing from an item label) is a figure of its
/// own and not checked, unless it states money or repeats a word of a labelled subtotal of its block
/// (`HeadingTotals`). Empty items follow `missing_items`.
///
/// Layouts and presumptions:
/// - A total's other candidate runs (every item since the last total, the group's items, the
///   items since the last subtotal) are used only when they add up; the preferred run is reported
///   otherwise.
/// - Inner column: a subtotal that leaves the nearest figure column to its left empty, under
///   items that fill that column and leave its own empty, sums those items in the inner column;
///   in its own column it then stands for them in the total ("Stichtingsvermogen −3.990 |
///   R.C. 4.370 · passiva 267 → 4.637 | Totaal 647").
/// - A subtotal row without a label (see the normaliser's `unlabelled_subtotals`) is presumed:
///   its check is reported only when it holds (exactly or within rounding); otherwise the row
///   states something else (a balance, a result, a ledger line whose label sits in another
///   column), nothing is reported for it, and in that column it counts as an item of the total
///   that follows.
///
/// - Columns whose header names a figure that does not add up (`non_additive_words`: averages,
///   ratios, indices, figures per unit, growth) are never summed. A run of one printed item is
///   no check (a figure against itself), unless the block's other items are blank in that column:
///   then it is reported only when it holds exactly.
///
/// - A heading printing its group's total above the items, closed by a total or labelled subtotal
///   of the same figures below them, is no item but a copy, checked itself (`HeadingTotals`); a
///   total naming a labelled subtotal of its block totals that block whatever its head word.
///
/// - A code hierarchy inside the table (`CodeHierarchy`): a parent code's row is checked as a
///   roll-up, not here; its children are no items of a total that also counts the parent.
///
/// Evidence (see `Evidence`): the total's label (not a `balance_words` label, which states a
/// result), a bold row, and the block's other columns: the same rows adding up in another column
/// corroborate a failure. Before a failure counts, other readings are tried (`alternative`): a
/// table continued from the previous page, totals among the items, the average of the items, a
/// balance with items subtracted, and a failure in every column by different amounts with the
/// items exceeding the total somewhere (the rows are not its items); by one amount everywhere, or
/// with the items falling short of the total by less than a tenth in every column, a row seems
/// to be missing.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "row total '<label>' in column
/// '<column>'"; skipped: "row total '<label>' in column '<column>': <reason>"; a failure ends with
/// "[evidence: …]".
struct RowTotalRule: ReconciliationRule {
  static let kind = RuleKind.rowTotal
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      let ratios = view.ratioColumns
      let columns = view.figureColumns.filter { !view.isPercentColumn($0) && !view.isNonAdditiveColumn($0) && !ratios.contains($0) }
      guard !columns.isEmpty else { continue }
      // The blocks and whether a total names another measure do not depend on the column.
      let blocks = Self.withCodeHierarchy(Self.blocks(view), view: view)
        .map { Self.withRunWithoutCopies(view, block: $0) }
        .filter { block in
          block.onlyWhenHolds || Self.totalNamesItsSubtotal(view, block: block) || Self.totalIsMoney(view, block: block)
            || !(block.candidates.first.map { view.totalNamesOtherMeasure(block.total, items: $0) } ?? false)
        }
      // Every block in every column first: whether a block's relation holds in its other columns
      // is the evidence for (or against) its failure in one.
      let outcomes = blocks.map { block in columns.map { check(view, column: $0, block: block) } }
      let open = Self.openAtTop(view, document: document)
      let noSum = Self.noSumColumns(outcomes)
      for position in columns.indices {
        for (b, block) in blocks.enumerated() {
          switch outcomes[b][position] {
          case .none: continue
          case .report(let check): context.report(check)
          case .sum(var sum):
            if sum.status == .fail {
              sum.base.evidence = evidence(
                view, block: block, sum: sum, others: outcomes[b].indices.filter { $0 != position }.map { outcomes[b][$0] },
                openAtTop: open)
              if sum.base.evidence?.alternative == nil, noSum.contains(position) {
                sum.base.evidence?.alternative = Self.noSumReading
              }
              if sum.base.evidence?.alternative == nil {
                let split = Self.splitFromAbove(
                  view, previous: context.views.last { $0.table.index < view.table.index }, block: block, sum: sum,
                  column: columns[position])
                sum.base.evidence?.alternative = split
              }
            }
            let (r, c) = (block.total, columns[position])
            context.reportSum(
              sum.base, what: sum.what, items: sum.items, stated: sum.stated, emptyItems: sum.empty,
              extraRows: Self.extraRows(view, total: r, column: c, items: sum.items),
              subtotals: block.subtotals.filter { !sum.presumedItems.contains($0) }.compactMap { view.operand($0, c) })
          }
        }
      }
    }
  }

  /// One block in one column: nothing to check, a finding as it is, or a sum to compare.
  enum Outcome {
    case none
    case report(Check)
    case sum(Sum)
  }

  struct Sum {
    var base: Check
    var what: String
    var items: [Operand]
    /// The body rows of `items`, in order.
    var rows: [Int]
    var stated: Operand
    var empty: Int
    var presumedItems: [Int]
    var status: CheckStatus

    /// Holds exactly or within rounding, with a figure other than zero: the relation is seen at work.
    var holds: Bool { (status == .pass || status == .passWithinRounding) && !stated.value.isZero && items.count >= 2 }
  }

  /// The evidence for a failed block in one column: its label and weight, the block's other
  /// columns, and the other readings of the table that fit (see `alternative`).
  func evidence(_ view: TableView, block: Block, sum: Sum, others: [Outcome], openAtTop: Bool) -> Evidence {
    var evidence = Evidence()
    let row = view.rows[block.total]
    let balance = Self.isBalanceLabel(view, block.total, settings: settings)
    if !row.label.isEmpty && !balance {
      evidence.labels.append("label '\(row.label)'")
    }
    if row.isBold { evidence.layout.append("bold row") }
    var gaps = [Self.gap(sum)]
    // Whether every failing column's items fall short of its total by less than a tenth of it
    // (one row of several left out), as a row missing from the print would leave them.
    var slightlyShort = Self.isSlightlyShort(sum)
    for case .sum(let other) in others {
      if other.holds {
        evidence.holdsElsewhere += 1
      } else if other.status == .fail {
        evidence.failsElsewhere += 1
        gaps.append(Self.gap(other))
        slightlyShort = slightlyShort && Self.isSlightlyShort(other)
      }
    }
    // A figure with another reading (a footnote marker before it, a stray space) that makes
    // the sum hold explains the failure before any other reading of the block.
    evidence.alternative =
      AlternativeReading.sum(sum.items, stated: sum.stated)
      ?? Self.alternative(view, block: block, sum: sum, balance: balance, openAtTop: openAtTop)
    // Failing in every column it was tried: by one amount, or with the items falling short of
    // the total everywhere, a row seems to be missing (said, with the severity the labels
    // support); by different amounts with items exceeding the total, the rows are not its items.
    if evidence.alternative == nil, evidence.holdsElsewhere == 0, evidence.failsElsewhere > 0 {
      Self.readGaps(gaps, slightlyShort: slightlyShort, whole: "total", into: &evidence)
    }
    return evidence
  }

  /// What the gaps (computed − stated) of a relation failing in every column it was tried in
  /// say: each by another amount, with the items short of the `whole` by less than a tenth
  /// everywhere, or by one amount everywhere: a row seems to be missing (layout evidence); by
  /// different amounts otherwise: the rows are probably not its items (another reading).
  static func readGaps(_ gaps: [ExactDecimal?], slightlyShort: Bool, whole: String, into evidence: inout Evidence) {
    let known = gaps.compactMap { $0 }
    if slightlyShort && known.count == gaps.count && known.contains(where: { $0 != known[0] }) {
      evidence.layout.append("in every column the items fall short of the \(whole): a row seems to be missing")
      evidence.explainedByLayout = true
    } else if known.count < gaps.count || known.contains(where: { $0 != known[0] }) {
      evidence.alternative = "it fails in every column, each by another amount: these rows are probably not its items"
    } else if let gap = known.first {
      evidence.layout.append("every column's items differ from the \(whole) by \(Format.signed(gap)): a row seems to be missing")
      evidence.explainedByLayout = true
    }
  }

  /// The items fall short of a positive total by less than a tenth of it.
  static func isSlightlyShort(_ sum: Sum) -> Bool {
    guard let gap = gap(sum), gap.isNegative, !sum.stated.value.isNegative,
      let tenfold = gap.magnitude.multiplied(by: ExactDecimal(10))
    else { return false }
    return tenfold < sum.stated.value
  }

  /// computed − stated of a sum; nil on overflow.
  static func gap(_ sum: Sum) -> ExactDecimal? {
    Arithmetic.total(sum.items).flatMap { $0.value.subtracting(sum.stated.value) }
  }

  /// Another reading of the table under which the failed sum is consistent, or nil:
  /// - the table is continued from the previous page: the block reaches up to the top of a table
  ///   that starts a page, and the items fall short of the total;
  /// - a total among the items: without one item the rest add up, and that item is itself the sum
  ///   of the items next to it (a heading printed with its group's total, a subtotal already
  ///   inside the sum);
  /// - a result or balance (the label holds a `balance_words` entry): with some items
  ///   subtracted the relation holds;
  /// - items that are no items (`NonItems`): another group with its total, a year, a Waarvan row;
  /// - a footnote marker read into a figure ("18 704"): without it the relation holds.
  static func alternative(_ view: TableView, block: Block, sum: Sum, balance: Bool, openAtTop: Bool) -> String? {
    if openAtTop, sum.rows.first.map({ isOpenAbove(view, row: $0) }) ?? false,
      let total = Arithmetic.total(sum.items), total.value < sum.stated.value
    {
      return "the table seems continued from the previous page: its items may begin there"
    }
    if let inner = totalsAmongItems(sum.items, stated: sum.stated) {
      let names = inner.map { "'\(sum.items[$0].label)' (\(sum.items[$0].raw))" }.joined(separator: ", ")
      return "\(names) \(inner.count == 1 ? "is itself a total" : "are themselves totals") of the items next to \(inner.count == 1 ? "it" : "them"); without \(inner.count == 1 ? "it" : "them") the items add up"
    }
    if let (k, run) = NonItems.otherGroup(sum.items, stated: sum.stated) {
      return "'\(sum.items[k].label)' (\(sum.items[k].raw)) and the \(run.count) items it totals are another group: without them the items add up"
    }
    if let (marked, reason) = NonItems.reading(sum.items, stated: sum.stated, waarvanWords: view.settings.waarvanWords) {
      let names = marked.map { "'\(sum.items[$0].label)' (\(sum.items[$0].raw))" }.joined(separator: ", ")
      return "\(names) \(marked.count == 1 ? "is" : "are each") \(reason): without \(marked.count == 1 ? "it" : "them") the items add up"
    }
    if let c = view.figureColumns.first(where: { view.columnPath($0) == sum.stated.ref?.column }),
      let marked = NonItems.waarvanContinuation(view, rows: sum.rows, items: sum.items, stated: sum.stated, column: c)
    {
      let names = marked.map { "'\(sum.items[$0].label)' (\(sum.items[$0].raw))" }.joined(separator: ", ")
      return "\(names) \(marked.count == 1 ? "continues" : "continue") the Waarvan breakdown above: without \(marked.count == 1 ? "it" : "them") the items add up"
    }
    if let (raw, marker) = NonItems.markerReading(sum.items, stated: sum.stated) {
      return "'\(raw)' reads as note \(marker) printed before a figure: without the marker it adds up"
    }
    if isAverage(sum.items, stated: sum.stated) {
      return "the total row states the average of its items, not their sum"
    }
    if balance, let minus = signedReading(sum.items, stated: sum.stated) {
      return "a result or balance: with \(minus.map { "'\($0)'" }.joined(separator: ", ")) subtracted it holds"
    }
    return nil
  }

  /// Whether `stated` is the mean of the items (exactly or within rounding).
  static func isAverage(_ items: [Operand], stated: Operand) -> Bool {
    guard items.count >= 2, let total = Arithmetic.total(items) else { return false }
    let n = ExactDecimal(items.count)
    guard case .success(let c) = Arithmetic.ratio(
      numerator: (total.value, total.interval), denominator: (n, DecimalInterval(exactly: n)), stated: stated,
      factor: ExactDecimal(1))
    else { return false }
    return c.status != .fail
  }

  /// Whether the first body row of the table is preceded by nothing that closes a block: no
  /// group heading, repeated header or total between the table's top and `row`.
  static func isOpenAbove(_ view: TableView, row: Int) -> Bool {
    for k in 0..<row {
      let above = view.rows[k]
      if above.kind == .group || above.kind == .header { return false }
      if above.kind == .data && above.role == .total { return false }
    }
    return true
  }

  /// Whether the table is the first one on its first page, with a table on the page before: a
  /// table continued across a page break, read as two.
  static func openAtTop(_ view: TableView, document: NormalizedDocument) -> Bool {
    guard let page = view.table.pages.first, page > 1 else { return false }
    let earlier = document.tables.prefix(while: { $0.index != view.table.index })
    if earlier.contains(where: { $0.pages.contains(page) }) { return false }
    return earlier.contains { $0.pages.contains(page - 1) }
  }

  /// The positions of items that are themselves totals of the items next to them (two or more
  /// items right above them, or right below them: a total printed above its group), when without
  /// them the other items add up to `stated` (exactly or within rounding); nil otherwise.
  static func totalsAmongItems(_ items: [Operand], stated: Operand) -> [Int]? {
    guard items.count >= 3 else { return nil }
    func fits(_ parts: ArraySlice<Operand>, _ whole: Operand) -> Bool {
      guard case .success(let c) = Arithmetic.sum(Array(parts), against: whole) else { return false }
      return c.status != .fail
    }
    func rest(_ marked: [Int]) -> Bool {
      !marked.isEmpty && fits(ArraySlice(items.indices.filter { !marked.contains($0) }.map { items[$0] }), stated)
    }
    // Totals below their items (a code's total under its sub-codes), scanned top-down.
    var below: [Int] = []
    var start = 0
    for k in items.indices where !items[k].value.isZero && k - start >= 2 {
      if (start...(k - 2)).contains(where: { fits(items[$0..<k], items[k]) }) {
        below.append(k)
        start = k + 1
      }
    }
    if rest(below) { return below }
    // Totals above their items (a heading printed with its group's total), scanned bottom-up.
    var above: [Int] = []
    var end = items.count
    for k in items.indices.reversed() where !items[k].value.isZero && end - k >= 3 {
      if ((k + 3)...end).contains(where: { fits(items[(k + 1)..<$0], items[k]) }) {
        above.append(k)
        end = k
      }
    }
    return rest(above) ? above.sorted() : nil
  }

  /// Labels of the items that, subtracted instead of added, make the items equal `stated`
  /// (exactly or within rounding); nil when no such signs exist or there are too many items to try.
  static func signedReading(_ items: [Operand], stated: Operand) -> [String]? {
    guard items.count >= 2, items.count <= 12 else { return nil }
    for mask in 1..<(1 << items.count) {
      var signed = items
      var minus: [String] = []
      for i in items.indices where mask & (1 << i) != 0 {
        guard let v = ExactDecimal.zero.subtracting(items[i].value) else { return nil }
        signed[i].value = v
        minus.append(items[i].label)
      }
      if case .success(let c) = Arithmetic.sum(signed, against: stated), c.status != .fail { return minus }
    }
    return nil
  }

  /// Whether a row's label states a result or a balance (a `balance_words` entry as a word or the
  /// end of a compound: "Eindsaldo", "Totaal resultaat").
  static func isBalanceLabel(_ view: TableView, _ r: Int, settings: ReconcileSettings) -> Bool {
    view.rowTokens[r].contains { token in
      settings.balanceWords.contains { token == $0 || (token.hasSuffix($0) && $0.count >= 4) }
    }
  }

  /// A total (or subtotal) row with its candidate item rows, preferred first.
  struct Block {
    var total: Int
    var candidates: [[Int]]
    /// The subtotals since the previous total, each with the item rows it closed.
    var subtotals: [Int]
    var subtotalItems: [Int: [Int]] = [:]
    /// Reported only when it holds (a heading copying a total: see `headingBlocks`).
    var onlyWhenHolds = false
  }

  private func check(_ view: TableView, column c: Int, block: Block) -> Outcome {
    let r = block.total
    // A subtotal printed without a label is only presumed one: when it is no sum, say nothing.
    let presumed = (view.rows[r].role == .subtotal && view.rows[r].label.isEmpty) || block.onlyWhenHolds
    let what = "row total '\(view.rows[r].label)' in column '\(view.columnPath(c).joined(separator: " / "))'"
    let base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
      column: view.columnPath(c), message: "")
    let stated: Operand
    switch view.value(r, c) {
    case .number(let o): stated = o
    case .empty, .text: return .none  // nothing stated: no check
    case .malformed(let reason):
      var check = base
      check.cells = [view.cellReference(r, c)]
      check.message = "\(what): the total is malformed (\(reason))"
      return .report(check)
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
    // Subtotals whose items sit in the inner column stand for them in this one.
    let outerSubtotals = block.subtotals.filter { s in
      Self.innerRun(view, subtotal: s, items: block.subtotalItems[s] ?? [], column: c) != nil
    }
    // A presumed subtotal that is no sum of its block in this column is one more item here.
    let presumedItems = block.subtotals.filter { s in
      !outerSubtotals.contains(s) && !Self.presumedSubtotalHolds(view, subtotal: s, items: block.subtotalItems[s] ?? [], column: c)
    }
    // A spreadsheet error printed among the rows (#WAARDE!, #DEEL/0!): that item's figure is
    // missing, so the sum says nothing (the error is a finding of its own).
    let spanned = block.candidates.flatMap { $0 } + [r]
    if let lo = spanned.min(), let hi = spanned.max(),
      let broken = (lo...hi).first(where: { k in
        view.rows[k].cells.indices.contains(c) && MalformedNumberRule.isSpreadsheetError(view.rows[k].cells[c].raw)
      })
    {
      var check = base
      check.cells = [view.cellReference(r, c)]
      check.message = "\(what): item '\(view.rows[broken].label)' prints a spreadsheet error, its figure is missing"
      return .report(check)
    }
    var chosen: (items: [Operand], empty: Int, rows: [Int])?
    // The first other run whose failure one edit of the total explains.
    var explained: (items: [Operand], empty: Int, rows: [Int])?
    var skipReason = ""
    for (n, candidate) in block.candidates.enumerated() {
      // An item of another unit by its label ("Bijdragen gebruikers" among amounts) is left out,
      // unless with it the run adds up.
      let kept = candidate.filter(usable)
      var cells = (kept.count < candidate.count && Self.addsUp(view, candidate, column: c, to: stated) ? candidate : kept)
        .map { ($0, c) }
      if block.subtotals.isEmpty, view.rows[r].role == .subtotal,
        let run = Self.innerRun(view, subtotal: r, items: candidate, column: c)
      {
        cells = run.rows.map { ($0, run.column) }
      }
      // Candidates list their rows top-down: some row above `s` is the first one.
      // The preferred run (every item since the last total, when there are subtotals) takes every
      // presumed item since that total, also one printed above the first item.
      let outer = outerSubtotals.filter { s in candidate.first.map { $0 < s } ?? false }
        + presumedItems.filter { s in n == 0 || (candidate.first.map { $0 < s } ?? false) }
      cells = (cells + outer.map { ($0, c) }).sorted { $0.0 < $1.0 }
      switch view.collect(cells) {
      case .skip(let reason):
        if n == 0 { skipReason = reason }
      case .items(let items, let empty):
        let rows = cells.filter { view.operand($0.0, $0.1) != nil }.map(\.0)
        if n == 0 {
          chosen = (items, empty, rows)
        } else if case .success(let cmp) = Arithmetic.sum(items, against: stated) {
          if cmp.status != .fail {
            chosen = (items, empty, rows)
          } else if explained == nil, items.count >= 2, Self.editExplains(items, stated: stated, difference: cmp.difference) {
            explained = (items, empty, rows)
          }
        }
      }
    }
    // No run adds up: the cheapest explanation wins (Fellegi–Holt). A preferred run that no
    // edit of the total and no other reading (totals among its items) explains yields to
    // another run that one edit of the total explains.
    if let preferred = chosen, let other = explained, !preferred.rows.elementsEqual(other.rows),
      case .success(let cmp) = Arithmetic.sum(preferred.items, against: stated), cmp.status == .fail,
      !Self.editExplains(preferred.items, stated: stated, difference: cmp.difference),
      Self.totalsAmongItems(preferred.items, stated: stated) == nil,
      NonItems.otherGroup(preferred.items, stated: stated) == nil
    {
      chosen = other
    }
    guard let (items, empty, rows) = chosen else {
      if presumed { return .none }
      var check = base
      check.cells = [view.cellReference(r, c)]
      check.message = "\(what): \(skipReason)"
      return .report(check)
    }
    // A one-item "sum" compares a figure with itself (or with a lone other figure): no check,
    // unless the block's other items are blank in this column (97 under eight blanks): reported
    // then only when it holds exactly, and never as corroboration (see `Sum.holds`).
    let oneItem = items.count == 1 && empty >= 1
    guard items.count >= 2 || oneItem else { return .none }
    // Overflow: reported as skipped by `reportSum`.
    let status: CheckStatus
    switch Arithmetic.sum(items, against: stated) {
    case .success(let cmp): status = cmp.status
    case .failure: status = .skipped
    }
    if presumed, status != .pass, status != .passWithinRounding { return .none }
    if oneItem, status != .pass { return .none }
    return .sum(
      Sum(
        base: base, what: what, items: items, rows: rows, stated: stated, empty: empty,
        presumedItems: presumedItems, status: status))
  }

  /// Whether one edit of the printed total (a typo, two digits swapped, a factor of 1000)
  /// explains a failed sum. Only the total's: among many items some one-digit edit fits almost
  /// any gap by chance.
  static func editExplains(_ items: [Operand], stated: Operand, difference: ExactDecimal) -> Bool {
    guard let ref = stated.ref else { return false }
    return Hints.candidates(items: items, stated: stated, difference: difference).contains { candidate in
      candidate.edit.map { $0.row == ref.row && $0.column == ref.column && $0.table == ref.table } ?? false
    }
  }

  /// Whether an unlabelled (presumed) subtotal row states the sum of the items it closed in
  /// column `c`, exactly or within rounding. A labelled subtotal, or a row with nothing in that
  /// column, always holds: only a presumed figure that is no sum is read as an item instead.
  static func presumedSubtotalHolds(_ view: TableView, subtotal s: Int, items: [Int], column c: Int) -> Bool {
    guard view.rows[s].label.isEmpty, case .number(let stated) = view.value(s, c) else { return true }
    guard case .items(let operands, _) = view.collect(items.map { ($0, c) }),
      case .success(let cmp) = Arithmetic.sum(operands, against: stated)
    else { return false }
    return cmp.status == .pass || cmp.status == .passWithinRounding
  }
}
