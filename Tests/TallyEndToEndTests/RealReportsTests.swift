import Foundation
import Testing

/// Real Dutch reports nobody here wrote (../shared/corpus/real-nl, see its SOURCES.tsv). Every
/// expectation below was read off the document itself (pdftotext -layout) and checked by hand.
@Suite(.serialized) struct RealReportsTests {
  static let corpus = Tally.repoRoot + "/../shared/corpus/real-nl"

  /// One ingest of the corpus with every check emitted, passes included.
  static let run: (out: String, result: Tally.Result?) = {
    let out = Tally.temporaryFolder("real-nl")
    let config = out + "-config.yaml"
    try? "version: 1\nemit:\n  findings: all\n".write(toFile: config, atomically: true, encoding: .utf8)
    let result = try? Tally.run(["ingest", "--inbox", corpus, "--out", out, "--config", config])
    return (out, result)
  }()

  static var available: Bool { FileManager.default.fileExists(atPath: corpus + "/SOURCES.tsv") }

  static func document(_ name: String) -> [String: Any]? {
    guard let data = FileManager.default.contents(atPath: run.out + "/run.json"),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return (manifest["documents"] as? [[String: Any]])?.first { $0["file"] as? String == name }
  }

  static func findings(_ name: String) -> [[String: Any]] {
    Tally.lines("\(run.out)/findings/\(name).jsonl")
  }

  @Test(.enabled(if: available)) func corpus_everyReadableReportIsProcessed() throws {
    let result = try #require(Self.run.result)
    #expect(result.status == 0, "\(result.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { $0.hasSuffix(".pdf") }
    #expect(names.count >= 14)
    for name in names where name != "buitenbeesten_begroting_scan.pdf" {
      #expect(Self.document(name)?["status"] as? String == "ok", "\(name): \(Self.document(name)?["reason"] ?? "")")
    }
  }

  @Test(.enabled(if: available)) func scan_failsWithNeedsOCR() {
    let doc = Self.document("buitenbeesten_begroting_scan.pdf")
    #expect(doc?["status"] as? String == "failed")
    #expect(doc?["reason"] as? String == "no text layer: needs OCR")
  }

  /// Each (document, printed total) pair: the total's row check is reported and passes.
  @Test(.enabled(if: available), arguments: [
    ("cornelisbakker_financieel_overzicht_2014.pdf", "3367.65"),
    ("cornelisbakker_financieel_overzicht_2014.pdf", "506.00"),
    ("cornelisbakker_financieel_overzicht_2014.pdf", "9791.07"),
    ("dorothy_verslag_2019.pdf", "29500.00"),
    ("dorothy_verslag_2019.pdf", "24951.00"),
    ("dorothy_verslag_2019.pdf", "2224.69"),
    ("dorothy_verslag_2019.pdf", "1361.03"),
    ("buitenbeesten_jaarrekening_2016.pdf", "647"),
  ])
  func printedTotal_isFoundAndItsCheckPasses(document: String, total: String) {
    let checks = Self.findings(document).filter {
      $0["kind"] as? String == "row_total" && $0["stated"] as? String == total
    }
    #expect(!checks.isEmpty, "no row_total check of \(total) in \(document)")
    #expect(checks.contains { $0["status"] as? String == "pass" }, "\(checks)")
  }

  /// Reports whose printed totals add up give no error finding.
  @Test(.enabled(if: available), arguments: [
    "cornelisbakker_financieel_overzicht_2014.pdf", "dorothy_verslag_2019.pdf",
    "curena_2013_vw_en_balans.pdf", "heerlen_parkeerverordening_2025.pdf",
  ])
  func consistentReport_hasNoErrorFinding(document: String) {
    let errors = Self.findings(document).filter {
      $0["severity"] as? String == "error" && $0["status"] as? String == "fail"
    }
    #expect(errors.isEmpty, "\(errors.map { $0["message"] ?? "" })")
  }
}
