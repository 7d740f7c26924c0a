import TallyCore

// Columns from text alignment: the x-ranges the chunks of a run of lines stack into, and the
// column each chunk falls in. Shared by the alignment-based finders.

/// The look of a line: size, weight and colour of its first word.
struct LineStyle: Sendable, Equatable {
  var size: Double
  var isBold: Bool
  var color: UInt32
  var font: String

  init(_ line: TextLine) {
    // The first word, found without flattening the line's words into a new array.
    self.init(word: line.chunks.first(where: { !$0.words.isEmpty })!.words[0], isBold: line.isBold)
  }

  /// The look of one word, with the weight given for the whole line.
  init(word w: Word, isBold: Bool) {
    size = (w.size * 4).rounded() / 4
    self.isBold = isBold
    color = w.font.color
    font = w.font.name
  }
}

/// Some chunk of the line reads as a figure.
func lineHasFigure(_ line: TextLine) -> Bool {
  line.chunks.contains { $0.isFigure }
}

/// Column x-ranges from the chunks of a region. A chunk that bridges two separate groups of other
/// lines' chunks (a spanning header, an overflowing label) does not shape the columns.
func chunksToColumns(_ lines: [TextLine]) -> [ClosedRange<Double>] {
  var all: [(line: Int, box: BoundingBox)] = []
  all.reserveCapacity(lines.reduce(0) { $0 + $1.chunks.count })
  for (li, line) in lines.enumerated() {
    for c in line.chunks { all.append((li, c.box)) }
  }
  var kept: [(line: Int, box: BoundingBox)] = []
  kept.reserveCapacity(all.count)
  // Chunks by left edge (ties in input order, as the stable sort in `projectionGroups` leaves
  // them): the scan for overlapping chunks stops at the first one starting past the right edge,
  // and their groups are counted as `projectionGroups` would form them, with no array per chunk.
  // The scan reads the chunks in that order from one packed array (`position` finds a chunk's
  // place there), not through the index.
  let byLeft = all.indices.sorted { (all[$0].box.x0, $0) < (all[$1].box.x0, $1) }
  let sorted = byLeft.map { m in
    ColumnScanChunk(x0: all[m].box.x0, x1: all[m].box.x1, width: all[m].box.width, line: all[m].line)
  }
  var position = [Int](repeating: 0, count: all.count)
  for (p, m) in byLeft.enumerated() { position[m] = p }
  sorted.withUnsafeBufferPointer { sorted in
    for (k, c) in all.enumerated() where chunkBridgesGroups(c.box, line: c.line, at: position[k], sorted: sorted) < 2 {
      kept.append((c.line, c.box))
    }
  }
  if kept.isEmpty { kept = all }
  // Rows with figures set the columns; a line without figures (a header, a label) only adds a
  // column where no such row has a cell: a year centred over two columns of figures, reaching
  // into the gap between them, does not join them.
  let figureLine = lines.map(lineHasFigure)
  if figureLine.lazy.filter({ $0 }).count >= 2 {
    let body = projectionGroups(kept.filter { figureLine[$0.line] }.map { ($0.box.x0, $0.box.x1) })
    let extra = kept.filter { k in
      !figureLine[k.line] && !body.contains { $0.1 > k.box.x0 && $0.0 < k.box.x1 }
    }
    return projectionGroups(body + extra.map { ($0.box.x0, $0.box.x1) }).map { $0.0...$0.1 }
  }
  return projectionGroups(kept.map { ($0.box.x0, $0.box.x1) }).map { $0.0...$0.1 }
}

/// A chunk as `chunksToColumns` scans it: its x-range, width and line.
private struct ColumnScanChunk {
  var x0: Double
  var x1: Double
  var width: Double
  var line: Int
}

/// How many separate groups (stopping at 2) the narrower chunks of other lines overlapping `box`
/// form, as `projectionGroups` would merge them. `sorted` holds every chunk by left edge (ties in
/// input order); the chunk itself is at `position`.
private func chunkBridgesGroups(
  _ box: BoundingBox, line: Int, at position: Int, sorted: UnsafeBufferPointer<ColumnScanChunk>
) -> Int {
  var groups = 0
  var end = 0.0
  // A narrower chunk starting more than this chunk's width to its left ends before it: the
  // scan starts past those (1 pt spare for rounding).
  var lo = 0
  var hi = sorted.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid].x0 < box.x0 - box.width - 1 { lo = mid + 1 } else { hi = mid }
  }
  // Only narrower chunks judge a chunk: two wide labels over the same pair of columns would
  // otherwise bridge the gap for each other.
  let narrower = 0.8 * box.width
  // The left edge of the last chunk the scan can reach (the last starting left of this chunk's
  // right edge), found when the first group starts.
  var lastLeft = -Double.infinity
  var p = lo
  while p < sorted.count {
    let o = sorted[p]
    guard o.x0 < box.x1 else { break }
    if p != position && o.line != line && min(box.x1, o.x1) - max(box.x0, o.x0) > 0 && o.width < narrower {
      if groups > 0 && o.x0 < end {
        end = max(end, o.x1)
      } else {
        groups += 1
        end = o.x1
        if groups >= 2 { break }
        var a = p + 1
        var b = sorted.count
        while a < b {
          let mid = (a + b) / 2
          if sorted[mid].x0 < box.x1 { a = mid + 1 } else { b = mid }
        }
        lastLeft = sorted[a - 1].x0
      }
      // Every chunk still to come starts at or before `lastLeft`, so inside the group when it
      // reaches past that (as it does when it reaches this chunk's right edge): no second
      // group can start. (Left-aligned labels: the scan ends at the first narrower one.)
      if lastLeft < end { break }
    }
    p += 1
  }
  return groups
}

/// Merges overlapping intervals; returns the disjoint groups left to right.
func projectionGroups(_ intervals: [(Double, Double)]) -> [(Double, Double)] {
  let sorted = intervals.sorted { $0.0 < $1.0 }
  var out: [(Double, Double)] = []
  for iv in sorted {
    if let last = out.last, iv.0 < last.1 {
      out[out.count - 1].1 = max(last.1, iv.1)
    } else {
      out.append(iv)
    }
  }
  return out
}

/// The columns a chunk occupies: every column whose centre it covers when that is two or more
/// (a spanning cell), else the column it overlaps most, else the nearest.
func chunkToColumns(_ box: BoundingBox, columns: [ClosedRange<Double>]) -> ClosedRange<Int> {
  // The first and last column covered, and how many: no array of them.
  var covered = 0
  var first = 0
  var last = 0
  for (i, c) in columns.enumerated() {
    let mid = (c.lowerBound + c.upperBound) / 2
    if box.x0 <= mid && mid <= box.x1 {
      if covered == 0 { first = i }
      last = i
      covered += 1
    }
  }
  if covered >= 2 { return first...last }
  var best = 0
  var bestScore = -Double.infinity
  for (i, c) in columns.enumerated() {
    let overlap = min(box.x1, c.upperBound) - max(box.x0, c.lowerBound)
    if overlap > bestScore {
      bestScore = overlap
      best = i
    }
  }
  return best...best
}
