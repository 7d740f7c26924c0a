import Foundation
import TallyCore
import TallyEmit

/// What the run has done so far, written out after every document (run.json and the log, each
/// replaced atomically), so that a run killed at any moment leaves an accurate record of what
/// finished. Thread-safe: workers' results arrive from several threads.
final class RunRecord: @unchecked Sendable {
  private let lock = NSLock()
  private let entries: [InboxEntry]
  private let layout: OutputLayout
  private let options: IngestOptions
  private let config: PipelineConfig
  private let clock: ContinuousClock
  private let start: ContinuousClock.Instant
  private var summaries: [String: DocumentSummary] = [:]
  private var done = 0
  private var pages = 0

  init(
    entries: [InboxEntry], layout: OutputLayout, options: IngestOptions, config: PipelineConfig,
    clock: ContinuousClock, start: ContinuousClock.Instant
  ) {
    self.entries = entries
    self.layout = layout
    self.options = options
    self.config = config
    self.clock = clock
    self.start = start
  }

  /// Adds a document's summary (`counted`: one of the run's documents to read, for the progress
  /// line); with `write`, run.json and the log are written at once. Returns the documents done so
  /// far and their pages.
  @discardableResult
  func add(_ s: DocumentSummary, counted: Bool = true, write: Bool = false) -> (done: Int, pages: Int) {
    lock.lock()
    defer { lock.unlock() }
    summaries[s.file] = s
    if counted {
      done += 1
      pages += s.status == .ok ? (s.pages ?? 0) : 0
    }
    if write { try? writeLocked(state: "running", stoppedBy: nil) }
    return (done, pages)
  }

  /// Writes run.json and the log as they stand.
  func write() {
    lock.lock()
    defer { lock.unlock() }
    try? writeLocked(state: "running", stoppedBy: nil)
  }

  /// The final record: `complete`, or `interrupted` when a signal stopped the run.
  func finish(stoppedBy: Int32?) throws -> RunSummary {
    lock.lock()
    defer { lock.unlock() }
    return try writeLocked(state: stoppedBy == nil ? "complete" : "interrupted", stoppedBy: stoppedBy)
  }

  @discardableResult
  private func writeLocked(state: String, stoppedBy: Int32?) throws -> RunSummary {
    let ordered = entries.compactMap { summaries[$0.name] }
    let totals = ordered.reduce(CheckCounts()) { $0 + $1.counts }
    let read = ordered.filter { $0.status == .ok || $0.status == .unchanged }
    let failed = ordered.filter { $0.status == .failed }
      .map { (file: $0.file, reason: ($0.reason ?? "failed") + ($0.fromEarlierRun == true ? " (unchanged; --force retries)" : "")) }
    let skipped = ordered.filter { $0.status == .skipped }
      .map { (file: $0.file, reason: $0.reason ?? "skipped") }
    var log = ReconciliationLog.render(
      sections: read.compactMap(\.logSection), failed: failed, skipped: skipped, totals: totals,
      documents: read.count)
    if state != "complete" {
      let open = entries.count - ordered.count
      log += state == "running"
        ? "run in progress: \(ordered.count) of \(entries.count) inbox entries done so far\n"
        : "run interrupted: \(open) inbox entr\(open == 1 ? "y was" : "ies were") not read; run again to finish the batch\n"
    }
    try AtomicFile.write(log, to: layout.log)
    var summary = RunSummary(
      documents: ordered, totals: totals, seconds: IngestRun.seconds(clock.now - start), layout: layout)
    summary.state = state
    summary.stoppedBy = stoppedBy
    try AtomicFile.write(RunManifest.render(summary, options: options, config: config), to: layout.manifest)
    return summary
  }
}

/// `run.json`: what the run did with each inbox file, and the totals.
enum RunManifest {
  static func render(_ run: RunSummary, options: IngestOptions, config: PipelineConfig) -> String {
    var docs: [String] = []
    for d in run.documents {
      var w = JSONObjectWriter()
      w.string("file", d.file)
      w.strings("also_named", d.alsoNamed)
      w.string("sha256", d.sha256)
      w.string("format", d.format)
      w.string("status", d.status.rawValue)
      w.string("reason", d.reason)
      w.raw("from_earlier_run", d.fromEarlierRun == true ? "true" : "false")
      w.int("pages", d.pages)
      w.int("tables", d.tables)
      w.int("facts", d.facts)
      w.raw("findings", countsJSON(d.counts))
      w.raw("seconds", String(format: "%.3f", d.seconds))
      if d.status == .ok || d.status == .unchanged {
        var o = JSONObjectWriter()
        o.string("records", run.layout.records(d.file))
        o.string("findings", run.layout.findings(d.file))
        o.string("tables", run.layout.tables(d.file))
        w.raw("outputs", o.finish())
      } else {
        w.raw("outputs", "null")
      }
      docs.append("    " + w.finish())
    }
    var totals = JSONObjectWriter()
    totals.int("documents", run.documents.count)
    totals.int("ok", run.count(.ok))
    totals.int("unchanged", run.count(.unchanged))
    totals.int("failed", run.count(.failed))
    totals.int("skipped", run.count(.skipped))
    totals.int("pages", run.documents.compactMap(\.pages).reduce(0, +))
    totals.int("tables", run.documents.map(\.tables).reduce(0, +))
    totals.int("facts", run.documents.map(\.facts).reduce(0, +))
    totals.raw("findings", countsJSON(run.totals))
    totals.raw("seconds", String(format: "%.3f", run.seconds))

    var root = "{\n"
    root += "  \"schema\": 1,\n"
    root += "  \"tally_version\": \"\(TallyVersion.current)\",\n"
    root += "  \"config_sha256\": \"\(config.fingerprint)\",\n"
    root += "  \"state\": \"\(run.state)\",\n"
    var io = JSONObjectWriter()
    io.string("inbox", options.inbox)
    io.string("out", options.out)
    io.int("jobs", options.jobs)
    root += "  \"run\": \(io.finish()),\n"
    root += "  \"log\": \"\(run.layout.log)\",\n"
    root += "  \"documents\": [\n" + docs.joined(separator: ",\n") + "\n  ],\n"
    root += "  \"totals\": \(totals.finish())\n}\n"
    return root
  }

  static func countsJSON(_ c: CheckCounts) -> String {
    var w = JSONObjectWriter()
    w.int("error", c.errors)
    w.int("warning", c.warnings)
    w.int("info", c.infos)
    w.int("pass", c.pass)
    w.int("pass_within_rounding", c.passWithinRounding)
    w.int("fail", c.fail)
    w.int("skipped", c.skipped)
    return w.finish()
  }
}
