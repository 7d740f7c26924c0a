import CPopplerGlib
import TallyCore

/// One page; its text, boxes and attributes come from one cached text page.
final class PopplerPageHandle {
  private let raw: OpaquePointer
  private let fonts: FontNames

  init(raw: OpaquePointer, fonts: FontNames) {
    self.raw = raw
    self.fonts = fonts
  }
  deinit { g_object_unref(UnsafeMutableRawPointer(raw)) }

  /// Page size in points as displayed (rotation applied).
  var size: (width: Double, height: Double) {
    var w: Double = 0
    var h: Double = 0
    poppler_page_get_size(raw, &w, &h)
    return (w, h)
  }

  /// Every character of the page with its box and font, in poppler's reading order.
  func glyphs() -> [Glyph] {
    var out: [Glyph] = []
    glyphs(into: &out)
    return out
  }

  /// `glyphs()` into `out`, whose storage is kept: one buffer serves page after page (a new one
  /// per page cost fresh pages from the kernel each time).
  func glyphs(into out: inout [Glyph]) {
    out.removeAll(keepingCapacity: true)
    guard let cText = poppler_page_get_text(raw) else { return }
    defer { g_free(cText) }
    var rects: UnsafeMutablePointer<PopplerRectangle>? = nil
    var rectCount: guint = 0
    guard poppler_page_get_text_layout(raw, &rects, &rectCount) != 0, let rects else { return }
    defer { g_free(rects) }
    let scalars = utf8Scalars(cText, capacity: Int(rectCount))
    let count = min(scalars.count, Int(rectCount))

    // Attribute runs: [start, end] scalar ranges with a font.
    var runs: [(start: Int, end: Int, font: FontStyle)] = []
    if let attrs = poppler_page_get_text_attributes(raw) {
      var node: UnsafeMutablePointer<GList>? = attrs
      while let n = node {
        if let data = n.pointee.data {
          let a = data.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
          let (name, isBold) = fonts.name(a.font_name)
          let color =
            (UInt32(a.color.red >> 8) << 16) | (UInt32(a.color.green >> 8) << 8) | UInt32(a.color.blue >> 8)
          runs.append(
            (Int(a.start_index), Int(a.end_index), FontStyle(name: name, isBold: isBold, size: a.font_size, color: color)))
        }
        node = n.pointee.next
      }
      poppler_page_free_text_attributes(attrs)
    }

    out.reserveCapacity(count)
    var runIndex = 0
    let unknown = FontStyle(name: "", size: 0, color: 0)
    for i in 0..<count {
      while runIndex < runs.count && runs[runIndex].end < i { runIndex += 1 }
      let font = runIndex < runs.count && runs[runIndex].start <= i ? runs[runIndex].font : unknown
      let r = rects[i]
      out.append(
        Glyph(
          scalar: scalars[i],
          box: BoundingBox(x0: min(r.x1, r.x2), y0: min(r.y1, r.y2), x1: max(r.x1, r.x2), y1: max(r.y1, r.y2)),
          font: font))
    }
  }

  /// Draws the page into a cairo context set up by the caller (its transform and surface decide
  /// what part of the page lands in which pixels): the review page's crops. Rendered as for
  /// printing, which does not build poppler's text page on the way (screen rendering does).
  func renderPicture(_ cr: OpaquePointer) {
    poppler_page_render_for_printing(raw, cr)
  }

  /// Draws the page once, at `canvas.scale` pixels per point, straight into the canvas's pixels.
  /// poppler fills the page's text from the same pass, so `glyphs()` afterwards costs no second
  /// interpretation of the page. Rasterising while interpreting costs little more than recording
  /// the drawing commands; replaying a recording into pixels afterwards cost about as much again.
  /// Call before `glyphs()`; false when cairo fails (the canvas then holds no page).
  func render(into canvas: PageCanvas) -> Bool {
    let (w, h) = size
    guard let cr = canvas.begin(width: w, height: h) else { return false }
    // Screen rendering (not printing): poppler then records the text page in the same pass.
    poppler_page_render(raw, cr)
    cairo_destroy(cr)
    canvas.finish()
    return true
  }
}

/// The scalars of poppler's NUL-terminated UTF-8 text, decoded in place (no String in between);
/// text that is not valid UTF-8 goes through String, which repairs it.
private func utf8Scalars(_ text: UnsafePointer<CChar>, capacity: Int) -> [Unicode.Scalar] {
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
