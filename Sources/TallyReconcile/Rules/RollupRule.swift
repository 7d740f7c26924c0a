import TallyCore

/// **rollup**: in a budget document's code hierarchy (SD, then OD or PO, then AC), each table
/// equals, cell by cell, the sum of the tables one level below it.
///
/// Inference: tables with budget codes are grouped by shape (the keys of their amount columns), so
/// budget tables roll up into budget tables and staff tables into staff tables. A table's children
/// are the same-shaped tables whose code path extends its own by one code. A table without its own
/// code (an action whose heading was lost) belongs to the plan above it: a later same-shaped table
/// with the same code path as an earlier one, or a codeless table after a coded one, is a child of
/// that plan. Only amount columns are compared, never percentage columns (% besteding, t.o.v.).
/// Rows are paired by position when both tables have as many rows, else by label. Children that
/// leave a cell empty follow `missing_items`. A parent one of whose children (a code one level
/// down, or a codeless action) has amount tables but none of the parent's shape is not summed:
/// each of its cells is skipped, naming the children missing (an incomplete sum is no evidence).
/// So is a parent with a coded child whose table has no amount column at all but prints one of
/// the parent's row labels (its columns were merged by a header band that swallowed a line of text).
///
/// Inside one table, a code hierarchy rolls up as well (`CodeHierarchy`, `evaluateInTable`): a
/// row "OD32" equals the sum of the rows "OD32.1" … "OD32.6" printed below or above it.
///
/// Message templates: see `RuleContext.reportSum`, with "<what>" = "roll-up of <child codes> into
/// <parent code> at '<row>' × '<column>'"; skipped: "<what>: <reason>", or "roll-up into <parent
/// code> at '<row>' × '<column>': <children> have no table with the same columns; the sum would be
/// incomplete".
struct RollupRule: ReconciliationRule {
  static let kind = RuleKind.rollup
  let settings: ReconcileSettings

  init(settings: ReconcileSettings) { self.settings = settings }

  struct Node {
    var table: Int
    var codes: [String]
    /// A table that sits under `codes` without a code of its own.
    var isCodeless: Bool
  }

  func evaluate(_ document: NormalizedDocument, into context: inout RuleContext) {
    evaluateInTable(document, into: &context)
    let views = context.views
    var byShape: [String: [Node]] = [:]
    var shapes: [String] = []
    let depth = document.tables.map(\.codes.count).max() ?? 0
    guard depth >= 2 else { return }
    var lastCoded: [String: [String]] = [:]
    // Per shape, the code paths of its coded (not codeless) tables.
    var codedPaths: [String: Set<[String]>] = [:]
    let amounts = views.map { amountColumns($0) }
    for (i, table) in document.tables.enumerated() {
      let shape = amounts[i].map { views[i].columnKey($0) }.joined(separator: "|")
      guard !shape.isEmpty else { continue }
      // A blank code is no code: such a table is placed like a codeless one.
      var codes = table.codes.map(\.code).filter { !$0.isEmpty }
      var codeless = false
      if codes.isEmpty {
        guard let previous = lastCoded[shape] else { continue }
        codes = previous.count == depth ? Array(previous.dropLast()) : previous
        codeless = true
      } else if codedPaths[shape]?.contains(codes) == true {
        codeless = true
      }
      if !codeless { codedPaths[shape, default: []].insert(codes) }
      if byShape[shape] == nil { shapes.append(shape) }
      byShape[shape, default: []].append(Node(table: i, codes: codes, isCodeless: codeless))
      if !codeless, !codes.isEmpty { lastCoded[shape] = codes }
    }
    // Every child (a code one level down, or a codeless action by its title) with a table of
    // any shape: a parent whose shape lacks one of them cannot be summed.
    var childrenOf: [[String]: Set<String>] = [:]
    // Coded children whose amount columns could not be read (a header band that swallowed a line
    // of text merges columns): they count as missing only for a parent whose item rows they print.
    var unreadableOf: [[String]: [(table: Int, name: String)]] = [:]
    for (i, table) in document.tables.enumerated() {
      let path = table.codes.map { $0.code.isEmpty ? "#" + ($0.title ?? "") : $0.code }
      guard path.count >= 2, let last = path.last else { continue }
      let parentPath = table.codes.dropLast().map(\.code).filter { !$0.isEmpty }
      if !amounts[i].isEmpty {
        childrenOf[parentPath, default: []].insert(last)
      } else if !last.hasPrefix("#") {
        unreadableOf[parentPath, default: []].append((i, last))
      }
    }
    var rowsByKey: [Int: [String: Int]] = [:]
    for shape in shapes {
      let nodes = byShape[shape] ?? []
      // A parent's children: codeless nodes with its code path, coded nodes one code deeper.
      var codelessAt: [[String]: [Int]] = [:]
      var codedUnder: [[String]: [Int]] = [:]
      for (n, node) in nodes.enumerated() {
        if node.isCodeless {
          codelessAt[node.codes, default: []].append(n)
        } else if !node.codes.isEmpty {
          codedUnder[Array(node.codes.dropLast()), default: []].append(n)
        }
      }
      for parent in nodes where !parent.isCodeless {
        let positions = (codelessAt[parent.codes] ?? []) + (codedUnder[parent.codes] ?? [])
        let children = positions.sorted().map { nodes[$0] }.filter { !$0.isCodeless || $0.table != parent.table }
        guard !children.isEmpty else { continue }
        let present = Set(children.map { identity(document.tables[$0.table]) })
        var missing = (childrenOf[parent.codes] ?? []).subtracting(present)
        for child in unreadableOf[parent.codes] ?? [] where !present.contains(child.name) {
          if printsRows(of: views[parent.table], in: views[child.table]) { missing.insert(child.name) }
        }
        let absent = missing.sorted()
        if !absent.isEmpty {
          reportIncomplete(parent: parent, absent: absent, views: views, into: &context)
          continue
        }
        check(parent: parent, children: children, views: views, rowsByKey: &rowsByKey, into: &context)
      }
    }
  }

