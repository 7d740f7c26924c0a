import TallyCore

/// A table found in lines of text: rows of cell texts, where in the segment it starts.
struct LineTable: Sendable, Hashable {
  var rows: [[String]]
  var headerRowCount: Int
  var origin: TableOrigin
  /// Index of its first line in the segment.
  var firstLine: Int
}

/// What a run of lines between two headings holds.
struct LineFindings: Sendable, Hashable {
  /// Markdown pipe tables and label/value runs, in order.
  var tables: [LineTable] = []
  /// Key figures as [label, value], with the index of their first line.
  var keyFigures: [(row: [String], line: Int)] = []
  /// Lines not used by any table: they stay text.
  var unused: [Int] = []

  static func == (a: LineFindings, b: LineFindings) -> Bool {
    a.tables == b.tables && a.unused == b.unused && a.keyFigures.map(\.row) == b.keyFigures.map(\.row)
      && a.keyFigures.map(\.line) == b.keyFigures.map(\.line)
  }

  func hash(into hasher: inout Hasher) { hasher.combine(tables) }
}

/// Finds markdown pipe tables, label/value runs and key figures in one section's lines.
///
/// Order of claims: pipe tables, then runs of "label <tab or colon> value" rows (`minRunRows` or
/// more make a pseudo-table; a single one is a key figure), then big numbers beside their label
/// within one container (a card) or, in a longer container, after a label ending in ":".
func linesToFindings(_ lines: [FlowLine], settings: HTMLTableSettings) -> LineFindings {
  let shape = FigureShape(settings: settings)
  var used = [Bool](repeating: false, count: lines.count)
  var findings = LineFindings()

  if settings.markdownTables {
    for table in markdownTables(lines.map(\.text)) {
      findings.tables.append(table)
      for i in table.firstLine..<(table.firstLine + table.rows.count + 1) { used[i] = true }
    }
  }

  if settings.labelValueRuns || settings.keyFigures {
    var i = 0
    while i < lines.count {
      guard !used[i] else { i += 1; continue }
      var run: [[String]] = []
      var headerRows = 0
      var j = i
      while j < lines.count, !used[j] {
        if let cells = labelValueCells(lines[j], shape: shape, settings: settings) {
          run.append(cells)
          j += 1
        } else if run.isEmpty, j + 1 < lines.count, !used[j + 1],
          let header = headerCells(lines[j], settings: settings),
          let next = labelValueCells(lines[j + 1], shape: shape, settings: settings), next.count == header.count
        {
          run.append(header)
          headerRows = 1
          j += 1
        } else {
          break
        }
      }
      let bodyRows = run.count - headerRows
      if bodyRows >= settings.minRunRows, settings.labelValueRuns {
        let width = run.map(\.count).max() ?? 0
        let rows = run.map { $0 + Array(repeating: "", count: width - $0.count) }
        findings.tables.append(LineTable(rows: rows.map { labelled($0, settings) }, headerRowCount: headerRows, origin: .pseudoTable, firstLine: i))
        for k in i..<j { used[k] = true }
        i = j
      } else if bodyRows == 1, headerRows == 0, run[0].count == 2, settings.keyFigures {
        findings.keyFigures.append((labelled(run[0], settings), i))
        used[i] = true
        i += 1
      } else {
        i += 1
      }
    }
  }

  if settings.keyFigures {
    var start = 0
    while start < lines.count {
      var end = start + 1
      while end < lines.count, lines[end].group == lines[start].group { end += 1 }
      for (row, line, claimed) in groupKeyFigures(lines, start..<end, used: used, shape: shape, settings: settings) {
        findings.keyFigures.append((labelled(row, settings), line))
        for k in claimed { used[k] = true }
      }
      start = end
    }
    findings.keyFigures.sort { $0.line < $1.line }
  }

  findings.unused = used.indices.filter { !used[$0] }
  return findings
}

/// The first cell without its trailing colon, when the settings ask for it.
private func labelled(_ row: [String], _ settings: HTMLTableSettings) -> [String] {
  guard settings.stripLabelColon, let first = row.first else { return row }
  return [withoutTrailingColon(first)] + row.dropFirst()
}

/// A label/value row: tab- or gap-separated cells with a figure after the first, or "label: figure".
func labelValueCells(_ line: FlowLine, shape: FigureShape, settings: HTMLTableSettings) -> [String]? {
  if line.raw.contains("\t") || (settings.columnGapSpaces > 0 && line.raw.contains(String(repeating: " ", count: settings.columnGapSpaces))) {
    let cells = rowToCells(Substring(line.raw), gapSpaces: settings.columnGapSpaces)
    if cells.count >= 2, cells[0].count <= settings.maxLabelChars, cells.dropFirst().contains(where: { shape.isFigure($0) }) {
      return cells
    }
  }
  if let (label, value) = labelColonFigure(line.text, shape: shape, maxLabelChars: settings.maxLabelChars) {
    return [label + ":", value]
  }
  return nil
}

