import TallyCore

/// How `RowTotalRule` reads a table into blocks: which item rows each total or subtotal closes,
/// and the rows a heading or an inner run adds. Kept apart from the checks, which only consume blocks.
extension RowTotalRule {
  static func blocks(_ view: TableView) -> [Block] {
    var out: [Block] = []
    var sinceGroup: [Int] = []
    var sinceTotal: [Int] = []
    var subtotals: [Int] = []
    var subtotalItems: [Int: [Int]] = [:]
    var sinceBoundary: [Int] = []
    // Items since the previous labelled subtotal or total, across group headings.
    var sinceSubtotal: [Int] = []
    // Items since the previous group, labelled subtotal or total, across unlabelled subtotals.
    var sinceLabelled: [Int] = []
    var lastTotal = -1
    let rows = view.rows
    let breakdownRows = Self.waarvanRuns(view)
    for r in rows.indices {
      let row = rows[r]
      // An item printing text where its figures go ("n.v.t.") is no heading: it ends no group.
      if row.kind == .group, Self.printsTextFigure(view, r) { continue }
      if row.kind == .group || row.kind == .header {
        sinceGroup = []
        sinceBoundary = []
        sinceLabelled = []
        continue
      }
      guard row.kind == .data else { continue }
      switch row.role {
      case .carried:
        // A running sum carried over a page break repeats items already counted.
        continue
      case .item:
        guard !view.isBreakdown(r), !view.isAverageRow(r), view.hasFigure(r), !breakdownRows.contains(r) else { continue }
        sinceGroup.append(r)
        sinceTotal.append(r)
        sinceBoundary.append(r)
        sinceSubtotal.append(r)
        sinceLabelled.append(r)
      case .subtotal:
        // A labelled subtotal over grouped rows ("P5 ... | Subtotaal incidenteel") may close every
        // item since the previous subtotal: taken only when that adds up.
        // A labelled one prefers the items since the last group or labelled boundary (an
        // unlabelled row between may be no sum).
        var candidates: [[Int]] = []
        for run in row.label.isEmpty ? [sinceBoundary] : [sinceLabelled, sinceBoundary, sinceSubtotal]
        where !run.isEmpty && !candidates.contains(run) {
          candidates.append(run)
        }
        if !row.label.isEmpty, let found = Self.headingBlocks(view, total: r, candidates: candidates) {
          // A heading copying this subtotal is no item of it, nor of the total above both.
          out += found.blocks
          sinceTotal.removeAll { $0 == found.heading }
          sinceBoundary.removeAll { $0 == found.heading }
        } else if !candidates.isEmpty {
          out.append(Block(total: r, candidates: candidates, subtotals: []))
        }
        subtotals.append(r)
        subtotalItems[r] = sinceBoundary
        sinceBoundary = []
        // A presumed (unlabelled) subtotal may be no sum at all: it does not end these runs.
        if !row.label.isEmpty {
          sinceSubtotal = []
          sinceLabelled = []
        }
      case .total:
        if let heading = Self.namedHeading(view, total: r, after: lastTotal) {
          // "Secretarieleges" (a heading) ... "Totaal secretarieleges": the total closes the rows
          // under its heading only; when none prints a figure there is nothing to check.
          let named = sinceTotal.filter { $0 > heading }
          if !named.isEmpty { out.append(Block(total: r, candidates: [named], subtotals: [])) }
        } else if !sinceTotal.isEmpty {
          // Preferred: the group's items, or every item since the last total when subtotals or
          // no group split them; the others are taken only when they add up.
          let preferred = sinceGroup.isEmpty || !subtotals.isEmpty ? sinceTotal : sinceGroup
          var candidates = [preferred]
          // Also, taken only when they add up: the items under the total's own group label (a
          // label column naming Baten and Lasten beside their rows), and the labelled subtotals
          // alone (a total of subtotals whose items cannot all be read).
          let group = view.groupLabel(r)
          let sameGroup = group.isEmpty ? [] : sinceTotal.filter { view.groupLabel($0) == group }
          let labelled = subtotals.filter { !rows[$0].label.isEmpty }
          for other in [sinceTotal, sinceGroup, sinceBoundary, sameGroup, labelled.count >= 2 ? labelled : []]
          where !other.isEmpty && !candidates.contains(other) {
            candidates.append(other)
          }
          // A heading above the items printing this total's figures is a copy, not an item.
          out +=
            Self.headingBlocks(view, total: r, candidates: candidates, subtotals: subtotals, subtotalItems: subtotalItems)?
            .blocks ?? [Block(total: r, candidates: candidates, subtotals: subtotals, subtotalItems: subtotalItems)]
        } else {
          // A total printed above its items.
          var below: [Int] = []
          var i = r + 1
          while i < rows.count {
            let next = rows[i]
            let textItem = next.kind != .data && next.kind != .header && Self.printsTextFigure(view, i)
            if !textItem && (next.kind == .group || next.kind == .header || (next.kind == .data && next.role != .item)) {
              break
            }
            if next.kind == .data && !view.isBreakdown(i) && !view.isAverageRow(i) && view.hasFigure(i) { below.append(i) }
            i += 1
          }
          if !below.isEmpty { out.append(Block(total: r, candidates: [below], subtotals: [])) }
        }
        lastTotal = r
        sinceGroup = []
        sinceTotal = []
        sinceBoundary = []
        sinceSubtotal = []
        sinceLabelled = []
        subtotals = []
        subtotalItems = [:]
      }
    }
    return out
  }

