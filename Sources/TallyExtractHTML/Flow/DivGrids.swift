import TallyCore

/// Tables written without `<table>`: CSS-grid or flexbox `<div>` rows, `<dl>` rows of `<dt>`/`<dd>`,
/// lists of label/figure items, and cards of a big figure above its label.
///
/// A container is a grid when its visible element children are rows (or groups of rows, such as a
/// head and a body wrapper): elements of one tag (sharing a class when they all have one) with no
/// text of their own, whose children are cells (no heading, table, list or more than one block
/// inside). The rows must agree on their width (cells, spans from `grid-column` or `colspan`
/// counted), some column after the first must hold a figure and be mostly figures, and every cell must be short:
/// navigation, link lists, footers and prose have no figure column or long cells. Leading rows
/// without figures (years allowed) that carry text over the figure columns are the header.
extension PageWalker {
  /// A grid found under a container: its rows as written, and a caption inside the container.
  struct DivGrid {
    var source: SourceTable
    var caption: String?
    /// Two-cell rows of a figure above (before) its label: key figures, not a table.
    var keyFigures: [[String]]?
  }

  /// Most nodes looked at under one candidate cell before it is judged not to be a cell.
  static let cellNodeBudget = 400
  /// Most header rows of a grid.
  static let maxDivHeaderRows = 4

