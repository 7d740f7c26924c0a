import TallyCore

// Lines laid into columns as rows, and the joins that make one row of several lines: wrapped
// cells, tight second lines, hyphenated labels, detached signs.

/// A chunk of this many words or more reads as running text, not a cell…
let longChunkWords = 7
/// …and lines where more than this share of chunks are such are prose set in columns, no table.
let longChunkShare = 0.5

/// One line laid onto the columns.
struct LaidRow: Sendable {
  var cells: [GridCell]
  var box: BoundingBox
  /// x0 of the first chunk in the first column, for indentation.
  var labelX0: Double?
  var filled: Int { cells.filter { !$0.text.isEmpty }.count }
  var distinctFilled: Int {
    var n = 0
    var i = 0
    while i < cells.count {
      if !cells[i].text.isEmpty { n += 1 }
      i += max(1, cells[i].span)
    }
    return n
  }
}

/// Lays each line's chunks onto the columns; chunks in the same column are joined.
func lineToRow(_ line: TextLine, columns: [ClosedRange<Double>]) -> LaidRow {
  var cells = Array(repeating: GridCell.empty, count: columns.count)
  var labelX0: Double? = nil
  for chunk in line.chunks {
    let span = chunkToColumns(chunk.box, columns: columns)
    if span.lowerBound == 0 && labelX0 == nil { labelX0 = chunk.box.x0 }
    for c in span {
      if cells[c].text.isEmpty {
        cells[c] = GridCell(text: chunk.text, box: chunk.box, isBold: chunk.isBold, span: span.count)
      } else {
        cells[c].text += " " + chunk.text
        cells[c].box = cells[c].box.map { $0.union(chunk.box) } ?? chunk.box
        cells[c].isBold = cells[c].isBold && chunk.isBold
      }
    }
  }
  return LaidRow(cells: cells, box: line.box, labelX0: labelX0)
}

/// Joins a row's cell texts into another, column by column (wrapped lines of one printed row).
func mergeRows(_ upper: LaidRow, _ lower: LaidRow) -> LaidRow {
  var out = upper
  for i in 0..<out.cells.count {
    let l = lower.cells[i]
    guard !l.text.isEmpty else { continue }
    if out.cells[i].text.isEmpty {
      out.cells[i] = l
    } else {
      out.cells[i].text = joinWrappedLines(out.cells[i].text, l.text)
      out.cells[i].box = out.cells[i].box.map { b in l.box.map { b.union($0) } ?? b } ?? l.box
      out.cells[i].isBold = out.cells[i].isBold && l.isBold
      out.cells[i].span = min(out.cells[i].span, l.span)
    }
  }
  out.box = upper.box.union(lower.box)
  out.labelX0 = upper.labelX0 ?? lower.labelX0
  return out
}

/// Whether `part` can be folded into `row`: each of its filled cells lands on an empty cell or on
/// a text cell (figures do not wrap onto a second line).
func rowsCompatible(_ row: LaidRow, _ part: LaidRow) -> Bool {
  for i in 0..<row.cells.count where !part.cells[i].text.isEmpty {
    if cellIsFigure(part.cells[i].text) { return false }
    if cellIsFigure(row.cells[i].text) { return false }
  }
  return true
}

