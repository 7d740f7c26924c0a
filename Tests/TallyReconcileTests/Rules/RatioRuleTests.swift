import TallyCore
import Testing

@testable import TallyReconcile

/// Home-care service: hours, Waarvan items, clients and averages per client under group headings.
private let gezinszorg = Fixture.table(
  title: "2.3. Gezinszorg",
  columns: [.label(""), .figure(["TOTAAL"], .number, .total)],
  rows: [
    .group("PRESTATIES EN KLANTEN"),
    .group("AANTAL UREN GEZINSZORG"),
    .item("Gezinszorg", "3 543 496", unit: .hours),  // 2
    .marker(),
    .waarvan("Kraamzorg", parent: 2, "158 334", unit: .hours),
    .waarvan("Gepresteerd in CADO'S", parent: 2, "16 740", unit: .hours),
    .group("AANTAL KLANTEN"),
    .item("Gezinszorg", "29 551", unit: .clients),  // 7
    .marker(),
    .waarvan("Kraamzorg", parent: 7, "5 359", unit: .clients),
    .group("GEMIDDELD AANTAL UREN GEZINSZORG PER KLANT"),
    .item("Gezinszorg (EXCL. KRAAMZORG)", "138,17"),
    .item("Kraamzorg", "29,55"),
  ])

/// A service table with the average as a row of its own.
private let poetshulp = Fixture.table(
  title: "2.4. Poetshulp", columns: [.label(""), .figure(["TOTAAL"], .number, .total)],
  rows: [
    .group("PRESTATIES EN KLANTEN"),
    .item("Aantal uren poetshulp", "1 487 268", unit: .hours),
    .item("Aantal klanten poetshulp", "19 562", unit: .clients),
    .item("Gemiddeld aantal gepresteerde uren poetshulp per klant", "76,03"),
  ])

/// A city budget table: % Besteding = actual / budget, t.o.v. = this year / last year.
private let budget = Fixture.table(
  title: "Budgettaire onderbouwing",
  columns: [
    .label("Budgettaire onderbouwing"), .figure(["Budget 2024"], .eur), .figure(["Jaarrekening 2024"], .eur),
    .figure(["% Besteding budget 2024"], .percent), .figure(["Jaarrekening 2023"], .eur),
    .figure(["Jaarrekening 2024 t.o.v. 2023"], .percent),
  ],
  rows: [
    .item("Exploitatie Uitgaven", "43 626 984", "37 433 120", "85,8%", "36 022 301", "103,9%"),
    .item("Exploitatie Ontvangsten", "17 290 455", "16 035 169", "92,7%", "14 808 605", "108,5%"),
    .item("Investering Uitgaven", "36 884", "434", "1,2%", "0", "0,0%"),
    .item("Financiering Uitgaven", "0", "0", "0,0%", "0", "0,0%"),
  ])

private func ratios(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("ratio")
}

@Suite struct RatioRuleTests {
  @Test func ratio_hoursPerClientExcludingBreakdown_fails() throws {
    let findings = ratios(gezinszorg)
    let f = try #require(findings.first { $0.row.last == "Gezinszorg (EXCL. KRAAMZORG)" })
    #expect(f.status == .fail)
    #expect(f.severity == .error)
    #expect(f.stated == Fixture.decimal("138,17"))
    #expect(f.computed == Fixture.decimal("139,93"))
    #expect(f.cells.count == 5)  // hours, Waarvan hours, clients, Waarvan clients, the average
    #expect(f.message.contains("Kraamzorg"))
  }

  @Test func ratio_breakdownItemAverage_passes() throws {
    let f = try #require(ratios(gezinszorg).first { $0.row.last == "Kraamzorg" })
    #expect(f.status == .pass)
  }

  @Test func ratio_averageRow_passes() throws {
    let f = try #require(ratios(poetshulp).first)
    #expect(f.status == .pass)
    #expect(f.message.contains("Aantal uren poetshulp"))
    #expect(f.message.contains("Aantal klanten poetshulp"))
  }