  /// A child table's name among its siblings: its code, or "#" and the title of a codeless action.
  private func identity(_ table: NormalizedTable) -> String {
    guard let last = table.codes.last else { return "" }
    return last.code.isEmpty ? "#" + (last.title ?? "") : last.code
  }

  /// One skipped check per amount cell of a parent some of whose children have no table of its
  /// shape (their columns were read differently, or their table was not found).
  private func reportIncomplete(parent: Node, absent: [String], views: [TableView], into context: inout RuleContext) {
    let pv = views[parent.table]
    let parentCode = parent.codes.last ?? "?"
    let names = absent.map { $0.hasPrefix("#") ? "an action without code (\($0.dropFirst()))" : $0 }
    for c in amountColumns(pv) {
      for r in pv.dataRows {
        guard case .number = pv.value(r, c) else { continue }
        var check = Check(
          kind: Self.kind, status: .skipped, table: pv.table, page: pv.page(r), row: [parentCode] + pv.rowPath(r),
          column: pv.columnPath(c), message: "")
        check.cells = [pv.cellReference(r, c)]
        check.message =
          "roll-up into \(parentCode) at \(pv.place(r, c)): \(names.joined(separator: ", ")) \(names.count == 1 ? "has" : "have") no table with the same columns; the sum would be incomplete"
        context.report(check)
      }
    }
  }

  /// Whether a table prints one of the parent's item rows (its row path, anywhere in a row's
  /// path: a merged table nests rows under a swallowed heading and ends them in merged figures):
  /// the child's table is there, only its amount columns were not read.
  func printsRows(of parent: TableView, in child: TableView) -> Bool {
    let wanted = Set(parent.dataRows.map { parent.rowPath($0).map(Words.key) })
    guard !wanted.isEmpty else { return false }
    let lengths = Set(wanted.map(\.count))
    return child.rows.indices.contains { r in
      let path = child.rowPath(r).map(Words.key)
      for n in lengths where n <= path.count {
        for start in 0...(path.count - n) where wanted.contains(Array(path[start..<(start + n)])) { return true }
      }
      return false
    }
  }

  /// Figure columns that hold amounts: no percentages, no ratio columns.
  func amountColumns(_ view: TableView) -> [Int] {
    view.figureColumns.filter { c in
      let key = view.columnKey(c)
      return !view.isPercentColumn(c) && !settings.spendingWords.contains(where: { key.contains($0) })
        && !settings.comparisonWords.contains(where: { key.contains($0) })
    }
  }

  private func check(
    parent: Node, children: [Node], views: [TableView], rowsByKey: inout [Int: [String: Int]],
    into context: inout RuleContext
  ) {
    let pv = views[parent.table]
    let parentCode = parent.codes.last ?? "?"
    let childNames = children.map { $0.isCodeless ? "an action without code (table \($0.table))" : ($0.codes.last ?? "?") }
    // Each child's first data row per key, for children whose rows are paired by label.
    for child in children where views[child.table].dataRows.count != pv.dataRows.count {
      guard rowsByKey[child.table] == nil else { continue }
      let cv = views[child.table]
      var first: [String: Int] = [:]
      for r in cv.dataRows where first[cv.rows[r].key] == nil { first[cv.rows[r].key] = r }
      rowsByKey[child.table] = first
    }
    for c in amountColumns(pv) {
      let key = pv.columnKey(c)
      let childColumns = children.map { child in
        views[child.table].figureColumns.first { views[child.table].columnKey($0) == key }
      }
      for r in pv.dataRows {
        guard case .number(let stated) = pv.value(r, c) else { continue }
        var cells: [(TableView, Int, Int, String)] = []
        for ((child, name), column) in zip(zip(children, childNames), childColumns) {
          let cv = views[child.table]
          guard let cc = column else { continue }
          let cr: Int?
          if cv.dataRows.count == pv.dataRows.count {
            cr = cv.dataRows[pv.dataPosition[r]]
          } else {
            cr = rowsByKey[child.table]?[pv.rows[r].key]
          }
          if let cr { cells.append((cv, cr, cc, name)) }
        }
        let what = "roll-up of \(childNames.joined(separator: ", ")) into \(parentCode) at \(pv.place(r, c))"
        var base = Check(
          kind: Self.kind, status: .skipped, table: pv.table, page: pv.page(r), row: [parentCode] + pv.rowPath(r),
          column: pv.columnPath(c), message: "")
        var items: [Operand] = []
        var empty = 0
        var reason: String?
        for (cv, cr, cc, name) in cells {
          switch cv.value(cr, cc) {
          case .number(var o):
            o.label = name
            items.append(o)
          case .empty:
            if settings.missingItems == .nonNull { reason = "\(name) leaves the cell empty" }
            empty += 1
          case .text: reason = "\(name) holds text in this cell"
          case .malformed(let why): reason = "\(name) holds a malformed figure (\(why))"
          }
        }
        if items.isEmpty && reason == nil { reason = "no child table has this cell" }
        if let reason {
          base.cells = [pv.cellReference(r, c)]
          base.message = "\(what): \(reason)"
          context.report(base)
          continue
        }
        var statedNamed = stated
        statedNamed.label = parentCode
        context.reportSum(base, what: what, items: items, stated: statedNamed, emptyItems: empty)
      }
    }
  }
}
