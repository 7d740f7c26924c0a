import TallyCore
import Testing

@testable import TallyReconcile

/// A subtotal printed wrong (160 where its items give 150) and carried into the result row,
/// which the second column confirms.
private let carried = Fixture.table(
  title: "Exploitatie",
  columns: [.label(""), .figure(["2024"], .eur), .figure(["2023"], .eur)],
  rows: [
    .item("Subsidies", "100", "110"),
    .item("Bijdragen", "50", "40"),
    .subtotal("Totaal baten", "160", "150"),
    .item("Personeel", "90", "95"),
    .item("Huur", "20", "25"),
    .subtotal("Totaal lasten", "110", "120"),
    .total("Saldo baten en lasten", "40", "30"),
  ])

private func failure(_ index: Int, _ difference: String, cells: [String], table: Int = 0) -> Localisation.Failure {
  let refs = cells.map { CellReference(table: table, page: 1, row: [$0], column: ["x"], raw: $0, bbox: nil) }
  return Localisation.Failure(
    index: index, difference: Fixture.decimal(difference), tolerance: ExactDecimal(0), cells: refs)
}

/// `services` (SharedCauseTests): ZUID of Gezinszorg is printed 155 where 145 fits, breaking both
/// its row's total and its column's total.
@Suite struct LocalisationTests {
  @Test func crossFooting_oneCellExplainsRowAndColumn_reportedOnceAsError() throws {
    let failed = Reconciler().reconcile(Fixture.document([services])).failures
    let localised = failed.filter { $0.message.contains("localised: '155'") }
    let f = try #require(localised.first)
    let fit = try #require(Fixture.sum("165", "-20"))
    #expect(localised.count == 1)
    #expect(f.severity == .error)
    #expect(f.message.contains("\(Format.dutch(fit)) would fit"), "\(f.message)")
    let others = failed.filter { $0 != f }
    #expect(!others.isEmpty)
    #expect(others.allSatisfy { $0.severity == .info && $0.message.contains("explained by the figure '155'") })
  }

  @Test func carriedSubtotal_localisedOnTheSubtotal() throws {
    let failed = Reconciler().reconcile(Fixture.document([carried])).failures
    let f = try #require(failed.first { $0.message.contains("localised:") })
    let fit = try #require(Fixture.sum("100", "50"))
    #expect(f.row.last == "Totaal baten")
    #expect(f.severity == .error)
    #expect(f.message.contains("'160'"))
    #expect(f.message.contains("\(Format.dutch(fit)) would fit"), "\(f.message)")
    #expect(failed.filter { $0 != f }.allSatisfy { $0.severity == .info })
  }

  @Test func localise_noSumOfTheTableHolds_localisesNothing() {
    // Two failed sums share '17' and one change of it fits both, but no sum of the table holds
    // (page numbers of a table of contents): nothing is claimed.
    func finding(_ total: String, _ item: String, difference: String, status: CheckStatus = .fail) -> Finding {
      let cells = [item, total].map { CellReference(table: 0, page: 2, row: [$0], column: [], raw: $0, bbox: nil) }
      return Finding(
        rule: "rollup", kind: "rollup", status: status, severity: .info, page: 2, table: 0, tableTitle: nil,
        difference: Fixture.decimal(difference), tolerance: Fixture.decimal("1"), cells: cells, message: "m")
    }
    let failed = [finding("17", "x", difference: "37"), finding("y", "17", difference: "-37")]
    var alone = failed
    Localisation.localise(&alone, views: [], settings: ReconcileSettings())
    #expect(alone == failed)
    var supported = failed + [finding("a", "b", difference: "0", status: .pass)]
    Localisation.localise(&supported, views: [], settings: ReconcileSettings())
    #expect(supported[0].severity == .error)
    #expect(supported[1].severity == .info)
    #expect(supported[0].message.contains("localised: '17'"))
  }

  @Test func culprits_twoCellsExplainingTheSameFailures_tieLocalisesNothing() {
    let failures = [failure(0, "10", cells: ["a", "b", "t1"]), failure(1, "10", cells: ["a", "b", "t2"])]
    #expect(Localisation.culprits(failures).isEmpty)
  }

  @Test func culprits_oneTotalCheckedTwice_isNoCorroboration() {
    let failures = [failure(0, "10", cells: ["a", "t"]), failure(1, "10", cells: ["b", "t"])]
    #expect(Localisation.culprits(failures).isEmpty)
  }

  @Test func culprits_gapsThatDiffer_localiseNothing() {
    let failures = [failure(0, "10", cells: ["a", "t1"]), failure(1, "7", cells: ["a", "t2"])]
    #expect(Localisation.culprits(failures).isEmpty)
  }

  @Test func culprits_sharedCellWithEqualGaps_isTheCulprit() throws {
    let failures = [failure(0, "10", cells: ["a", "b", "t1"]), failure(1, "10", cells: ["a", "c", "t2"])]
    let c = try #require(Localisation.culprits(failures).first)
    #expect(c.cell.raw == "a")
    #expect(Set(c.explains) == [0, 1])
  }
}
