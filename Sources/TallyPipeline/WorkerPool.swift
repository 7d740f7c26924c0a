import Foundation
import TallyCore

// The parent's side of `tally ingest`: every document is read by a worker process (`tally
// worker`, the same binary), so that a document that crashes poppler or tally, hangs, or eats
// memory costs that document only. One long-lived worker per job reads document after document
// (start-up is paid once per job, not per document) and is replaced when it dies.
//
// Protocol, one line per message over pipes:
//   parent -> worker stdin:  the handshake `{"config": <pipeline.yaml text>, "out": <folder>}`, then
//                            one `WorkerRequest` (JSON) per document
//   worker -> parent stdout: `page <n> <count>` before each PDF page, then `done <DocumentSummary JSON>`
//                            (page lines feed the deadline and the progress line's page of count)
//   fd 3 of the worker:      a pipe the parent never writes; its end (the parent died) ends the worker
//   stderr of the worker:    a temporary file, read when the worker dies (the cause of a crash)

/// One document for a worker.
struct WorkerRequest: Codable {
  var name: String
  var path: String
  var sha256: String
  var size: Int
}

/// What a worker is told once, before its first document.
struct WorkerHandshake: Codable {
  var config: String
  var out: String
}

/// Keeps `jobs` workers busy until the documents run out or a stop is requested.
final class WorkerPool: @unchecked Sendable {
  let executable: String
  let config: PipelineConfig
  let layout: OutputLayout
  let jobs: Int
  let clock: ContinuousClock
  private let lock = NSLock()
  private var queue: [WorkItem] = []
  private var next = 0
  /// Workers started ahead of the first document (see `prestart`).
  private var idle: [WorkerProcess] = []

  init(executable: String, config: PipelineConfig, layout: OutputLayout, jobs: Int, clock: ContinuousClock) {
    self.executable = executable
    self.config = config
    self.layout = layout
    self.jobs = jobs
    self.clock = clock
  }

  /// Starts a worker now, while the parent still reads and hashes the inbox: its start-up (loading
  /// the binary's libraries, about 25 ms of CPU) then overlaps that work instead of delaying the
  /// first document. Unused, it is stopped by `shutdown`.
  func prestart() {
    guard
      let w = try? WorkerProcess(
        executable: executable, slot: 0, handshake: WorkerHandshake(config: config.text, out: layout.root),
        addressSpaceMB: addressSpaceMB)
    else { return }
    lock.lock()
    idle.append(w)
    lock.unlock()
  }

  /// Stops workers started ahead that no document used.
  func shutdown() {
    lock.lock()
    let unused = idle
    idle = []
    lock.unlock()
    for w in unused { w.kill() }
  }

  private var addressSpaceMB: Int { 2 * config.ingest.memoryLimitMB + 1024 }

  private func takeIdle() -> WorkerProcess? {
    lock.lock()
    defer { lock.unlock() }
    return idle.popLast()
  }

