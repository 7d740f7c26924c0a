import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 19: one document can never take the batch down. Each document is read in a worker
/// process with a deadline and a memory cap; run.json and the log are written after every
/// document; SIGTERM stops cleanly; a killed run is finished by the next. The worker is made to
/// crash, hang or eat memory on one file by its test-only switches (`TALLY_TEST_TRAP_ON`,
/// `TALLY_TEST_HANG_ON`, `TALLY_TEST_HOG_ON`, see `TestSwitches` in Sources/TallyPipeline/Worker.swift),
/// so these tests do not depend on one real bug.
@Suite(.serialized) struct IsolationTests {
  typealias Bad = BadInputTests

  /// An inbox with three good documents (the HTML sample, a one-page PDF, a 29-page sample PDF)
  /// and `bad`, a copy of the one-page PDF with other bytes.
  static func inbox(_ name: String, bad: String) throws -> String {
    let inbox = try Bad.inbox(name)
    try Bad.copyFixture("table.pdf", to: inbox, as: "tabel.pdf")
    try FileManager.default.copyItem(
      atPath: "\(Tally.repoRoot)/samples/imens-jaarverslag-2023.pdf", toPath: "\(inbox)/imens.pdf")
    var data = try Data(contentsOf: URL(fileURLWithPath: "\(Bad.fixtures)/table.pdf"))
    data.append(contentsOf: Array("\n%other bytes\n".utf8))
    try data.write(to: URL(fileURLWithPath: "\(inbox)/\(bad)"))
    return inbox
  }

  static let good = [Bad.good, "tabel.pdf", "imens.pdf"]

  /// The good documents were read, with their outputs.
  static func expectGoodRead(_ run: Bad.Run, status: String = "ok") {
    for name in good {
      #expect(run.status(of: name) == status, "\(name): \(run.document(name) ?? [:])")
      for folder in ["records", "findings", "tables"] {
        #expect(FileManager.default.fileExists(atPath: "\(run.out)/\(folder)/\(name).jsonl"), "\(folder)/\(name).jsonl")
      }
    }
  }

  static func config(_ name: String, _ yaml: String) throws -> String {
    let path = Tally.temporaryFolder("iso-\(name)-config") + "/pipeline.yaml"
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func workerTrapsOnOneDocument_batchCompletes_failedWithSignal_keptUntilForce() throws {
    let inbox = try Self.inbox("trap", bad: "kapot.pdf")
    let run = try Bad.ingest(inbox, name: "trap", environment: ["TALLY_TEST_TRAP_ON": "kapot.pdf"])
    Bad.expectRunCompleted(run, files: ["kapot.pdf"], seconds: 60)
    Self.expectGoodRead(run)
    Bad.expectNotRead(run, "kapot.pdf", status: "failed", reason: "crashed while reading page 1 (signal 4)")
    #expect(run.totals["ok"] as? Int == 3)
    #expect(run.totals["failed"] as? Int == 1)
    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(run.out)/run.json")))
    #expect((manifest as? [String: Any])?["state"] as? String == "complete")

    // The same bytes and settings: the verdict stands without reading the file again (no
    // switch now, so reading it would succeed).
    let again = try Bad.ingest(inbox, name: "trap", out: run.out)
    Bad.expectRunCompleted(again, files: ["kapot.pdf"], seconds: 60, withGood: false)
    Self.expectGoodRead(again, status: "unchanged")
    #expect(again.status(of: "kapot.pdf") == "failed")
    #expect(again.reason(of: "kapot.pdf") == "crashed while reading page 1 (signal 4)")
    #expect(again.document("kapot.pdf")?["from_earlier_run"] as? Bool == true)
    #expect(
      again.stdout.contains("kapot.pdf: crashed while reading page 1 (signal 4) (unchanged; --force retries)"),
      "\(again.stdout)")

    // --force reads it again.
    let forced = try Bad.ingest(inbox, name: "trap", extra: ["--force"], out: run.out)
    Bad.expectRunCompleted(forced, files: ["kapot.pdf"], seconds: 60)
    #expect(forced.status(of: "kapot.pdf") == "ok", "\(forced.document("kapot.pdf") ?? [:])")
    #expect(forced.document("kapot.pdf")?["from_earlier_run"] as? Bool == false)
    let check = try Tally.python(["schemas/validate.py", forced.out])
    #expect(check.status == 0, "\(check.stdout)")
  }

