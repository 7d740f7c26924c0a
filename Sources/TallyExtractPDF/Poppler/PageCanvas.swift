import CPopplerGlib
import TallyCore

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
