import TallyCore

// Page layout outside the table grids: body size, headings, running headers and footers,
// the lines a table takes above its body (headers) and below it (footnotes).

/// The body text size: the font size carrying the most characters.
func linesToBodySize(_ lines: [TextLine]) -> Double { linesToBodySize(pages: [lines]) }

/// `linesToBodySize` over the lines of every page, without joining them into one array.
func linesToBodySize(pages: [[TextLine]]) -> Double {
  var weight: [Int: Int] = [:]
  // Words of one size come in runs: a run's characters are summed before the table is asked.
  var size = 0
  var run = 0
  var inRun = false
  for lines in pages {
    for line in lines {
      for c in line.chunks {
        for w in c.words {
          let s = clampedInt((w.size * 2).rounded())
          if !inRun || s != size {
            if inRun { weight[size, default: 0] += run }
            size = s
            run = 0
            inRun = true
          }
          // Scalars counted from the UTF-8 bytes: every byte but a continuation byte starts one.
          for b in w.text.utf8 where b & 0xC0 != 0x80 { run += 1 }
        }
      }
    }
  }
  if inRun { weight[size, default: 0] += run }
  guard let best = weight.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { return 10 }
  return Double(best.key) / 2
}

/// A heading by size: larger than body text, short.
func lineIsLargeHeading(_ line: TextLine, bodySize: Double, settings: PDFTableSettings) -> Bool {
  line.wordCount <= settings.headings.maxWords && line.size >= bodySize * settings.headings.sizeRatio
    && line.hasLetter
}

/// A heading: larger than body text, or (when enabled) a short bold or coloured line on its own.
func lineIsHeading(_ line: TextLine, bodySize: Double, settings: PDFTableSettings) -> Bool {
  if lineIsLargeHeading(line, bodySize: bodySize, settings: settings) { return true }
  guard settings.headings.bold, line.chunks.count == 1, line.wordCount <= settings.headings.maxWords,
    line.hasLetter
  else { return false }
  let coloured = line.chunks.allSatisfy { $0.words.allSatisfy { w in
    let c = w.font.color
    let r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF
    // Coloured, not grey: channels differ clearly.
    return max(r, g, b) - min(r, g, b) > 60
  } }
  return line.isBold || coloured
}

/// The section number of a line that holds only one ("4", "4.", "2.1") set at heading size, as
/// written before the title ("4."); nil otherwise. Chapter dividers set the number apart.
func lineSectionNumber(_ line: TextLine, bodySize: Double, settings: PDFTableSettings) -> String? {
  guard line.chunks.count == 1, line.wordCount == 1, line.size >= bodySize * settings.headings.sizeRatio else {
    return nil
  }
  let t = line.text
  let u = t.unicodeScalars
  guard let first = u.first, first.value >= 0x30 && first.value <= 0x39, u.count <= 8,
    u.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "." })
  else { return nil }
  return t.hasSuffix(".") ? t : t + "."
}

/// The heading part of a line that carries a side note: leading chunks in one weight (at least
/// `headingMinMainWords` words, some with letters), then at most `headingNoteMaxChunks` chunks
/// (`headingNoteMaxWords` words) in another weight, one with letters ("… overleg" | "Dienst Activering en Werk",
/// "OD10039" | "Beter laten …" | "2020 - 2027" | "Groep Gent"). Nil when the line is not so split.
func headingMainPart(_ line: TextLine, settings: PDFTableSettings) -> TextLine? {
  let chunks = line.chunks
  guard chunks.count >= 2 else { return nil }
  let first = chunks[0]
  var n = 1
  while n < chunks.count, chunks[n].isBold == first.isBold { n += 1 }
  guard n < chunks.count, chunks.count - n <= settings.headings.noteMaxChunks else { return nil }
  let main = Array(chunks[..<n])
  let rest = chunks[n...]
  // A code standing in its own column before a short title ("PO10044" | "Offerlaan") makes a
  // whole heading, written "PO10044 - Offerlaan".
  let mainWords = main.map(\.wordCount).reduce(0, +) + (main.count >= 2 && chunkIsCode(main[0]) ? 1 : 0)
  guard mainWords >= settings.headings.minMainWords,
    main.contains(where: \.hasLetter),
    rest.allSatisfy({ $0.isBold != first.isBold }),
    rest.contains(where: \.hasLetter),
    rest.map(\.wordCount).reduce(0, +) <= settings.headings.noteMaxWords,
    // A figure after a bold label is a table row; a note holds at most years ("2020 - 2027").
    !rest.contains(where: { $0.isFigure && !textIsYearRange($0.text) })
  else { return nil }
  return TextLine(chunks: main)
}

/// A year or a range of years: "2024", "2020 - 2027", "2013-2018".
func textIsYearRange(_ text: String) -> Bool {
  let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "–" })
  return !parts.isEmpty && parts.count <= 2 && parts.allSatisfy { textIsYear(String($0)) }
}

