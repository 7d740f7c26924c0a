import TallyCore

// From pages of words to the document: running text removed, tables found per page, headings
// tracked across pages for titles, tables continued over a page break joined.

/// Something on a page in reading order: a table or a line group outside tables.
enum PageItem: Sendable {
  case table(PageTable)
  case block(LineBlock)

  var top: Double {
    switch self {
    case .table(let t): return t.box.y0
    case .block(let b): return b.box.y0
    }
  }
}

/// Consecutive lines outside tables read as one heading or one paragraph.
struct LineBlock: Sendable {
  var text: String
  var box: BoundingBox
  var isHeading: Bool
  var size: Double
  var isBold: Bool
  var page: Int
  /// Whether this is a numbered caption on a line of its own: it titles a table set right under it.
  var isCaption = false
}

/// Finds the tables and text blocks of one page.
/// `reusing`, when given, holds the lines of the page these words were taken from (see
/// `LineReuse`): lines holding the same words are taken from there.
func pageToItems(
  words: [Word], rulings: [Ruling], page: Int, bodySize: Double, settings: PDFTableSettings,
  reusing: LineReuse? = nil
) -> [PageItem] {
  var items: [PageItem] = []
  var lattice = wordsToLatticeTables(words, rulings: rulings, page: page, bodySize: bodySize, settings: settings)
  // No ruled table and no word taken: the words left are `words` as they were (the lattice step
  // only removes words), so the page's lines can serve.
  let untouched = lattice.tables.isEmpty && lattice.remaining.count == words.count
  // A ruled or shaded band holding only heading-sized text without figures (a title set in a
  // coloured bar, whose letter edges read as rules) is a heading, not a table: its words go back.
  lattice.tables.removeAll { t in
    guard let inside = headingBandWords(t, pageWords: words, bodySize: bodySize, settings: settings) else { return false }
    lattice.remaining += inside
    return true
  }
  for t in lattice.tables { items.append(.table(t)) }
  let lines = wordsToPageLines(
    lattice.remaining, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm, lineOfWord: false,
    reusing: untouched ? reusing : nil
  ).lines
  var used = Set<Int>()
  var footnoteOf: [Int: Int] = [:]
  var streamTables: [PageTable] = []
  for region in linesToRegions(lines, bodySize: bodySize, settings: settings) {
    var start = region.lines.lowerBound
    let regionLines = Array(lines[region.lines])
    let columns = chunksToColumns(regionLines)
    // Header lines that sit over the figure columns, just above the first row with cells.
    // Also a bold label line starting at the label column, set no larger than the table (the
    // header of a one-column-of-labels table, or the first group label).
    if columns.count >= 2 {
      var k = start - 1
      var added = 0
      let tableSize = regionLines.map(\.size).max() ?? bodySize
      while k >= 0, added < settings.maxHeaderRows, !used.contains(k) {
        let line = lines[k]
        let gap = lines[k + 1].box.y0 - line.box.y1
        let overFigures = line.box.x0 > columns[0].upperBound
          && line.box.x1 <= columns[columns.count - 1].upperBound + 2 * bodySize
        let label = line.chunks.count == 1 && line.isBold && line.size <= tableSize * 1.05
          && abs(line.box.x0 - columns[0].lowerBound) <= 0.25 * line.size
        // Column heads over the figures may stand further off (a header repeated at the top of a
        // continuation page) than labels over the body.
        let limit = overFigures ? settings.maxRowGapEm : settings.headerGapEm
        guard gap <= limit * max(line.size, bodySize), !lineIsLargeHeading(line, bodySize: bodySize, settings: settings),
          line.wordCount <= settings.maxCellWords, overFigures || label
        else { break }
        start = k
        added += 1
        k -= 1
      }
    }
    // A wrapped second line of the last row: one chunk over the figure columns at row spacing
    // ("58,2 % = 80 jaar of ouder" under "84,61% = 65 jaar of ouder"), or in the label column
    // set as tightly as a header band ("UCC" under "ALL").
    var end = region.lines.upperBound
    if columns.count >= 2 {
      while end < lines.count, lines[end].chunks.count == 1, lines[end].wordCount <= settings.maxCellWords {
        let line = lines[end]
        let gap = line.box.y0 - lines[end - 1].box.y1
        let overFigures = line.box.x0 > columns[0].upperBound
          && line.box.x1 <= columns[columns.count - 1].upperBound + 2 * bodySize
          && gap <= settings.headerGapEm * max(line.size, bodySize)
        let underLabel = line.box.x1 < columns[1].lowerBound && abs(line.box.x0 - columns[0].lowerBound) <= 0.25 * line.size
          && gap < settings.headerBandGapEm * bodySize
        guard overFigures || underLabel else { break }
        end += 1
      }
    }
    let range = start..<end
    guard var table = regionToTable(
      Array(lines[range]), page: page, bodySize: bodySize, settings: settings,
      columns: range == region.lines ? columns : nil),
      // A numbered list set in two columns is text.
      !tableIsNumberedList(table)
    else {
      continue
    }
    table = joinDetachedSigns(table)
    // Footnotes right under the table.
    var bottom = table.box.y1
    var k = range.upperBound
    let tableSize = lines[range].map(\.size).max() ?? bodySize
    while k < lines.count {
      let line = lines[k]
      guard line.box.y0 - bottom <= settings.footnoteGapEm * line.size, lineIsFootnote(line, tableSize: tableSize) else {
        break
      }
      table.footnotes.append(line.text)
      footnoteOf[k] = streamTables.count
      bottom = line.box.y1
      k += 1
    }
    for i in range { used.insert(i) }
    for i in footnoteOf.keys { used.insert(i) }
    streamTables.append(table)
  }
  for t in streamTables { items.append(.table(t)) }
  // The rest is text: headings and paragraphs.
  var current: LineBlock? = nil
  var lastStyle: LineStyle? = nil
  // A section number set alone in heading size ("4" over "WOONZORG" on a chapter divider).
  var sectionNumber: String? = nil
  for (i, full) in lines.enumerated() where !used.contains(i) {
    // A heading's side note (owner, period) at the right margin is not part of its text.
    let line = headingMainPart(full, settings: settings) ?? full
    var heading = lineIsHeading(line, bodySize: bodySize, settings: settings)
    let style = LineStyle(line)
    // A bold line in the size and colour of the prose just above it, at its paragraph spacing, is
    // an emphasised paragraph of that text (a run-in lead), not a heading of its own.
    if heading, let c = current, !c.isHeading, textHasMoreWords(c.text, than: 3), let prev = lastStyle,
      !lineIsLargeHeading(line, bodySize: bodySize, settings: settings), abs(c.size - line.size) < 0.6,
      prev.color == style.color, line.box.y0 - c.box.y1 < 1.5 * line.size
    {
      heading = false
    }
    var text = heading ? headingText(line) : full.text
    if heading, let number = sectionNumber { text = number + " " + text }
    sectionNumber = heading ? nil : lineSectionNumber(line, bodySize: bodySize, settings: settings)
    var b = LineBlock(
      text: text, box: full.box, isHeading: heading, size: line.size, isBold: line.isBold, page: page)
    b.isCaption = !heading && lineIsNumberedCaption(full)
    let endStyle = lineEndStyle(line)
    defer { lastStyle = endStyle }
    if var c = current {
      let gap = line.box.y0 - c.box.y1
      // A heading wrapped onto the next line: same font, size and colour where one line ends and
      // the next begins.
      let sameStyle = c.isHeading == heading && abs(c.size - b.size) < 0.6
        && (!heading || (c.isBold == b.isBold && lastStyle.map { $0.color == style.color && $0.font == style.font } ?? true))
      if sameStyle && gap < 0.8 * max(c.size, b.size) && gap > -0.5 * b.size {
        c.text = heading ? joinWrappedLines(c.text, b.text) : c.text + " " + b.text
        c.box = c.box.union(b.box)
        // A caption runs on one line; a paragraph opened by one is no caption.
        c.isCaption = false
        current = c
        continue
      }
      items.append(.block(c))
    }
    current = b
  }
  if let c = current { items.append(.block(c)) }
  items.sort { $0.top < $1.top }
  return items
}

