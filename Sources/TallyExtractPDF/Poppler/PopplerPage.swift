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
    var (w, h) = (0.0, 0.0)
    poppler_page_get_size(raw, &w, &h)
    return (w, h)
  }

  /// Every character of the page with its box and font, in poppler's reading order, into `out`,
  /// whose storage is kept: one buffer serves page after page (a new one per page cost fresh pages
  /// from the kernel each time).
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
    var runs: [FontRun] = []
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
    appendGlyphs(scalars, count: count, runs: runs, into: &out) { i in
      let r = rects[i]
      return BoundingBox(x0: min(r.x1, r.x2), y0: min(r.y1, r.y2), x1: max(r.x1, r.x2), y1: max(r.y1, r.y2))
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
