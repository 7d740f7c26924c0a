import TallyCore

/// Tables and text of a page, from its flow items.
struct PageContent: Sendable {
  var tables: [ExtractedTable]
  var text: [TextBlock]
}

/// Turns flow items into tables and text blocks, in reading order.
///
/// Headings (h1–h6, and fully bold short lines outside quotes and navigation) give each table its
/// title and heading path; a caption wins as title. Lines between two headings or grids form a
/// segment in which pseudo-tables and key figures are found; key figures are gathered into one
/// table per section, placed where its first figure is. Lines right after a grid that start with a
/// footnote marker are the grid's footnotes.
func flowToPageContent(_ items: [FlowItem], settings: HTMLTableSettings) -> PageContent {
  let shape = FigureShape(settings: settings)
  var headings: [(level: Int, text: String)] = []
  var tables: [ExtractedTable?] = []
  var text: [TextBlock] = []
  var segment: [FlowLine] = []
  var keyFigureSlot: Int? = nil
  var lastGrid: Int? = nil

  func title() -> String? { headings.last?.text }
  func path() -> [String] { headings.map(\.text) }

  func flushKeyFigures() {
    keyFigureSlot = nil
  }

  func flushSegment() {
    defer { segment.removeAll() }
    guard !segment.isEmpty else { return }
    let findings = linesToFindings(segment, settings: settings)
    // Interleave tables and text in line order.
    var slots: [(line: Int, entry: Either)] = []
    for table in findings.tables { slots.append((table.firstLine, .table(table))) }
    for index in findings.unused { slots.append((index, .text(index))) }
    if let first = findings.keyFigures.first {
      slots.append((first.line, .keyFigures(findings.keyFigures.map(\.row))))
    }
    slots.sort { $0.line < $1.line }
    for slot in slots {
      switch slot.entry {
      case .text(let index):
        text.append(TextBlock(text: segment[index].text))
      case .table(let table):
        let rows = table.rows.enumerated().map { i, cells in
          TableRow(cells: cells.map { TableCell(text: $0, isBold: segment[min(table.firstLine + i, segment.count - 1)].isBold) })
        }
        tables.append(
          ExtractedTable(title: title(), headings: path(), headerRowCount: table.headerRowCount, rows: rows, origin: table.origin))
      case .keyFigures(let rows):
        addKeyFigures(rows)
      }
    }
  }

  /// Key figures join the section's key-figure table, which sits where its first figure is.
  func addKeyFigures(_ rows: [[String]]) {
    let tableRows = rows.map { TableRow(cells: $0.map { TableCell(text: $0) }) }
    if let slot = keyFigureSlot, var existing = tables[slot] {
      existing.rows.append(contentsOf: tableRows)
      tables[slot] = existing
    } else {
      keyFigureSlot = tables.count
      tables.append(
        ExtractedTable(title: title(), headings: path(), headerRowCount: 0, rows: tableRows, origin: .keyFigures))
    }
  }

  func startSection(level: Int, text heading: String) {
    flushSegment()
    flushKeyFigures()
    while let last = headings.last, last.level >= level { headings.removeLast() }
    headings.append((level, heading))
  }

  for item in items {
    switch item {
    case .heading(let level, let heading):
      lastGrid = nil
      startSection(level: level, text: heading)
      text.append(TextBlock(text: heading, isHeading: true))
    case .line(let line):
      if let grid = lastGrid, segment.isEmpty,
        settings.footnoteMarkers.contains(where: { line.text.hasPrefix($0) })
          || tables[grid].map({ opensWithCellMarker(line.text, of: $0) }) == true
      {
        tables[grid]?.footnotes.append(line.text)
        continue
      }
      lastGrid = nil
      if isBoldHeading(line, shape: shape, settings: settings) {
        startSection(level: 7, text: line.text)
        text.append(TextBlock(text: line.text, isHeading: true))
      } else {
        segment.append(line)
      }
    case .keyFigures(let rows):
      lastGrid = nil
      flushSegment()
      addKeyFigures(rows)
    case .grid(let grid, let caption):
      flushSegment()
      var headingPath = path()
      if let caption { headingPath.append(caption) }
      lastGrid = tables.count
      tables.append(
        ExtractedTable(
          title: caption ?? title(), headings: headingPath, headerRowCount: grid.headerRowCount, rows: grid.rows,
          origin: .grid))
    }
  }
  flushSegment()
  return PageContent(tables: tables.compactMap { $0 }, text: text)
}

private enum Either {
  case text(Int)
  case table(LineTable)
  case keyFigures([[String]])
}

/// A short line fully bold by markup, with a letter that is not a figure or a "label: figure" line.
func isBoldHeading(_ line: FlowLine, shape: FigureShape, settings: HTMLTableSettings) -> Bool {
  guard settings.maxBoldHeadingChars > 0, line.isMarkupBold, !line.isAside, line.text.count <= settings.maxBoldHeadingChars,
    hasLetter(line.text), !shape.isFigure(line.text)
  else { return false }
  return labelColonFigure(line.text, shape: shape, maxLabelChars: settings.maxLabelChars) == nil
    && !line.raw.contains("\t") && !line.text.contains("|")
}

/// Whether `text` opens with a note number ("26 Exclusief tijdelijke contracten.") that a cell of
/// `table` prints before its figure ("26 1 890,93"), or with a numbered mark in parentheses
/// ("(2) Voorlopige cijfers.") after a footnote so marked ("(1) ..."): the grid's footnote.
func opensWithCellMarker(_ text: String, of table: ExtractedTable) -> Bool {
  let words = text.split(separator: " ", maxSplits: 1)
  guard words.count == 2, let first = words.first, let next = words[1].unicodeScalars.first,
    next.properties.isAlphabetic
  else { return false }
  let bracketed = first.hasPrefix("(") && first.hasSuffix(")") && first.count > 2
  let marker = bracketed ? first.dropFirst().dropLast() : first
  guard marker.count <= 3, marker.unicodeScalars.allSatisfy({ isASCIIDigit($0) }) else { return false }
  let prefix = marker + " "
  return table.rows.contains { row in
    row.cells.contains { cell in
      bracketed
        ? table.footnotes.last.map { $0.hasPrefix("(") && $0.dropFirst().first?.isASCII == true && $0.dropFirst().first?.isNumber == true } == true
        : cell.text.hasPrefix(prefix)
          && cell.text.unicodeScalars.dropFirst(prefix.unicodeScalars.count).first.map(isASCIIDigit) == true
    }
  }
}

private func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
