import Foundation
import TallyCore
import TallyExtractHTML
import Testing

/// A golden table: as printed, spanning header text repeated in each spanned column.
private struct GoldenTable: Decodable {
  var title: String?
  var header_rows: Int
  var rows: [[String]]
}

/// A golden key figure: a labelled figure outside any table.
private struct GoldenKeyFigure: Decodable {
  var title: String
  var label: String
  var value: String
}

private struct GoldenFile: Decodable {
  var tables: [GoldenTable]
  var key_figures: [GoldenKeyFigure]?
}

@Suite struct SamplePageTests {
  static let pages = [
    "imens-jaarverslag-2023.html", "highlights-welzijn.html", "maatschappelijke-ondersteuning-2023.html",
    "besluit-caw-2013.html",
  ]

  private func load(_ page: String) throws -> (ExtractedDocument, [GoldenTable]) {
    let (document, golden) = try loadGolden(page)
    return (document, golden.tables)
  }

  private func loadGolden(_ page: String) throws -> (ExtractedDocument, GoldenFile) {
    let samples = repositoryRoot.appendingPathComponent("samples")
    let bytes = try [UInt8](Data(contentsOf: samples.appendingPathComponent(page)))
    let golden = try JSONDecoder().decode(
      GoldenFile.self, from: Data(contentsOf: samples.appendingPathComponent("golden/\(page).json")))
    return (try HTMLExtractor().extract(source(page), bytes: bytes), golden)
  }

  @Test(arguments: pages)
  func samplePage_keyFigures_matchGoldenTitleLabelAndValue(page: String) throws {
    let (document, golden) = try loadGolden(page)
    let found = document.tables(.keyFigures).flatMap { table in table.texts.map { [table.title ?? ""] + $0 } }
    #expect(found == (golden.key_figures ?? []).map { [$0.title, $0.label, $0.value] })
  }

  @Test(arguments: pages)
  func samplePage_grids_matchGoldenTablesCellForCell(page: String) throws {
    let (document, golden) = try load(page)
    let grids = document.tables(.grid)
    #expect(grids.count == golden.count)
    for (index, (table, expected)) in zip(grids, golden).enumerated() {
      #expect(table.title == expected.title, "table \(index)")
      #expect(table.headerRowCount == expected.header_rows, "table \(index): \(expected.title ?? "")")
      #expect(table.texts == expected.rows, "table \(index): \(expected.title ?? "")")
    }
  }

  @Test func decreePage_noNumericTable_givesNoTablesAndKeepsText() throws {
    let (document, _) = try load("besluit-caw-2013.html")
    #expect(document.tables.isEmpty)
    #expect(document.text.contains { $0.text.hasPrefix("Artikel 1.") })
    #expect(document.pageCount == nil)
  }

  @Test func highlightsPage_cards_becomeKeyFigures() throws {
    let (document, _) = try load("highlights-welzijn.html")
    let figures = document.tables(.keyFigures)
    #expect(figures.count == 1)
    #expect(figures.first?.title == "Ons bereik")
    #expect(figures.first?.texts.first == ["Informatie- en advies", "2.309 vragen"])
    #expect(figures.first?.rows.count == 6)
  }

  @Test func supportPage_statedFiguresAndCards_becomeKeyFigures() throws {
    let (document, _) = try load("maatschappelijke-ondersteuning-2023.html")
    let figures = document.tables(.keyFigures)
    let byTitle = Dictionary(figures.map { ($0.title ?? "", $0.texts) }, uniquingKeysWith: { a, _ in a })
    #expect(byTitle["MO-eenheid"] == [["Totaal aantal cliënten", "3660"]])
    #expect(byTitle["Medewerker & Team"]?.first == ["FTE totaal", "316,19"])
    #expect(byTitle["Verzuim"] == [["JANUARI 2023", "10%"], ["DECEMBER 2023", "9,6%"]])
  }
}
