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
    try stream(to: path) { try $0.write(buf) }
  }

  /// Writes a file produced piece by piece: `body` appends to the writer's buffer, which goes to
  /// the temporary file whenever it passes `Stream.chunk` bytes, so an output of 100 MB never
  /// sits in memory whole. When `body` throws, the temporary file is removed and the old file
  /// stays.
  public static func stream(to path: String, _ body: (inout Stream) throws -> Void) throws {
    try replace(path) { tmp in
      let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard fd >= 0 else { throw POSIXFailure(path: tmp, call: "open") }
      defer { close(fd) }
      var stream = Stream(fd: fd, path: tmp)
      try body(&stream)
      try stream.flush()
    }
  }

  /// Writes a file through its temporary name: `body` writes the name it is given (also for a
  /// library that wants a file name, such as libxlsxwriter), which is then flushed to disk
  /// (fsync applies to the file, whatever descriptor wrote it) and renamed over `path`. When
  /// `body` throws, the temporary file is removed and the old file stays.
  public static func replace(_ path: String, _ body: (String) throws -> Void) throws {
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let tmp = "\(dir)/.\(name).tmp-\(getpid())"
    do {
      try body(tmp)
    } catch {
      unlink(tmp)
      throw error
    }
    let fd = open(tmp, O_RDONLY)
    guard fd >= 0, fsync(fd) == 0 else {
      if fd >= 0 { close(fd) }
      unlink(tmp)
      throw POSIXFailure(path: tmp, call: "write")
    }
    close(fd)
    guard rename(tmp, path) == 0 else {
      unlink(tmp)
      throw POSIXFailure(path: path, call: "rename")
    }
  }

  /// The open temporary file of `stream(to:_:)` and the bytes not yet written to it.
  public struct Stream {
    /// Bytes gathered before a write: large enough that system calls cost nothing, small enough
    /// to stay in cache.
    public static let chunk = 1 << 20
    let fd: Int32
    let path: String
    /// Append here; `flushIfFull()` passes it on.
    public var buffer: [UInt8] = []

    init(fd: Int32, path: String) {
      self.fd = fd
      self.path = path
      buffer.reserveCapacity(Self.chunk + Self.chunk / 4)
    }

    /// Writes the buffer out once it holds `chunk` bytes or more.
    public mutating func flushIfFull() throws {
      if buffer.count >= Self.chunk { try flush() }
    }

    mutating func flush() throws {
      guard !buffer.isEmpty else { return }
      try buffer.withUnsafeBytes { try write($0) }
      buffer.removeAll(keepingCapacity: true)
    }

    func write(_ buf: UnsafeRawBufferPointer) throws {
      var written = 0
      while written < buf.count {
        let n = Foundation.write(fd, buf.baseAddress! + written, buf.count - written)
        guard n > 0 else { throw POSIXFailure(path: path, call: "write") }
        written += n
      }
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
