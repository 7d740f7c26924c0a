import CPopplerGlib
import TallyCore

// The only file that talks to poppler-glib. Everything it hands out is a plain Swift value.

/// An open PDF. Not Sendable: poppler objects must stay on the task that opened them.
final class PopplerDocument {
  private let raw: OpaquePointer
  /// Font names seen so far: the pages' attribute runs share one String per name.
  private let fonts = FontNames()

  /// Opens the file at `path`, mapping poppler's errors to `DocumentError`s.
  init(path: String) throws {
    PopplerLog.silence()
    let absolute = path.hasPrefix("/") ? path : PopplerDocument.currentDirectory() + "/" + path
    var error: UnsafeMutablePointer<GError>? = nil
    guard let uri = g_filename_to_uri(absolute, nil, &error) else {
      throw PopplerDocument.documentError(consuming: error)
    }
    defer { g_free(uri) }
    guard let doc = poppler_document_new_from_file(uri, nil, &error) else {
      throw PopplerDocument.documentError(consuming: error)
    }
    raw = doc
  }

  deinit { g_object_unref(UnsafeMutableRawPointer(raw)) }

  var pageCount: Int { Int(poppler_document_get_n_pages(raw)) }

  /// The page at 0-based `index`; nil when poppler cannot load it.
  func page(_ index: Int) -> PopplerPageHandle? {
    guard let p = poppler_document_get_page(raw, Int32(index)) else { return nil }
    return PopplerPageHandle(raw: p, fonts: fonts)
  }

  private static func documentError(consuming error: UnsafeMutablePointer<GError>?) -> DocumentError {
    guard let error else { return DocumentError(code: "damaged", reason: "damaged PDF: poppler could not open it") }
    defer { g_error_free(error) }
    let domain = String(cString: g_quark_to_string(error.pointee.domain))
    let code = error.pointee.code
    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    if domain == "poppler-quark" && code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
      return DocumentError(code: "encrypted", reason: "encrypted PDF: needs a password")
    }
    if domain == "g-file-error-quark" {
      return DocumentError(code: "unreadable", reason: "cannot read file: \(message)")
    }
    return DocumentError(code: "damaged", reason: "damaged PDF: \(message)")
  }

  private static func currentDirectory() -> String {
    guard let cwd = g_get_current_dir() else { return "." }
    defer { g_free(cwd) }
    return String(cString: cwd)
  }
}

/// One page; its text, boxes and attributes come from one cached text page.
final class PopplerPageHandle {
  private let raw: OpaquePointer
  private let fonts: FontNames