/// Everything the extractor returns apart from the source.
struct DocumentParts: Sendable {
  var tables: [ExtractedTable]
  var text: [TextBlock]
  var warnings: [String]
}

/// Runs the page-independent steps over all pages and assembles the document.
func pagesToDocument(_ pages: [PageContent], settings: PDFTableSettings) -> DocumentParts {
  let grouped = pages.map {
    wordsToPageLines($0.words, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm, lineOfWord: true)
  }
  let pageLines = grouped.map(\.lines)
  let bodySize = linesToBodySize(pages: pageLines)
  let running = runningLines(zip(pageLines, pages).map { ($0, $1.height) }, settings: settings)

  var items: [(page: Int, item: PageItem)] = []
  for (p, page) in pages.enumerated() {
    var words = page.words
    var kept = Array(words.indices)
    if !running[p].isEmpty {
      let drop = running[p].map { pageLines[p][$0].box }
      kept = kept.filter { i in
        let box = words[i].box
        return !drop.contains { $0.yOverlap(box) > 0 && $0.xOverlap(box) >= 0.5 * box.width }
      }
      words = kept.map { words[$0] }
    }
    let reuse = LineReuse(page: grouped[p], fullIndex: kept)
    for item in pageToItems(
      words: words, rulings: page.rulings, page: page.number, bodySize: bodySize, settings: settings, reusing: reuse)
    {
      items.append((page.number, item))
    }
  }
  return itemsToDocument(items, bodySize: bodySize, settings: settings)
}