/// A header row of a tab-separated run: two or more cells, none a figure.
private func headerCells(_ line: FlowLine, settings: HTMLTableSettings) -> [String]? {
  guard line.raw.contains("\t") else { return nil }
  let cells = rowToCells(Substring(line.raw), gapSpaces: settings.columnGapSpaces)
  let shape = FigureShape(settings: settings)
  guard cells.count >= 2, !cells.contains(where: { shape.isFigure($0) }) else { return nil }
  return cells
}

/// Key figures of one container's lines: a lone figure with its label (and unit words) in a card of
/// two or three lines, or in a longer container a figure right after a label ending in ":".
private func groupKeyFigures(
  _ lines: [FlowLine], _ range: Range<Int>, used: [Bool], shape: FigureShape, settings: HTMLTableSettings
) -> [(row: [String], line: Int, claimed: [Int])] {
  let free = range.filter { !used[$0] }
  let isFigure = { (i: Int) in shape.isFigure(lines[i].text) }
  let isLabel = { (i: Int) in
    hasLetter(lines[i].text) && !shape.isFigure(lines[i].text) && lines[i].text.count <= settings.maxLabelChars
  }
  let figures = free.filter(isFigure)
  if free.count == range.count, free.count >= 2, free.count <= 3, figures.count == 1, free.allSatisfy({ isFigure($0) || isLabel($0) }) {
    let f = figures[0]
    let before = free.filter { $0 < f }
    let after = free.filter { $0 > f }
    let isUnit = { (i: Int) in shape.isFigure("1 " + lines[i].text) && !lines[i].text.contains(where: \.isNumber) }
    if !before.isEmpty, !after.isEmpty, after.allSatisfy(isUnit) {
      let label = before.map { lines[$0].text }.joined(separator: " ")
      let value = ([f] + after).map { lines[$0].text }.joined(separator: " ")
      return [([label, value], free[0], free)]
    }
    if before.isEmpty || after.isEmpty {
      let label = (before.isEmpty ? after : before).map { lines[$0].text }.joined(separator: " ")
      return [([label, lines[f].text], free[0], free)]
    }
  }
  // Longer containers: "JANUARI 2023:" above "10%".
  var result: [(row: [String], line: Int, claimed: [Int])] = []
  var taken = Set<Int>()
  for f in figures {
    guard let p = free.last(where: { $0 < f }), p == f - 1, !taken.contains(p), isLabel(p), lines[p].text.hasSuffix(":") else { continue }
    result.append(([lines[p].text, lines[f].text], p, [p, f]))
    taken.insert(p)
    taken.insert(f)
  }
  return result
}

// MARK: Markdown pipe tables

/// Markdown pipe tables among consecutive lines: a header row with "|", a separator row
/// ("---|---|", ":--|--:"), then the rows with "|" up to the first line without one.
func markdownTables(_ lines: [String]) -> [LineTable] {
  var tables: [LineTable] = []
  var i = 1
  while i < lines.count {
    guard isMarkdownSeparator(lines[i]), lines[i - 1].contains("|"),
      tables.last.map({ $0.firstLine + $0.rows.count + 1 <= i - 1 }) ?? true
    else { i += 1; continue }
    let header = pipeCells(lines[i - 1])
    var rows = [header]
    var j = i + 1
    while j < lines.count, lines[j].contains("|"), !isMarkdownSeparator(lines[j]) {
      rows.append(pipeCells(lines[j]))
      j += 1
    }
    let width = rows.map(\.count).max() ?? 0
    rows = rows.map { $0 + Array(repeating: "", count: width - $0.count) }
    tables.append(LineTable(rows: rows, headerRowCount: 1, origin: .pseudoTable, firstLine: i - 1))
    i = j
  }
  return tables
}

/// "---|---|", "| :-- | --: |": only dashes, colons, pipes and spaces, with a pipe and a dash run.
func isMarkdownSeparator(_ line: String) -> Bool {
  var dashes = 0
  var pipes = 0
  for s in line.unicodeScalars {
    switch s {
    case "-": dashes += 1
    case "|": pipes += 1
    case ":", " ", "\t": break
    default: return false
    }
  }
  return pipes >= 1 && dashes >= 3
}

/// The cells of "a | b |" or "| a | b |": split at pipes, outer empty cells dropped, trimmed.
func pipeCells(_ line: String) -> [String] {
  var cells = line.split(separator: "|", omittingEmptySubsequences: false).map { LabelKey.collapseSpaces(String($0)) }
  if cells.first == "" { cells.removeFirst() }
  if cells.last == "" { cells.removeLast() }
  return cells
}
