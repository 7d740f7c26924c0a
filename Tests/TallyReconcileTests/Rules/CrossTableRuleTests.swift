import TallyCore
import Testing

@testable import TallyReconcile

/// Hours by service.
private let hours = Fixture.table(
  title: "2.1. Uren gepresteerd bij klanten",
  columns: [.label(""), .figure(["AANTAL UREN GEPRESTEERD BIJ KLANTEN"], .hours)],
  rows: [
    .item("Gezinszorg (INCL. KRAAMZORG)", "3 543 495,67"), .item("Oppashulp", "579 665,35"),
    .item("Dienstencheques", "1 227 270,00"), .total("TOTAAL", "5 350 431,02"),
  ])

/// Clients by service.
private let clients = Fixture.table(
  title: "2.2. Geholpen klanten", columns: [.label(""), .figure(["GEHOLPEN KLANTEN"], .clients)],
  rows: [.item("Gezinszorg (INCL. KRAAMZORG)", "29 551"), .item("Oppashulp", "3 058"), .total("TOTAAL", "32 609")])

/// A service's own table: hours and clients split over two kinds of service, plus staff hours.
private let oppashulp = Fixture.table(
  title: "2.7. Oppashulp", columns: [.label(""), .figure(["TOTAAL"], .number, .total)],
  rows: [
    .group("AANTAL GEPRESTEERDE UREN BIJ KLANTEN"),
    .item("Professionele oppashulp", "56 030", unit: .hours), .item("Vrijwillige oppashulp", "523 636", unit: .hours),
    .group("AANTAL KLANTEN"),
    .item("Professionele oppashulp", "628", unit: .clients), .item("Vrijwillige oppashulp", "2 430", unit: .clients),
    .group("UREN GEPRESTEERD DOOR"),
    .item("Reguliere werknemers", "54 623", unit: .hours), .item("Vrijwillige oppashulp", "523 000", unit: .hours),
  ])

/// Training hours by service: the same service names, another measure.
private let training = Fixture.table(
  title: "AANTAL UREN GEORGANISEERDE OPLEIDINGEN PER DIENST",
  columns: [.label("MAAND"), .figure(["REGIO", "MIDDEN"], .hours), .figure(["REGIO", "NOORD"], .hours), .figure(["TOTAAL"], .hours, .total)],
  rows: [.item("Dienstencheques", "94,00", "418,00", "512,00"), .total("TOTAAL", "94,00", "418,00", "512,00")])

private func crossTables(_ tables: [NormalizedTable], statements: [StatedFigure] = []) -> [Finding] {
  Reconciler().reconcile(Fixture.document(tables, statements: statements)).of("cross_table")
}

@Suite struct CrossTableRuleTests {
  @Test func crossTable_serviceHoursAgainstServiceTableGroup_passWithinRounding() throws {
    let findings = crossTables([hours, clients, oppashulp])
    let f = try #require(findings.first { $0.table == 0 && $0.row == ["Oppashulp"] })
    #expect(f.status == .passWithinRounding)
    #expect(f.computed == Fixture.decimal("579 666"))
    #expect(f.stated == Fixture.decimal("579 665,35"))
    #expect(f.cells.count == 3)
  }

  @Test func crossTable_serviceClients_passExactly() throws {
    let findings = crossTables([hours, clients, oppashulp])
    let f = try #require(findings.first { $0.table == 1 && $0.row == ["Oppashulp"] })
    #expect(f.status == .pass)
  }

  @Test func crossTable_otherMeasureSameLabel_notPaired() {
    let findings = crossTables([hours, training])
    #expect(findings.isEmpty)
  }

  /// A treasurer's report: income and expenses as two tables under one page title, each closed
  /// by a row labelled only "Totaal:".
  private func ledger(_ side: String, _ items: [(String, String)], total: String) -> NormalizedTable {
    Fixture.table(
      title: "Verslag van de penningmeester over het boekjaar 2013 in EURO.",
      columns: [.label(side), .figure([""], .eur)],
      rows: items.map { .item($0.0, $0.1) } + [.total("Totaal:", total)])
  }

  @Test func crossTable_totalRowsUnderDifferentLabelHeaders_notPaired() {
    let income = ledger("Inkomsten:", [("Gift", "3000,00"), ("Rente", "609,67")], total: "3609,67")
    let expenses = ledger("Uitgaven:", [("Catalogi", "500,00"), ("Porto", "99,04")], total: "599,04")
    #expect(crossTables([income, expenses]).isEmpty)
  }

  @Test func crossTable_totalRowsUnderTheSameLabelHeader_paired() throws {
    let first = ledger("Inkomsten:", [("Gift", "3000,00"), ("Rente", "609,67")], total: "3609,67")
    let repeated = ledger("Inkomsten:", [("Giften", "3000,00"), ("Intrest", "600,00")], total: "3600,00")
    let f = try #require(crossTables([first, repeated]).first)
    #expect(f.row == ["Totaal:"])
    #expect(f.status == .fail)
  }

  @Test func crossTable_mismatch_isWarning() throws {
    var changed = clients
    changed.rows[1].cells[1] = NormalizedCell(raw: "3 085", content: Fixture.parse("3 085"))
    let f = try #require(crossTables([changed, oppashulp]).first)
    #expect(f.status == .fail)
    #expect(f.severity == .warning)
    #expect(f.hint?.contains("two adjacent digits swapped") == true)
  }

  @Test func crossTable_sentenceAgainstTableTotal_passes() throws {
    let s = Fixture.statement("in totaal 512,00 uren opleidingen georganiseerd", "512,00", unit: .hours)
    let f = try #require(crossTables([training], statements: [s]).first)
    #expect(f.status == .pass)
    #expect(f.message.contains("stated in text"))
  }

  @Test func crossTable_sentenceDisagreeing_comparedWithNearestTable() throws {
    // The same table printed on page 2 and page 40: a sentence on page 39 speaks of the nearer one.
    var far = training
    far.rows = far.rows.map { row in var r = row; r.page = 2; return r }
    far.pages = [2]
    var near = training
    near.index = 1
    near.rows = near.rows.map { row in var r = row; r.page = 40; return r }
    near.pages = [40]
    let s = Fixture.statement("in totaal 521,00 uren opleidingen georganiseerd", "521,00", unit: .hours, page: 39)
    let f = try #require(crossTables([far, near], statements: [s]).first { $0.message.contains("stated in text") })
    #expect(f.status == .fail)
    #expect(f.table == 1)
  }

  @Test func crossTable_sentenceDisagreeingWithFarTable_claimsNothing() {
    // A figure on page 32 says nothing about a table on page 66.
    var far = training
    far.rows = far.rows.map { row in var r = row; r.page = 66; return r }
    far.pages = [66]
    let s = Fixture.statement("in totaal 521,00 uren opleidingen georganiseerd", "521,00", unit: .hours, page: 32)
    #expect(!crossTables([far], statements: [s]).contains { $0.message.contains("stated in text") })
  }

  @Test func crossTable_sentenceDisagreeingSharingWordsWithTheTitle_notReported() throws {
    // The sentence shares words with the table's title but does not name the total row: no
    // evidence that it speaks of that figure.
    let s = Fixture.statement("in totaal 521,00 uren opleidingen georganiseerd", "521,00", unit: .hours)
    let f = try #require(crossTables([training], statements: [s]).first)
    #expect(f.status == .fail)
    #expect(f.severity == .info)
  }
}
