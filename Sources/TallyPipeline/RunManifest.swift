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
  private let review: ReviewStep
  /// Documents no longer in the inbox whose outputs were moved to `out/stale/`.
  private let stale: [String]
  private var summaries: [String: DocumentSummary] = [:]
  private var done = 0
  private var pages = 0

  init(
    entries: [InboxEntry], layout: OutputLayout, options: IngestOptions, config: PipelineConfig,
    clock: ContinuousClock, start: ContinuousClock.Instant, review: ReviewStep, stale: [String] = []
  ) {
    self.review = review
    self.stale = stale
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

  /// While documents are still being read the log is a progress record (each finished
  /// document's counts, from its summary); at the end, or when a signal stopped the run, the review
  /// step reads the findings back with `accepted.yaml`, writes the review page and the full log.
  @discardableResult
  private func writeLocked(state: String, stoppedBy: Int32?) throws -> RunSummary {
    var ordered = entries.compactMap { summaries[$0.name] }
    let read = ordered.filter { $0.status == .ok || $0.status == .unchanged }
    let failed = ordered.filter { $0.status == .failed }
      .map { (file: $0.file, reason: ($0.reason ?? "failed") + ($0.fromEarlierRun == true ? " (unchanged; --force retries)" : "")) }
    let skipped = ordered.filter { $0.status == .skipped }
      .map { (file: $0.file, reason: $0.reason ?? "skipped") }
    var log: String
    var stats: ReviewStats? = nil
    if state == "running" {
      log = RunRecord.progressLog(read: read, failed: failed, skipped: skipped)
      log += "run in progress: \(ordered.count) of \(entries.count) inbox entries done so far\n"
    } else {
      let result = try review.run(
        read: read, paths: Dictionary(entries.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a }),
        failed: failed, skipped: skipped, clock: clock)
      // Accepted findings stop counting as errors or warnings.
      let reviewed = Dictionary(result.documents.map { ($0.file, $0.reviewedCounts) }, uniquingKeysWith: { a, _ in a })
      for i in ordered.indices { if let c = reviewed[ordered[i].file] { ordered[i].counts = c } }
      log = result.log
      stats = result.stats
      // The spreadsheet exports: from the same documents and findings as the review page.
      try Exports(root: layout.root, settings: config.emit).write(
        result.documents.map {
          ExportDocument(
            file: $0.file, recordsPath: layout.records($0.file), tablesPath: layout.tables($0.file),
            findings: $0.findings)
        })
      if state != "complete" {
        let open = entries.count - ordered.count
        log += "run interrupted: \(open) inbox entr\(open == 1 ? "y was" : "ies were") not read; run again to finish the batch\n"
      }
    }
    log += StaleOutputs.logLines(stale, layout: layout)
    try AtomicFile.write(log, to: layout.log)
    let totals = ordered.reduce(CheckCounts()) { $0 + $1.counts }
    var summary = RunSummary(
      documents: ordered, totals: totals, seconds: IngestRun.seconds(clock.now - start), layout: layout)
    summary.review = stats
    summary.state = state
    summary.stoppedBy = stoppedBy
    summary.staleMoved = stale
    try AtomicFile.write(RunManifest.render(summary, options: options, config: config), to: layout.manifest)
    return summary
  }

  /// The log of a run still going: what finished so far, one line per document.
  static func progressLog(
    read: [DocumentSummary], failed: [(file: String, reason: String)], skipped: [(file: String, reason: String)]
  ) -> String {
    var out = "tally reconciliation log (run in progress; the full log is written when the run ends)\n\n"
    out += "    errors  warnings  document\n"
    for d in read {
      let e = String(d.counts.errors), w = String(d.counts.warnings)
      out += "  " + String(repeating: " ", count: max(0, 8 - e.count)) + e
      out += "  " + String(repeating: " ", count: max(0, 8 - w.count)) + w + "  \(d.file)\n"
    }
    for f in failed { out += "  could not be read: \(f.file): \(f.reason)\n" }
    for f in skipped { out += "  not read: \(f.file): \(f.reason)\n" }
    return out
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
      w.string("settings_sha256", d.settingsSHA256)
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
    // The global settings' digest; each document records its own effective one (settings_sha256).
    root += "  \"config_sha256\": \"\(config.fingerprint)\",\n"
    root += "  \"state\": \"\(run.state)\",\n"
    var io = JSONObjectWriter()
    io.string("inbox", options.inbox)
    io.string("out", options.out)
    io.int("jobs", options.jobs)
    root += "  \"run\": \(io.finish()),\n"
    root += "  \"log\": \"\(run.layout.log)\",\n"
    if let r = run.review {
      var o = JSONObjectWriter()
      o.string("page", r.page)
      o.int("accepted", r.accepted)
      o.strings("stale", r.stale.map(\.id))
      o.int("crops", r.crops)
      o.int("crops_rendered", r.cropsRendered)
      o.raw("crop_seconds", String(format: "%.3f", r.cropSeconds))
      root += "  \"review\": \(o.finish()),\n"
    }
    var moved = JSONObjectWriter()
    moved.string("folder", run.layout.stale)
    moved.strings("documents", run.staleMoved)
    root += "  \"stale_outputs\": \(moved.finish()),\n"
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
    w.int("totals_printed", c.totalsPrinted)
    w.int("totals_checked", c.totalsChecked)
    return w.finish()
  }
}
