import TallyCore
import Testing

@testable import TallyReconcile

private func percentSums(_ t: NormalizedTable) -> [Finding] {
  Reconciler().reconcile(Fixture.document([t])).of("percent_sum")
}

@Suite struct PercentSumBlockTests {
  @Test func percentSum_totalPrintedFirst_takesTheSharesBelowIt() throws {
    // The last share of the first side, then the second side with its total printed first.
    let t = Fixture.table(
      title: "Balans", columns: [.label(""), .figure(["Aandeel (%)"], .percent)],
      rows: [
        .item("Handelsvorderingen", "10,4"), .total("Totaal passiva", "100,0"), .item("Overlopende rekeningen", "2,7"),
        .item("Voorzieningen", "0,0"), .item("Schulden", "14,0"), .item("Leveranciers", "83,3"),
      ])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .pass)
    #expect(f.cells.count == 5)
  }

  @Test func percentSum_twoTotalRows_eachClosesItsOwnBlock() {
    let t = Fixture.table(
      title: "Balans", columns: [.label(""), .figure(["%"], .percent)],
      rows: [
        .item("Vaste activa", "30,0"), .item("Vlottende activa", "70,0"), .total("Totaal activa", "100,0"),
        .item("Eigen vermogen", "40,0"), .item("Schulden", "60,0"), .total("Totaal passiva", "100,0"),
      ])
    let found = percentSums(t)
    #expect(found.count == 2)
    #expect(found.allSatisfy { $0.status == .pass })
  }

  @Test func percentSum_waarvanShareAmongTheItems_isNoAlarm() throws {
    let t = Fixture.table(
      title: "Opleidingsuren", columns: [.label(""), .figure(["Aandeel (%)"], .percent)],
      rows: [
        .item("Ergotherapeuten", "68,74"), .item("waarvan eigen middelen", "33,68"), .item("waarvan projecten", "35,07"),
        .item("Verpleegkundigen", "2,78"), .item("Verzorgenden", "28,48"), .total("Totaal", "100,00"),
      ])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .fail)
    #expect(f.severity == .info)
    #expect(f.message.contains("waarvan"))
  }

  @Test func percentSum_groupShareBesideItsMembers_isNoAlarm() throws {
    // 'West' is the share of the three rows above it; counted with them, the shares pass 100.
    let t = Fixture.table(
      title: "Opbrengsten", columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [
        .item("Klusjes", "40,0 %"), .item("Poetsuren", "28,4 %"), .item("Dagopvang", "3,5 %"), .item("Kortverblijf", "18,6 %"),
        .item("Gezinszorg", "9,6 %"), .item("West", "31,6 %"), .total("TOTAAL", "100,0 %"),
      ])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .fail)
    #expect(f.severity == .info)
    #expect(f.message.contains("'West' is the subtotal"))
  }

  @Test func percentSum_totalRowAbove100_isARateColumnNotChecked() {
    let t = Fixture.table(
      title: "Reserves", columns: [.label(""), .figure(["%"], .percent)],
      rows: [.item("A", "81 %"), .item("B", "48 %"), .item("C", "42 %"), .total("Totaal", "141 %")])
    #expect(percentSums(t).isEmpty)
  }

  @Test func percentSum_onTimeRatesAndSharesOfARow_areRatesNotChecked() {
    for header in ["% tijdig", "Aandeel in rij (%)"] {
      let t = Fixture.table(
        title: "Werking", columns: [.label(""), .figure([header], .percent)],
        rows: [.item("A", "55,9"), .item("B", "0,0"), .item("C", "100,0")])
      #expect(percentSums(t).isEmpty, "\(header)")
    }
  }

  @Test func percentSum_tableSplitWhereItsHeaderRepeats_sharesOfBothPartsMeetTheTotal() throws {
    let first = Fixture.table(
      0, title: "Gepresteerde uren per maand", columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [.item("Verpleegkundigen", "1%"), .item("Stafmedewerkers", "35%"), .item("Leidinggevenden", "35%"), .item("Huishoudhulpen", "8%")])
    let second = Fixture.table(
      1, title: "Gepresteerde uren per maand", columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [.item("Ergotherapeuten", "9%"), .item("Administratief personeel", "12%"), .total("Algemeen totaal", "100%")])
    let found = Reconciler().reconcile(Fixture.document([first, second])).of("percent_sum")
    let f = try #require(found.first)
    #expect(found.count == 1)
    #expect(f.status == .pass)
    #expect(f.cells.count == 7)
  }

  @Test func percentSum_lastShareOf100WithoutATotalRow_closesTheBlock() throws {
    let t = Fixture.table(
      title: "Uren", columns: [.label(""), .figure(["Aandeel"], .percent)],
      rows: [.item("Ergotherapeuten", "9%"), .item("Administratief personeel", "12%"), .item("Verpleegkundigen", "79%"), .item("Algemeen", "100%")])
    let f = try #require(percentSums(t).first)
    #expect(f.status == .pass)
    #expect(f.message.contains("against the total row"))
  }
}
