import TallyCore

/// Words of one line that sit close together: a table cell candidate or a run of prose.
struct Chunk: Sendable, Hashable {
  var words: [Word]
  var box: BoundingBox

  init(words: [Word]) {
    self.words = words
    var b = words[0].box
    for w in words.dropFirst() { b = b.union(w.box) }
    box = b
  }

  /// The words joined by single spaces; a chunk of one word (most) shares that word's text.
  var text: String {
    if words.count == 1 { return words[0].text }
    var out = ""
    out.reserveCapacity(words.reduce(words.count - 1) { $0 + $1.text.utf8.count })
    for (k, w) in words.enumerated() {
      if k > 0 { out += " " }
      out += w.text
    }
    return out
  }
  /// Some word holds a letter (as `text` would: the spaces joining them are none).
  var hasLetter: Bool { words.contains { textHasLetter($0.text) } }
  /// Every word is set in a bold font.
  var isBold: Bool { words.allSatisfy { $0.font.isBold } }
  var size: Double {
    // The largest word size (0 when empty), without an array per call: asked in hot loops.
    guard var m = words.first?.size else { return 0 }
    for w in words.dropFirst() where m < w.size { m = w.size }
    return m
  }
  var wordCount: Int { words.count }
  /// The chunk reads as a figure: digits with optional sign, separators, currency, percent.
  var isNumeric: Bool {
    var tally = FigureTally()
    for w in words { tally.add(w.text) }
    return tally.isNumeric
  }
  /// `cellIsFigure(text)` without joining the words: a figure of several words is never a year.
  var isFigure: Bool {
    if words.count == 1 { return cellIsFigure(words[0].text) }
    var tally = FigureTally()
    for w in words { tally.add(w.text) }
    return tally.digits > 0 && tally.other == 0
  }
}

/// A run of words sharing a baseline band, left to right, split into chunks at wide gaps.
struct TextLine: Sendable, Hashable {
  var chunks: [Chunk]
  var box: BoundingBox

  init(chunks: [Chunk]) {
    self.chunks = chunks
    var b = chunks[0].box
    for c in chunks.dropFirst() { b = b.union(c.box) }
    box = b
  }

  var words: [Word] { chunks.flatMap(\.words) }
  /// `words.count` without building the array.
  var wordCount: Int {
    var n = 0
    for c in chunks { n += c.words.count }
    return n
  }
  /// The words joined by single spaces (chunks are joined the same way as their words).
  var text: String {
    if chunks.count == 1 { return chunks[0].text }
    var out = ""
    var bytes = -1
    for c in chunks {
      for w in c.words { bytes += w.text.utf8.count + 1 }
    }
    out.reserveCapacity(bytes)
    var first = true
    for c in chunks {
      for w in c.words {
        if !first { out += " " }
        first = false
        out += w.text
      }
    }
    return out
  }
  /// The dominant (largest) font size on the line.
  var size: Double {
    guard var m = chunks.first?.size else { return 0 }
    for c in chunks.dropFirst() where m < c.size { m = c.size }
    return m
  }
  var isBold: Bool { chunks.allSatisfy(\.isBold) }
  /// Some word holds a letter (as `text` would: the spaces joining them are none).
  var hasLetter: Bool { chunks.contains { $0.hasLetter } }
}

/// Some scalar of `text` is alphabetic. ASCII letters are told from the bytes; other scalars
/// by their Unicode properties.
func textHasLetter(_ text: String) -> Bool {
  var ascii = true
  for b in text.utf8 {
    if b >= 0x80 {
      ascii = false
      break
    }
    if b | 0x20 >= 0x61 && b | 0x20 <= 0x7A { return true }
  }
  return !ascii && text.unicodeScalars.contains { $0.properties.isAlphabetic }
}

/// True for figures as printed in reports: "3 543 495,67", "-12.400,00", "(4.500)", "12%", "€ 5", "—", "-".
func textIsNumeric(_ text: String) -> Bool {
  var tally = FigureTally()
  tally.add(text)
  return tally.isNumeric
}

/// What the figure tests ask of a text, gathered in one pass over its scalars, so that a chunk
/// can be judged word by word without joining its words into a string (the spaces joining
/// them count for nothing here).
struct FigureTally {
  /// ASCII digits.
  var digits = 0
  /// Scalars that never stand in a figure (letters, most punctuation).
  var other = 0
  /// Scalars other than U+0020, and the last of them: a dash alone among spaces stands for zero.
  var nonSpaces = 0
  var lastNonSpace: UInt32 = 0

  @inline(__always) mutating func add(_ v: UInt32) {
    switch v {
    case 0x20: return
    case 0x30...0x39: digits += 1
    case 0x2C, 0x2E, 0x2D, 0x2B, 0x28, 0x29, 0x25, 0x20AC, 0x24, 0xA3, 0x2212, 0x2013, 0x2014, 0x27, 0xA0, 0x202F: break
    default: other += 1
    }
    nonSpaces += 1
    lastNonSpace = v
  }

