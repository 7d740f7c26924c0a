import TallyCore
import Testing

@testable import TallyReconcile

/// Every pairing of a few factors and printed products across magnitudes and decimals, in one
/// table: volume, price, printed amount.
private func grid() -> TableView {
  let volumes = ["2 488", "1", "0,5", "12,5", "844"]
  let prices = ["48,20", "0,01", "1 000", "3", "144,95"]
  let amounts = [
    "0,01", "0,5", "1", "7", "12", "119,92", "120", "1 199", "119 925", "120 000", "0,12", "1,2", "122,34",
    "122 340", "3 000", "1 000", "0,03", "-119,92", "360 636", "360,64", "40 681", "40,68", "0,84",
  ]
  var rows: [Fixture.Row] = []
  for v in volumes {
    for p in prices {
      for a in amounts { rows.append(.item("\(v) × \(p) ≈ \(a)", v, p, a)) }
    }
  }
  let table = Fixture.table(
    title: "Volume en prijs",
    columns: [.label(""), .figure(["Volume"], .count), .figure(["Eenheidsprijs"], .eur), .figure(["Bedrag"], .eur)],
    rows: rows)
  return TableView(table, settings: ReconcileSettings())
}

@Suite struct ProductMagnitudeTests {
  @Test func leading_longAndShortFigures_bracketTheValueByNineDigits() throws {
    // 1 234 567 890 123,45: ten more digits than nine are cut.
    let long = try #require(MagnitudeBounds.Leading(ExactDecimal(units: 123_456_789_012_345, scale: 2)))
    #expect(long == MagnitudeBounds.Leading(digits: 123_456_789, exponent: 4))
    let short = try #require(MagnitudeBounds.Leading(ExactDecimal(units: -4820, scale: 2)))
    #expect(short == MagnitudeBounds.Leading(digits: 4820, exponent: -2))
    #expect(MagnitudeBounds.Leading(ExactDecimal.zero) == nil)
  }

  @Test func atMost_valuesAtDifferentPowers_compareAsNumbers() {
    #expect(MagnitudeBounds.atMost(5, 3, 50, 2))  // 5 000 ≤ 5 000
    #expect(!MagnitudeBounds.atMost(51, 2, 5, 3))  // 5 100 > 5 000
    #expect(MagnitudeBounds.atMost(999, 0, 1, 3))
    #expect(!MagnitudeBounds.atMost(1, 3, 999, 0))
    #expect(MagnitudeBounds.atMost(0, 9, 1, -9))
  }

  @Test func possibleHolds_amountInThousands_onlyTheThousandthFactorAdmitsTheRow() throws {
    // 2 488 × 48,20 in thousands is printed 119,92: 10⁻³ fits, no other factor.
    let bounds = try #require(MagnitudeBounds(stated: ExactDecimal(units: 11992, scale: 2), decimals: 2))
    let counts = MagnitudeBounds.possibleHolds(
      [bounds], [MagnitudeBounds.Leading(ExactDecimal(2488))], [MagnitudeBounds.Leading(ExactDecimal(units: 4820, scale: 2))])
    #expect(counts == [0, 1, 0, 0, 0])
  }

  @Test func possibleHolds_similarMagnitudesThatDoNotMultiply_admitNothing() throws {
    // 1 204 300 × 3 543 495 · 10⁻⁶ is more than twice a printed 1 612 004; no other factor comes near.
    let bounds = try #require(MagnitudeBounds(stated: ExactDecimal(1_612_004), decimals: 0))
    let counts = MagnitudeBounds.possibleHolds(
      [bounds], [MagnitudeBounds.Leading(ExactDecimal(1_204_300))], [MagnitudeBounds.Leading(ExactDecimal(3_543_495))])
    #expect(counts == [0, 0, 0, 0, 0])
  }

  @Test func bounds_everyRowThatHolds_isAdmitted() {
    // The bound must never drop a row the exact comparison lets hold (else the search changes).
    let view = grid()
    var holds = 0
    var rejected = 0
    for row in view.dataRows {
      let bounds = MagnitudeBounds.of(view, row: row, product: 3)
      let a = MagnitudeBounds.leading(view, row: row, column: 1)
      let b = MagnitudeBounds.leading(view, row: row, column: 2)
      for (f, factor) in ProductRule.factors.enumerated() {
        var admitted = false
        if let bounds, let a, let b { admitted = bounds.admits(a, b, exponent: ProductRule.factorExponents[f]) }
        if !admitted { rejected += 1 }
        guard let operands = ProductRule.RowOperands(view, row: row, product: 3, a: 1, b: 2),
          let (_, stated, comparison) = operands.compared(at: factor),
          comparison.status != .fail, !stated.value.isZero
        else { continue }
        holds += 1
        #expect(admitted, "row '\(view.rows[row].label)' holds at factor \(factor) but is not admitted")
      }
    }
    #expect(holds >= 8)
    #expect(rejected >= 100)
  }
}
