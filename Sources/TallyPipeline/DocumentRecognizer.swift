import TallyCore

/// Recognises a document's type from its first bytes, never from its name alone.
public enum DocumentRecognizer {
  /// What the bytes are.
  public enum Verdict: Sendable, Equatable {
    case supported(DocumentFormat)
    /// Not a format tally reads; the reason names what it looks like.
    case unsupported(String)
  }

  /// Looks at the first kilobytes: `%PDF-` (anywhere in the first 1024 bytes, as readers allow),
  /// HTML markup after an optional byte-order mark and white space, or known other formats.
  public static func recognize(_ bytes: [UInt8], fileName: String) -> Verdict {
    if bytes.isEmpty { return .unsupported("empty file") }
    let head = bytes.prefix(1024)
    if contains(head, "%PDF-") { return .supported(.pdf) }
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      let lower = fileName.lowercased()
      if lower.hasSuffix(".docx") { return .unsupported("unsupported type: Word document (.docx)") }
      if lower.hasSuffix(".xlsx") { return .unsupported("unsupported type: Excel workbook (.xlsx)") }
      return .unsupported("unsupported type: ZIP archive (Office document?)")
    }
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      return .unsupported("unsupported type: legacy Office document (.doc/.xls)")
    }
    if looksLikeHTML(head) { return .supported(.html) }
    let lower = fileName.lowercased()
    if lower.hasSuffix(".pdf") { return .unsupported("damaged: named .pdf but has no %PDF- header") }
    if lower.hasSuffix(".txt") || lower.hasSuffix(".csv") || lower.hasSuffix(".md") {
      return .unsupported("unsupported type: plain text")
    }
    return .unsupported("unsupported type: neither PDF nor HTML")
  }

  private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: String) -> Bool {
    let n = Array(needle.utf8)
    guard haystack.count >= n.count else { return false }
    var i = haystack.startIndex
    while i <= haystack.endIndex - n.count {
      if haystack[i] == n[0], haystack[i..<(i + n.count)].elementsEqual(n) { return true }
      i += 1
    }
    return false
  }

  /// True when the first tag-like text is an HTML element, doctype or comment. UTF-16 pages are
  /// recognised by their byte-order mark.
  static func looksLikeHTML(_ head: ArraySlice<UInt8>) -> Bool {
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return true }
    var bytes = Array(head)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    let text = String(decoding: bytes, as: UTF8.self).lowercased()
    guard let lt = text.firstIndex(of: "<") else { return false }
    let before = text[..<lt]
    guard before.allSatisfy({ $0.isWhitespace }) else { return false }
    let rest = text[lt...]
    let openers = [
      "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<!--", "<table", "<div",
      "<p", "<h1", "<h2", "<h3", "<section", "<article", "<main", "<?xml",
    ]
    return openers.contains { rest.hasPrefix($0) }
  }
}
