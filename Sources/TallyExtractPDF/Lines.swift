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

  var text: String { words.map(\.text).joined(separator: " ") }
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
  var isNumeric: Bool { textIsNumeric(text) }
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
    var out = ""
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
}

/// True for figures as printed in reports: "3 543 495,67", "-12.400,00", "(4.500)", "12%", "€ 5", "—", "-".
func textIsNumeric(_ text: String) -> Bool {
  var digits = 0
  var other = 0
  for s in text.unicodeScalars {
    switch s.value {
    case 0x30...0x39: digits += 1
    case 0x20, 0x2C, 0x2E, 0x2D, 0x2B, 0x28, 0x29, 0x25, 0x20AC, 0x24, 0xA3, 0x2212, 0x2013, 0x2014, 0x27, 0xA0, 0x202F:
      continue
    default: other += 1
    }
  }
  if digits == 0 {
    // A lone dash stands for zero or "not applicable" in a figure column.
    let t = text.trimmingSpaces
    return t == "-" || t == "—" || t == "–"
  }
  return other == 0
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " { s = s.dropFirst() }
    while let l = s.last, l == " " { s = s.dropLast() }
    return String(s)
  }
}

/// Groups words into lines: a word joins a line when their vertical ranges overlap by at least
/// `overlap` of the smaller height. Lines come out top to bottom, words left to right.
func wordsToLines(_ words: [Word], overlap: Double, chunkGapEm: Double) -> [TextLine] {
  // Indices and boxes rather than words: sorting and grouping then move no strings.
  let boxes = words.map(\.box)
  // Sort keys worked out once per word, not in every comparison.
  let mids = boxes.map(\.midY)
  var order = Array(words.indices)
  order.sort { (mids[$0], boxes[$0].x0) < (mids[$1], boxes[$1].x0) }
  var groups: [[Int]] = []
  var bands: [BoundingBox] = []
  for k in order {
    let box = boxes[k]
    var placed = false
    // Only recent lines can overlap: words are sorted by their middles.
    var i = groups.count - 1
    while i >= 0 && i >= groups.count - 4 {
      let b = bands[i]
      let o = b.yOverlap(box)
      if o >= overlap * min(b.height, box.height)
        && !groups[i].contains(where: { boxes[$0].xOverlap(box) > 0.5 * min(boxes[$0].width, box.width) })
      {
        groups[i].append(k)
        bands[i] = BoundingBox(x0: min(b.x0, box.x0), y0: min(b.y0, box.y0), x1: max(b.x1, box.x1), y1: max(b.y1, box.y1))
        placed = true
        break
      }
      i -= 1
    }
    if !placed {
      groups.append([k])
      bands.append(box)
    }
  }
  var lines = groups.map { g -> TextLine in
    var g = g
    g.sort { boxes[$0].x0 < boxes[$1].x0 }
    return TextLine(chunks: wordsToChunks(g.map { words[$0] }, gapEm: chunkGapEm))
  }
  lines.sort { $0.box.midY < $1.box.midY }
  return lines
}

/// Splits a line's words into chunks wherever the gap exceeds `gapEm` × font size.
func wordsToChunks(_ words: [Word], gapEm: Double) -> [Chunk] {
  // Cut points by index, each chunk copied once from the line (growing a chunk word by word
  // reallocated it); a line of one chunk shares the line's array.
  guard !words.isEmpty else { return [] }
  var chunks: [Chunk] = []
  var start = 0
  for i in 1..<words.count {
    let gap = words[i].box.x0 - words[i - 1].box.x1
    if gap > gapEm * max(words[i - 1].size, words[i].size) {
      chunks.append(Chunk(words: Array(words[start..<i])))
      start = i
    }
  }
  chunks.append(Chunk(words: start == 0 ? words : Array(words[start...])))
  return chunks
}
