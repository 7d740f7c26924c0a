import Testing
import TallyCore
@testable import TallyExtractPDF

// Tables continued over a page break, or below a header printed again on their own page, joined
// into one table: page tables built by hand, no PDF involved.

/// A table on page `n` with `columns`, its first `header` rows a header, its top at `top`, a row
/// every 10 pt.
private func part(
  _ n: Int, columns: [ClosedRange<Double>], rows texts: [[String]], header: Int, top: Double = 100
) -> PageTable {
  pageTable(n, columns: columns, rows: texts, header: header, top: top, rowPitch: 10, kind: .stream)
}

/// A page table built by hand: plain cells, every row `rowPitch` high from `top`, 10 to 400 wide.
func pageTable(
  _ n: Int, columns: [ClosedRange<Double>], rows texts: [[String]], header: Int, top: Double, rowPitch: Double,
  kind: PageTable.Kind
) -> PageTable {
  let rows = texts.map { $0.map { GridCell(text: $0, box: nil, isBold: false) } }
  return PageTable(
    page: n, box: BoundingBox(x0: 10, y0: top, x1: 400, y1: top + rowPitch * Double(rows.count)), columns: columns,
    rows: rows, rowBoxes: rows.map { _ in BoundingBox(x0: 10, y0: top, x1: 400, y1: top + 10) },
    indents: rows.map { _ in 0 }, headerRowCount: header, kind: kind)
}

private func block(_ text: String, page: Int, heading: Bool = false, y: Double = 80) -> PageItem {
  .block(
    LineBlock(
      text: text, box: BoundingBox(x0: 10, y0: y, x1: 200, y1: y + 10), isHeading: heading, size: heading ? 12 : 10,
      isBold: heading, page: page))
}

private let wide: [ClosedRange<Double>] = [10...150, 200...260, 300...360]
/// The same three columns laid out narrower on the next page.
private let narrow: [ClosedRange<Double>] = [10...100, 110...150, 160...200]

@Test func itemsToDocument_titlePrintedAgainOverNarrowerPart_oneTable() {
  let first = part(1, columns: wide, rows: [["", "2024", "2023"], ["Huur", "10", "9"], ["Rente", "4", "5"]], header: 1)
  let second = part(2, columns: narrow, rows: [["Energie", "7", "6"], ["Totaal", "21", "20"]], header: 0)
  let title = "Tabel 4. Lasten per soort"
  let doc = itemsToDocument(
    [(1, block(title, page: 1, heading: true)), (1, .table(first)),
     (2, block(title + " (vervolg)", page: 2, heading: true)), (2, .table(second))],
    bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.pages == [1, 2])
  #expect(
    doc.tables.first?.rows.map(\.texts) == [
      ["", "2024", "2023"], ["Huur", "10", "9"], ["Rente", "4", "5"], ["Energie", "7", "6"], ["Totaal", "21", "20"],
    ])
  #expect(doc.tables.first?.title == title)
}

