import TallyCore
import Testing

@testable import TallyReconcile

/// The cross-table pairing finds its pairs through indexes (subject and unit, measure stems,
/// titles, sections) instead of walking every pair of figures: these tests pin that it does the
/// same as the plain walk, and that its work grows with the pairs that can match, not with the
/// square of the tables. No times are measured: the pairing counts its comparisons.

/// The plain definition, pair by pair: the reference the indexed pairing must match.
private func referencePairs(_ figures: [CrossTableRule.Figure], minOverlap: Int) -> [(Int, Int)] {
  var best: [String: (Int, Int, Int)] = [:]
  var order: [String] = []
  for i in figures.indices {
    for j in figures.indices where j > i {
      let (a, b) = (figures[i], figures[j])
      guard a.table < b.table, a.subject == b.subject, a.unit == b.unit else { continue }
      if !a.isRowFigure && !b.isRowFigure { continue }
      if a.isRowFigure && b.isRowFigure
        && ((!(a.titleWords.isEmpty && b.titleWords.isEmpty)
          && Words.overlapPercent(a.titleWords, b.titleWords) < minOverlap)
          || (a.section != nil && b.section != nil && a.section != b.section))
      {
        continue
      }
      let score = Words.overlapPercent(a.measure, b.measure)
      guard score >= minOverlap else { continue }
      let key = "\(a.table)|\(b.table)|\(a.subject)|\(a.unit.rawValue)"
      if let current = best[key] {
        if score > current.2 { best[key] = (i, j, score) }
      } else {
        best[key] = (i, j, score)
        order.append(key)
      }
    }
  }
  // Per table and subject-unit: its nearest partner table (the earlier of two as near).
  var nearest: [String: Int] = [:]
  for key in order {
    let (i, j, _) = best[key]!
    let (a, b) = (figures[i], figures[j])
    for (t, u) in [(a.table, b.table), (b.table, a.table)] {
      let k = "\(t)|\(a.subject)|\(a.unit.rawValue)"
      if let n = nearest[k], abs(n - t) < abs(u - t) || (abs(n - t) == abs(u - t) && n < u) { continue }
      nearest[k] = u
    }
  }
  return order.map { best[$0]! }.filter { i, j, _ in
    let (a, b) = (figures[i], figures[j])
    return nearest["\(a.table)|\(a.subject)|\(a.unit.rawValue)"] == b.table
      || nearest["\(b.table)|\(a.subject)|\(a.unit.rawValue)"] == a.table
  }.map { ($0.0, $0.1) }
}

private func figures(_ tables: [NormalizedTable]) -> [CrossTableRule.Figure] {
  let settings = ReconcileSettings()
  let context = RuleContext(settings: settings, document: Fixture.document(tables))
  return CrossTableRule(settings: settings).figures(context.views, stops: context.stopTokens)
}

/// A deterministic generator (64-bit LCG) for varied documents.
private struct Generator {
  var state: UInt64
  mutating func next(_ n: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(n))
  }
  mutating func pick<T>(_ xs: [T]) -> T { xs[next(xs.count)] }
}

/// Tables that share subjects, measure words (with stems: "klant" / "klanten"), titles and
/// sections in every combination the pairing distinguishes.
private func variedTables(count: Int, seed: UInt64) -> [NormalizedTable] {
  var g = Generator(state: seed)
  let titles = [
    "Oppashulp", "Gezinszorg", "2.1. Uren gepresteerd bij klanten", "2.2. Geholpen klanten",
    "Uren gepresteerd bij klanten", "Klanten en uren per dienst in de regio", "", "3. Personeel",
  ]
  let labels = ["Oppashulp", "Gezinszorg", "Dienstencheques", "Klant", "Personeel (incl. interim)"]
  let headers = [["UREN"], ["AANTAL KLANTEN"], ["KLANT"], ["GEPRESTEERDE UREN BIJ KLANTEN"], ["TOTAAL"]]
  let groups = ["AANTAL UREN", "AANTAL KLANTEN", "UREN GEPRESTEERD DOOR"]
  let units: [UnitKind] = [.hours, .clients, .number]
  return (0..<count).map { _ in
    let header = g.pick(headers)
    let unit = g.pick(units)
    var rows: [Fixture.Row] = []
    for _ in 0..<(1 + g.next(4)) {
      if g.next(4) == 0 { rows.append(.group(g.pick(groups))) }
      rows.append(.item(g.pick(labels), "\(1 + g.next(900))", unit: g.next(3) == 0 ? g.pick(units) : nil))
    }
    if g.next(2) == 0 { rows.append(.total("TOTAAL", "\(1 + g.next(900))")) }
    let title = g.pick(titles)
    return Fixture.table(
      title: title.isEmpty ? nil : title, columns: [.label(""), .figure(header, unit, header == ["TOTAAL"] ? .total : .item)],
      rows: rows)
  }
}

