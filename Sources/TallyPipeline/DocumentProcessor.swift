import Foundation
import TallyCore
import TallyEmit
import TallyExtractHTML
import TallyExtractPDF
import TallyNormalize
import TallyReconcile

/// The version written into run.json and the per-document state; a new version redoes everything.
public enum TallyVersion {
  public static let current = "0.1.0"
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
  public static func read(path: String, knownSHA256: String? = nil) throws -> (SourceDocument, [UInt8]) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let bytes: [UInt8]
    switch readBytes(path) {
    case .success(let read): bytes = read
    case .failure(let error):
      throw DocumentError(code: "unreadable", reason: "cannot read the file: \(error.reason)")
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
  }

  /// A file's bytes read straight into one array (no `Data` and no second copy of a 20 MB page).
  /// A read interrupted by a signal (EINTR: a child process of another task ending) is retried.
  static func readBytes(_ path: String) -> Result<[UInt8], ReadFailure> {
    var fd: Int32
    repeat { fd = open(path, O_RDONLY) } while fd < 0 && errno == EINTR
    guard fd >= 0 else { return .failure(ReadFailure(errno: errno)) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .failure(ReadFailure(errno: errno)) }
    if (info.st_mode & S_IFMT) == S_IFDIR { return .failure(ReadFailure(errno: EISDIR)) }
    var bytes = [UInt8]()
    bytes.reserveCapacity(Int(info.st_size))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(ReadFailure(errno: errno))
      }
      if n == 0 { return .success(bytes) }
      bytes.append(contentsOf: chunk[0..<n])
    }
  }

  /// The tables of a document, as `tally tables` prints them.
  public func extract(_ source: SourceDocument, bytes: [UInt8]) throws -> ExtractedDocument {
    switch source.format {
    case .pdf: try PDFExtractor(settings: config.pdf).extract(source)
    case .html: try HTMLExtractor(settings: config.html).extract(source, bytes: bytes)
    }
  }

  public func process(_ source: SourceDocument, bytes: [UInt8]) throws -> ProcessedDocument {
    let extracted = try extract(source, bytes: bytes)
    let normalized = Normalizer(settings: config.normalize).normalize(extracted)
    let findings = Reconciler(settings: config.reconcile).reconcile(normalized)
    return ProcessedDocument(extracted: extracted, normalized: normalized, findings: findings)
  }
}