/// Folds wrapped lines into their rows. A line with one filled cell and no figure belongs to the
/// row above (or below, for cells aligned to the bottom or middle) when it is set closer than the
/// table's usual gap between rows, or when it starts in lower case.
func joinWrappedRows(_ rows: [LaidRow], ratio: Double) -> [LaidRow] {
  guard rows.count > 1 else { return rows }
  var anchorGaps: [Double] = []
  for k in 1..<rows.count where rows[k].distinctFilled >= 2 && rows[k - 1].distinctFilled >= 2 {
    anchorGaps.append(rows[k].box.y0 - rows[k - 1].box.y1)
  }
  let rowGap = median(anchorGaps)
  let limit = anchorGaps.isEmpty ? -Double.infinity : rowGap * ratio
  var out: [LaidRow] = []
  var pendingBelow: LaidRow? = nil
  for (k, row) in rows.enumerated() {
    var row = row
    if let p = pendingBelow {
      row = mergeRows(p, row)
      pendingBelow = nil
    }
    let single = row.distinctFilled == 1 && !row.cells.contains { cellIsFigure($0.text) }
    if single, let prev = out.last {
      let gapUp = row.box.y0 - prev.box.y1
      let gapDown = k + 1 < rows.count ? rows[k + 1].box.y0 - row.box.y1 : Double.infinity
      let startsLower = row.cells.first { !$0.text.isEmpty }?.text.unicodeScalars.first.map {
        $0.properties.isLowercase
      } ?? false
      if rowsCompatible(prev, row) && (gapUp < limit || startsLower) && gapUp <= gapDown + 0.5 {
        out[out.count - 1] = mergeRows(prev, row)
        continue
      }
      // Or to the row below when its label reads on from this line ("Ritten minder-" over
      // "mobielen  161  79,21"), set no further off than the row above.
      if k + 1 < rows.count, rows[k + 1].distinctFilled >= 2, rowsCompatible(rows[k + 1], row),
        (gapDown < limit
          && rows[k + 1].cells.indices.allSatisfy({ row.cells[$0].text.isEmpty || rows[k + 1].cells[$0].text.isEmpty }))
          || (labelWrapsOnto(row, rows[k + 1]) && gapDown <= gapUp + 0.5)
      {
        pendingBelow = row
        continue
      }
    }
    out.append(row)
  }
  if let p = pendingBelow { out.append(p) }
  return out
}

/// Whether `upper`, a label alone on its line, is the first line of the label of `lower` (whose
/// figures stand on the label's last line, right of it): the label reads on (`labelReadsOn`).
func labelWrapsOnto(_ upper: LaidRow, _ lower: LaidRow) -> Bool {
  guard let j = upper.cells.firstIndex(where: { !$0.text.isEmpty }), j < lower.cells.count,
    upper.cells[(j + 1)...].allSatisfy({ $0.text.isEmpty })
  else { return false }
  let label = upper.cells[j].text
  let next = lower.cells[j].text
  guard !cellIsFigure(label), !next.isEmpty, !cellIsFigure(next),
    lower.cells[(j + 1)...].contains(where: { !$0.text.isEmpty })
  else { return false }
  return labelReadsOn(label, next)
}

/// Whether `lower` continues the text `upper` broke off: `upper` ends in a hyphen after a letter,
/// leaves a bracket open or is a code alone ("1.1.2", "A4"), or `lower` starts in lower case or
/// with a note in brackets ("(zie 10)").
func labelReadsOn(_ upper: String, _ lower: String) -> Bool {
  let l = Array(lower.unicodeScalars.prefix(2))
  if l.first?.properties.isLowercase == true { return true }
  if l.count == 2, l[0] == "(", l[1].properties.isLowercase { return true }
  if textIsCode(upper) { return true }
  let u = Array(upper.unicodeScalars)
  if u.count > 2, u[u.count - 1] == "-", u[u.count - 2].properties.isAlphabetic { return true }
  return u.filter { $0 == "(" }.count > u.filter { $0 == ")" }.count
}

/// A row code standing alone: at most `maxCodeLength` characters, a digit among them, no lower-case
/// letter and no space ("1.1.2", "A4", "OD09.2").
func textIsCode(_ t: String) -> Bool {
  let u = t.unicodeScalars
  return !u.isEmpty && u.count <= maxCodeLength && u.contains { $0.value >= 0x30 && $0.value <= 0x39 }
    && !u.contains { $0.properties.isLowercase || $0 == " " }
}

/// A row code is at most this many characters long ("OD09.2.1").
let maxCodeLength = 8