@Suite struct CrossTableScalingTests {
  @Test func crossTablePairs_sameTitledTablesInEveryChapter_neverPairedWithEachOther() {
    // 300 chapters each print a table titled after one subject with the same row: two tables of
    // one kind, not one figure printed twice; no check, so no warning flood.
    let tables = (0..<300).map { k in
      Fixture.table(
        title: "\(k + 1). Autofinancieringsmarge", columns: [.label(""), .figure(["Budget 2024"], .eur)],
        rows: [.item("Bibliotheek", "\(1000 + k)")])
    }
    let result = CrossTableRule.pairs(figures(tables), minOverlap: 50)
    #expect(result.pairs.isEmpty)
    #expect(result.evaluations <= 2 * tables.count)
  }

  @Test func crossTablePairs_figureRepeatedInManyTables_checkedAgainstNeighbourOnly() {
    // 50 untitled-section tables of the same title print row "Oppashulp": every two would pair
    // (1 225 checks); each is checked against its nearest neighbour only (49 checks).
    let tables = (0..<50).map { k in
      Fixture.table(
        title: "Uren per dienst", columns: [.label(""), .figure(["UREN"], .hours)], rows: [.item("Oppashulp", "\(500 + k)")])
    }
    let all = figures(tables)
    let pairs = CrossTableRule.pairs(all, minOverlap: 50).pairs
    #expect(pairs.count == 49)
    #expect(pairs.allSatisfy { all[$0.1].table == all[$0.0].table + 1 })
  }

  @Test func crossTablePairs_variedDocuments_sameAsPairByPair() {
    var compared = 0
    for seed in UInt64(1)...UInt64(12) {
      let all = figures(variedTables(count: 40, seed: seed))
      for minOverlap in [1, 50, 100] {
        let indexed = CrossTableRule.pairs(all, minOverlap: minOverlap).pairs
        let plain = referencePairs(all, minOverlap: minOverlap)
        compared += plain.count
        #expect(indexed.map(\.0) == plain.map(\.0), "seed \(seed), min overlap \(minOverlap)")
        #expect(indexed.map(\.1) == plain.map(\.1), "seed \(seed), min overlap \(minOverlap)")
      }
    }
    // The documents do pair: hundreds of pairs were compared, not zero against zero.
    #expect(compared >= 300)
  }

  @Test func crossTablePairs_2000NumberedSectionsSameRows_comparisonsBounded() {
    // Every table has the same rows and measure, under its own numbered section: the walk pair by
    // pair scores 2000 x 1999 / 2 pairs of tables per row; none may pair.
    let tables = (0..<2000).map { k in
      Fixture.table(
        title: "\(k + 1). Uren en klanten per dienst in de regio", columns: [.label(""), .figure(["UREN"], .hours)],
        rows: [.item("Gezinszorg", "1 000"), .item("Oppashulp", "500"), .total("TOTAAL", "1 500")])
    }
    let all = figures(tables)
    #expect(all.count == 6000)
    let result = CrossTableRule.pairs(all, minOverlap: 50)
    #expect(result.pairs.isEmpty)
    #expect(result.evaluations <= 2 * tables.count)
  }

  @Test func crossTablePairs_2000TablesInPairs_comparisonsGrowWithPairs() {
    // Tables two by two under the same title of five made-up words (too long to be a subject);
    // titles of different pairs share no word. 1000 pairs of tables to report, each found by a
    // bounded search.
    let letters = Array("bcdfghjklmnpqrstvwxz")
    func word(_ n: Int) -> String {
      "q" + String(letters[n % 20]) + String(letters[(n / 20) % 20]) + String(letters[(n / 400) % 20])
    }
    let tables = (0..<2000).map { k in
      Fixture.table(
        title: (0..<5).map { word(5 * (k / 2) + $0) }.joined(separator: " "), columns: [.label(""), .figure(["UREN"], .hours)],
        rows: [.item("Gezinszorg", "1 000"), .item("Oppashulp", "500"), .total("TOTAAL", "1 500")])
    }
    let all = figures(tables)
    let result = CrossTableRule.pairs(all, minOverlap: 50)
    // Per pair of tables, each of the three rows pairs once.
    #expect(result.pairs.count == 3000)
    #expect(result.evaluations <= 20 * tables.count)
    let findings = Reconciler().reconcile(Fixture.document(tables)).of("cross_table")
    #expect(findings.count == 3000)
    #expect(findings.allSatisfy { $0.status == .pass })
  }
}

