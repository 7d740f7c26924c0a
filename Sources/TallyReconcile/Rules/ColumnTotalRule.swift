import TallyCore

/// **column_total**: in every data row, a total column equals the sum of its item columns.
///
/// Inference: a total column is a figure column with role total or subtotal. Its items are the
/// figure columns with role item that share its spanning header (same header path above the last
/// level) when it is the only total column under that header; otherwise the item columns (under
/// the same spanning header, if any) between the previous total column and it
/// (or those to its right up to the next total column, when there are none on the left or the
/// ones on the right add up in more rows: each group's total printed before its items). Percent
/// columns and columns of another unit are left out, and at least two item columns are required
/// (a lone item next to a "total" is more often a different measure than a sum). Empty items
/// follow `missing_items`.
///
/// Columns whose header names a figure that does not add up (`non_additive_words`) are neither
/// totals nor items.
///
/// Evidence (see `Evidence`): the total column's header (its role comes from a total word) and
/// the other rows: the same columns adding up in another row corroborate a failure; failing in
/// every row or most rows, each by another amount, says the columns are no sum (not reported).
/// Before a failure a figure opening with a footnote marker is read without it (`AlternativeReading`),
/// one figure printed in two neighbouring item columns is counted once (a spanning cell read into
/// both), the product of two items is tried (quantity × price = amount), and items that are no
/// items (`NonItems`: a Waarvan column, a year). A row printing years as its total and among its
/// items is a header row of years, not checked.
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
        // Every row first: the same columns adding up in other rows is the evidence.
        let pending = view.dataRows.compactMap { check(view, row: $0, total: total, items: items) }
        var gaps: [ExactDecimal?] = []
        var holds = 0
        for p in pending {
          guard case .sum(let operands, _, let stated, let status) = p.outcome else { continue }
          if (status == .pass || status == .passWithinRounding) && !stated.value.isZero {
            holds += 1
          } else if status == .fail {
            gaps.append(Arithmetic.total(operands).flatMap { $0.value.subtracting(stated.value) })
          }
        }
        let known = gaps.compactMap { $0 }
        let alike = known.count == gaps.count && !known.contains { $0 != known.first }
        let misread = Self.misreadSegments(view, pending, holds: holds)
        for var p in pending {
          switch p.outcome {
          case .report:
            context.report(p.base)
          case .sum(let operands, let empty, let stated, let status):
            if status == .fail {
              var evidence = Evidence()
              if view.columns[total].role != .item { evidence.labels.append("header '\(view.columnPath(total).last ?? "")'") }
              evidence.holdsElsewhere = holds
              evidence.failsElsewhere = gaps.count - 1
              if let reading = AlternativeReading.sum(operands, stated: stated) {
                evidence.alternative = reading
              } else if let twice = Self.printedTwice(operands, stated: stated) {
                evidence.alternative = twice
              } else if let product = Self.product(operands, stated: stated) {
                evidence.alternative = product
              } else if let (marked, reason) = NonItems.reading(operands, stated: stated, waarvanWords: settings.waarvanWords) {
                evidence.alternative = "\(marked.map { "'\(operands[$0].label)'" }.joined(separator: ", ")): \(reason); without it the items add up"
              } else if let heading = misread[p.row] {
                evidence.alternative = "every row under '\(heading)' fails, each by another amount, while rows above it add up: those rows are probably another table's"
              } else if holds < gaps.count - 1, gaps.count > 1, !alike {
                evidence.alternative = "it fails in \(holds == 0 ? "every row" : "most rows"), each by another amount: these columns are probably not its items"
              }
              p.base.evidence = evidence
              p.base.elsewhere = "row"
            }
            context.reportSum(p.base, what: p.what, items: operands, stated: stated, emptyItems: empty)
          }
        }
      }
    }
  }

  /// One row's check before it is reported.
  struct Pending {
    var row: Int
    var base: Check
    var what: String
    var outcome: Outcome
  }

  enum Outcome {
    /// Reported as it is (skipped, malformed total).
    case report
    case sum(items: [Operand], empty: Int, stated: Operand, status: CheckStatus)
  }

  /// The failing rows of segments (data rows between rows without figures: a heading, a header
  /// printed again) where the total fails in at least two rows, each by another amount, and holds
  /// in none, while it holds elsewhere in the table: a second table read into this one under its
  /// own header. Maps each such row to the label (or first text) of the row opening its segment.
  static func misreadSegments(_ view: TableView, _ pending: [Pending], holds: Int) -> [Int: String] {
    guard holds > 0 else { return [:] }
    // The nearest row above each data row that is no data row with figures.
    var opener: [Int: Int] = [:]
    var last: Int?
    for k in view.rows.indices {
      if view.rows[k].kind != .data || !view.hasFigure(k) { last = k } else if let last { opener[k] = last }
    }
    var segments: [Int: (holds: Int, gaps: [ExactDecimal?], rows: [Int])] = [:]
    for p in pending {
      guard let o = opener[p.row], case .sum(let operands, _, let stated, let status) = p.outcome else { continue }
      var s = segments[o] ?? (0, [], [])
      if (status == .pass || status == .passWithinRounding) && !stated.value.isZero {
        s.holds += 1
      } else if status == .fail {
        s.gaps.append(Arithmetic.total(operands).flatMap { $0.value.subtracting(stated.value) })
        s.rows.append(p.row)
      }
      segments[o] = s
    }
    var out: [Int: String] = [:]
    for (o, s) in segments where s.holds == 0 && s.gaps.count >= 2 && holds > 0 {
      let known = s.gaps.compactMap { $0 }
      guard known.count < s.gaps.count || known.contains(where: { $0 != known[0] }) else { continue }
      let text = view.rows[o].label.isEmpty ? (view.rows[o].cells.first { !$0.raw.isEmpty }?.raw ?? "") : view.rows[o].label
      for r in s.rows { out[r] = text }
    }
    return out
  }

  /// "a product: 12 × 3,50 = 42" when the two items multiply to the stated figure (within the
  /// rounding of all three), else nil.
  static func product(_ items: [Operand], stated: Operand) -> String? {
    guard items.count == 2, let a = items[0].interval, let b = items[1].interval, let ab = Arithmetic.product(a, b),
      let s = stated.interval, ab.overlaps(s)
    else { return nil }
    return "the total column is the product of the two (\(items[0].raw) × \(items[1].raw)), not their sum"
  }

  /// Two neighbouring items printing the same text, when without one of them the items add up:
  /// one cell spanning two columns was read into both.
  static func printedTwice(_ items: [Operand], stated: Operand) -> String? {
    for k in items.indices.dropFirst() where items[k].raw == items[k - 1].raw && !items[k].value.isZero {
      var rest = items
      rest.remove(at: k)
      guard case .success(let c) = Arithmetic.sum(rest, against: stated), c.status != .fail else { continue }
      return "'\(items[k].raw)' is printed in two neighbouring columns (one cell read into both); counted once the items add up"
    }
    return nil
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
    // A column the arithmetic shows to be a ratio of two others is no item of a sum.
    let ratios = view.ratioColumns
    var out: [(Int, [Int])] = []
    for t in figure where columns[t].role != .item && !view.isNonAdditiveColumn(t) {
      var items: [Int] = []
      let path = columns[t].path
      let prefix = Array(path.dropLast())
      func under(_ c: Int) -> Bool { Array(columns[c].path.prefix(prefix.count)) == prefix && columns[c].path.count > prefix.count }
      // Under one spanning header with one total column, the total covers the header's items;
      // with several ("Totaal baten" and "Totaal lasten" under "Exploitatie"), each covers only
      // its own group, found as without a spanning header.
      let spanning = path.count >= 2 && figure.filter { columns[$0].role != .item && under($0) }.count == 1
      if spanning {
        items = figure.filter { columns[$0].role == .item && under($0) }
      } else {
        var left: [Int] = []
        var right: [Int] = []
        let position = figure.firstIndex(of: t) ?? 0
        var i = position - 1
        while i >= 0, columns[figure[i]].role == .item, path.count < 2 || under(figure[i]) {
          left.insert(figure[i], at: 0)
          i -= 1
        }
        // A column stating a difference (Resultaat, Saldo) closes a group printed total first.
        let differences = Set(ResultRule.resultColumns(view, words: view.settings.differenceWords))
        i = position + 1
        while i < figure.count, columns[figure[i]].role == .item, !differences.contains(figure[i]),
          path.count < 2 || under(figure[i])
        {
          right.append(figure[i])
          i += 1
        }
        left = left.filter { compatible($0, t) && !view.isNonAdditiveColumn($0) }
        right = right.filter { compatible($0, t) && !view.isNonAdditiveColumn($0) }
        // The items on the left, unless there are none, or the items on the right add up to the
        // total in more rows (each group's total printed before its items: "Totaal baten | … |
        // Totaal lasten | …").
        if left.isEmpty {
          items = right
        } else if left.count >= 2, right.count >= 2,
          holdingRows(view, total: t, items: right) > holdingRows(view, total: t, items: left)
        {
          items = right
        } else {
          items = left
        }
      }
      items = items.filter { compatible($0, t) && !view.isNonAdditiveColumn($0) && !ratios.contains($0) }
      if items.count >= 2 { out.append((t, items)) }
    }
    return out
  }

  /// The rows in which `items` add up to the total column `t` (exactly or within rounding, a
  /// figure other than zero).
  static func holdingRows(_ view: TableView, total t: Int, items: [Int]) -> Int {
    view.dataRows.filter { r in
      guard case .number(let stated) = view.value(r, t), !stated.value.isZero,
        case .items(let operands, _) = view.collect(items.map { (r, $0) }), operands.count >= 2,
        case .success(let cmp) = Arithmetic.sum(operands, against: stated)
      else { return false }
      return cmp.status != .fail
    }.count
  }

  private func check(_ view: TableView, row r: Int, total t: Int, items: [Int]) -> Pending? {
    let what = "column total '\(view.columnPath(t).joined(separator: " / "))' in row '\(view.rows[r].label)'"
    var base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(r), row: view.rowPath(r),
      column: view.columnPath(t), message: "")
    let stated: Operand
    switch view.value(r, t) {
    case .number(let o): stated = o
    case .empty, .text: return nil
    case .malformed(let reason):
      base.cells = [view.cellReference(r, t)]
      base.message = "\(what): the total is malformed (\(reason))"
      return Pending(row: r, base: base, what: what, outcome: .report)
    }
    switch view.collect(items.map { (r, $0) }) {
    case .skip(let reason):
      base.cells = [view.cellReference(r, t)]
      base.message = "\(what): \(reason)"
      return Pending(row: r, base: base, what: what, outcome: .report)
    case .items(let operands, let empty):
      // One printed item against the total compares a figure with itself: no check.
      guard operands.count >= 2 else { return nil }
      // Years in the total and among the items: a header row of years read as figures.
      if NonItems.isBareYear(stated.raw), operands.contains(where: { NonItems.isBareYear($0.raw) }) { return nil }
      let labelled = zip(items, operands).map { c, o -> Operand in
        var o = o
        o.label = view.columnPath(c).last ?? o.label
        return o
      }
      let chosen = empty == 0 ? labelled : operands
      let status: CheckStatus
      switch Arithmetic.sum(chosen, against: stated) {
      case .success(let cmp): status = cmp.status
      case .failure: status = .skipped
      }
      return Pending(row: r, base: base, what: what, outcome: .sum(items: chosen, empty: empty, stated: stated, status: status))
    }
  }
}