/// A heading followed by a side note on the same line: never a table row.
func lineIsHeadingWithNote(_ line: TextLine, bodySize: Double, settings: PDFTableSettings) -> Bool {
  guard let main = headingMainPart(line, settings: settings) else { return false }
  return lineIsHeading(main, bodySize: bodySize, settings: settings)
}

/// A chunk holding one code of letters and digits ("OD10039", "PO10044").
func chunkIsCode(_ chunk: Chunk) -> Bool {
  guard chunk.wordCount == 1 else { return false }
  let code = chunk.text.unicodeScalars
  let hasDigit = code.contains { $0.value >= 0x30 && $0.value <= 0x39 }
  let hasLetter = code.contains { $0.properties.isAlphabetic }
  return hasDigit && hasLetter && code.allSatisfy { $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) }
}

/// The text of a heading line. A code standing in its own column before the title ("OD10039" |
/// "Beter laten …") is joined to it with a dash, as such headings are written inline.
func headingText(_ line: TextLine) -> String {
  let chunks = line.chunks
  guard chunks.count >= 2, chunkIsCode(chunks[0]) else { return line.text }
  return chunks[0].text + " - " + chunks.dropFirst().map(\.text).joined(separator: " ")
}

/// The look of the end of a line (its last word), to compare with the start of the next.
func lineEndStyle(_ line: TextLine) -> LineStyle {
  LineStyle(word: line.chunks.last(where: { !$0.words.isEmpty })!.words.last!, isBold: line.isBold)
}

/// The key under which a line is compared across pages: its text with digits folded (page
/// numbers change) and its position rounded to the tolerance.
func runningKey(_ line: TextLine, tolerance: Double) -> String {
  let t = max(tolerance, 0.5)
  let position = String(clampedInt((line.box.y0 / t).rounded()))
  // Written as UTF-8 bytes: an ASCII digit is one byte and never part of another scalar's
  // bytes, so folding digit bytes folds digit scalars, and no string of the text is made first.
  var count = position.utf8.count + 1
  for c in line.chunks {
    for w in c.words { count += w.text.utf8.count + 1 }
  }
  // One space fewer than words.
  count -= 1
  return String(unsafeUninitializedCapacity: count) { buffer in
    var n = 0
    for b in position.utf8 {
      buffer[n] = b
      n += 1
    }
    buffer[n] = UInt8(ascii: "|")
    n += 1
    var first = true
    for c in line.chunks {
      for w in c.words {
        if !first {
          buffer[n] = 0x20
          n += 1
        }
        first = false
        for b in w.text.utf8 {
          buffer[n] = b >= 0x30 && b <= 0x39 ? UInt8(ascii: "#") : b
          n += 1
        }
      }
    }
    return n
  }
}

/// A bare page number ("12", "- 12 -", "12/30", "Pagina 3 van 9", "page 4"); never a date
/// ("23/11/2023": two separators in one word).
func lineIsPageNumber(_ line: TextLine) -> Bool {
  asciiLineIsPageNumber(line) ?? textIsPageNumber(line.text)
}

/// `lineIsPageNumber` of a line's text, read as Characters (any text).
func textIsPageNumber(_ text: String) -> Bool {
  let words = text.split(separator: " ").map { $0.lowercased() }
  guard !words.isEmpty, words.count <= 4 else { return false }
  var digits = 0
  for w in words {
    if w.unicodeScalars.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "/" || $0 == "-" || $0 == "|" }) {
      let separators = w.unicodeScalars.filter { $0 == "/" || $0 == "-" || $0 == "|" }.count
      if separators >= 2 && w.unicodeScalars.count > separators { return false }
      if w.unicodeScalars.contains(where: { $0.value >= 0x30 && $0.value <= 0x39 }) { digits += 1 }
      continue
    }
    if pageNumberWords.contains(w) { continue }
    return false
  }
  return digits >= 1 && digits <= 2
}

/// The words that may stand beside a page number, lower case.
private let pageNumberWords = ["pagina", "page", "blz.", "blz", "p.", "van", "of", "seite", "von"]

/// The same words packed as `asciiLineIsPageNumber` packs a word: length in the top byte,
/// then the bytes.
private let pageNumberWordKeys: [UInt64] = pageNumberWords.map { w in
  UInt64(w.utf8.count) << 56 | w.utf8.reduce(0) { $0 << 8 | UInt64($1) }
}