  fileprivate init(raw: OpaquePointer, fonts: FontNames) {
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

/// Whether the eight RGB24 pixels at `p` are all white (two pixels per 64-bit load).
@inline(__always) private func eightPixelsAreWhite(_ p: UnsafeRawPointer) -> Bool {
  let white: UInt64 = 0x00FF_FFFF_00FF_FFFF
  return p.loadUnaligned(as: UInt64.self) & p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    & p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    & white == white
}

/// One page in RGB24 pixels at a fixed scale, reused from page to page (a new image per page
/// cost an allocation and page faults of a few megabytes each time).
final class PageCanvas {
  let scale: Double
  private var surface: OpaquePointer? = nil
  /// Size of the current page, in pixels.
  private(set) var width = 0
  private(set) var height = 0
  private var data: UnsafeMutablePointer<UInt8>? = nil
  private var stride = 0

  init(scale: Double) { self.scale = scale }
  deinit { if let surface { cairo_surface_destroy(surface) } }

  /// Sizes the image for a page of `w` × `h` points, paints it white and returns a context that
  /// draws in points; nil when cairo fails.
  fileprivate func begin(width w: Double, height h: Double) -> OpaquePointer? {
    data = nil
    guard isPlausiblePageSize(width: w, height: h) else { return nil }
    let pw = clampedInt((w * scale).rounded(.up))
    let ph = clampedInt((h * scale).rounded(.up))
    guard pw > 0, ph > 0, pw < 1 << 15, ph < 1 << 15 else { return nil }
    if surface == nil || pw != width || ph != height {
      if let surface { cairo_surface_destroy(surface) }
      surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pw), Int32(ph))
      width = pw
      height = ph
    }
    guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
      if let surface { cairo_surface_destroy(surface) }
      surface = nil
      return nil
    }
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    cairo_scale(cr, scale, scale)
    return cr
  }

  fileprivate func finish() {
    guard let surface else { return }
    cairo_surface_flush(surface)
    stride = Int(cairo_image_surface_get_stride(surface))
    data = cairo_image_surface_get_data(surface)
  }

  /// Whether the pixels whose centres lie inside `box` (display points) differ in grey by at least
  /// `threshold`: drawn glyphs leave contrast even at 6 pt (anti-aliasing), clipped, painted-over or
  /// invisible ones leave one flat colour. True when nothing was rendered or the box holds no pixel
  /// centre (no evidence either way).
  func hasContrast(_ box: BoundingBox, threshold: Int) -> Bool {
    guard let data else { return true }
    let px0 = max(0, roundedToInt(box.x0 * scale))
    let py0 = max(0, roundedToInt(box.y0 * scale))
    let px1 = min(width, roundedToInt(box.x1 * scale))
    let py1 = min(height, roundedToInt(box.y1 * scale))
    guard px1 > px0, py1 > py0 else { return true }
    var lo = 255
    var hi = 0
    for y in py0..<py1 {
      let row = UnsafeRawPointer(data + y * stride)
      for x in px0..<px1 {
        let v = row.loadUnaligned(fromByteOffset: x &* 4, as: UInt32.self)
        let r: UInt32 = (v >> 16) & 0xFF
        let gr: UInt32 = (v >> 8) & 0xFF
        let b: UInt32 = v & 0xFF
        let g = Int((r &* 77 &+ gr &* 150 &+ b &* 29) >> 8)
        lo = min(lo, g)
        hi = max(hi, g)
        // Most glyphs show ink: done at the first pixel that makes the contrast.
        if hi &- lo >= threshold { return true }
      }
    }
    return false
  }

  /// Ink bits of the last band `rulings(clip:settings:)` scanned, kept for the next page.
  private var inkWords: [UInt64] = []

  /// The pixels covering `clip` (display points; the whole page when nil), clamped to the page:
  /// the top-left pixel and the width and height in pixels (0 when nothing is covered).
  private func pixelRect(_ clip: BoundingBox?) -> (x0: Int, y0: Int, width: Int, height: Int) {
    let c = clip ?? BoundingBox(x0: 0, y0: 0, x1: Double(width) / scale, y1: Double(height) / scale)
    let px0 = max(0, min(width, clampedInt((c.x0 * scale).rounded(.down))))
    let py0 = max(0, min(height, clampedInt((c.y0 * scale).rounded(.down))))
    let px1 = max(px0, min(width, clampedInt((c.x1 * scale).rounded(.up))))
    let py1 = max(py0, min(height, clampedInt((c.y1 * scale).rounded(.up))))
    return (px0, py0, px1 - px0, py1 - py0)
  }

  /// The rules drawn inside `clip` (display points; the whole page when nil), as
  /// `imageToRulings(gray(clip:inkLevel:), settings:)` finds them, without a grey image: only the
  /// ink bits are worked out (into a buffer reused from page to page), and the grey of the few
  /// pixels the rule finder looks at around a candidate rule is read from the page's pixels.
  func rulings(clip: BoundingBox? = nil, settings: PDFTableSettings) -> [Ruling] {
    guard let data else { return [] }
    let inkLevel = UInt8(clamping: settings.rulingInkLevel)
    let (px0, py0, bw, bh) = pixelRect(clip)
    guard bw > 0, bh > 0 else { return [] }
    let stride = self.stride
    let words = (bw + 63) / 64
    if inkWords.count < words * bh { inkWords = [UInt64](repeating: 0, count: words * bh) }
    let inkLevel32 = SIMD8<UInt32>(repeating: UInt32(inkLevel))
    let inkWeights = SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128)
    let scale = self.scale
    return inkWords.withUnsafeMutableBufferPointer { buffer in
      let dst = buffer.baseAddress!
      for y in 0..<bh {
        // RGB24 is native-endian 32-bit xRGB.
        let row = UnsafeRawPointer(data + (py0 + y) * stride + px0 * 4)
        let rowBits = dst + y * words
        var x = 0
        for w in 0..<words {
          var acc: UInt64 = 0
          let end = min(bw, x &+ 64)
          while x < end {
            let n = min(8, end &- x)
            if n == 8 {
              // Most of a page is white: eight white pixels hold no ink.
              let p = row + x &* 4
              if !eightPixelsAreWhite(p)
              {
                let v = p.loadUnaligned(as: SIMD8<UInt32>.self)
                let lum = (((v &>> 16) & 0xFF) &* 77 &+ ((v &>> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) &>> 8
                acc |= UInt64(inkWeights.replacing(with: 0, where: lum .> inkLevel32).wrappedSum()) &<< UInt64(x & 63)
              }
            } else {
              for k in 0..<n {
                let v = row.loadUnaligned(fromByteOffset: (x &+ k) &* 4, as: UInt32.self)
                let g = (((v >> 16) & 0xFF) &* 77 &+ ((v >> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) >> 8
                acc |= UInt64(g <= UInt32(inkLevel) ? 1 : 0) &<< UInt64((x &+ k) & 63)
              }
            }
            x &+= n
          }
          rowBits[w] = acc
        }
      }
      let band = InkBand(
        width: bw, height: bh, scale: scale, x0: Double(px0) / scale, y0: Double(py0) / scale,
        bits: UnsafeBufferPointer(start: dst, count: words * bh))
      return inkToRulings(band, settings: settings) { x, y in
        let v = UnsafeRawPointer(data + (py0 + y) * stride).loadUnaligned(fromByteOffset: (px0 + x) &* 4, as: UInt32.self)
        return UInt8(truncatingIfNeeded: (((v >> 16) & 0xFF) &* 77 &+ ((v >> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) >> 8)
      }
    }
  }

  /// The part of the page inside `clip` (display points; the whole page when nil) in 8-bit grey
  /// (0 = black, 255 = white); the image carries its offset on the page. Only that band is
  /// converted, and its ink bits (grey at or below `inkLevel`) come from the same pass.
  func gray(clip: BoundingBox? = nil, inkLevel: UInt8) -> GrayImage {
    let empty = GrayImage(width: 0, height: 0, pixels: [], scale: scale)
    guard let data else { return empty }
    let (px0, py0, bw, bh) = pixelRect(clip)
    guard bw > 0, bh > 0 else { return empty }
    let stride = self.stride
    let words = (bw + 63) / 64
    var pixels = [UInt8](repeating: 255, count: bw * bh)
    var bits = [UInt64](repeating: 0, count: words * bh)
    let inkLevel32 = SIMD8<UInt32>(repeating: UInt32(inkLevel))
    let inkWeights = SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128)
    pixels.withUnsafeMutableBufferPointer { dst in
      bits.withUnsafeMutableBufferPointer { bitsOut in
        for y in 0..<bh {
          // RGB24 is native-endian 32-bit xRGB.
          let row = UnsafeRawPointer(data + (py0 + y) * stride + px0 * 4)
          let out = dst.baseAddress! + y * bw
          let rowBits = bitsOut.baseAddress! + y * words
          var x = 0
          while x < bw {
            let n = min(8, bw &- x)
            // Most of a page is white: eight white pixels stay 255 with no ink bit.
            if n == 8 {
              let p = row + x &* 4
              if eightPixelsAreWhite(p)
              {
                x &+= 8
                continue
              }
            }
            // No branches per pixel: text makes them unpredictable. Luminance keeps pale cell
            // fills light (white stays 255: the weights add up to 256).
            var m: UInt64 = 0
            if n == 8 {
              let v = (row + x &* 4).loadUnaligned(as: SIMD8<UInt32>.self)
              let lum = (((v &>> 16) & 0xFF) &* 77 &+ ((v &>> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) &>> 8
              UnsafeMutableRawPointer(out + x).storeBytes(
                of: SIMD8<UInt8>(truncatingIfNeeded: lum), as: SIMD8<UInt8>.self)
              m = UInt64(inkWeights.replacing(with: 0, where: lum .> inkLevel32).wrappedSum())
            } else {
              for k in 0..<n {
                let v = row.loadUnaligned(fromByteOffset: (x &+ k) &* 4, as: UInt32.self)
                let g = UInt8(
                  truncatingIfNeeded: (((v >> 16) & 0xFF) &* 77 &+ ((v >> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) >> 8)
                out[x &+ k] = g
                m |= UInt64(g <= inkLevel ? 1 : 0) &<< UInt64(k)
              }
            }
            rowBits[x &>> 6] |= m &<< UInt64(x & 63)
            x &+= n
          }
        }
      }
    }
    var image = GrayImage(
      width: bw, height: bh, pixels: pixels, scale: scale, x0: Double(px0) / scale, y0: Double(py0) / scale)
    image.inkBits = bits
    image.inkLevel = Int(inkLevel)
    return image
  }
}

/// `Int(v.rounded())` (half away from zero) without the call to libm's `round` it compiles to
/// on baseline x86-64: the fraction left by truncating decides. Asked four times per glyph.
/// Equal to it wherever that does not trap; NaN gives 0 and magnitudes beyond 2^62 stop there, so
/// a hostile coordinate cannot trap it (callers clamp the result to the page).
@inline(__always) func roundedToInt(_ v: Double) -> Int {
  let t = v.isNaN ? 0 : Int(max(-4.6e18, min(4.6e18, v)))
  // Exact: the bits of `v` below the units.
  let f = v - Double(t)
  if f >= 0.5 { return t + 1 }
  if f <= -0.5 { return t - 1 }
  return t
}

/// Keeps poppler's syntax warnings (g_log domain "Poppler") off the terminal: libraries never print.
enum PopplerLog {
  private static let installed: Bool = {
    let handler: GLogFunc = { _, _, _, _ in }
    let levels = GLogLevelFlags(
      rawValue: G_LOG_LEVEL_MASK.rawValue | G_LOG_FLAG_FATAL.rawValue | G_LOG_FLAG_RECURSION.rawValue)
    g_log_set_handler("Poppler", levels, handler, nil)
    return true
  }()

  static func silence() { _ = installed }
}
