import TallyCore
import Testing

@testable import TallyReconcile

private func relations(_ tables: NormalizedTable...) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables)).of("unlabelled_relation")
}

/// Project budgets whose header was lost: the third figure column is the sum of the first two.
private func projects(_ rows: [Fixture.Row]) -> NormalizedTable {
  Fixture.table(
    title: "Projecten", columns: [.label(""), .figure([""]), .figure([""]), .figure([""])], rows: rows)
}

@Suite struct UnlabelledRelationRuleTests {
  @Test func unlabelledColumn_sumOfItsLeftNeighbours_passesInEveryRow() {
    let findings = relations(
      projects([
        .item("Lening", "96,2", "32,1", "128,3"),
        .item("Premie", "104,3", "34,8", "139,0"),
        .item("Begeleiding", "32,8", "10,9", "43,7"),
      ]))
    let columns = findings.filter { $0.message.hasPrefix("unlabelled column") }
    #expect(columns.count == 3)
    #expect(columns.allSatisfy { $0.status == .pass || $0.status == .passWithinRounding })
  }

  @Test func unlabelledColumn_oneRowOff_isACorroboratedError() throws {
    let findings = relations(
      projects([
        .item("Lening", "96,2", "32,1", "128,3"),
        .item("Premie", "104,3", "34,8", "149,0"),
        .item("Begeleiding", "32,8", "10,9", "43,7"),
        .item("Ecoboost", "7,9", "2,6", "10,5"),
        .item("Fiets", "160,0", "53,3", "213,3"),
      ]))
    let failed = findings.filter { $0.status == .fail }
    let f = try #require(failed.first)
    #expect(failed.count == 1)
    #expect(f.row == ["Premie"])
    #expect(f.severity == .error)
    #expect(f.message.contains("holds in 4 other rows"))
  }

  @Test func unlabelledColumn_differenceOfTwoColumns_isChecked() {
    let t = Fixture.table(
      title: "Belastingen",
      columns: [.label(""), .figure(["raming 2023"]), .figure(["raming 2024"]), .figure(["mutatie"])],
      rows: [
        .item("OZB", "8 493", "8 764", "271"), .item("Honden", "194", "200", "6"),
        .item("Toerisme", "2 430", "2 508", "78"), .item("Afval", "5 380", "5 716", "336"),
      ])
    let findings = relations(t)
    #expect(findings.count == 4)
    #expect(findings.allSatisfy { $0.status == .pass && $0.message.contains("'raming 2024' − 'raming 2023'") })
  }

  @Test func unlabelledColumn_holdsInTooFewRows_noCheck() {
    let findings = relations(
      projects([
        .item("Lening", "96,2", "32,1", "128,3"),
        .item("Premie", "104,3", "34,8", "7,0"),
        .item("Begeleiding", "32,8", "10,9", "12,0"),
      ]))
    #expect(findings.isEmpty)
  }

  @Test func unlabelledColumn_repeatedFiguresAreOnePlace_noCheck() {
    // Three rows printing the same figures are one piece of evidence, not three.
    let findings = relations(
      projects([
        .item("A", "200", "500", "700"), .item("B", "200", "500", "700"), .item("C", "200", "500", "700"),
      ]))
    #expect(findings.isEmpty)
  }

  @Test func unlabelledRow_sumOfTheRowsAbove_holdsInEveryColumn() {
    let t = Fixture.table(
      title: "Fondsen", columns: [.label(""), .figure(["A"]), .figure(["B"]), .figure(["Totaal"])],
      rows: [
        .item("Eindsaldo 2025", "213,8", "32,6", "246,4"), .item("Beginsaldo 2026", "180,2", "58,1", "238,3"),
        .item("Ontvangsten", "40,0", "264,5", "304,5"), .item("Uitgaven", "-37,4", "-11,3", "-48,7"),
        .item("Desaffectatie", "-2,6", "-252,8", "-255,4"), .item("Eindsaldo 2026", "180,2", "58,5", "238,7"),
      ])
    let rows = relations(t).filter { $0.message.hasPrefix("unlabelled row 'Eindsaldo 2026'") }
    #expect(rows.count == 3)
    #expect(rows.allSatisfy { $0.status != .fail && $0.message.contains("'Beginsaldo 2026' + 'Ontvangsten'") })
  }

  @Test func unlabelledRow_labelledTotal_isLeftToRowTotal() {
    let t = Fixture.table(
      title: "T", columns: [.label(""), .figure(["A"]), .figure(["B"])],
      rows: [.item("x", "1", "2"), .item("y", "4", "5"), .total("Totaal", "5", "7")])
    #expect(relations(t).filter { $0.message.hasPrefix("unlabelled row") }.isEmpty)
  }

  @Test func unlabelledColumn_dashWhereTheDifferenceIsZero_passesAsZero() throws {
    let t = Fixture.table(
      title: "Project",
      columns: [.label(""), .figure(["aangepast"]), .figure(["vereffend"]), .figure(["nog te vereffenen"])],
      rows: [
        .item("Premie", "51,0", "51,0", "-"), .item("Gebouwen", "24,1", "11,3", "12,8"),
        .item("Scholen", "25,5", "2,2", "23,3"), .item("Zorg", "24,0", "4,8", "19,2"),
      ])
    let premie = try #require(relations(t).first { $0.row == ["Premie"] })
    #expect(premie.status == .pass)
    #expect(premie.stated?.isZero == true)
  }