/// `lineIsPageNumber` read from the bytes of a line whose text is all ASCII (nil otherwise):
/// there every Character is one byte, so runs of bytes between spaces are the words `split`
/// gives, and lower case is a bit.
func asciiLineIsPageNumber(_ line: TextLine) -> Bool? {
  var words = 0
  var digits = 0
  // The word being read: its length, separators, whether it holds a digit and only digits and
  // separators, and its first seven bytes (lower case) packed for comparison with the words.
  var length = 0
  var separators = 0
  var hasDigit = false
  var numberLike = true
  var packed: UInt64 = 0
  var failed = false
  func endWord() {
    guard length > 0 else { return }
    words += 1
    if numberLike {
      if separators >= 2 && length > separators { failed = true }
      if hasDigit { digits += 1 }
    } else if length > 7 || !pageNumberWordKeys.contains(UInt64(length) << 56 | packed) {
      failed = true
    }
    length = 0
    separators = 0
    hasDigit = false
    numberLike = true
    packed = 0
  }
  func add(_ b: UInt8) {
    if b == 0x20 {
      endWord()
      return
    }
    length += 1
    let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    if length <= 7 { packed = packed << 8 | UInt64(lower) }
    if b >= 0x30 && b <= 0x39 {
      hasDigit = true
    } else if b == UInt8(ascii: "/") || b == UInt8(ascii: "-") || b == UInt8(ascii: "|") {
      separators += 1
    } else {
      numberLike = false
    }
  }
  var first = true
  for c in line.chunks {
    for w in c.words {
      if !first { add(0x20) }
      first = false
      for b in w.text.utf8 {
        guard b < 0x80 else { return nil }
        add(b)
      }
    }
  }
  endWord()
  guard !failed, words >= 1, words <= 4 else { return false }
  return digits >= 1 && digits <= 2
}

/// Indices of lines, per page, that are running headers, footers or page numbers.
/// `pages` holds each page's lines and height.
func runningLines(
  _ pages: [(lines: [TextLine], height: Double)], settings: PDFTableSettings
) -> [Set<Int>] {
  func inBand(_ line: TextLine, _ height: Double) -> Bool {
    line.box.y1 <= height * settings.running.band || line.box.y0 >= height * (1 - settings.running.band)
  }
  // Each page's lines in the band with their keys (when repeats count), worked out once for
  // both passes.
  let useRepeats = pages.count >= settings.running.minPages
  let bands = pages.map { page -> [(index: Int, key: String?)] in
    page.lines.indices.compactMap { i in
      guard inBand(page.lines[i], page.height) else { return nil }
      return (i, useRepeats ? runningKey(page.lines[i], tolerance: settings.running.tolerance) : nil)
    }
  }
  var counts: [String: Int] = [:]
  if useRepeats {
    for band in bands {
      var seen = Set<String>()
      for case let (_, k?) in band where seen.insert(k).inserted { counts[k, default: 0] += 1 }
    }
  }
  let needed = max(2, Int((settings.running.share * Double(pages.count)).rounded(.up)))
  return zip(pages, bands).map { page, band in
    var out = Set<Int>()
    var pageNumbers = Set<Int>()
    for (i, key) in band {
      let pageNumber = lineIsPageNumber(page.lines[i])
      if pageNumber { pageNumbers.insert(i) }
      if pageNumber && isOutermost(i, page.lines, page.height) {
        out.insert(i)
      } else if let key, counts[key, default: 0] >= needed {
        out.insert(i)
      }
    }
    // A repeated line set tightly against a table row that is not repeated is the header of a
    // table placed at the same spot on many pages, not running text.
    return out.filter { i in pageNumbers.contains(i) || !leadsIntoTable(i, page.lines, height: page.height, running: out) }
  }
}

/// Whether the lines set tightly after `i` (toward the page's middle) reach a line with two or
/// more chunks that is not itself running text.
private func leadsIntoTable(_ i: Int, _ lines: [TextLine], height: Double, running: Set<Int>) -> Bool {
  let step = lines[i].box.midY < height / 2 ? 1 : -1
  var prev = i
  var j = i + step
  while j >= 0 && j < lines.count {
    let gap = step > 0 ? lines[j].box.y0 - lines[prev].box.y1 : lines[prev].box.y0 - lines[j].box.y1
    guard gap <= 1.5 * max(lines[prev].size, lines[j].size) else { return false }
    if !running.contains(j) { return lines[j].chunks.count >= 2 }
    prev = j
    j += step
  }
  return false
}

/// A page number sits above or below everything else in its band; a "3" inside a table does not.
private func isOutermost(_ i: Int, _ lines: [TextLine], _ height: Double) -> Bool {
  let line = lines[i]
  if line.box.midY < height / 2 {
    return !lines.contains { $0.box.y1 < line.box.y0 - 1 && $0.box.xOverlap(line.box) > -200 } || lines[..<i].count < 3
  }
  return !lines[(i + 1)...].contains { $0.box.y0 > line.box.y1 + 1 } || lines.count - i <= 3
}

/// A footnote line: starts with a marker ("*", "†", "(1)", "1)") or is set smaller than the table.
func lineIsFootnote(_ line: TextLine, tableSize: Double) -> Bool {
  let t = line.text
  if t.hasPrefix("*") || t.hasPrefix("†") || t.hasPrefix("‡") { return true }
  let u = Array(t.unicodeScalars.prefix(4))
  if u.count >= 2, u[0] == "(", u[1].properties.numericType != nil { return true }
  if u.count >= 2, u[0].properties.numericType != nil, u[1] == ")" { return true }
  return line.size < tableSize * 0.9 && line.size > 0
}
