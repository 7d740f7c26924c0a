import TallyCore

// Pages set in two text columns: the words at one height may be the end of a line in the left
// column and a line of the right one. Read as one line, the two columns look like two cells of a
// table, and a small table in one column takes the prose of the other as its columns. The gutter
// between the columns is found from lines holding prose on both sides of one gap; over the run of
// lines that leave it clear, lines are cut in two there and the columns read one after the other.

/// A gap between text columns is at least this many em of body text wide (table columns and
/// justified word gaps may be as wide: only prose on both sides makes it a gutter).
private let gutterMinEm = 1.0
/// A line shows a gutter when it holds a run of at least this many words with letters on each side
/// of the gap (or a justified line: `partIsProse`).
private let gutterProseWords = 4
/// Lines that must show one gutter before the run of lines around them is read as two columns.
private let gutterMinVotes = 2

/// `lines` (top to bottom) with every run of lines set in two text columns read column by column:
/// the lines across the gutter cut in two, the left column's lines first, then the right one's.
/// A run ends at a line across the gutter or with text but no prose on both sides (a row of a
/// table wider than one column). Lines outside such runs keep their place.
func linesInTextColumns(_ lines: [TextLine], bodySize: Double, settings: PDFTableSettings) -> [TextLine] {
  guard lines.count >= gutterMinVotes else { return lines }
  let minGap = gutterMinEm * max(bodySize, 1)
  // Gaps with prose on both sides, with the line showing them.
  var gaps: [(line: Int, x0: Double, x1: Double)] = []
  for (i, line) in lines.enumerated() where line.chunks.count >= 2 {
    for k in 1..<line.chunks.count {
      let a = line.chunks[k - 1].box.x1
      let b = line.chunks[k].box.x0
      guard b - a >= minGap, partIsProse(line.chunks[..<k], settings: settings), partIsProse(line.chunks[k...], settings: settings)
      else { continue }
      gaps.append((i, a, b))
    }
  }
  guard let gutter = commonGap(gaps) else { return lines }
  // A line in a run of two columns leaves the gutter clear, and holds prose on at least one side
  // when it has text on both: text on both sides and prose on neither is a row (or the header) of
  // a table as wide as the page, which ends the run.
  func inColumns(_ line: TextLine) -> Bool {
    guard !line.chunks.contains(where: { c in c.words.contains { $0.box.x0 < gutter.x1 && $0.box.x1 > gutter.x0 } })
    else { return false }
    guard let k = line.chunks.firstIndex(where: { $0.box.x0 >= gutter.x1 }), k > 0 else { return true }
    return partIsProse(line.chunks[..<k], settings: settings) || partIsProse(line.chunks[k...], settings: settings)
  }
  let voters = Set(gaps.filter { $0.x0 <= gutter.x0 && $0.x1 >= gutter.x1 }.map(\.line))
  var out: [TextLine] = []
  out.reserveCapacity(lines.count + 8)
  var i = 0
  while i < lines.count {
    guard inColumns(lines[i]) else {
      out.append(lines[i])
      i += 1
      continue
    }
    var end = i + 1  // lines[i] is in columns: just tested
    while end < lines.count && inColumns(lines[end]) { end += 1 }
    let run = lines[i..<end]
    guard (i..<end).filter({ voters.contains($0) }).count >= gutterMinVotes else {
      out.append(contentsOf: run)
      i = end
      continue
    }
    var left: [TextLine] = []
    var right: [TextLine] = []
    for line in run {
      let l = line.chunks.filter { $0.box.x1 <= gutter.x0 }
      let r = line.chunks.filter { $0.box.x0 >= gutter.x1 }
      if l.isEmpty {
        right.append(line)
      } else if r.isEmpty {
        left.append(line)
      } else {
        left.append(TextLine(chunks: l))
        right.append(TextLine(chunks: r))
      }
    }
    out += left
    out += right
    i = end
  }
  return out
}

/// Chunks of one side of a gap that read as prose: one run holding `gutterProseWords` words with
/// letters or more (after a list marker, if any), or a justified line (one-word chunks set at
/// equal gaps). A table's header or row is several short cells at unequal gaps; a unit line such
/// as "(bedragen x € 1.000)" holds too few words.
private func partIsProse(_ chunks: ArraySlice<Chunk>, settings: PDFTableSettings) -> Bool {
  var body = chunks
  if body.count >= 2, textIsListMarker(body[body.startIndex].text) { body = body.dropFirst() }
  if body.count == 1, let c = body.first { return c.words.filter { textHasLetter($0.text) }.count >= gutterProseWords }
  return !body.isEmpty && lineIsJustifiedProse(TextLine(chunks: Array(body)), settings: settings)
}

/// The x-range shared by the most gaps (at least `gutterMinVotes` lines'), or nil: gaps are
/// grouped while their common part stays open (left ends ragged, right starts aligned).
private func commonGap(_ gaps: [(line: Int, x0: Double, x1: Double)]) -> (x0: Double, x1: Double)? {
  var best: (x0: Double, x1: Double, lines: Int)? = nil
  for seed in gaps {
    var x0 = seed.x0
    var x1 = seed.x1
    var lines = Set<Int>()
    for g in gaps where max(x0, g.x0) < min(x1, g.x1) {
      x0 = max(x0, g.x0)
      x1 = min(x1, g.x1)
      lines.insert(g.line)
    }
    if lines.count >= gutterMinVotes, lines.count > best?.lines ?? 0 { best = (x0, x1, lines.count) }
  }
  return best.map { ($0.x0, $0.x1) }
}
