import TallyCore
import Testing

@testable import TallyReconcile

/// A total printed under a unit note ("in k€") is summed at its scaled value; the message must
/// show that value next to the printed text, or the two sides of the message differ by the unit.
@Suite struct PrintedTotalMessageTests {
  @Test func printedTotal_scaledByUnitNote_showsScaledValueAfterText() {
    // "1738946" under "in k€": value 1 738 946 000, three decimals fewer than none.
    let stated = Operand(
      value: Fixture.decimal("1738946000"), decimals: -3, raw: "1738946")
    #expect(RuleContext.printed(stated) == "1738946 (= 1 738 946 000)")
  }

  @Test func printedTotal_unscaled_showsTextOnly() {
    let stated = Operand(value: Fixture.decimal("6 922,12"), decimals: 2, raw: "6 922,12")
    #expect(RuleContext.printed(stated) == "6 922,12")
  }
}