  @Test func workerHangsOnOneDocument_killedAtItsDeadline_othersFinish() throws {
    let inbox = try Self.inbox("hang", bad: "traag.pdf")
    let config = try Self.config("hang", "ingest:\n  deadline_floor_seconds: 5\n  deadline_cap_seconds: 5\n")
    let run = try Bad.ingest(
      inbox, name: "hang", limit: 120, extra: ["--config", config], environment: ["TALLY_TEST_HANG_ON": "traag.pdf"])
    Bad.expectRunCompleted(run, files: ["traag.pdf"], seconds: 60)
    Self.expectGoodRead(run)
    Bad.expectNotRead(run, "traag.pdf", status: "failed", reason: "took longer than 5 s (at page 1 of 1)")
    #expect(run.seconds >= 5, "the deadline was not waited for: \(run.seconds) s")
  }

  @Test func workerEatsMemory_killedAtItsCap_othersFinish() throws {
    let inbox = try Self.inbox("hog", bad: "gulzig.pdf")
    let config = try Self.config("hog", "ingest:\n  memory_limit_mb: 256\n")
    let run = try Bad.ingest(
      inbox, name: "hog", limit: 120, extra: ["--config", config], environment: ["TALLY_TEST_HOG_ON": "gulzig.pdf"])
    Bad.expectRunCompleted(run, files: ["gulzig.pdf"], seconds: 60)
    Self.expectGoodRead(run)
    let reason = run.reason(of: "gulzig.pdf") ?? ""
    #expect(run.status(of: "gulzig.pdf") == "failed")
    #expect(reason.hasPrefix("used more than 256 MB of memory"), "\(reason)")
  }

  // MARK: Stopping and killing mid-run

