import TallyCore

/// **percent_sum**: a breakdown in percent sums to 100 (or to its printed total row).
///
/// Inference (structure and vocabulary, never a sample's labels): a column is a breakdown when
/// all its figures are percentages (the column's unit, or a % sign on every figure) and it is a
/// partition of a whole: its header path or the table title holds a `partition_words` entry
/// ("% van de", "aandeel", "verdeling", ...), or it has a total row (the author's own statement
/// that the shares add up: then only the items above it count, those below belong to a later
/// block), or its rows are brackets of one measure whose shares come within
/// `bracket_partition_slack` points of 100 (see `isBracketPartition`). It is skipped as a set of
/// per-row rates when the header or title
/// holds a `rate_words` entry ("deeltijds", "bezetting", "graad", "besteding", "t.o.v.", ...), and
/// a column with fewer than two printed shares is not a breakdown, nor is a column against a total
/// row when a (non-negative) share exceeds that total. A total row counts only where it prints a
/// figure in the column. Rows are the item data rows (no Waarvan items, no averages); the
/// constant 100 is exact, the shares are intervals from their decimals.
///
/// Blocks: each total row printing a share closes the items since the previous one (or, printed
/// first, those up to the next one when only they add up: a balance sheet's second side after a
/// repeated header), and with no total row a last item printing exactly 100 closes the block; a
/// total row above 100 % makes the column rates, not shares. A table the
/// extractor split where its header row repeats (consecutive tables with one title, the same
/// share column, the total row in the later part): the earlier part's shares join the later
/// part's first block and are not checked on their own. Before a failure:
/// shares of rows opening with a `waarvan_words` entry, a share that is the subtotal of the shares
/// beside it, and another reading of a printed figure (`AlternativeReading`) are left out or
/// tried; any that makes the shares add up turns the failure into info.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "shares in column '<column>'
/// (against 100 %)" or "... (against the total row)"; skipped: "shares in column '<column>': <reason>".
struct PercentSumRule: ReconciliationRule {
  static let kind = RuleKind.percentSum
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    let views = context.views
    for (i, view) in views.enumerated() {
      // Every column first: a partition that holds in a sibling column corroborates a failure.
      let pending = view.figureColumns.filter { view.isPercentColumn($0) }.flatMap { c -> [Pending] in
        // A table split where its header row repeats: the shares before the split belong to the
        // part that prints the total row.
        if let next = Self.fragment(views, i, step: 1), let nc = Self.sameColumn(next, as: c, of: view),
          !Self.hasTotal(view, column: c), Self.hasTotal(next, column: nc)
        {
          return []
        }
        var carried: [Operand] = []
        if let previous = Self.fragment(views, i, step: -1), let pc = Self.sameColumn(previous, as: c, of: view),
          !Self.hasTotal(previous, column: pc), Self.hasTotal(view, column: c),
          case .items(let items, _) = previous.collect(Self.itemRows(previous).map { ($0, pc) })
        {
          carried = items
        }
        return check(view, column: c, carried: carried)
      }
      for (n, var p) in pending.enumerated() {
        guard case .sum(let items, let stated, let empty, let status) = p.outcome else {
          context.report(p.base)
          continue
        }
        if status == .fail {
          var evidence = Evidence(labels: p.labels)
          for (m, other) in pending.enumerated() where m != n {
            guard case .sum(let o, _, _, let s) = other.outcome, o.count == items.count else { continue }
            if s == .pass || s == .passWithinRounding { evidence.holdsElsewhere += 1 } else if s == .fail { evidence.failsElsewhere += 1 }
          }
          evidence.alternative =
            Self.alternative(items, stated: stated)
            ?? Self.breakdownAmongItems(items, stated: stated, waarvanWords: settings.waarvanWords)
            ?? Self.subtotalAmongItems(items, stated: stated) ?? AlternativeReading.sum(items, stated: stated)
          p.base.evidence = evidence
        }
        context.reportSum(p.base, what: p.what, items: items, stated: stated, emptyItems: empty)
      }
    }
  }

  /// The table `step` places away when it has the same title: a part of one table the
  /// extractor split where a header row repeats.
  static func fragment(_ views: [TableView], _ i: Int, step: Int) -> TableView? {
    let j = i + step
    guard views.indices.contains(j), let title = views[i].table.title, !title.isEmpty, views[j].table.title == title
    else { return nil }
    return views[j]
  }

  /// The percent column of `view` headed like column `c` of `other` (the same last header).
  static func sameColumn(_ view: TableView, as c: Int, of other: TableView) -> Int? {
    let name = other.columnPath(c).last
    return view.figureColumns.first { view.isPercentColumn($0) && view.columnPath($0).last == name }
  }

  /// Whether a total row prints a share in the column.
  static func hasTotal(_ view: TableView, column c: Int) -> Bool { !totalRows(view, column: c).isEmpty }

  /// The rows closing a block of shares: total rows printing a share; with none, a last item row
  /// printing exactly 100 under at least two other shares (a total row its layout did not mark).
  static func totalRows(_ view: TableView, column c: Int) -> [Int] {
    let marked = view.dataRows.filter { view.rows[$0].role == .total && view.operand($0, c) != nil }
    if !marked.isEmpty { return marked }
    let items = itemRows(view)
    guard items.count >= 3, let last = items.last, view.operand(last, c)?.value == ExactDecimal(100) else { return [] }
    return [last]
  }

  /// The rows whose shares are items: item data rows, no Waarvan items, no averages.
  static func itemRows(_ view: TableView) -> [Int] {
    view.dataRows.filter { view.rows[$0].role == .item && !view.isBreakdown($0) && !view.isAverageRow($0) }
  }

  /// One column's check before it is reported.
  struct Pending {
    var base: Check
    var what: String
    /// Words naming the column a partition (partition words, a total row).
    var labels: [String]
    var outcome: Outcome
  }

  enum Outcome {
    /// Reported as it is (skipped).
    case report
    case sum(items: [Operand], stated: Operand, empty: Int, status: CheckStatus)
  }

  /// Shares that sum to a whole multiple of 100 (200, 300, within rounding) are several
  /// partitions read as one column (overlapping breakdowns, two tables merged).
  static func alternative(_ items: [Operand], stated: Operand) -> String? {
    guard stated.value == ExactDecimal(100), let total = Arithmetic.total(items) else { return nil }
    for k in 2...9 {
      let whole = Operand(value: ExactDecimal(100 * k), decimals: 0, isExact: true)
      if case .success(let c) = Arithmetic.compare(
        computed: total.value, interval: total.interval, radius: total.radius, with: whole), c.status != .fail
      {
        return "the shares sum to \(k) × 100: \(k) breakdowns read as one"
      }
    }
    return nil
  }

  /// A share that is the subtotal of a run of two or more shares next to it (a group's share
  /// printed beside its members'), when without it the shares add up: the group was counted twice.
  static func subtotalAmongItems(_ items: [Operand], stated: Operand, limit: Int = 40) -> String? {
    guard items.count >= 4, items.count <= limit else { return nil }
    func holds(_ parts: [Operand], _ whole: Operand) -> Bool {
      guard case .success(let c) = Arithmetic.sum(parts, against: whole) else { return false }
      return c.status != .fail
    }
    for k in items.indices where !items[k].value.isZero {
      let before = k >= 2 ? (0...(k - 2)).map { $0..<k } : []
      let after = k + 3 <= items.count ? ((k + 3)...items.count).map { (k + 1)..<$0 } : []
      for run in before + after where holds(Array(items[run]), items[k]) {
        var rest = items
        rest.remove(at: k)
        if holds(rest, stated) {
          return "'\(items[k].label)' is the subtotal of the \(run.count) shares beside it; without it the shares add up"
        }
      }
    }
    return nil
  }

  /// Shares of rows opening with a `waarvan_words` entry ("waarvan eigen middelen", "w.v.
  /// subsidies"): a breakdown of another share, when without them the shares add up.
  static func breakdownAmongItems(_ items: [Operand], stated: Operand, waarvanWords: [String]) -> String? {
    let marked = items.indices.filter { k in
      let key = LabelKey.make(items[k].label)
      return waarvanWords.contains { key == $0 || key.hasPrefix($0 + " ") }
    }
    guard !marked.isEmpty, marked.count <= items.count - 2 else { return nil }
    let rest = items.indices.filter { !marked.contains($0) }.map { items[$0] }
    guard case .success(let c) = Arithmetic.sum(rest, against: stated), c.status != .fail else { return nil }
    let names = marked.map { "'\(items[$0].label)'" }.joined(separator: ", ")
    return "\(names): a breakdown of another share (waarvan); without it the shares add up"
  }

  /// Whether the column is read as a partition, and why not when it is not.
  static func isPartition(_ view: TableView, column c: Int, settings: ReconcileSettings) -> Bool {
    let header = view.columnKey(c)
    let context = header + " " + view.contextKey
    if settings.rateWords.contains(where: { context.contains($0) }) { return false }
    if settings.partitionWords.contains(where: { context.contains($0) }) { return true }
    // A total row that leaves the column blank says nothing about its shares (a column of odds
    // beside amounts that are totalled).
    return view.dataRows.contains { view.rows[$0].role == .total && view.operand($0, c) != nil }
  }

  /// Brackets of one measure ("Tussen de 0 en 2 maanden", "Tussen de 2 en 3 maanden", "3 maanden
  /// en langer"): every label holds a number and a content word shared by all of them, and the
  /// shares add up to within `bracket_partition_slack` points of 100 (per-row rates of brackets
  /// rarely come that close).
  static func isBracketPartition(_ view: TableView, column c: Int, items: [Int], settings: ReconcileSettings) -> Bool {
    guard settings.bracketPartitionSlack > 0, items.count >= 2 else { return false }
    let header = view.columnKey(c) + " " + view.contextKey
    if settings.rateWords.contains(where: { header.contains($0) }) { return false }
    var shared: Set<String>?
    for r in items {
      guard view.rowTokens[r].contains(where: { $0.allSatisfy(\.isNumber) }) else { return false }
      let words = Set(view.contentWords(r))
      shared = shared.map { $0.intersection(words) } ?? words
    }
    guard let shared, !shared.isEmpty else { return false }
    var total = ExactDecimal.zero
    for r in items {
      guard let n = view.rows[r].cells.indices.contains(c) ? view.rows[r].cells[c].number : nil,
        let t = total.adding(n.value)
      else { return false }
      total = t
    }
    guard let gap = total.subtracting(ExactDecimal(100)) else { return false }
    return gap.magnitude <= ExactDecimal(settings.bracketPartitionSlack)
  }

  /// The column's checks: one per block closed by a total row printing a share (the items above
  /// it since the previous total row, or those below it up to the next when the total is printed
  /// first and only they add up), or one against 100 % when no total row prints a share.
  /// `carried`: the shares of the table's part before a repeated header row, which belong to the
  /// first block.
  private func check(_ view: TableView, column c: Int, carried: [Operand] = []) -> [Pending] {
    let totalRows = Self.totalRows(view, column: c)
    let itemRows = Self.itemRows(view).filter { !totalRows.contains($0) }
    guard Self.isPartition(view, column: c, settings: settings)
      || Self.isBracketPartition(view, column: c, items: itemRows, settings: settings)
    else { return [] }
    guard itemRows.count + carried.count >= 2 else { return [] }
    // Fewer than two printed shares is no breakdown ("Kostendekkendheid 99,0 %" under rows of
    // amounts), unless empty shares are to be reported (`missing_items: non_null`).
    guard settings.missingItems == .nonNull
      || itemRows.count(where: { view.operand($0, c) != nil }) + carried.count >= 2
    else { return [] }
    // A total row stating more than 100 % makes the column rates ("% tijdig" 141 %), not shares.
    let hundred = ExactDecimal(100)
    if totalRows.contains(where: { (view.operand($0, c)?.value ?? .zero) > hundred }) { return [] }
    guard !totalRows.isEmpty else {
      let stated = Operand(value: hundred, decimals: 0, isExact: true, label: "100 %", raw: "100 %")
      return block(view, column: c, rows: itemRows, total: nil, stated: stated, carried: carried).map { [$0] } ?? []
    }
    var out: [Pending] = []
    for (k, t) in totalRows.enumerated() {
      guard let stated = view.operand(t, c) else { continue }
      let previous = k > 0 ? totalRows[k - 1] : -1
      let next = k + 1 < totalRows.count ? totalRows[k + 1] : Int.max
      // A total row closes the items above it; items below it belong to a later block (a
      // balance sheet's second side, the next group), unless the total is printed first.
      let above = itemRows.filter { $0 > previous && $0 < t }
      let below = itemRows.filter { $0 > t && $0 < next }
      let extra = k == 0 ? carried : []
      func adds(_ rows: [Int], _ extra: [Operand] = []) -> Bool {
        guard rows.count + extra.count >= 2, case .items(let items, _) = view.collect(rows.map { ($0, c) }),
          case .success(let cmp) = Arithmetic.sum(extra + items, against: stated)
        else { return false }
        return cmp.status != .fail
      }
      let rows: [Int]
      var withCarried = false
      if !extra.isEmpty, !above.isEmpty, adds(above, extra) || !adds(below) {
        (rows, withCarried) = (above, true)
      } else if above.count >= 2 && (adds(above) || !adds(below)) {
        rows = above
      } else if below.count >= 2 && (k + 1 == totalRows.count || adds(below)) {
        rows = below
      } else if totalRows.count == 1 {
        rows = itemRows
      } else {
        continue
      }
      if let p = block(view, column: c, rows: rows, total: t, stated: stated, carried: withCarried ? extra : []) {
        out.append(p)
      }
    }
    return out
  }

  /// One block's shares against its whole (the total row's share, or 100 %).
  private func block(
    _ view: TableView, column c: Int, rows: [Int], total: Int?, stated: Operand, carried: [Operand] = []
  ) -> Pending? {
    let columnName = view.columnPath(c).joined(separator: " / ")
    let against = total == nil ? "against 100 %" : "against the total row"
    let what = "shares in column '\(columnName)' (\(against))"
    var base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(rows[0]),
      row: total.map { view.rowPath($0) } ?? [], column: view.columnPath(c), message: "")
    // The words that name the column a partition.
    var labels: [String] = []
    let header = view.columnKey(c)
    if let word = settings.partitionWords.first(where: { (header + " " + view.contextKey).contains($0) }) {
      labels.append("partition word '\(word)'")
    }
    if total != nil { labels.append("a total row") }
    switch view.collect(rows.map { ($0, c) }) {
    case .skip(let reason):
      base.message = "\(what): \(reason)"
      base.cells = rows.map { view.cellReference($0, c) }
      return Pending(base: base, what: what, labels: labels, outcome: .report)
    case .items(let printed, let empty):
      let items = carried + printed
      // A share larger than its whole makes the column per-row rates ("kostendek." 84 %, 92 %,
      // 100 % over a total row of 72 %), not a breakdown of the total row.
      // So does a share above 100 % against 100 ("solvabiliteit 206,7 %").
      if !items.contains(where: { $0.value.isNegative }), items.contains(where: { $0.value > stated.value }) {
        return nil
      }
      // Amounts under a header that names percentages ("1,0 % - 1,1 %"): no figure carries a %
      // sign and one exceeds 100, so they are no shares.
      let hundred = ExactDecimal(100)
      if rows.allSatisfy({ !(view.rows[$0].cells.indices.contains(c) && view.rows[$0].cells[c].number?.isPercent == true) }),
        items.contains(where: { $0.value.magnitude > hundred })
      {
        return nil
      }
      let status: CheckStatus
      switch Arithmetic.sum(items, against: stated) {
      case .success(let cmp): status = cmp.status
      case .failure: status = .skipped
      }
      return Pending(base: base, what: what, labels: labels, outcome: .sum(items: items, stated: stated, empty: empty, status: status))
    }
  }
}
