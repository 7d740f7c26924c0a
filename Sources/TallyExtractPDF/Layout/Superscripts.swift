import TallyCore

// Footnote markers set as superscripts ("411.362 ᵃ", "Personeelskosten ¹⁾", "¹⁵ 0 %") are no part
// of the cell they sit in: they are told apart from the text by size and baseline and left out, so
// that a figure reads as the figure it is.

/// The geometry that marks a word as a superscript after its neighbour.
enum SuperscriptMarks {
  /// A marker is set at most this share of the size of the text it follows (producers use
  /// 58–75 %).
  static let maxSizeRatio = 0.85
  /// Its baseline stands at least this many ems (of the text it follows) above that text's
  /// baseline; a smaller word on the same baseline rises only by its shorter descent (~0.1 em).
  static let minRiseEm = 0.2
  /// It starts at most this many ems after the end of the text it follows (set right against it
  /// or after one space).
  static let maxGapEm = 0.45
  /// Text following it on the line closer than this many ems makes it part of a run of text
  /// ("(¹²)."): leaving it out would open a gap there.
  static let minClearEm = 1.0
  /// It holds at most this many characters: a letter, a digit or two, asterisks, a bracket.
  static let maxLength = 4
}

/// The words of a page with superscript footnote markers left out. A marker is a short word of
/// marker characters (letters, digits, "*", "†", "‡", brackets) set smaller than the word right
/// before it on its line and raised above that word's baseline (`SuperscriptMarks`), or so set
/// right before a figure ("¹⁵ 0 %"): a marker before a word of text opens a footnote line.
func wordsWithoutSuperscriptMarks(_ words: [Word]) -> [Word] {
  guard words.count >= 2 else { return words }
  // Candidates are rare: most pages have none, and then nothing is copied.
  var drop: [Int] = []
  for i in words.indices where wordMayBeMarker(words[i]) {
    if let base = wordBefore(i, words), wordIsSuperscript(words[i], after: words[base]),
      !textFollows(i, base: words[base], words)
    {
      drop.append(i)
    } else if let base = wordAfter(i, words), wordReadsAsFigure(words[base]),
      wordIsSuperscript(words[i], before: words[base])
    {
      drop.append(i)
    }
  }
  guard !drop.isEmpty else { return words }
  var out: [Word] = []
  out.reserveCapacity(words.count - drop.count)
  var d = 0
  for i in words.indices {
    if d < drop.count && drop[d] == i {
      d += 1
      continue
    }
    out.append(words[i])
  }
  return out
}

/// Whether `marker` sits as a superscript right after `base`: smaller, raised above its baseline,
/// set tightly after its end, within its height.
func wordIsSuperscript(_ marker: Word, after base: Word) -> Bool {
  wordIsRaisedMark(marker, beside: base, gap: marker.box.x0 - base.box.x1)
}

/// Whether `marker` sits as a superscript right before `base`: the same, ending tightly before
/// its start.
func wordIsSuperscript(_ marker: Word, before base: Word) -> Bool {
  wordIsRaisedMark(marker, beside: base, gap: base.box.x0 - marker.box.x1)
}

/// `marker` smaller than `base`, raised above its baseline, `gap` points from it (within
/// `SuperscriptMarks.maxGapEm`) and within its height.
private func wordIsRaisedMark(_ marker: Word, beside base: Word, gap: Double) -> Bool {
  let em = base.size
  guard em > 0, marker.size <= SuperscriptMarks.maxSizeRatio * em else { return false }
  let rise = base.box.y1 - marker.box.y1
  return rise >= SuperscriptMarks.minRiseEm * em
    && gap >= -0.05 * em && gap <= SuperscriptMarks.maxGapEm * em
    // Still beside the base word: its top no higher than half an em over the base's top.
    && marker.box.y0 >= base.box.y0 - 0.5 * em && marker.box.y1 > base.box.y0
}

/// A word that starts a figure: a digit, or a sign or bracket before one ("−100,0%", "(12,3%)").
func wordReadsAsFigure(_ w: Word) -> Bool {
  guard let first = w.text.unicodeScalars.first else { return false }
  let digit = { (s: Unicode.Scalar) in s.value >= 0x30 && s.value <= 0x39 }
  if digit(first) { return true }
  return "(-−–+".unicodeScalars.contains(first) && w.text.unicodeScalars.dropFirst().first.map(digit) == true
}

/// A short word made only of the characters footnote markers use.
func wordMayBeMarker(_ w: Word) -> Bool {
  var n = 0
  for s in w.text.unicodeScalars {
    n += 1
    guard n <= SuperscriptMarks.maxLength else { return false }
    switch s {
    case "*", "†", "‡", "(", ")", "⁾", "⁽": continue
    default:
      let v = s.value
      let asciiAlnum = (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A)
      guard asciiAlnum else { return false }
    }
  }
  return n > 0
}

/// The index of the word that ends nearest before word `i` on its line (vertically overlapping,
/// ending left of its start), or nil. Words come in poppler's order, so the previous word is
/// nearly always it; others are looked at only when it is not.
func wordBefore(_ i: Int, _ words: [Word]) -> Int? {
  let m = words[i].box
  func beside(_ j: Int) -> Bool {
    let b = words[j].box
    return b.x1 <= m.x0 + 0.05 * words[j].size && b.yOverlap(m) > 0
  }
  if i > 0 && beside(i - 1) { return i - 1 }
  var best: Int? = nil
  for j in words.indices where j != i && beside(j) {
    if best == nil || words[j].box.x1 > words[best!].box.x1 { best = j }
  }
  return best
}

/// The index of the word right after word `i` in poppler's order when it starts right of its end
/// on its line, or nil. Only the next word is looked at: the marker before a figure is drawn with
/// it, and most words asked about end a line.
func wordAfter(_ i: Int, _ words: [Word]) -> Int? {
  guard i + 1 < words.count else { return nil }
  let m = words[i].box
  let b = words[i + 1].box
  return b.x0 >= m.x1 - 0.05 * words[i + 1].size && b.yOverlap(m) > 0 ? i + 1 : nil
}

/// Whether a word of the line of `base` starts within `SuperscriptMarks.minClearEm` after word
/// `i` ends.
func textFollows(_ i: Int, base: Word, _ words: [Word]) -> Bool {
  let m = words[i].box
  let reach = m.x1 + SuperscriptMarks.minClearEm * base.size
  for j in words.indices where j != i {
    let b = words[j].box
    if b.x0 >= m.x1 - 0.05 * base.size && b.x0 <= reach && b.yOverlap(base.box) > 0 { return true }
  }
  return false
}
