import TallyCore

/// Header rows, column paths and label columns.

/// The number of leading rows that are headers, for a table whose extractor marked none: rows
/// without figures (a bare year counts as text) that print something right of the first column,
/// as long as a row with figures follows.
func inferredHeaderRowCount(_ rows: [[String]], lexer: NumberLexer) -> Int {
  var count = 0
  for row in rows {
    let hasFigure = row.contains { text in
      switch lexer.lex(text) {
      case .number(let n): !isBareYear(text, n)
      case .malformed: true
      default: false
      }
    }
    if hasFigure { return count }
    guard row.dropFirst().contains(where: { !$0.isEmpty }) else { return count }
    count += 1
  }
  return 0  // no row with figures: nothing to head
}

/// A four-digit whole number between 1900 and 2100 printed without decoration: a year.
func isBareYear(_ text: String, _ n: ParsedNumber) -> Bool {
  guard n.decimals == 0, !n.isPercent, !n.isCurrency, n.note == nil,
    text.unicodeScalars.count == 4, text.unicodeScalars.allSatisfy(isDigit)
  else { return false }
  return n.value >= ExactDecimal(1900) && n.value <= ExactDecimal(2100)
}

/// Header rows with a spanning cell's text repeated in the columns it spans (when the extractor
/// left them blank).
func headerRowsWithSpansFilled(_ rows: [TableRow], columnCount: Int) -> [[String]] {
  rows.map { row in
    var texts = (0..<columnCount).map { $0 < row.cells.count ? row.cells[$0].text : "" }
    for (c, cell) in row.cells.enumerated() where cell.columnSpan > 1 && !cell.text.isEmpty {
      for k in (c + 1)..<min(c + cell.columnSpan, columnCount) where texts[k].isEmpty {
        texts[k] = cell.text
      }
    }
    return texts
  }
}

/// Each column's header path, outermost header row first: empty texts dropped, a text repeated
/// in consecutive header rows (a cell spanning rows) kept once. A column without header text has
/// the path [].
func headerRowsToColumnPaths(_ header: [[String]], columnCount: Int) -> [[String]] {
  (0..<columnCount).map { c in
    var path: [String] = []
    for row in header where c < row.count {
      let text = LabelKey.collapseSpaces(row[c])
      if text.isEmpty || path.last == text { continue }
      path.append(text)
    }
    return path
  }
}

/// How many leading columns hold row labels: columns where text cells outnumber figures (in the first column a bare year counts as text, so "2022 | 17" tables keep their
/// years as labels). Empty leading columns count as label columns too.
func leadingLabelColumnCount(_ body: [[NormalizedCell]], columnCount: Int) -> Int {
  var count = 0
  for c in 0..<columnCount {
    var text = 0
    var figures = 0
    for row in body where c < row.count {
      switch row[c].content {
      case .text: text += 1
      case .number(let n): if c == 0 && isBareYear(row[c].raw, n) { text += 1 } else { figures += 1 }
      case .malformed: figures += 1
      case .empty: break
      }
    }
    if figures > 0 && figures >= text { break }
    count += 1
  }
  return count
}
