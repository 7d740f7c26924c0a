import TallyCore

/// One line of text outside data tables, as a reader sees it.
struct FlowLine: Sendable, Hashable {
  /// Spaces collapsed, trimmed.
  var text: String
  /// As written: tabs and line breaks kept (they separate cells and rows of pseudo-tables).
  var raw: String
  /// Every visible character is bold.
  var isBold: Bool
  /// Every visible character is bold by markup (b, strong, inline style), not by a class rule:
  /// only such a line may act as a heading (designers bold logos and slogans by class).
  var isMarkupBold: Bool = false
  /// The nearest container element (a card, a section): lines of one card share it.
  var group: Int32
  /// In a quote, caption, navigation, header or footer: never a heading.
  var isAside: Bool
}

/// What the page says, in reading order.
enum FlowItem: Sendable {
  case heading(level: Int, text: String)
  case line(FlowLine)
  case grid(TableGrid, caption: String?)
  /// Cards of a big figure with its label, as [label, value] rows.
  case keyFigures([[String]])
}

/// Walks an `HTMLTree` into flow items: headings, lines of text and data grids.
///
/// Invisible content (script, style, template, `hidden`, `aria-hidden="true"`, `display:none`,
/// `visibility:hidden`, by inline style or by the page's class rules) never becomes text or a cell.
/// A `<table>` is a data grid when it has enough rows and columns, no headings inside, and (by
/// default) a figure outside its header rows; any other table is layout and is read as text.
struct PageWalker {
  let tree: HTMLTree
  let classStyles: ClassStyles
  let settings: HTMLTableSettings
  let shape: FigureShape
  var items: [FlowItem] = []
  var warnings: [String] = []
  var cellBudget: Int
  /// Per stored attribute set (`tree.attributes`, shared by the elements that repeat it): its style
  /// facts and the weight its inline style sets, decided once per set instead of for every element.
  private let stylesOfAttributes: [StyleFacts]
  private let inlineBoldOfAttributes: [Bool?]

  private var raw = ""
  private var lineBold = true
  private var lineMarkupBold = true
  private var lineHasText = false
  private var lineGroup: Int32 = 0
  private var lineAside = false
  private var linePre = false

  struct Context {
    var bold = false
    var markupBold = false
    var pre = false
    var container: Int32 = 0
    var aside = false
    /// Inside navigation, a page header or footer: no grids are looked for there.
    var chrome = false
  }

  init(tree: HTMLTree, classStyles: ClassStyles, settings: HTMLTableSettings) {
    self.tree = tree
    self.classStyles = classStyles
    self.settings = settings
    self.shape = FigureShape(settings: settings)
    self.cellBudget = settings.maxGridCells
    var styles: [StyleFacts] = []
    var inlineBold: [Bool?] = []
    styles.reserveCapacity(tree.attributes.count)
    inlineBold.reserveCapacity(tree.attributes.count)
    for attributes in tree.attributes {
      styles.append(PageWalker.attributesToStyleFacts(attributes, classStyles: classStyles))
      inlineBold.append(attributes.style.flatMap { declarationsToStyleFacts(Substring($0)).bold })
    }
    self.stylesOfAttributes = styles
    self.inlineBoldOfAttributes = inlineBold
  }

  /// The flow items of the whole page.
  static func treeToFlow(_ tree: HTMLTree, settings: HTMLTableSettings) -> (items: [FlowItem], warnings: [String]) {
    var classStyles = styleSheetsToClassStyles(styleSheets(tree))
    if !classStyles.isEmpty { classStyles.remember(Set(tree.attributes.lazy.compactMap(\.className))) }
    var walker = PageWalker(tree: tree, classStyles: classStyles, settings: settings)
    walker.walkFlow(HTMLTree.root, Context())
    walker.flushLine()
    return (walker.items, walker.warnings)
  }

