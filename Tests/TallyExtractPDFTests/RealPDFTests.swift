import Testing
import TallyCore
import TallyExtractPDF

// Tests on real PDFs. Paths are relative to the repository; every file is in Tests/Fixtures or samples/
// (sources in Tests/Fixtures/README.md), so these run on any clone.

private let repo: String = {
  var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)  // Tests/TallyExtractPDFTests/RealPDFTests.swift
  return parts.joined(separator: "/")
}()

private func source(_ relative: String) -> SourceDocument {
  let path = repo + "/" + relative
  let name = String(relative.split(separator: "/").last ?? "")
  return SourceDocument(fileName: name, path: path, sha256: "", format: .pdf)
}

private func extract(_ relative: String) throws -> ExtractedDocument {
  try PDFExtractor().extract(source(relative))
}

private struct BadInput: Sendable, CustomTestStringConvertible {
  var id: String
  var path: String
  var code: String
  var testDescription: String { id }
}

@Test(arguments: [
  BadInput(id: "encrypted", path: "Tests/Fixtures/pdf/encrypted.pdf", code: "encrypted"),
  BadInput(id: "damaged", path: "Tests/Fixtures/pdf/damaged.pdf", code: "damaged"),
  BadInput(id: "scan", path: "Tests/Fixtures/real-nl/buitenbeesten_begroting_scan.pdf", code: "no_text_layer"),
  BadInput(id: "missing", path: "Tests/Fixtures/pdf/does-not-exist.pdf", code: "unreadable"),
])
private func extract_badInput_throwsDocumentError(_ c: BadInput) {
  do {
    _ = try extract(c.path)
    Issue.record("expected \(c.code)")
  } catch let e as DocumentError {
    #expect(e.code == c.code)
    #expect(!e.reason.contains("\n"))
    if c.code == "no_text_layer" { #expect(e.reason == "no text layer: needs OCR") }
  } catch {
    Issue.record("unexpected \(error)")
  }
}

@Test func extract_icdarRuledTable_cellsAsPrinted() throws {
  let doc = try extract("Tests/Fixtures/icdar2013-eu/eu-003.pdf")
  let t = try #require(doc.tables.first { $0.rows.contains { $0.texts.first == "0 reclassifications" } })
  #expect(t.rows.contains { $0.texts == ["0 reclassifications", "52", "52%", "14", "64%"] })
  #expect(t.rows.contains { $0.texts.first == "Total" && $0.texts.contains("100") })
  #expect(t.pages == [1])
}

@Test func extract_rotatedPage_sameTablesAsUpright() throws {
  let upright = try extract("Tests/Fixtures/icdar2013-eu/eu-003.pdf")
  let rotated = try extract("Tests/Fixtures/pdf/rotated-eu-003.pdf")
  #expect(rotated.tables.map { $0.rows.map(\.texts) } == upright.tables.map { $0.rows.map(\.texts) })
  #expect(!rotated.tables.isEmpty)
}

@Test func extract_icdarStreamTable_rowsIntact() throws {
  let doc = try extract("Tests/Fixtures/icdar2013-eu/eu-016-p3.pdf")
  let t = try #require(doc.tables.first { $0.rows.contains { $0.texts.first == "Austria" } })
  #expect(t.rows.contains { $0.texts == ["Austria", "86.2", "13.8", "0", "3,375"] })
  #expect(t.rows.contains { $0.texts == ["EU Total", "65.1", "7.9", "27.0", "151,292"] })
}

@Test func extract_realDutchReport_totalsRowsFound() throws {
  let doc = try extract("Tests/Fixtures/real-nl/dorothy_verslag_2019.pdf")
  let rows = doc.tables.flatMap(\.rows)
  #expect(rows.contains { $0.texts.first == "Totaal inkomsten:" && $0.texts.contains("29 500,00") })
  #expect(rows.contains { $0.texts.first == "Totaal uitgaven:" && $0.texts.contains("2 224,69") })
}

@Test func extract_imensSample_table21() throws {
  let path = "samples/imens-jaarverslag-2023.pdf"
  let doc = try extract(path)
  let t = try #require(doc.tables.first { $0.title == "2.1. Uren gepresteerd bij klanten" })
  let body = t.rows.dropFirst(t.headerRowCount)
  #expect(body.count == 7)
  #expect(t.rows.map(\.texts) == [
    ["", "AANTAL UREN GEPRESTEERD BIJ KLANTEN"], ["Gezinszorg (INCL. KRAAMZORG)", "3 543 495,67"],
    ["Poetshulp", "1 487 268,38"], ["Dienstencheques", "1 227 270,00"], ["Klusjesdienst", "28 103,02"],
    ["Oppashulp", "579 665,35"], ["Thuisoppas zieke kinderen", "45 762,50"], ["TOTAAL", "6 911 564,92"],
  ])
  #expect(body.last?.texts == ["TOTAAL", "6 911 564,92"])
  #expect(body.last?.isBold == true)
  #expect(t.headings.last == "2.1. Uren gepresteerd bij klanten")
  // Running headers and page numbers never enter a table.
  #expect(!doc.tables.flatMap(\.rows).contains { $0.texts.joined().contains("www.i-mens.be") })
  #expect(doc.text.contains { $0.text.contains("6 601,50 uren") })
}