  /// Starts `tally ingest --jobs 1` on an inbox whose last document hangs, and waits until
  /// run.json lists the three good ones (written as the run goes); returns the process, the
  /// output folder, the pids of its workers and the inbox.
  static func startHangingRun(_ name: String) throws -> (Process, String, [pid_t], String) {
    let inbox = try Self.inbox(name, bad: "zz-hangt.pdf")
    let out = Tally.temporaryFolder("iso-\(name)-out")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Tally.binary)
    p.arguments = ["ingest", "--inbox", inbox, "--out", out, "--jobs", "1"]
    var env = ProcessInfo.processInfo.environment
    env["TALLY_TEST_HANG_ON"] = "zz-hangt.pdf"
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let start = Date()
    while Date().timeIntervalSince(start) < 120 {
      if documents(out).count == 3 { break }
      usleep(50_000)
    }
    usleep(200_000)
    return (p, out, children(of: p.processIdentifier), inbox)
  }

  /// The documents run.json lists, by name.
  static func documents(_ out: String) -> [String: [String: Any]] {
    guard let data = FileManager.default.contents(atPath: "\(out)/run.json"),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [:] }
    var out: [String: [String: Any]] = [:]
    for d in root["documents"] as? [[String: Any]] ?? [] { out[d["file"] as? String ?? ""] = d }
    return out
  }

  static func manifestState(_ out: String) -> String? {
    guard let data = FileManager.default.contents(atPath: "\(out)/run.json"),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return nil }
    return root["state"] as? String
  }

  /// Child processes of `pid` (its workers), from /proc.
  static func children(of pid: pid_t) -> [pid_t] {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    var out: [pid_t] = []
    for t in tasks {
      let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(t)/children", encoding: .utf8)) ?? ""
      out += text.split(separator: " ").compactMap { pid_t(String($0)) }
    }
    return out
  }

  /// Whether `pid` is gone (or a zombie nobody waits for any more).
  static func isGone(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    return stat.contains(") Z ")
  }

  @Test func sigtermMidRun_exits143_runJSONListsTheFinishedDocuments() throws {
    let (p, out, workers, _) = try Self.startHangingRun("term")
    #expect(Self.documents(out).count == 3, "run.json was not written as the run went: \(Self.documents(out).keys)")
    #expect(Self.manifestState(out) == "running")
    #expect(!workers.isEmpty, "no worker process seen")
    kill(p.processIdentifier, SIGTERM)
    p.waitUntilExit()
    #expect(p.terminationReason == .exit)
    #expect(p.terminationStatus == 143)
    #expect(Self.manifestState(out) == "interrupted")
    let docs = Self.documents(out)
    #expect(Set(docs.keys) == Set(Self.good), "\(docs.keys)")
    for name in Self.good {
      #expect(docs[name]?["status"] as? String == "ok")
      #expect(FileManager.default.fileExists(atPath: "\(out)/records/\(name).jsonl"))
    }
    let log = (try? String(contentsOfFile: "\(out)/reconciliation.log", encoding: .utf8)) ?? ""
    #expect(log.contains("run interrupted: 1 inbox entry was not read"), "\(log.suffix(400))")
    #expect(Tally.lockIsFree(out), "the lock was left behind")
    usleep(300_000)
    for w in workers { #expect(Self.isGone(w), "worker \(w) still runs") }
  }

  @Test func sigkillMidRun_workersEnd_rerunCompletesWithNothingLost() throws {
    let (p, out, workers, inbox) = try Self.startHangingRun("kill")
    #expect(Self.documents(out).count == 3)
    #expect(!workers.isEmpty, "no worker process seen")
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    // The workers notice their parent is gone and end (the hanging one included).
    let start = Date()
    while Date().timeIntervalSince(start) < 10, !workers.allSatisfy(Self.isGone) { usleep(50_000) }
    for w in workers { #expect(Self.isGone(w), "worker \(w) outlived its parent") }
    #expect(Self.manifestState(out) == "running")
    try CrashSafetyTests.assertComplete(out)

    // Re-run without the switch: the batch completes; what finished before the kill is kept.
    let rerun = try Bad.ingest(inbox, name: "kill", out: out)
    Bad.expectRunCompleted(rerun, files: ["zz-hangt.pdf"], seconds: 60, withGood: false)
    Self.expectGoodRead(rerun, status: "unchanged")
    #expect(rerun.status(of: "zz-hangt.pdf") == "ok", "\(rerun.document("zz-hangt.pdf") ?? [:])")
    #expect(Self.manifestState(out) == "complete")
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
  }

  // MARK: Inbox entries that could block

  @Test func fifoDeviceAndGrowingFile_inInbox_runCompletesWithoutBlocking() throws {
    let inbox = try Bad.inbox("fifo")
    #expect(mkfifo("\(inbox)/pijp.pdf", 0o644) == 0)
    try FileManager.default.createSymbolicLink(atPath: "\(inbox)/nul.pdf", withDestinationPath: "/dev/zero")
    // A file written to all the time the run goes on.
    let growing = "\(inbox)/groeit.html"
    try Data(contentsOf: URL(fileURLWithPath: "\(Tally.repoRoot)/samples/\(Bad.good)"))
      .write(to: URL(fileURLWithPath: growing))
    let writer = Writer(path: growing)
    writer.start()
    let run = try Bad.ingest(inbox, name: "fifo", limit: 120)
    writer.stop()
    Bad.expectRunCompleted(run, files: ["pijp.pdf", "nul.pdf", "groeit.html"], seconds: 60)
    Bad.expectNotRead(run, "pijp.pdf", status: "skipped", reason: "not a regular file: a named pipe (FIFO)")
    Bad.expectNotRead(run, "nul.pdf", status: "skipped", reason: "not a regular file: a device")
    #expect(run.status(of: "groeit.html") == "failed", "\(run.document("groeit.html") ?? [:])")
    #expect(
      run.reason(of: "groeit.html") == "cannot read the file: the file changed while it was read (is it still being written?)")
  }
}

/// Appends a line to a file every millisecond on a thread of its own until stopped.
private final class Writer: @unchecked Sendable {
  let path: String
  private let lock = NSLock()
  private var running = true
  private let done = DispatchSemaphore(value: 0)

  init(path: String) { self.path = path }

  func start() {
    Thread.detachNewThread { [self] in
      let fd = open(path, O_WRONLY | O_APPEND)
      var i = 0
      while isRunning {
        let line = "<!-- \(i) -->\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
        i += 1
        usleep(1000)
      }
      close(fd)
      done.signal()
    }
  }

  private var isRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return running
  }

  func stop() {
    lock.lock()
    running = false
    lock.unlock()
    done.wait()
  }
}
