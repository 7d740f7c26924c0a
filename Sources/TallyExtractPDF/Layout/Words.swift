import TallyCore

/// How the text of a page runs, judged from consecutive characters of the same word.
enum TextFlow: Sendable, Equatable {
  /// Left to right, as on an unrotated page.
  case upright
  /// Top to bottom: the page is displayed turned 90° clockwise.
  case down
  /// Bottom to top: the page is displayed turned 90° anticlockwise.
  case up
}

/// Judges the flow direction by voting over neighbouring non-space characters.
func glyphsToFlow(_ glyphs: [Glyph]) -> TextFlow {
  var right = 0
  var down = 0
  var up = 0
  // Neighbours by index: copying a glyph would retain its font name every time.
  for i in glyphs.indices.dropFirst() {
    let g = glyphs[i].box
    let p = glyphs[i - 1].box
    guard !isSpace(glyphs[i].scalar), !isSpace(glyphs[i - 1].scalar) else { continue }
    let dx = g.midX - p.midX
    let dy = g.midY - p.midY
    let step = max(p.width, p.height) * 2
    guard abs(dx) < step, abs(dy) < step else { continue }
    if abs(dx) > abs(dy) {
      if dx > 0 { right += 1 }
    } else if dy > 0 {
      down += 1
    } else if dy < 0 {
      up += 1
    }
  }
  if down > right * 2 && down > up { return .down }
  if up > right * 2 && up > down { return .up }
  return .upright
}

/// Turns display-space boxes of a rotated page back into reading orientation.
/// `width`/`height` are the displayed page size; returns the glyphs and the upright page size.
func glyphsToUpright(_ glyphs: [Glyph], flow: TextFlow, width: Double, height: Double)
  -> (glyphs: [Glyph], width: Double, height: Double)
{
  switch flow {
  case .upright:
    return (glyphs, width, height)
  case .down:
    // Reading x runs down the display; reading y runs right-to-left.
    let turned = glyphs.map { g -> Glyph in
      var t = g
      t.box = BoundingBox(x0: g.box.y0, y0: width - g.box.x1, x1: g.box.y1, y1: width - g.box.x0)
      return t
    }
    return (turned, height, width)
  case .up:
    let turned = glyphs.map { g -> Glyph in
      var t = g
      t.box = BoundingBox(x0: height - g.box.y1, y0: g.box.x0, x1: height - g.box.y0, y1: g.box.x1)
      return t
    }
    return (turned, height, width)
  }
}

@inline(__always) func isSpace(_ s: Unicode.Scalar) -> Bool {
  switch s.value {
  case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B, 0xA0, 0x2007, 0x2009, 0x200A, 0x202F, 0x2002, 0x2003, 0x3000: return true
  default: return false
  }
}

/// Rebuilds words from characters in poppler's order: a word ends at white space, at a gap wider
/// than `gapEm` × font size, at a change of baseline, or where x runs backwards.
/// poppler's own text has no spaces between table cells, so its spaces alone cannot be trusted.
///
/// `inked` (one flag per glyph: its box showed contrast on the rendered page) drops the words that
/// were not visible; see `wordsToVisible`.
func glyphsToWords(_ glyphs: [Glyph], gapEm: Double, inked: [Bool]? = nil) -> [Word] {
  var words: [Word] = []
  // The current word's UTF-8, one buffer for every word.
  var text: [UInt8] = []
  text.reserveCapacity(64)
  var box = BoundingBox(x0: 0, y0: 0, x1: 0, y1: 0)
  var font = FontStyle(name: "", size: 0, color: 0)
  // The previous glyph of the word, by index: copying glyphs would retain font names each time.
  var last: Int? = nil
  var first = 0
  // Each word's glyphs, only kept when visibility is judged.
  var spans: [Range<Int>] = []

  func flush() {
    if !text.isEmpty {
      words.append(Word(text: String(decoding: text, as: UTF8.self), box: box, font: font))
      text.removeAll(keepingCapacity: true)
      if inked != nil, let l = last { spans.append(first..<(l + 1)) }
    }
    last = nil
  }

  for i in glyphs.indices {
    let scalar = glyphs[i].scalar
    let gbox = glyphs[i].box
    if isSpace(scalar) || scalar.value < 0x20 || gbox.width <= 0 && gbox.height <= 0 {
      flush()
      continue
    }
    let h = gbox.height
    let fontSize = glyphs[i].font.size
    let size = fontSize > 0.6 * h && fontSize < 2 * h ? fontSize : max(h, 1)
    if let l = last {
      let p = glyphs[l].box
      let gap = gbox.x0 - p.x1
      let baselineShift = abs(gbox.y1 - p.y1)
      if gap > gapEm * size || gbox.x1 < p.x0 + 0.1 * size || baselineShift > 0.35 * min(size, p.height + 0.01) {
        flush()
      }
    }
    if text.isEmpty {
      box = gbox
      font = glyphs[i].font
      first = i
    } else {
      box = box.union(gbox)
      if fontSize > font.size { font.size = fontSize }
      // A word is bold only if every letter is: mixed words are rare and mostly emphasis marks.
      if !glyphs[i].font.isBold && font.isBold { font.name = glyphs[i].font.name }
    }
    appendNormalised(scalar, to: &text)
    last = i
  }
  flush()
  guard let inked, inked.count == glyphs.count, spans.count == words.count else { return words }
  return wordsToVisible(words, spans: spans, glyphs: glyphs, inked: inked)
}

