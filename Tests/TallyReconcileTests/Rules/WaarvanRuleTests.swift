import TallyCore
import Testing

@testable import TallyReconcile

@Suite struct WaarvanRuleTests {
  private let table = Fixture.table(
    title: "Personeel", columns: [.label(""), .figure(["KOPPEN"], .persons), .figure(["FTE"], .fte)],
    rows: [
      .item("A", "10 000", "6 000,00"), .total("TOTAAL", "10 891", "6 922,12"), .marker(),
      .waarvan("Ziekte < 1 maand", parent: 1, "390", "298,42"),
      .waarvan("Ziekte < 1 jaar", parent: 1, "468", "3 43,51"),
      .waarvan("Ziekte > 1 jaar", parent: 1, "1445", "0"),
    ])

  @Test func waarvan_itemsBelowParent_pass() {
    let findings = Reconciler().reconcile(Fixture.document([table])).of("waarvan")
    let heads = findings.filter { $0.column == ["KOPPEN"] }
    #expect(heads.count == 4)  // three items and their sum
    #expect(heads.allSatisfy { $0.status == .pass })
  }

  @Test func waarvan_malformedItem_sumSkipped() throws {
    let findings = Reconciler().reconcile(Fixture.document([table])).of("waarvan")
    let fte = findings.filter { $0.column == ["FTE"] }
    #expect(fte.filter { $0.status == .skipped }.count == 2)  // the item itself and the sum
    #expect(fte.filter { $0.status == .pass }.count == 2)
  }

  @Test func waarvan_itemExceedsParent_fails() throws {
    let t = Fixture.table(
      title: "Uren", columns: [.label(""), .figure(["UREN"], .hours)],
      rows: [.item("Gezinszorg", "158 334"), .marker(), .waarvan("Kraamzorg", parent: 0, "3 543 496")])
    let f = try #require(Reconciler().reconcile(Fixture.document([t])).of("waarvan").first)
    #expect(f.status == .fail)
    #expect(f.severity == .error)
    #expect(f.difference == Fixture.decimal("3 385 162"))
  }

  @Test func waarvan_sumExceedsParent_fails() throws {
    let t = Fixture.table(
      title: "Klanten", columns: [.label(""), .figure(["KLANTEN"], .clients)],
      rows: [.item("Totaal", "100"), .marker(), .waarvan("X", parent: 0, "60"), .waarvan("Y", parent: 0, "50")])
    let findings = Reconciler().reconcile(Fixture.document([t])).of("waarvan")
    #expect(findings.map(\.status) == [.pass, .pass, .fail])
  }

  @Test func waarvan_negativeRowWithPartOfOtherSign_notChecked() {
    // A decrease broken down into a larger decrease and a gain netted in: no part bounds it.
    let t = Fixture.table(
      title: "Kasstroom", columns: [.label(""), .figure(["BEDRAG"], .eur)],
      rows: [
        .item("Mutatie liquide middelen", "-6.202"), .marker(), .waarvan("Afname rekening courant", parent: 0, "-6.234"),
        .waarvan("Begrotingssaldo", parent: 0, "32"),
      ])
    #expect(Reconciler().reconcile(Fixture.document([t])).of("waarvan").isEmpty)
  }

  @Test func waarvan_withinRounding_info() throws {
    let t = Fixture.table(
      title: "Uren", columns: [.label(""), .figure(["UREN"], .hours)],
      rows: [.item("Alles", "100"), .marker(), .waarvan("Deel", parent: 0, "100,3")])
    let f = try #require(Reconciler().reconcile(Fixture.document([t])).of("waarvan").first)
    #expect(f.status == .passWithinRounding)
    #expect(f.severity == .info)
  }
}

@Suite struct WaarvanInferenceTests {
  @Test func waarvan_outlineParentWithoutMarker_notChecked() {
    let toc = Fixture.table(
      title: "Inhoud", columns: [.label(""), .figure(["Pagina"])],
      rows: [.item("1. Human resources", "4"), .waarvan("1.1. Aantal personeelsleden", parent: 0, "5")])
    #expect(Reconciler().reconcile(Fixture.document([toc])).of("waarvan").isEmpty)
  }
}