/// Headings as a stack (a larger or bolder heading closes the smaller ones under it), tables
/// titled from it, continued tables joined.
func itemsToDocument(_ items: [(page: Int, item: PageItem)], bodySize: Double, settings: PDFTableSettings)
  -> DocumentParts
{
  var stack: [(rank: Double, text: String)] = []
  var tables: [ExtractedTable] = []
  var last: PageTable? = nil
  var lastIndex: Int? = nil
  // Where the last table seen ends and how many columns it has, for a grid broken on its page.
  var lastBottom: Double? = nil
  var lastColumns = 0
  var text: [TextBlock] = []
  let dividers = headingOnlyPages(items)
  var dividerHeadingSeen = false
  var lastPage: Int? = nil
  // The rank of the heading that ended the previous item, if it was one.
  var previousHeadingRank: Double? = nil
  // The caption just read, when nothing has come since.
  var caption: LineBlock? = nil
  for (page, item) in items {
    let firstOnPage = page != lastPage
    if firstOnPage {
      dividerHeadingSeen = false
      lastPage = page
    }
    let headingBefore = previousHeadingRank
    previousHeadingRank = nil
    let captionBefore = caption
    caption = nil
    switch item {
    case .block(let b):
      if b.isCaption { caption = b }
      text.append(TextBlock(text: b.text, page: page, bbox: b.box, isHeading: b.isHeading))
      // On a page of headings only (a chapter divider, a cover) the first heading names the
      // chapter; the rest is decoration (a slogan, a logo) that must not replace it.
      if b.isHeading, dividers.contains(page) {
        if dividerHeadingSeen { continue }
        dividerHeadingSeen = true
      }
      if b.isHeading {
        let rank = (b.size * 2).rounded() + (b.isBold ? 0.5 : 0)
        previousHeadingRank = rank
        // A heading wrapped over a page break: its last line opens the next page in the same
        // style and reads on (lower case or a bracket).
        if firstOnPage, headingBefore == rank, let top = stack.last, top.rank == rank,
          let first = b.text.unicodeScalars.first, first.properties.isLowercase || first == "("
        {
          stack[stack.count - 1].text = joinWrappedLines(top.text, b.text)
          continue
        }
        while let top = stack.last, top.rank <= rank { stack.removeLast() }
        stack.append((rank, b.text))
        last = nil
        lastIndex = nil
      } else if b.box.height > 0, textHasMoreWords(b.text, than: 3) {
        // Prose between two tables means the second is not a continuation.
        last = nil
        lastIndex = nil
      }
    case .table(let t):
      // On the next page, or further down the same page right below it (a grid broken where a
      // cell runs on without its bottom rule).
      let follows = last.map { prev in
        t.page == prev.page + 1
          || (t.page == prev.page && t.headerRowCount == 0 && t.columns.count == lastColumns
            && lastBottom.map { t.box.y0 - $0 <= 2 * bodySize } == true)
      } ?? false
      if settings.mergeContinuations, follows, let prev = last, let li = lastIndex,
        let appended = continuation(prev, t)
      {
        // Cell text broken over the page break reads on in the last row.
        if !appended.fragment.isEmpty, var row = tables[li].rows.last {
          for (c, text) in appended.fragment where c < row.cells.count {
            row.cells[c].text = row.cells[c].text.isEmpty ? text : joinWrappedLines(row.cells[c].text, text)
          }
          tables[li].rows[tables[li].rows.count - 1] = row
        }
        tables[li].rows.append(contentsOf: appended.rows)
        if tables[li].pages.last != t.page { tables[li].pages.append(t.page) }
        tables[li].footnotes.append(contentsOf: t.footnotes)
        // The first page's columns and header stay the reference for the pages after.
        var anchor = prev
        anchor.page = t.page
        last = anchor
        lastBottom = t.box.y1
        lastColumns = t.columns.count
        continue
      }
      var table = pageTableToExtracted(t, headings: stack.map(\.text))
      // A caption set right above the table (within two of its lines) is its title, notes in
      // brackets included (a scale: "(x € 1.000)"), and no longer running text: its scale note
      // is no figure stated in the text.
      if let c = captionBefore, c.page == t.page, t.box.y0 - c.box.y1 <= 2 * c.size {
        table.title = c.text
        if let l = text.last, l.page == c.page, l.text == c.text, l.bbox == c.box { text.removeLast() }
      }
      tables.append(table)
      last = t
      lastBottom = t.box.y1
      lastColumns = t.columns.count
      lastIndex = tables.count - 1
    }
  }
  return DocumentParts(tables: tables, text: text, warnings: [])
}

