import Foundation
import Logging
import TallyCore
import TallyEmit

/// What a run is asked to do.
public struct IngestOptions: Sendable {
  public var inbox: String
  public var out: String
  /// Documents processed at once; each is one task.
  public var jobs: Int
  /// Redo every document even when nothing changed.
  public var force: Bool
  /// The `tally` binary to start worker processes from (`tally worker`): each document is then
  /// read in a process of its own, with a deadline and a memory cap (`PipelineConfig.ingest`).
  /// nil reads documents in this process, one task each, unguarded (for library use).
  public var workerExecutable: String?

  /// List every check in the log (passes, nothing to check, within rounding), not only counts.
  public var verbose = false
  /// The analyst's `accepted.yaml`; nil: the one beside the inbox.
  public var accepted: String? = nil

  public init(inbox: String, out: String, jobs: Int, force: Bool = false, workerExecutable: String? = nil) {
    self.inbox = inbox
    self.out = out
    self.jobs = max(1, jobs)
    self.force = force
    self.workerExecutable = workerExecutable
  }
}

/// How one inbox file fared.
public struct DocumentSummary: Sendable, Codable {
  public enum Status: String, Sendable, Codable {
    case ok
    case failed
    case unchanged
    case skipped
  }

  public var file: String
  /// Other inbox names with the same bytes: processed once, under `file`.
  public var alsoNamed: [String] = []
  public var sha256: String?
  /// SHA-256 of the document's effective settings (`PipelineConfig.fingerprint(for:)`): the
  /// document is redone when they change.
  public var settingsSHA256: String?
  public var format: String?
  public var status: Status
  public var reason: String?
  public var pages: Int?
  public var tables: Int = 0
  public var facts: Int = 0
  public var counts = CheckCounts()
  public var seconds: Double = 0
  public var logSection: String?
  /// Pages that were not read, each with its reason ("page 2: skipped: absurd geometry: …"): the
  /// log names them whatever else it leaves out.
  public var pagesNotRead: [String]?
  /// True when the document was not read again: its bytes and the configuration are those of an
  /// earlier run, whose verdict stands (status `unchanged`, or `failed (unchanged)`).
  public var fromEarlierRun: Bool?

  enum CodingKeys: String, CodingKey {
    case file, alsoNamed = "also_named", sha256, settingsSHA256 = "settings_sha256", format, status, reason, pages, tables, facts, counts,
      seconds, logSection = "log_section", pagesNotRead = "pages_not_read",
      fromEarlierRun = "from_earlier_run"
  }

  /// "failed (unchanged)", "ok", …: the status as the summary and the log show it.
  public var statusText: String {
    status == .failed && fromEarlierRun == true ? "failed (unchanged)" : status.rawValue
  }
}

/// What the previous run knew of a document.
struct DocumentState: Codable {
  var version: String
  var config: String
  var summary: DocumentSummary
}

/// The whole run's result.
public struct RunSummary: Sendable {
  public var documents: [DocumentSummary]
  public var totals: CheckCounts
  public var seconds: Double
  public var layout: OutputLayout
  /// The review page, accepted findings and crops (nil before the review step ran).
  public var review: ReviewStats? = nil
  /// `running` while documents are still being read (run.json written as the run goes),
  /// `complete` at the end, `interrupted` when a signal stopped the run.
  public var state: String = "complete"
  /// The signal (SIGINT, SIGTERM) that stopped the run, if one did.
  public var stoppedBy: Int32?
  /// Documents no longer in the inbox whose outputs this run moved to `out/stale/`.
  public var staleMoved: [String] = []

  public func count(_ status: DocumentSummary.Status) -> Int {
    documents.filter { $0.status == status }.count
  }
}


/// Asks a running ingest to stop: the workers are killed, the record of what finished is
/// written, and `run` returns with `stoppedBy` set. Safe to call from any thread or a signal
/// source.
public final class IngestStop: @unchecked Sendable {
  private let lock = NSLock()
  private var signal: Int32?

  public init() {}

