import Foundation
import TallyCore
import TallyEmit
import TallyExtractHTML
import TallyExtractPDF
import TallyNormalize
import TallyReconcile

/// The version written into run.json and the per-document state; a new version redoes everything.
public enum TallyVersion {
  /// 0.2.0: record schema version 2 (SQL-friendly member names); outputs of 0.1.0 are redone.
  public static let current = "0.2.0"
}

/// One document taken through every stage.
public struct ProcessedDocument: Sendable {
  public var extracted: ExtractedDocument
  public var normalized: NormalizedDocument
  public var findings: [Finding]
}

/// Runs the stages on one document. Pure apart from reading the file.
public struct DocumentProcessor: Sendable {
  public var config: PipelineConfig

  public init(config: PipelineConfig) {
    self.config = config
  }

  /// Reads a file and recognises its type by content. `knownSHA256` is the digest of the same
  /// bytes when the caller has already computed it (the inbox scan does), so it is not hashed twice.
  /// `knownSize` is the byte count the caller read: other bytes now mean the file changed since.
  public static func read(path: String, knownSHA256: String? = nil, knownSize: Int? = nil) throws
    -> (SourceDocument, [UInt8])
  {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let bytes: [UInt8]
    switch readBytes(path) {
    case .success(let read): bytes = read
    case .failure(let error):
      throw DocumentError(code: "unreadable", reason: "cannot read the file: \(error.reason)")
    }
    if let knownSize, knownSize != bytes.count {
      throw DocumentError(code: "unreadable", reason: "cannot read the file: \(ReadFailure.changed.reason)")
    }
    switch DocumentRecognizer.recognize(bytes, fileName: name) {
    case .supported(let format):
      let source = SourceDocument(
        fileName: name, path: path, sha256: knownSHA256 ?? SHA256.hex(of: bytes), format: format)
      return (source, bytes)
    case .unsupported(let reason):
      let code = reason.hasPrefix("damaged") ? "damaged" : (bytes.isEmpty ? "empty" : "unsupported_type")
      throw DocumentError(code: code, reason: reason)
    }
  }

  /// Why a file could not be read: the system's message for the failing call's errno.
  struct ReadFailure: Error, Equatable {
    var reason: String
    init(errno code: Int32) { reason = String(cString: strerror(code)) }
    init(reason: String) { self.reason = reason }
    /// The file's size or time changed between the start and the end of reading it.
    static let changed = ReadFailure(reason: "the file changed while it was read (is it still being written?)")
  }

  /// A file's bytes read straight into one array (no `Data` and no second copy of a 20 MB page).
  /// A read interrupted by a signal (EINTR: a child process of another task ending) is retried.
  /// Hostile entries never block: the file is opened without waiting (a FIFO with no writer, a
  /// device), anything but a regular file is refused, and no more than the size it had when
  /// opened is read; a file that grew, shrank or was rewritten meanwhile is refused as changed.
  static func readBytes(_ path: String) -> Result<[UInt8], ReadFailure> {
    var fd: Int32
    repeat { fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) } while fd < 0 && errno == EINTR
    guard fd >= 0 else { return .failure(ReadFailure(errno: errno)) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .failure(ReadFailure(errno: errno)) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .failure(ReadFailure(errno: EISDIR))
    default: return .failure(ReadFailure(reason: Inbox.notRegularReason(info.st_mode)))
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    let size = Int(info.st_size)
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, size - filled) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(ReadFailure(errno: errno))
      }
      if n == 0 { return .failure(.changed) }
      filled += n
    }
    var after = stat()
    guard fstat(fd, &after) == 0 else { return .failure(ReadFailure(errno: errno)) }
    if after.st_size != info.st_size || after.st_mtim.tv_sec != info.st_mtim.tv_sec
      || after.st_mtim.tv_nsec != info.st_mtim.tv_nsec
    {
      return .failure(.changed)
    }
    return .success(bytes)
  }

  /// The tables of a document, as `tally tables` prints them. `config` is the document's
  /// effective settings (`PipelineConfig.effective(for:)`): its `skip_pages` are not read.
  /// `onPage` is told each PDF page (1-based) and the page count before the page is read.
  public func extract(
    _ source: SourceDocument, bytes: [UInt8], onPage: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> ExtractedDocument {
    switch source.format {
    case .pdf:
      var extractor = PDFExtractor(settings: config.pdf, pageObserver: onPage)
      extractor.skipPages = config.skipPages
      return try extractor.extract(source, bytes: bytes)
    case .html: return try HTMLExtractor(settings: config.html).extract(source, bytes: bytes)
    }
  }

  public func process(
    _ source: SourceDocument, bytes: [UInt8], onPage: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> ProcessedDocument {
    let extracted = try extract(source, bytes: bytes, onPage: onPage)
    let normalized = Normalizer(settings: config.normalize).normalize(extracted)
    let findings = Reconciler(settings: config.reconcile).reconcile(normalized)
    return ProcessedDocument(extracted: extracted, normalized: normalized, findings: findings)
  }
}
