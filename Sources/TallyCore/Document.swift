/// A rectangle in PDF points, origin at the top-left of the page, y growing downwards.
public struct BoundingBox: Sendable, Hashable, Codable {
  public var x0: Double
  public var y0: Double
  public var x1: Double
  public var y1: Double

  public init(x0: Double, y0: Double, x1: Double, y1: Double) {
    self.x0 = x0
    self.y0 = y0
    self.x1 = x1
    self.y1 = y1
  }

  public var width: Double { x1 - x0 }
  public var height: Double { y1 - y0 }

  /// The smallest box holding both.
  public func union(_ other: BoundingBox) -> BoundingBox {
    BoundingBox(
      x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
  }
}

/// The formats tally reads, recognised by content, not by file name.
public enum DocumentFormat: String, Sendable, Codable, CaseIterable {
  case pdf
  case html
}

/// A file from the inbox, identified by its bytes.
public struct SourceDocument: Sendable, Hashable {
  /// The file name as dropped in the inbox (no folder).
  public var fileName: String
  /// The path the file was read from.
  public var path: String
  /// SHA-256 of the file's bytes, lower-case hex.
  public var sha256: String
  public var format: DocumentFormat

  public init(fileName: String, path: String, sha256: String, format: DocumentFormat) {
    self.fileName = fileName
    self.path = path
    self.sha256 = sha256
    self.format = format
  }
}

/// Why a document could not be processed: one line for the analyst, naming the reason.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A short machine-readable code, e.g. `encrypted`, `damaged`, `no_text_layer`, `unsupported_type`.
  public var code: String
  /// The one-line reason shown to the user, e.g. "no text layer: needs OCR".
  public var reason: String

  public init(code: String, reason: String) {
    self.code = code
    self.reason = reason
  }

  public var description: String { reason }
}
