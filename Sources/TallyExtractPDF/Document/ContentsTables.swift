import TallyCore

// A table of contents is laid out like a table (labels, then a column of page numbers) but holds
// no data: its page numbers would become facts and its last entry a "total". It is recognised by
// what it points to, not by its words: its entries are the headings of tables further on, in the
// same order as its page numbers.

/// One entry of a table that may be a table of contents: its label and printed page number.
struct ContentsEntry: Equatable {
  var label: String
  var pageNumber: Int
}

/// The entries of `table` when every body row reads as a contents entry: a label and, as its
/// last printed cell, a whole number of at most four digits with no separators. A row with a label
/// and no number (a part heading without a page) is allowed; a row with any other figure, or with
/// a number and no label, means the table is not a contents list (nil).
func tableToContentsEntries(_ table: ExtractedTable) -> [ContentsEntry]? {
  var entries: [ContentsEntry] = []
  for row in table.rows.dropFirst(table.headerRowCount) {
    let printed = row.cells.map(\.text).filter { !$0.isEmpty }
    guard let last = printed.last else { continue }
    if let number = pageNumber(last) {
      let label = printed.dropLast().joined(separator: " ")
      guard !label.isEmpty, !printed.dropLast().contains(where: cellIsFigure) else { return nil }
      entries.append(ContentsEntry(label: label, pageNumber: number))
    } else if printed.contains(where: cellIsFigure) {
      return nil
    }
  }
  return entries
}

/// A page number as printed in a contents list: one to four ASCII digits, nothing else.
func pageNumber(_ text: String) -> Int? {
  let utf8 = text.utf8
  guard (1...4).contains(utf8.count), utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
  return Int(text)
}

/// Whether entries read as a table of contents of a document whose later headings are `headingPages`
/// (normalised heading → first page a table is headed by it): at least `minEntries` entries are
/// headings of tables on later pages than `page`, these make up at least half of the entries, and
/// both the printed page numbers and the pages where the headings stand never go down.
func entriesAreContents(
  _ entries: [ContentsEntry], page: Int, headingPages: [String: Int], minEntries: Int
) -> Bool {
  guard minEntries > 0, entries.count >= minEntries else { return false }
  var matched = 0
  var lastPrinted = Int.min
  var lastPhysical = Int.min
  for entry in entries {
    guard entry.pageNumber >= lastPrinted else { return false }
    lastPrinted = entry.pageNumber
    guard let physical = headingPages[normalizedHeading(entry.label)], physical > page else { continue }
    guard physical >= lastPhysical else { return false }
    lastPhysical = physical
    matched += 1
  }
  return matched >= minEntries && matched * 2 >= entries.count
}

/// Lower case with white space collapsed: how a contents entry and the heading it names compare.
func normalizedHeading(_ text: String) -> String {
  text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// `tables` without their tables of contents. The tables of one page that each read as contents
/// entries are judged together (a contents list split by rules or a page layout into fragments).
/// `minEntries` 0 keeps every table.
func dropContentsTables(_ tables: [ExtractedTable], minEntries: Int) -> [ExtractedTable] {
  guard minEntries > 0 else { return tables }
  // Headings of tables on later pages: the first page each is seen on.
  var headingPages: [String: Int] = [:]
  for table in tables {
    guard let page = table.pages.first else { continue }
    for heading in table.headings + [table.title].compactMap({ $0 }) {
      let key = normalizedHeading(heading)
      if let seen = headingPages[key], seen <= page { continue }
      headingPages[key] = page
    }
  }
  var candidatesByPage: [Int: [(index: Int, entries: [ContentsEntry])]] = [:]
  for (index, table) in tables.enumerated() {
    guard let page = table.pages.first, let entries = tableToContentsEntries(table), !entries.isEmpty else {
      continue
    }
    candidatesByPage[page, default: []].append((index, entries))
  }
  var dropped = Set<Int>()
  for (page, candidates) in candidatesByPage {
    let pooled = candidates.flatMap(\.entries)
    if entriesAreContents(pooled, page: page, headingPages: headingPages, minEntries: minEntries) {
      dropped.formUnion(candidates.map(\.index))
    }
  }
  guard !dropped.isEmpty else { return tables }
  return tables.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
}
