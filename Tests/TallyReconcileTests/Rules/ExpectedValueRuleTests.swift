import TallyCore
import Testing

@testable import TallyReconcile

private let hoursByService = Fixture.table(
  title: "2.1. Uren gepresteerd bij klanten",
  columns: [.label(""), .figure(["AANTAL UREN GEPRESTEERD BIJ KLANTEN"], .hours)],
  rows: [
    .item("Gezinszorg (INCL. KRAAMZORG)", "3 543 495,67"), .item("Poetshulp", "1 487 268,38"),
    .item("Dienstencheques", "1 227 270,00"), .item("Klusjesdienst", "28 103,02"),
    .item("Oppashulp", "579 665,35"), .item("Thuisoppas zieke kinderen", "45 762,50"),
    .total("TOTAAL", "6 911 564,92"),
  ])

private func settings(_ rules: DeclaredRule...) -> ReconcileSettings {
  var s = ReconcileSettings()
  s.rules = rules
  return s
}

private let designCard = DeclaredRule(
  id: "hours_by_service", kind: .rowTotal, document: "*jaarverslag*", table: "uren gepresteerd bij klanten",
  expected: Fixture.decimal("6 911 564,92"))

@Suite struct ExpectedValueRuleTests {
  @Test func expectedValue_designCardSum_passes() throws {
    let findings = Reconciler(settings: settings(designCard)).reconcile(Fixture.document([hoursByService]))
    let f = try #require(findings.of("expected_value").first)
    #expect(f.rule == "hours_by_service")
    #expect(f.status == .pass)
    #expect(f.cells.count == 6)
    // The inferred row total agrees.
    #expect(findings.of("row_total").map(\.status) == [.pass])
  }

  @Test func expectedValue_wrongExpectation_failsWithRuleSeverity() throws {
    var rule = designCard
    rule.expected = Fixture.decimal("6 911 654,92")
    rule.severity = .warning
    let f = try #require(Reconciler(settings: settings(rule)).reconcile(Fixture.document([hoursByService])).of("expected_value").first)
    #expect(f.status == .fail)
    #expect(f.severity == .warning)
    #expect(f.difference == Fixture.decimal("-90"))
  }

  @Test func expectedValue_otherDocument_notApplied() {
    let doc = Fixture.document([hoursByService], fileName: "jaarrekening-gent.pdf")
    #expect(Reconciler(settings: settings(designCard)).reconcile(doc).of("expected_value").isEmpty)
  }

  @Test func expectedValue_noMatchingTable_skipped() throws {
    var rule = designCard
    rule.table = "geholpen klanten"
    let f = try #require(Reconciler(settings: settings(rule)).reconcile(Fixture.document([hoursByService])).of("expected_value").first)
    #expect(f.status == .skipped)
    #expect(f.message.contains("no table title matches"))
  }

  @Test func expectedValue_cellValue_checked() throws {
    let rule = DeclaredRule(
      id: "oppas", kind: .expectedValue, table: "2.1*", row: "oppashulp", expected: Fixture.decimal("579 665,35"))
    let f = try #require(Reconciler(settings: settings(rule)).reconcile(Fixture.document([hoursByService])).of("expected_value").first)
    #expect(f.status == .pass)
  }

  @Test func expectedValue_columnTotal_checksRowAcrossItems() throws {
    let t = Fixture.table(
      title: "Opleidingen per maand",
      columns: [.label("MAAND"), .figure(["REGIO", "MIDDEN"], .hours), .figure(["REGIO", "NOORD"], .hours), .figure(["TOTAAL"], .hours, .total)],
      rows: [.total("TOTAAL", "1 758,00", "1 591,50", "3 349,50")])
    let rule = DeclaredRule(id: "regions", kind: .columnTotal, table: "opleidingen", row: "totaal", expected: Fixture.decimal("3 349,50"))
    let f = try #require(Reconciler(settings: settings(rule)).reconcile(Fixture.document([t])).of("expected_value").first)
    #expect(f.status == .pass)
    #expect(f.cells.count == 2)
  }
}
