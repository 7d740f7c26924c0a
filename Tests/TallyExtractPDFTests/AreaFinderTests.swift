import Testing
import TallyCore
@testable import TallyExtractPDF

// Table areas named in the settings (`extract.pdf.areas`) on synthesised words: no PDF involved.

private let font = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// One word per cell text, 5 pt per character, on the line [y, y+10].
private func words(_ cells: [(String, Double)], y: Double) -> [Word] {
  cells.map { text, x in
    Word(text: text, box: BoundingBox(x0: x, y0: y, x1: x + 5 * Double(text.count), y1: y + 10), font: font)
  }
}

/// A label and two figures per line, set so close that alignment alone reads one cell per line
/// (gaps of half an em, under the cell gap), with a line of prose above and below the area.
private let page: [Word] =
  words([("Some", 10), ("prose", 33), ("above", 61)], y: 0)
  + words([("Staff", 10), ("12", 40), ("14", 55)], y: 30)
  + words([("Rent", 10), ("7", 40), ("9", 55)], y: 45)
  + words([("Total", 10), ("19", 40), ("23", 55)], y: 60)
  + words([("More", 10), ("prose", 33), ("below", 61)], y: 90)

private func settings(_ areas: [TableArea]) -> PDFTableSettings {
  var s = PDFTableSettings()
  s.areas = areas
  return s
}

@Test func areaFinder_columnsGiven_splitsAtThemAndKeepsTheRestOut() {
  let area = TableArea(box: BoundingBox(x0: 5, y0: 25, x1: 80, y1: 75), columns: [37, 52])
  var pool = PagePool(page: 1, bodySize: 10, words: page, rulings: [], snap: 3)
  let tables = AreaFinder(settings: settings([area])).find(in: &pool)
  #expect(tables.count == 1)
  #expect(tables.first?.rows.map { $0.map(\.text) } == [["Staff", "12", "14"], ["Rent", "7", "9"], ["Total", "19", "23"]])
  // The area's words are claimed; the prose around it is left to the other finders.
  #expect(pool.words.map(\.text) == ["Some", "prose", "above", "More", "prose", "below"])
}

@Test func areaFinder_otherPage_findsNothing() {
  let area = TableArea(pages: PageSet([3...5]), box: BoundingBox(x0: 5, y0: 25, x1: 80, y1: 75), columns: [37, 52])
  var pool = PagePool(page: 2, bodySize: 10, words: page, rulings: [], snap: 3)
  #expect(AreaFinder(settings: settings([area])).find(in: &pool).isEmpty)
  #expect(pool.words.count == page.count)
}

@Test func areaFinder_noColumnsGiven_infersThemFromAlignment() {
  // Wide gaps: the columns show in the alignment.
  let wide =
    words([("Staff", 10), ("12", 100), ("14", 150)], y: 30) + words([("Rent", 10), ("7", 100), ("9", 150)], y: 45)
  let area = TableArea(box: BoundingBox(x0: 5, y0: 25, x1: 200, y1: 60))
  var pool = PagePool(page: 1, bodySize: 10, words: wide, rulings: [], snap: 3)
  let tables = AreaFinder(settings: settings([area])).find(in: &pool)
  #expect(tables.first?.rows.map { $0.map(\.text) } == [["Staff", "12", "14"], ["Rent", "7", "9"]])
}

@Test func pageToItems_areaConfigured_itsTableComesFirstAndProseStaysText() {
  let area = TableArea(box: BoundingBox(x0: 5, y0: 25, x1: 80, y1: 75), columns: [37, 52])
  let items = pageToItems(words: page, rulings: [], page: 1, bodySize: 10, settings: settings([area]))
  let tables = items.compactMap { if case .table(let t) = $0 { t } else { nil } }
  let blocks = items.compactMap { if case .block(let b) = $0 { b.text } else { nil } }
  #expect(tables.count == 1)
  #expect(blocks == ["Some prose above", "More prose below"])
}

@Test func settings_areas_readWithPagesBoxAndColumns() throws {
  func scalar(_ v: String) -> ConfigNode { ConfigNode(value: .scalar(v), line: 4, path: "extract.pdf.areas") }
  func list(_ vs: [String]) -> ConfigNode { ConfigNode(value: .sequence(vs.map(scalar)), line: 4, path: "extract.pdf.areas") }
  let area = ConfigNode(
    value: .mapping([
      (key: "pages", value: scalar("1, 3-5")), (key: "box", value: list(["10", "20", "300", "400"])),
      (key: "columns", value: list(["120", "200"])),
    ]), line: 4, path: "extract.pdf.areas")
  let node = ConfigNode(
    value: .mapping([(key: "areas", value: ConfigNode(value: .sequence([area]), line: 3, path: "extract.pdf.areas"))]),
    line: 2, path: "extract.pdf")
  let s = try PDFTableSettings(config: node)
  #expect(s.areas == [TableArea(pages: PageSet([1...1, 3...5]), box: BoundingBox(x0: 10, y0: 20, x1: 300, y1: 400), columns: [120, 200])])
  #expect(s.areas.first?.pages?.contains(4) == true)
  #expect(s.areas.first?.pages?.contains(2) == false)
}

@Test func settings_areaBoxUpsideDown_isError() {
  func scalar(_ v: String) -> ConfigNode { ConfigNode(value: .scalar(v), line: 4, path: "extract.pdf.areas") }
  let area = ConfigNode(
    value: .mapping([(key: "box", value: ConfigNode(value: .sequence(["10", "400", "300", "20"].map(scalar)), line: 4, path: "x"))]),
    line: 4, path: "extract.pdf.areas")
  let node = ConfigNode(
    value: .mapping([(key: "areas", value: ConfigNode(value: .sequence([area]), line: 3, path: "extract.pdf.areas"))]),
    line: 2, path: "extract.pdf")
  #expect(throws: ConfigError.self) { try PDFTableSettings(config: node) }
}
