import Foundation
import Testing

/// The real pipeline on the shipped samples, through the built `tally` binary.
@Suite(.serialized) struct IngestSamplesTests {
  /// One ingest of samples/ shared by the tests below (it is the expensive part).
  static let run: (out: String, result: Tally.Result?) = {
    let out = Tally.temporaryFolder("samples")
    let result = try? Tally.run(["ingest", "--inbox", "samples", "--out", out, "--jobs", "2"])
    return (out, result)
  }()

  static let samples = [
    "imens-jaarverslag-2023.pdf", "imens-jaarverslag-2023.html", "highlights-welzijn.html",
    "maatschappelijke-ondersteuning-2023.html", "besluit-caw-2013.html",
  ]

  @Test func ingest_samples_exitsZeroAndWritesEveryOutput() throws {
    let result = try #require(Self.run.result)
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let out = Self.run.out
    for name in Self.samples {
      for folder in ["records", "findings", "tables"] {
        #expect(FileManager.default.fileExists(atPath: "\(out)/\(folder)/\(name).jsonl"), "\(folder)/\(name)")
      }
    }
    #expect(FileManager.default.fileExists(atPath: "\(out)/reconciliation.log"))
    let manifest = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: "\(out)/run.json"))) as? [String: Any]
    let docs = manifest?["documents"] as? [[String: Any]] ?? []
    for name in Self.samples {
      let doc = docs.first { $0["file"] as? String == name }
      #expect(doc?["status"] as? String == "ok", "\(name): \(doc?["reason"] ?? "missing")")
    }
  }

  @Test func outputs_passJSONSchemaValidation() throws {
    let check = try Tally.python(["schemas/validate.py", Self.run.out])
    #expect(check.status == 0, "\(check.stdout)")
  }

  @Test func imensPDF_recordsHoldServiceHoursAndTheirTotal() throws {
    let records = Tally.lines("\(Self.run.out)/records/imens-jaarverslag-2023.pdf.jsonl")
    let hours = records.filter { ($0["table_title"] as? String) == "2.1. Uren gepresteerd bij klanten" }
    let values = Set(hours.compactMap { $0["value"] as? String })
    for v in ["3543495.67", "1487268.38", "1227270.00", "28103.02", "579665.35", "45762.50", "6911564.92"] {
      #expect(values.contains(v), "missing \(v)")
    }
    let total = hours.first { $0["value"] as? String == "6911564.92" }
    #expect(total?["role"] as? String == "total")
    #expect(total?["decimals"] as? Int == 2)
    #expect(total?["unit"] as? String == "hours")
  }

  @Test func log_leavesTheServiceHoursRowTotalOutOfErrorsAndCountsPasses() throws {
    let log = try String(contentsOfFile: "\(Self.run.out)/reconciliation.log", encoding: .utf8)
    let errors = try #require(log.range(of: "\nERRORS ("))
    let warnings = try #require(log.range(of: "\nWARNINGS ("))
    #expect(!log[errors.lowerBound..<warnings.lowerBound].contains("2.1. Uren gepresteerd bij klanten"))
    // Passes are counted, not listed (`--verbose` lists them: ReviewPageTests).
    #expect(log.range(of: "\nNot listed: [1-9][0-9]* passed", options: .regularExpression) != nil)
    #expect(!log.contains("pass     row_total"))
  }

  @Test func tablesCommand_printsServiceHoursTableWithItsTitle() throws {
    let result = try Tally.run(["tables", "samples/imens-jaarverslag-2023.pdf"])
    #expect(result.status == 0)
    let tables = result.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    let hours = tables.first { $0["title"] as? String == "2.1. Uren gepresteerd bij klanten" }
    let rows = hours?["rows"] as? [[String]] ?? []
    #expect(rows.contains { $0.first == "TOTAAL" && $0.last == "6 911 564,92" }, "\(rows)")
    #expect((hours?["page"] as? Int ?? 0) >= 1)
  }

  @Test func secondIngest_leavesEveryOutputByteIdentical() throws {
    let out = Self.run.out
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      for folder in ["records", "findings", "tables"] {
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(out)/\(folder)") {
          files["\(folder)/\(name)"] = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(folder)/\(name)"))
        }
      }
      files["reconciliation.log"] = try Data(contentsOf: URL(fileURLWithPath: "\(out)/reconciliation.log"))
      return files
    }
    let before = try snapshot()
    let again = try Tally.run(["ingest", "--inbox", "samples", "--out", out])
    #expect(again.status == 0)
    #expect(again.stdout.contains("nothing changed since the last run"), "\(again.stdout)")
    let after = try snapshot()
    #expect(before.keys.sorted() == after.keys.sorted())
    for (name, data) in before { #expect(after[name] == data, "\(name) changed") }
    let forced = try Tally.run(["ingest", "--inbox", "samples", "--out", out, "--force"])
    #expect(forced.status == 0)
    let redone = try snapshot()
    for (name, data) in before { #expect(redone[name] == data, "\(name) differs after --force") }
  }
}
