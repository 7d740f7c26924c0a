import Foundation
import TallyCore
import TallyEmit
import Yams

/// `accepted.yaml`: findings an analyst reviewed and accepted. Written by `tally accept`, read by
/// every ingest. An accepted finding stays in the findings JSONL with `"review": {"status":
/// "accepted", "note": …}`, is greyed out on the review page and counts as neither error nor
/// warning (so it no longer fails `--strict`). Finding ids are stable for the same check on the
/// same bytes, so acceptance survives re-runs. The check's place (rule, table, row, column) and
/// figures are kept too: when the document's bytes change (a re-issued file) an entry still
/// applies to the check at the same place with the same figures. An entry whose finding is gone
/// or whose figures changed is reported as stale instead of applied.
public struct AcceptedFindings: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public var id: String
    public var source: String
    public var note: String
    /// The figures when it was accepted; nil accepts whatever they are.
    public var stated: String?
    public var computed: String?
    /// Where the finding sits, for the reader of the file (not used to match).
    public var location: String?
    /// `FindingLine.figures` when it was accepted (nil: not checked).
    public var figures: String?
    /// The check's place, to meet it again in a changed file (nil: match by id only).
    public var rule: String?
    public var table: Int?
    public var row: [String]?
    public var column: [String]?

    public init(
      id: String, source: String, note: String, stated: String? = nil, computed: String? = nil,
      location: String? = nil, figures: String? = nil, rule: String? = nil, table: Int? = nil,
      row: [String]? = nil, column: [String]? = nil
    ) {
      self.id = id
      self.source = source
      self.note = note
      self.stated = stated
      self.computed = computed
      self.location = location
      self.figures = figures
      self.rule = rule
      self.table = table
      self.row = row
      self.column = column
    }

    /// The entry for a finding as `tally accept` records it.
    public init(finding f: FindingLine, note: String, location: String?) {
      self.init(
        id: f.id, source: f.source, note: note, stated: f.stated, computed: f.computed, location: location,
        figures: f.figures, rule: f.rule, table: f.table, row: f.row, column: f.column)
    }

    /// Whether the entry names the same check (source, rule, table, row and column) as `f`.
    func samePlace(_ f: FindingLine) -> Bool {
      guard let rule, let row, let column else { return false }
      return source == f.source && rule == f.rule && table == f.table && row == f.row && column == f.column
    }
  }

  public var entries: [Entry] = []

  public init(entries: [Entry] = []) {
    self.entries = entries
  }

  /// The default place: `accepted.yaml` beside the inbox folder (in the folder that holds it).
  public static func defaultPath(inbox: String) -> String {
    var folder = inbox
    while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
    guard let slash = folder.lastIndex(of: "/") else { return "accepted.yaml" }
    let parent = String(folder[..<slash])
    return (parent.isEmpty ? "" : parent) + "/accepted.yaml"
  }

  /// Reads the file; a missing file is an empty list. A file that is not a list of entries with
  /// an `id` throws `ConfigError`-like `DocumentError` naming the problem.
  public static func load(path: String) throws -> AcceptedFindings {
    guard let data = FileManager.default.contents(atPath: path) else { return AcceptedFindings() }
    let text = String(decoding: data, as: UTF8.self)
    let root: Any?
    do {
      root = try Yams.load(yaml: text)
    } catch {
      throw DocumentError(code: "accepted_yaml", reason: "\(path): not valid YAML: \(error)")
    }
    guard let root else { return AcceptedFindings() }
    guard let map = root as? [String: Any] else {
      throw DocumentError(code: "accepted_yaml", reason: "\(path): expected `accepted:` with a list of findings")
    }
    guard let list = map["accepted"] else { return AcceptedFindings() }
    if list is NSNull { return AcceptedFindings() }
    guard let items = list as? [Any] else {
      throw DocumentError(code: "accepted_yaml", reason: "\(path): `accepted` must be a list")
    }
    var out = AcceptedFindings()
    for (i, item) in items.enumerated() {
      guard let m = item as? [String: Any], let id = Self.text(m["id"]), !id.isEmpty else {
        throw DocumentError(code: "accepted_yaml", reason: "\(path): entry \(i + 1) has no `id`")
      }
      out.entries.append(
        Entry(
          id: id, source: Self.text(m["source"]) ?? "", note: Self.text(m["note"]) ?? "",
          stated: Self.text(m["stated"]), computed: Self.text(m["computed"]), location: Self.text(m["where"]),
          figures: Self.text(m["figures"]), rule: Self.text(m["rule"]), table: (m["table"] as? Int) ?? Self.text(m["table"]).flatMap { Int($0) },
          row: (m["row"] as? [Any])?.compactMap(Self.text), column: (m["column"] as? [Any])?.compactMap(Self.text)))
    }
    return out
  }

  private static func text(_ v: Any?) -> String? {
    switch v {
    case let s as String: s
    case let n as NSNumber: n.stringValue
    default: nil
    }
  }

  /// Adds or replaces the entry for `entry.id`.
  public mutating func accept(_ entry: Entry) {
    entries.removeAll { $0.id == entry.id }
    entries.append(entry)
  }

  /// The file's text: every value double-quoted (JSON string syntax is valid YAML), so a note
  /// with a colon or a quote reads back as written.
  public func yaml() -> String {
    var out = "# Findings reviewed and accepted by an analyst (`tally accept ID --note \"…\"` writes this file).\n"
    out += "# An accepted finding stays in findings/*.jsonl with its note, is greyed out in review.html and\n"
    out += "# counts as neither error nor warning. An entry whose finding is gone, or whose figures\n"
    out += "# (stated, computed) changed, is reported as stale in the log and no longer applies.\n"
    out += "version: 1\naccepted:\n"
    if entries.isEmpty { return out.replacingOccurrences(of: "accepted:\n", with: "accepted: []\n") }
    for e in entries {
      out += "  - id: \(Self.quoted(e.id))\n"
      out += "    source: \(Self.quoted(e.source))\n"
      if let w = e.location { out += "    where: \(Self.quoted(w))\n" }
      if let r = e.rule { out += "    rule: \(Self.quoted(r))\n" }
      if let t = e.table { out += "    table: \(t)\n" }
      if let r = e.row { out += "    row: [" + r.map(Self.quoted).joined(separator: ", ") + "]\n" }
      if let c = e.column { out += "    column: [" + c.map(Self.quoted).joined(separator: ", ") + "]\n" }
      if let s = e.stated { out += "    stated: \(Self.quoted(s))\n" }
      if let c = e.computed { out += "    computed: \(Self.quoted(c))\n" }
      if let g = e.figures { out += "    figures: \(Self.quoted(g))\n" }
      out += "    note: \(Self.quoted(e.note))\n"
    }
    return out
  }

  static func quoted(_ s: String) -> String {
    var w = JSONObjectWriter()
    w.string("v", s)
    let object = w.finish()
    // {"v":"…"} → "…"
    return String(object.dropFirst(5).dropLast())
  }

  /// Why an entry does not apply to `finding` (nil: it applies).
  func mismatch(_ e: Entry, _ f: FindingLine) -> String? {
    if let s = e.stated, s != (f.stated ?? "") { return "its figures changed (stated \(f.stated ?? "none"), was \(s))" }
    if let c = e.computed, c != (f.computed ?? "") {
      return "its figures changed (computed \(f.computed ?? "none"), was \(c))"
    }
    if let g = e.figures, g != f.figures { return "its figures changed (a cell of the check reads otherwise)" }
    return nil
  }

  /// Applies the entries to one document's findings file: sets or removes each line's `review`
  /// member and rewrites the file (atomically) when a line changed. Returns the findings as
  /// read back, and the ids of the entries it met (applied, or with the reason they do not
  /// apply). An entry meets the finding with its id, or else the finding at its place.
  func apply(toFindingsFile path: String) throws -> (findings: [FindingLine], met: [String: String?]) {
    guard let data = FileManager.default.contents(atPath: path) else { return ([], [:]) }
    let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    let placed = entries.filter { $0.rule != nil }
    var changed = false
    var out: [UInt8] = []
    out.reserveCapacity(data.count + 64)
    var findings: [FindingLine] = []
    var met: [String: String?] = [:]
    for lineData in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
      let line = [UInt8](lineData)
      guard var f = FindingLine(jsonLine: String(decoding: line, as: UTF8.self)) else {
        out += line + [0x0A]
        continue
      }
      var review: FindingLine.Review? = nil
      if let e = byID[f.id] ?? placed.first(where: { $0.samePlace(f) }) {
        let why = mismatch(e, f)
        // An entry met both by id and by place keeps the better outcome.
        if met[e.id] == nil || why == nil { met[e.id] = .some(why) }
        if why == nil { review = FindingLine.Review(note: e.note) }
      }
      if review != f.review {
        changed = true
        out += ReviewMember.set(review, in: line) + [0x0A]
        f.review = review
      } else {
        out += line + [0x0A]
      }
      findings.append(f)
    }
    if changed { try AtomicFile.write(out, to: path) }
    return (findings, met)
  }
}
