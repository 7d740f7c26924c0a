import Foundation
import Testing

/// Issue 16: a small fixed-seed forge batch end to end. `forge/forge.py` generates documents of all
/// four producers with their truth and verifies every truth against its document (exit 0 means
/// verified); the forge's own invariants are asserted here, then the real `tally ingest` reads the
/// batch and `forge/score.py` scores it. Tally's quality is measured, not asserted: the scores only
/// have to be well-formed. (The full 40-document evaluation is `make eval-forge`, outside CI.)
@Suite(.serialized) struct ForgeBatchTests {
  /// A seed whose 8 documents cover chromium, reportlab, writer and web, with planted errors and
  /// clean documents (asserted below, so a change in the forge's drawing shows up here).
  static let seed = "16"
  static let count = "8"

  static let run: (dir: String, forge: Tally.Result?, ingest: Tally.Result?, score: Tally.Result?) = {
    let dir = Tally.temporaryFolder("forge")
    let forge = try? Tally.python([
      "forge/forge.py", "--seed", seed, "--count", count, "--dir", dir, "--jobs", "2", "--timeout", "240",
    ])
    guard forge?.status == 0 else { return (dir, forge, nil, nil) }
    let ingest = try? Tally.run(["ingest", "--inbox", dir, "--out", dir + "/out", "--force", "--jobs", "2"])
    let score = try? Tally.python([
      "forge/score.py", "--truth", dir + "/truth", "--out", dir + "/out", "--json", dir + "/score.json",
    ])
    return (dir, forge, ingest, score)
  }()

  static func documents(_ dir: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return names.filter { $0.hasSuffix(".pdf") || $0.hasSuffix(".html") }.sorted()
  }

  static func truth(_ dir: String, _ name: String) -> [String: Any]? {
    guard let data = FileManager.default.contents(atPath: "\(dir)/truth/\(name).json") else { return nil }
    return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
  }

  @Test func forge_exitsZero_soEveryTruthIsVerified() throws {
    let forge = try #require(Self.run.forge)
    #expect(forge.status == 0, "\(forge.stdout)")
    #expect(forge.stdout.contains("forge: seed \(Self.seed): \(Self.count) documents"), "\(forge.stdout)")
  }

  @Test func everyDocumentHasATruth_andTheBatchCoversAllProducers() throws {
    let dir = Self.run.dir
    let docs = Self.documents(dir)
    #expect(docs.count == Int(Self.count))
    var producers = Set<String>()
    for name in docs {
      let truth = try #require(Self.truth(dir, name), "no truth for \(name)")
      #expect(truth["source"] as? String == name)
      producers.insert(truth["producer"] as? String ?? "?")
    }
    #expect(producers == ["chromium", "reportlab", "writer", "web"], "\(producers)")
  }

  @Test func batchHasPlantedErrorsAndCleanDocuments() throws {
    let dir = Self.run.dir
    let plants = Self.documents(dir).map { ((Self.truth(dir, $0)?["planted"] as? [Any]) ?? []).count }
    #expect(plants.contains { $0 > 0 }, "no planted error: \(plants)")
    #expect(plants.contains(0), "no clean document: \(plants)")
  }

  @Test func everyPDFTruthTableHasItsPages() throws {
    let dir = Self.run.dir
    for name in Self.documents(dir) where name.hasSuffix(".pdf") {
      let tables = try #require(Self.truth(dir, name)?["tables"] as? [[String: Any]])
      for table in tables {
        let pages = table["pages"] as? [Int] ?? []
        #expect(!pages.isEmpty && pages.allSatisfy { $0 >= 1 }, "\(name) table \(table["id"] ?? "?")")
      }
    }
  }

  @Test func tallyIngestsTheBatch_andTheScoresAreWellFormed() throws {
    let ingest = try #require(Self.run.ingest)
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let score = try #require(Self.run.score)
    #expect(score.status == 0, "\(score.stdout)")
    let data = try #require(FileManager.default.contents(atPath: Self.run.dir + "/score.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let overall = try #require(json["overall"] as? [String: Any])
    #expect(overall["documents"] as? Int == Int(Self.count))
    for key in ["table_recall", "cell_f1", "row_f1", "catch_rate", "catch_rate_error"] {
      let v = try #require(overall[key] as? Double, "\(key) missing")
      #expect(v >= 0 && v <= 1, "\(key) = \(v)")
    }
    for key in ["false_alarms", "false_alarms_error", "false_alarms_warning", "plants", "caught"] {
      let v = try #require(overall[key] as? Int, "\(key) missing")
      #expect(v >= 0, "\(key) = \(v)")
    }
    let axes = try #require(json["axes"] as? [[String: Any]])
    #expect(Set(axes.filter { $0["axis"] as? String == "producer" }.compactMap { $0["value"] as? String }).count == 4)
  }
}