  /// Reads the text's UTF-8 bytes, each scalar decoded from its lead and continuation bytes
  /// (a String holds valid UTF-8): cheaper than walking its scalar view.
  mutating func add(_ text: String) {
    if let done: Void = text.utf8.withContiguousStorageIfAvailable({ add(utf8: $0) }) { return done }
    add(utf8: text.utf8)
  }

  @inline(__always) private mutating func add<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) {
    var it = bytes.makeIterator()
    while let b = it.next() {
      if b < 0x80 {
        add(UInt32(b))
        continue
      }
      var v: UInt32
      var more: Int
      if b < 0xE0 {
        v = UInt32(b & 0x1F)
        more = 1
      } else if b < 0xF0 {
        v = UInt32(b & 0x0F)
        more = 2
      } else {
        v = UInt32(b & 0x07)
        more = 3
      }
      while more > 0, let c = it.next() {
        v = v << 6 | UInt32(c & 0x3F)
        more -= 1
      }
      add(v)
    }
  }

  /// `textIsNumeric` of the text tallied: digits and figure signs only, or a lone dash ("-",
  /// "–", "—") between spaces.
  var isNumeric: Bool {
    if digits == 0 { return nonSpaces == 1 && (lastNonSpace == 0x2D || lastNonSpace == 0x2014 || lastNonSpace == 0x2013) }
    return other == 0
  }
}

/// A word's place in reading order for `wordsToLines`: its middle, then its left edge, then its
/// index (the order a stable sort by middle and left edge leaves). Kept inline so the sort
/// compares plain values, with no lookup through the words for every comparison.
private struct LineSortKey {
  var mid: Double
  var x0: Double
  var index: Int

  static func precedes(_ a: LineSortKey, _ b: LineSortKey) -> Bool {
    if a.mid != b.mid { return a.mid < b.mid }
    if a.x0 != b.x0 { return a.x0 < b.x0 }
    return a.index < b.index
  }
}

/// Groups words into lines: a word joins a line when their vertical ranges overlap by at least
/// `overlap` of the smaller height. Lines come out top to bottom, words left to right.
func wordsToLines(_ words: [Word], overlap: Double, chunkGapEm: Double) -> [TextLine] {
  wordsToPageLines(words, overlap: overlap, chunkGapEm: chunkGapEm, lineOfWord: false).lines
}

/// A page's lines (`wordsToLines`) with the line each word went to, so that the lines of some
/// of its words can take the lines they share with it (`wordsToPageLines(_:reusing:)`).
struct PageLines: Sendable {
  var lines: [TextLine]
  /// Per word of the page, the index of its line in `lines`; empty when not asked for.
  var lineOfWord: [Int]
}

/// The lines of some of a page's words, `fullIndex` giving each word's index among the page's
/// words (`page`): a line made of exactly the words of one of the page's lines is that line, as
/// grouping them again would make it (same words, same order, same chunks), and is taken as is
/// rather than built again.
struct LineReuse {
  var page: PageLines
  var fullIndex: [Int]
}

/// `wordsToLines`, with each word's line when `lineOfWord` is asked for, taking lines from
/// `reusing` where they hold the same words.
func wordsToPageLines(
  _ words: [Word], overlap: Double, chunkGapEm: Double, lineOfWord: Bool, reusing: LineReuse? = nil
) -> PageLines {
  guard !words.isEmpty else { return PageLines(lines: [], lineOfWord: []) }
  // Indices and boxes rather than words: sorting and grouping then move no strings.
  let boxes = words.map(\.box)
  let (groups, next) = groupLines(boxes, overlap: overlap)
  var lines: [TextLine] = []
  lines.reserveCapacity(groups.count)
  // One buffer for every line's word indices.
  var members: [Int] = []
  for g in groups.indices {
    lineMembers(from: groups[g].first, next: next, boxes: boxes, into: &members)
    if let reusing, let line = reusing.line(of: members) {
      lines.append(line)
    } else {
      lines.append(TextLine(chunks: indicesToChunks(members, words: words, gapEm: chunkGapEm)))
    }
  }
  // Lines mostly come out in order already: sort only when they do not (a stable sort of the
  // line numbers by middle: the order sorting the lines themselves gives).
  var ordered = true
  for j in lines.indices.dropFirst() where lines[j].box.midY < lines[j - 1].box.midY {
    ordered = false
    break
  }
  var order: [Int]? = nil
  if !ordered {
    let sorted = lines.indices.sorted { lines[$0].box.midY < lines[$1].box.midY }
    lines = sorted.map { lines[$0] }
    order = sorted
  }
  guard lineOfWord else { return PageLines(lines: lines, lineOfWord: []) }
  var lineOf = [Int](repeating: 0, count: words.count)
  for (position, g) in (order ?? Array(groups.indices)).enumerated() {
    var m = groups[g].first
    while m >= 0 {
      lineOf[m] = position
      m = next[m]
    }
  }
  return PageLines(lines: lines, lineOfWord: lineOf)
}

