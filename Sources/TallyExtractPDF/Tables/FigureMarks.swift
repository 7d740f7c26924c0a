import TallyCore

// Footnote markers printed before a figure in the figure's own size and a space apart
// ("19 13 557,32" over a footnote "19 Exclusief tijdelijke contracten."): no part of the figure.
// Only a marker that a footnote under the table names is split off; without that evidence
// "3 43,51" is a figure split by a stray space and stays as printed.

/// A footnote marker has at most this many digits; a longer leading integer is part of a figure.
let figureMarkMaxDigits = 3
/// Footnotes are looked for under a table's bottom within this many ems of body text…
let footnoteReachEm = 3.0
/// …each within this many ems of the line before it.
let footnoteLineGapEm = 1.5

/// The integers that open footnote lines ("19 Exclusief …", "3) Bron: …"): digits, an optional
/// ")", a space, then a word (a line of figures is no footnote).
func footnoteMarkers(_ notes: [String]) -> Set<String> {
  var found = Set<String>()
  for note in notes {
    let s = Array(note.unicodeScalars)
    var i = 0
    while i < s.count, s[i] == " " { i += 1 }
    let start = i
    while i < s.count, isAsciiDigit(s[i]) { i += 1 }
    guard i > start, i - start <= figureMarkMaxDigits, i < s.count else { continue }
    let marker = String(String.UnicodeScalarView(s[start..<i]))
    if s[i] == ")" { i += 1 }
    guard i < s.count, s[i] == " " else { continue }
    while i < s.count, s[i] == " " { i += 1 }
    guard i < s.count, s[i].properties.isAlphabetic else { continue }
    found.insert(marker)
  }
  return found
}

/// The texts of the footnote lines right under `table`: lines of `lines` not in `used`, starting
/// within `footnoteReachEm` of its bottom and overlapping it across, each near the one before.
func footnotesUnder(_ table: PageTable, lines: [TextLine], used: Set<Int>, bodySize: Double) -> [String] {
  var notes: [String] = []
  var bottom = table.box.y1
  let em = max(bodySize, 1)
  let below = lines.indices.filter { i in
    !used.contains(i) && lines[i].box.y0 >= table.box.y1 - 0.5 * em && lines[i].box.xOverlap(table.box) > 0
  }.sorted { lines[$0].box.y0 < lines[$1].box.y0 }
  for (k, i) in below.enumerated() {
    let line = lines[i]
    let limit = (k == 0 ? footnoteReachEm : footnoteLineGapEm) * em
    guard line.box.y0 - bottom <= limit else { break }
    notes.append(line.text)
    bottom = line.box.y1
  }
  return notes
}

/// `table` with the markers in `markers` split off the start of its figure cells: a cell
/// "N figure" whose N is a marker and whose rest reads as a figure keeps the figure. A cell that
/// also reads whole as a grouped figure ("20 216 264,6") is split only when its marker opens no
/// other cell of the table (a column of "1 234", "1 567" under a note "1" holds figures).
func tableWithoutFigureMarks(_ table: PageTable, markers: Set<String>) -> PageTable {
  guard !markers.isEmpty else { return table }
  var splits: [(r: Int, c: Int, marker: String, figure: String)] = []
  var opened: [String: Int] = [:]
  for (r, row) in table.rows.enumerated() where r >= table.headerRowCount {
    for (c, cell) in row.enumerated() {
      guard let (marker, figure) = leadingMarker(cell.text), markers.contains(marker), cellIsFigure(figure) else {
        continue
      }
      opened[marker, default: 0] += 1
      splits.append((r, c, marker, figure))
    }
  }
  guard !splits.isEmpty else { return table }
  var out = table
  for s in splits where !textIsGroupedFigure(out.rows[s.r][s.c].text) || opened[s.marker] == 1 {
    out.rows[s.r][s.c].text = s.figure
  }
  return out
}

/// The leading integer of `text` (at most `figureMarkMaxDigits` digits) and what follows it after
/// one space, when something does.
func leadingMarker(_ text: String) -> (marker: String, rest: String)? {
  let s = Array(text.unicodeScalars)
  var i = 0
  while i < s.count, isAsciiDigit(s[i]) { i += 1 }
  guard i > 0, i <= figureMarkMaxDigits, i + 1 < s.count, s[i] == " ", s[i + 1] != " " else { return nil }
  return (String(String.UnicodeScalarView(s[..<i])), String(String.UnicodeScalarView(s[(i + 1)...])))
}

/// Whether `text` reads as one figure grouped by spaces: 1–3 digits, then groups that each open
/// with exactly three digits ("20 216 264,6"; not "19 13 557,32", "14 0,56" or "11 (100,0%)").
func textIsGroupedFigure(_ text: String) -> Bool {
  let groups = text.split(separator: " ", omittingEmptySubsequences: false)
  guard groups.count >= 2 else { return false }
  for (k, g) in groups.enumerated() {
    let digits = g.unicodeScalars.prefix { isAsciiDigit($0) }.count
    if k == 0 {
      guard digits >= 1, digits <= 3, digits == g.unicodeScalars.count else { return false }
    } else {
      guard digits == 3 else { return false }
      if k < groups.count - 1, g.unicodeScalars.count != 3 { return false }
    }
  }
  return true
}

private func isAsciiDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
