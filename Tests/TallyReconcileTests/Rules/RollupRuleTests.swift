import TallyCore
import Testing

@testable import TallyReconcile

private func budget(_ codes: [String], _ uitgaven: String, _ ontvangsten: String, spent: String = "50,0%") -> NormalizedTable {
  Fixture.table(
    title: "Budgettaire onderbouwing", headings: codes,
    columns: [.label(""), .figure(["Budget 2024"], .eur), .figure(["% Besteding budget 2024"], .percent)],
    rows: [.item("Exploitatie Uitgaven", uitgaven, spent), .item("Exploitatie Ontvangsten", ontvangsten, spent)],
    codes: codes)
}

private func staff(_ codes: [String], _ vte: String) -> NormalizedTable {
  Fixture.table(
    title: "Onderbouwing personeel", columns: [.label(""), .figure(["Plan 2024"], .fte)],
    rows: [.item("VTE", vte)], codes: codes)
}

private func rollups(_ tables: [NormalizedTable]) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("rollup")
}

@Suite struct RollupRuleTests {
  @Test func rollup_actionsIntoPlanAndPlansIntoGoal_pass() {
    let findings = rollups([
      budget(["SD1"], "3 000", "30"),
      budget(["SD1", "OD1"], "1 000", "10"), budget(["SD1", "OD1", "AC1"], "600", "4"), budget(["SD1", "OD1", "AC2"], "400", "6"),
      budget(["SD1", "OD2"], "2 000", "20"), budget(["SD1", "OD2", "AC3"], "2 000", "20"),
    ])
    // SD1 <- OD1 + OD2, OD1 <- AC1 + AC2, OD2 <- AC3; two rows each; the % column is never compared.
    #expect(findings.count == 6)
    #expect(findings.allSatisfy { $0.status == .pass })
    #expect(!findings.contains { $0.column == ["% Besteding budget 2024"] })
  }

  @Test func rollup_codelessAction_belongsToPlanAbove() {
    let findings = rollups([
      budget(["SD1", "OD1"], "1 108", "10"), staff(["SD1", "OD1"], "2,00"),
      budget(["SD1", "OD1", "AC1"], "1 000", "10"), staff(["SD1", "OD1", "AC1"], "1,00"),
      budget([], "108", "0"), staff([], "1,00"),
    ])
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func rollup_missingAction_failsNamingCodesByItsAmount() throws {
    let findings = rollups([
      budget(["SD1", "OD10039"], "1 108", "10"),
      budget(["SD1", "OD10039", "AC1"], "600", "6"), budget(["SD1", "OD10039", "AC2"], "400", "4"),
    ])
    let f = try #require(findings.first { $0.status == .fail })
    #expect(f.difference == Fixture.decimal("-108"))
    #expect(f.severity == .error)
    #expect(f.message.contains("OD10039"))
    #expect(f.message.contains("AC1") && f.message.contains("AC2"))
    #expect(f.row.first == "OD10039")
  }

  @Test func rollup_roundedStaff_passWithinRounding() throws {
    let findings = rollups([staff(["SD1", "OD1"], "2,01"), staff(["SD1", "OD1", "AC1"], "1,00"), staff(["SD1", "OD1", "AC2"], "1,00")])
    let f = try #require(findings.first)
    #expect(f.status == .passWithinRounding)
  }

  @Test func rollup_flatDocument_noCheck() {
    #expect(rollups([budget([], "1", "1"), budget([], "1", "1")]).isEmpty)
  }
}

@Suite struct RollupCompletenessTests {
  @Test func rollup_childWithOtherColumns_skipsInsteadOfFailing() throws {
    // AC2's budget table came out with other column headers: summing AC1 alone would be a false
    // failure, so every cell of OD1 is skipped naming AC2.
    var odd = budget(["SD1", "OD1", "AC2"], "400", "6")
    odd.columns[1].path = ["2024"]
    let findings = rollups([budget(["SD1", "OD1"], "1 000", "10"), budget(["SD1", "OD1", "AC1"], "600", "4"), odd])
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .skipped && $0.severity == .info })
    let f = try #require(findings.first)
    #expect(f.message.contains("AC2") && f.message.contains("incomplete"))
  }

  @Test func rollup_childWhoseAmountsMergedIntoLabels_skipsInsteadOfFailing() throws {
    // AC2's table swallowed a line of text: its figures merged into label cells ("400 410"), so it
    // has no amount column, but it prints OD1's rows; summing AC1 alone would be a false failure.
    let merged = Fixture.table(
      title: "AC2", headings: ["SD1", "OD1", "AC2"], columns: [.label(""), .label("2024 2024")],
      rows: [.item("Exploitatie Uitgaven", "#400 410"), .item("Exploitatie Ontvangsten", "#6 6")],
      codes: ["SD1", "OD1", "AC2"])
    let findings = rollups([budget(["SD1", "OD1"], "1 000", "10"), budget(["SD1", "OD1", "AC1"], "600", "4"), merged])
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .skipped })
    let f = try #require(findings.first)
    #expect(f.message.contains("AC2") && f.message.contains("incomplete"))
  }

  @Test func rollup_codedTextTableWithoutParentRows_doesNotBlockTheSum() {
    // A coded table of text that prints none of the parent's rows is not a missing child.
    let text = Fixture.table(
      title: "AC2", headings: ["SD1", "OD1", "AC2"], columns: [.label("Doel"), .label("Toelichting")],
      rows: [.item("Leerlingenvervoer", "#organiseren")], codes: ["SD1", "OD1", "AC2"])
    let findings = rollups([budget(["SD1", "OD1"], "600", "4"), budget(["SD1", "OD1", "AC1"], "600", "4"), text])
    #expect(findings.count == 2)
    #expect(findings.allSatisfy { $0.status == .pass })
  }

  @Test func rollup_everyChildWithSameColumns_isSummed() {
    let findings = rollups([
      budget(["SD1", "OD1"], "1 000", "10"), staff(["SD1", "OD1"], "2,00"),
      budget(["SD1", "OD1", "AC1"], "600", "4"), staff(["SD1", "OD1", "AC1"], "1,00"),
      budget(["SD1", "OD1", "AC2"], "400", "6"), staff(["SD1", "OD1", "AC2"], "1,00"),
    ])
    #expect(findings.count == 3)
    #expect(findings.allSatisfy { $0.status == .pass })
  }
}