/// The grouping step of `wordsToPageLines`: each line's words as a chain through `next`
/// (first, last, in the order they joined), lines in the order they were started.
@inline(__always)
private func groupLines(_ boxes: [BoundingBox], overlap: Double) -> (groups: [LineGroup], next: [Int]) {
  var keys: [LineSortKey] = []
  keys.reserveCapacity(boxes.count)
  for (i, b) in boxes.enumerated() { keys.append(LineSortKey(mid: b.midY, x0: b.x0, index: i)) }
  keys.sort(by: LineSortKey.precedes)
  // Each line's words as a chain through `next` (first, last, in the order they joined): one
  // array for the page rather than one per line.
  var groups: [LineGroup] = []
  var next = [Int](repeating: -1, count: boxes.count)
  for key in keys {
    let k = key.index
    let box = boxes[k]
    var placed = false
    // Only recent lines can overlap: words are sorted by their middles.
    var i = groups.count - 1
    while i >= 0 && i >= groups.count - 4 {
      let g = groups[i]
      let b = g.band
      let o = b.yOverlap(box)
      // A word starting right of every word of the line overlaps none of them (widths not
      // negative): the usual case, words coming mostly left to right.
      let clear = box.x0 >= b.x1 && box.width >= 0 && g.minWidth >= 0
      if o >= overlap * min(b.height, box.height)
        && (clear || !chainHasXOverlap(g.first, next: next, boxes: boxes, box: box))
      {
        next[g.last] = k
        groups[i].last = k
        groups[i].band = BoundingBox(
          x0: min(b.x0, box.x0), y0: min(b.y0, box.y0), x1: max(b.x1, box.x1), y1: max(b.y1, box.y1))
        groups[i].minWidth = min(g.minWidth, box.width)
        placed = true
        break
      }
      i -= 1
    }
    if !placed { groups.append(LineGroup(first: k, last: k, band: box, minWidth: box.width)) }
  }
  return (groups, next)
}

/// The word indices of the line group starting at `first`, chained through `next`, sorted by
/// left edge, into `members` (a buffer reused from line to line).
private func lineMembers(from first: Int, next: [Int], boxes: [BoundingBox], into members: inout [Int]) {
  members.removeAll(keepingCapacity: true)
  var m = first
  while m >= 0 {
    members.append(m)
    m = next[m]
  }
  sortByLeftEdge(&members, boxes: boxes)
}

extension LineReuse {
  /// The page's line made of exactly the words at `members` (indices into the words grouped),
  /// or nil when there is none.
  func line(of members: [Int]) -> TextLine? {
    let l = page.lineOfWord[fullIndex[members[0]]]
    guard page.lines[l].wordCount == members.count else { return nil }
    for m in members where page.lineOfWord[fullIndex[m]] != l { return nil }
    return page.lines[l]
  }
}

/// A line being grouped by `wordsToPageLines`: its first and last word (by index; the others
/// chained between), the band its words cover and its narrowest word's width.
private struct LineGroup {
  var first: Int
  var last: Int
  var band: BoundingBox
  var minWidth: Double
}

/// Whether a word of the line chained from `start` overlaps `box` across more than half the
/// narrower width (two words side by side, not one above the other).
@inline(__always)
private func chainHasXOverlap(_ start: Int, next: [Int], boxes: [BoundingBox], box: BoundingBox) -> Bool {
  var m = start
  while m >= 0 {
    let o = boxes[m]
    if o.xOverlap(box) > 0.5 * min(o.width, box.width) { return true }
    m = next[m]
  }
  return false
}

/// Sorts word indices by left edge, keeping the order of equal edges (as a stable sort does).
/// An insertion sort: a line holds few words, mostly in order already.
private func sortByLeftEdge(_ members: inout [Int], boxes: [BoundingBox]) {
  guard members.count > 1 else { return }
  for j in 1..<members.count {
    let v = members[j]
    let x = boxes[v].x0
    var p = j
    while p > 0 && x < boxes[members[p - 1]].x0 {
      members[p] = members[p - 1]
      p -= 1
    }
    members[p] = v
  }
}

/// Splits a line's words (`indices` into `words`, left to right) into chunks wherever the gap
/// exceeds `gapEm` × font size. Each chunk's words are copied once, into an array of its size.
private func indicesToChunks(_ indices: [Int], words: [Word], gapEm: Double) -> [Chunk] {
  // Where chunks start, found first so that every array is allocated at its size.
  var starts = 1
  for j in 1..<indices.count where chunkBreaks(words[indices[j - 1]], words[indices[j]], gapEm: gapEm) { starts += 1 }
  var chunks: [Chunk] = []
  chunks.reserveCapacity(starts)
  var start = 0
  for end in 1...indices.count
  where end == indices.count || chunkBreaks(words[indices[end - 1]], words[indices[end]], gapEm: gapEm) {
    chunks.append(Chunk(words: Array(unsafeUninitializedCapacity: end - start) { buffer, count in
      for j in start..<end { (buffer.baseAddress! + (j - start)).initialize(to: words[indices[j]]) }
      count = end - start
    }))
    start = end
  }
  return chunks
}

/// Whether the gap between two words side by side is wider than `gapEm` × the larger font size.
@inline(__always) private func chunkBreaks(_ a: Word, _ b: Word, gapEm: Double) -> Bool {
  b.box.x0 - a.box.x1 > gapEm * max(a.size, b.size)
}