  /// Rows that break down the item above them without a Waarvan marker row: a row opening with
  /// a `waarvan_words` entry ("w.v. subsidies"), and the rows after it that complete the
  /// breakdown ("overige") when together they sum to that item in a figure column.
  static func waarvanRuns(_ view: TableView) -> Set<Int> {
    var out = Set<Int>()
    let data = view.dataRows
    for (i, w) in data.enumerated() where !out.contains(w) && opensWithWaarvan(view, w) {
      out.insert(w)
      guard let p = data[..<i].last(where: { !out.contains($0) }) else { continue }
      // The first column in which both the item and the breakdown print a figure decides.
      guard let c = view.figureColumns.first(where: { view.isNumber(p, $0) && view.isNumber(w, $0) }),
        case .number(let whole) = view.value(p, c)
      else { continue }
      var parts: [Operand] = []
      var run: [Int] = []
      // Rows right below one another, adding up exactly (a near miss is a coincidence).
      for k in data[i...].prefix(6) where run.isEmpty || k == run[run.count - 1] + 1 {
        guard let o = view.operand(k, c) else { break }
        parts.append(o)
        run.append(k)
        if parts.count >= 2, case .success(let cmp) = Arithmetic.sum(parts, against: whole), cmp.status == .pass {
          out.formUnion(run)
          break
        }
      }
    }
    return out
  }

  /// A row without figures that prints something in a figure column ("Kortverblijf | n.v.t.",
  /// "| -"): an item whose figure is not available, not a heading (a heading leaves those cells
  /// blank).
  static func printsTextFigure(_ view: TableView, _ r: Int) -> Bool {
    view.figureColumns.contains { c in
      guard view.rows[r].cells.indices.contains(c) else { return false }
      let cell = view.rows[r].cells[c]
      switch cell.content {
      case .number, .malformed: return false
      case .empty, .text:
        return !cell.raw.allSatisfy(\.isWhitespace) && !MalformedNumberRule.isSpreadsheetError(cell.raw)
      }
    }
  }

  /// A row whose label opens with a `waarvan_words` entry ("waarvan tijdelijke contracten"): a
  /// breakdown of the item above, printed as a row of its own, never an item.
  static func opensWithWaarvan(_ view: TableView, _ r: Int) -> Bool {
    // Matched on the key, not the tokens: "w.v." is one word of the setting but two tokens.
    let key = view.rows[r].key
    return view.settings.waarvanWords.contains { word in
      key == word || key.hasPrefix(word + " ") || (word.hasSuffix(".") && key.hasPrefix(word))
    }
  }

  /// The row without figures (a heading or note) since the previous total whose content words are
  /// exactly the total's own ("Secretarieleges" for "Totaal secretarieleges"), nearest first.
  static func namedHeading(_ view: TableView, total r: Int, after lastTotal: Int) -> Int? {
    let words = view.contentWords(r)
    guard !words.isEmpty else { return nil }
    var k = r - 1
    while k > lastTotal {
      if view.rows[k].kind != .data, view.contentWords(k) == words { return k }
      k -= 1
    }
    return nil
  }

  /// The figures of a column that are neither the total nor one of its items.
  static func extraRows(_ view: TableView, total r: Int, column c: Int, items: [Operand]) -> [Operand] {
    let itemRefs = Set(items.compactMap(\.ref?.row))
    return view.dataRows.filter { $0 != r && !itemRefs.contains(view.rowPath($0)) }
      .compactMap { view.operand($0, c) }
  }

  /// A subtotal printed one column right of its items ("R.C. 4.370 | passiva 267" in an inner
  /// column, the unlabelled 4.637 in the outer one, as balance sheets print them): the trailing
  /// items that leave column `c` empty but fill the nearest figure column to its left, which the
  /// subtotal row itself leaves empty. Nil when the layout is not that.
  static func innerRun(_ view: TableView, subtotal s: Int, items: [Int], column c: Int) -> (rows: [Int], column: Int)? {
    guard let position = view.figureColumns.firstIndex(of: c), position > 0 else { return nil }
    let inner = view.figureColumns[position - 1]
    guard !view.isPercentColumn(inner), case .empty = view.value(s, inner) else { return nil }
    var run: [Int] = []
    for i in items.reversed() {
      guard case .empty = view.value(i, c), view.isNumber(i, inner) else { break }
      run.append(i)
    }
    return run.isEmpty ? nil : (run.reversed(), inner)
  }

  /// The blocks with a code hierarchy inside the table taken into account: a parent code's row
  /// is checked by the roll-up (no block of its own), and rows a parent code sums are no items of
  /// a candidate run that holds that parent too (they would be counted twice).
  static func withCodeHierarchy(_ blocks: [Block], view: TableView) -> [Block] {
    let rollups = CodeHierarchy.rollups(view)
    guard !rollups.isEmpty else { return blocks }
    let parents = Set(rollups.map(\.parent))
    return blocks.filter { !parents.contains($0.total) }.map { block in
      var block = block
      block.candidates = block.candidates.map { run in
        let inRun = Set(run)
        let covered = Set(rollups.filter { inRun.contains($0.parent) }.flatMap(\.items))
        return run.filter { !covered.contains($0) }
      }
      return block
    }
  }
}