/// Whether `text` holds more than `n` words: runs of Characters between spaces, as
/// `text.split(separator: " ")` gives them, read only as far as the word after the `n`th.
func textHasMoreWords(_ text: String, than n: Int) -> Bool {
  var words = 0
  var inWord = false
  for ch in text {
    if ch == " " {
      inWord = false
    } else if !inWord {
      inWord = true
      words += 1
      if words > n { return true }
    }
  }
  return false
}

/// Joins the wrapped lines of a heading or a cell; a word broken after a hyphen ("VAPH-" + "bewoners") is
/// joined without a space, a dash standing apart ("SD10022 -" + "Iedere") keeps it.
func joinWrappedLines(_ upper: String, _ lower: String) -> String {
  let u = Array(upper.unicodeScalars.suffix(2))
  if u.count == 2, u[1] == "-", u[0].properties.isAlphabetic { return upper + lower }
  return upper + " " + lower
}

/// A minus sign set apart at the left of an amount (accounting style "-    935,00") lands in a
/// column of its own: it is joined to the figure to its right when only empty cells lie between,
/// the figure has no sign, and the sign's column holds no figure and stays empty in most rows
/// (a column of dashes standing for zero is left alone).
func joinDetachedSigns(_ table: PageTable) -> PageTable {
  var t = table
  let body = t.headerRowCount..<t.rows.count
  guard !body.isEmpty else { return t }
  func isSign(_ s: String) -> Bool { s == "-" || s == "–" || s == "−" }
  for c in t.columns.indices.dropLast() {
    let filled = body.filter { !t.rows[$0][c].text.isEmpty }
    guard !filled.isEmpty, 2 * filled.count < body.count, filled.allSatisfy({ isSign(t.rows[$0][c].text) }) else {
      continue
    }
    for r in filled {
      guard let k = ((c + 1)..<t.columns.count).first(where: { !t.rows[r][$0].text.isEmpty }) else { continue }
      let figure = t.rows[r][k]
      guard cellIsFigure(figure.text), let first = figure.text.unicodeScalars.first,
        first.value >= 0x30 && first.value <= 0x39
      else { continue }
      let sign = t.rows[r][c]
      var joined = figure
      joined.text = sign.text + " " + figure.text
      joined.box = figure.box.map { b in sign.box.map { b.union($0) } ?? b } ?? sign.box
      // A figure spanning columns is held by each of them.
      var j = k
      while j < t.columns.count, t.rows[r][j] == figure {
        t.rows[r][j] = joined
        j += 1
      }
      t.rows[r][c] = .empty
    }
  }
  return t
}

