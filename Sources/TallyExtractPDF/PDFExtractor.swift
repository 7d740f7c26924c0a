import TallyCore

/// Turns a PDF into tables: poppler-glib character boxes -> words -> lines -> tables.
public struct PDFExtractor: Sendable {
  /// A glyph narrower than this many pixels keeps its whole box when its ink is judged: a stem can
  /// fill the few pixels across an i or an l with one flat grey.
  private static let narrowGlyphPixels = 4.0
  /// Share of a wider glyph's box left out on each side when its ink is judged: cell borders and
  /// underlines run along its edges, a neighbour's anti-aliasing along its sides.
  private static let glyphInset = 0.2
  public var settings: PDFTableSettings
  /// Told the 1-based page about to be read and the page count, before each page (a worker
  /// process reports it, so a crash can name its page).
  public var pageObserver: (@Sendable (_ page: Int, _ of: Int) -> Void)?
  /// Pages not read at all (a document's `skip_pages`): each is listed among the warnings as
  /// skipped by the settings.
  public var skipPages: [ClosedRange<Int>] = []

  public init(
    settings: PDFTableSettings = PDFTableSettings(), pageObserver: (@Sendable (Int, Int) -> Void)? = nil
  ) {
    self.settings = settings
    self.pageObserver = pageObserver
  }

  /// Extracts every table of the document at `source.path`, one page at a time.
  /// Throws `DocumentError` for encrypted, damaged or text-less files.
  public func extract(_ source: SourceDocument) throws -> ExtractedDocument {
    try extract(source, from: PopplerDocument(path: source.path))
  }

  /// `extract(_:)` from the file's bytes, already read by the caller: the file is not read again.
  public func extract(_ source: SourceDocument, bytes: [UInt8]) throws -> ExtractedDocument {
    try extract(source, from: PopplerDocument(bytes: bytes))
  }

  private func extract(_ source: SourceDocument, from doc: PopplerDocument) throws -> ExtractedDocument {
    let count = doc.pageCount
    guard count > 0 else { throw DocumentError(code: "damaged", reason: "damaged PDF: it has no pages") }
    var pages: [PageLayout] = []
    var warnings: [String] = []
    // One canvas for the whole document: pages of one size reuse its pixels.
    let canvas = settings.rules.mode == .off ? nil : PageCanvas(scale: settings.rules.scale)
    let scanner = RuleScanner()
    // One glyph buffer for the whole document, too.
    var glyphs: [Glyph] = []
    var absurd = Set<Int>()
    var skipped = Set<Int>()
    for index in 0..<count {
      pageObserver?(index + 1, count)
      if skipPages.contains(where: { $0.contains(index + 1) }) {
        warnings.append("page \(index + 1): skipped: skip_pages in the settings for this document")
        skipped.insert(index + 1)
        pages.append(.empty(number: index + 1, width: 0, height: 0))
        continue
      }
      // One poppler page at a time: it is released before the next is opened.
      guard let page = doc.page(index) else {
        warnings.append("page \(index + 1): could not be read")
        pages.append(.empty(number: index + 1, width: 0, height: 0))
        continue
      }
      let (content, skipReason) = readPage(page, number: index + 1, canvas: canvas, scanner: scanner, glyphs: &glyphs)
      if let skipReason {
        warnings.append("page \(index + 1): skipped: \(skipReason)")
        absurd.insert(index + 1)
      }
      pages.append(content)
    }
    let textless = pages.filter { $0.words.isEmpty && !skipped.contains($0.number) }.map(\.number)
    if textless.count == count - skipped.count, !textless.isEmpty {
      if !absurd.isEmpty {
        throw DocumentError(
          code: "damaged", reason: "damaged PDF: absurd geometry on every page with text (\(warnings.first { !$0.contains("skip_pages") } ?? warnings[0]))")
      }
      throw DocumentError(code: "no_text_layer", reason: "no text layer: needs OCR")
    }
    for n in textless where !absurd.contains(n) { warnings.append("page \(n): no text layer") }
    var result = pagesToDocument(pages, settings: settings)
    result.tables = dropContentsTables(result.tables, minEntries: settings.document.contentsMinEntries)
    result.warnings.insert(contentsOf: warnings, at: 0)
    return ExtractedDocument(
      source: source, pageCount: count, tables: result.tables, text: result.text, warnings: result.warnings)
  }

