import Foundation
import TallyCore

/// One line of `findings/<name>.jsonl`, read back: what the log's summary, the review page and
/// `tally accept` need. Figures stay the exact decimal strings of the file.
public struct FindingLine: Sendable, Equatable {
  public struct Cell: Sendable, Equatable {
    /// The cell's table (a cross-table check cites cells of two tables).
    public var table: Int?
    public var page: Int?
    public var row: [String]
    public var column: [String]
    public var raw: String
    public var bbox: BoundingBox?
  }

  /// How the analyst's review left the finding (`accepted.yaml`).
  public struct Review: Sendable, Equatable {
    /// "accepted".
    public var status: String
    public var note: String

    public init(status: String = "accepted", note: String) {
      self.status = status
      self.note = note
    }
  }

  public var id: String
  public var source: String
  public var sha256: String
  public var rule: String
  public var kind: String
  public var status: CheckStatus
  public var severity: Severity
  public var page: Int?
  public var table: Int?
  public var tableTitle: String?
  public var row: [String]
  public var column: [String]
  public var stated: String?
  public var computed: String?
  public var difference: String?
  public var tolerance: String?
  public var cells: [Cell]
  public var message: String
  public var hint: String?
  public var review: Review?

  /// The figures the check rests on (stated, computed and every cell's printed text), hashed:
  /// an acceptance applies to these figures only.
  public var figures: String {
    let parts = [stated ?? "", computed ?? ""] + cells.map(\.raw)
    return String(SHA256.hex(of: Array(parts.joined(separator: "\u{1F}").utf8)).prefix(16))
  }

  /// Whether the analyst accepted it: it then counts as neither error nor warning.
  public var isAccepted: Bool { review?.status == "accepted" }

  /// A failed check the analyst has not accepted, at this severity.
  public func isOpen(_ severity: Severity) -> Bool {
    status == .fail && self.severity == severity && !isAccepted
  }

  /// Reads one line; nil when it is not a finding line.
  public init?(jsonLine: some StringProtocol) {
    guard let data = jsonLine.data(using: .utf8),
      let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let id = o["id"] as? String, let source = o["source"] as? String,
      let status = (o["status"] as? String).flatMap(CheckStatus.init(rawValue:)),
      let severity = (o["severity"] as? String).flatMap(Severity.init(rawValue:))
    else { return nil }
    self.id = id
    self.source = source
    sha256 = o["sha256"] as? String ?? ""
    rule = o["rule"] as? String ?? ""
    kind = o["kind"] as? String ?? ""
    self.status = status
    self.severity = severity
    page = o["page"] as? Int
    table = o["table_index"] as? Int
    tableTitle = o["table_title"] as? String
    row = o["row_path"] as? [String] ?? []
    column = o["column_path"] as? [String] ?? []
    stated = o["stated"] as? String
    computed = o["computed"] as? String
    difference = o["difference"] as? String
    tolerance = o["tolerance"] as? String
    message = o["message"] as? String ?? ""
    hint = o["hint"] as? String
    cells = (o["cells"] as? [[String: Any]] ?? []).map { c in
      let b = (c["bbox"] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue }
      return Cell(
        table: c["table_index"] as? Int, page: c["page"] as? Int, row: c["row_path"] as? [String] ?? [], column: c["column_path"] as? [String] ?? [],
        raw: c["raw"] as? String ?? "",
        bbox: b.flatMap { $0.count == 4 ? BoundingBox(x0: $0[0], y0: $0[1], x1: $0[2], y1: $0[3]) : nil })
    }
    if let r = o["review"] as? [String: Any], let s = r["status"] as? String {
      review = Review(status: s, note: r["note"] as? String ?? "")
    }
  }

  /// Every finding of a findings file, in file order; an unreadable line is left out.
  public static func read(path: String) -> [FindingLine] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { FindingLine(jsonLine: $0) }
  }

  /// "row › path × column › path": where in its table the check sits.
  public var location: String {
    let r = row.joined(separator: " › ")
    guard !column.isEmpty else { return r }
    return (r.isEmpty ? "" : r + " × ") + column.joined(separator: " › ")
  }

  /// The hint's causes ("likely cause: a; or b; or c (2 more …)"), at most `limit` of them.
  public func causes(limit: Int = 3) -> [String] {
    guard var h = hint else { return [] }
    if h.hasPrefix("likely cause: ") { h.removeFirst("likely cause: ".count) }
    var parts = h.components(separatedBy: "; or ")
    // "(n more single-cell explanations)" closes the last one: it is no cause of its own.
    if let last = parts.last, let open = last.range(of: " (", options: .backwards), last.hasSuffix(")"),
      last[open.upperBound...].contains("more")
    {
      parts[parts.count - 1] = String(last[..<open.lowerBound])
    }
    return Array(parts.prefix(limit))
  }
}

/// The `review` member of a finding line: added last, so it can be replaced without parsing
/// the line (a string member holds `"` only escaped, so `,"review":{"` cannot occur inside one).
public enum ReviewMember {
  static let marker = Array(#","review":{""#.utf8)

  /// `line` (one JSON object, no newline) with its review member set to `review` (nil: removed).
  public static func set(_ review: FindingLine.Review?, in line: [UInt8]) -> [UInt8] {
    var body = line
    if let at = lastRange(of: marker, in: body) {
      body.removeSubrange(at..<body.count)
      body.append(UInt8(ascii: "}"))
    }
    guard let review else { return body }
    guard body.last == UInt8(ascii: "}") else { return body }
    body.removeLast()
    var w = JSONObjectWriter()
    w.string("status", review.status)
    w.string("note", review.note)
    body += Array(#","review":"#.utf8) + Array(w.finish().utf8) + [UInt8(ascii: "}")]
    return body
  }

  private static func lastRange(of needle: [UInt8], in hay: [UInt8]) -> Int? {
    guard hay.count >= needle.count else { return nil }
    var i = hay.count - needle.count
    while i >= 0 {
      if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle { return i }
      i -= 1
    }
    return nil
  }
}