/// A numbered or lettered list set in columns: every filled first cell of the body is a list
/// marker ("6.", "a)", "12.") and most rows hold no figure beside it (prose may end on one,
/// "… RVV 1990.").
func tableIsNumberedList(_ t: PageTable) -> Bool {
  let body = t.rows.dropFirst(t.headerRowCount)
  let markers = body.compactMap { $0.first?.text }.filter { !$0.isEmpty }
  guard markers.count >= 2, markers.allSatisfy(textIsListMarker) else { return false }
  let withFigures = body.filter { row in row.dropFirst().contains { cellIsFigure($0.text) } }.count
  return 2 * withFigures < body.count
}

/// Pages holding two or more headings and nothing else: no table, no other text.
func headingOnlyPages(_ items: [(page: Int, item: PageItem)]) -> Set<Int> {
  var headings: [Int: Int] = [:]
  var other = Set<Int>()
  for (page, item) in items {
    switch item {
    case .block(let b) where b.isHeading: headings[page, default: 0] += 1
    // A bare number (the chapter's, the page's) does not make a page hold text.
    case .block(let b) where !textHasLetter(b.text): continue
    default: other.insert(page)
    }
  }
  return Set(headings.filter { $0.value >= 2 && !other.contains($0.key) }.keys)
}

/// The words (those of `pageWords` centred in its box) of a ruled table that is really a heading
/// in a ruled or filled band: no cell holds a figure and its words are set at heading size; nil
/// otherwise. The page's words are only gathered for a table without figures.
func headingBandWords(_ t: PageTable, pageWords: [Word], bodySize: Double, settings: PDFTableSettings) -> [Word]? {
  guard !t.rows.contains(where: { $0.contains { cellIsFigure($0.text) } }) else { return nil }
  let words = pageWords.filter { t.box.contains(x: $0.box.midX, y: $0.box.midY) }
  guard !words.isEmpty, median(words.map(\.size)) >= bodySize * settings.headingSizeRatio else { return nil }
  return words
}

