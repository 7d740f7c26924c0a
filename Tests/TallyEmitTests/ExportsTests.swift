import Foundation
import Testing

@testable import TallyCore
@testable import TallyEmit

/// A document's outputs as the JSONL files hold them: two figures of one table, one of them with
/// 17 significant digits, and an error citing the first.
private enum ExportFixture {
  static let sha = String(repeating: "ab", count: 32)

  static func record(_ row: String, raw: String, value: String, decimals: Int, gridRow: Int) -> String {
    #"{"schema_version":2,"source":"a.pdf","sha256":"\#(sha)","page":2,"table_index":0,"table_title":"Uren, \"alle\"","row_path":["\#(row)"],"column_path":["2024"],"raw":"\#(raw)","value":"\#(value)","decimals":\#(decimals),"unit":"hours","unit_word":null,"role":"item","note":null,"grid_row":\#(gridRow),"grid_column":1,"bbox":null}"#
  }

  static let records = [
    record("Thuiszorg", raw: "1 234,50", value: "1234.50", decimals: 2, gridRow: 1),
    record("Groot", raw: "123 456 789 012 345,67", value: "123456789012345.67", decimals: 2, gridRow: 2),
  ]
  static let table =
    #"{"schema_version":2,"source":"a.pdf","sha256":"\#(sha)","table_index":0,"page":2,"pages":[2],"title":"Uren","headings":[],"origin":"grid","header_rows":1,"rows":[["","2024"],["Thuiszorg","1 234,50"],["Groot","123 456 789 012 345,67"]],"bold_rows":[],"footnotes":[],"bbox":null}"#
  static let finding =
    #"{"schema_version":2,"id":"0123456789abcdef","source":"a.pdf","sha256":"\#(sha)","rule":"row_total","kind":"row_total","status":"fail","severity":"error","page":2,"table_index":0,"table_title":"Uren","row_path":["Thuiszorg"],"column_path":["2024"],"stated":"1234.50","computed":"1234.60","difference":"0.10","tolerance":"0.01","cells":[],"message":"m, with a comma","hint":null}"#

