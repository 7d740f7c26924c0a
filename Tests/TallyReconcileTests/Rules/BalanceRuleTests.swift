import TallyCore
import Testing

@testable import TallyReconcile

/// Funds, one a row: Saldo 1/1 + Toevoegingen − Onttrekkingen = Saldo 31/12.
private func funds(_ rows: [Fixture.Row]) -> NormalizedTable {
  Fixture.table(
    title: "Verloop van de bestemde fondsen",
    columns: [
      .label(""), .figure(["Saldo 1/1/2024"], .eur), .figure(["Toevoegingen"], .eur),
      .figure(["Onttrekkingen"], .eur), .figure(["Saldo 31/12/2024"], .eur),
    ],
    rows: rows)
}

private func balances(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("balance")
}

@Suite struct BalanceRuleTests {
  @Test func balanceColumns_holdInEveryRow_passes() {
    let findings = balances(
      funds([
        .item("Fonds A", "1 000", "200", "150", "1 050"),
        .item("Fonds B", "500", "100", "300", "300"),
        .item("Fonds C", "80", "20", "0", "100"),
      ]))
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func balanceColumns_oneRowOff_isACorroboratedError() throws {
    let findings = balances(
      funds([
        .item("Fonds A", "1 000", "200", "150", "1 050"),
        .item("Fonds B", "500", "100", "300", "800"),
        .item("Fonds C", "80", "20", "0", "100"),
        .item("Fonds D", "40", "10", "5", "45"),
      ]))
    let failed = findings.failures
    let f = try #require(failed.first)
    #expect(failed.count == 1)
    #expect(f.row == ["Fonds B"])
    #expect(f.severity == .error)
    #expect(f.computed == Fixture.sum("500", "100", "-300"))
    #expect(f.message.contains("holds in 3 other rows"), "\(f.message)")
  }

  @Test func balanceColumns_noSignChoiceHolds_noCheck() {
    // The last column is no balance of the others in any row: nothing is claimed.
    let findings = balances(
      funds([
        .item("Fonds A", "1 000", "200", "150", "7"),
        .item("Fonds B", "500", "100", "300", "3"),
      ]))
    #expect(findings.isEmpty)
  }

  @Test func balanceRows_signsPrinted_failureIsAnError() throws {
    let t = Fixture.table(
      title: "Kasstroom",
      columns: [.label(""), .figure(["Bedrag"], .eur)],
      rows: [
        .item("Stand per 1 januari", "100"),
        .item("+ Subsidies", "50"),
        .item("- Kosten", "30"),
        .total("Stand per 31 december", "150"),
      ])
    let f = try #require(balances(t).first)
    #expect(f.status == .fail)
    #expect(f.severity == .error)
    #expect(f.computed == Fixture.sum("100", "50", "-30"))
    #expect(f.message.contains("signs printed before the movements"), "\(f.message)")
  }

  @Test func balanceRows_signsFromTheOtherColumns_localiseTheFailingColumn() throws {
    let t = Fixture.table(
      title: "Verloop liquide middelen",
      columns: [.label(""), .figure(["2022"], .eur), .figure(["2023"], .eur), .figure(["2024"], .eur)],
      rows: [
        .item("Beginsaldo", "100", "120", "90"),
        .item("Ontvangsten", "50", "30", "60"),
        .item("Uitgaven", "30", "60", "20"),
        .total("Eindsaldo", "120", "90", "170"),
      ])
    let findings = balances(t)
    let failed = findings.failures
    let f = try #require(failed.first)
    #expect(findings.count == 3)
    #expect(failed.count == 1)
    #expect(f.column == ["2024"])
    #expect(f.computed == Fixture.sum("90", "60", "-20"))
    #expect(f.severity == .error)
  }

  @Test func balanceRows_withoutBalanceWords_noCheck() {
    let t = Fixture.table(
      title: "Kosten",
      columns: [.label(""), .figure(["Bedrag"], .eur)],
      rows: [.item("Personeel", "100"), .item("+ Huur", "50"), .item("- Korting", "30"), .total("Totaal", "150")])
    #expect(balances(t).isEmpty)
  }

  @Test func statedSign_readsThePrintedPrefix() {
    #expect(BalanceRule.statedSign("+ Subsidies") == 1)
    #expect(BalanceRule.statedSign("- Kosten") == -1)
    #expect(BalanceRule.statedSign("− Kosten") == -1)
    #expect(BalanceRule.statedSign("-Kosten") == nil)
    #expect(BalanceRule.statedSign("Kosten") == nil)
  }
}