  @Test func ratio_averageRowWrong_fails() throws {
    var t = poetshulp
    t.rows[3].cells[1] = NormalizedCell(raw: "67,03", content: Fixture.parse("67,03"))
    let f = try #require(ratios(t).first)
    #expect(f.status == .fail)
  }

  @Test func ratio_spendingAndComparison_passAndFail() {
    let findings = ratios(budget)
    let spending = findings.filter { $0.column == ["% Besteding budget 2024"] }
    let comparison = findings.filter { $0.column == ["Jaarrekening 2024 t.o.v. 2023"] }
    #expect(spending.count == 4 && comparison.count == 4)
    #expect(spending[0].status == .pass)  // 85,80 %
    #expect(spending[1].status == .pass)  // 92,74 %
    #expect(spending[2].status == .pass)  // 1,18 %
    #expect(comparison[0].status == .pass)  // 103,92 %
    #expect(comparison[1].status == .fail)  // 108,28 % printed 108,5 %
  }

  @Test func ratio_zeroOverZero_skippedAsInfo() {
    let findings = ratios(budget)
    let last = findings.filter { $0.row == ["Financiering Uitgaven"] }
    #expect(last.count == 2)
    #expect(last.allSatisfy { $0.status == .skipped && $0.severity == .info })
  }

  @Test func ratio_zeroDenominatorWithFigure_skippedAsInfo() throws {
    let f = try #require(ratios(budget).first { $0.row == ["Investering Uitgaven"] && $0.column == ["Jaarrekening 2024 t.o.v. 2023"] })
    #expect(f.status == .skipped)
    #expect(f.severity == .info)
    #expect(f.message.contains("denominator is zero"))
  }

  @Test func ratio_quotientExactlyHalfwayPrintedRoundedDown_passesOnlyWithinRounding() throws {
    // 8 915 / 10 000 = 89,15 %: rounded half up that is 89,2, so a printed 89,1 is not exact.
    let t = Fixture.table(
      title: "Budgettaire onderbouwing",
      columns: [.label(""), .figure(["Budget 2024"], .eur), .figure(["Jaarrekening 2024"], .eur),
        .figure(["% Besteding budget 2024"], .percent)],
      rows: [.item("Investering Uitgaven", "10 000", "8 915", "89,1%"), .item("Exploitatie Uitgaven", "10 000", "8 915", "89,2%")])
    let findings = ratios(t)
    #expect(findings.map(\.status) == [.passWithinRounding, .pass])
    #expect(findings[0].computed == Fixture.decimal("89,2"))
  }

  @Test func ratio_staffWithinRounding_passesWithinRounding() throws {
    let staff = Fixture.table(
      title: "Onderbouwing personeel",
      columns: [.label("Onderbouwing personeel"), .figure(["Plan 2024"], .fte), .figure(["Betaald 2024"], .fte),
        .figure(["% Besteding plan 2024"], .percent), .figure(["Betaald 2023"], .fte), .figure(["Betaald 2024 t.o.v. 2023"], .percent)],
      rows: [.item("VTE", "13,20", "10,97", "83,1%", "11,80", "92,9%")])
    let findings = ratios(staff)
    #expect(findings.map(\.status) == [.pass, .passWithinRounding])
    #expect(findings[1].severity == .info)
  }
}

@Suite struct RatioPathTests {
  /// The normaliser names a Waarvan item's parent in its path: [group, parent, item].
  @Test func ratio_breakdownPathNamesParent_stillFindsGroup() throws {
    var t = gezinszorg
    for i in t.rows.indices where t.rows[i].parent != nil {
      let p = t.rows[i].parent!
      t.rows[i].path = t.rows[p].path + [t.rows[i].label]
    }
    let f = try #require(ratios(t).first { $0.row.last == "Gezinszorg (EXCL. KRAAMZORG)" })
    #expect(f.status == .fail)
    #expect(f.computed == Fixture.decimal("139,93"))
  }
}
