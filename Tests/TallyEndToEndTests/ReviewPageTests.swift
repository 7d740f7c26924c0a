import Foundation
import Testing

/// The analyst's review page in a real headless browser, the log's first screen, and accepting a
/// finding, end to end through the built binary. The inbox holds one sample PDF and one sample
/// HTML page (copied, so the test can change a figure of its own copy).
@Suite(.serialized) struct ReviewPageTests {
  static let documents = ["imens-jaarverslag-2023.pdf", "imens-jaarverslag-2023.html"]

  /// One ingest shared by the tests below.
  static let run: (inbox: String, out: String, result: Tally.Result?) = {
    let root = Tally.temporaryFolder("review")
    let inbox = root + "/inbox"
    try? FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    for name in documents {
      try? FileManager.default.copyItem(atPath: Tally.repoRoot + "/samples/" + name, toPath: inbox + "/" + name)
    }
    let out = root + "/out"
    let result = try? Tally.run(["ingest", "--inbox", inbox, "--out", out, "--jobs", "2"])
    return (inbox, out, result)
  }()

  static func findings(_ out: String) -> [[String: Any]] {
    let folder = out + "/findings"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted().flatMap { Tally.lines(folder + "/" + $0) }
  }

  /// Opens `page` (a file in `out`) in headless chromium with `?selftest=1` and returns what the
  /// page's test mode measured.
  static func browse(_ page: String) throws -> [String: Any] {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    let binary = try #require(chromium, "chromium is not installed: make review-deps")
    let profile = Tally.temporaryFolder("review-chromium-\(UUID().uuidString.prefix(8))")
    let url = URL(fileURLWithPath: page).absoluteString + "?selftest=1"
    let result = try Self.launch(
      binary,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--allow-file-access-from-files", "--user-data-dir=\(profile)", "--virtual-time-budget=30000",
        "--dump-dom", url,
      ])
    try? FileManager.default.removeItem(atPath: profile)
    let dom = result.stdout
    let open = try #require(dom.range(of: #"<pre id="selftest"[^>]*>"#, options: .regularExpression), "no #selftest in the DOM: \(result.stderr.suffix(2000))")
    let close = try #require(dom.range(of: "</pre>", range: open.upperBound..<dom.endIndex))
    let text = String(dom[open.upperBound..<close.lowerBound])
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
    #expect(!text.isEmpty, "the page's test mode did not finish within the time budget")
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Runs a program with its output in files (read once it has exited, as `Tally.run` does).
  static func launch(_ executable: String, _ arguments: [String]) throws -> Tally.Result {
    let stem = NSTemporaryDirectory() + "tally-review-io-\(getpid())-\(UUID().uuidString)"
    FileManager.default.createFile(atPath: stem + ".out", contents: nil)
    FileManager.default.createFile(atPath: stem + ".err", contents: nil)
    defer {
      try? FileManager.default.removeItem(atPath: stem + ".out")
      try? FileManager.default.removeItem(atPath: stem + ".err")
    }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: stem + ".out"))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: stem + ".err"))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try out.close()
    try err.close()
    return Tally.Result(
      status: p.terminationStatus,
      stdout: String(decoding: FileManager.default.contents(atPath: stem + ".out") ?? Data(), as: UTF8.self),
      stderr: String(decoding: FileManager.default.contents(atPath: stem + ".err") ?? Data(), as: UTF8.self))
  }

  /// Every outline whose pixel box on its crop is not the finding's cell box scaled to the crop
  /// (more than a pixel off), or that holds no ink (the printed figure is not under it).
  static func misplacedOutlines(_ measured: [String: Any], findings: [[String: Any]]) -> (checked: Int, wrong: [String]) {
    let byID = Dictionary(findings.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    var checked = 0
    var wrong: [String] = []
    for r in measured["findings"] as? [[String: Any]] ?? [] {
      guard let crop = r["crop"] as? [String: Any], let id = r["id"] as? String, let f = byID[id] else { continue }
      let x0 = crop["x0"] as? Double ?? .nan
      let y0 = crop["y0"] as? Double ?? .nan
      let scale = crop["scale"] as? Double ?? .nan
      let cells = f["cells"] as? [[String: Any]] ?? []
      for o in r["outlines"] as? [[String: Any]] ?? [] {
        checked += 1
        let index = o["cell"] as? Int ?? -1
        guard cells.indices.contains(index), let b = cells[index]["bbox"] as? [Double], b.count == 4,
          let box = o["box"] as? [Double], box.count == 4
        else {
          wrong.append("\(id): outline of cell \(index) has no box")
          continue
        }
        let expected = [(b[0] - x0) * scale, (b[1] - y0) * scale, (b[2] - x0) * scale, (b[3] - y0) * scale]
        let off = zip(expected, box).map { abs($0 - $1) }.max() ?? .infinity
        if !(off <= 1.0) { wrong.append("\(id): cell \(index) outline \(box) expected \(expected)") }
        let raw = (cells[index]["raw"] as? String ?? "").trimmingCharacters(in: .whitespaces)
        if !raw.isEmpty, !((o["ink"] as? Int ?? 0) > 0) {
          wrong.append("\(id): no ink under the outline of \(raw) (ink \(o["ink"] ?? "unreadable"))")
        }
      }
    }
    return (checked, wrong)
  }

  @Test func reviewPage_inHeadlessChromium_listsEveryFindingWithCropsOutlinesAndFilters() throws {
    let result = try #require(Self.run.result)
    #expect(result.status == 0, "\(result.stderr)")
    let out = Self.run.out
    let page = out + "/review.html"
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains(#"http-equiv="Content-Security-Policy" content="default-src 'none'"#))
    #expect(html.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression) == nil)

    let findings = Self.findings(out)
    #expect(findings.count > 10)
    let measured = try Self.browse(page)
    let listed = (measured["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    #expect(Set(listed) == Set(findings.compactMap { $0["id"] as? String }))
    #expect(listed.count == findings.count)

    // Every crop loads; every outline sits on its cell's box scaled to the crop, over ink.
    let withCrop = (measured["findings"] as? [[String: Any]] ?? []).compactMap { $0["crop"] as? [String: Any] }
    #expect(withCrop.count > 0)
    for c in withCrop { #expect(c["loaded"] as? Bool == true, "\(c["src"] ?? "")") }
    let (checked, wrong) = Self.misplacedOutlines(measured, findings: findings)
    // The inbox's PDF errors give about twenty outlines; at least ten must be measured, so an empty
    // or crop-less page cannot pass.
    #expect(checked >= 10)
    #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    // The HTML source's findings show its table with the cells marked.
    let marks = (measured["findings"] as? [[String: Any]] ?? []).filter { ($0["doc"] as? String)?.hasSuffix(".html") == true }
      .flatMap { $0["marks"] as? [[String: Any]] ?? [] }
    #expect(marks.contains { $0["role"] as? String == "stated" })

    // Filters change what is shown.
    let filters = try #require(measured["filters"] as? [String: Any])
    let errors = findings.filter { $0["severity"] as? String == "error" }.count
    #expect(filters["all"] as? Int == findings.count)
    #expect(filters["error"] as? Int == errors)
    #expect(errors > 0 && errors < findings.count)
    #expect((filters["errorShownSev"] as? [String]) == ["error"])
    let doc = filters["doc"] as? String ?? ""
    #expect(filters["docCount"] as? Int == findings.filter { $0["source"] as? String == doc }.count)
    #expect(filters["acceptedOnly"] as? Int == 0)
    // Keyboard: j, j, j, k walk the findings in page order.
    #expect((measured["keyboard"] as? [String]) == [listed[0], listed[1], listed[2], listed[1]])
    // No request leaves the page: nothing the page loaded or links to is off this disk.
    #expect(Self.outsideRequests(measured).isEmpty, "\(Self.outsideRequests(measured))")
    #expect((measured["urls"] as? [String] ?? []).count >= withCrop.count)
  }

  /// What the page loaded, or points to, that is not on this disk (resource timing lists only
  /// network loads; every src and href resolved; the policy's violations).
  static func outsideRequests(_ measured: [String: Any]) -> [String] {
    let resources = (measured["resources"] as? [String] ?? []).filter { !$0.hasPrefix("file://") }
    let urls = (measured["urls"] as? [String] ?? []).filter {
      $0.split(separator: " ", maxSplits: 2).last?.hasPrefix("file://") != true
    }
    return resources + urls + (measured["violations"] as? [String] ?? [])
  }

  @Test func reviewPage_tamperedOnPurpose_misplacedOutlinesAndOutsideLoadsAreCaught() throws {
    _ = try #require(Self.run.result)
    let out = Self.run.out
    let html = try String(contentsOfFile: out + "/review.html", encoding: .utf8)
    // Move every outline 4 % of its crop's width to the right.
    let regex = try NSRegularExpression(pattern: #"(<span class="o [a-z]+" data-cell="\d+" title="[^"]*" style="left:)([0-9.]+)%"#)
    var shifted = html
    for m in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).reversed() {
      let value = Double(html[Range(m.range(at: 2), in: html)!])!
      shifted.replaceSubrange(Range(m.range(at: 2), in: shifted)!, with: String(value + 4))
    }
    #expect(shifted != html)
    // And an image from elsewhere.
    shifted = shifted.replacingOccurrences(
      of: "<main>", with: #"<main><img id="outside" src="https://example.org/logo.png" alt="">"#)
    let copy = out + "/review-shifted.html"
    try shifted.write(toFile: copy, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: copy) }
    let measured = try Self.browse(copy)
    let (checked, wrong) = Self.misplacedOutlines(measured, findings: Self.findings(out))
    #expect(checked >= 10)
    #expect(wrong.count >= checked, "only \(wrong.count) of \(checked) outlines caught")
    #expect(Self.outsideRequests(measured).contains { $0.contains("https://example.org/logo.png") })
  }

  @Test func log_firstScreenShowsEveryError() throws {
    _ = try #require(Self.run.result)
    let log = try String(contentsOfFile: Self.run.out + "/reconciliation.log", encoding: .utf8)
    let errors = Self.findings(Self.run.out).filter { $0["severity"] as? String == "error" && $0["status"] as? String != "pass" }
    #expect(errors.count > 0)
    let lines = log.components(separatedBy: "\n")
    let header = try #require(lines.firstIndex { $0.hasPrefix("ERRORS (\(errors.count))") })
    let warnings = try #require(lines.firstIndex { $0.hasPrefix("WARNINGS (") })
    let block = lines[header..<warnings].joined(separator: "\n")
    for e in errors { #expect(block.contains("id \(e["id"] as? String ?? "?")")) }
    // Two or three lines an error, plus a line per document.
    #expect(warnings - header <= 1 + Self.documents.count + 3 * errors.count + 1)
    #expect(!log.contains("pass     "))
  }

  @Test func verbose_listsThePassedChecksToo_andKeepsTheCrops() throws {
    _ = try #require(Self.run.result)
    let again = try Tally.run(["ingest", "--inbox", Self.run.inbox, "--out", Self.run.out, "--verbose"])
    #expect(again.status == 0)
    let log = try String(contentsOfFile: Self.run.out + "/reconciliation.log", encoding: .utf8)
    #expect(log.contains("pass     row_total"))
    #expect(log.contains("6 911 564,92"))
    // The documents did not change: every crop is kept from the first run, none is rendered.
    let manifest = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: Self.run.out + "/run.json"))) as? [String: Any]
    let review = try #require(manifest?["review"] as? [String: Any])
    #expect((review["crops"] as? Int ?? 0) > 0)
    #expect(review["crops_rendered"] as? Int == 0)
  }
}

/// Accepting findings: accept, re-run, still accepted; change the figure, re-run, it is back.
@Suite(.serialized) struct AcceptFindingTests {
  @Test func accept_survivesReRun_changedFigureBringsTheFindingBack() throws {
    let root = Tally.temporaryFolder("accept")
    let inbox = root + "/inbox"
    let out = root + "/out"
    try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    let name = "imens-jaarverslag-2023.html"
    try FileManager.default.copyItem(atPath: Tally.repoRoot + "/samples/" + name, toPath: inbox + "/" + name)
    let first = try Tally.run(["ingest", "--inbox", inbox, "--out", out, "--strict"])
    #expect(first.status == 1, "a sample with errors fails --strict")
    let findingsFile = out + "/findings/\(name).jsonl"
    let errors = Tally.lines(findingsFile).filter { $0["severity"] as? String == "error" && $0["status"] as? String == "fail" }
    #expect(errors.count > 0)

    // Accept every error: the run then passes --strict, and the findings stay, marked.
    for e in errors {
      let r = try Tally.run(["accept", e["id"] as? String ?? "", "--note", "checked against the source: fine", "--inbox", inbox, "--out", out])
      #expect(r.status == 0, "\(r.stderr)")
    }
    #expect(FileManager.default.fileExists(atPath: root + "/accepted.yaml"))
    let second = try Tally.run(["ingest", "--inbox", inbox, "--out", out, "--strict"])
    #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
    let marked = Tally.lines(findingsFile).filter { $0["review"] != nil }
    #expect(marked.count == errors.count)
    #expect(marked.allSatisfy { ($0["review"] as? [String: String])?["note"] == "checked against the source: fine" })
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
    #expect(((manifest?["totals"] as? [String: Any])?["findings"] as? [String: Any])?["error"] as? Int == 0)
    #expect((manifest?["review"] as? [String: Any])?["accepted"] as? Int == errors.count)
    let page = try String(contentsOfFile: out + "/review.html", encoding: .utf8)
    #expect(page.components(separatedBy: "data-acc=\"yes\"").count - 1 == errors.count)

    // A third run, nothing changed: still accepted.
    let third = try Tally.run(["ingest", "--inbox", inbox, "--out", out, "--strict"])
    #expect(third.status == 0)
    #expect(Tally.lines(findingsFile).filter { $0["review"] != nil }.count == errors.count)

    // A re-issued file (other bytes, same figures): every finding has a new id, and every
    // acceptance still applies, met at the check's place with the same figures.
    let reissued = try String(contentsOfFile: inbox + "/" + name, encoding: .utf8) + "\n<!-- re-issued -->\n"
    try reissued.write(toFile: inbox + "/" + name, atomically: true, encoding: .utf8)
    let reissuedRun = try Tally.run(["ingest", "--inbox", inbox, "--out", out, "--strict"])
    #expect(reissuedRun.status == 0, "\(reissuedRun.stdout)")
    let reissuedLines = Tally.lines(findingsFile)
    #expect(Set(reissuedLines.compactMap { $0["id"] as? String }).isDisjoint(with: errors.compactMap { $0["id"] as? String }))
    #expect(reissuedLines.filter { $0["review"] != nil }.count == errors.count)

    // Change the figure of one accepted error (its printed total, by one): the check is back as
    // an error, and its old acceptance is reported stale.
    let target = try #require(errors.first { e in
      let cells = e["cells"] as? [[String: Any]] ?? []
      let stated = cells.last?["raw"] as? String ?? ""
      return !stated.isEmpty && Self.occurrences(of: ">\(stated)<", in: inbox + "/" + name) == 1
    }, "no error whose printed total occurs once in the page")
    let stated = ((target["cells"] as? [[String: Any]])?.last?["raw"] as? String)!
    let changed = Self.bumpLastDigit(stated)
    let path = inbox + "/" + name
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: ">\(stated)<", with: ">\(changed)<").write(toFile: path, atomically: true, encoding: .utf8)
    let fourth = try Tally.run(["ingest", "--inbox", inbox, "--out", out, "--strict"])
    #expect(fourth.status == 1, "the changed figure fails --strict again")
    let back = Tally.lines(findingsFile).filter {
      $0["rule"] as? String == target["rule"] as? String && ($0["row_path"] as? [String]) == (target["row_path"] as? [String])
        && ($0["column_path"] as? [String]) == (target["column_path"] as? [String])
    }
    #expect(back.count == 1)
    #expect(back.first?["review"] == nil)
    #expect(back.first?["severity"] as? String == "error")
    let log = try String(contentsOfFile: out + "/reconciliation.log", encoding: .utf8)
    #expect(log.contains("\(target["id"] as? String ?? "?")  \(name): its figures changed"), "\(log.suffix(800))")
    let manifest4 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
    #expect(((manifest4?["review"] as? [String: Any])?["stale"] as? [String])?.contains(target["id"] as? String ?? "?") == true)
  }

  @Test func accept_unknownID_exitsOneAndWritesNothing() throws {
    let root = Tally.temporaryFolder("accept-unknown")
    let r = try Tally.run(["accept", "0123456789abcdef", "--note", "x", "--inbox", root + "/inbox", "--out", root + "/out"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("no finding with id 0123456789abcdef"))
    #expect(!FileManager.default.fileExists(atPath: root + "/accepted.yaml"))
  }

  static func occurrences(of needle: String, in path: String) -> Int {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return text.components(separatedBy: needle).count - 1
  }

  /// "1 234" → "1 235", "9" → "8": another figure of the same shape.
  static func bumpLastDigit(_ s: String) -> String {
    var chars = Array(s)
    guard let i = chars.lastIndex(where: \.isNumber), let d = chars[i].wholeNumberValue else { return s + "1" }
    chars[i] = Character(String(d == 9 ? 8 : d + 1))
    return String(chars)
  }
}