  @Test func unlabelledRow_totalPrintedAboveItsItems_isChecked() {
    let t = Fixture.table(
      title: "Winst en verlies", columns: [.label(""), .figure(["2023"]), .figure(["2022"])],
      rows: [
        .item("Opbrengsten", "24400,04", "4979,99"), .item("Giften", "20380,00", "3690,00"),
        .item("Bijdragen", "3300,00", "1000,00"), .item("Overig", "720,00", "289,98"), .item("Rente", "0,04", "0,01"),
      ])
    let top = relations(t).filter { $0.row == ["Opbrengsten"] }
    #expect(top.count == 2)
    #expect(top.allSatisfy { $0.status == .pass })
  }

  @Test func unlabelledRow_headingPrintingItsBlockTotals_isChecked() {
    let t = Fixture.table(
      title: "Subsidies", columns: [.label(""), .figure(["2026"]), .figure(["2027"])],
      rows: [
        .item("Beleidsdomein milieu", "1 000 000", "900 000"), .item("project a", "200 000", "100 000"),
        .item("project b", "500 000", "500 000"), .total("Totaal :", "700 000", "600 000"),
        .item("project c", "300 000", "300 000"), .total("Totaal :", "300 000", "300 000"),
      ])
    let heading = relations(t).filter { $0.row == ["Beleidsdomein milieu"] }
    #expect(heading.count == 2)
    #expect(heading.allSatisfy { $0.status == .pass && $0.message.contains("'Totaal :' + 'Totaal :'") })
  }
}

/// Tables of figures that partly add up, with blanks, dashes, percentages, text and mixed
/// decimals: every cell kind the readings treat differently. Seeded, so a failure repeats.
private func mixedTables(seed: UInt64, count: Int) -> [NormalizedTable] {
  var state = seed
  func next(_ n: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(n))
  }
  func figure(_ units: Int, decimals: Int) -> String {
    let text = String(abs(units))
    let padded = String(repeating: "0", count: max(0, decimals + 1 - text.count)) + text
    let whole = padded.dropLast(decimals)
    return (units < 0 ? "-" : "") + whole + (decimals > 0 ? "," + padded.suffix(decimals) : "")
  }
  return (0..<count).map { _ in
    let columns = 3 + next(4)
    let decimals = next(3)
    var rows: [Fixture.Row] = []
    var sums = [Int](repeating: 0, count: columns)
    for r in 0..<(3 + next(7)) {
      var units = (0..<(columns - 1)).map { _ in next(4) == 0 ? 0 : next(20_000) - 2_000 }
      // The last column adds up the others, now and then off by a little.
      units.append(units.reduce(0, +) + (next(6) == 0 ? next(3) - 1 : 0))
      for c in units.indices { sums[c] += units[c] }
      let cells = units.enumerated().map { c, u -> String in
        switch next(30) {
        case 0: ""
        case 1: u == 0 ? "-" : "–"
        case 2: "12,5 %"
        case 3: "#n.v.t."
        default: figure(u, decimals: next(5) == 0 ? max(0, decimals - 1) : decimals)
        }
      }
      rows.append(Fixture.Row(label: "regel \(r)", cells: cells))
    }
    // A row adding up the rows above, unlabelled.
    rows.append(Fixture.Row(label: "slot", cells: sums.map { figure($0, decimals: decimals) }))
    return Fixture.table(
      title: "Tabel", columns: [.label("")] + (0..<columns).map { _ in .figure([""]) }, rows: rows)
  }
}

extension UnlabelledRelationRuleTests {
  @Test func figureGrid_findsTheReadingsOfTheCellByCellPath() {
    let settings = ReconcileSettings()
    let context = RuleContext(settings: settings, document: Fixture.document(mixedTables(seed: 18, count: 300)))
    var compared = 0
    var found = 0
    for view in context.views {
      for axis in UnlabelledRelationRule.axes(view, settings: settings) {
        let grid = UnlabelledRelationRule.FigureGrid(view, axis: axis)
        #expect(grid != nil)
        for (position, target) in axis.lines.enumerated() where axis.targets.contains(target) {
          let fast = UnlabelledRelationRule.bestReading(view, axis: axis, grid: grid, target: target, position: position)
          let slow = UnlabelledRelationRule.bestReadingByCells(view, axis: axis, target: target, position: position)
          compared += 1
          if slow != nil { found += 1 }
          #expect(fast?.holds == slow?.holds && fast?.fails == slow?.fails)
          #expect(fast.map { $0.reading.terms.map { "\($0.line)\($0.minus)" } } == slow.map { $0.reading.terms.map { "\($0.line)\($0.minus)" } })
        }
      }
    }
    // The tables must exercise both outcomes.
    #expect(compared > 500, "\(compared) targets compared")
    #expect(found > 50 && found < compared, "\(found) of \(compared) with a reading")
  }
}
