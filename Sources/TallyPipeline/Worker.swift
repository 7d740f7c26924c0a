import Foundation
import TallyCore
import TallyEmit

/// The worker's side of `tally ingest` (`tally worker`, hidden): reads documents one after
/// another as the parent asks (see `WorkerPool` for the protocol), writes their outputs
/// atomically, and answers each with its summary. It may crash, hang or be killed at any moment:
/// the parent records that and goes on.
public enum DocumentWorker {
  /// Serves until stdin ends or the parent dies; returns the exit status.
  public static func serve(addressSpaceMB: Int) -> Int32 {
    // The memory cap's backstop: past it, allocations fail (and the worker dies) instead of
    // taking the machine's memory between two looks of the parent.
    if addressSpaceMB > 0 {
      let bytes = rlim_t(addressSpaceMB) << 20
      var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
      _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    }
    // Ctrl-C reaches the whole process group: the parent stops the workers itself, after
    // noting what finished, so a worker must not die of it first (and be taken for a crash).
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    watchParent()
    guard let first = readLine(strippingNewline: true),
      let handshake = try? JSONDecoder().decode(WorkerHandshake.self, from: Data(first.utf8))
    else { return 2 }
    let config: PipelineConfig
    do {
      config = try PipelineConfig(yaml: handshake.config)
    } catch {
      FileHandle.standardError.write(Data("tally worker: configuration: \(error)\n".utf8))
      return 2
    }
    let processor = DocumentProcessor(config: config)
    let emitter = Emitter(settings: config.emit)
    let layout = OutputLayout(root: handshake.out)
    let clock = ContinuousClock()
    let switches = TestSwitches()
    while let line = readLine(strippingNewline: true) {
      guard let request = try? JSONDecoder().decode(WorkerRequest.self, from: Data(line.utf8)) else { continue }
      let item = WorkItem(
        entry: InboxEntry(name: request.name, path: request.path, skipReason: nil), sha256: request.sha256,
        size: request.size, aliases: [])
      let name = request.name
      if !request.path.lowercased().hasSuffix(".pdf") { switches.fire(name: name) }
      let summary = IngestRun.processFresh(
        item, processor: processor, emitter: emitter, layout: layout, clock: clock,
        onPage: { page, count in
          send("page \(page) \(count)\n")
          if page == 1 { switches.fire(name: name) }
        })
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      guard let json = try? encoder.encode(summary) else { return 1 }
      send("done " + String(decoding: json, as: UTF8.self) + "\n")
    }
    return 0
  }

  /// Writes a whole line to stdout (the pipe to the parent), unbuffered.
  static func send(_ text: String) {
    var text = text
    text.withUTF8 { buf in
      var sent = 0
      while sent < buf.count {
        let n = Foundation.write(1, buf.baseAddress! + sent, buf.count - sent)
        if n < 0 {
          if errno == EINTR { continue }
          _exit(0)  // the parent is gone
        }
        sent += n
      }
    }
  }

  /// Ends the worker when the parent dies (even by SIGKILL): fd 3 is a pipe only the parent
  /// holds open, so reading it returns when the parent is gone.
  static func watchParent() {
    var info = stat()
    guard fstat(3, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO else { return }
    let thread = Thread {
      var byte: UInt8 = 0
      while true {
        let n = Foundation.read(3, &byte, 1)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { _exit(0) }
      }
    }
    thread.stackSize = 64 << 10
    thread.start()
  }
}

/// TEST-ONLY switches, read from the environment, that make a worker misbehave on purpose when it
/// reads the inbox file of the given name, so end-to-end tests of isolation do not depend on one
/// real bug. They are never set in normal use and do nothing when unset.
///
/// - `TALLY_TEST_TRAP_ON=<file name>`: the worker traps (fatalError, SIGILL) as it starts page 1.
/// - `TALLY_TEST_HANG_ON=<file name>`: the worker sleeps for ever at page 1 (a hang in poppler).
/// - `TALLY_TEST_HOG_ON=<file name>`: the worker allocates and touches memory without end.
///
/// "At page 1" is when the PDF extractor reports its first page; a file not named `.pdf` fires
/// before it is read.
struct TestSwitches: Sendable {
  let trapOn: String?
  let hangOn: String?
  let hogOn: String?

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    trapOn = environment["TALLY_TEST_TRAP_ON"]
    hangOn = environment["TALLY_TEST_HANG_ON"]
    hogOn = environment["TALLY_TEST_HOG_ON"]
  }

  func fire(name: String) {
    if name == trapOn { fatalError("TALLY_TEST_TRAP_ON=\(name): deliberate crash (test-only switch)") }
    if name == hangOn {
      while true { sleep(1000) }
    }
    if name == hogOn {
      var blocks: [UnsafeMutableRawPointer] = []
      while true {
        let block = UnsafeMutableRawPointer.allocate(byteCount: 8 << 20, alignment: 4096)
        block.initializeMemory(as: UInt8.self, repeating: 1, count: 8 << 20)
        blocks.append(block)
        usleep(10_000)
      }
    }
  }
}
