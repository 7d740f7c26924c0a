// libFuzzer target: the geometry stage of TallyExtractPDF, character boxes -> words -> lines ->
// tables -> document, with no PDF and no poppler call. The module's sources are compiled into
// this binary (see fuzz/run.sh), so the internal pure functions are reachable:
// glyphsToFlow / glyphsToUpright / glyphsToWords (as `readPage` does), imageToRulings on a
// synthesised grey image, then pagesToDocument over all pages.
//
// Input, read as a stream of records (a short input simply ends early):
//   byte 0      settings: bit 0 detectRotation, bit 1 mergeContinuations, bit 2 joinWrappedCells,
//               bits 3-4 rulings off/auto/always, bits 5-7 page size variant
//   then records by their first byte:
//     0xFF        next page
//     0xFE a b c d  a ruling: axis (a & 1), position b*4, start c*4, end (c + d)*4 points
//     0xFD w h    a w x h grey image (1...48 each) from the next ceil(w*h/8) bytes, one bit a pixel
//                 (1 = ink), turned into rulings by imageToRulings; at most one per page
//     c x y s f   a character: scalar from an alphabet by c, box at (x*2.4, y*3.3) points, size
//                 4...19 pt from s, font flags f (bold, colour, size reported or not)
import TallyCore

private let alphabet: [Unicode.Scalar] = Array(
  "0123456789012345678901234567890123456789,.,.,.%%--()€€   TOTALtotaalSubInkomenUitgaven2023*/:;'\u{2212}\u{00A0}\u{FFFD}xé"
    .unicodeScalars)

private struct Reader {
  let bytes: UnsafeBufferPointer<UInt8>
  var i = 0
  var atEnd: Bool { i >= bytes.count }
  mutating func next() -> UInt8? {
    guard i < bytes.count else { return nil }
    defer { i += 1 }
    return bytes[i]
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDFGeometry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  var r = Reader(bytes: UnsafeBufferPointer(start: data, count: size))
  guard let flags = r.next() else { return 0 }
  var settings = PDFTableSettings()
  settings.layout.detectRotation = flags & 1 != 0
  settings.document.mergeContinuations = flags & 2 != 0
  settings.tables.joinWrappedCells = flags & 4 != 0
  switch (flags >> 3) & 3 {
  case 0: settings.rules.mode = .off
  case 1: settings.rules.mode = .auto
  default: settings.rules.mode = .always
  }
  let sizes: [(Double, Double)] = [(595, 842), (842, 595), (612, 792), (300, 300), (1, 1), (0, 0), (595, 842), (2000, 200)]
  let (pageWidth, pageHeight) = sizes[Int(flags >> 5)]

  var pages: [PageLayout] = []
  var glyphs: [Glyph] = []
  var rulings: [Ruling] = []
  var image: GrayImage? = nil

  func finishPage() {
    var g = glyphs
    var width = pageWidth
    var height = pageHeight
    var rotated = false
    if settings.layout.detectRotation {
      let flow = glyphsToFlow(g)
      if flow != .upright {
        (g, width, height) = glyphsToUpright(g, flow: flow, width: width, height: height)
        rulings = rulingsToUpright(rulings, flow: flow, width: pageWidth, height: pageHeight)
        rotated = true
      }
    }
    let words = glyphsToWords(g, gapEm: settings.layout.wordGapEm)
    var all = rulings
    if let image, settings.rules.mode != .off { all += imageToRulings(image, scan: settings.ruleScan) }
    // Lines grouped once per page, as `readPage` builds its `PageLayout`.
    let lines = wordsToPageLines(
      words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm, lineOfWord: true)
    pages.append(
      PageLayout(
        number: pages.count + 1, width: width, height: height, words: words, lines: lines, rulings: all,
        wasRotated: rotated))
    glyphs = []
    rulings = []
    image = nil
  }

  while let tag = r.next() {
    switch tag {
    case 0xFF:
      finishPage()
      if pages.count >= 8 { return 0 }
    case 0xFE:
      guard let a = r.next(), let b = r.next(), let c = r.next(), let d = r.next() else { break }
      rulings.append(
        Ruling(
          axis: a & 1 == 0 ? .horizontal : .vertical, position: Double(b) * 4, start: Double(c) * 4,
          end: Double(Int(c) + Int(d)) * 4))
    case 0xFD:
      guard let w0 = r.next(), let h0 = r.next() else { break }
      let w = Int(w0 % 48) + 1
      let h = Int(h0 % 48) + 1
      var pixels = [UInt8](repeating: 255, count: w * h)
      for k in 0..<(w * h) where k % 8 == 0 {
        guard let bits = r.next() else { break }
        for j in 0..<8 where k + j < w * h && bits & (1 << j) != 0 { pixels[k + j] = 0 }
      }
      if image == nil { image = GrayImage(width: w, height: h, pixels: pixels, scale: Double(w) / max(1, pageWidth)) }
    default:
      guard let x = r.next(), let y = r.next(), let s = r.next(), let f = r.next() else { break }
      let scalar = alphabet[Int(tag) % alphabet.count]
      let pt = Double(s % 16) + 4
      let x0 = Double(x) * 2.4
      let y0 = Double(y) * 3.3
      let w = scalar == " " ? pt * 0.25 : pt * (0.45 + Double(s >> 4) / 40)
      let font = FontStyle(
        name: f & 1 != 0 ? "Arial-BoldMT" : "ArialMT", size: f & 2 != 0 ? 1 : pt,
        color: f & 4 != 0 ? 0x336699 : 0)
      glyphs.append(Glyph(scalar: scalar, box: BoundingBox(x0: x0, y0: y0, x1: x0 + w, y1: y0 + pt), font: font))
    }
  }
  finishPage()

  let parts = pagesToDocument(pages, settings: settings)
  for table in parts.tables {
    precondition(table.headerRowCount >= 0 && table.headerRowCount <= table.rows.count, "header rows out of range")
    precondition(!table.pages.isEmpty, "a table without a page")
    for row in table.rows {
      for cell in row.cells { precondition(cell.columnSpan >= 1, "column span < 1") }
    }
  }
  return 0
}
