import TallyCore

/// Turns a PDF into tables: poppler-glib character boxes -> words -> lines -> tables.
public struct PDFExtractor: Sendable {
  public var settings: PDFTableSettings

  public init(settings: PDFTableSettings = PDFTableSettings()) {
    self.settings = settings
  }

  /// Extracts every table of the document at `source.path`, one page at a time.
  /// Throws `DocumentError` for encrypted, damaged or text-less files.
  public func extract(_ source: SourceDocument) throws -> ExtractedDocument {
    let doc = try PopplerDocument(path: source.path)
    let count = doc.pageCount
    guard count > 0 else { throw DocumentError(code: "damaged", reason: "damaged PDF: it has no pages") }
    var pages: [PageContent] = []
    var warnings: [String] = []
    for index in 0..<count {
      // One poppler page at a time: it is released before the next is opened.
      guard let page = doc.page(index) else {
        warnings.append("page \(index + 1): could not be read")
        pages.append(PageContent(number: index + 1, width: 0, height: 0, words: [], rulings: [], wasRotated: false))
        continue
      }
      pages.append(readPage(page, number: index + 1))
    }
    let textless = pages.filter { $0.words.isEmpty }.map(\.number)
    if textless.count == count {
      throw DocumentError(code: "no_text_layer", reason: "no text layer: needs OCR")
    }
    for n in textless { warnings.append("page \(n): no text layer") }
    var result = pagesToDocument(pages, settings: settings)
    result.warnings.insert(contentsOf: warnings, at: 0)
    return ExtractedDocument(
      source: source, pageCount: count, tables: result.tables, text: result.text, warnings: result.warnings)
  }

  /// Reads one page into values: upright words and, where tables are likely, drawn rules.
  private func readPage(_ page: PopplerPageHandle, number: Int) -> PageContent {
    let size = page.size
    var glyphs = page.glyphs()
    var width = size.width
    var height = size.height
    var rotated = false
    var flow = TextFlow.upright
    if settings.detectRotation {
      flow = glyphsToFlow(glyphs)
      if flow != .upright {
        (glyphs, width, height) = glyphsToUpright(glyphs, flow: flow, width: width, height: height)
        rotated = true
      }
    }
    let words = glyphsToWords(glyphs, gapEm: settings.wordGapEm)
    var rulings: [Ruling] = []
    if wantsRulings(words) {
      let image = page.renderGray(scale: settings.rulingScale)
      rulings = rulingsToUpright(
        imageToRulings(image, settings: settings), flow: flow, width: size.width, height: size.height)
    }
    return PageContent(number: number, width: width, height: height, words: words, rulings: rulings, wasRotated: rotated)
  }

  private func wantsRulings(_ words: [Word]) -> Bool {
    switch settings.rulings {
    case .off: return false
    case .always: return !words.isEmpty
    case .auto:
      let lines = wordsToLines(words, overlap: settings.lineOverlap, chunkGapEm: settings.cellGapEm)
      return lines.filter { $0.chunks.count >= 2 }.count >= settings.minRows
    }
  }
}