/// Drops the words that were not visible on the page: more of their glyphs left a flat, empty box
/// than showed ink of their own. A glyph overlapping another word's box may be showing that word's
/// ink (hidden figures are often set over visible ones), so it counts for neither side; a glyph
/// with an empty box always counts, which keeps a visible word with only an end clipped.
func wordsToVisible(_ words: [Word], spans: [Range<Int>], glyphs: [Glyph], inked: [Bool]) -> [Word] {
  var kept: [Word] = []
  kept.reserveCapacity(words.count)
  for w in words.indices {
    let span = spans[w]
    var blank = 0
    // Punctuation leaves too little ink to judge (a full stop sits on the edge of its box).
    for i in span where !inked[i] && isLetterOrDigit(glyphs[i].scalar) { blank += 1 }
    // Nearly every word: all of its glyphs left ink.
    if blank == 0 {
      kept.append(words[w])
      continue
    }
    var shown = 0
    for i in span where inked[i] && isLetterOrDigit(glyphs[i].scalar) {
      // Boxes of neighbouring words may touch: only a real overlap counts.
      let g = glyphs[i].box
      let m = 0.1 * g.height
      var covered = false
      for o in words.indices where o != w {
        let b = words[o].box
        if b.x0 < g.x1 - m && b.x1 > g.x0 + m && b.y0 < g.y1 - m && b.y1 > g.y0 + m {
          covered = true
          break
        }
      }
      if !covered { shown += 1 }
    }
    if blank <= shown { kept.append(words[w]) }
  }
  return kept
}

/// Unfolds typographic ligatures and odd spaces so keywords match (a tiny NFKC for what PDFs emit).
@inline(__always) func appendNormalised(_ s: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
  switch s.value {
  case 0xFB00: out.append("f"); out.append("f")
  case 0xFB01: out.append("f"); out.append("i")
  case 0xFB02: out.append("f"); out.append("l")
  case 0xFB03: out.append("f"); out.append("f"); out.append("i")
  case 0xFB04: out.append("f"); out.append("f"); out.append("l")
  case 0xFB05, 0xFB06: out.append("s"); out.append("t")
  case 0x0132: out.append("I"); out.append("J")
  case 0x0133: out.append("i"); out.append("j")
  default: out.append(s)
  }
}

/// `appendNormalised` into UTF-8 bytes.
@inline(__always) func appendNormalised(_ s: Unicode.Scalar, to out: inout [UInt8]) {
  if s.value < 0x80 {
    out.append(UInt8(truncatingIfNeeded: s.value))
    return
  }
  switch s.value {
  case 0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06, 0x0132, 0x0133:
    var unfolded = String.UnicodeScalarView()
    appendNormalised(s, to: &unfolded)
    out.append(contentsOf: String(unfolded).utf8)
  default:
    UTF8.encode(s) { out.append($0) }
  }
}

/// Turns display-space rules of a rotated page into reading orientation (see `glyphsToUpright`).
func rulingsToUpright(_ rulings: [Ruling], flow: TextFlow, width: Double, height: Double) -> [Ruling] {
  switch flow {
  case .upright:
    return rulings
  case .down:
    // (x, y) -> (y, width - x)
    return rulings.map { r in
      r.axis == .horizontal
        ? Ruling(axis: .vertical, position: r.position, start: width - r.end, end: width - r.start)
        : Ruling(axis: .horizontal, position: width - r.position, start: r.start, end: r.end)
    }
  case .up:
    // (x, y) -> (height - y, x)
    return rulings.map { r in
      r.axis == .horizontal
        ? Ruling(axis: .vertical, position: height - r.position, start: r.start, end: r.end)
        : Ruling(axis: .horizontal, position: r.position, start: height - r.end, end: height - r.start)
    }
  }
}

/// A reading-space area of a rotated page in display space (inverse of the upright turn).
func areaToDisplay(_ a: BoundingBox, flow: TextFlow, width: Double, height: Double) -> BoundingBox {
  switch flow {
  case .upright: return a
  // reading (x, y) = (dy, width - dx)  =>  dx = width - y, dy = x
  case .down: return BoundingBox(x0: width - a.y1, y0: a.x0, x1: width - a.y0, y1: a.x1)
  // reading (x, y) = (height - dy, dx)  =>  dx = y, dy = height - x
  case .up: return BoundingBox(x0: a.y0, y0: height - a.x1, x1: a.y1, y1: height - a.x0)
  }
}

/// Letters and digits: the glyphs with enough ink to tell a drawn glyph from an invisible one.
@inline(__always) func isLetterOrDigit(_ s: Unicode.Scalar) -> Bool {
  let v = s.value
  if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A) }
  return s.properties.isAlphabetic || s.properties.numericType != nil
}
