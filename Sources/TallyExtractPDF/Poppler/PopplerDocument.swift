import CPopplerGlib
import TallyCore

// Poppler/ is the only code that talks to poppler-glib and cairo: it opens, reads text, renders
// and analyses nothing. It hands out plain Swift values, or views of pixels (`PagePixels`).

/// An open PDF. Not Sendable: poppler objects must stay on the task that opened them.
final class PopplerDocument {
  private let raw: OpaquePointer
  /// Font names seen so far: the pages' attribute runs share one String per name.
  private let fonts = FontNames()

  /// Opens the PDF whose bytes the caller has already read (the pipeline reads each file once,
  /// for its hash and type), mapping poppler's errors to `DocumentError`s. poppler keeps its own
  /// reference to the copied bytes for as long as the document lives.
  init(bytes: [UInt8]) throws {
    PopplerLog.silence()
    let data = bytes.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
    defer { g_bytes_unref(data) }
    var error: UnsafeMutablePointer<GError>? = nil
    guard let doc = poppler_document_new_from_bytes(data, nil, &error) else {
      throw PopplerDocument.documentError(consuming: error)
    }
    raw = doc
  }

  /// Opens the file at `path` (callers without the bytes in hand: the review page's crops, tests),
  /// mapping poppler's errors to `DocumentError`s.
  init(path: String) throws {
    PopplerLog.silence()
    let absolute = path.hasPrefix("/") ? path : PopplerDocument.currentDirectory() + "/" + path
    var error: UnsafeMutablePointer<GError>? = nil
    guard let uri = g_filename_to_uri(absolute, nil, &error) else {
      throw PopplerDocument.documentError(consuming: error)
    }
    defer { g_free(uri) }
    guard let doc = poppler_document_new_from_file(uri, nil, &error) else {
      throw PopplerDocument.documentError(consuming: error)
    }
    raw = doc
  }

  deinit { g_object_unref(UnsafeMutableRawPointer(raw)) }

  var pageCount: Int { Int(poppler_document_get_n_pages(raw)) }

  /// The page at 0-based `index`; nil when poppler cannot load it.
  func page(_ index: Int) -> PopplerPageHandle? {
    guard let p = poppler_document_get_page(raw, Int32(index)) else { return nil }
    return PopplerPageHandle(raw: p, fonts: fonts)
  }

  private static func documentError(consuming error: UnsafeMutablePointer<GError>?) -> DocumentError {
    guard let error else { return DocumentError(code: "damaged", reason: "damaged PDF: poppler could not open it") }
    defer { g_error_free(error) }
    let domain = String(cString: g_quark_to_string(error.pointee.domain))
    let code = error.pointee.code
    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    if domain == "poppler-quark" && code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
      return DocumentError(code: "encrypted", reason: "encrypted PDF: needs a password")
    }
    if domain == "g-file-error-quark" {
      return DocumentError(code: "unreadable", reason: "cannot read file: \(message)")
    }
    return DocumentError(code: "damaged", reason: "damaged PDF: \(message)")
  }

  private static func currentDirectory() -> String {
    guard let cwd = g_get_current_dir() else { return "." }
    defer { g_free(cwd) }
    return String(cString: cwd)
  }
}

/// Keeps poppler's syntax warnings (g_log domain "Poppler") off the terminal: libraries never print.
enum PopplerLog {
  private static let installed: Bool = {
    let levels = G_LOG_LEVEL_MASK.rawValue | G_LOG_FLAG_FATAL.rawValue | G_LOG_FLAG_RECURSION.rawValue
    g_log_set_handler("Poppler", GLogLevelFlags(rawValue: levels), { _, _, _, _ in }, nil)
    return true
  }()

  static func silence() { _ = installed }
}
