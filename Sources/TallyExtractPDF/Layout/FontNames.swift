import TallyCore

// Decoding what poppler hands out, kept out of Poppler/ (which only calls poppler): its UTF-8
// text as scalars, its font names as Strings, its characters with their fonts as glyphs.

/// A run of characters in one font: [start, end] scalar indices of the page's text.
typealias FontRun = (start: Int, end: Int, font: FontStyle)

/// Appends the first `count` scalars as glyphs, scalar `i` with box `box(i)` and the font of the
/// run holding it (runs in order; none: an unknown font).
func appendGlyphs(
  _ scalars: [Unicode.Scalar], count: Int, runs: [FontRun], into out: inout [Glyph], box: (Int) -> BoundingBox
) {
  out.reserveCapacity(count)
  var runIndex = 0
  let unknown = FontStyle(name: "", size: 0, color: 0)
  for i in 0..<count {
    while runIndex < runs.count && runs[runIndex].end < i { runIndex += 1 }
    let font = runIndex < runs.count && runs[runIndex].start <= i ? runs[runIndex].font : unknown
    out.append(Glyph(scalar: scalars[i], box: box(i), font: font))
  }
}

/// The scalars of poppler's NUL-terminated UTF-8 text, decoded in place (no String in between);
/// text that is not valid UTF-8 goes through String, which repairs it.
func utf8Scalars(_ text: UnsafePointer<CChar>, capacity: Int) -> [Unicode.Scalar] {
  let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
  var n = 0
  while bytes[n] != 0 { n &+= 1 }
  var out: [Unicode.Scalar] = []
  out.reserveCapacity(capacity)
  var parser = Unicode.UTF8.ForwardParser()
  var input = UnsafeBufferPointer(start: bytes, count: n).makeIterator()
  while true {
    switch parser.parseScalar(from: &input) {
    case .valid(let encoded): out.append(Unicode.UTF8.decode(encoded))
    case .emptyInput: return out
    case .error: return Array(String(cString: text).unicodeScalars)
    }
  }
}

/// Font names of one document, each made into a String (and judged bold) once.
final class FontNames {
  private var known: [(bytes: [UInt8], name: String, isBold: Bool)] = []
  private var last = 0

  /// The name poppler reports (nil: "") and whether it says bold.
  func name(_ cName: UnsafePointer<CChar>?) -> (String, Bool) {
    guard let cName else { return ("", false) }
    let bytes = UnsafeRawPointer(cName).assumingMemoryBound(to: UInt8.self)
    func matches(_ k: Int) -> Bool {
      known[k].bytes.withUnsafeBufferPointer { b in
        for i in b.indices where bytes[i] != b[i] { return false }
        return true
      }
    }
    // Runs mostly repeat the font of the run before.
    if last < known.count && matches(last) { return (known[last].name, known[last].isBold) }
    for k in known.indices where matches(k) {
      last = k
      return (known[k].name, known[k].isBold)
    }
    var n = 0
    while bytes[n] != 0 { n &+= 1 }
    // With the terminating NUL: a match covers the whole name.
    let copy = Array(UnsafeBufferPointer(start: bytes, count: n + 1))
    let name = String(cString: cName)
    known.append((copy, name, fontNameIsBold(name)))
    last = known.count - 1
    return (name, known[last].isBold)
  }
}
