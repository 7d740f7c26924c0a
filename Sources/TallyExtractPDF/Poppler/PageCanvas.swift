import CPopplerGlib
import TallyCore

/// One page in RGB24 pixels at a fixed scale, reused from page to page (a new image per page
/// cost an allocation and page faults of a few megabytes each time).
final class PageCanvas {
  let scale: Double
  private var surface: OpaquePointer? = nil
  /// Size of the current page, in pixels.
  private(set) var width = 0, height = 0
  private var data: UnsafeMutablePointer<UInt8>? = nil
  private var stride = 0

  init(scale: Double) { self.scale = scale }
  deinit { if let surface { cairo_surface_destroy(surface) } }

  /// Sizes the image for a page of `w` × `h` points, paints it white and returns a context that
  /// draws in points; nil when cairo fails.
  func begin(width w: Double, height h: Double) -> OpaquePointer? {
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

  func finish() {
    guard let surface else { return }
    cairo_surface_flush(surface)
    stride = Int(cairo_image_surface_get_stride(surface))
    data = cairo_image_surface_get_data(surface)
  }

  /// The pixels of the page drawn last (no data when none was drawn or cairo failed), for the
  /// raster analysis in `Raster/`. Valid until the next `begin`.
  var pixels: PagePixels {
    PagePixels(data: data, stride: stride, width: width, height: height, scale: scale)
  }
}

extension PopplerPageHandle {
  /// Draws the page at `scale` into a white RGB24 image of `width` × `height` pixels whose
  /// top-left is pixel (`x`, `y`) of the page, as for printing, and hands its pixels to `body`
  /// (valid during the call only); nil when cairo fails.
  func drawRegion<T>(x: Int, y: Int, width: Int, height: Int, scale: Double, _ body: (PagePixels) -> T) -> T? {
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return nil }
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else { return nil }
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    cairo_translate(cr, -Double(x), -Double(y))
    cairo_scale(cr, scale, scale)
    renderPicture(cr)
    cairo_destroy(cr)
    cairo_surface_flush(surface)
    guard let data = cairo_image_surface_get_data(surface) else { return nil }
    return body(
      PagePixels(data: data, stride: Int(cairo_image_surface_get_stride(surface)), width: width, height: height, scale: scale))
  }
}

/// Writes an 8-bit grey image of `width` × `height` pixels as a PNG at `path`; `fill` sets its
/// bytes (first row, bytes per row). False when cairo fails.
func writeGreyPNG(width: Int, height: Int, to path: String, fill: (UnsafeMutablePointer<UInt8>, Int) -> Void) -> Bool {
  guard let grey = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height)) else { return false }
  defer { cairo_surface_destroy(grey) }
  guard cairo_surface_status(grey) == CAIRO_STATUS_SUCCESS, let out = cairo_image_surface_get_data(grey) else { return false }
  cairo_surface_flush(grey)
  fill(out, Int(cairo_image_surface_get_stride(grey)))
  cairo_surface_mark_dirty(grey)
  return cairo_surface_write_to_png(grey, path) == CAIRO_STATUS_SUCCESS
}
