import TallyCore

// Text set across the page's reading direction (a line printed up the margin, "Approved by the
// board on …"; the upright header of a page whose table is turned) is no part of any table. Read
// with the rest, each of its characters stands alone on a line of its own and lands in the first
// column of whatever table sits beside it. Its characters are told by how they follow each other:
// one under the other, not one after the other.

/// The geometry of a run of characters set across the reading direction.
enum CrossText {
  /// Consecutive characters of such a run step along y by at most this share of the larger side
  /// of their boxes (the turned line's height: a turned character advances by less), more across
  /// a space; rows of a table stand at least a box height apart. Along x they step by at most
  /// `maxSideStepEm`.
  static let maxStepEm = 0.9
  static let maxStepOverSpaceEm = 1.4
  static let maxSideStepEm = 0.25
  /// Runs of fewer letters or digits than this are kept: a short vertical run can be a stacked
  /// cell ("a" over "b"), a long one never is.
  static let minRun = 5
}

/// Per glyph (reading space, after any turn of the page), whether it belongs to a run of at
/// least `CrossText.minRun` characters that follow each other downward or upward at one x, as
/// characters of turned text do. Spaces inside such a run belong to it.
func glyphsAcrossFlow(_ glyphs: [Glyph]) -> [Bool] {
  var across = [Bool](repeating: false, count: glyphs.count)
  var runStart = -1
  var runLetters = 0
  var direction = 0.0
  var last = -1
  var spaced = false
  func close(_ end: Int) {
    if runStart >= 0 && runLetters >= CrossText.minRun {
      for k in runStart...end { across[k] = true }
    }
    runStart = -1
    runLetters = 0
    direction = 0
  }
  for i in glyphs.indices {
    let g = glyphs[i]
    if isSpace(g.scalar) || g.scalar.value < 0x20 {
      spaced = true
      continue
    }
    if last >= 0 {
      let p = glyphs[last].box
      let b = g.box
      let size = max(min(max(p.width, p.height), max(b.width, b.height)), 0.5)
      let dy = b.midY - p.midY
      let dx = b.midX - p.midX
      let vertical = abs(dx) <= CrossText.maxSideStepEm * size && abs(dy) > 0.05 * size
        && abs(dy) <= (spaced ? CrossText.maxStepOverSpaceEm : CrossText.maxStepEm) * size
        // A turned character's box spans the turned line's height across and its advance
        // along: wider than tall, as an upright character's box (a dash, a digit) never is; its
        // x extent matches its neighbour's.
        && b.width > b.height && p.width > p.height
        && abs(b.width - p.width) <= 0.25 * size
      let sameWay = direction == 0 || (dy > 0) == (direction > 0)
      if vertical && sameWay {
        if runStart < 0 {
          runStart = last
          runLetters = 1
        }
        direction = dy
        runLetters += 1
      } else {
        close(last)
      }
    }
    last = i
    spaced = false
  }
  if last >= 0 { close(last) }
  return across
}

/// The glyphs (and their ink flags, when given) without those set across the reading direction.
func glyphsWithoutCrossText(_ glyphs: [Glyph], inked: [Bool]?) -> (glyphs: [Glyph], inked: [Bool]?) {
  let across = glyphsAcrossFlow(glyphs)
  guard across.contains(true) else { return (glyphs, inked) }
  var kept: [Glyph] = []
  kept.reserveCapacity(glyphs.count)
  var keptInk: [Bool]? = inked.map { _ in [] }
  for i in glyphs.indices where !across[i] {
    kept.append(glyphs[i])
    if let inked, i < inked.count { keptInk?.append(inked[i]) }
  }
  return (kept, keptInk)
}