  /// Reads one page into values: upright words and, where tables are likely, drawn rules. A page
  /// with absurd geometry (a size or every character's position or font size infinite, not a
  /// number or beyond `absurdCoordinate`) is read as empty, with the reason; characters with
  /// absurd geometry among sane ones are dropped.
  private func readPage(
    _ page: PopplerPageHandle, number: Int, canvas: PageCanvas?, scanner: RuleScanner, glyphs: inout [Glyph]
  )
    -> (PageLayout, skipReason: String?)
  {
    let size = page.size
    func empty(_ reason: String) -> (PageLayout, skipReason: String?) {
      let w = isPlausiblePageSize(width: size.width, height: size.height)
      return (.empty(number: number, width: w ? size.width : 0, height: w ? size.height : 0), reason)
    }
    guard isPlausiblePageSize(width: size.width, height: size.height) else {
      return empty("absurd geometry: page size \(size.width) × \(size.height) pt")
    }
    // One interpretation of the page serves both its text and, where needed, its rules.
    let rendered = canvas.map { page.render(into: $0) } ?? false
    page.glyphs(into: &glyphs)
    if !glyphs.allSatisfy(isPlausibleGlyph) {
      let before = glyphs.count
      glyphs.removeAll { !isPlausibleGlyph($0) }
      if glyphs.isEmpty {
        return empty("absurd geometry: all \(before) characters placed or sized beyond \(Int(absurdCoordinate)) pt")
      }
    }
    // Judged in display space, before a rotated page's boxes are turned.
    var inked: [Bool]? = nil
    if rendered, settings.layout.dropInvisibleText, let canvas {
      let threshold = settings.layout.invisibleTextContrast
      // Only letters and digits are judged (see `wordsToVisible`). Only the middle of a box is
      // looked at: cell borders and underlines run along its edges (ascent and descent lines), a
      // neighbour's anti-aliasing along its sides. Narrow letters (i, l) keep their whole box: a
      // stem can fill the few pixels across them with one flat grey.
      // By index: copying a glyph would retain its font name.
      let scale = settings.rules.scale
      let pixels = canvas.pixels
      var flags = [Bool](repeating: true, count: glyphs.count)
      for i in glyphs.indices where isLetterOrDigit(glyphs[i].scalar) {
        let b = glyphs[i].box
        let wide = b.width * scale >= Self.narrowGlyphPixels
        let dx = wide ? Self.glyphInset * b.width : 0
        let dy = wide ? Self.glyphInset * b.height : 0
        flags[i] = pixels.hasContrast(
          BoundingBox(x0: b.x0 + dx, y0: b.y0 + dy, x1: b.x1 - dx, y1: b.y1 - dy), threshold: threshold)
      }
      inked = flags
    }
    var width = size.width
    var height = size.height
    var rotated = false
    var flow = TextFlow.upright
    if settings.layout.detectRotation {
      flow = glyphsToFlow(glyphs)
      if flow != .upright {
        (glyphs, width, height) = glyphsToUpright(glyphs, flow: flow, width: width, height: height)
        rotated = true
      }
    }
    // Text set across the reading direction (up the margin) is kept out of the lines.
    (glyphs, inked) = glyphsWithoutCrossText(glyphs, inked: inked)
    // Superscript footnote markers are no part of the figure or label they follow.
    let words = wordsWithoutSuperscriptMarks(glyphsToWords(glyphs, gapEm: settings.layout.wordGapEm, inked: inked))
    // The page's lines, grouped once: where to look for rules, then every later step.
    let lines = wordsToPageLines(words, overlap: settings.layout.lineOverlap, chunkGapEm: settings.layout.cellGapEm, lineOfWord: true)
    var rulings: [Ruling] = []
    if rendered, let canvas, let area = rulingArea(lines.lines, width: width, height: height) {
      // Display space: turn the reading-space area back when the page is rotated.
      let clip = areaToDisplay(area, flow: flow, width: size.width, height: size.height)
      rulings = rulingsToUpright(
        scanner.rulings(in: canvas.pixels, clip: clip, scan: settings.ruleScan), flow: flow, width: size.width, height: size.height)
    }
    return (
      PageLayout(
        number: number, width: width, height: height, words: words, lines: lines, rulings: rulings,
        wasRotated: rotated),
      nil
    )
  }

  /// Where to look for rules (reading space): the whole page, the band around the lines with two
  /// or more cells (only that band is converted and scanned), or nowhere.
  private func rulingArea(_ lines: [TextLine], width: Double, height: Double) -> BoundingBox? {
    switch settings.rules.mode {
    case .off: return nil
    case .always: return lines.isEmpty ? nil : BoundingBox(x0: 0, y0: 0, x1: width, y1: height)
    case .auto:
      let tabular = lines.filter { $0.chunks.count >= 2 }
      guard tabular.count >= settings.tables.minRows, var band = tabular.first?.box else { return nil }
      for l in tabular.dropFirst() { band = band.union(l.box) }
      // Frames and header rules sit a little outside the text.
      let margin = settings.rules.margin
      return BoundingBox(x0: 0, y0: max(0, band.y0 - margin), x1: width, y1: min(height, band.y1 + margin))
    }
  }
}
