import TallyCore

/// `LabelKey.make` without Foundation for the text reports mostly hold: ASCII, the Latin-1
/// letters (U+00C0...U+00FF: "ë", "é", "ß", and × ÷) and "€". NFKC leaves all of these as they
/// are (their decompositions are canonical and recompose), so the key is their lower case with
/// spaces collapsed: the same string `LabelKey.make` returns, several times cheaper. Anything
/// else (a ligature, a non-breaking space, a combining mark, "²") takes `LabelKey.make`.
func fastLabelKey(_ text: String) -> String {
  var out: [UInt8] = []
  out.reserveCapacity(text.utf8.count)
  var pendingSpace = false
  var it = text.utf8.makeIterator()
  while let b = it.next() {
    if b < 0x80 {
      if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace { out.append(0x20) }
      pendingSpace = false
      out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
    } else if b == 0xC3, let b1 = it.next() {
      // U+00C0...U+00FF; capitals U+00C0...U+00DE (but × U+00D7) lower by 0x20.
      if pendingSpace { out.append(0x20) }
      pendingSpace = false
      out.append(0xC3)
      out.append(b1 <= 0x9E && b1 != 0x97 ? b1 + 0x20 : b1)
    } else if b == 0xE2, let b1 = it.next(), let b2 = it.next(), b1 == 0x82, b2 == 0xAC {
      if pendingSpace { out.append(0x20) }
      pendingSpace = false
      out.append(contentsOf: [0xE2, 0x82, 0xAC])
    } else {
      return LabelKey.make(text)
    }
  }
  return String(decoding: out, as: UTF8.self)
}