  /// The grid `container` lays out, or nil when its children are not rows of one table.
  func divGrid(_ container: Int32, _ ctx: Context) -> DivGrid? {
    guard let children = visibleElements(container), children.count >= 1 else { return nil }
    var rowNodes: [[Int32]] = []
    var rowElements: [Int32?] = []
    /// Per row, the wrapper it came in (0: straight under the container).
    var rowGroups: [Int] = []
    var caption: String? = nil
    if tree.tag(container) == .dl, children.contains(where: { tree.tag($0) == .dt || tree.tag($0) == .dd }) {
      // <dt>/<dd> straight under the <dl>: a row starts at each <dt> after a <dd>.
      var lastWasDD = true
      for child in children {
        let tag = tree.tag(child)
        guard tag == .dt || tag == .dd, isLeafCell(child) else { return nil }
        if tag == .dt && lastWasDD || rowNodes.isEmpty {
          rowNodes.append([])
          rowElements.append(nil)
          rowGroups.append(0)
        }
        rowNodes[rowNodes.count - 1].append(child)
        lastWasDD = tag == .dd
      }
    } else {
      for (index, child) in children.enumerated() {
        if let cells = rowCells(child) {
          rowNodes.append(cells)
          rowElements.append(child)
          rowGroups.append(0)
        } else if let group = visibleElements(child), !group.isEmpty {
          for row in group {
            guard let cells = rowCells(row) else { return nil }
            rowNodes.append(cells)
            rowElements.append(row)
            rowGroups.append(index + 1)
          }
        } else if index == 0, let text = captionText(child, ctx) {
          // A caption-like first child with text only ("Tabel 3. ..." in the grid's box).
          caption = text
        } else {
          return nil
        }
      }
    }
    guard rowNodes.count >= max(2, settings.minTableRows), sameShape(rowElements) else { return nil }

    // Cell texts and widths.
    var rows: [SourceRow] = []
    var widths: [Int] = []
    for (cells, element) in zip(rowNodes, rowElements) {
      let rowCtx = element.map { inner(ctx, $0, tag: tree.tag($0), style: styleOf($0)) } ?? ctx
      var row = SourceRow(cells: [])
      var width = 0
      for cell in cells {
        var collector = TextCollector()
        var nested: [Int32] = []
        collectText(cell, inner(rowCtx, cell, tag: tree.tag(cell), style: styleOf(cell)), into: &collector, nestedTables: &nested)
        let text = collapsedText(collector.raw)
        if text.count > 2 * settings.maxLabelChars { return nil }
        let a = tree.attributeIndex(cell)
        let span = a.flatMap { tree.attributes[$0].colSpan } ?? styleOf(cell)?.columnSpan.map(String.init)
        width += spanValue(span, maximum: settings.maxColumnSpan)
        row.cells.append(SourceCell(text: text, isBold: collector.hasText && collector.allBold, colSpan: span))
      }
      rows.append(row)
      widths.append(width)
    }

    // The width most rows have; no row wider, most rows that wide.
    var counts: [Int: Int] = [:]
    for w in widths { counts[w, default: 0] += 1 }
    guard let width = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key,
      width >= max(2, settings.minTableColumns), widths.allSatisfy({ $0 <= width }),
      3 * counts[width]! >= 2 * widths.count
    else { return nil }

    // Header rows: leading rows without figures that name the figure columns.
    var headerCount = 0
    while headerCount < min(Self.maxDivHeaderRows, rows.count - 1), isDivHeaderRow(rows[headerCount]) {
      headerCount += 1
    }
    // Rows marked up like the body rows below (same wrapper, tag, class and cell tags) stay header
    // rows only when they name at least two figure columns or span; "Dagopvang | n.v.t." above
    // "Thuiszorg | 212" is a body row.
    if headerCount > 0 {
      let signatures = zip(zip(rowNodes, rowElements), rowGroups).map { pair, group in
        rowSignature(cells: pair.0, element: pair.1, group: group)
      }
      let bodySignatures = Set(signatures[headerCount...])
      var kept = 0
      while kept < headerCount, !bodySignatures.contains(signatures[kept]) || namesColumns(rows[kept]) { kept += 1 }
      headerCount = kept
    }
    let body = rows[headerCount...]

    // Cards: every row one figure with its label (and unit words).
    if headerCount == 0, let keyFigures = cardKeyFigures(rows) {
      return DivGrid(source: SourceTable(caption: caption, rows: []), caption: caption, keyFigures: keyFigures)
    }

    // A column after the first with a figure, whose cells are mostly figures or marks without
    // letters ("-", "—").
    var figures = [Int](repeating: 0, count: width)
    var numeric = [Int](repeating: 0, count: width)
    var filled = [Int](repeating: 0, count: width)
    for row in body {
      var column = 0
      for cell in row.cells {
        if column < width, !cell.text.isEmpty {
          filled[column] += 1
          if shape.isFigure(cell.text) {
            figures[column] += 1
            numeric[column] += 1
          } else if !hasLetter(cell.text) {
            numeric[column] += 1
          }
        }
        column += spanValue(cell.colSpan, maximum: settings.maxColumnSpan)
      }
    }
    guard (1..<width).contains(where: { figures[$0] >= 1 && 2 * numeric[$0] >= filled[$0] }) else { return nil }

    for i in 0..<headerCount { rows[i].inHead = true }
    return DivGrid(source: SourceTable(caption: caption, rows: rows), caption: caption, keyFigures: nil)
  }

  /// Rows that are cards, as [label, value]: each row has one figure and text cells, the figure
  /// first (a big number above its label) or followed by unit words only ("Trajecten", "282",
  /// "trajecten"); nil when any row is not such a card. A label before a lone figure is a table row.
  private func cardKeyFigures(_ rows: [SourceRow]) -> [[String]]? {
    var result: [[String]] = []
    for row in rows {
      let texts = row.cells.map(\.text).filter { !$0.isEmpty }
      let figureIndices = texts.indices.filter { shape.isFigure(texts[$0]) }
      guard figureIndices.count == 1, texts.count >= 2 else { return nil }
      let f = figureIndices[0]
      let others = texts.indices.filter { $0 != f }
      guard others.allSatisfy({ hasLetter(texts[$0]) && texts[$0].count <= settings.maxLabelChars }) else { return nil }
      if f == 0 {
        result.append([texts[1...].joined(separator: " "), texts[0]])
        continue
      }
      let after = texts[(f + 1)...]
      let isUnit = { (t: String) in shape.isFigure("1 " + t) && !t.contains(where: \.isNumber) }
      guard !after.isEmpty, after.allSatisfy(isUnit) else { return nil }
      result.append([texts[..<f].joined(separator: " "), ([texts[f]] + after).joined(separator: " ")])
    }
    return result
  }

