import TallyCore

// Drawn rules are not in poppler-glib's text API: the page is rendered at low resolution and
// scanned for long thin runs of ink. This file knows pixels and points only: what the rules
// are used for (grids, ruled rows) is the finders' business.

/// What counts as a rule when scanning pixels. Plain values, filled in by whoever renders the
/// page (the extractor takes them from its layout parameters).
struct RuleScanParameters: Sendable, Equatable {
  /// Grey level (0 black, 255 white) at or below which a pixel is ink.
  var inkLevel: Int
  /// Shortest rule kept, in points.
  var minLength: Double
  /// Thickest stroke still counted as a rule, in points (thicker is a filled area).
  var maxThickness: Double
}

/// A rendered page (or band of one) in 8-bit grey, `scale` pixels per point.
struct GrayImage: Sendable {
  var width: Int
  var height: Int
  var pixels: [UInt8]
  var scale: Double
  /// Where the image's top-left pixel sits on the page, in points.
  var x0: Double = 0
  var y0: Double = 0
  /// The pixels at or below grey `inkLevel`, one bit each, row by row in 64-bit words (bit k of
  /// word w is pixel 64w + k), when the renderer worked them out while converting; empty when not.
  var inkBits: [UInt64] = []
  var inkLevel: Int = -1
}

/// A thicker dark run than this, in points, is a filled area, not a bar whose top and bottom edges
/// separate rows (a shaded header band yields its two edges; a photo or a chart block yields none).
private let filledBarMaxThickness = 40.0
/// A thin run whose neighbours on both sides are within this many grey levels of it lies inside
/// one fill (between white letters on a dark band), not on a rule between two cells.
private let fillGreyTolerance = 25

/// A run of ink pixels on one pixel row (or column), with the rows it has grown over.
private struct InkSegment {
  var start: Int
  var end: Int
  var firstLine: Int
  var lastLine: Int
}

/// Finds long thin dark runs in a rendered page: horizontal and vertical rules, in points.
/// Thicker filled bars yield their top and bottom edges (a shaded header band separates rows).
func imageToRulings(_ image: GrayImage, scan: RuleScanParameters) -> [Ruling] {
  guard image.width > 0, image.height > 0, image.pixels.count >= image.width * image.height else { return [] }
  let ink = UInt8(clamping: scan.inkLevel)
  let width = image.width
  let given = image.inkLevel == Int(ink) && image.inkBits.count == (width + 63) / 64 * image.height
  return image.pixels.withUnsafeBufferPointer { px in
    let bits = given ? image.inkBits : greyToInkBits(px, width: width, height: image.height, ink: ink)
    return bits.withUnsafeBufferPointer { b in
      let band = InkBand(width: width, height: image.height, scale: image.scale, x0: image.x0, y0: image.y0, bits: b)
      return inkToRulings(band, scan: scan) { x, y in px[y &* width &+ x] }
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
func inkToRulings(_ band: InkBand, scan: RuleScanParameters, grey: (Int, Int) -> UInt8) -> [Ruling] {
  guard band.width > 0, band.height > 0 else { return [] }
  let s = band.scale
  let ox = band.x0
  let oy = band.y0
  let minRun = max(2, clampedInt((scan.minLength * s).rounded()))
  let maxThick = max(1, clampedInt((scan.maxThickness * s).rounded(.up)))
  let ink = UInt8(clamping: scan.inkLevel)
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
        if a <= ink && b <= ink && abs(Int(a) - v) <= fillGreyTolerance && abs(Int(b) - v) <= fillGreyTolerance { both += 1 }
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
    } else if Double(thickness) / s <= filledBarMaxThickness {
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