/// The rows of `next` that continue `previous` (repeated header dropped), laid out in the columns
/// of `previous`, or nil when `next` is another table: columns elsewhere, figures in columns that
/// hold none before, or a different header. Columns may differ in number (an empty column on one
/// page only) when each column of `next` lies over its own column of `previous`. Header rows of
/// `next` that are the tail of a cell broken over the page (no label, no figure, lower-case text)
/// come back as `fragment`: text by column of `previous`.
func continuation(_ previous: PageTable, _ next: PageTable) -> (rows: [TableRow], fragment: [(Int, String)])? {
  let tolerance = 0.1 * max(1, (previous.box.x1 - previous.box.x0))
  var map: [Int] = []
  if previous.columns.count == next.columns.count {
    for (a, b) in zip(previous.columns, next.columns) {
      let ca = (a.lowerBound + a.upperBound) / 2
      let cb = (b.lowerBound + b.upperBound) / 2
      if abs(ca - cb) > tolerance && abs(a.upperBound - b.upperBound) > tolerance && abs(a.lowerBound - b.lowerBound) > tolerance {
        return nil
      }
    }
    map = Array(next.columns.indices)
  } else {
    // A column whose body is empty on the first page (under a header set off to one side)
    // takes the cells over it only when no filled column lies there too.
    let filled = Set(previous.rows.dropFirst(previous.headerRowCount).flatMap { row in
      row.indices.filter { !row[$0].text.isEmpty }
    })
    for b in next.columns {
      let cb = (b.lowerBound + b.upperBound) / 2
      let distance = previous.columns.map { abs(($0.lowerBound + $0.upperBound) / 2 - cb) }
      let over = previous.columns.indices.filter {
        min(previous.columns[$0].upperBound, b.upperBound) > max(previous.columns[$0].lowerBound, b.lowerBound)
      }
      // A cell spanning columns is read in the first of them, so the first filled column under
      // `b` is the one its cells belong to.
      let preferred = over.filter(filled.contains)
      let near = previous.columns.indices.filter { distance[$0] <= tolerance }
      let nearest = near.filter(filled.contains).min(by: { distance[$0] < distance[$1] })
      guard let best = preferred.first ?? nearest ?? over.first ?? near.min(by: { distance[$0] < distance[$1] }),
        best > (map.last ?? -1)
      else { return nil }
      map.append(best)
    }
    let prevFigures = tableFigureColumns(previous)
    let nextFigures = tableFigureColumns(next)
    guard !nextFigures.isEmpty, nextFigures.allSatisfy({ prevFigures.contains(map[$0]) }) else { return nil }
  }
  var skip = 0
  var fragment: [(Int, String)] = []
  if next.headerRowCount > 0 {
    let prevHeader = previous.rows.prefix(previous.headerRowCount).map { $0.map(\.text) }
    let nextHeader = next.rows.prefix(next.headerRowCount).map { $0.map(\.text) }
    if prevHeader == nextHeader {
      skip = next.headerRowCount
    } else {
      guard next.headerRowCount == 1, let row = next.rows.first, row.first?.text.isEmpty == true,
        row.allSatisfy({ $0.text.isEmpty || $0.text.unicodeScalars.first!.properties.isLowercase })
      else { return nil }
      fragment = row.indices.filter { !row[$0].text.isEmpty }.map { (map[$0], row[$0].text) }
      skip = 1
    }
  }
  let rows = (skip..<next.rows.count).map { i in
    var cells = Array(repeating: TableCell(text: "", bbox: nil, isBold: false), count: previous.columns.count)
    for (j, c) in rowToTableCells(next.rows[i], isBody: i >= next.headerRowCount || skip > 0).enumerated() { cells[map[j]] = c }
    return TableRow(cells: cells, page: next.page, indentLevel: next.indents[i])
  }
  return (rows, fragment)
}

func gridCellToTableCell(_ c: GridCell) -> TableCell {
  TableCell(text: c.text, bbox: c.box, isBold: c.isBold, columnSpan: c.span)
}

/// A row's cells as printed. A header cell spanning figure columns is repeated in each (every
/// figure column keeps its full header path); a body cell spanning columns, or a header cell
/// over label columns only (`figureColumns` holds the others), stands once, in its first column,
/// the columns it covers left empty (as the HTML reader does by default).
func rowToTableCells(_ row: [GridCell], isBody: Bool, figureColumns: Set<Int> = []) -> [TableCell] {
  var out = row.map(gridCellToTableCell)
  var c = 0
  while c < row.count {
    let span = max(1, row[c].span)
    let once = isBody || (c..<min(row.count, c + span)).allSatisfy { !figureColumns.contains($0) }
    if span > 1, !row[c].text.isEmpty, once {
      var k = c + 1
      while k < min(row.count, c + span), row[k] == row[c] {
        out[k] = TableCell(text: "", bbox: nil, isBold: row[c].isBold, columnSpan: 1)
        k += 1
      }
      c = k
    } else {
      c += 1
    }
  }
  return out
}

/// Columns where some body row holds a figure.
func tableFigureColumns(_ t: PageTable) -> Set<Int> {
  var out = Set<Int>()
  for row in t.rows.dropFirst(t.headerRowCount) {
    for (c, cell) in row.enumerated() where cellIsFigure(cell.text) { out.insert(c) }
  }
  return out
}

func pageTableToExtracted(_ t: PageTable, headings: [String]) -> ExtractedTable {
  let figures = tableFigureColumns(t)
  let rows = t.rows.indices.map { i in
    TableRow(
      cells: rowToTableCells(t.rows[i], isBody: i >= t.headerRowCount, figureColumns: figures), page: t.page,
      indentLevel: t.indents[i])
  }
  return ExtractedTable(
    title: headings.last, headings: headings, pages: [t.page], bbox: t.box, headerRowCount: t.headerRowCount,
    rows: rows, origin: .grid, footnotes: t.footnotes)
}