  public func request(signal: Int32) {
    lock.lock()
    if self.signal == nil { self.signal = signal }
    lock.unlock()
  }

  public var requested: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return signal
  }
}

/// One document to read: its inbox entry, digest, size and the other names of the same bytes.
struct WorkItem: Sendable {
  var entry: InboxEntry
  var sha256: String
  var size: Int
  var aliases: [String]
}

/// Runs the pipeline over an inbox: recognise, extract, normalise, reconcile, emit; documents in
/// parallel, each in a worker process of its own (or one task each, in process); unchanged
/// documents and documents that failed on the same bytes skipped; every file written
/// atomically, and run.json and the log rewritten after every document.
public struct IngestRun: Sendable {
  public var options: IngestOptions
  public var config: PipelineConfig

  public init(options: IngestOptions, config: PipelineConfig) {
    self.options = options
    self.config = config
  }

  public func run(
    logger: Logger, stop: IngestStop = IngestStop(), progress: (@Sendable (IngestProgress) -> Void)? = nil
  ) async throws -> RunSummary {
    let clock = ContinuousClock()
    let start = clock.now
    let layout = OutputLayout(root: options.out)
    let lock = OutputLock(path: layout.lock)
    try lock.acquire()
    defer { lock.release() }

    IngestRun.removeTemporaryFiles(in: layout)
    // A broken accepted.yaml stops the run before any document is read.
    let accepted = try AcceptedFindings.load(
      path: options.accepted ?? AcceptedFindings.defaultPath(inbox: options.inbox))
    let entries = try Inbox.scan(options.inbox)
    let stale = StaleOutputs.move(keeping: Set(entries.map(\.name)), layout: layout)
    let record = RunRecord(
      entries: entries, layout: layout, options: options, config: config, clock: clock, start: start,
      review: ReviewStep(layout: layout, accepted: accepted, verbose: options.verbose), stale: stale)
    let pool = options.workerExecutable.map {
      WorkerPool(executable: $0, config: config, layout: layout, jobs: options.jobs, clock: clock)
    }
    // One worker starts while the inbox is hashed, when there may be something to read.
    if entries.contains(where: { $0.skipReason == nil }) { pool?.prestart() }
    var work: [WorkItem] = []
    var firstNameBySHA: [String: String] = [:]

    // Hash every file first, so the same bytes under two names are processed once.
    for entry in entries {
      if stop.requested != nil { break }
      if let reason = entry.skipReason {
        record.add(DocumentSummary(file: entry.name, status: .skipped, reason: reason), counted: false)
        continue
      }
      let data: [UInt8]
      switch DocumentProcessor.readBytes(entry.path) {
      case .success(let bytes): data = bytes
      case .failure(let error):
        record.add(
          DocumentSummary(file: entry.name, status: .failed, reason: "cannot read the file: \(error.reason)"),
          counted: false)
        continue
      }
      let sha = SHA256.hex(of: data)
      if let first = firstNameBySHA[sha] {
        if let i = work.firstIndex(where: { $0.entry.name == first }) { work[i].aliases.append(entry.name) }
        continue
      }
      firstNameBySHA[sha] = entry.name
      work.append(WorkItem(entry: entry, sha256: sha, size: data.count, aliases: []))
    }

    // The earlier verdict stands for bytes and settings seen before: nothing is read again.
    var fresh: [WorkItem] = []
    for item in work {
      if !options.force, var s = IngestRun.earlierVerdict(item, config: config, layout: layout, clock: clock) {
        s.alsoNamed = item.aliases
        record.add(s)
      } else {
        fresh.append(item)
      }
    }
    let tracker = ProgressTracker(
      total: work.count, elapsed: { IngestRun.seconds(clock.now - start) }, report: progress)
    let finished: @Sendable (DocumentSummary) -> Void = { s in
      switch s.status {
      case .failed: logger.warning("\(s.file): \(s.reason ?? "failed")")
      default: logger.debug("\(s.file): \(s.statusText)")
      }
      let (done, pages) = record.add(s, write: true)
      tracker.finished(s.file, done: done, pages: pages)
    }
    if !fresh.isEmpty { record.write() }
    if stop.requested == nil {
      if let pool {
        pool.run(fresh, stop: stop, onPage: { tracker.page($0, $1, of: $2) }, finished: finished)
      } else {
        await runInProcess(
          fresh, layout: layout, clock: clock, stop: stop, onPage: { tracker.page($0, $1, of: $2) }, finished: finished)
      }
    }
    pool?.shutdown()
    IngestRun.removeTemporaryFiles(in: layout)
    let stoppedBy = stop.requested
    return try record.finish(stoppedBy: stoppedBy)
  }

