import Foundation
import Testing

// Outside the suite: its @Suite trait cannot name the suite's own members (a circular reference).
private let realNLCorpus = Tally.repoRoot + "/../shared/corpus/real-nl"
private let realNLAvailable = FileManager.default.fileExists(atPath: realNLCorpus + "/SOURCES.tsv")

/// Real Dutch reports nobody here wrote (../shared/corpus/real-nl, see its SOURCES.tsv). Every
/// expectation below was read off the document itself (pdftotext -layout) and checked by hand.
/// The whole corpus is too large to copy into Tests/Fixtures: on a clone without ../shared beside
/// it the suite is skipped with the message below (CI lays ../shared out and runs it).
@Suite(
  .serialized,
  .enabled(if: realNLAvailable, "needs ../shared/corpus/real-nl beside the repository; skipped without it"))
struct RealReportsTests {
  static let corpus = realNLCorpus

  /// One ingest of the corpus with every check emitted, passes included.
  static let run: (out: String, result: Tally.Result?) = {
    let out = Tally.temporaryFolder("real-nl")
    let config = out + "-config.yaml"
    try? "version: 1\nemit:\n  findings: all\n".write(toFile: config, atomically: true, encoding: .utf8)
    let result = try? Tally.run(["ingest", "--inbox", corpus, "--out", out, "--config", config])
    return (out, result)
  }()


  static func document(_ name: String) -> [String: Any]? {
    guard let data = FileManager.default.contents(atPath: run.out + "/run.json"),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return (manifest["documents"] as? [[String: Any]])?.first { $0["file"] as? String == name }
  }

  static func findings(_ name: String) -> [[String: Any]] {
    Tally.lines("\(run.out)/findings/\(name).jsonl")
  }

  @Test func corpus_everyReadableReportIsProcessed() throws {
    let result = try #require(Self.run.result)
    #expect(result.status == 0, "\(result.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { $0.hasSuffix(".pdf") }
    #expect(names.count >= 14)
    for name in names where name != "buitenbeesten_begroting_scan.pdf" {
      #expect(Self.document(name)?["status"] as? String == "ok", "\(name): \(Self.document(name)?["reason"] ?? "")")
    }
  }

  @Test func scan_failsWithNeedsOCR() {
    let doc = Self.document("buitenbeesten_begroting_scan.pdf")
    #expect(doc?["status"] as? String == "failed")
    #expect(doc?["reason"] as? String == "no text layer: needs OCR")
  }

  /// Each (document, printed total) pair: the total's row check is reported and passes.
  @Test(arguments: [
    ("cornelisbakker_financieel_overzicht_2014.pdf", "3367.65"),
    ("cornelisbakker_financieel_overzicht_2014.pdf", "506.00"),
    ("cornelisbakker_financieel_overzicht_2014.pdf", "9791.07"),
    ("dorothy_verslag_2019.pdf", "29500.00"),
    ("dorothy_verslag_2019.pdf", "24951.00"),
    ("dorothy_verslag_2019.pdf", "2224.69"),
    ("dorothy_verslag_2019.pdf", "1361.03"),
    ("buitenbeesten_jaarrekening_2016.pdf", "647"),
    // Ledger columns whose line labels sit right of the first label column: unlabelled lines
    // that are no sum are items of TOTALEN (1,80 + 0,74 + 17,36 + 2,03 + 16,87 + 17,27).
    ("curena_2013_kasboek.pdf", "56.07"),
    ("curena_2013_kasboek.pdf", "150.00"),
    ("curena_2013_kasboek.pdf", "114.19"),
    // "Subtotaal incidenteel" closes the items of every programme heading above it (p. 112).
    ("wassenaar_begroting_2024.pdf", "2382"),
    // "sub totaal opbrengst" (with a space) is a subtotal; raming 2023 adds up (p. 68).
    ("wassenaar_begroting_2024.pdf", "24624"),
  ])
  func printedTotal_isFoundAndItsCheckPasses(document: String, total: String) {
    let checks = Self.findings(document).filter {
      $0["kind"] as? String == "row_total" && $0["stated"] as? String == total
    }
    #expect(!checks.isEmpty, "no row_total check of \(total) in \(document)")
    #expect(checks.contains { $0["status"] as? String == "pass" }, "\(checks)")
  }

  /// Reports whose printed totals add up give no error finding.
  @Test(arguments: [
    "cornelisbakker_financieel_overzicht_2014.pdf", "dorothy_verslag_2019.pdf",
    "curena_2013_vw_en_balans.pdf", "heerlen_parkeerverordening_2025.pdf",
    "curena_2013_kasboek.pdf", "buitenbeesten_jaarrekening_2016.pdf",
    "cornelisbakker_financieel_overzicht_2013.pdf", "cornelisbakker_financieel_overzicht_2015.pdf",
    "dorothy_verslag_2018.pdf", "dorothy_verslag_2020.pdf", "dorothy_verslag_2021.pdf",
  ])
  func consistentReport_hasNoErrorFinding(document: String) {
    let errors = Self.findings(document).filter {
      $0["severity"] as? String == "error" && $0["status"] as? String == "fail"
    }
    #expect(errors.isEmpty, "\(errors.map { $0["message"] ?? "" })")
  }

  /// The treasurer's reports print income and expenses as two tables under one title, each
  /// closed by "Totaal:": the two totals are different figures, not one printed twice.
  @Test(arguments: [
    "cornelisbakker_financieel_overzicht_2013.pdf", "cornelisbakker_financieel_overzicht_2014.pdf",
    "cornelisbakker_financieel_overzicht_2015.pdf",
  ])
  func incomeAndExpenseTotals_areNotComparedWithEachOther(document: String) {
    let failed = Self.findings(document).filter {
      $0["kind"] as? String == "cross_table" && $0["status"] as? String == "fail"
    }
    #expect(failed.isEmpty, "\(failed.map { $0["message"] ?? "" })")
  }

  /// Wassenaar begroting 2024 p. 68, read by hand: raming 2024 prints 25.863 but its items add
  /// to 25.901, and the mutatie column prints 1.239 but its items add to 1.189 (Riool- en
  /// waterzorgheffing 2.759 -> 2.847 is printed with mutatie 0): both are real and must fail.
  @Test(arguments: [("25863", "25901"), ("1239", "1189")])
  func wassenaarSubtotalThatDoesNotAddUp_isAnError(stated: String, computed: String) {
    let checks = Self.findings("wassenaar_begroting_2024.pdf").filter {
      $0["kind"] as? String == "row_total" && $0["page"] as? Int == 68 && $0["stated"] as? String == stated
    }
    #expect(!checks.isEmpty)
    #expect(checks.allSatisfy { $0["status"] as? String == "fail" && $0["computed"] as? String == computed }, "\(checks)")
  }

  /// A single rate under rows of amounts ("Kostendekkendheid 99,0%", pp. 70-73) and per-row
  /// cost-coverage rates over a 72 % total row (p. 74) are no breakdown in percent.
  @Test func wassenaarRates_areNoPercentBreakdown() {
    let failed = Self.findings("wassenaar_begroting_2024.pdf").filter {
      $0["kind"] as? String == "percent_sum" && $0["status"] as? String == "fail"
    }
    #expect(failed.isEmpty, "\(failed.map { $0["message"] ?? "" })")
  }
}
