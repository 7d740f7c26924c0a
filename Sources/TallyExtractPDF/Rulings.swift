import TallyCore

// Drawn rules are not in poppler-glib's text API: the page is rendered at low resolution and
// scanned for long thin runs of ink. Full grids become lattice tables; horizontal rules alone
// tell stream tables where rows end.

/// A run of ink pixels on one pixel row (or column), with the rows it has grown over.
private struct InkSegment {
  var start: Int
  var end: Int
  var firstLine: Int
  var lastLine: Int
}

/// Finds long thin dark runs in a rendered page: horizontal and vertical rules, in points.
/// Thicker filled bars yield their top and bottom edges (a shaded header band separates rows).
func imageToRulings(_ image: GrayImage, settings: PDFTableSettings) -> [Ruling] {
  guard image.width > 0, image.height > 0, image.pixels.count >= image.width * image.height else { return [] }
  let ink = UInt8(clamping: settings.rulingInkLevel)
  let width = image.width
  let given = image.inkLevel == Int(ink) && image.inkBits.count == (width + 63) / 64 * image.height
  return image.pixels.withUnsafeBufferPointer { px in
    let bits = given ? image.inkBits : greyToInkBits(px, width: width, height: image.height, ink: ink)
    return bits.withUnsafeBufferPointer { b in
      let band = InkBand(width: width, height: image.height, scale: image.scale, x0: image.x0, y0: image.y0, bits: b)
      return inkToRulings(band, settings: settings) { x, y in px[y &* width &+ x] }
    }
  }
}

/// A band of a rendered page as ink bits: pixels at or below the ink level, row by row in 64-bit
/// words (bit k of word w is pixel 64w + k; bits past the right edge are 0).
struct InkBand {
  var width: Int
  var height: Int
  /// Pixels per point.
  var scale: Double
  /// Where the band's top-left pixel sits on the page, in points.
  var x0: Double
  var y0: Double
  var bits: UnsafeBufferPointer<UInt64>
}

/// The rules in an ink band; `grey(x, y)` reads the grey of a pixel of the band (only a few pixels
/// around each candidate rule are looked at).
func inkToRulings(_ band: InkBand, settings: PDFTableSettings, grey: (Int, Int) -> UInt8) -> [Ruling] {
  guard band.width > 0, band.height > 0 else { return [] }
  let s = band.scale
  let ox = band.x0
  let oy = band.y0
  let minRun = max(2, clampedInt((settings.rulingMinLength * s).rounded()))
  let maxThick = max(1, clampedInt((settings.rulingMaxThickness * s).rounded(.up)))
  let ink = UInt8(clamping: settings.rulingInkLevel)
  var out: [Ruling] = []
  let (horizontal, vertical) = scanSegments(band.bits, width: band.width, height: band.height, minRun: minRun)
  // A thin run with ink on both sides lies inside a filled area (between white letters on a
  // dark band), not on a rule.
  func insideFill(_ seg: InkSegment, vertical: Bool) -> Bool {
    var both = 0
    var total = 0
    var i = seg.start
    let step = max(1, (seg.end - seg.start) / 16)
    while i <= seg.end {
      let before = seg.firstLine - 2
      let after = seg.lastLine + 2
      let limit = vertical ? band.width : band.height
      if before >= 0 && after < limit {
        let a = vertical ? grey(before, i) : grey(i, before)
        let b = vertical ? grey(after, i) : grey(i, after)
        let mid = (seg.firstLine + seg.lastLine) / 2
        let v = Int(vertical ? grey(mid, i) : grey(i, mid))
        // Same darkness on both sides: a fill. A dark rule between two grey cells stays a rule.
        if a <= ink && b <= ink && abs(Int(a) - v) <= 25 && abs(Int(b) - v) <= 25 { both += 1 }
      }
      total += 1
      i += step
    }
    return both * 2 > total
  }
  for seg in horizontal where !insideFill(seg, vertical: false) {
    let thickness = seg.lastLine - seg.firstLine + 1
    let x0 = ox + Double(seg.start) / s
    let x1 = ox + Double(seg.end + 1) / s
    if thickness <= maxThick {
      out.append(
        Ruling(axis: .horizontal, position: oy + Double(seg.firstLine + seg.lastLine + 1) / 2 / s, start: x0, end: x1))
    } else if Double(thickness) / s <= 40 {
      out.append(Ruling(axis: .horizontal, position: oy + Double(seg.firstLine) / s, start: x0, end: x1))
      out.append(Ruling(axis: .horizontal, position: oy + Double(seg.lastLine + 1) / s, start: x0, end: x1))
    }
  }
  for seg in vertical where seg.lastLine - seg.firstLine + 1 <= maxThick && !insideFill(seg, vertical: true) {
    out.append(
      Ruling(
        axis: .vertical, position: ox + Double(seg.firstLine + seg.lastLine + 1) / 2 / s,
        start: oy + Double(seg.start) / s, end: oy + Double(seg.end + 1) / s))
  }
  return out
}

/// Grows runs of ink into segments line by line (pixel rows for horizontal rules, pixel columns
/// for vertical ones): a run continues the first segment of the previous line with roughly the
/// same extent. The buffers are reused from line to line.
private struct SegmentGrower {
  var done: [InkSegment] = []
  var active: [InkSegment] = []
  var next: [InkSegment] = []
  var taken: [Bool] = []

  /// Continues the segments with the runs of `line`, left to right; `runs` are disjoint and sorted.
  mutating func add<Runs: Collection>(_ runs: Runs, line: Int) where Runs.Element == (start: Int, end: Int) {
    if runs.isEmpty && active.isEmpty { return }
    next.removeAll(keepingCapacity: true)
    taken.removeAll(keepingCapacity: true)
    taken.append(contentsOf: repeatElement(false, count: active.count))
    for r in runs {
      var grown = false
      for k in active.indices where !taken[k] {
        let a = active[k]
        guard abs(a.start - r.start) <= 2 && abs(a.end - r.end) <= 2 else { continue }
        let overlap = min(a.end, r.end) - max(a.start, r.start)
        if overlap >= Int(0.8 * Double(min(a.end - a.start, r.end - r.start))) {
          var g = a
          g.lastLine = line
          g.start = min(a.start, r.start)
          g.end = max(a.end, r.end)
          next.append(g)
          taken[k] = true
          grown = true
          break
        }
      }
      if !grown { next.append(InkSegment(start: r.start, end: r.end, firstLine: line, lastLine: line)) }
    }
    for k in active.indices where !taken[k] { done.append(active[k]) }
    swap(&active, &next)
  }

