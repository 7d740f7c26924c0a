import TallyCore
import Testing

@testable import TallyReconcile

/// One misprinted cell breaks both its row's total and its column's total.
let services = Fixture.table(
  title: "Uren per dienst en regio",
  columns: [.label(""), .figure(["NOORD"], .hours), .figure(["ZUID"], .hours), .figure(["TOTAAL"], .hours, .total)],
  rows: [
    // ZUID of Gezinszorg is printed 155 instead of 145.
    .item("Gezinszorg", "20", "155", "165"),
    .item("Poetshulp", "50", "60", "110"),
    .total("TOTAAL", "70", "205", "275"),
  ])

@Suite struct SharedCauseTests {
  @Test func hint_cellEditExplainingRowAndColumnTotal_rankedFirstInBoth() throws {
    let failures = Reconciler().reconcile(Fixture.document([services])).filter { $0.status == .fail }
    #expect(failures.count == 2)
    for f in failures {
      let hint = try #require(f.hint)
      let first = try #require(hint.split(separator: ";").first)
      // Without the other failure, "20 read as 10" (an earlier cell) would come first in the row's hint.
      #expect(first.contains("155 read as 145"), "\(hint)")
      #expect(first.contains("also explains the failed"), "\(hint)")
    }
  }

  @Test func hint_editExplainingOneCheckOnly_keepsItsRank() throws {
    // Without the TOTAAL row only the row's total fails: the earlier cell's typo stays first.
    var t = services
    t.rows.removeLast()
    let failures = Reconciler().reconcile(Fixture.document([t])).filter { $0.status == .fail }
    let f = try #require(failures.first)
    #expect(failures.count == 1)
    #expect(f.hint?.contains("also explains") == false)
    #expect(f.hint?.split(separator: ";").first?.contains("20 read as 10") == true, "\(f.hint ?? "")")
  }
}