  /// Documents read in this process, one task each (no worker processes).
  private func runInProcess(
    _ work: [WorkItem], layout: OutputLayout, clock: ContinuousClock, stop: IngestStop,
    onPage: @escaping @Sendable (String, Int, Int) -> Void, finished: @escaping @Sendable (DocumentSummary) -> Void
  ) async {
    let processor = DocumentProcessor(config: config)
    let emitter = Emitter(settings: config.emit)
    await withTaskGroup(of: DocumentSummary.self) { group in
      var next = 0
      func launch() {
        let item = work[next]
        next += 1
        group.addTask {
          var s = IngestRun.processFresh(
            item, processor: processor, emitter: emitter, layout: layout, clock: clock,
            onPage: { onPage(item.entry.name, $0, $1) })
          s.alsoNamed = item.aliases
          return s
        }
      }
      while next < min(options.jobs, work.count) { launch() }
      while let s = await group.next() {
        finished(s)
        if next < work.count, stop.requested == nil { launch() }
      }
    }
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }

  /// The verdict of an earlier run on the same bytes, effective settings and tally version: `unchanged`
  /// when its outputs are all there, `failed (unchanged)` when it failed; nil to read it again.
  static func earlierVerdict(
    _ item: WorkItem, config: PipelineConfig, layout: OutputLayout, clock: ContinuousClock
  ) -> DocumentSummary? {
    let start = clock.now
    let name = item.entry.name
    guard let previous = loadState(layout.state(name)), previous.version == TallyVersion.current,
      previous.config == config.fingerprint(for: name), previous.summary.sha256 == item.sha256
    else { return nil }
    var s = previous.summary
    switch s.status {
    case .ok:
      guard
        [layout.records(name), layout.findings(name), layout.tables(name)]
          .allSatisfy({ FileManager.default.fileExists(atPath: $0) })
      else { return nil }
      s.status = .unchanged
    case .failed: break
    default: return nil
    }
    s.fromEarlierRun = true
    s.seconds = seconds(clock.now - start)
    return s
  }

  /// Records a failure found outside the document's own reading (its worker crashed, ran out of
  /// time or memory): stale outputs go, and with `keep` the verdict stands for the same bytes and
  /// settings (not for a failure of the machinery, such as a worker that could not start).
  static func recordFailure(
    _ item: WorkItem, reason: String, keep: Bool, config: PipelineConfig, layout: OutputLayout, seconds: Double
  ) -> DocumentSummary {
    var s = DocumentSummary(file: item.entry.name, status: .failed, reason: reason)
    s.sha256 = item.sha256
    s.settingsSHA256 = config.fingerprint(for: item.entry.name)
    s.seconds = seconds
    removeOutputs(of: item.entry.name, layout: layout)
    if keep {
      let state = DocumentState(version: TallyVersion.current, config: s.settingsSHA256!, summary: s)
      try? AtomicFile.write(encodeState(state), to: layout.state(item.entry.name))
    }
    return s
  }