  /// An output folder holding the fixture's JSONL files.
  static func folder() throws -> (root: String, document: ExportDocument) {
    let root = NSTemporaryDirectory() + "tally-exports-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try AtomicFile.write(records.joined(separator: "\n") + "\n", to: root + "/a.pdf.records.jsonl")
    try AtomicFile.write(table + "\n", to: root + "/a.pdf.tables.jsonl")
    let doc = ExportDocument(
      file: "a.pdf", recordsPath: root + "/a.pdf.records.jsonl", tablesPath: root + "/a.pdf.tables.jsonl",
      findings: [try #require(FindingLine(jsonLine: finding))])
    return (root, doc)
  }
}

@Suite struct ExportsTests {
  @Test func spreadsheetNumber_fifteenSignificantDigits_isAnExactDouble() throws {
    let value = try #require(ExactDecimal(canonical: "1234567890123.45"))
    #expect(SpreadsheetNumber.double(value) != nil)
  }

  @Test func spreadsheetNumber_sixteenSignificantDigits_staysText() throws {
    let value = try #require(ExactDecimal(canonical: "12345678901234.56"))
    #expect(SpreadsheetNumber.double(value) == nil)
  }

  @Test func spreadsheetNumber_decimals_neverHideTheValuesOwnDigits() throws {
    let value = try #require(ExactDecimal(canonical: "2850000"))
    #expect(SpreadsheetNumber.decimals(value, shown: -4) == 0)
    let fine = try #require(ExactDecimal(canonical: "12.125"))
    #expect(SpreadsheetNumber.decimals(fine, shown: 1) == 3)
  }

  @Test func csvLine_fieldWithCommaQuoteOrNewline_isQuotedWithQuotesDoubled() {
    var out: [UInt8] = []
    CSV.appendLine(["plain", "a,b", "say \"x\"", "two\nlines", ""], to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\r\n")
  }

  @Test func sheetNames_longForbiddenOrRepeated_becomeValidAndUnique() {
    var names = SheetNames(reserved: ["facts"])
    #expect(names.name(for: "Facts") == "Facts (2)")
    #expect(names.name(for: "a/b[1]:c?.pdf") == "a_b_1__c_.pdf")
    let long = String(repeating: "x", count: 40) + ".pdf"
    let first = names.name(for: long)
    let second = names.name(for: long)
    #expect(first.count == 31 && second.count == 31 && first != second)
  }

  @Test func write_factsCSV_holdsExactValuesInTheRecordColumns() throws {
    let (root, doc) = try ExportFixture.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Exports(root: root, settings: EmitSettings()).write([doc])
    let csv = try String(contentsOfFile: root + "/facts.csv", encoding: .utf8)
    let lines = csv.components(separatedBy: "\r\n")
    #expect(lines[0] == ExportRows.factColumns.joined(separator: ","))
    #expect(lines[1] == #"a.pdf,2,0,"Uren, ""alle""",Thuiszorg,2024,"1 234,50",1234.50,2,hours,,item,,1,1"#)
    #expect(lines[2].contains(",123456789012345.67,"))
    #expect(lines.count == 4 && lines[3].isEmpty)
  }

  @Test func write_findingsCSV_linksEachFindingToItsReviewEntry() throws {
    let (root, doc) = try ExportFixture.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Exports(root: root, settings: EmitSettings()).write([doc])
    let csv = try String(contentsOfFile: root + "/findings.csv", encoding: .utf8)
    #expect(csv.hasSuffix(#","m, with a comma",,no,review.html#f-0123456789abcdef"# + "\r\n"))
    #expect(csv.contains(",1234.50,1234.60,0.10,0.01,"))
  }

  @Test func write_workbooks_areZipFilesWithTheirSheets() throws {
    let (root, doc) = try ExportFixture.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Exports(root: root, settings: EmitSettings()).write([doc])
    for name in ["tables.xlsx", "findings.xlsx"] {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: root + "/" + name))
      #expect(bytes.prefix(2) == Data("PK".utf8), "\(name) is not a zip file")
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
  }

  @Test func write_switchedOff_removesTheExportsOfAnEarlierRun() throws {
    let (root, doc) = try ExportFixture.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try Exports(root: root, settings: EmitSettings()).write([doc])
    var off = EmitSettings()
    off.xlsx = false
    off.csv = false
    try Exports(root: root, settings: off).write([doc])
    for name in ["tables.xlsx", "findings.xlsx", "facts.csv", "findings.csv"] {
      #expect(!FileManager.default.fileExists(atPath: root + "/" + name), "\(name) left behind")
    }
  }

  @Test func emitSettings_xlsxAndCSV_areOnByDefaultAndSwitchable() throws {
    #expect(EmitSettings().xlsx && EmitSettings().csv)
    let off = ConfigNode(value: .scalar("false"), line: 0, path: "")
    let node = ConfigNode(value: .mapping([("xlsx", off), ("csv", off)]), line: 0, path: "emit")
    let settings = try EmitSettings(config: node)
    #expect(!settings.xlsx && !settings.csv)
  }

  @Test func factLineReader_readsWhatTheDecoderReads_orGivesUp() throws {
    let plain =
      #"{"schema_version":2,"source":"a b.pdf","sha256":"cb33","page":1,"table_index":0,"table_title":"1. Overzicht","#
      + #""row_path":["Afvalbeleid","Kosten"],"column_path":["Rekening 2023"],"raw":"-9 374 123,00","value":"-9374123.00","#
      + #""decimals":2,"unit":"number","unit_word":null,"role":"item","note":null,"grid_row":1,"grid_column":1,"#
      + #""bbox":[327.46,153.54,383,161.86]}"#
    let decoder = JSONDecoder()
    func decoded(_ line: String) -> ExportRows.FactLine? { try? decoder.decode(ExportRows.FactLine.self, from: Data(line.utf8)) }
    let read = try #require(FactLineReader.read(Data(plain.utf8)))
    #expect(read == decoded(plain))
    #expect(read.row_path == ["Afvalbeleid", "Kosten"] && read.unit_word == nil && read.decimals == 2)
    // Lines the reader must leave to the decoder, or read exactly as it does.
    let tricky = [
      plain.replacingOccurrences(of: "a b.pdf", with: #"a "b".pdf"#),
      plain.replacingOccurrences(of: #""page":1"#, with: #""page":1.5"#),
      plain.replacingOccurrences(of: #""page":1"#, with: #""page":"1""#),
      plain.replacingOccurrences(of: #""page":1"#, with: #""page":01"#),
      plain.replacingOccurrences(of: #""note":null"#, with: #""note":{"a":1}"#),
      plain.replacingOccurrences(of: #""note":null"#, with: #""note":null,"note":"x""#),
      plain.replacingOccurrences(of: "327.46", with: "327..46"),
      plain.replacingOccurrences(of: "}", with: "} x"),
      plain.replacingOccurrences(of: #"["Afvalbeleid","Kosten"]"#, with: "[]"),
      plain.replacingOccurrences(of: #""grid_row":1"#, with: #""grid_row":-12"#),
      #"{"source":"x"}"#, "{}", "",
    ]
    for line in tricky {
      let fast = FactLineReader.read(Data(line.utf8))
      #expect(fast == nil || fast == decoded(line), "\(line)")
    }
  }

  @Test func spreadsheetNumber_printed_isWhatStringFormatPrints() {
    var state: UInt64 = 20
    for _ in 0..<2000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let d = Double(Int64(bitPattern: state) >> Int(state % 50)) / Double(1 << Int(state % 20))
      #expect(SpreadsheetNumber.printed(d) == String(format: "%.16G", d))
    }
  }
}