@Test func itemsToDocument_titleRowReadIntoTheNextPart_droppedFromTheJoinedTable() {
  let title = "Evolutie van de fondsen"
  let first = part(1, columns: wide, rows: [["", "2024", "2023"], ["Huur", "10", "9"]], header: 1)
  let second = part(2, columns: narrow, rows: [[title + " (vervolg)", "", ""], ["Rente", "4", "5"]], header: 1)
  let doc = itemsToDocument(
    [(1, block(title, page: 1)), (1, .table(first)), (2, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.rows.map(\.texts) == [["", "2024", "2023"], ["Huur", "10", "9"], ["Rente", "4", "5"]])
}

@Test func itemsToDocument_subtotalCarriedOverToNarrowerPart_oneTableBothRowsKept() {
  let first = part(
    1, columns: wide, rows: [["Post", "2024", "2023"], ["Huur", "10", "9"], ["Over te brengen", "10", "9"]], header: 1)
  let second = part(2, columns: narrow, rows: [["Transport", "10", "9"], ["Rente", "4", "5"]], header: 0)
  let doc = itemsToDocument([(1, .table(first)), (2, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.rows.count == 5)
  #expect(doc.tables.first?.rows.last?.texts == ["Rente", "4", "5"])
}

@Test func itemsToDocument_subtotalCarriedOver_bothRowsOfThePairMarkedCarried() {
  let first = part(
    1, columns: wide, rows: [["Post", "2024", "2023"], ["Huur", "10", "9"], ["Over te brengen", "10", "9"]], header: 1)
  let second = part(2, columns: wide, rows: [["Transport", "10", "9"], ["Rente", "4", "5"]], header: 0)
  let doc = itemsToDocument([(1, .table(first)), (2, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.rows.map(\.isCarried) == [false, false, true, true, false])
}

@Test func itemsToDocument_rowOfZerosRepeatedOverThePage_notMarkedCarried() {
  let first = part(1, columns: wide, rows: [["Post", "2024", "2023"], ["Huur", "0", "0"]], header: 1)
  let second = part(2, columns: wide, rows: [["Rente", "0", "0"], ["Energie", "4", "5"]], header: 0)
  let doc = itemsToDocument([(1, .table(first)), (2, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.rows.contains(where: \.isCarried) == false)
}

@Test func itemsToDocument_headerPrintedAgainMidTable_keptAsOneRowOfOneTable() {
  // The repeated header wraps over two lines; its first line was read as the last row above.
  let header = [["Dienst", "Totaal baten", "Totaal lasten"]]
  let first = part(
    1, columns: wide, rows: header + [["Huur", "10", "9"], ["", "Totaal", "Totaal"]], header: 1, top: 100)
  let second = part(1, columns: wide, rows: [["", "baten", "lasten"], ["Rente", "4", "5"]], header: 1, top: 135)
  let doc = itemsToDocument([(1, .table(first)), (1, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(
    doc.tables.first?.rows.map(\.texts) == header + [
      ["Huur", "10", "9"], ["", "Totaal baten", "Totaal lasten"], ["Rente", "4", "5"],
    ])
}

@Test func itemsToDocument_partSetBesideTheOtherWithTheSameHeader_staysApart() {
  // A two-sided statement: both sides print the same years and start at the same height.
  let header = [["", "2024", "2023"]]
  let left = part(1, columns: wide, rows: header + [["Huur", "10", "9"], ["Totaal activa", "10", "9"]], header: 1)
  let right = part(1, columns: wide, rows: header + [["Schulden", "10", "9"]], header: 1)
  let doc = itemsToDocument([(1, .table(left)), (1, .table(right))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 2)
}

@Test func itemsToDocument_newTableWithOwnHeaderUnderRepeatedHeading_staysApart() {
  let heading = "3. Financieel verslag"
  let first = part(1, columns: wide, rows: [["", "2024", "2023"], ["Huur", "10", "9"]], header: 1)
  let second = part(2, columns: narrow, rows: [["Regio", "Aantal", "Prijs"], ["Oost", "4", "5"]], header: 1)
  let doc = itemsToDocument(
    [(1, block(heading, page: 1, heading: true)), (1, .table(first)),
     (2, block(heading + " (vervolg)", page: 2, heading: true)), (2, .table(second))],
    bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 2)
}

@Test func itemsToDocument_stackedTableWithOtherHeaderRightBelow_staysApart() {
  let first = part(1, columns: wide, rows: [["", "2024", "2023"], ["Huur", "10", "9"]], header: 1, top: 100)
  let second = part(1, columns: wide, rows: [["", "Raming", "Realisatie"], ["Rente", "4", "5"]], header: 1, top: 125)
  let doc = itemsToDocument([(1, .table(first)), (1, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 2)
}

@Test func textRepeatsTitle_titleWithShortNote_trueLongerTextFalse() {
  #expect(textRepeatsTitle("Tabel 4. Lasten (vervolg)", titles: ["Tabel 4. Lasten"]))
  #expect(!textRepeatsTitle("Tabel 4. Lasten stegen dit jaar met vier procent", titles: ["Tabel 4. Lasten"]))
  #expect(!textRepeatsTitle("Lasten (vervolg)", titles: ["Lasten"]))
}

@Test func textRepeatsTitle_titleThatClosedAParagraph_true() {
  #expect(textRepeatsTitle("Evolutie van de fondsen (vervolg)", titles: ["De omzet steeg. Evolutie van de fondsen"]))
  #expect(!textRepeatsTitle("de fondsen (vervolg)", titles: ["De omzet steeg. Evolutie van de fondsen"]))
}

@Test func itemsToDocument_headerLineLeftOutBetweenParts_oneTable() {
  let first = part(
    1, columns: wide, rows: [["", "Boekjaar 2024", "Boekjaar 2024"], ["", "Kosten", "Baten"], ["Huur", "10", "9"]],
    header: 2, top: 100)
  let second = part(1, columns: wide, rows: [["", "Kosten", "Baten"], ["Rente", "4", "5"]], header: 1, top: 145)
  let doc = itemsToDocument(
    [(1, .table(first)), (1, block("Boekjaar 2024", page: 1, y: 132)), (1, .table(second))], bodySize: 10,
    settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(doc.tables.first?.rows.last?.texts == ["Rente", "4", "5"])
}

@Test func itemsToDocument_groupLabelReadAsHeaderRightBelow_groupRowOfOneTable() {
  let first = part(1, columns: wide, rows: [["Baten", "", ""], ["Huur", "10", "9"]], header: 1, top: 100)
  // The part above ends at 120; the group label follows at the row pitch.
  let second = part(1, columns: wide, rows: [["Lasten", "", ""], ["Rente", "4", "5"]], header: 1, top: 122)
  let doc = itemsToDocument([(1, .table(first)), (1, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 1)
  #expect(
    doc.tables.first?.rows.map(\.texts) == [
      ["Baten", "", ""], ["Huur", "10", "9"], ["Lasten", "", ""], ["Rente", "4", "5"],
    ])
}

@Test func itemsToDocument_labelHeadedTableWithSpaceAbove_staysApart() {
  let first = part(1, columns: wide, rows: [["Bedienden", "", ""], ["Huur", "10", "9"]], header: 1, top: 100)
  let second = part(1, columns: wide, rows: [["Arbeiders", "", ""], ["Rente", "4", "5"]], header: 1, top: 140)
  let doc = itemsToDocument([(1, .table(first)), (1, .table(second))], bodySize: 10, settings: PDFTableSettings())
  #expect(doc.tables.count == 2)
}