  /// The text of every `<style>` element.
  static func styleSheets(_ tree: HTMLTree) -> [String] {
    var sheets: [String] = []
    for (index, node) in tree.nodes.enumerated() where node.tag == .style {
      var text = ""
      for child in tree.children(Int32(index)) where tree.tag(child) == .text { text += tree.text(child) }
      sheets.append(text)
    }
    return sheets
  }

  // MARK: Style

  /// Inline style over class rules, plus the hidden and aria-hidden attributes; nil without attributes.
  func styleOf(_ node: Int32) -> StyleFacts? {
    tree.attributeIndex(node).map { stylesOfAttributes[$0] }
  }

  static func attributesToStyleFacts(_ attributes: HTMLAttributes, classStyles: ClassStyles) -> StyleFacts {
    var facts = StyleFacts()
    if let className = attributes.className, !classStyles.isEmpty, let f = classStyles.facts(forClassAttribute: className) {
      facts.merge(f)
    }
    if let style = attributes.style { facts.merge(declarationsToStyleFacts(Substring(style))) }
    if attributes.hidden { facts.hidden = true }
    if let aria = attributes.ariaHidden, aria.lowercased().trimmingSpaces == "true" { facts.hidden = true }
    return facts
  }

  func inner(_ ctx: Context, _ node: Int32, tag: HTMLTag, style: StyleFacts?) -> Context {
    var inner = ctx
    if tag == .b || tag == .strong || tag == .th {
      inner.bold = true
      inner.markupBold = true
    }
    if let bold = style?.bold { inner.bold = bold }
    if let a = tree.attributeIndex(node), let bold = inlineBoldOfAttributes[a] {
      inner.markupBold = bold
    }
    if tag.keepsWhiteSpace { inner.pre = true }
    return inner
  }

  // MARK: Flow

  mutating func walkFlow(_ node: Int32, _ ctx: Context) {
    // Visible element children already walked: a grid's caption is looked for among them.
    var previous: [Int32] = []
    for child in tree.children(node) {
      let tag = tree.tag(child)
      if tag == .text {
        appendText(tree.text(child), ctx)
        continue
      }
      if tag.isNeverText { continue }
      let style = styleOf(child)
      if style?.hidden == true { continue }
      defer { previous.append(child) }
      var inner = inner(ctx, child, tag: tag, style: style)
      if let level = tag.headingLevel {
        flushLine()
        var collector = TextCollector()
        var nested: [Int32] = []
        collectText(child, inner, into: &collector, nestedTables: &nested)
        let text = LabelKey.collapseSpaces(collector.raw)
        if !text.isEmpty { items.append(.heading(level: level, text: text)) }
        continue
      }
      switch tag {
      case .table:
        flushLine()
        handleTable(child, inner)
      case .br:
        flushLine()
      default:
        if style?.block ?? tag.isBlock {
          flushLine()
          if tag.isContainer { inner.container = child }
          switch tag {
          case .figure, .figcaption, .aside, .blockquote: inner.aside = true
          case .nav, .header, .footer:
            inner.aside = true
            inner.chrome = true
          default: break
          }
          if settings.divGrids, !inner.chrome, tag.mayHoldDivGrid, let found = divGrid(child, inner) {
            handleDivGrid(found, caption: found.caption ?? captionAbove(previous, inner))
            continue
          }
          walkFlow(child, inner)
          flushLine()
        } else {
          walkFlow(child, inner)
        }
      }
    }
  }

  private mutating func appendText(_ text: String, _ ctx: Context) {
    let visible = text.unicodeScalars.contains { !LabelKey.isSpace($0) }
    if !lineHasText && raw.isEmpty {
      lineGroup = ctx.container
      lineAside = ctx.aside
    }
    if visible {
      if !lineHasText {
        lineGroup = ctx.container
        lineAside = ctx.aside
      }
      lineHasText = true
      if !ctx.bold { lineBold = false }
      if !ctx.markupBold { lineMarkupBold = false }
    }
    if ctx.pre { linePre = true }
    raw += text
  }

