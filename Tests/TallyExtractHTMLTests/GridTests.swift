import TallyCore
import TallyExtractHTML
import Testing

/// Span attributes that must be clamped.
private struct SpanCase: CustomTestStringConvertible, Sendable {
  var id: String
  var raw: String?
  var maximum: Int
  var expected: Int
  var testDescription: String { id }
}

@Suite struct GridTests {
  @Test func extract_rowspanAndColspanHeader_repeatsHeaderTextAndLeavesCoveredSlotsEmpty() throws {
    let html = """
      <h3>Opleidingen</h3>
      <table><thead>
      <tr><th rowspan=2>Maand</th><th colspan=2>Regio</th><th rowspan="2">Totaal</th></tr>
      <tr><th>Noord</th><th>Zuid</th></tr></thead>
      <tbody><tr><td rowspan=2>Jan</td><td>1</td><td>2</td><td>3</td></tr>
      <tr><td>4</td><td colspan=2>5</td></tr>
      <tr class=total><td><b>TOTAAL</b></td><td><b>5</b></td><td><strong>7</strong></td><td style="font-weight:700">8</td></tr>
      </tbody></table>
      """
    let table = try #require(try extract(html).tables.first)
    #expect(table.title == "Opleidingen")
    #expect(table.headerRowCount == 2)
    #expect(table.texts == [
      ["Maand", "Regio", "Regio", "Totaal"],
      ["", "Noord", "Zuid", ""],
      ["Jan", "1", "2", "3"],
      ["", "4", "5", ""],
      ["TOTAAL", "5", "7", "8"],
    ])
    #expect(table.rows[0].cells[1].columnSpan == 2)
    #expect(table.rows[0].cells[2].columnSpan == 2)
    #expect(table.rows[3].cells[2].columnSpan == 2)
    #expect(table.rows[4].isBold)
    #expect(!table.rows[2].isBold)
  }

  @Test func extract_leadingThRowsWithoutThead_areHeaderRows() throws {
    let html = "<table><tr><th>Dienst</th><th>Uren</th></tr><tr><th>Poetshulp</th><td>1 130,10</td></tr></table>"
    let table = try #require(try extract(html).tables.first)
    #expect(table.headerRowCount == 1)
    #expect(table.texts == [["Dienst", "Uren"], ["Poetshulp", "1 130,10"]])
  }

  @Test func extract_captionAndUnclosedCells_captionIsTitleAndTagSoupRecovers() throws {
    let html = "<h2>Hoofdstuk</h2><TABLE><CAPTION>Tabel 1</CAPTION><tr><td>a<td>1<tr><td>b<td>2</table>"
    let table = try #require(try extract(html).tables.first)
    #expect(table.title == "Tabel 1")
    #expect(table.headings == ["Hoofdstuk", "Tabel 1"])
    #expect(table.texts == [["a", "1"], ["b", "2"]])
  }

  @Test func extract_nestedTable_isATableOfItsOwnAndNotInTheOuterCell() throws {
    let html = """
      <table><tr><td>Buiten</td><td>10</td></tr>
      <tr><td>Detail<table><tr><td>Binnen</td><td>3</td></tr><tr><td>Ander</td><td>7</td></tr></table></td><td>10</td></tr></table>
      """
    let tables = try extract(html).tables
    #expect(tables.count == 2)
    #expect(tables.first?.texts == [["Buiten", "10"], ["Detail", "10"]])
    #expect(tables.last?.texts == [["Binnen", "3"], ["Ander", "7"]])
  }

  @Test func extract_layoutTableAroundContent_readsContentNotALayoutGrid() throws {
    let html = """
      <table><tr><td><h2>Cijfers</h2><table><tr><td>Klanten</td><td>29 551</td></tr><tr><td>Uren</td><td>3 543 496</td></tr></table></td></tr></table>
      """
    let document = try extract(html)
    #expect(document.tables.count == 1)
    #expect(document.tables.first?.title == "Cijfers")
    #expect(document.tables.first?.texts == [["Klanten", "29 551"], ["Uren", "3 543 496"]])
  }


  @Test(arguments: [
    SpanCase(id: "absent", raw: nil, maximum: 1000, expected: 1),
    SpanCase(id: "zero", raw: "0", maximum: 65534, expected: 1),
    SpanCase(id: "huge colspan", raw: "100000", maximum: 1000, expected: 1000),
    SpanCase(id: "negative", raw: "-3", maximum: 1000, expected: 1),
    SpanCase(id: "with unit", raw: " 3px", maximum: 1000, expected: 3),
    SpanCase(id: "garbage", raw: "abc", maximum: 1000, expected: 1),
    SpanCase(id: "overflowing digits", raw: "99999999999999999999999", maximum: 65534, expected: 65534),
  ])
  fileprivate func spanValue_rawAttribute_isClamped(_ c: SpanCase) {
    #expect(spanValue(c.raw, maximum: c.maximum) == c.expected)
  }

  @Test func extract_colspan100000_isCappedAtTheTableWidthLimit() throws {
    var rows = "<tr><td>Label</td><td colspan=100000>1</td></tr>"
    for i in 0..<200 { rows += "<tr><td>r\(i)</td><td>\(i)</td></tr>" }
    let document = try extract("<table>\(rows)</table>")
    let table = try #require(document.tables.first)
    #expect(table.columnCount == HTMLTableSettings().maxTableColumns)
    #expect(table.rows.count == 201)
  }

  @Test func extract_rowspanBeyondTableEnd_endsAtTheLastRow() throws {
    let html = "<table><tr><td rowspan=65534>a</td><td>1</td></tr><tr><td>2</td></tr></table>"
    let table = try #require(try extract(html).tables.first)
    #expect(table.texts == [["a", "1"], ["", "2"]])
  }

  @Test func sourceTableToGrid_repeatRowSpanText_copiesLabelDown() {
    var settings = HTMLTableSettings()
    settings.repeatRowSpanText = true
    let table = SourceTable(rows: [
      SourceRow(cells: [SourceCell(text: "Regio", rowSpan: "2"), SourceCell(text: "1")]),
      SourceRow(cells: [SourceCell(text: "2")]),
    ])
    let grid = sourceTableToGrid(table, limits: GridLimits(settings: settings))
    #expect(grid.rows.map(\.texts) == [["Regio", "1"], ["Regio", "2"]])
  }
}
