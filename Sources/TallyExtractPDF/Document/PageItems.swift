import TallyCore

// One page's tables and the text around them, in reading order: what the document assembly reads.

/// Finds the tables and text blocks of one page: the arbiter's tables, then the page's other
/// lines as headings and paragraphs, all in reading order.
/// `reusing`, when given, holds the lines of the page these words were taken from (see
/// `LineReuse`): lines holding the same words are taken from there.
func pageToItems(
  words: [Word], rulings: [Ruling], page: Int, bodySize: Double, settings: PDFTableSettings,
  reusing: LineReuse? = nil
) -> [PageItem] {
  var pool = PagePool(page: page, bodySize: bodySize, words: words, rulings: rulings, snap: settings.rules.snap)
  // Tables set side by side are cut apart; footnote markers printed before figures are split off
  // by the footnotes under each table.
  let found = Arbiter(settings: settings).tables(in: &pool, reusing: reusing).flatMap {
    tablesSideBySide($0, bodySize: bodySize, settings: settings.tables)
  }
  let tables = found.map { t in
    let notes = t.footnotes + footnotesUnder(t, lines: pool.lines, used: pool.usedLines, bodySize: bodySize)
    return tableWithoutFigureMarks(t, markers: footnoteMarkers(notes))
  }
  var items = tables.map(PageItem.table)
  items += linesToBlocks(pool.lines, skipping: pool.usedLines, page: page, bodySize: bodySize, settings: settings)
    .map(PageItem.block)
  items.sort { $0.top < $1.top }
  return items
}

/// The lines outside tables (`lines` but those at `skipping`) as headings and paragraphs: a
/// heading wrapped over two lines or a paragraph's lines joined into one block.
func linesToBlocks(
  _ lines: [TextLine], skipping usedLines: Set<Int>, page: Int, bodySize: Double, settings: PDFTableSettings
) -> [LineBlock] {
  var items: [LineBlock] = []
  // The rest is text: headings and paragraphs.
  var current: LineBlock? = nil
  var lastStyle: LineStyle? = nil
  // A section number set alone in heading size ("4" over "WOONZORG" on a chapter divider).
  var sectionNumber: String? = nil
  for (i, full) in lines.enumerated() where !usedLines.contains(i) {
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
      items.append(c)
    }
    current = b
  }
  if let c = current { items.append(c) }
  return items
}

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

/// A numbered caption on a line of its own: a capitalised word, a number ("3", "10.1", "7.5:"),
/// then a dash or colon (or the number closes with one) and at least one more word, with
/// nothing else on the line but notes in brackets ("(amounts × 1,000)"). It titles the table
/// under it and is none of its rows.
func lineIsNumberedCaption(_ line: TextLine) -> Bool {
  let first = line.chunks[0].words
  guard first.count >= 4,
    line.chunks.dropFirst().allSatisfy({ $0.words[0].text.unicodeScalars.first == "(" })
  else { return false }
  let word = first[0].text.unicodeScalars
  guard word.first?.properties.isUppercase == true, word.allSatisfy({ $0.properties.isAlphabetic }) else {
    return false
  }
  let number = Array(first[1].text.unicodeScalars)
  guard number.count <= 8, let lead = number.first, lead.value >= 0x30 && lead.value <= 0x39,
    number.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "." || $0 == ":" })
  else { return false }
  let closed = number.last == ":" || number.last == "."
  let dash = first[2].text
  return closed || dash == "-" || dash == "–" || dash == "—" || dash == ":"
}
