import Foundation
import TallyCore

/// Keeps a second run off the same output folder: an exclusive `flock(2)` on a lock file in it,
/// held for the whole run. The kernel drops the lock when the process ends, however it ends, so a
/// crashed or killed run never leaves a stale lock behind (a PID file can). The file itself stays;
/// it holds the owner's pid, for the message only.
public final class OutputLock {
  /// The `DocumentError` code of a folder another run holds.
  public static let lockedCode = "locked"

  private let path: String
  private var fd: Int32 = -1

  public init(path: String) {
    self.path = path
  }

  /// Takes the lock without waiting; throws `DocumentError` (code `locked`) when another process
  /// holds it.
  public func acquire() throws {
    let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw DocumentError(code: "unwritable", reason: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
    }
    var rc: Int32
    repeat { rc = flock(fd, LOCK_EX | LOCK_NB) } while rc != 0 && errno == EINTR
    guard rc == 0 else {
      let held = errno == EAGAIN  // EWOULDBLOCK on Linux
      let reason = String(cString: strerror(errno))
      let owner = Self.owner(fd)
      close(fd)
      guard held else { throw DocumentError(code: "unwritable", reason: "cannot lock \(path): \(reason)") }
      throw DocumentError(
        code: Self.lockedCode,
        reason: "another tally run\(owner.map { " (pid \($0))" } ?? "") is writing to \(dir); wait for it to finish")
    }
    self.fd = fd
    // The pid is information only: the lock is the flock, not the file's content.
    let text = "\(getpid())\n"
    _ = ftruncate(fd, 0)
    _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
  }

  /// The pid written by the run that holds the lock, when it can be read.
  private static func owner(_ fd: Int32) -> Int32? {
    var raw = [UInt8](repeating: 0, count: 32)
    let n = raw.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
    guard n > 0 else { return nil }
    return Int32(String(decoding: raw[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Lets go of the lock (closing the descriptor releases the flock). The file is not removed:
  /// unlinking it could let two runs lock two different files of one name.
  public func release() {
    if fd >= 0 { close(fd) }
    fd = -1
  }

  deinit { release() }
}