  /// Ends the current line; preformatted text, and text holding tabs or pipes, splits at its line
  /// breaks (those are rows of a pseudo-table), other text is one line.
  mutating func flushLine() {
    defer {
      raw = ""
      lineBold = true
      lineMarkupBold = true
      lineHasText = false
      linePre = false
    }
    guard lineHasText else { return }
    let splits = linePre || raw.contains("\t") || raw.contains("|")
    if splits && raw.contains("\n") {
      for part in raw.split(separator: "\n", omittingEmptySubsequences: true) {
        let text = LabelKey.collapseSpaces(String(part))
        if text.isEmpty { continue }
        items.append(.line(FlowLine(text: text, raw: String(part), isBold: lineBold, isMarkupBold: lineMarkupBold, group: lineGroup, isAside: lineAside)))
      }
    } else {
      let text = LabelKey.collapseSpaces(raw)
      if !text.isEmpty {
        items.append(.line(FlowLine(text: text, raw: raw, isBold: lineBold, isMarkupBold: lineMarkupBold, group: lineGroup, isAside: lineAside)))
      }
    }
  }

  // MARK: Cells and headings

  struct TextCollector {
    var raw = ""
    var allBold = true
    var hasText = false
    var hasHeading = false
  }

  /// Gathers the visible text under `node` (line breaks and blocks become spaces); nested tables are
  /// reported, not read.
  func collectText(_ node: Int32, _ ctx: Context, into collector: inout TextCollector, nestedTables: inout [Int32]) {
    for child in tree.children(node) {
      let tag = tree.tag(child)
      if tag == .text {
        let text = tree.text(child)
        if text.unicodeScalars.contains(where: { !LabelKey.isSpace($0) }) {
          collector.hasText = true
          if !ctx.bold { collector.allBold = false }
        }
        collector.raw += text
        continue
      }
      if tag.isNeverText { continue }
      let style = styleOf(child)
      if style?.hidden == true { continue }
      if tag == .table {
        nestedTables.append(child)
        collector.raw += " "
        continue
      }
      if tag.headingLevel != nil { collector.hasHeading = true }
      if tag == .sup {
        // A footnote mark ("a", "*", "1)", "(2)") is not part of the cell's text.
        var mark = TextCollector()
        var ignored: [Int32] = []
        collectText(child, ctx, into: &mark, nestedTables: &ignored)
        if isFootnoteMark(LabelKey.collapseSpaces(mark.raw)) { continue }
      }
      let block = tag == .br || (style?.block ?? tag.isBlock)
      if block { collector.raw += " " }
      collectText(child, inner(ctx, child, tag: tag, style: style), into: &collector, nestedTables: &nestedTables)
      if block { collector.raw += " " }
    }
  }

  /// A footnote mark as set in superscript: stars or daggers, one letter, "1)" or "(1)", "(a)";
  /// not a bare number (m² is a unit).
  func isFootnoteMark(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard !scalars.isEmpty, scalars.count <= 4 else { return false }
    if scalars.allSatisfy({ $0 == "*" || $0 == "†" || $0 == "‡" }) { return true }
    if scalars.count == 1 { return scalars[0].properties.isAlphabetic }
    let isDigit = { (s: Unicode.Scalar) in s.value >= 0x30 && s.value <= 0x39 }
    var body = scalars[...]
    guard body.last == ")" else { return false }
    body = body.dropLast()
    if body.first == "(" { body = body.dropFirst() }
    guard !body.isEmpty else { return false }
    return body.allSatisfy(isDigit) || (body.count == 1 && body[body.startIndex].properties.isAlphabetic)
  }

  // MARK: Tables