  /// Reads every item, `jobs` at a time; `finished` is called once per document read (from the
  /// slots' threads, one at a time). Returns when all are done or the stop was requested and every
  /// worker is gone. Documents in flight at a stop are not reported.
  /// `onPage` is told each page a worker starts (file name, page, page count).
  func run(
    _ items: [WorkItem], stop: IngestStop, onPage: @escaping @Sendable (String, Int, Int) -> Void,
    finished: @escaping @Sendable (DocumentSummary) -> Void
  ) {
    guard !items.isEmpty else { return }
    // A worker that dies while the parent writes to it must not take the parent with it.
    signal(SIGPIPE, SIG_IGN)
    queue = items
    let slots = min(jobs, items.count)
    let group = DispatchGroup()
    let report = NSLock()
    for slot in 0..<slots {
      group.enter()
      let thread = Thread { [self] in
        var worker: WorkerProcess? = takeIdle()
        while stop.requested == nil, let item = take() {
          guard var s = read(item, worker: &worker, slot: slot, stop: stop, onPage: onPage) else { break }
          s.alsoNamed = item.aliases
          report.lock()
          finished(s)
          report.unlock()
        }
        worker?.kill()
        group.leave()
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    group.wait()
    shutdown()
  }

  private func take() -> WorkItem? {
    lock.lock()
    defer { lock.unlock() }
    guard next < queue.count else { return nil }
    next += 1
    return queue[next - 1]
  }

  /// One document through a worker (started when there is none); nil when a stop was requested
  /// while it was read.
  private func read(
    _ item: WorkItem, worker: inout WorkerProcess?, slot: Int, stop: IngestStop,
    onPage: @Sendable (String, Int, Int) -> Void
  ) -> DocumentSummary? {
    let start = clock.now
    var elapsed: Double { IngestRun.seconds(clock.now - start) }
    /// `keep`: the verdict is the document's own (a crash, its deadline, its memory), kept for
    /// the same bytes; not a worker that could not start or exited.
    func failure(_ reason: String, keep: Bool = true) -> DocumentSummary {
      IngestRun.recordFailure(item, reason: reason, keep: keep, config: config, layout: layout, seconds: elapsed)
    }
    let request = WorkerRequest(name: item.entry.name, path: item.entry.path, sha256: item.sha256, size: item.size)
    guard let line = try? JSONEncoder().encode(request) else {
      return failure("internal error: cannot encode the request", keep: false)
    }
    // A worker that died between documents is replaced once.
    var sent = false
    for _ in 0..<2 where !sent {
      if worker == nil {
        do {
          worker = try WorkerProcess(
            executable: executable, slot: slot, handshake: WorkerHandshake(config: config.text, out: layout.root),
            addressSpaceMB: addressSpaceMB)
        } catch {
          return failure("could not start a worker process: \(error)", keep: false)
        }
      }
      if worker!.send(Array(line) + [0x0A]) {
        sent = true
      } else {
        worker!.kill()
        worker = nil
      }
    }
    guard sent, let w = worker else {
      return failure("could not start a worker process: it exited at once", keep: false)
    }

    let settings = config.ingest
    var deadline = settings.deadline(pages: nil, bytes: item.size)
    var page = 0
    var pageCount: Int? = nil
    var lastLook = -1.0
    while true {
      if stop.requested != nil {
        w.kill()
        worker = nil
        return nil
      }
      let remaining = deadline - elapsed
      if remaining <= 0 {
        w.kill()
        worker = nil
        return failure(
          "took longer than \(Self.seconds(deadline)) s" + (page > 0 ? " (at page \(page) of \(pageCount ?? page))" : ""))
      }
      // The worker's memory, looked at every 50 ms at most (page lines can come much faster).
      let now = elapsed
      if now - lastLook >= 0.05, let rss = w.residentBytes() {
        lastLook = now
        guard rss <= settings.memoryLimitBytes else {
          w.kill()
          worker = nil
          return failure(
            "used more than \(settings.memoryLimitMB) MB of memory" + (page > 0 ? " (at page \(page))" : ""))
        }
      }
      switch w.nextLine(timeout: min(0.1, remaining)) {
      case .timeout: continue
      case .line(let bytes):
        if bytes.starts(with: Self.done) {
          // Decoded from the bytes as they came: a summary line can be megabytes long.
          if let s = try? JSONDecoder().decode(DocumentSummary.self, from: Data(bytes[Self.done.count...])) {
            return s
          }
        } else if bytes.starts(with: Self.page) {
          let parts = String(decoding: bytes, as: UTF8.self).split(separator: " ")
          if parts.count == 3, let n = Int(parts[1]), let of = Int(parts[2]) {
            page = n
            onPage(item.entry.name, n, of)
            if pageCount == nil {
              pageCount = of
              deadline = settings.deadline(pages: of, bytes: item.size)
            }
          }
        }
      case .closed:
        let (status, stderr) = w.reap()
        worker = nil
        // A worker ended by the stop (or by a signal meant for the run) has no verdict to give.
        if stop.requested != nil { return nil }
        let signalled = status & 0x7f != 0
        return failure(
          Self.deathReason(status: status, stderr: stderr, page: page, settings: settings), keep: signalled)
      }
    }
  }

  private static let done = Array("done ".utf8)
  private static let page = Array("page ".utf8)

  static func seconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
  }

  /// Why a worker ended without answering: a signal (a crash, a trap), an allocation the address
  /// space cap refused, or an exit.
  static func deathReason(status: Int32, stderr: String, page: Int, settings: IngestSettings) -> String {
    let at = page > 0 ? " while reading page \(page)" : ""
    let lower = stderr.lowercased()
    if lower.contains("could not allocate") || lower.contains("failed to allocate") || lower.contains("out of memory")
      || lower.contains("cannot allocate memory") || lower.contains("bad_alloc")
    {
      return "used more than \(settings.memoryLimitMB) MB of memory (an allocation beyond the cap failed\(at))"
    }
    if status & 0x7f != 0 {
      return "crashed\(at) (signal \(status & 0x7f))"
    }
    return "the worker process exited with status \((status >> 8) & 0xff)\(at)"
  }
}

/// One running `tally worker`: its pid, the pipes to it and the file its stderr goes to.
final class WorkerProcess {
  let pid: pid_t
  private let input: Int32
  private let output: Int32
  private let lifeline: Int32
  private let stderrPath: String
  private var buffer: [UInt8] = []
  /// What one read takes from the pipe, reused.
  private var chunk = [UInt8](repeating: 0, count: 1 << 16)
  /// Bytes of `buffer` already searched for a newline (a summary line can be megabytes long).
  private var scanned = 0
  private var reaped = false
  private static let spawnLock = NSLock()
  private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  enum Read {
    /// One line, without its newline.
    case line([UInt8])
    case timeout
    case closed
  }

