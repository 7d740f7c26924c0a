import TallyCore
import Testing

@testable import TallyReconcile

/// A cell as the normaliser reads "<marker> <figure>" when no footnote names the marker: the
/// figure after the marker, with the marker's digits joined to it as the other reading.
private func afterUnexplainedMarker(_ raw: String, value: String, joined: String, note: String) -> NormalizedCell {
  var n = ParsedNumber(value: Fixture.decimal(value), decimals: 2, note: note)
  n.unexplainedMarker = "a digit group of 2 digits after a group separator; expected 3"
  n.alternative = Fixture.decimal(joined)
  return NormalizedCell(raw: raw, content: .number(n))
}

/// Baten per dienst with a total row; the cell of 'Huur' × 'Subsidies' is replaced by a test.
private func baten(_ huur: NormalizedCell) -> NormalizedTable {
  var t = Fixture.table(
    title: "Baten", page: 3,
    columns: [.label(""), .figure(["Subsidies"], .eur)],
    rows: [.item("Huur", "0"), .item("Giften", "20,00"), .item("Overige", "30,00"), .total("Totaal", "67,59")])
  t.rows[0].cells[1] = huur
  return t
}

@Suite struct FigureMarkerReadingTests {
  @Test func malformed_unexplainedMarkerConfirmedByTheColumnTotal_notReported() {
    // "3 17,59": 17,59 after marker 3 makes 17,59 + 20 + 30 = 67,59 hold.
    let cell = afterUnexplainedMarker("3 17,59", value: "17,59", joined: "317,59", note: "3")
    let findings = Reconciler().reconcile(Fixture.document([baten(cell)]))
    #expect(findings.of("malformed_number").isEmpty)
    #expect(findings.of("row_total").contains { $0.status == .pass })
  }

  @Test func malformed_unexplainedMarkerBreakingTheTotal_reportedAsMalformedError() throws {
    // The total is 367,59: 17,59 after a marker breaks it, 317,59 (a stray space) would fit; the
    // cell is malformed as printed.
    var t = baten(afterUnexplainedMarker("3 17,59", value: "17,59", joined: "317,59", note: "3"))
    t.rows[3].cells[1] = NormalizedCell(raw: "367,59", content: .number(ParsedNumber(value: Fixture.decimal("367,59"), decimals: 2)))
    let f = try #require(Reconciler().reconcile(Fixture.document([t])).of("malformed_number").first)
    #expect(f.status == .fail)
    #expect(f.severity == .error)
    #expect(f.cells.first?.raw == "3 17,59")
    #expect(f.hint?.contains("'317,59'") == true)
  }

  @Test func malformed_unexplainedMarkerNoRelationTests_isInfo() throws {
    let t = Fixture.table(
      title: "Kengetallen", page: 2, columns: [.label(""), .figure(["Ratio"])],
      rows: [.item("A", "1,50"), .item("B", "2,25"), .item("C", "0")])
    var marked = t
    marked.rows[2].cells[1] = afterUnexplainedMarker("14 0,56", value: "0,56", joined: "140,56", note: "14")
    let f = try #require(Reconciler().reconcile(Fixture.document([marked])).of("malformed_number").first)
    #expect(f.status == .fail)
    #expect(f.severity == .info)
  }

  @Test func columnTotal_totalOpeningWithAMarkerGroup_readWithoutItIsNoAlarm() throws {
    // "18 704" is 704 after marker 18: 381 + 323 = 704.
    var t = Fixture.table(
      title: "Werkingsmiddelen", page: 4,
      columns: [.label(""), .figure(["Subsidies"]), .figure(["Giften"]), .figure(["Totaal baten"], .number, .total)],
      rows: [.item("Wonen", "100", "50", "150"), .item("Zorg", "381", "323", "18 704"), .item("Vrije tijd", "10", "5", "15")])
    t.rows[1].cells[3].content = .number(
      {
        var n = ParsedNumber(value: Fixture.decimal("18 704"), decimals: 0)
        n.alternative = Fixture.decimal("704")
        return n
      }())
    let f = try #require(Reconciler().reconcile(Fixture.document([t])).of("column_total").first { $0.status == .fail })
    #expect(f.severity == .info)
    #expect(f.message.contains("'18 704' reads as 704"))
  }

  @Test func product_volumeOpeningWithAMarkerGroup_readWithoutItIsNoAlarm() throws {
    // "33 234" is 234 after marker 33: 234 × 137,07 / 1000 = 32,07 ≈ 32.
    var t = Fixture.table(
      title: "Volume en prijs", page: 6,
      columns: [.label(""), .figure(["Volume"]), .figure(["Eenheidsprijs"]), .figure(["Opbrengst"])],
      rows: [
        .item("Maaltijden", "33 234", "137,07", "32"), .item("Poetsuren", "1 447", "84,60", "122"),
        .item("Ritten", "2 000", "50,00", "100"), .item("Vorming", "4 000", "25,00", "100"),
      ])
    t.rows[0].cells[1].content = .number(
      {
        var n = ParsedNumber(value: Fixture.decimal("33 234"), decimals: 0)
        n.alternative = Fixture.decimal("234")
        return n
      }())
    let failed = Reconciler().reconcile(Fixture.document([t])).of("product").filter { $0.status == .fail }
    let f = try #require(failed.first)
    #expect(failed.count == 1)
    #expect(f.severity == .info)
  }

  @Test func malformed_figureBesideAYear_isColumnsMergedNotAnAlarm() throws {
    let t = Fixture.table(
      title: "Aantal vrijwilligers per jaar", page: 1, columns: [.label(""), .figure(["Aantal"])],
      rows: [.item("A", "471 2020"), .item("B", "513"), .item("C", "1.132")])
    let f = try #require(Reconciler().reconcile(Fixture.document([t])).of("malformed_number").first)
    #expect(f.status == .fail)
    #expect(f.severity == .info)
    #expect(f.hint?.contains("figures side by side") == true)
  }

  @Test func columnTotal_rowOfYears_isAHeaderRowNotChecked() {
    let t = Fixture.table(
      title: "Opbrengsten", page: 10,
      columns: [.label(""), .figure(["Baten"]), .figure(["Lasten"]), .figure(["TOTAAL"], .number, .total)],
      rows: [.item("", "2024", "2025", "2024"), .item("Wonen", "100", "50", "150"), .item("Zorg", "10", "5", "15")])
    let found = Reconciler().reconcile(Fixture.document([t])).of("column_total")
    #expect(found.count == 2)
    #expect(found.allSatisfy { $0.status == .pass })
  }

  @Test func columnTotal_oneFigureInTwoNeighbouringItemColumns_countedOnceIsNoAlarm() throws {
    let t = Fixture.table(
      title: "Opbrengsten en kosten", page: 4,
      columns: [.label(""), .figure(["A"]), .figure(["B"]), .figure(["C"]), .figure(["D"]), .figure(["TOTAAL"], .number, .total)],
      rows: [
        .item("Wonen", "10", "20", "30", "40", "100"), .item("Zorg", "5", "7,5", "7,5", "10", "22,5"),
        .item("Vrije tijd", "1", "2", "3", "4", "10"),
      ])
    let f = try #require(Reconciler().reconcile(Fixture.document([t])).of("column_total").first { $0.status == .fail })
    #expect(f.severity == .info)
    #expect(f.message.contains("printed in two neighbouring columns"))
  }
}
