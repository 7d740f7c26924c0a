import Foundation

/// Writes files so that a crash or kill at any moment leaves the old or the new complete file,
/// never part of one: write a temporary file in the same folder, flush it, then rename it over.
public enum AtomicFile {
  /// Writes the string's own UTF-8 storage: no copy of the text (an output can be 100 MB).
  public static func write(_ text: String, to path: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: path) }
  }

  public static func write(_ bytes: [UInt8], to path: String) throws {
    try bytes.withUnsafeBytes { try write($0, to: path) }
  }

  private static func write(_ buf: UnsafeRawBufferPointer, to path: String) throws {
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let tmp = "\(dir)/.\(name).tmp-\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw POSIXFailure(path: tmp, call: "open") }
    var written = 0
    var ok = true
    while written < buf.count {
      let n = Foundation.write(fd, buf.baseAddress! + written, buf.count - written)
      if n <= 0 {
        ok = false
        break
      }
      written += n
    }
    if !ok || fsync(fd) != 0 {
      close(fd)
      unlink(tmp)
      throw POSIXFailure(path: tmp, call: "write")
    }
    close(fd)
    guard rename(tmp, path) == 0 else {
      unlink(tmp)
      throw POSIXFailure(path: path, call: "rename")
    }
  }
}

/// A failed system call, with the file and the reason the system gave.
public struct POSIXFailure: Error, CustomStringConvertible {
  public var path: String
  public var call: String
  public var code: Int32 = errno

  public var description: String {
    "\(call) \(path): \(String(cString: strerror(code)))"
  }
}