  /// A header row: no figure other than a year, and words or years in a column after the first (an
  /// empty row inside the header block counts too).
  private func isDivHeaderRow(_ row: SourceRow) -> Bool {
    var column = 0
    var textAfterFirst = false
    var anyText = false
    for cell in row.cells {
      if !cell.text.isEmpty {
        anyText = true
        if shape.isFigure(cell.text) && !isYear(cell.text) { return false }
        let span = spanValue(cell.colSpan, maximum: settings.maxColumnSpan)
        if (column >= 1 || span > 1) && (hasLetter(cell.text) || isYear(cell.text)) { textAfterFirst = true }
      }
      column += spanValue(cell.colSpan, maximum: settings.maxColumnSpan)
    }
    return textAfterFirst || !anyText
  }

  /// A header row by its text alone: a spanning cell, or two or more columns after the first
  /// named by words or years and none by anything else.
  private func namesColumns(_ row: SourceRow) -> Bool {
    var column = 0
    var named = 0
    for cell in row.cells {
      let span = spanValue(cell.colSpan, maximum: settings.maxColumnSpan)
      if !cell.text.isEmpty {
        if span > 1 { return true }
        if column >= 1 {
          guard hasLetter(cell.text) || isYear(cell.text) else { return false }
          named += 1
        }
      }
      column += span
    }
    return named >= 2
  }

  /// How a row is marked up: its wrapper, tag, class and the tags of its cells.
  private func rowSignature(cells: [Int32], element: Int32?, group: Int) -> String {
    var signature = "\(group)"
    if let element {
      signature += "|\(tree.tag(element).rawValue)|" + (tree.attributeIndex(element).flatMap { tree.attributes[$0].className } ?? "")
    }
    for cell in cells { signature += "|\(tree.tag(cell).rawValue)" }
    return signature
  }

  /// "2023", "2022*": four digits from 1900 to 2099, optionally followed by footnote stars.
  private func isYear(_ text: String) -> Bool {
    let digits = text.unicodeScalars.prefix(while: { $0.value >= 0x30 && $0.value <= 0x39 })
    guard digits.count == 4, let year = Int(String(String.UnicodeScalarView(digits))), (1900...2099).contains(year) else {
      return false
    }
    return text.unicodeScalars.dropFirst(4).allSatisfy { $0 == "*" || $0 == " " }
  }

