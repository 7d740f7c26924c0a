import TallyCore
import Testing

@testable import TallyReconcile

private func op(_ text: String, exact: Bool = false) -> Operand {
  guard case .number(let n) = Fixture.parse(text) else { fatalError(text) }
  return Operand(value: n.value, decimals: n.decimals, isExact: exact, raw: text)
}

@Suite struct ArithmeticTests {
  @Test func sum_thirdsWithOneDecimal_passWithinRounding() throws {
    let c = try Arithmetic.sum([op("33,3"), op("33,3"), op("33,3")], against: op("100", exact: true)).get()
    #expect(c.status == .passWithinRounding)
    #expect(c.difference == Fixture.decimal("-0,1"))
  }

  /// Whole counts are exact, so 33 + 33 + 33 cannot make 100. (Rounded whole percentages would:
  /// [32,5; 33,5] × 3 = [97,5; 100,5] holds 100, and Calc 1.1 accepts them.)
  @Test func sum_wholeCountThirds_fails() throws {
    let c = try Arithmetic.sum([op("33", exact: true), op("33", exact: true), op("33", exact: true)], against: op("100", exact: true)).get()
    #expect(c.status == .fail)
  }

  @Test func sum_thirdsThroughPercentSumRule_passWithinRoundingAndWholeCountsFail() {
    let shares = Fixture.table(
      title: "Verdeling", columns: [.label(""), .figure(["% van de klanten"], .percent)],
      rows: [.item("A", "33,3%"), .item("B", "33,3%"), .item("C", "33,3%")])
    let counts = Fixture.table(
      title: "Personen", columns: [.label(""), .figure(["AANTAL"], .persons)],
      rows: [.item("A", "33"), .item("B", "33"), .item("C", "33"), .total("TOTAAL", "100")])
    let findings = Reconciler().reconcile(Fixture.document([shares, counts]))
    #expect(findings.of("percent_sum").map(\.status) == [.passWithinRounding])
    #expect(findings.of("row_total").map(\.status) == [.fail])
  }

  @Test func sum_millionsExample_consistentUnderCalc11() throws {
    let c = try Arithmetic.sum([op("12,1"), op("45,4")], against: op("57,6")).get()
    #expect(c.status == .passWithinRounding)
  }

  @Test func ratio_averageRoundedCorrectly_passes() throws {
    let n = op("1 227 270", exact: false)
    let d = op("13 237", exact: true)
    let c = try Arithmetic.ratio(
      numerator: (n.value, n.interval!), denominator: (d.value, d.interval!), stated: op("92,72"),
      factor: ExactDecimal(1)
    ).get()
    #expect(c.status == .pass)
    #expect(c.computed == Fixture.decimal("92,72"))  // at the printed decimals
  }

  @Test func ratio_zeroDenominator_reportsZero() {
    let n = op("434")
    let d = op("0")
    let r = Arithmetic.ratio(numerator: (n.value, n.interval!), denominator: (d.value, d.interval!), stated: op("0,0"), factor: ExactDecimal(100))
    guard case .failure(.zeroDenominator) = r else {
      Issue.record("expected zero denominator")
      return
    }
  }

  @Test func divide_roundsHalfAwayFromZero() {
    #expect(Arithmetic.divide(Fixture.decimal("2"), by: Fixture.decimal("3"), places: 2) == Fixture.decimal("0,67"))
    #expect(Arithmetic.divide(Fixture.decimal("-1"), by: Fixture.decimal("8"), places: 2) == Fixture.decimal("-0,13"))
  }

  @Test func format_dutch_groupsThousandsWithSpaces() {
    #expect(Format.dutch(Fixture.decimal("6 911 564,92")) == "6 911 564,92")
    #expect(Format.dutch(Fixture.decimal("-1 234")) == "−1 234")
  }
}