/// Joins the lines of rows that wrap onto a second line set tightly under the first, when the
/// table's rows are clearly spaced wider than its lines: a gap under `tightEm` × size and under
/// half the usual gap between rows. Only below the header (the first row with a figure) and only
/// when wrapped lines are not the rule (no more tight gaps than wide ones).
func joinTightLines(_ rows: [LaidRow], tightEm: Double) -> [LaidRow] {
  guard let first = rows.firstIndex(where: { r in r.cells.contains { cellIsFigure($0.text) } }), rows.count - first >= 4
  else { return rows }
  var tight: [Double] = []
  var wide: [Double] = []
  for k in (first + 1)..<rows.count {
    let gap = rows[k].box.y0 - rows[k - 1].box.y1
    if gap < tightEm * rows[k].box.height { tight.append(gap) } else { wide.append(gap) }
  }
  guard !tight.isEmpty, wide.count >= 3, tight.count <= wide.count else { return rows }
  let limit = min(tightEm * median(rows.map(\.box.height)), 0.5 * median(wide))
  var out = Array(rows[...first])
  for k in (first + 1)..<rows.count {
    if rows[k].box.y0 - rows[k - 1].box.y1 < limit, let prev = out.last,
      // A wrapped part never puts a second figure in a cell.
      !prev.cells.indices.contains(where: { cellIsFigure(prev.cells[$0].text) && !rows[k].cells[$0].text.isEmpty })
    {
      out[out.count - 1] = mergeRows(prev, rows[k])
    } else {
      out.append(rows[k])
    }
  }
  return out
}

/// Joins a row into the one above when its label continues a word the label above broke at a
/// hyphen ("Sint-" over "Niklaas") and it is set as tightly as a wrapped line (`tightEm` × its
/// height), whatever the table's other rows do; no cell may get a second figure.
func joinHyphenatedLabels(_ rows: [LaidRow], tightEm: Double) -> [LaidRow] {
  var out: [LaidRow] = []
  for row in rows {
    if let prev = out.last, let upper = prev.cells.first?.text, let lower = row.cells.first?.text,
      upper.unicodeScalars.count > 2, lower.unicodeScalars.first?.properties.isAlphabetic == true,
      upper.hasSuffix("-"), upper.unicodeScalars.dropLast().last?.properties.isAlphabetic == true,
      row.box.y0 - prev.box.y1 < tightEm * row.box.height,
      !prev.cells.indices.contains(where: { cellIsFigure(prev.cells[$0].text) && !row.cells[$0].text.isEmpty })
    {
      out[out.count - 1] = mergeRows(prev, row)
    } else {
      out.append(row)
    }
  }
  return out
}

/// Joins two texts of one cell set on successive lines; a word broken after a hyphen is joined
/// without a space ("WERK-" + "ZOEKENDEN").
func joinCellText(_ upper: String, _ lower: String) -> String {
  if upper.isEmpty { return lower }
  if lower.isEmpty { return upper }
  if upper.hasSuffix("-"), upper.count > 1 { return upper + lower }
  return upper + " " + lower
}

/// A lone sign or dash: "-", "–", "—", "−", "+".
func textIsLoneSign(_ text: String) -> Bool {
  text == "-" || text == "–" || text == "—" || text == "−" || text == "+"
}

/// Joins a lone sign set apart from the figure after it ("-    935,00", accounting style) into
/// that figure's chunk, when the sign stands in the figure's column: every chunk of the other
/// lines that reaches under the sign reaches under the figure too. A dash standing in a column
/// of its own (a zero or "not applicable" beside the next column's figure) is left alone.
func joinSignsToFigures(_ lines: [TextLine]) -> [TextLine] {
  linesWithSignsJoined(lines) ?? lines
}

/// `joinSignsToFigures`, nil when no sign is joined (the lines stay as they are).
func linesWithSignsJoined(_ lines: [TextLine]) -> [TextLine]? {
  var out: [TextLine]? = nil
  for (li, line) in lines.enumerated() where line.chunks.count >= 2 {
    var chunks = line.chunks
    var k = 0
    while k + 1 < chunks.count {
      let sign = chunks[k]
      let figure = chunks[k + 1]
      guard sign.wordCount == 1, textIsLoneSign(sign.words[0].text), figure.isFigure else {
        k += 1
        continue
      }
      var ownColumn = false
      for (lj, other) in lines.enumerated() where lj != li {
        for o in other.chunks where o.box.xOverlap(sign.box) > 0 && o.box.xOverlap(figure.box) <= 0 {
          ownColumn = true
        }
        if ownColumn { break }
      }
      if ownColumn {
        k += 1
        continue
      }
      chunks[k] = Chunk(words: sign.words + figure.words)
      chunks.remove(at: k + 1)
      k += 1
    }
    if chunks.count != line.chunks.count {
      if out == nil { out = lines }
      out![li] = TextLine(chunks: chunks)
    }
  }
  return out
}
