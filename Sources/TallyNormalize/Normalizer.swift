import TallyCore

/// Cells -> exact numbers, units, row and column paths, roles -> facts.
///
/// Every numeric cell outside the label columns of a data row becomes a `Fact`; a malformed cell
/// becomes none (its `NormalizedCell.content` says why, for the reconcile stage to report).
public struct Normalizer: Sendable {
  public var settings: NormalizeSettings

  public init(settings: NormalizeSettings = NormalizeSettings()) {
    self.settings = settings
  }

  public func normalize(_ document: ExtractedDocument) -> NormalizedDocument {
    let tableNormalizer = TableNormalizer(settings: settings)
    var tables: [NormalizedTable] = []
    var facts: [Fact] = []
    var codes = BudgetCodeContext()
    let lexer = tableNormalizer.lexer
    let flow =
      settings.codesFromText
      ? tableNormalizer.codes.codesInFlow(document) { lexer.lex($0).parsed != nil } : nil
    for (index, table) in document.tables.enumerated() {
      // A PDF table's footnotes may be read as text below it, or given to a table beside it: the
      // text and the other tables' footnotes on its pages may name its markers.
      let onItsPages = { (pages: [Int]) in pages.contains(where: table.pages.contains) }
      let pageLines =
        document.text.filter { $0.page.map { onItsPages([$0]) } == true }.map(\.text)
        + document.tables.enumerated().filter { $0.offset != index && onItsPages($0.element.pages) }
        .flatMap(\.element.footnotes)
      var normalized = tableNormalizer.normalize(table, index: index, pageLines: pageLines)
      if let flow {
        normalized.codes = flow[index]
      } else {
        (normalized.codes, codes) = tableNormalizer.codes.codes(in: normalized.headings, after: codes)
      }
      tables.append(normalized)
      facts += tableNormalizer.facts(of: normalized)
    }
    var statements: [StatedFigure] = []
    if settings.statedFigures {
      let reader = StatedFigureReader(settings: settings)
      statements = reader.figures(in: document.text)
      // Key-figure lines the extractor took into a table's text cells (a column of prose beside them).
      // A cell spanning several columns is repeated in each: read once per row.
      var cells: [(text: String, page: Int?)] = []
      for row in tables.lazy.flatMap(\.rows) {
        var seen = Set<String>()
        for cell in row.cells {
          guard case .text = cell.content, seen.insert(cell.raw).inserted else { continue }
          cells.append((cell.raw, row.page))
        }
      }
      statements += reader.labelledFigures(inCells: cells)
    }
    return NormalizedDocument(
      source: document.source, pageCount: document.pageCount, tables: tables, facts: facts,
      statements: statements)
  }
}

/// One table at a time: grid -> header paths, label columns, lexed cells, structured rows.
struct TableNormalizer: Sendable {
  let settings: NormalizeSettings
  let lexer: NumberLexer
  let units: UnitVocabulary
  let scaleNotes: ScaleNoteReader
  let codes: BudgetCodeReader
  let rows: RowStructurer

  init(settings: NormalizeSettings) {
    self.settings = settings
    lexer = NumberLexer(settings: settings)
    units = UnitVocabulary(settings: settings)
    scaleNotes = ScaleNoteReader(settings: settings)
    codes = BudgetCodeReader(settings: settings)
    rows = RowStructurer(settings: settings, roles: RoleWords(settings: settings), units: units)
  }

