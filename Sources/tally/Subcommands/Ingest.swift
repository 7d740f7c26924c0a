import ArgumentParser
import Foundation
import Logging
import TallyEmit
import TallyCore
import TallyPipeline

extension TallyCommand {
  /// `tally ingest`: the whole pipeline over an inbox folder.
  struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read every report in the inbox and write records, findings, tables and the log.",
      discussion: """
      Documents whose bytes and effective settings (pipeline.yaml with the document's `documents:` entries) did not change since the last run are skipped and reported as unchanged (or failed (unchanged), when they failed). Each document is read in a worker process of its own, with a deadline and a memory cap (`ingest` in pipeline.yaml): a crash, a hang or a runaway costs that document only. Inbox files are never modified, moved or deleted; the outputs of documents no longer in the inbox are moved to out/stale/. A second run on the same output folder is refused (exit 75) while the first holds its lock (flock on out/.tally.lock). Output files are replaced atomically and run.json and the log are rewritten after every document, so an interrupted run never leaves half a file and a re-run finishes the batch. SIGINT and SIGTERM stop the workers, write the record and exit 130 or 143.
      """)

    @Option(help: "The folder holding the reports (read, never changed).")
    var inbox: String = "inbox"

    @Option(help: "The folder to write to.")
    var out: String = "out"

    @Option(help: "When the inbox is missing or holds no files, say so and read this folder instead.")
    var whenEmpty: String?

    @Option(help: "Documents processed at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Exit with status 1 when any check failed with severity error.")
    var strict = false

    @Flag(help: "Redo every document even when nothing changed.")
    var force = false

    @Option(help: "The analyst's accepted findings (default: accepted.yaml beside the inbox folder).")
    var accepted: String?

    @OptionGroup var options: ConfigOptions

    func validate() throws {
      guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more") }
    }

    func run() async throws {
      options.bootstrapLogging()
      let logger = Logger(label: "tally")
      let config = try options.load()
      var inboxFolder = inbox
      if let fallback = whenEmpty, Ingest.isEmpty(inbox) {
        printError("tally: the inbox \(inbox)/ holds no reports; reading the samples in \(fallback)/ (drop your own reports in \(inbox)/)")
        inboxFolder = fallback
      }
      var ingestOptions = IngestOptions(
        inbox: inboxFolder, out: out, jobs: jobs, force: force, workerExecutable: Ingest.ownExecutable())
      // --verbose also lists every check in the log; accepted.yaml sits beside the inbox asked for.
      ingestOptions.verbose = options.verbose
      ingestOptions.accepted = accepted ?? AcceptedFindings.defaultPath(inbox: inbox)
      let run = IngestRun(options: ingestOptions, config: config)
      let onTerminal = isatty(STDERR_FILENO) == 1
      // SIGINT and SIGTERM stop the run cleanly: workers killed, the record written, then exit
      // 128 + the signal.
      let stop = IngestStop()
      var sources: [DispatchSourceSignal] = []
      for sig in [SIGINT, SIGTERM] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler { stop.request(signal: sig) }
        source.resume()
        sources.append(source)
      }
      defer { for s in sources { s.cancel() } }
      let summary: RunSummary
      do {
        summary = try await run.run(logger: logger, stop: stop) { p in
          // On a terminal the line is redrawn at every page of the documents being read; in a
          // log file, one line per document.
          if onTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(p.line)".utf8))
            if p.documentFinished, p.done == p.total { FileHandle.standardError.write(Data("\n".utf8)) }
          } else if p.documentFinished {
            printError(p.finishedLine)
          }
        }
      } catch let e as TallyCore.DocumentError {
        printError("tally: \(e.reason)")
        // Another run holds the output folder: its own status, so a script can wait and retry.
        throw ExitCode(e.code == OutputLock.lockedCode ? Ingest.lockedStatus : 2)
      }
      if onTerminal, summary.stoppedBy != nil { FileHandle.standardError.write(Data("\n".utf8)) }
      print(Ingest.report(summary))
      if let sig = summary.stoppedBy {
        printError("tally: stopped by signal \(sig); run.json lists the documents that finished")
        throw ExitCode(128 + sig)
      }
      if strict, summary.totals.errors > 0 { throw ExitCode(1) }
    }

    /// The exit status when another run holds the output folder's lock (EX_TEMPFAIL: try again later).
    static let lockedStatus: Int32 = 75

    /// This binary, started again as `tally worker` for each job.
    static func ownExecutable() -> String {
      if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
      return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    static func isEmpty(_ folder: String) -> Bool {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return true }
      return !names.contains { !$0.hasPrefix(".") }
    }

    static func report(_ s: RunSummary) -> String {
      var lines: [String] = []
      lines.append(
        "\(s.documents.count) files: \(s.count(.ok)) ok, \(s.count(.unchanged)) unchanged, \(s.count(.failed)) failed, \(s.count(.skipped)) skipped")
      if s.count(.unchanged) > 0, s.count(.ok) == 0, s.count(.failed) == 0 {
        lines.append("nothing changed since the last run: nothing was extracted")
      }
      for d in s.documents where d.status == .failed || d.status == .skipped {
        let earlier = d.fromEarlierRun == true ? " (unchanged; --force retries)" : ""
        lines.append("  \(d.file): \(d.reason ?? d.status.rawValue)\(earlier)")
      }
      lines.append("findings: \(s.totals.summary)")
      if let r = s.review, r.accepted > 0 || !r.stale.isEmpty {
        lines.append("accepted: \(r.accepted) finding\(r.accepted == 1 ? "" : "s"), \(r.stale.count) stale acceptance\(r.stale.count == 1 ? "" : "s")")
      }
      lines.append("log: \(s.layout.log)   review: \(s.layout.review)   manifest: \(s.layout.manifest)")
      return lines.joined(separator: "\n")
    }
  }
}
