import CPopplerGlib
import Foundation
import Testing
import TallyCore
@testable import TallyExtractPDF

// The review page's crops: a region of a page written as PNG must be exactly that region of the
// page as the whole page renders (same pixels), so the outlines drawn over it land on the cells.

private let repo: String = {
  var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)  // Tests/TallyExtractPDFTests/PageCropsTests.swift
  return parts.joined(separator: "/")
}()

private let pdf = repo + "/samples/imens-jaarverslag-2023.pdf"

/// The grey levels of a PNG, read back through cairo.
private func readPNG(_ path: String) throws -> (width: Int, height: Int, grey: [UInt8]) {
  let surface = try #require(cairo_image_surface_create_from_png(path))
  defer { cairo_surface_destroy(surface) }
  #expect(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
  let w = Int(cairo_image_surface_get_width(surface))
  let h = Int(cairo_image_surface_get_height(surface))
  let stride = Int(cairo_image_surface_get_stride(surface))
  let format = cairo_image_surface_get_format(surface)
  let data = try #require(cairo_image_surface_get_data(surface))
  var grey: [UInt8] = []
  for y in 0..<h {
    for x in 0..<w {
      if format == CAIRO_FORMAT_A8 {
        grey.append(data[y * stride + x])
      } else {
        let v = UnsafeRawPointer(data + y * stride).loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
        grey.append(UInt8(truncatingIfNeeded: (((v >> 16) & 0xFF) * 77 + ((v >> 8) & 0xFF) * 150 + (v & 0xFF) * 29) >> 8))
      }
    }
  }
  return (w, h, grey)
}

@Test func pageCrops_region_matchesThatRegionOfTheWholePageRendered() throws {
  let scale = 2.0
  let doc = try PopplerDocument(path: pdf)
  let page = try #require(doc.page(16))
  // A region around the first figure on the page, on whole pixels at the scale.
  var glyphs: [Glyph] = []
  page.glyphs(into: &glyphs)
  let digit = try #require(glyphs.first { $0.scalar.properties.numericType != nil })
  let region = BoundingBox(
    x0: ((digit.box.x0 - 40) * scale).rounded(.down) / scale, y0: ((digit.box.y0 - 15) * scale).rounded(.down) / scale,
    x1: digit.box.x1 + 60.3, y1: digit.box.y1 + 20.7)
  let path = NSTemporaryDirectory() + "tally-crop-\(getpid()).png"
  defer { unlink(path) }
  let request = PageCropRequest(page: 17, region: region, scale: scale, path: path)
  let written = try PageCrops.render(pdf: pdf, requests: [request])
  #expect(written == [request])

  let png = try readPNG(path)
  #expect(png.width == request.pixelSize.width && png.height == request.pixelSize.height)
  let canvas = PageCanvas(scale: scale)
  #expect(page.render(into: canvas))
  let whole = canvas.pixels.gray(clip: region, inkLevel: 200)
  #expect(Int((whole.x0 * scale).rounded()) == request.pixelRect.x)
  var differing = 0
  var ink = 0
  for y in 0..<min(png.height, whole.height) {
    for x in 0..<min(png.width, whole.width) {
      let a = Int(png.grey[y * png.width + x])
      if abs(a - Int(whole.pixels[y * whole.width + x])) > 8 { differing += 1 }
      if a < 128 { ink += 1 }
    }
  }
  #expect(ink > 20)
  #expect(differing == 0)
  // The digit's own box, mapped into the crop, holds ink.
  let gx0 = Int(((digit.box.x0 - region.x0) * scale).rounded(.down))
  let gy0 = Int(((digit.box.y0 - region.y0) * scale).rounded(.down))
  let gx1 = Int(((digit.box.x1 - region.x0) * scale).rounded(.up))
  let gy1 = Int(((digit.box.y1 - region.y0) * scale).rounded(.up))
  let inBox = (gy0..<gy1).flatMap { y in (gx0..<gx1).map { png.grey[y * png.width + $0] } }
  #expect(inBox.contains { $0 < 128 })
}

@Test func pageCrops_pageOutsideTheDocument_writesNothing() throws {
  let path = NSTemporaryDirectory() + "tally-crop-none-\(getpid()).png"
  let request = PageCropRequest(page: 999, region: BoundingBox(x0: 0, y0: 0, x1: 10, y1: 10), scale: 1, path: path)
  #expect(try PageCrops.render(pdf: pdf, requests: [request]).isEmpty)
  #expect(!FileManager.default.fileExists(atPath: path))
}
