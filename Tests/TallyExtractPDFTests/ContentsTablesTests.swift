import Testing
import TallyCore
@testable import TallyExtractPDF

// Tables of contents are recognised by the tables they point to; built from plain values.

private func table(_ title: String, page: Int, rows: [[String]], headerRows: Int = 0) -> ExtractedTable {
  ExtractedTable(
    title: title, headings: ["Report", title], pages: [page], headerRowCount: headerRows,
    rows: rows.map { TableRow(cells: $0.map { TableCell(text: $0) }, page: page) })
}

/// A contents list on page 2 and the three tables it names, on pages 4, 6 and 9.
private func report(contents: [[String]]) -> [ExtractedTable] {
  [
    table("Inhoud", page: 2, rows: contents),
    table("1. Personeel", page: 4, rows: [["Bedienden", "12"], ["Arbeiders", "30"]]),
    table("2. Klanten", page: 6, rows: [["Gent", "120"], ["Brugge", "80"]]),
    table("3. Uren", page: 9, rows: [["Poetshulp", "1.200,50"], ["Oppas", "300,00"]]),
  ]
}

@Suite struct ContentsTablesTests {
  @Test func aListOfLaterHeadingsWithRisingPageNumbers_isLeftOut() {
    let tables = report(contents: [["1. Personeel", "3"], ["2. Klanten", "5"], ["3. Uren", "8"]])
    let kept = dropContentsTables(tables, minEntries: 3)
    #expect(kept.map(\.title) == ["1. Personeel", "2. Klanten", "3. Uren"])
  }

  @Test func fragmentsOfOneContentsListOnAPage_areJudgedTogether() {
    var tables = report(contents: [["Hoofdstuk", "Pagina"], ["1. Personeel", "3"]])
    tables[0].headerRowCount = 1
    tables.insert(table("Inhoud", page: 2, rows: [["2. Klanten", "5"], ["3. Uren", "8"]]), at: 1)
    #expect(dropContentsTables(tables, minEntries: 3).count == 3)
  }

  @Test func pageNumbersGoingDown_isNotAContentsList() {
    let tables = report(contents: [["1. Personeel", "8"], ["2. Klanten", "5"], ["3. Uren", "3"]])
    #expect(dropContentsTables(tables, minEntries: 3).count == 4)
  }

  @Test func entriesInAnotherOrderThanTheHeadings_isNotAContentsList() {
    let tables = report(contents: [["2. Klanten", "3"], ["1. Personeel", "5"], ["3. Uren", "8"]])
    #expect(dropContentsTables(tables, minEntries: 3).count == 4)
  }

  @Test func labelsThatNameNoLaterTable_isData() {
    let tables = report(contents: [["Gent", "3"], ["Brugge", "5"], ["Antwerpen", "8"]])
    #expect(dropContentsTables(tables, minEntries: 3).count == 4)
  }

  @Test func aRowWithAnAmount_isData() {
    let tables = report(contents: [["1. Personeel", "3"], ["2. Klanten", "1.250,00"], ["3. Uren", "8"]])
    #expect(dropContentsTables(tables, minEntries: 3).count == 4)
  }

  @Test func fewerMatchedEntriesThanTheMinimum_isKept() {
    let tables = report(contents: [["1. Personeel", "3"], ["2. Klanten", "5"], ["3. Uren", "8"]])
    #expect(dropContentsTables(tables, minEntries: 4).count == 4)
    #expect(dropContentsTables(tables, minEntries: 0).count == 4)
  }

  @Test func pageNumber_isFourDigitsAtMostWithNoSeparator() {
    #expect(pageNumber("12") == 12)
    #expect(pageNumber("1234") == 1234)
    #expect(pageNumber("12345") == nil)
    #expect(pageNumber("1.234") == nil)
    #expect(pageNumber("") == nil)
    #expect(pageNumber("٣") == nil)
  }
}