  /// - Parameter pageLines: text of the table's pages outside tables, searched with its footnotes
  ///   for footnote markers printed before figures (see `FigureMarkers`).
  func normalize(_ table: ExtractedTable, index: Int, pageLines: [String] = []) -> NormalizedTable {
    let columnCount = table.columnCount
    let grid = table.rows.map { row in
      (0..<columnCount).map { $0 < row.cells.count ? row.cells[$0] : TableCell(text: "") }
    }
    let headerCount =
      table.headerRowCount > 0
      ? min(table.headerRowCount, grid.count)
      : settings.inferHeaderRows ? inferredHeaderRowCount(grid.map { $0.map(\.text) }, lexer: lexer) : 0
    let header = headerRowsWithSpansFilled(Array(table.rows.prefix(headerCount)), columnCount: columnCount)
    let paths = headerRowsToColumnPaths(header, columnCount: columnCount)
    let headings = headingsWithTitle(table)

    // Scale notes: the table's (title, headings, footnotes), then each column's header.
    let tableNote = ([table.title].compactMap { $0 } + headings.reversed() + table.footnotes)
      .lazy.compactMap { scaleNotes.note(in: $0) }.first
    let columnNotes = paths.map { path in path.reversed().lazy.compactMap { scaleNotes.note(in: $0) }.first ?? tableNote }

    // Lex the body, each column in its style.
    let body = Array(grid.dropFirst(headerCount))
    let styles = (0..<columnCount).map { c in
      settings.numberStyle == .auto ? lexer.detectStyle(body.map { $0[c].text }) : settings.numberStyle
    }
    let spaceGroups = (0..<columnCount).map { c in lexer.spaceGroupsDigits(body.map { $0[c].text }) }
    let marks = FigureMarkers(footnotes: table.footnotes)
    let pageMarks = FigureMarkers(footnotes: pageLines)
    func lexCell(_ t: String, _ c: Int) -> CellContent {
      lexer.lex(
        t, style: styles[c], scale: columnNotes[c]?.power ?? 0,
        currency: columnNotes[c]?.isCurrency ?? false, spaceGroups: spaceGroups[c])
    }
    // Every body cell read once as printed: the column formats and the cells both start from it.
    let printed = body.map { cells in cells.indices.map { c in lexCell(cells[c].text, c) } }
    let formats = (0..<columnCount).map { c in ColumnFigureFormat(printed.compactMap { $0[c].parsed }) }
    func content(_ text: String, _ c: Int, whole: CellContent) -> CellContent {
      func lex(_ t: String) -> CellContent { lexCell(t, c) }
      // A footnote marker before the figure ("24 10 123,3"): the marker is the note. A marker
      // named only by a line of the page is weaker evidence: it must explain a malformed figure.
      if let split = marks.split(text) ?? (whole.parsed == nil ? pageMarks.split(text) : nil),
        case .number(var n) = lex(split.figure)
      {
        n.note = n.note.map { split.marker + " " + $0 } ?? split.marker
        // A figure well-formed as printed may be one whose first group matches a footnote's
        // number: that reading stays the alternative.
        if case .number(let printed) = whole, printed.decimals == n.decimals { n.alternative = printed.value }
        return .number(n)
      }
      guard let split = FigureMarkers.unnamed(text), case .number(let rest) = lex(split.figure) else { return whole }
      switch whole {
      case .malformed(let reason):
        // A marker no footnote names: the rest is a well-formed figure in the column's format.
        guard !FigureMarkers.isShortPlainFigure(split.figure), formats[c].fits(rest) else { return whole }
        var n = rest
        n.note = n.note.map { split.marker + " " + $0 } ?? split.marker
        n.unexplainedMarker = reason
        n.alternative = lex(String(text.unicodeScalars.filter { !LabelKey.isSpace($0) }.map(Character.init))).parsed?.value
        return .number(n)
      case .number(var n) where n.decimals == rest.decimals && n.isPercent == rest.isPercent:
        n.alternative = rest.value
        return .number(n)
      default:
        return whole
      }
    }
    let lexed = zip(body, printed).enumerated().map { offset, pair in
      let (cells, wholes) = pair
      let row = table.rows[headerCount + offset]
      return LexedRow(
        index: headerCount + offset,
        cells: cells.enumerated().map { c, cell in
          NormalizedCell(raw: cell.text, content: content(cell.text, c, whole: wholes[c]), bbox: cell.bbox, isBold: cell.isBold)
        },
        page: row.page ?? table.pages.first, isBold: row.isBold, indentLevel: row.indentLevel, isCarried: row.isCarried)
    }
    let labelColumns = leadingLabelColumnCount(lexed.map(\.cells), columnCount: columnCount)
    let structured = rows.structure(lexed, labelColumns: labelColumns)

    // Units and roles of the columns.
    // A heading that opens a budget code names a policy goal, not what the figures count.
    let unitHeadings = headings.filter { codes.code(in: $0) == nil }
    let unitTitle = [table.title].compactMap { $0 }.filter { codes.code(in: $0) == nil }
    let tableUnit =
      units.unit(in: unitTitle) ?? units.measureUnit(in: unitHeadings.reversed())
      ?? (tableNote?.isCurrency == true ? Unit(kind: .eur) : nil)
    let roleWords = RoleWords(settings: settings)
    var columns = (0..<columnCount).map { c in
      let isLabel = c < labelColumns
      let role = isLabel ? Role.item : paths[c].reversed().lazy.map { roleWords.role(ofKey: LabelKey.make($0)) }
        .first { $0 != .item } ?? .item
      let unit =
        units.unit(in: paths[c].reversed()) ?? (columnNotes[c]?.isCurrency == true ? Unit(kind: .eur) : nil)
        ?? signUnit(structured.compactMap { $0.cells[c].content.parsed }) ?? tableUnit ?? Unit(kind: .number)
      return NormalizedColumn(path: paths[c], isLabel: isLabel, role: role, unit: unit)
    }
    // A total column needs item columns beside it; "TOTAAL - KOPPEN -" alone is just the figures.
    let hasItemColumn = columns.indices.contains { c in
      !columns[c].isLabel && columns[c].role == .item && structured.contains { $0.cells[c].content.parsed != nil }
    }
    if !hasItemColumn {
      for c in columns.indices { columns[c].role = .item }
    }

    return NormalizedTable(
      index: index, title: table.title, headings: headings, pages: table.pages, bbox: table.bbox,
      headerRowCount: headerCount, columns: columns, rows: structured,
      unit: tableUnit, origin: table.origin)
  }

