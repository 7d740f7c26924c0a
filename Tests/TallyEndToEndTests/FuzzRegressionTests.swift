import Foundation
import Testing

/// Issue 19: every input the structure-aware PDF mutator (`fuzz/pdf_mutate.py`) found to crash or
/// hang tally is replayed here. No PDF is committed: each is rebuilt from its recipe in
/// `fuzz/regressions/pdf_mutate/` (seed file, pages kept, byte edits of the QDF text) by the
/// mutator's `--replay`, which needs qpdf. A recipe whose seed is missing (the shared real-nl
/// corpus) is left out, and says so.
@Suite(.serialized) struct FuzzRegressionTests {
  static let recipes = Tally.repoRoot + "/fuzz/regressions/pdf_mutate"
  static var hasQPDF: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/qpdf")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/fix-qdf")
  }

  struct Recipe {
    var name: String
    var seed: String
    var outcome: String
  }

  /// Every recipe whose seed is here, with its recorded outcome (a crash's signal or "hang").
  static func available() throws -> [Recipe] {
    let names = try FileManager.default.contentsOfDirectory(atPath: recipes).filter { $0.hasSuffix(".json") }.sorted()
    var out: [Recipe] = []
    for name in names {
      let data = try Data(contentsOf: URL(fileURLWithPath: "\(recipes)/\(name)"))
      let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let seed = json["seed"] as? String ?? ""
      guard FileManager.default.fileExists(atPath: "\(Tally.repoRoot)/\(seed)") else {
        print("fuzz regression \(name): seed \(seed) not here, left out")
        continue
      }
      out.append(Recipe(name: name, seed: seed, outcome: json["outcome"] as? String ?? ""))
    }
    return out
  }

  /// Rebuilds the recipe's PDF into `folder`.
  static func build(_ recipe: Recipe, into folder: String) throws -> String {
    let pdf = "\(folder)/\(recipe.name.replacingOccurrences(of: ".json", with: "")).pdf"
    let r = try Tally.python(["fuzz/pdf_mutate.py", "--replay", "\(recipes)/\(recipe.name)", pdf])
    #expect(r.status == 0, "replay of \(recipe.name) failed: \(r.stdout)")
    return pdf
  }

  @Test(.enabled(if: FuzzRegressionTests.hasQPDF, "needs qpdf and fix-qdf"))
  func crashRecipes_tallyTables_endWithAStatusNotASignal() throws {
    let crashes = try Self.available().filter { $0.outcome != "hang" }
    #expect(!crashes.isEmpty, "no crash recipe found in \(Self.recipes)")
    let folder = Tally.temporaryFolder("fuzz-regressions")
    for recipe in crashes {
      let pdf = try Self.build(recipe, into: folder)
      let m = try BadInputTests.spawn(["tables", pdf], name: "fuzz-\(recipe.name)", limit: 120)
      #expect(!m.timedOut, "\(recipe.name): did not finish")
      // 0: tables printed; 1: the document could not be read, with its reason. A signal is 128+.
      #expect(m.status == 0 || m.status == 1, "\(recipe.name) (\(recipe.outcome)): exit \(m.status) \(m.stderr.suffix(500))")
    }
  }

  @Test(.enabled(if: FuzzRegressionTests.hasQPDF, "needs qpdf and fix-qdf"))
  func absurdMediaBoxOnPage2_ingest_pageSkippedWithReasonAndTheRestRead() throws {
    let recipe = Recipe(name: "absurd-mediabox-page2.json", seed: "samples/imens-jaarverslag-2023.pdf", outcome: "")
    let inbox = try BadInputTests.inbox("mediabox")
    _ = try Self.build(recipe, into: inbox)
    let run = try BadInputTests.ingest(inbox, name: "mediabox")
    BadInputTests.expectRunCompleted(run, files: ["absurd-mediabox-page2.pdf"], seconds: 60)
    let name = "absurd-mediabox-page2.pdf"
    #expect(run.status(of: name) == "ok", "\(run.document(name) ?? [:])")
    #expect(run.document(name)?["pages"] as? Int == 3)
    // Named in the log's summary, whatever else it leaves out.
    #expect(
      run.log.contains("\(name): page 2: skipped: absurd geometry: page size inf × "), "\(run.log.prefix(1500))")
    // Pages 1 and 3 are read: their tables are there.
    let pages = Set(run.tables(name).compactMap { $0["page"] as? Int })
    #expect(!pages.isEmpty && !pages.contains(2), "tables on pages \(pages)")
  }

  /// A hang inside poppler's renderer (found by the mutator: a pattern's BBox made 65536 wide; 
  /// `pdftoppm` hangs on the same file) costs that document its deadline, not the batch.
  @Test(.enabled(if: FuzzRegressionTests.hasQPDF, "needs qpdf and fix-qdf"))
  func hangRecipes_ingest_failAtTheirDeadline_othersFinish() throws {
    let hangs = try Self.available().filter { $0.outcome == "hang" }
    guard !hangs.isEmpty else { return }
    let inbox = try BadInputTests.inbox("fuzz-hang")
    var names: [String] = []
    for recipe in hangs { names.append(URL(fileURLWithPath: try Self.build(recipe, into: inbox)).lastPathComponent) }
    let config = try IsolationTests.config("fuzz-hang", "ingest:\n  deadline_floor_seconds: 10\n  deadline_cap_seconds: 10\n")
    let run = try BadInputTests.ingest(inbox, name: "fuzz-hang", limit: 300, extra: ["--config", config])
    BadInputTests.expectRunCompleted(run, files: names, seconds: 120)
    for name in names {
      #expect(run.status(of: name) == "failed", "\(name): \(run.document(name) ?? [:])")
      #expect((run.reason(of: name) ?? "").hasPrefix("took longer than 10 s"), "\(run.reason(of: name) ?? "")")
    }
  }
}