  /// One document, start to finish, with its effective settings (the processor's, with the
  /// matching `documents` entries laid over them); never throws: a failure is the summary's
  /// reason. `onPage` is told each PDF page before it is read.
  static func processFresh(
    _ item: WorkItem, processor: DocumentProcessor, emitter: Emitter, layout: OutputLayout,
    clock: ContinuousClock, onPage: (@Sendable (Int, Int) -> Void)? = nil
  ) -> DocumentSummary {
    let start = clock.now
    let entry = item.entry
    var summary = DocumentSummary(file: entry.name, status: .failed)
    summary.sha256 = item.sha256
    summary.settingsSHA256 = processor.config.fingerprint(for: entry.name)
    do {
      let own = DocumentProcessor(config: try processor.config.effective(for: entry.name))
      // The input's bytes are needed by extraction only: read them in a scope of their own so
      // they are freed before normalising and emitting.
      var warnings: [String] = []
      let processed = try { () throws -> ProcessedDocument in
        let (source, bytes) = try DocumentProcessor.read(
          path: entry.path, knownSHA256: item.sha256, knownSize: item.size)
        summary.format = source.format.rawValue
        let processed = try own.process(source, bytes: bytes, onPage: onPage)
        warnings = processed.extracted.warnings.filter { $0.contains(": skipped: ") }
        return processed
      }()
      let pages = processed.extracted.pageCount
      // Findings and tables are rendered (and validated) first; the records, the large output,
      // then go to their file in chunks instead of one buffer of the whole file.
      let outputs = try emitter.render(
        extracted: processed.extracted, normalized: processed.normalized,
        findings: processed.findings, includeRecords: false)
      try emitter.writeRecords(
        source: processed.extracted.source, facts: processed.normalized.facts, to: layout.records(entry.name))
      try AtomicFile.write(outputs.findings, to: layout.findings(entry.name))
      try AtomicFile.write(outputs.tables, to: layout.tables(entry.name))
      summary.status = .ok
      summary.pages = pages
      summary.tables = outputs.tableCount
      summary.facts = outputs.factCount
      summary.counts = outputs.counts
      summary.logSection = outputs.logSection
      if !warnings.isEmpty {
        // Pages not read (absurd geometry) are named where the analyst reads.
        summary.logSection = outputs.logSection + "\n" + warnings.map { "  \($0)\n" }.joined()
        summary.pagesNotRead = warnings
      }
      let state = DocumentState(
        version: TallyVersion.current, config: own.config.fingerprint, summary: summary)
      // The state goes last: if we die before it, the next run redoes the document.
      try AtomicFile.write(encodeState(state), to: layout.state(entry.name))
    } catch let e as DocumentError {
      // Not a report at all (a .docx, a README) is skipped; a report that broke has failed.
      summary.status = e.code == "unsupported_type" ? .skipped : .failed
      summary.reason = e.reason
      removeOutputs(of: entry.name, layout: layout)
      // A verdict on the bytes themselves stands until they or the settings change (a scan is not
      // read again on every run); a file that could not be read at all is tried again.
      if summary.status == .failed, e.code != "unreadable" {
        let state = DocumentState(
          version: TallyVersion.current, config: summary.settingsSHA256 ?? "", summary: summary)
        try? AtomicFile.write(encodeState(state), to: layout.state(entry.name))
      }
    } catch {
      summary.reason = "internal error: \(error)"
      removeOutputs(of: entry.name, layout: layout)
    }
    summary.seconds = seconds(clock.now - start)
    return summary
  }

  /// A document that now fails has no outputs: stale ones from an earlier version would mislead.
  static func removeOutputs(of name: String, layout: OutputLayout) {
    for p in [layout.state(name), layout.records(name), layout.findings(name), layout.tables(name)] {
      unlink(p)
    }
  }

  /// Temporary files of a run that was killed before it could rename them.
  static func removeTemporaryFiles(in layout: OutputLayout) {
    for folder in ["", "/records", "/findings", "/tables", "/.state"] {
      let dir = layout.root + folder
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
      for name in names where name.hasPrefix(".") && name.contains(".tmp-") { unlink("\(dir)/\(name)") }
    }
  }

  static func loadState(_ path: String) -> DocumentState? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return try? JSONDecoder().decode(DocumentState.self, from: data)
  }

  static func encodeState(_ state: DocumentState) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return [UInt8](try encoder.encode(state)) + [0x0A]
  }
}
