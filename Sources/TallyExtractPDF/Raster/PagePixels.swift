import TallyCore

// Pixel analysis of a rendered page. Knows pixels, points and plain thresholds, nothing of the
// finders. The pixels come from `PageCanvas` (Poppler/), which owns them.

/// A view of a page rendered into RGB24 pixels (native-endian 32-bit xRGB), at `scale` pixels per
/// point. Not Sendable: it points into the canvas's buffer and is valid until the next page is
/// drawn there.
struct PagePixels {
  /// The first pixel row; nil when nothing was rendered.
  var data: UnsafeMutablePointer<UInt8>?
  /// Bytes per pixel row.
  var stride: Int
  var width: Int
  var height: Int
  /// Pixels per point.
  var scale: Double

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

  /// The pixels covering `clip` (display points; the whole page when nil), clamped to the page:
  /// the top-left pixel and the width and height in pixels (0 when nothing is covered).
  func pixelRect(_ clip: BoundingBox?) -> (x0: Int, y0: Int, width: Int, height: Int) {
    let c = clip ?? BoundingBox(x0: 0, y0: 0, x1: Double(width) / scale, y1: Double(height) / scale)
    let px0 = max(0, min(width, clampedInt((c.x0 * scale).rounded(.down))))
    let py0 = max(0, min(height, clampedInt((c.y0 * scale).rounded(.down))))
    let px1 = max(px0, min(width, clampedInt((c.x1 * scale).rounded(.up))))
    let py1 = max(py0, min(height, clampedInt((c.y1 * scale).rounded(.up))))
    return (px0, py0, px1 - px0, py1 - py0)
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

/// Finds the rules of rendered pages, keeping its ink-bit buffer from page to page (a new one per
/// page cost fresh pages from the kernel each time).
final class RuleScanner {
  /// Ink bits of the last band scanned, kept for the next page.
  private var inkWords: [UInt64] = []

  init() {}

  /// The rules drawn inside `clip` (display points; the whole page when nil), as
  /// `imageToRulings(pixels.gray(clip:inkLevel:), scan:)` finds them, without a grey image: only the
  /// ink bits are worked out (into a buffer reused from page to page), and the grey of the few
  /// pixels the rule finder looks at around a candidate rule is read from the page's pixels.
  func rulings(in pixels: PagePixels, clip: BoundingBox? = nil, scan: RuleScanParameters) -> [Ruling] {
    guard let data = pixels.data else { return [] }
    let inkLevel = UInt8(clamping: scan.inkLevel)
    let (px0, py0, bw, bh) = pixels.pixelRect(clip)
    guard bw > 0, bh > 0 else { return [] }
    let stride = pixels.stride
    let words = (bw + 63) / 64
    if inkWords.count < words * bh { inkWords = [UInt64](repeating: 0, count: words * bh) }
    let inkLevel32 = SIMD8<UInt32>(repeating: UInt32(inkLevel))
    let inkWeights = SIMD8<UInt32>(1, 2, 4, 8, 16, 32, 64, 128)
    let scale = pixels.scale
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
      return inkToRulings(band, scan: scan) { x, y in
        let v = UnsafeRawPointer(data + (py0 + y) * stride).loadUnaligned(fromByteOffset: (px0 + x) &* 4, as: UInt32.self)
        return UInt8(truncatingIfNeeded: (((v >> 16) & 0xFF) &* 77 &+ ((v >> 8) & 0xFF) &* 150 &+ (v & 0xFF) &* 29) >> 8)
      }
    }
  }

}

/// Whether the eight RGB24 pixels at `p` are all white (two pixels per 64-bit load).
@inline(__always) private func eightPixelsAreWhite(_ p: UnsafeRawPointer) -> Bool {
  let white: UInt64 = 0x00FF_FFFF_00FF_FFFF
  return p.loadUnaligned(as: UInt64.self) & p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    & p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    & white == white
}