  mutating func finish() -> [InkSegment] {
    done.append(contentsOf: active)
    active.removeAll()
    return done
  }
}

/// Ink bits (grey at or below `ink`) of a grey image, row by row in 64-bit words; bits past the
/// right edge stay 0.
func greyToInkBits(_ px: UnsafeBufferPointer<UInt8>, width: Int, height: Int, ink: UInt8) -> [UInt64] {
  let words = (width + 63) / 64
  var bits = [UInt64](repeating: 0, count: words * height)
  guard let base = px.baseAddress, width > 0, height > 0 else { return bits }
  let threshold = SIMD8<UInt8>(repeating: ink)
  let weights = SIMD8<UInt8>(1, 2, 4, 8, 16, 32, 64, 128)
  bits.withUnsafeMutableBufferPointer { out in
    let dst = out.baseAddress!
    for y in 0..<height {
      let row = UnsafeRawPointer(base + y * width)
      let rowBits = dst + y * words
      var x = 0
      // Eight pixels at a time: compare, keep one weight per ink pixel, add them up.
      while x &+ 8 <= width {
        let v = row.loadUnaligned(fromByteOffset: x, as: SIMD8<UInt8>.self)
        let byte = weights.replacing(with: 0, where: v .> threshold).wrappedSum()
        if byte != 0 { rowBits[x &>> 6] |= UInt64(byte) &<< UInt64(x & 63) }
        x &+= 8
      }
      while x < width {
        if base[y * width + x] <= ink { rowBits[x &>> 6] |= 1 &<< UInt64(x & 63) }
        x &+= 1
      }
    }
  }
  return bits
}

/// Runs of at least `minRun` ink pixels along pixel rows (horizontal) and pixel columns
/// (vertical) of the ink bits, grown into segments across neighbouring lines. Runs come from bit
/// transitions, 64 pixels at a time, so the cost follows the edges of the ink rather than the
/// pixels of the page.
private func scanSegments(
  _ b: UnsafeBufferPointer<UInt64>, width: Int, height: Int, minRun: Int
) -> (horizontal: [InkSegment], vertical: [InkSegment]) {
  guard width > 0, height > 0 else { return ([], []) }
  let words = (width + 63) / 64
  var rows = SegmentGrower()
  var runs: [(start: Int, end: Int)] = []
  var columnRuns: [(column: Int, start: Int, end: Int)] = []
  var from = [Int](repeating: 0, count: words * 64)
  // Shifts that leave bit i of a word set only where bits i ..< i + minRun all are: a word whose
  // top bit is clear and that holds no such bit ends every run it starts too short to count.
  var erosion: [UInt64] = []
  var reach = 1
  while reach < min(minRun, 65) {
    let shift = min(reach, min(minRun, 65) - reach)
    erosion.append(UInt64(shift))
    reach += shift
  }
  do {
    // Rows: runs between a rising and a falling edge.
    for y in 0..<height {
      runs.removeAll(keepingCapacity: true)
      var runStart = -1
      for w in 0..<words {
        var m = b[y * words + w]
        // A run open from the word before ends at the word's first clear bit.
        if runStart >= 0 {
          if m == UInt64.max { continue }
          let ones = (~m).trailingZeroBitCount
          let end = w * 64 + ones
          if end - runStart >= minRun { runs.append((runStart, end - 1)) }
          runStart = -1
          m &= ~((1 &<< UInt64(ones)) &- 1)
        }
        if m == 0 { continue }
        // The run reaching the word's last bit stays open; the runs before it end in the word.
        let top = (~m).leadingZeroBitCount
        let inner = top == 64 ? 0 : m & (UInt64.max >> UInt64(top))
        if inner != 0 {
          // Text: many short runs, none long enough; skipped without walking its edges.
          var e = inner
          for shift in erosion { e &= e >> shift }
          if e != 0 {
            var pos = 0
            var open = -1
            while pos < 64 {
              if open < 0 {
                let rest = inner >> UInt64(pos)
                if rest == 0 { break }
                pos += rest.trailingZeroBitCount
                open = w * 64 + pos
              } else {
                let rest = ~inner >> UInt64(pos)
                pos += rest.trailingZeroBitCount
                let end = w * 64 + pos
                if end - open >= minRun { runs.append((open, end - 1)) }
                open = -1
              }
            }
          }
        }
        if top > 0 { runStart = w * 64 + 64 - top }
      }
      if runStart >= 0 && width - runStart >= minRun { runs.append((runStart, width - 1)) }
      rows.add(runs, line: y)
    }
    // Columns: 64 at a time down the image; a bit that rises opens a run, one that falls ends it.
    // Only the columns holding `minRun` ink pixels one under the other can hold a run: found by
    // eroding each 64-column strip downwards (bit i of row y stays set where rows y ..< y + minRun
    // all are), the others are left out of the scan.
    var strip = [UInt64](repeating: 0, count: height)
    from.withUnsafeMutableBufferPointer { from in
      for w in 0..<words {
        var candidates: UInt64 = 0
        strip.withUnsafeMutableBufferPointer { col in
          for y in 0..<height { col[y] = b[y &* words &+ w] }
          var reach = 1
          var rows = height
          while reach < minRun && rows > 0 {
            let shift = min(reach, minRun - reach)
            rows = max(0, rows - shift)
            for y in 0..<rows { col[y] &= col[y &+ shift] }
            reach += shift
          }
          for y in 0..<rows { candidates |= col[y] }
        }
        if candidates == 0 { continue }
        var previous: UInt64 = 0
        for y in 0...height {
          let m = y < height ? b[y * words + w] & candidates : 0
          if m == previous { continue }
          var started = m & ~previous
          while started != 0 {
            from[w * 64 + started.trailingZeroBitCount] = y
            started &= started - 1
          }
          var ended = previous & ~m
          while ended != 0 {
            let column = w * 64 + ended.trailingZeroBitCount
            if y - from[column] >= minRun { columnRuns.append((column, from[column], y - 1)) }
            ended &= ended - 1
          }
          previous = m
        }
      }
    }
  }
  // Column by column, top to bottom: the order a scan down each column would give.
  columnRuns.sort { ($0.column, $0.start) < ($1.column, $1.start) }
  var columns = SegmentGrower()
  var k = 0
  for x in 0..<width {
    let first = k
    while k < columnRuns.count && columnRuns[k].column == x { k += 1 }
    columns.add(columnRuns[first..<k].lazy.map { (start: $0.start, end: $0.end) }, line: x)
  }
  return (rows.finish(), columns.finish())
}