  struct SpawnError: Error, CustomStringConvertible {
    var description: String
  }

  init(executable: String, slot: Int, handshake: WorkerHandshake, addressSpaceMB: Int) throws {
    stderrPath = NSTemporaryDirectory() + "tally-worker-\(getpid())-\(slot).err"
    var toWorker: [Int32] = [0, 0]
    var fromWorker: [Int32] = [0, 0]
    var life: [Int32] = [0, 0]
    Self.spawnLock.lock()
    defer { Self.spawnLock.unlock() }
    // Close-on-exec everywhere: a worker must not hold another worker's pipes (their end would
    // never be seen) nor the parent's. Workers are only started under `spawnLock`, so no spawn
    // sees a pipe before it is marked.
    func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
      guard pipe(&fds) == 0 else { return false }
      for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
      return true
    }
    guard closeOnExecPipe(&toWorker), closeOnExecPipe(&fromWorker), closeOnExecPipe(&life) else {
      throw SpawnError(description: String(cString: strerror(errno)))
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, toWorker[0], 0)
    posix_spawn_file_actions_adddup2(&actions, fromWorker[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, life[0], 3)
    let arguments = [executable, "worker", "--address-space-mb", String(addressSpaceMB)]
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    // Swift's crash backtracer would hold a crashed worker for seconds: a crash is reported by
    // the parent instead.
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in envp { free(p) } }
    var child: pid_t = 0
    let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
    close(toWorker[0])
    close(fromWorker[1])
    close(life[0])
    guard rc == 0 else {
      close(toWorker[1])
      close(fromWorker[0])
      close(life[1])
      throw SpawnError(description: "\(executable): \(String(cString: strerror(rc)))")
    }
    pid = child
    input = toWorker[1]
    output = fromWorker[0]
    lifeline = life[1]
    guard let hello = try? JSONEncoder().encode(handshake), send(Array(hello) + [0x0A]) else {
      kill()
      throw SpawnError(description: "the worker did not take its configuration")
    }
  }

  deinit {
    kill()
  }

  /// Writes all of `bytes` to the worker's stdin; false when it is gone.
  func send(_ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { Foundation.write(input, $0.baseAddress! + sent, bytes.count - sent) }
      if n < 0 {
        if errno == EINTR { continue }
        return false
      }
      sent += n
    }
    return true
  }

  /// The next line from the worker, waiting at most `timeout` seconds.
  func nextLine(timeout: Double) -> Read {
    while true {
      if let nl = buffer[scanned...].firstIndex(of: 0x0A) {
        let line = Array(buffer[..<nl])
        buffer.removeSubrange(...nl)
        scanned = 0
        return .line(line)
      }
      scanned = buffer.count
      var fds = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
      let ready = poll(&fds, 1, Int32(max(0, timeout * 1000)))
      if ready < 0 {
        if errno == EINTR { continue }
        return .closed
      }
      if ready == 0 { return .timeout }
      let n = chunk.withUnsafeMutableBytes { Foundation.read(output, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return .closed
      }
      if n == 0 { return .closed }
      buffer.append(contentsOf: chunk[0..<n])
    }
  }

  /// The worker's resident memory in bytes (from /proc), nil when it cannot be read.
  func residentBytes() -> Int? {
    let fd = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var raw = [UInt8](repeating: 0, count: 128)
    let n = raw.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
    guard n > 0 else { return nil }
    let fields = raw[..<n].split(separator: 0x20)
    guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
    return pages * Self.pageSize
  }

  /// Waits for the worker that closed its end; returns its wait status and the end of its stderr.
  func reap() -> (status: Int32, stderr: String) {
    var status: Int32 = 0
    if !reaped {
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
      reaped = true
    }
    closeAll()
    let text = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    unlink(stderrPath)
    return (status, String(text.suffix(4000)))
  }

  /// Kills the worker (SIGKILL) and waits for it.
  func kill() {
    guard !reaped else { return }
    _ = Foundation.kill(pid, SIGKILL)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    reaped = true
    closeAll()
    unlink(stderrPath)
  }

  private var closed = false
  private func closeAll() {
    guard !closed else { return }
    closed = true
    close(input)
    close(output)
    close(lifeline)
  }
}
