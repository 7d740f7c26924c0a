import Foundation
import Testing

/// A kill at any moment leaves each output complete (old or new), and a re-run finishes the batch.
@Suite(.serialized) struct CrashSafetyTests {
  /// An inbox of distinct documents: sample copies with a trailing comment so their bytes differ.
  static func makeInbox() throws -> String {
    let inbox = Tally.temporaryFolder("crash-inbox")
    let samples = ["imens-jaarverslag-2023.pdf", "imens-jaarverslag-2023.html", "highlights-welzijn.html"]
    for i in 0..<4 {
      for name in samples {
        var data = try Data(contentsOf: URL(fileURLWithPath: "\(Tally.repoRoot)/samples/\(name)"))
        data.append(contentsOf: Array((name.hasSuffix(".pdf") ? "\n%copy \(i)\n" : "\n<!-- copy \(i) -->\n").utf8))
        try data.write(to: URL(fileURLWithPath: "\(inbox)/copy\(i)-\(name)"))
      }
    }
    return inbox
  }

  /// Every output file present is whole: JSONL files end with a newline and every line parses.
  static func assertComplete(_ out: String) throws {
    for folder in ["records", "findings", "tables"] {
      let dir = "\(out)/\(folder)"
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
      for name in names where !name.hasPrefix(".") {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
        if !data.isEmpty { #expect(data.last == 0x0A, "\(folder)/\(name) does not end with a newline") }
        for line in data.split(separator: 0x0A) {
          #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil, "\(folder)/\(name) has a broken line")
        }
      }
    }
    if FileManager.default.fileExists(atPath: "\(out)/run.json") {
      let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/run.json"))
      #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "run.json is broken")
    }
  }

  @Test func sigkillAtRandomMoments_leavesCompleteFilesAndRerunFinishes() throws {
    let inbox = try Self.makeInbox()
    let out = Tally.temporaryFolder("crash-out")
    var generator = SystemRandomNumberGenerator()
    for round in 0..<10 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: Tally.binary)
      p.arguments = ["ingest", "--inbox", inbox, "--out", out, "--force", "--jobs", "2"]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      let delay = UInt32.random(in: 20_000...(round < 5 ? 400_000 : 1_500_000), using: &generator)
      usleep(delay)
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      try Self.assertComplete(out)
    }
    let final = try Tally.run(["ingest", "--inbox", inbox, "--out", out])
    #expect(final.status == 0, "\(final.stderr)")
    try Self.assertComplete(out)
    let manifest = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: "\(out)/run.json"))) as? [String: Any]
    let docs = manifest?["documents"] as? [[String: Any]] ?? []
    #expect(docs.count == 12)
    #expect(docs.allSatisfy { ["ok", "unchanged"].contains($0["status"] as? String ?? "") }, "\(docs)")
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
  }
}
