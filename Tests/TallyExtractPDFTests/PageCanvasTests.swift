import Testing
import TallyCore
@testable import TallyExtractPDF

// The page canvas works out ink bits while it converts to grey; the rule finder trusts them
// instead of thresholding the grey image itself. Both must agree on a real ruled page.

private let repo: String = {
  var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)  // Tests/TallyExtractPDFTests/PageCanvasTests.swift
  return parts.joined(separator: "/")
}()

/// Page 1 of the ruled fixture, rendered and converted as the extractor does.
private func renderedFirstPage(clip: BoundingBox? = nil) throws -> GrayImage {
  let doc = try PopplerDocument(path: repo + "/Tests/Fixtures/pdf/rotated-eu-003.pdf")
  let page = try #require(doc.page(0))
  let canvas = PageCanvas(scale: 1)
  #expect(page.render(into: canvas))
  return canvas.pixels.gray(clip: clip, inkLevel: 200)
}

@Test func pageCanvasGray_inkBits_markExactlyThePixelsAtOrBelowInkLevel() throws {
  let image = try renderedFirstPage(clip: BoundingBox(x0: 3, y0: 10, x1: 500, y1: 700))
  let words = (image.width + 63) / 64
  #expect(image.inkLevel == 200)
  #expect(image.inkBits.count == words * image.height)
  var inkPixels = 0
  var mismatches = 0
  for y in 0..<image.height {
    for x in 0..<image.width {
      let isInk = image.pixels[y * image.width + x] <= 200
      let bit = image.inkBits[y * words + x / 64] >> UInt64(x % 64) & 1 == 1
      if isInk { inkPixels += 1 }
      if isInk != bit { mismatches += 1 }
    }
  }
  #expect(inkPixels > 0)
  #expect(mismatches == 0)
}

@Test func imageToRulings_canvasInkBits_sameRulesAsThresholdingGrey() throws {
  let image = try renderedFirstPage()
  var greyOnly = image
  greyOnly.inkBits = []
  greyOnly.inkLevel = -1
  let fromBits = imageToRulings(image, scan: PDFTableSettings().ruleScan)
  let fromGrey = imageToRulings(greyOnly, scan: PDFTableSettings().ruleScan)
  #expect(fromBits.contains { $0.axis == .vertical })
  #expect(fromBits.contains { $0.axis == .horizontal })
  #expect(fromBits == fromGrey)
}

@Test func imageToRulings_rulesAcrossWordBoundariesAndToTheEdges_keepTheirFullLength() {
  // Rules found 64 pixels at a time: a run crossing two word boundaries up to the right edge, and
  // a column rule from the first row to the last, lose no pixel.
  let width = 130
  let height = 40
  var pixels = [UInt8](repeating: 255, count: width * height)
  for x in 50..<width { pixels[20 * width + x] = 0 }
  for y in 0..<height { pixels[y * width + 64] = 0 }
  let rules = imageToRulings(GrayImage(width: width, height: height, pixels: pixels, scale: 1), scan: PDFTableSettings().ruleScan)
  #expect(rules.contains { $0.axis == .horizontal && $0.start == 50 && $0.end == 130 && $0.position == 20.5 })
  #expect(rules.contains { $0.axis == .vertical && $0.start == 0 && $0.end == 40 && $0.position == 64.5 })
}

@Test func pageCanvasRulings_sameRulesAsGreyImage() throws {
  let doc = try PopplerDocument(path: repo + "/Tests/Fixtures/pdf/rotated-eu-003.pdf")
  let page = try #require(doc.page(0))
  let canvas = PageCanvas(scale: 1)
  #expect(page.render(into: canvas))
  let settings = PDFTableSettings()
  for clip in [nil, BoundingBox(x0: 3, y0: 10, x1: 500, y1: 700), BoundingBox(x0: 0, y0: 100.5, x1: 400, y1: 300)] {
    let fromGrey = imageToRulings(canvas.pixels.gray(clip: clip, inkLevel: 200), scan: settings.ruleScan)
    let fromCanvas = RuleScanner().rulings(in: canvas.pixels, clip: clip, scan: settings.ruleScan)
    #expect(!fromGrey.isEmpty || clip != nil)
    #expect(fromCanvas == fromGrey)
  }
}

@Test func imageToRulings_rowRunsAtWordEdges_foundWhateverTheShortRunsAround() {
  // The row scan skips 64-pixel words holding no run of `minRun` (12 at scale 1) and closes runs
  // open from the word before at once: runs ending on bit 63, starting on bit 0, crossing a word
  // boundary, next to short runs or behind a comb of single pixels are all found, at full length.
  let width = 200
  let height = 50
  var pixels = [UInt8](repeating: 255, count: width * height)
  func ink(_ y: Int, _ xs: ClosedRange<Int>) { for x in xs { pixels[y * width + x] = 0 } }
  ink(2, 52...63)
  ink(7, 64...75)
  ink(12, 58...69)
  ink(17, 0...10)
  ink(17, 20...30)
  ink(17, 40...51)
  ink(22, 100...199)
  for x in stride(from: 0, to: width, by: 2) { pixels[27 * width + x] = 0 }
  ink(32, 5...16)
  ink(32, 130...141)
  ink(37, 60...63)
  ink(37, 64...71)
  ink(42, 0...63)
  ink(42, 65...127)
  let rules = imageToRulings(GrayImage(width: width, height: height, pixels: pixels, scale: 1), scan: PDFTableSettings().ruleScan)
  let found = rules.filter { $0.axis == .horizontal }.map { [$0.position, $0.start, $0.end] }.sorted { $0.lexicographicallyPrecedes($1) }
  let expected: [[Double]] = [
    [2.5, 52, 64], [7.5, 64, 76], [12.5, 58, 70], [17.5, 40, 52], [22.5, 100, 200], [32.5, 5, 17], [32.5, 130, 142],
    [37.5, 60, 72], [42.5, 0, 64], [42.5, 65, 128],
  ]
  #expect(found == expected)
  #expect(!rules.contains { $0.axis == .vertical })
}

@Test func roundedToInt_sameAsRoundingHalfAwayFromZero() {
  var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
    4503599627370495.5, -4503599627370495.5, 4503599627370497, 1e15 + 0.5, 123.456, -123.456]
  var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
  for _ in 0..<10_000 {
    seed = seed &* 6364136223846793005 &+ 1442695040888963407
    let v = Double(Int64(bitPattern: seed) >> 20) / 1024
    values.append(v)
    values.append(v.nextUp)
    values.append(v.nextDown)
    values.append(v + 0.5)
  }
  for v in values { #expect(roundedToInt(v) == Int(v.rounded()), "\(v)") }
}
