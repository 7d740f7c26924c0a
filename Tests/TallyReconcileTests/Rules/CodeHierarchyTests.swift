import TallyCore
import Testing

@testable import TallyReconcile

/// Baten and lasten by code, each code's total under its sub-codes, then the result: OD32's
/// costs are printed wrong (the items give 1 076 835,4), its hours are right.
private let exploitatie = Fixture.table(
  title: "Exploitatie", columns: [.label(""), .figure(["Kosten"], .eur), .figure(["Aantal uren"], .hours)],
  rows: [
    .item("OD31.1 Opbrengsten uit dienstverlening", "-", "473"), .item("OD31.2 Financiële opbrengsten", "551 667,5", "1 025"),
    .item("OD31.3 Recuperatie van kosten", "406 673,7", "4 066"), .item("OD31 Baten", "958 341,2", "5 564"),
    .item("OD32.1 Huisvestingskosten", "666 369,0", "1 177"), .item("OD32.2 Verplaatsingskosten", "540 017,1", "630"),
    .item("OD32.3 Huurlasten", "-129 550,7", "-254"), .item("OD32 Lasten", "1 031 967,2", "1 553"),
  ])

/// Sub-codes, their codes' totals (one sub-item printed without its code), and a grand total
/// of the codes only.
private let prestaties = Fixture.table(
  title: "Opbrengsten per prestatie", columns: [.label(""), .figure(["Opbrengst"], .eur)],
  rows: [
    .item("1.1.1 Klusjesprestaties", "622,67"), .item("1.1.2 Vormingsuren", "541,91"), .item("1.1 Noord", "1 164,58"),
    .item("1.2.1 Consultaties", "698,95"), .item("Poetsuren", "473,90"), .item("1.2 Regio Kempen", "1 172,85"),
    .total("TOTAAL", "2 337,43"),
  ])

private func findings(_ table: NormalizedTable) -> [Finding] {
  Reconciler().reconcile(Fixture.document([table]))
}

@Suite struct CodeHierarchyTests {
  @Test func code_readsCodesAndRejectsWordsAndFigures() {
    #expect(CodeHierarchy.code("OD31.1 Opbrengsten") == "OD31.1")
    #expect(CodeHierarchy.code("1.2 Regio Kempen") == "1.2")
    #expect(CodeHierarchy.code("A Activa") == "A")
    #expect(CodeHierarchy.code("0800/67310.2 Een slanke organisatie") == "0800/67310.2")
    #expect(CodeHierarchy.code("Totaal") == nil)
    #expect(CodeHierarchy.code("Opbrengsten 2021") == nil)
    #expect(CodeHierarchy.isChild("OD31.2", of: "OD31"))
    #expect(CodeHierarchy.isChild("A1", of: "A"))
    #expect(!CodeHierarchy.isChild("OD31.2.1", of: "OD31"))
    #expect(!CodeHierarchy.isChild("OD311", of: "OD31"))
  }

  @Test func rollup_parentCodeBelowItsSubCodes_failsWhereItsFigureIsWrong() throws {
    let rollups = findings(exploitatie).of("rollup")
    let costs = try #require(rollups.first { $0.row.first == "OD32 Lasten" && $0.column == ["Kosten"] })
    #expect(costs.status == .fail)
    #expect(costs.severity == .error)  // the hours of the same codes add up: corroborated
    #expect(costs.stated == Fixture.decimal("1 031 967,2"))
    #expect(costs.computed == Fixture.sum("666 369,0", "540 017,1", "-129 550,7"))
    #expect(rollups.first { $0.row.first == "OD32 Lasten" && $0.column == ["Aantal uren"] }?.status == .pass)
    #expect(rollups.filter { $0.row.first == "OD31 Baten" }.allSatisfy { $0.status != .fail })
    #expect(rollups.count == 4)
  }

  @Test func rollup_parentCodeAboveItsSubCodes_passes() throws {
    let t = Fixture.table(
      title: "Balans", columns: [.label(""), .figure(["2024"], .eur)],
      rows: [.item("A Activa", "300"), .item("A1 Voorraden", "100"), .item("A2 Vorderingen", "200"), .item("B Passiva", "50")])
    let rollup = try #require(findings(t).of("rollup").first)
    #expect(rollup.status == .pass)
    #expect(rollup.cells.count == 3)
  }

  @Test func rollup_codelessRowAmongSubCodes_isAnItem() throws {
    let rollups = findings(prestaties).of("rollup")
    let kempen = try #require(rollups.first { $0.row.first == "1.2 Regio Kempen" })
    #expect(kempen.status == .pass)
    #expect(kempen.cells.contains { $0.raw == "473,90" })
  }

  @Test func rowTotal_totalOverCodeHierarchy_sumsTopCodesOnly() throws {
    let all = findings(prestaties)
    let total = try #require(all.of("row_total").first { $0.row == ["TOTAAL"] })
    #expect(total.status == .pass)
    #expect(total.cells.count == 3)
    // The code totals are roll-ups, not row totals of their own.
    #expect(!all.of("row_total").contains { $0.row == ["1.1 Noord"] })
  }

  @Test func rowTotal_rowOpeningWithWaarvan_isNoItem() throws {
    let t = Fixture.table(
      title: "Opbrengsten", columns: [.label(""), .figure(["EUR"], .eur)],
      rows: [
        .item("Overige opbrengsten", "46,9"), .item("waarvan tijdelijke contracten", "15,0"),
        .item("Fiscale ontvangsten", "20,9"), .total("Totaal", "67,8"),
      ])
    let total = try #require(findings(t).of("row_total").first)
    #expect(total.status == .pass)
  }

  @Test func rowTotal_itemPrintingSpreadsheetError_isNoFailure() {
    let t = Fixture.table(
      title: "Ontvangsten", columns: [.label(""), .figure(["Bedrag"], .eur)],
      rows: [.item("Huur", "1 438,2"), .item("Subsidies", "#WAARDE!"), .item("Diensten", "10 853,0"), .total("TOTAAL", "16 425,3")])
    #expect(!findings(t).of("row_total").contains { $0.status == .fail })
  }

  @Test func rowTotal_noRunAddsUp_takesTheRunAnEditOfTheTotalExplains() throws {
    // A row with no figure read as a group heading splits the items; the total is printed in
    // units instead of thousands. Only all the items explain the gap (a factor of 1000).
    let t = Fixture.table(
      title: "Exploitatie", columns: [.label(""), .figure(["in duizend euro"], .eur)],
      rows: [
        .item("Huuropbrengsten", "10"), .group("Giften en legaten"), .item("Projectsubsidies", "760"),
        .item("Werkingssubsidies", "641"), .total("Totaal opbrengsten", "1 411 000"),
      ])
    let total = try #require(findings(t).of("row_total").first)
    #expect(total.status == .fail)
    #expect(total.computed == Fixture.sum("10", "760", "641"))
    #expect(total.severity != .info)
  }
}
