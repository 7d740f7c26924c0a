import Foundation
import Testing

/// The output folder's housekeeping, through the real binary: outputs of documents gone from the
/// inbox leave `out/`, the run lock is a flock, a run outside the project says which settings it
/// uses, and the progress line shows pages.
@Suite(.serialized) struct HousekeepingTests {
  static let htmls = ["highlights-welzijn.html", "maatschappelijke-ondersteuning-2023.html"]

  @Test func removedDocument_outputsMoveToStaleWithALineInTheLog() throws {
    let inbox = Tally.temporaryFolder("stale-in")
    let out = Tally.temporaryFolder("stale-out")
    for html in Self.htmls {
      try FileManager.default.copyItem(atPath: "\(Tally.repoRoot)/samples/\(html)", toPath: "\(inbox)/\(html)")
    }
    let first = try Tally.run(["ingest", "--inbox", inbox, "--out", out])
    #expect(first.status == 0, "\(first.stderr)")
    let gone = Self.htmls[0]
    for folder in ["records", "findings", "tables"] {
      #expect(FileManager.default.fileExists(atPath: "\(out)/\(folder)/\(gone).jsonl"))
    }

    try FileManager.default.removeItem(atPath: "\(inbox)/\(gone)")
    let second = try Tally.run(["ingest", "--inbox", inbox, "--out", out])
    #expect(second.status == 0, "\(second.stderr)")
    for folder in ["records", "findings", "tables"] {
      #expect(!FileManager.default.fileExists(atPath: "\(out)/\(folder)/\(gone).jsonl"), "\(folder)")
      #expect(FileManager.default.fileExists(atPath: "\(out)/stale/\(folder)/\(gone).jsonl"), "stale/\(folder)")
      #expect(FileManager.default.fileExists(atPath: "\(out)/\(folder)/\(Self.htmls[1]).jsonl"))
    }
    #expect(!FileManager.default.fileExists(atPath: "\(out)/.state/\(gone).json"))
    let log = try String(contentsOfFile: "\(out)/reconciliation.log", encoding: .utf8)
    #expect(log.contains("no longer in the inbox: \(gone): its outputs were moved to \(out)/stale/"), "\(log.suffix(600))")
    let manifest = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/run.json"))) as? [String: Any])
    let stale = manifest["stale_outputs"] as? [String: Any]
    #expect(stale?["documents"] as? [String] == [gone])
    #expect(Tally.manifestDocuments(out).map { $0["file"] as? String } == [Self.htmls[1]])
    let check = try Tally.python(["schemas/validate.py", out])
    #expect(check.status == 0, "\(check.stdout)")

    // Nothing else gone: the next run moves nothing and says nothing.
    let third = try Tally.run(["ingest", "--inbox", inbox, "--out", out])
    #expect(third.status == 0)
    let log3 = try String(contentsOfFile: "\(out)/reconciliation.log", encoding: .utf8)
    #expect(!log3.contains("no longer in the inbox"))
  }

  @Test func secondRun_whileTheOutputFolderIsLocked_isRefusedThroughFlock() throws {
    let inbox = Tally.temporaryFolder("lock-in")
    let out = Tally.temporaryFolder("lock-out")
    try FileManager.default.copyItem(
      atPath: "\(Tally.repoRoot)/samples/\(Self.htmls[0])", toPath: "\(inbox)/\(Self.htmls[0])")
    // This test holds the flock, as a running `tally ingest` does.
    let fd = open("\(out)/.tally.lock", O_RDWR | O_CREAT, 0o644)
    #expect(fd >= 0)
    #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
    let refused = try Tally.run(["ingest", "--inbox", inbox, "--out", out])
    close(fd)
    #expect(refused.status == 75, "\(refused.stderr)")
    let lines = refused.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(refused.stderr)")
    #expect(refused.stderr.contains("another tally run") && refused.stderr.contains(out), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/run.json"), "the refused run wrote")

    // A lock file left behind (with any pid in it) but not held is no obstacle.
    try "999999\n".write(toFile: "\(out)/.tally.lock", atomically: true, encoding: .utf8)
    let retry = try Tally.run(["ingest", "--inbox", inbox, "--out", out])
    #expect(retry.status == 0, "\(retry.stderr)")
    #expect(Tally.lockIsFree(out), "the lock is still held after the run")
  }

  @Test func runOutsideTheProject_withoutConfig_saysItUsesTheDefaults() throws {
    let folder = Tally.temporaryFolder("no-config")
    let run = try Tally.run(["config"], cwd: folder)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("no pipeline.yaml in"), "\(run.stderr)")
    #expect(run.stderr.contains("using the built-in default settings"), "\(run.stderr)")
    // In the project (pipeline.yaml in the current folder) nothing is said.
    let inProject = try Tally.run(["config"])
    #expect(!inProject.stderr.contains("no pipeline.yaml"), "\(inProject.stderr)")
  }

  @Test func progressLine_onATerminal_showsThePageOfTheDocumentBeingRead() throws {
    let inbox = Tally.temporaryFolder("progress-in")
    let out = Tally.temporaryFolder("progress-out")
    try FileManager.default.copyItem(
      atPath: "\(Tally.repoRoot)/Tests/Fixtures/pdf/imens-3-pages.pdf", toPath: "\(inbox)/imens-3-pages.pdf")
    // script(1) gives the run a terminal, where the line is redrawn at every page.
    let command = [Tally.binary, "ingest", "--inbox", inbox, "--out", out, "--jobs", "1"]
      .map { "'\($0)'" }.joined(separator: " ")
    let run = try Tally.launchTool("/usr/bin/script", ["-qec", command, "/dev/null"])
    #expect(run.status == 0, "\(run.stdout.suffix(2000))")
    for page in 1...3 {
      #expect(run.stdout.contains("imens-3-pages.pdf page \(page)/3"), "\(run.stdout.suffix(2000))")
    }
    #expect(run.stdout.contains("[1/1]"))
  }
}
