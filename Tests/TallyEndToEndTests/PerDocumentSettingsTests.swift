import Foundation
import Testing

/// `documents:` entries in pipeline.yaml, through the real binary: a setting for one document
/// redoes that document only, and skip_pages keeps pages from being read.
@Suite(.serialized) struct PerDocumentSettingsTests {
  static let pdf = "imens-3-pages.pdf"
  static let htmls = ["highlights-welzijn.html", "maatschappelijke-ondersteuning-2023.html"]

  /// A fresh inbox with the three-page PDF fixture and two small HTML samples.
  private static func inbox(_ name: String) throws -> String {
    let inbox = Tally.temporaryFolder(name)
    try FileManager.default.copyItem(
      atPath: "\(Tally.repoRoot)/Tests/Fixtures/pdf/\(pdf)", toPath: "\(inbox)/\(pdf)")
    for html in htmls {
      try FileManager.default.copyItem(atPath: "\(Tally.repoRoot)/samples/\(html)", toPath: "\(inbox)/\(html)")
    }
    return inbox
  }

  private static func statuses(_ out: String) -> [String: String] {
    Dictionary(uniqueKeysWithValues: Tally.manifestDocuments(out).map { ($0["file"] as? String ?? "", $0["status"] as? String ?? "") })
  }

  /// pipeline.yaml with `entries` under `documents:`; every check is written, passes too, so a
  /// rule kind switched off shows.
  private static func config(_ entries: String) -> String {
    "version: 1\nemit: {findings: all}\n" + (entries.isEmpty ? "" : "documents:\n" + entries)
  }

  /// Writes `entries` into the settings file and runs; returns each document's status.
  private static func run(_ entries: String, yaml: String, inbox: String, out: String) throws -> [String: String] {
    try config(entries).write(toFile: yaml, atomically: true, encoding: .utf8)
    let run = try Tally.run(["ingest", "--inbox", inbox, "--out", out, "--config", yaml, "--jobs", "2"])
    #expect(run.status == 0, "\(run.stderr)")
    return statuses(out)
  }

  private static func kinds(_ out: String) -> Set<String> {
    Set(Tally.lines("\(out)/findings/\(pdf).jsonl").compactMap { $0["kind"] as? String })
  }

  @Test func documentsEntry_changedForOneDocument_redoesExactlyThatOne() throws {
    let inbox = try Self.inbox("perdoc-in")
    let out = Tally.temporaryFolder("perdoc-out")
    let yaml = inbox + "/../perdoc-\(getpid()).yaml"
    let entry = "  - match: \"highlights-*.html\"\n    normalize: {stated_figures_max_run: 2}\n"
    let first = try Self.run(entry, yaml: yaml, inbox: inbox, out: out)
    #expect(Set(first.values) == ["ok"], "\(first)")
    #expect(Self.kinds(out).contains("row_total"))
    let settingsBefore = Tally.manifestDocuments(out).map { $0["settings_sha256"] as? String }

    // The entry's value changes: only the document it matches is read again.
    let edited = entry.replacingOccurrences(of: "max_run: 2", with: "max_run: 5")
    #expect(
      try Self.run(edited, yaml: yaml, inbox: inbox, out: out) == [
        "highlights-welzijn.html": "ok", "maatschappelijke-ondersteuning-2023.html": "unchanged", Self.pdf: "unchanged",
      ])
    let settingsAfter = Tally.manifestDocuments(out).map { $0["settings_sha256"] as? String }
    #expect(zip(settingsBefore, settingsAfter).filter { $0 != $1 }.count == 1)

    // A new entry for the PDF (a rule kind switched off) redoes the PDF only, and applies.
    let off = "  - match: \"*.pdf\"\n    reconcile:\n      kinds: {row_total: {enabled: false}}\n"
    #expect(
      try Self.run(edited + off, yaml: yaml, inbox: inbox, out: out) == [
        "highlights-welzijn.html": "unchanged", "maatschappelijke-ondersteuning-2023.html": "unchanged", Self.pdf: "ok",
      ])
    #expect(!Self.kinds(out).contains("row_total"), "\(Self.kinds(out))")
  }

  @Test func skipPages_pagesAreNotReadAndTheLogSaysSo() throws {
    let inbox = try Self.inbox("skip-in")
    let out = Tally.temporaryFolder("skip-out")
    let yaml = inbox + "/../skip-\(getpid()).yaml"
    #expect(Set(try Self.run("", yaml: yaml, inbox: inbox, out: out).values) == ["ok"])
    let pagesBefore = Set(Tally.lines("\(out)/tables/\(Self.pdf).jsonl").compactMap { $0["page"] as? Int })
    #expect(pagesBefore.contains(1) && pagesBefore.contains(2), "tables on pages \(pagesBefore)")

    let statuses = try Self.run("  - match: \"imens-*\"\n    skip_pages: \"1-2\"\n", yaml: yaml, inbox: inbox, out: out)
    #expect(statuses[Self.pdf] == "ok" && statuses[Self.htmls[0]] == "unchanged", "\(statuses)")
    let pagesAfter = Set(Tally.lines("\(out)/tables/\(Self.pdf).jsonl").compactMap { $0["page"] as? Int })
    #expect(!pagesAfter.isEmpty && pagesAfter.isSubset(of: [3]), "tables on pages \(pagesAfter)")
    let log = try String(contentsOfFile: "\(out)/reconciliation.log", encoding: .utf8)
    #expect(log.contains("page 1: skipped: skip_pages in the settings for this document"), "\(log.prefix(3000))")
    #expect(log.contains("page 2: skipped: skip_pages"))
    #expect(!log.contains("page 3: skipped"))
  }

  @Test func unknownKeyInAnEntry_stopsTheRunNamingItsLine() throws {
    let yaml = Tally.temporaryFolder("perdoc-bad") + "/pipeline.yaml"
    try "version: 1\ndocuments:\n  - match: \"*.pdf\"\n    skip: \"1\"\n".write(toFile: yaml, atomically: true, encoding: .utf8)
    let out = Tally.temporaryFolder("perdoc-bad-out")
    let run = try Tally.run(["ingest", "--inbox", "samples", "--out", out, "--config", yaml])
    #expect(run.status == 2)
    #expect(run.stderr.contains("line 4: documents[0].skip: unknown key 'skip'"), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/run.json"))
  }
}

extension Tally {
  /// The `documents` of `out/run.json`.
  static func manifestDocuments(_ out: String) -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: "\(out)/run.json"),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [] }
    return manifest["documents"] as? [[String: Any]] ?? []
  }

  /// True when nothing holds the run lock of `out` (a flock taken and let go at once).
  static func lockIsFree(_ out: String) -> Bool {
    let fd = open("\(out)/.tally.lock", O_RDWR | O_CREAT, 0o644)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return flock(fd, LOCK_EX | LOCK_NB) == 0
  }
}
