import TallyCore

// From pages of words to the document: running text removed, tables found per page, headings
// tracked across pages for titles, tables continued over a page break joined.

/// Everything the extractor returns apart from the source.
struct DocumentParts: Sendable {
  var tables: [ExtractedTable]
  var text: [TextBlock]
  var warnings: [String]
}

/// Runs the page-independent steps over all pages and assembles the document.
func pagesToDocument(_ pages: [PageLayout], settings: PDFTableSettings) -> DocumentParts {
  let grouped = pages.map(\.lines)
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
  // Where the last table seen ends, for a grid broken on its page.
  var lastBottom: Double? = nil
  var text: [TextBlock] = []
  let dividers = headingOnlyPages(items)
  var dividerHeadingSeen = false
  var lastPage: Int? = nil
  // The rank of the heading that ended the previous item, if it was one.
  var previousHeadingRank: Double? = nil
  // The caption just read, when nothing has come since.
  var caption: LineBlock? = nil
  // For the table that may continue: what titles it (a later part may print it again), whether
  // a block printing it again came since, and whether any block came since it on its page.
  var chainTitles: [String] = []
  var titleRepeated = false
  var blockSinceTable = false
  // The last short blocks read (a title set a few lines above its table).
  var recentBlocks: [(page: Int, text: String)] = []
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
      // A continued table's title printed again on the page after the break neither opens a
      // section nor ends the table.
      if let prev = last, page > prev.page, textRepeatsTitle(b.text, titles: chainTitles) {
        text.append(TextBlock(text: b.text, page: page, bbox: b.box, isHeading: b.isHeading))
        titleRepeated = true
        continue
      }
      // A line of a header printed again mid-table, left out of the part below it, does not
      // part the two.
      if let prev = last, page == prev.page, textIsHeaderLine(b.text, header: columnHeaderTexts(prev)) {
        text.append(TextBlock(text: b.text, page: page, bbox: b.box, isHeading: b.isHeading))
        continue
      }
      blockSinceTable = true
      recentBlocks = Array((recentBlocks + [(page, b.text)]).suffix(recentTitleBlocks))
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
      // On the next page, or further down the same page right below it with nothing between (a
      // grid broken where a cell runs on without its bottom rule; a header printed again
      // mid-table, one line or more, under the part above).
      // Below it, not beside it: a part whose top lies above the last part's bottom is set next to
      // it (the other side of a two-sided statement), however alike their headers.
      let samePage = last.map { prev in
        t.page == prev.page && !blockSinceTable
          && lastBottom.map {
            t.box.y0 - $0 >= -sideBySideOverlap * bodySize
              && t.box.y0 - $0 <= (t.headerRowCount == 0 ? 2 : 2 + 2 * Double(t.headerRowCount)) * bodySize
          } == true
      } ?? false
      let follows = last.map { prev in t.page == prev.page + 1 || samePage } ?? false
      let context = ContinuationContext(
        titles: chainTitles, titleRepeated: titleRepeated,
        lastRow: lastIndex.flatMap { tables[$0].rows.last?.texts } ?? [],
        samePage: samePage, adjoining: samePage && lastBottom.map { t.box.y0 - $0 <= bodySize } == true)
      if settings.document.mergeContinuations, follows, let prev = last, let li = lastIndex,
        let appended = continuation(prev, t, context: context)
      {
        if appended.dropsLastRow { tables[li].rows.removeLast() }
        if appended.carriesOver, tables[li].rows.count > tables[li].headerRowCount {
          tables[li].rows[tables[li].rows.count - 1].isCarried = true
        }
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
        titleRepeated = false
        blockSinceTable = false
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
      chainTitles = ([table.title, captionBefore?.text, titleRowText(t)] + stack.map(\.text)).compactMap { $0 }
        + recentBlocks.filter { $0.page == t.page }.map(\.text)
      titleRepeated = false
      blockSinceTable = false
      last = t
      lastBottom = t.box.y1
      lastIndex = tables.count - 1
    }
  }
  return DocumentParts(tables: tables, text: text, warnings: [])
}

/// How many of the last short blocks may hold a table's title (the title, a unit line, a note).
let recentTitleBlocks = 3

/// How far, in body lines, a part's top may reach above the bottom of the part before it and still
/// lie below it (boxes of adjoining rows touch or overlap a little).
let sideBySideOverlap = 0.5

/// The text of a table's first header row when that row holds one filled cell only (a title
/// read as part of the table).
func titleRowText(_ t: PageTable) -> String? {
  guard t.headerRowCount > 0, let row = t.rows.first else { return nil }
  let filled = row.filter { !$0.text.isEmpty }
  return filled.count == 1 ? filled[0].text : nil
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
