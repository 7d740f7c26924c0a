import TallyCore

/// The roll-up of a code hierarchy inside one table (see `CodeHierarchy`): a parent code's row
/// equals, in every amount column, the sum of its children's rows.
///
/// Evidence: the codes themselves (the report states the hierarchy), and the parent's other
/// columns: the same rows adding up there corroborate a failure. Failing in every column it was
/// tried, each by another amount, the rows are probably not its items (info); by one amount
/// everywhere, a row seems to be missing (said so). A total among the items or items that are
/// no items (`NonItems`) explain a failure as well.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "roll-up of <child codes> into
/// <parent code> inside the table at '<row>' × '<column>'"; a failure ends with "[evidence: …]".
extension RollupRule {
  func evaluateInTable(_ document: NormalizedDocument, into context: inout RuleContext) {
    for view in context.views {
      let open = RowTotalRule.openAtTop(view, document: document)
      let rollups = CodeHierarchy.rollups(view)
      guard !rollups.isEmpty else { continue }
      // Tables printed side by side (activa | passiva) carry a label column after figure
      // columns: a row's code names the figures of the first side only.
      let firstFigure = view.figureColumns.first ?? 0
      let secondSide = view.columns.indices.first { $0 > firstFigure && Self.holdsLabels(view, column: $0) } ?? view.columns.count
      let columns = amountColumns(view).filter { !view.isNonAdditiveColumn($0) && $0 < secondSide }
      let allSums = rollups.map { rollup in columns.map { inTableSum(view, rollup: rollup, column: $0) } }
      // Whether the hierarchy is seen at work anywhere in the table: section numbers with page
      // numbers (a table of contents) look like codes, but none of them adds up.
      let seenAtWork = allSums.contains { $0.contains { $0?.holds ?? false } }
      for (rollup, sums) in zip(rollups, allSums) {
        for (position, sum) in sums.enumerated() {
          guard var sum else { continue }
          if sum.status == .fail {
            let others = sums.indices.filter { $0 != position }.compactMap { sums[$0] }
            var evidence = inTableEvidence(view, rollup: rollup, sum: sum, others: others)
            // The table continues from the previous page and the parent's run reaches its top:
            // its first children may be printed there.
            if evidence.alternative == nil, open, rollup.below, RowTotalRule.isOpenAbove(view, row: rollup.items[0]) {
              evidence.alternative = "the table seems continued from the previous page: the parent's first items may be there"
            }
            if evidence.alternative == nil, !seenAtWork {
              evidence.alternative = "no roll-up of the table's codes holds anywhere: they are probably no hierarchy of amounts"
            }
            // The codes state the relation and the table shows it at work: a failure not
            // contradicted by another column keeps the kind's severity, also when no single edit
            // explains its gap.
            if evidence.alternative == nil, evidence.failsElsewhere == 0 {
              sum.base.severity = settings.kind(Self.kind).severity
            }
            sum.base.evidence = evidence
          }
          context.reportSum(sum.base, what: sum.what, items: sum.items, stated: sum.stated, emptyItems: sum.empty)
        }
      }
    }
  }

  /// A label column, or a column after the figures whose filled cells are mostly text: the
  /// labels of a second table printed beside the first.
  static func holdsLabels(_ view: TableView, column c: Int) -> Bool {
    if view.columns[c].isLabel { return true }
    var text = 0
    var figures = 0
    for r in view.rows.indices where view.rows[r].kind != .header && view.rows[r].cells.indices.contains(c) {
      switch view.rows[r].cells[c].content {
      case .text: text += 1
      case .number, .malformed: figures += 1
      case .empty: break
      }
    }
    return text >= 2 && text > figures
  }

  struct InTableSum {
    var base: Check
    var what: String
    var items: [Operand]
    var stated: Operand
    var empty: Int
    var status: CheckStatus
    var holds: Bool { (status == .pass || status == .passWithinRounding) && !stated.value.isZero }
  }

