import TallyCore
import Testing

@testable import TallyReconcile

/// Volume × unit price = amount, the amount in thousands of euro.
private func services(_ rows: [Fixture.Row]) -> NormalizedTable {
  Fixture.table(
    title: "Volume en prijs",
    columns: [.label(""), .figure(["Volume"], .count), .figure(["Eenheidsprijs"], .eur), .figure(["Bedrag"], .eur)],
    rows: rows)
}

private func products(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("product")
}

@Suite struct ProductRuleTests {
  @Test func product_amountsInThousands_everyRowHolds() {
    let findings = products(
      services([
        .item("Consultaties", "2 488", "48,20", "119,92"),
        .item("Dagopvang", "2 897", "80,90", "234,37"),
        .item("Klusjes", "2 318", "14,74", "34,17"),
      ]))
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.status != .fail })
  }

  @Test func product_signLostOnAPrice_isACorroboratedError() throws {
    let findings = products(
      services([
        .item("Consultaties", "2 488", "48,20", "119,92"),
        .item("Dagopvang", "2 897", "-80,90", "234,37"),
        .item("Klusjes", "2 318", "14,74", "34,17"),
        .item("Ritten", "844", "144,95", "122,34"),
      ]))
    let failed = findings.filter { $0.status == .fail }
    let f = try #require(failed.first)
    #expect(failed.count == 1)
    #expect(f.row == ["Dagopvang"])
    #expect(f.severity == .error)
    #expect(f.cells.contains { $0.raw == "-80,90" })
  }

  @Test func product_noCombinationHoldsOften_noCheck() {
    let findings = products(
      services([
        .item("Consultaties", "2 488", "48,20", "12"),
        .item("Dagopvang", "2 897", "80,90", "31"),
        .item("Klusjes", "2 318", "14,74", "7"),
      ]))
    #expect(findings.isEmpty)
  }
}