  /// Rows of one kind: the same tag, and a shared class when every row has a class (the first row,
  /// a header marked up apart, may have its own).
  private func sameShape(_ rows: [Int32?]) -> Bool {
    let elements = rows.compactMap { $0 }
    guard let first = elements.first else { return true }
    let tag = tree.tag(first)
    guard elements.allSatisfy({ tree.tag($0) == tag }), elements.count >= 2 else { return false }
    let classes = elements.dropFirst().map { element in tree.attributeIndex(element).flatMap { tree.attributes[$0].className } }
    guard classes.allSatisfy({ $0 != nil }) else { return true }
    var shared = Set(classes[0]!.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
    for c in classes.dropFirst() {
      shared.formIntersection(c!.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
      if shared.isEmpty { return false }
    }
    return true
  }

  /// The visible element children of `node`; nil when it holds visible text of its own.
  func visibleElements(_ node: Int32) -> [Int32]? {
    var result: [Int32] = []
    for child in tree.children(node) {
      let tag = tree.tag(child)
      if tag == .text {
        if tree.text(child).unicodeScalars.contains(where: { !LabelKey.isSpace($0) }) { return nil }
        continue
      }
      if tag.isNeverText || tag == .br || tag == .wbr { continue }
      if styleOf(child)?.hidden == true { continue }
      result.append(child)
    }
    return result
  }

  /// The cells of `row` when it is a row: element children only, each a cell.
  private func rowCells(_ row: Int32) -> [Int32]? {
    let tag = tree.tag(row)
    guard tag != .table, tag.headingLevel == nil, let cells = visibleElements(row), !cells.isEmpty,
      cells.allSatisfy({ isLeafCell($0) })
    else { return nil }
    return cells
  }

  /// A cell: no heading, table, list, rule or form inside, and never two blocks side by side.
  func isLeafCell(_ node: Int32) -> Bool {
    let tag = tree.tag(node)
    guard tag.headingLevel == nil, !Self.endsCell(tag) else { return false }
    var budget = Self.cellNodeBudget
    return isLeaf(node, &budget)
  }

  private static func endsCell(_ tag: HTMLTag) -> Bool {
    switch tag {
    case .table, .ul, .ol, .dl, .hr, .form, .fieldset, .nav, .header, .footer, .pre, .blockquote, .select, .textarea, .input,
      .button:
      true
    default: false
    }
  }

  private func isLeaf(_ node: Int32, _ budget: inout Int) -> Bool {
    var blocks = 0
    for child in tree.children(node) {
      budget -= 1
      if budget < 0 { return false }
      let tag = tree.tag(child)
      if tag == .text || tag.isNeverText || tag == .br || tag == .wbr { continue }
      let style = styleOf(child)
      if style?.hidden == true { continue }
      if tag.headingLevel != nil || Self.endsCell(tag) { return false }
      if style?.block ?? tag.isBlock {
        blocks += 1
        if blocks > 1 { return false }
      }
      if !isLeaf(child, &budget) { return false }
    }
    return true
  }

  /// A short caption-like line of text: letters (a numbered title such as "2.8.4 Activa" may look
  /// like a figure with unit words), not a sentence, not a unit note in parentheses.
  private func captionText(_ node: Int32, _ ctx: Context) -> String? {
    guard tree.tag(node).headingLevel == nil, isLeafCell(node) else { return nil }
    var collector = TextCollector()
    var nested: [Int32] = []
    collectText(node, ctx, into: &collector, nestedTables: &nested)
    let text = LabelKey.collapseSpaces(collector.raw)
    guard !text.isEmpty, text.count <= settings.maxLabelChars, hasLetter(text),
      !isParenthesised(text), !(text.hasSuffix(".") || text.hasSuffix("!") || text.hasSuffix("?"))
    else { return nil }
    return text
  }

  private func isParenthesised(_ text: String) -> Bool {
    (text.hasPrefix("(") && text.hasSuffix(")")) || (text.hasPrefix("[") && text.hasSuffix("]"))
  }

  /// The caption above a grid among the container's earlier siblings: the nearest caption-like
  /// line, passing over unit notes in parentheses; a heading or anything else ends the search.
  func captionAbove(_ previous: [Int32], _ ctx: Context) -> String? {
    for sibling in previous.reversed() {
      if tree.tag(sibling).headingLevel != nil { return nil }
      guard isLeafCell(sibling) else { return nil }
      var collector = TextCollector()
      var nested: [Int32] = []
      collectText(sibling, ctx, into: &collector, nestedTables: &nested)
      let text = LabelKey.collapseSpaces(collector.raw)
      if text.isEmpty || isParenthesised(text) { continue }
      return captionText(sibling, ctx)
    }
    return nil
  }

  /// Places a found grid in the flow (within the page's cell budget) or its key figures.
  mutating func handleDivGrid(_ found: DivGrid, caption: String?) {
    if let keyFigures = found.keyFigures {
      if settings.keyFigures { items.append(.keyFigures(keyFigures)) }
      return
    }
    let limits = GridLimits(settings: settings, maxCells: max(0, cellBudget))
    let grid = sourceTableToGrid(found.source, limits: limits)
    let width = grid.rows.first?.cells.count ?? 0
    cellBudget -= grid.rows.count * width
    if grid.truncatedColumns > 0 {
      warnings.append("grid '\(caption ?? grid.rows.first?.cells.first?.text ?? "")': \(grid.truncatedColumns) cells beyond \(settings.maxTableColumns) columns dropped")
    }
    if grid.truncatedRows > 0 {
      warnings.append("\(grid.truncatedRows) grid rows dropped: more than \(settings.maxGridCells) cells on the page")
    }
    items.append(.grid(grid, caption: caption))
  }
}