  private func inTableSum(_ view: TableView, rollup: CodeHierarchy.Rollup, column c: Int) -> InTableSum? {
    let p = rollup.parent
    guard case .number(var stated) = view.value(p, c) else { return nil }
    let parentCode = CodeHierarchy.code(view.rows[p].label) ?? ""
    stated.label = view.rows[p].label
    // Percent cells in an amount column are no items of its sum.
    // A row without code repeating a figure printed above it in the column carries a figure
    // over (a page transport), it adds nothing.
    let rows = rollup.items.filter { r in
      guard let n = view.rows[r].cells.indices.contains(c) ? view.rows[r].cells[c].number : nil else { return true }
      if n.isPercent { return false }
      guard CodeHierarchy.code(view.rows[r].label) == nil, !n.value.isZero else { return true }
      return !(0..<r).contains { k in view.rows[k].cells.indices.contains(c) && view.rows[k].cells[c].number?.value == n.value }
    }
    guard case .items(let items, let empty) = view.collect(rows.map { ($0, c) }), items.count >= 2 else { return nil }
    let childCodes = rows.compactMap { CodeHierarchy.code(view.rows[$0].label) }
    let what = "roll-up of \(childCodes.joined(separator: ", ")) into \(parentCode) inside the table at \(view.place(p, c))"
    let base = Check(
      kind: Self.kind, status: .skipped, table: view.table, page: view.page(p), row: view.rowPath(p),
      column: view.columnPath(c), message: "")
    guard case .success(let cmp) = Arithmetic.sum(items, against: stated) else { return nil }
    return InTableSum(base: base, what: what, items: items, stated: stated, empty: empty, status: cmp.status)
  }

  private func inTableEvidence(_ view: TableView, rollup: CodeHierarchy.Rollup, sum: InTableSum, others: [InTableSum])
    -> Evidence
  {
    let parentCode = CodeHierarchy.code(view.rows[rollup.parent].label) ?? ""
    var evidence = Evidence(labels: ["code hierarchy: \(parentCode) over its sub-codes"])
    var gaps = [Arithmetic.total(sum.items).flatMap { $0.value.subtracting(sum.stated.value) }]
    for other in others {
      if other.holds {
        evidence.holdsElsewhere += 1
      } else if other.status == .fail {
        evidence.failsElsewhere += 1
        gaps.append(Arithmetic.total(other.items).flatMap { $0.value.subtracting(other.stated.value) })
      }
    }
    if let inner = RowTotalRule.totalsAmongItems(sum.items, stated: sum.stated) {
      let names = inner.map { "'\(sum.items[$0].label)'" }.joined(separator: ", ")
      evidence.alternative = "\(names) already total items next to them; without them the items add up"
    } else if let (marked, reason) = NonItems.reading(sum.items, stated: sum.stated, waarvanWords: view.settings.waarvanWords) {
      let names = marked.map { "'\(sum.items[$0].label)'" }.joined(separator: ", ")
      evidence.alternative = "\(names) \(marked.count == 1 ? "is" : "are each") \(reason): without them the items add up"
    } else if let (raw, marker) = NonItems.markerReading(sum.items, stated: sum.stated) {
      evidence.alternative = "'\(raw)' reads as note \(marker) printed before a figure: without the marker it adds up"
    } else if evidence.holdsElsewhere == 0, evidence.failsElsewhere > 0 {
      let known = gaps.compactMap { $0 }
      let stated = [sum.stated.value] + others.filter { $0.status == .fail }.map(\.stated.value)
      // Short by less than a tenth of a positive parent in every column: one row of several left out.
      let slightlyShort = known.count == gaps.count && zip(known, stated).allSatisfy { gap, whole in
        gap.isNegative && !whole.isNegative
          && (gap.magnitude.multiplied(by: ExactDecimal(10)).map { $0 < whole } ?? false)
      }
      RowTotalRule.readGaps(gaps, slightlyShort: slightlyShort, whole: "parent", into: &evidence)
    }
    return evidence
  }
}