  /// A `<table>` as written: its caption and rows, the tables nested in its cells, and whether a
  /// cell holds a heading. Not `mutating`: a local function of the mutating caller that read `self`
  /// made Swift copy the whole walker (and retain everything it holds) for every row.
  private func sourceTable(_ table: Int32, _ ctx: Context) -> (table: SourceTable, nested: [Int32], hasHeading: Bool) {
    var source = SourceTable(caption: nil, rows: [])
    var nested: [Int32] = []
    var hasHeading = false

    for child in tree.children(table) {
      let tag = tree.tag(child)
      let style = tag == .text ? nil : styleOf(child)
      if style?.hidden == true { continue }
      switch tag {
      case .caption:
        var collector = TextCollector()
        collectText(child, ctx, into: &collector, nestedTables: &nested)
        let caption = LabelKey.collapseSpaces(collector.raw)
        if !caption.isEmpty { source.caption = caption }
      case .thead, .tbody, .tfoot:
        for row in tree.children(child) where tree.tag(row) == .tr && styleOf(row)?.hidden != true {
          source.rows.append(
            sourceRow(
              row, inHead: tag == .thead, inner(ctx, child, tag: tag, style: style), width: source.rows.last?.cells.count ?? 0,
              nested: &nested, hasHeading: &hasHeading))
        }
      case .tr:
        source.rows.append(
          sourceRow(child, inHead: false, ctx, width: source.rows.last?.cells.count ?? 0, nested: &nested, hasHeading: &hasHeading))
      default:
        break
      }
    }
    return (source, nested, hasHeading)
  }

  /// One `<tr>`: its visible cells as written. `width`, the previous row's cell count, is reserved
  /// up front: rows of a table mostly have the same number of cells, and growing the array cell by
  /// cell cost several allocations per row.
  private func sourceRow(
    _ tr: Int32, inHead: Bool, _ ctx: Context, width: Int, nested: inout [Int32], hasHeading: inout Bool
  ) -> SourceRow {
    var row = SourceRow(cells: [], inHead: inHead)
    row.cells.reserveCapacity(width)
    for cell in tree.children(tr) {
      let tag = tree.tag(cell)
      guard tag == .td || tag == .th else { continue }
      let style = styleOf(cell)
      if style?.hidden == true { continue }
      var collector = TextCollector()
      collectText(cell, inner(ctx, cell, tag: tag, style: style), into: &collector, nestedTables: &nested)
      hasHeading = hasHeading || collector.hasHeading
      let a = tree.attributeIndex(cell)
      row.cells.append(
        SourceCell(
          text: collapsedText(collector.raw), isBold: collector.hasText && collector.allBold,
          isHeaderCell: tag == .th, rowSpan: a.flatMap { tree.attributes[$0].rowSpan },
          colSpan: a.flatMap { tree.attributes[$0].colSpan }))
    }
    return row
  }

  private mutating func handleTable(_ table: Int32, _ ctx: Context) {
    let (source, nested, hasHeading) = sourceTable(table, ctx)

    var limits = GridLimits(settings: settings, maxCells: max(0, cellBudget))
    limits.maxCells = max(0, cellBudget)
    let grid = sourceTableToGrid(source, limits: limits)
    let width = grid.rows.first?.cells.count ?? 0
    let isData =
      !hasHeading && grid.rows.count >= settings.minTableRows && width >= settings.minTableColumns
      && (!settings.requireFigure || hasFigure(grid))
    guard isData else {
      // Layout: read the table as text, cell by cell; nested tables get their own decision.
      walkFlow(table, ctx)
      flushLine()
      return
    }
    cellBudget -= grid.rows.count * width
    if grid.truncatedColumns > 0 {
      warnings.append("table '\(source.caption ?? grid.rows.first?.cells.first?.text ?? "")': \(grid.truncatedColumns) cells beyond \(settings.maxTableColumns) columns dropped")
    }
    if grid.truncatedRows > 0 {
      warnings.append("\(grid.truncatedRows) table rows dropped: more than \(settings.maxGridCells) cells on the page")
    }
    items.append(.grid(grid, caption: source.caption))
    for table in nested {
      handleTable(table, ctx)
    }
  }

  private func hasFigure(_ grid: TableGrid) -> Bool {
    for row in grid.rows.dropFirst(grid.headerRowCount) {
      for cell in row.cells where !cell.text.isEmpty && shape.isFigure(cell.text) { return true }
    }
    return false
  }
}