  /// Every numeric cell outside the label columns of a data row, with its meaning.
  func facts(of table: NormalizedTable) -> [Fact] {
    var facts: [Fact] = []
    for (r, row) in table.rows.enumerated() where row.kind == .data {
      for (c, cell) in row.cells.enumerated() where c < table.columns.count && !table.columns[c].isLabel {
        // A figure read after a marker no footnote names waits for the reconciler's verdict.
        guard let n = cell.content.parsed, n.unexplainedMarker == nil else { continue }
        let column = table.columns[c]
        let role: Role =
          column.role == .total ? .total : column.role == .subtotal && row.role == .item ? .subtotal : row.role
        facts.append(
          Fact(
            table: table.index, tableTitle: table.title, page: row.page, row: row.path, column: column.path,
            raw: cell.raw, value: n.value, decimals: n.decimals,
            unit: factUnit(n, raw: cell.raw, row: row, column: column), role: role,
            bbox: cell.bbox, rowIndex: r, columnIndex: c, gridRow: row.index, note: n.note))
      }
    }
    return facts
  }

  /// Cell sign > row > column header > title > headings (see `UnitVocabulary`).
  /// The column's unit already falls back on the title, the headings and then `.number`.
  private func factUnit(_ n: ParsedNumber, raw: String, row: NormalizedRow, column: NormalizedColumn) -> Unit {
    if n.isPercent { return Unit(kind: .percent, word: "%") }
    if n.isCurrency {
      if let printed = units.unit(in: [raw]), printed.kind == .eur { return printed }
      return Unit(kind: .eur)
    }
    return row.unit ?? column.unit
  }

  /// Percent or euro when every figure of a column carries that sign.
  private func signUnit(_ figures: [ParsedNumber]) -> Unit? {
    guard !figures.isEmpty else { return nil }
    if figures.allSatisfy(\.isPercent) { return Unit(kind: .percent, word: "%") }
    if figures.allSatisfy(\.isCurrency) { return Unit(kind: .eur) }
    return nil
  }

  /// The headings with the title last, as the extractors promise; added when missing.
  private func headingsWithTitle(_ table: ExtractedTable) -> [String] {
    guard let title = table.title, table.headings.last != title else { return table.headings }
    return table.headings + [title]
  }
}
