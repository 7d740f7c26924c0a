// What a table continued on another page (or below a repeated header on its own page) prints
// again: its title, often with a short note after it ("(continued)"), and its column header, in
// full or as the last lines of a header wrapped over several lines whose first lines were read as
// the last row above.

/// Words of `text`, lower-cased: the form titles and headers are compared in.
private func comparableWords(_ text: String) -> [Substring] {
  text.lowercased().split(separator: " ")
}

/// Most words a note after a repeated title may have ("(vervolg)", "- continued", "(cont'd) 2/3").
let repeatedTitleNoteWords = 3

/// Whether `text` prints one of `titles` again: its words, then at most `repeatedTitleNoteWords`
/// more. A title of one word is too weak a sign (a running header, a bare section name). A title
/// that closed a paragraph (read into the block above the table) counts when `text` without its
/// note is the last three words or more of that block.
func textRepeatsTitle(_ text: String, titles: [String]) -> Bool {
  let words = comparableWords(text)
  return titles.contains { title in
    let t = comparableWords(title)
    if t.count >= 2, words.count >= t.count, words.count - t.count <= repeatedTitleNoteWords, words.starts(with: t) {
      return true
    }
    return (0...repeatedTitleNoteWords).contains { note in
      let own = words.dropLast(note)
      return own.count >= 3 && own.count < t.count && t.suffix(own.count).elementsEqual(own)
    }
  }
}

/// Whether every word of `text` is a word of the header texts `header`: a line of a header
/// printed again that was left out of the table below it.
func textIsHeaderLine(_ text: String, header: [String]) -> Bool {
  let words = comparableWords(text)
  let known = Set(header.flatMap(comparableWords))
  return !words.isEmpty && words.allSatisfy(known.contains)
}

/// Per column of `table`, the texts of its header rows joined top to bottom (a text repeated
/// down a column, a spanning cell read in each row, once).
func columnHeaderTexts(_ table: PageTable) -> [String] {
  table.columns.indices.map { c in
    var parts: [String] = []
    for row in table.rows.prefix(table.headerRowCount) where c < row.count {
      let text = row[c].text
      if !text.isEmpty, parts.last != text { parts.append(text) }
    }
    return parts.joined(separator: " ")
  }
}

/// Whether `next`'s header, its columns laid over `previous`'s by `map`, prints the header of
/// `previous` again: every filled header text of `next` is the header text over its column in
/// `previous` or that text's last words (a wrapped header whose first lines stayed above), and
/// at least half of the filled header texts of `previous` in those columns are printed again.
func headerRepeats(previous: [String], next: [String], map: [Int]) -> Bool {
  var filled = 0
  var covered = Set<Int>()
  for (j, text) in next.enumerated() where !text.isEmpty {
    guard j < map.count, map[j] < previous.count else { return false }
    let over = comparableWords(previous[map[j]])
    let own = comparableWords(text)
    guard !over.isEmpty, over.count >= own.count, Array(over.suffix(own.count)) == own else { return false }
    filled += 1
    covered.insert(map[j])
  }
  let expected = Set(map).filter { $0 < previous.count && !previous[$0].isEmpty }.count
  return filled > 0 && 2 * covered.count >= expected
}

/// The first lines of a repeated header left as the last row above it: a row without figures
/// whose every filled cell, followed by the header text `next` prints over the same column,
/// gives the full header text of that column in `previous`. `nextOver` holds `next`'s header
/// texts by column of `previous`.
func rowIsHeaderHead(_ row: [String], previous: [String], nextOver: [String]) -> Bool {
  var any = false
  for (c, text) in row.enumerated() where !text.isEmpty {
    guard c < previous.count, c < nextOver.count, !cellIsFigure(text), !nextOver[c].isEmpty,
      comparableWords(previous[c]) == comparableWords(text) + comparableWords(nextOver[c])
    else { return false }
    any = true
  }
  return any
}

/// `next`'s columns laid over `previous`'s by order when their x-positions differ (each page's
/// part laid out on its own): label columns from the left, figure columns (those holding a
/// figure in some body row) from the right onto `previous`'s figure columns, any other column
/// between its neighbours. Nil when `next` has more figure columns or no room is left.
func columnsByOrder(_ previous: PageTable, _ next: PageTable) -> [Int]? {
  let prevFigures = tableFigureColumns(previous).sorted()
  let nextFigures = tableFigureColumns(next).sorted()
  guard !nextFigures.isEmpty, nextFigures.count <= prevFigures.count else { return nil }
  var map = Array(repeating: -1, count: next.columns.count)
  for (i, j) in nextFigures.enumerated() { map[j] = prevFigures[prevFigures.count - nextFigures.count + i] }
  for j in map.indices where map[j] < 0 {
    let left = j > 0 ? map[j - 1] : -1
    let right = map[(j + 1)...].first { $0 >= 0 } ?? previous.columns.count
    guard left + 1 < right else { return nil }
    map[j] = left + 1
  }
  return map
}