@Test func extract_gentPage3_budgetAndStaffTablesApartWithJoinedHeader() throws {
  let doc = try extract("samples/gent-jaarrekening-2024.pdf")
  let page3 = doc.tables.filter { $0.pages == [3] }
  let budget = try #require(page3.first)
  #expect(budget.title == "SD10021 - Meer Gentenaars aan het werk met een Gents arbeidspact")
  #expect(budget.headerRowCount == 1)
  #expect(budget.rows[0].texts == [
    "Budgettaire onderbouwing", "", "Budget 2024", "Jaarrekening 2024", "% Besteding budget 2024", "Jaarrekening 2023",
    "Jaarrekening 2024 t.o.v. 2023",
  ])
  #expect(budget.rows[1].texts == ["Exploitatie", "Uitgaven", "43.626.984", "37.433.120", "85,8%", "36.022.301", "103,9%"])
  #expect(budget.rows[2].texts.dropFirst() == ["Ontvangsten", "17.290.455", "16.035.169", "92,7%", "14.808.605", "108,3%"])
  #expect(budget.rows.count == 7)
  let staff = try #require(page3.dropFirst().first)
  #expect(staff.rows.count == 2)
  #expect(staff.rows[0].texts.first == "Onderbouwing personeel")
  #expect(staff.rows[1].texts.filter { !$0.isEmpty } == ["VTE", "712,38", "586,20", "82,3%", "563,05", "104,1%"])
  // The item heading wraps onto two lines; its period and owner at the right margin stay out.
  let od = "OD10039 - Beter laten aansluiten van vraag en aanbod op de arbeidsmarkt nu en in de toekomst"
  #expect(page3.filter { $0.title == od }.count == 2)
}

@Test func extract_imensSample_regioTwoLevelHeader() throws {
  let doc = try extract("samples/imens-jaarverslag-2023.pdf")
  let t = try #require(doc.tables.first { $0.title == "AANTAL UREN GEORGANISEERDE OPLEIDINGEN PER MAAND" })
  #expect(t.headerRowCount == 2)
  #expect(t.rows[0].texts == ["MAAND", "REGIO", "REGIO", "REGIO", "REGIO", "REGIO", "TOTAAL"])
  #expect(t.rows[1].texts == ["", "MIDDEN", "NOORD", "WEST", "ZUID", "REGIO-OVERSCHRIJDEND / CENTRAAL", ""])
  #expect(t.rows.last?.texts == ["TOTAAL", "1 758,00", "1 591,50", "1 701,50", "1 320,50", "230,00", "6 601,50"])
}

@Test func extract_imensSample_stackedTablesApart() throws {
  let doc = try extract("samples/imens-jaarverslag-2023.pdf")
  let parttime = doc.tables.filter { $0.title == "1.4. Percentage deeltijds werkenden" }
  #expect(parttime.map { $0.rows.first?.texts.first } == ["% DEELTIJDS WERKENDEN - BEDIENDEN", "% DEELTIJDS WERKENDEN - ARBEIDERS"])
  #expect(parttime.map(\.rows.count) == [11, 10])
}

@Test func extract_imensSample_contentsPageIsNoTable() throws {
  let doc = try extract("samples/imens-jaarverslag-2023.pdf")
  #expect(!doc.tables.contains { $0.pages.contains(3) })
  #expect(doc.tables.first?.title == "1.1. Aantal personeelsleden op 31/12/2023")
  // The same list is a table when the check is turned off: the test above is not vacuous.
  var settings = PDFTableSettings()
  settings.document.contentsMinEntries = 0
  let all = try PDFExtractor(settings: settings).extract(source("samples/imens-jaarverslag-2023.pdf"))
  let contents = try #require(all.tables.first { $0.pages == [3] })
  #expect(contents.rows.first?.texts == ["1. Human resources", "4"])
  #expect(all.tables.count == doc.tables.count + 1)
}
