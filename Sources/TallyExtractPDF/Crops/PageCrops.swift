import TallyCore

#if canImport(Glibc)
  import Glibc
#endif

// The review page's crops: which pixels of which pages go into which PNG files. The drawing and
// the PNG encoding are poppler's and cairo's, in Poppler/.

/// One region of one page to write as a PNG.
public struct PageCropRequest: Sendable, Hashable {
  /// 1-based page number.
  public var page: Int
  /// The region in display points from the top-left (the boxes of records and findings).
  public var region: BoundingBox
  /// Pixels per point.
  public var scale: Double
  /// Where the PNG goes (written to a temporary file beside it and renamed into place).
  public var path: String

  public init(page: Int, region: BoundingBox, scale: Double, path: String) {
    self.page = page
    self.region = region
    self.scale = scale
    self.path = path
  }

  /// The pixels of the page at `scale` the image covers: the region's top-left corner rounded to
  /// the nearest pixel (callers put it on a whole pixel), its bottom-right one rounded out.
  public var pixelRect: (x: Int, y: Int, width: Int, height: Int) {
    // A region put on whole pixels comes back a hair off them through floating point: 1e-6 of a
    // pixel is no part of the picture.
    let x = Int((region.x0 * scale).rounded())
    let y = Int((region.y0 * scale).rounded())
    let x1 = Int((region.x1 * scale - 1e-6).rounded(.up))
    let y1 = Int((region.y1 * scale - 1e-6).rounded(.up))
    return (x, y, max(0, x1 - x), max(0, y1 - y))
  }

  /// The image's size in pixels.
  public var pixelSize: (width: Int, height: Int) {
    let r = pixelRect
    return (r.width, r.height)
  }
}

/// Renders regions of a PDF's pages to PNG through poppler-glib and cairo.
public enum PageCrops {
  /// Renders every request. The requests of one page share one rendering of the union of their
  /// regions (poppler interprets a page once whatever the clip; cairo only rasterises inside the
  /// surface). Returns the requests that were written; a page poppler cannot load or a region
  /// outside the page is left out. Throws `DocumentError` when the PDF cannot be opened.
  public static func render(pdf path: String, requests: [PageCropRequest]) throws -> [PageCropRequest] {
    guard !requests.isEmpty else { return [] }
    let document = try PopplerDocument(path: path)
    var written: [PageCropRequest] = []
    let byPage = Dictionary(grouping: requests, by: \.page)
    for pageNumber in byPage.keys.sorted() {
      guard pageNumber >= 1, pageNumber <= document.pageCount,
        let page = document.page(pageNumber - 1), let group = byPage[pageNumber]
      else { continue }
      // One scale per rendering: requests of another scale get their own pass.
      for (scale, same) in Dictionary(grouping: group, by: \.scale) {
        written += page.renderCrops(same, scale: scale)
      }
    }
    return written
  }
}

extension PopplerPageHandle {
  /// Draws the union of the requests' regions once at `scale`, then writes each region from it.
  fileprivate func renderCrops(_ requests: [PageCropRequest], scale: Double) -> [PageCropRequest] {
    let (pw, ph) = size
    let page = BoundingBox(x0: 0, y0: 0, x1: pw, y1: ph)
    // Regions on the page, in pixels at `scale`; the band drawn is their union.
    let clipped = requests.filter {
      let r = $0.pixelRect
      return r.width > 0 && r.height > 0 && Double(r.x) < page.x1 * scale && Double(r.y) < page.y1 * scale
        && r.x + r.width > 0 && r.y + r.height > 0
    }
    guard !clipped.isEmpty, scale > 0 else { return [] }
    let rects = clipped.map(\.pixelRect)
    let bx = rects.map(\.x).min()!
    let by = rects.map(\.y).min()!
    let bw = rects.map { $0.x + $0.width }.max()! - bx
    let bh = rects.map { $0.y + $0.height }.max()! - by
    guard bw > 0, bh > 0, bw < 1 << 15, bh < 1 << 15 else { return [] }
    let written = drawRegion(x: bx, y: by, width: bw, height: bh, scale: scale) { band -> [PageCropRequest] in
      guard let pixels = band.data else { return [] }
      var written: [PageCropRequest] = []
      for (r, rect) in zip(clipped, rects) {
        let (x, y, w, h) = (rect.x - bx, rect.y - by, rect.width, rect.height)
        guard x >= 0, y >= 0, w > 0, h > 0, x + w <= bw, y + h <= bh else { continue }
        // Written as 8-bit grey: a third of the bytes of RGB for zlib to compress, and cairo
        // writes an A8 image's bytes as they are (PNG colour type grey), with no per-pixel
        // conversion. The outlines are drawn in colour by the review page, over the image.
        let temporary = r.path + ".tmp-\(getpid())"
        let saved = writeGreyPNG(width: w, height: h, to: temporary) { out, outStride in
          for row in 0..<h {
            let src = UnsafeRawPointer(pixels + (y + row) * band.stride + x * 4)
            let dst = out + row * outStride
            for col in 0..<w {
              // RGB24 is native-endian 32-bit xRGB; the weights add up to 256, so white stays 255.
              let v = src.loadUnaligned(fromByteOffset: col &* 4, as: UInt32.self)
              dst[col] = UInt8(
                truncatingIfNeeded: (((v >> 16) & 0xFF) &* 77 &+ ((v >> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) >> 8)
            }
          }
        }
        guard saved else {
          unlink(temporary)
          continue
        }
        if rename(temporary, r.path) == 0 { written.append(r) } else { unlink(temporary) }
      }
      return written
    }
    return written ?? []
  }
}