/// Joins rules on the same line whose ends touch or overlap (within `snap` points).
func mergeRulings(_ rulings: [Ruling], snap: Double) -> [Ruling] {
  var out: [Ruling] = []
  for axis in [Ruling.Axis.horizontal, .vertical] {
    let sorted = rulings.filter { $0.axis == axis }.sorted { ($0.position, $0.start) < ($1.position, $1.start) }
    var merged: [Ruling] = []
    for r in sorted {
      // Merged positions never decrease: looking back stops at the first rule too far above.
      var found: Int? = nil
      var k = merged.count - 1
      while k >= 0, abs(merged[k].position - r.position) <= snap {
        if r.start <= merged[k].end + snap && r.end >= merged[k].start - snap {
          found = k
          break
        }
        k -= 1
      }
      if let k = found {
        merged[k].start = min(merged[k].start, r.start)
        merged[k].end = max(merged[k].end, r.end)
      } else {
        merged.append(r)
      }
    }
    out.append(contentsOf: merged)
  }
  return out
}

/// Groups of rules that touch or cross each other: one group per drawn grid.
func rulingsToGroups(_ rulings: [Ruling], snap: Double) -> [[Ruling]] {
  var parent = Array(rulings.indices)
  func find(_ i: Int) -> Int {
    var i = i
    while parent[i] != i {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  // Vertical rules sorted by position: each horizontal one looks only at those within its
  // extent (comparing every pair was quadratic in the rules of a page).
  let verticals = rulings.indices.filter { rulings[$0].axis == .vertical }.sorted {
    (rulings[$0].position, $0) < (rulings[$1].position, $1)
  }
  for i in rulings.indices where rulings[i].axis == .horizontal {
    let h = rulings[i]
    // First vertical at or right of the horizontal's start.
    var lo = 0
    var hi = verticals.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if rulings[verticals[mid]].position >= h.start - snap { hi = mid } else { lo = mid + 1 }
    }
    var m = lo
    while m < verticals.count, rulings[verticals[m]].position <= h.end + snap {
      let j = verticals[m]
      let v = rulings[j]
      if h.position >= v.start - snap && h.position <= v.end + snap { parent[find(i)] = find(j) }
      m += 1
    }
  }
  // Groups in order of their first rule, then by top position: a dictionary's order would make
  // two groups at the same position come out in a different order from run to run.
  var slot: [Int: Int] = [:]
  var groups: [[Ruling]] = []
  for i in rulings.indices {
    let root = find(i)
    if let k = slot[root] {
      groups[k].append(rulings[i])
    } else {
      slot[root] = groups.count
      groups.append([rulings[i]])
    }
  }
  let tops = groups.map { $0.map(\.position).min() ?? 0 }
  return groups.indices.sorted { (tops[$0], $0) < (tops[$1], $1) }.map { groups[$0] }
}

/// Sorted distinct positions, those closer than `snap` merged to their mean.
func clusterPositions(_ values: [Double], snap: Double) -> [Double] {
  let sorted = values.sorted()
  var out: [[Double]] = []
  for v in sorted {
    if let last = out.last?.last, v - last <= snap {
      out[out.count - 1].append(v)
    } else {
      out.append([v])
    }
  }
  return out.map { $0.reduce(0, +) / Double($0.count) }
}

/// Whether some rule of `axis` at `position` covers [from, to] (most of it).
private func covered(_ rulings: [Ruling], axis: Ruling.Axis, at position: Double, from: Double, to: Double, snap: Double)
  -> Bool
{
  var total = 0.0
  for r in rulings where r.axis == axis && abs(r.position - position) <= snap {
    total += max(0, min(r.end, to) - max(r.start, from))
  }
  return total >= 0.6 * (to - from)
}

/// Tables from ruled grids; returns them and the words outside them. `bodySize` is the size of
/// the document's running text (the page's when nil), to tell captions from table headers.
func wordsToLatticeTables(
  _ words: [Word], rulings: [Ruling], page: Int, bodySize: Double? = nil, settings: PDFTableSettings
) -> (tables: [PageTable], remaining: [Word]) {
  guard !rulings.isEmpty else { return ([], words) }
  let snap = settings.rulingSnap
  let merged = mergeRulings(rulings, snap: snap)
  var remaining = words
  var tables: [PageTable] = []
  for group in rulingsToGroups(merged, snap: snap) {
    let hs = group.filter { $0.axis == .horizontal }
    let vs = group.filter { $0.axis == .vertical }
    guard hs.count >= 2, vs.count >= 2 else { continue }
    let xs = gridColumnEdges(clusterPositions(vs.map(\.position), snap: snap), rows: hs, snap: snap)
    let ys = clusterPositions(hs.map(\.position), snap: snap)
    guard xs.count >= 3 || ys.count >= 3, xs.count >= 2, ys.count >= 2 else { continue }
    let box = BoundingBox(x0: xs[0], y0: ys[0], x1: xs[xs.count - 1], y1: ys[ys.count - 1])
    let inside = remaining.filter {
      $0.box.midX > box.x0 && $0.box.midX < box.x1 && $0.box.midY > box.y0 && $0.box.midY < box.y1
    }
    guard !inside.isEmpty else { continue }
    // A ruled area holding figures without a word is a chart (a map, bars): its labels are no
    // table of any kind.
    if !inside.contains(where: { $0.text.unicodeScalars.contains { $0.properties.isAlphabetic } }) {
      remaining.removeAll {
        $0.box.midX > box.x0 && $0.box.midX < box.x1 && $0.box.midY > box.y0 && $0.box.midY < box.y1
      }
      continue
    }
    guard let table = gridToTable(
      xs: xs, ys: ys, rulings: group, words: inside, page: page, settings: settings)
    else { continue }
    tables.append(table)
    remaining.removeAll {
      $0.box.midX > box.x0 && $0.box.midX < box.x1 && $0.box.midY > box.y0 && $0.box.midY < box.y1
    }
  }
  // Tables ruled by rows only (booktabs style, or a frame whose columns are not ruled): the rules
  // give the extent and the row breaks, text alignment gives the columns.
  let horizontals =
    settings.ruledRowTables ? merged.filter { $0.axis == .horizontal && $0.length >= settings.ruledTableMinWidth } : []
  // The size of the page's running text, to tell a caption above a table from its header.
  let bodySize =
    bodySize ?? (horizontals.count < 2
      ? 10 : linesToBodySize(wordsToLines(words, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)))
  for stack in rulingsToStacks(horizontals, snap: snap) {
    let ys = clusterPositions(stack.map(\.position), snap: snap)
    guard ys.count >= 2 else { continue }
    let x0 = (stack.map(\.start).min() ?? 0) - snap
    let x1 = (stack.map(\.end).max() ?? 0) + snap
    for var segment in stackToSegments(ys, words: remaining, x0: x0, x1: x1, bodySize: bodySize, settings: settings) {
      // Rules that do not frame the table from the top (header rows above the first rule) are
      // left to the alignment finder, which takes header lines above the body itself.
      if rowAboveRule(segment[0], words: remaining, x0: x0, x1: x1, settings: settings) { continue }
      // Captions at the top of the first band are not part of the table; single-cell header
      // lines set right above the top rule are.
      // Both read the lines between the segment's first and last rule: grouped once.
      let framed = BoundingBox(x0: x0, y0: segment[0], x1: x1, y1: segment[segment.count - 1])
      let framedLines = wordsToLines(
        remaining.filter { framed.contains(x: $0.box.midX, y: $0.box.midY) }, overlap: settings.lineOverlap,
        chunkGapEm: settings.cellGapEm)
      if let top = topBelowCaptions(lines: framedLines, bodySize: bodySize) {
        segment[0] = top
      } else if let first = headerLinesAboveRule(
        segment[0], table: RuledTableShape(rows: framedLines.filter { $0.chunks.count >= 2 }),
        words: remaining, x0: x0, x1: x1, bodySize: bodySize, settings: settings
      ).first {
        segment.insert(first.box.y0 - 0.5, at: 0)
      }
      // A last row (a total) may sit under the last rule, set at the table's line spacing; not
      // under a table the stack was cut after.
      if ys.contains(segment[segment.count - 1]),
        let below = linesBelowRule(segment[segment.count - 1], words: remaining, x0: x0, x1: x1, settings: settings)
      {
        segment.append(below)
      }
      let band = BoundingBox(x0: x0, y0: segment[0], x1: x1, y1: segment[segment.count - 1])
      let inside = remaining.filter { band.contains(x: $0.box.midX, y: $0.box.midY) }
      guard let table = bandsToTable(ys: segment, x0: x0, x1: x1, words: inside, page: page, settings: settings)
      else { continue }
      tables.append(table)
      remaining.removeAll { band.contains(x: $0.box.midX, y: $0.box.midY) }
    }
  }
  return (tables, remaining)
}

/// The column edges of a grid, its outer ones moved out to where its row rules end when two or
/// more of them reach past the outermost column rules (a table open at the sides, its inner
/// columns ruled): the label column left of the first column rule is part of the grid.
func gridColumnEdges(_ xs: [Double], rows hs: [Ruling], snap: Double) -> [Double] {
  guard hs.count >= 2, !xs.isEmpty else { return xs }
  var out = xs
  let starts = hs.map(\.start).sorted()
  let ends = hs.map(\.end).sorted(by: >)
  if starts[1] < out[0] - 2 * snap { out.insert(starts[1], at: 0) }
  if ends[1] > out[out.count - 1] + 2 * snap { out.append(ends[1]) }
  return out
}

extension BoundingBox {
  /// Strictly inside.
  func contains(x: Double, y: Double) -> Bool { x > x0 && x < x1 && y > y0 && y < y1 }
}

/// Horizontal rules that share one extent (left and right ends within `snap` points, or within 2%
/// of their length), top to bottom: the row rules of one table.
func rulingsToStacks(_ horizontals: [Ruling], snap: Double) -> [[Ruling]] {
  var stacks: [[Ruling]] = []
  for r in horizontals.sorted(by: { $0.position < $1.position }) {
    let tolerance = max(2 * snap, 0.02 * r.length)
    if let k = stacks.lastIndex(where: { s in
      let last = s[s.count - 1]
      return abs(last.start - r.start) <= tolerance && abs(last.end - r.end) <= tolerance
    }) {
      stacks[k].append(r)
    } else {
      stacks.append([r])
    }
  }
  return stacks.filter { $0.count >= 2 }
}

/// The usual text size of a table between rules, from its `lines`: the median size of its
/// lines with two or more cells (of all its lines when none has), 10 when it holds no text.
func ruledTableSize(lines: [TextLine]) -> Double {
  let rows = lines.filter { $0.chunks.count >= 2 }
  let sizes = (rows.isEmpty ? lines : rows).map(\.size)
  return sizes.isEmpty ? 10 : median(sizes)
}

/// Whether a line between rules ends the table it sits in: prose (a single run of more than
/// `maxCellWords` words), or a heading on its own (a single chunk set `headingSizeRatio` times
/// larger than the table's text).
func lineBreaksRuledTable(_ line: TextLine, tableSize: Double, settings: PDFTableSettings) -> Bool {
  guard line.chunks.count == 1 else { return false }
  return line.wordCount > settings.maxCellWords
    || lineIsLargeHeading(line, bodySize: tableSize, settings: settings)
}

/// Splits a stack of rule positions into the tables it frames. A stack ends a table where a band
/// between two rules holds prose or a heading, where a line in the style of the table's header
/// follows a row of figures (the header of the next table ruled alike), where a band without text
/// is taller than `maxRowGapEm` (a chart) or any band is taller than `ruledBandMaxHeight`.
/// Rows of the band above such a line stay with the table: it then ends halfway between its last
/// line with two or more cells and the next line. Returns runs of two or more positions.
func stackToSegments(
  _ ys: [Double], words: [Word], x0: Double, x1: Double, bodySize: Double, settings: PDFTableSettings
) -> [[Double]] {
  // A band taller than `ruledBandMaxHeight` ends the table at once, none of its lines read: a
  // stack of only such bands (rules atop and under a page's text) frames no table.
  let tall = (1..<ys.count).map {
    BoundingBox(x0: x0, y0: ys[$0 - 1], x1: x1, y1: ys[$0]).height > settings.ruledBandMaxHeight
  }
  guard tall.contains(false) else { return [] }
  let bottom = ys[ys.count - 1]
  let stackBox = BoundingBox(x0: x0, y0: ys[0], x1: x1, y1: bottom)
  let stackWords = words.filter { stackBox.contains(x: $0.box.midX, y: $0.box.midY) }
  // The stack's lines serve both its text size and its columns: grouped once.
  // With each word's line when there are several bands: a band's line holding the same words as
  // one of the stack's is that line (`LineReuse`), not built again.
  let stackPage = wordsToPageLines(
    stackWords, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm, lineOfWord: ys.count > 2)
  let stackLines = stackPage.lines
  let size = ruledTableSize(lines: stackLines)
  let shape = RuledTableShape(rows: stackLines.filter { $0.chunks.count >= 2 })
  var segments: [[Double]] = []
  var current: [Double] = [ys[0]]
  // The header line of the current table and the line before the one looked at.
  var header = headerLinesAboveRule(
    ys[0], table: shape, words: words, x0: x0, x1: x1, bodySize: bodySize, settings: settings
  ).first
  var previous: TextLine? = nil
  // Styles of the single-cell label lines seen in the current table's body.
  var labels: [LineStyle] = []
  for k in 1..<ys.count {
    let band = BoundingBox(x0: x0, y0: ys[k - 1], x1: x1, y1: ys[k])
    let lines: [TextLine]
    if tall[k - 1] {
      // Broken at once, below: its lines are never read.
      lines = []
    } else if ys.count == 2 {
      // The one band is the stack's box: its words are the stack's, its lines the stack's.
      lines = stackLines
    } else {
      var bandWords: [Word] = []
      var fullIndex: [Int] = []
      for (i, w) in stackWords.enumerated() where band.contains(x: w.box.midX, y: w.box.midY) {
        bandWords.append(w)
        fullIndex.append(i)
      }
      lines = wordsToPageLines(
        bandWords, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm, lineOfWord: false,
        reusing: LineReuse(page: stackPage, fullIndex: fullIndex)
      ).lines
    }
    var breakAt: Int? = nil
    if band.height > settings.ruledBandMaxHeight || (lines.isEmpty && band.height > settings.maxRowGapEm * size) {
      breakAt = 0
    }
    for (i, line) in lines.enumerated() where breakAt == nil {
      if lineBreaksRuledTable(line, tableSize: size, settings: settings) {
        breakAt = i
      } else if let h = header, let p = previous, lineStartsNextRuledTable(line, after: p, header: h, labels: labels) {
        breakAt = i
      } else if header == nil {
        // `lineIsCaption`'s own first test, made before the columns are asked for.
        let maybeCaption = line.chunks.count == 1 && !line.isBold && abs(line.size - bodySize) < 0.5
        if !(maybeCaption && lineIsCaption(line, columns: shape.columns, bodySize: bodySize)) { header = line }
      } else {
        if line.chunks.count == 1 && !lineHasFigure(line) { labels.append(LineStyle(line)) }
        previous = line
      }
    }
    guard let b = breakAt else {
      current.append(ys[k])
      continue
    }
    if let last = lines[..<b].lastIndex(where: { $0.chunks.count >= 2 }) {
      current.append((lines[last].box.y1 + lines[last + 1].box.y0) / 2)
    }
    if current.count >= 2 { segments.append(current) }
    current = [ys[k]]
    // The header of a next table: none follows the last rule.
    header =
      k == ys.count - 1
      ? nil
      : headerLinesAboveRule(
        ys[k], table: shape, words: words, x0: x0, x1: x1, bodySize: bodySize, settings: settings
      ).first
    previous = nil
    labels = []
  }
  if current.count >= 2 { segments.append(current) }
  return segments
}

/// The text size and columns of the rows with two or more cells under a run of rules. The
/// columns are worked out when first asked for: most headers and captions are told apart
/// without them.
final class RuledTableShape {
  let size: Double
  private let rows: [TextLine]
  private(set) lazy var columns: [ClosedRange<Double>] = chunksToColumns(rows)

  /// From the table's lines with two or more cells, already grouped.
  init(rows: [TextLine]) {
    size = rows.isEmpty ? 10 : median(rows.map(\.size))
    self.rows = rows
  }
}

/// The header lines set right above a table's top rule at `y` (the table's `size` and `columns`
/// from `table`): a block of at most `maxHeaderRows` single-cell lines, each within `ruledRowGapEm` of
/// the next (and of the rule), none of them prose or a heading, each over at most one of the
/// table's columns and set apart from the page's running text (bold, or not at `bodySize`).
/// Empty when there is none, or when the block runs into a caption (a prose line, a line with
/// several cells, one reaching over several columns or one set as running text). Top to bottom.
func headerLinesAboveRule(
  _ y: Double, table: RuledTableShape, words: [Word], x0: Double, x1: Double, bodySize: Double,
  settings: PDFTableSettings
) -> [TextLine] {
  let over = words.filter { $0.box.midY < y && $0.box.midX > x0 && $0.box.midX < x1 && $0.box.y1 > y - 150 }
  let lines = wordsToLines(over, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)
  guard !lines.isEmpty else { return [] }
  let size = table.size
  var block: [TextLine] = []
  var edge = y
  for line in lines.reversed() {
    let em = max(line.size, size)
    guard edge - line.box.y1 <= settings.ruledRowGapEm * em else { break }
    let runningText = !line.isBold && abs(line.size - bodySize) < 0.5
    // The columns spanned are only counted for a single-cell line.
    guard line.chunks.count == 1,
      table.columns.filter({ $0.upperBound > line.box.x0 && $0.lowerBound < line.box.x1 }).count <= 1, !runningText,
      !lineBreaksRuledTable(line, tableSize: size, settings: settings), block.count < settings.maxHeaderRows
    else { return [] }
    block.insert(line, at: 0)
    edge = line.box.y0
  }
  return block
}

/// Whether `line` opens the next table ruled like the one above it: it carries no figure, is set
/// in the style of the table's header line, and follows a row of several cells set otherwise. A
/// single-cell line under a header of several cells is a group label instead when a label in its
/// style was already seen in the body (`labels`).
func lineStartsNextRuledTable(_ line: TextLine, after previous: TextLine, header: TextLine, labels: [LineStyle])
  -> Bool
{
  // The cheap tests first: looking for a figure builds the text of every chunk.
  guard previous.chunks.count >= 2 else { return false }
  let style = LineStyle(line)
  let headerStyle = LineStyle(header)
  guard style == headerStyle, LineStyle(previous) != headerStyle, !lineHasFigure(line) else { return false }
  return line.chunks.count > 1 || header.chunks.count == 1 || !labels.contains(style)
}

/// A caption: one run of words set as the page's running text (not bold, at `bodySize`) reaching
/// over two or more of `columns`.
func lineIsCaption(_ line: TextLine, columns: [ClosedRange<Double>], bodySize: Double) -> Bool {
  guard line.chunks.count == 1, !line.isBold, abs(line.size - bodySize) < 0.5 else { return false }
  return columns.filter { $0.upperBound > line.box.x0 && $0.lowerBound < line.box.x1 }.count >= 2
}

/// Where a table framed by rules starts when captions sit at the top of its first band, above
/// its first line with two or more cells (a caption between a title bar and the table): halfway
/// between the last caption and the next line; nil when there is none. `lines` are the lines
/// between the table's first and last rule, already grouped.
func topBelowCaptions(lines: [TextLine], bodySize: Double) -> Double? {
  let columns = chunksToColumns(lines.filter { $0.chunks.count >= 2 })
  var top: Double? = nil
  for (i, line) in lines.enumerated() where i + 1 < lines.count {
    guard lineIsCaption(line, columns: columns, bodySize: bodySize) else { break }
    top = (line.box.y1 + lines[i + 1].box.y0) / 2
  }
  return top
}

/// The bottom of the rows with two or more cells that follow a table's last rule at line spacing
/// (a total row set under the rule), or nil when none does.
func linesBelowRule(_ y: Double, words: [Word], x0: Double, x1: Double, settings: PDFTableSettings) -> Double? {
  let under = words.filter { $0.box.midY > y && $0.box.midX > x0 && $0.box.midX < x1 && $0.box.y0 < y + 200 }
  var bottom = y
  var found: Double? = nil
  for line in wordsToLines(under, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm) {
    guard line.box.y0 - bottom <= settings.ruledRowGapEm * line.size, line.chunks.count >= 2,
      line.chunks.allSatisfy({ $0.wordCount <= settings.maxCellWords })
    else { break }
    bottom = line.box.y1
    found = line.box.y1 + 0.5
  }
  return found
}

/// Whether a line with two or more cells sits right above the rule at `y` (within
/// `ruledRowGapEm` of its size): the rule is under a header, not on top of the table.
func rowAboveRule(_ y: Double, words: [Word], x0: Double, x1: Double, settings: PDFTableSettings) -> Bool {
  let over = words.filter { $0.box.midY < y && $0.box.midX > x0 && $0.box.midX < x1 && $0.box.y1 > y - 100 }
  guard let line = wordsToLines(over, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm).last else {
    return false
  }
  return y - line.box.y1 <= settings.ruledRowGapEm * line.size && line.chunks.count >= 2
}

/// Whether two lines of one band between rules are one printed row: no column holds a figure in
/// either, and a spanning cell does not meet a cell of another width.
func bandLinesJoin(_ upper: LaidRow, _ lower: LaidRow) -> Bool {
  guard rowsCompatible(upper, lower) else { return false }
  for (a, b) in zip(upper.cells, lower.cells) where !a.text.isEmpty && !b.text.isEmpty && a.span != b.span {
    return false
  }
  return true
}

/// A table between horizontal rules at `ys` (top to bottom): columns from the alignment of the
/// text, each band between two rules one row, unless its lines carry figures each (a body set
/// without rules between rows: every line a row) or are set apart wider than `tightLineGapEm`
/// (rows whose rule is too faint to see; a wrapped cell is set tightly).
func bandsToTable(ys: [Double], x0: Double, x1: Double, words: [Word], page: Int, settings: PDFTableSettings)
  -> PageTable?
{
  let lines = joinSignsToFigures(wordsToLines(words, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm))
  guard lines.filter({ $0.chunks.count >= 2 }).count >= settings.minRows else { return nil }
  // Prose set in two columns is not a table.
  let chunkWords = lines.flatMap { $0.chunks.map(\.wordCount) }
  if Double(chunkWords.filter { $0 >= 7 }.count) > 0.5 * Double(max(1, chunkWords.count)) { return nil }
  let columns = chunksToColumns(lines)
  guard columns.count >= settings.minColumns else { return nil }
  var rows: [LaidRow] = []
  var k = 0
  for b in 1..<ys.count {
    var bandRows: [LaidRow] = []
    while k < lines.count && lines[k].box.midY < ys[b] {
      let row = lineToRow(lines[k], columns: columns)
      if let last = bandRows.last, lines[k].box.y0 - lines[k - 1].box.y1 <= settings.tightLineGapEm * lines[k].size,
        bandLinesJoin(last, row)
      {
        bandRows[bandRows.count - 1] = mergeRows(last, row)
      } else {
        bandRows.append(row)
      }
      k += 1
    }
    rows.append(contentsOf: bandRows)
  }
  let used = columns.indices.filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  guard used.count >= settings.minColumns, rows.filter({ $0.distinctFilled >= 2 }).count >= settings.minRows else {
    return nil
  }
  rows = rows.map { r in
    var n = r
    n.cells = used.map { r.cells[$0] }
    return n
  }
  if rowsReadAsText(rows, settings: settings) { return nil }
  let count = headerRowCount(rows, maxRows: settings.maxHeaderRows)
  let size = words.map(\.size).max() ?? 10
  let labelX = rows[count...].compactMap(\.labelX0).min() ?? 0
  let step = settings.indentStepEm * size
  let indents = rows.enumerated().map { i, r -> Int in
    guard i >= count, let x = r.labelX0, step > 0 else { return 0 }
    return clampedInt(((x - labelX) / step).rounded())
  }
  return PageTable(
    page: page, box: BoundingBox(x0: x0, y0: ys[0], x1: x1, y1: ys[ys.count - 1]), columns: used.map { columns[$0] },
    rows: rows.map(\.cells), rowBoxes: rows.map(\.box), indents: indents, headerRowCount: count, kind: .lattice)
}

/// The column edges of a grid without the inner ones whose rules all stop above its first row of
/// figures (the first grid row with two or more; a header may hold one, "per 31 december") and
/// that cut through a word under it: those split header cells only (on a shaded header band the
/// gaps between white letters read as short rules), and each header word would get a column the
/// body never fills. Header rules between columns of the body stay.
func columnEdgesRuledInBody(xs: [Double], ys: [Double], rulings: [Ruling], words: [Word], snap: Double) -> [Double] {
  let figureMids = words.filter { cellIsFigure($0.text) }.map(\.box.midY)
  guard xs.count > 2,
    let bodyTop = ys.indices.dropLast().first(where: { r in figureMids.filter { $0 > ys[r] && $0 < ys[r + 1] }.count >= 2 })
      .map({ ys[$0] })
  else { return xs }
  let body = words.filter { $0.box.midY > bodyTop }
  var out = [xs[0]]
  for x in xs[1..<(xs.count - 1)] {
    let ruledInBody = rulings.contains { $0.axis == .vertical && abs($0.position - x) <= snap && $0.end > bodyTop + snap }
    if ruledInBody || !body.contains(where: { $0.box.x0 < x && $0.box.x1 > x }) { out.append(x) }
  }
  out.append(xs[xs.count - 1])
  return out
}

/// The row edges of a grid without one of two rules set closer than half its smallest word's
/// height with no word between them (a double rule, the edges of a thick one): the band would
/// hold no row, and the row under it would take cells the shorter rule leaves open from that
/// empty band. The rule reaching further stays.
func rowEdgesWithoutThinBands(_ ys: [Double], rulings: [Ruling], words: [Word]) -> [Double] {
  guard ys.count > 2, let height = words.map(\.box.height).min(), height > 0 else { return ys }
  func reach(_ y: Double) -> Double {
    rulings.filter { $0.axis == .horizontal && abs($0.position - y) < 0.5 }.map(\.length).reduce(0, +)
  }
  var out = [ys[0]]
  for y in ys.dropFirst() {
    let last = out[out.count - 1]
    guard y - last < 0.5 * height, !words.contains(where: { $0.box.midY > last && $0.box.midY < y }) else {
      out.append(y)
      continue
    }
    // The outer edges of the grid stay where they are.
    if out.count > 1, y != ys[ys.count - 1], reach(y) > reach(last) { out[out.count - 1] = y }
  }
  return out
}

/// Lays words into the cells of a grid; merged cells (a missing inner rule) span columns.
func gridToTable(
  xs: [Double], ys: [Double], rulings: [Ruling], words: [Word], page: Int, settings: PDFTableSettings
) -> PageTable? {
  let snap = settings.rulingSnap
  let xs = columnEdgesRuledInBody(xs: xs, ys: ys, rulings: rulings, words: words, snap: snap)
  let ys = rowEdgesWithoutThinBands(ys, rulings: rulings, words: words)
  let nr = ys.count - 1
  let nc = xs.count - 1
  // Words per grid cell.
  var cellWords = Array(repeating: Array(repeating: [Word](), count: nc), count: nr)
  for w in words {
    guard let c = xs.firstIndex(where: { $0 > w.box.midX }).map({ $0 - 1 }), c >= 0, c < nc,
      let r = ys.firstIndex(where: { $0 > w.box.midY }).map({ $0 - 1 }), r >= 0, r < nr
    else { continue }
    cellWords[r][c].append(w)
  }
  // Column spans: no vertical rule between two grid cells of a row.
  var owner = Array(repeating: Array(repeating: (0, 0), count: nc), count: nr)
  for r in 0..<nr {
    for c in 0..<nc {
      var oc = c
      if c > 0 && !covered(rulings, axis: .vertical, at: xs[c], from: ys[r], to: ys[r + 1], snap: snap) {
        oc = owner[r][c - 1].1
      }
      var or = r
      if r > 0 && oc == c && !covered(rulings, axis: .horizontal, at: ys[r], from: xs[c], to: xs[c + 1], snap: snap) {
        or = owner[r - 1][c].0
        oc = owner[r - 1][c].1
      }
      owner[r][c] = (or, oc)
      if (or, oc) != (r, c) {
        cellWords[or][oc].append(contentsOf: cellWords[r][c])
        cellWords[r][c] = []
      }
    }
  }
  // A grid whose cells hold several aligned columns of text is only partly ruled (a frame, a
  // ruled header): leave it to the alignment finder.
  var filledCells = 0
  var splitCells = 0
  for r in 0..<nr {
    for c in 0..<nc where owner[r][c] == (r, c) && !cellWords[r][c].isEmpty {
      filledCells += 1
      let lines = wordsToLines(cellWords[r][c], overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)
      // Two figures side by side; justified words in a cell do not count.
      if lines.contains(where: { $0.chunks.filter(\.isNumeric).count >= 2 }) { splitCells += 1 }
    }
  }
  if Double(splitCells) > settings.latticeSplitShare * Double(max(1, filledCells)) { return nil }
  var rows: [LaidRow] = []
  for r in 0..<nr {
    // Cells of row r from the words `keep` accepts.
    func laid(_ keep: (Word) -> Bool, box lineBox: BoundingBox) -> LaidRow {
      var cells = Array(repeating: GridCell.empty, count: nc)
      var c = 0
      while c < nc {
        let o = owner[r][c]
        var span = 1
        while c + span < nc && owner[r][c + span] == o { span += 1 }
        if o.0 == r {
          let ws = cellWords[o.0][o.1].filter(keep)
          if !ws.isEmpty {
            let lines = wordsToLines(ws, overlap: settings.lineOverlap, chunkGapEm: 1000)
            let text = lines.map(\.text).joined(separator: " ")
            var b = ws[0].box
            for w in ws.dropFirst() { b = b.union(w.box) }
            let bold = ws.allSatisfy { $0.font.isBold }
            for k in c..<(c + span) { cells[k] = GridCell(text: text, box: b, isBold: bold, span: span) }
          }
        }
        c += span
      }
      let labelX0 = cellWords[r][0].filter(keep).map(\.box.x0).min()
      return LaidRow(cells: cells, box: lineBox, labelX0: labelX0)
    }
    let rowBox = BoundingBox(x0: xs[0], y0: ys[r], x1: xs[nc], y1: ys[r + 1])
    let own = (0..<nc).filter { owner[r][$0] == (r, $0) }.map { cellWords[r][$0] }
    if let bands = cellsToSubrows(own, settings: settings) {
      for band in bands {
        rows.append(
          laid({ band.contains($0.box.midY) }, box: BoundingBox(x0: xs[0], y0: band.lowerBound, x1: xs[nc], y1: band.upperBound)))
      }
    } else {
      rows.append(laid({ _ in true }, box: rowBox))
    }
  }
  // Drop rows and columns nothing was printed in (double rules, frame margins).
  rows.removeAll { $0.filled == 0 }
  let usedCols = (0..<nc).filter { c in rows.contains { !$0.cells[c].text.isEmpty } }
  guard usedCols.count >= settings.minColumns || (usedCols.count >= 1 && rows.count >= 2 && nc >= 2),
    rows.count >= settings.minRows
  else { return nil }
  rows = rows.map { r in
    var n = r
    n.cells = usedCols.map { r.cells[$0] }
    // A span shrinks with the columns dropped under it.
    for k in n.cells.indices where n.cells[k].span > 1 {
      let t = n.cells[k].text
      n.cells[k].span = n.cells.filter { $0.text == t && $0.box == n.cells[k].box }.count
    }
    return n
  }
  guard usedCols.count >= settings.minColumns, !rowsAreChartLabels(rows) else { return nil }
  let columns = usedCols.map { xs[$0]...xs[$0 + 1] }
  let count = headerRowCount(rows, maxRows: settings.maxHeaderRows)
  let size = words.map(\.size).max() ?? 10
  let labelX = rows[count...].compactMap(\.labelX0).min() ?? 0
  let step = settings.indentStepEm * size
  let indents = rows.enumerated().map { i, r -> Int in
    guard i >= count, let x = r.labelX0 else { return 0 }
    return clampedInt(((x - labelX) / step).rounded())
  }
  return PageTable(
    page: page, box: BoundingBox(x0: xs[0], y0: ys[0], x1: xs[nc], y1: ys[nr]), columns: columns,
    rows: rows.map(\.cells), rowBoxes: rows.map(\.box), indents: indents, headerRowCount: count, kind: .lattice)
}

/// The text lines of a ruled row whose cells hold an unruled block of rows: two or more cells
/// with several lines each, and figures on two or more lines (a label wrapped beside one figure
/// stays one row). Returns each line's y-range, top to bottom, or nil when the row is one row.
func cellsToSubrows(_ cells: [[Word]], settings: PDFTableSettings) -> [ClosedRange<Double>]? {
  let all = cells.flatMap { $0 }
  let lines = wordsToLines(all, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)
  guard lines.count >= 2 else { return nil }
  // Per cell, its text on each line it reaches.
  let perCell = cells.map { ws -> [String] in
    var byLine: [Int: [Word]] = [:]
    for w in ws {
      if let i = lines.firstIndex(where: { $0.box.yOverlap(w.box) > 0.5 * w.box.height }) { byLine[i, default: []].append(w) }
    }
    return byLine.keys.sorted().map { i in byLine[i]!.sorted { $0.box.x0 < $1.box.x0 }.map(\.text).joined(separator: " ") }
  }
  let multiLine = perCell.filter { $0.count >= 2 }.count
  // Figures stacked in one cell, one a line: a column of an unruled block (a header cell whose
  // last line reads "100" is not).
  let stacked = perCell.contains { $0.count >= 2 && $0.allSatisfy(cellIsFigure) }
  guard multiLine >= 2, stacked else { return nil }
  // Band edges halfway between neighbouring lines.
  var bands: [ClosedRange<Double>] = []
  for (i, l) in lines.enumerated() {
    let top = i == 0 ? l.box.y0 - 1 : (lines[i - 1].box.y1 + l.box.y0) / 2
    let bottom = i == lines.count - 1 ? l.box.y1 + 1 : (l.box.y1 + lines[i + 1].box.y0) / 2
    bands.append(top...max(top, bottom))
  }
  return bands
}
