import TallyCore

/// Writes one JSON object with its keys in a fixed order, so that output is byte-stable and
/// reads naturally (`source` first). Strings are escaped per RFC 8259; figures are strings.
public struct JSONObjectWriter {
  private(set) var text = "{"
  private var first = true

  public init() {
    // A fact line is about 300 bytes: one allocation instead of growing five times.
    text.reserveCapacity(384)
  }

  private mutating func key(_ k: String) {
    if !first { text += "," }
    first = false
    JSONObjectWriter.appendString(k, to: &text)
    text += ":"
  }

  public mutating func string(_ k: String, _ v: String?) {
    key(k)
    if let v { JSONObjectWriter.appendString(v, to: &text) } else { text += "null" }
  }

  public mutating func int(_ k: String, _ v: Int?) {
    key(k)
    text += v.map(String.init) ?? "null"
  }

  public mutating func bool(_ k: String, _ v: Bool) {
    key(k)
    text += v ? "true" : "false"
  }

  public mutating func strings(_ k: String, _ v: [String]?) {
    key(k)
    guard let v else {
      text += "null"
      return
    }
    text += "["
    for (i, s) in v.enumerated() {
      if i > 0 { text += "," }
      JSONObjectWriter.appendString(s, to: &text)
    }
    text += "]"
  }

  public mutating func ints(_ k: String, _ v: [Int]?) {
    key(k)
    guard let v else {
      text += "null"
      return
    }
    text += "[" + v.map(String.init).joined(separator: ",") + "]"
  }

  public mutating func stringGrid(_ k: String, _ rows: [[String]]) {
    key(k)
    text += "["
    for (i, row) in rows.enumerated() {
      if i > 0 { text += "," }
      text += "["
      for (j, s) in row.enumerated() {
        if j > 0 { text += "," }
        JSONObjectWriter.appendString(s, to: &text)
      }
      text += "]"
    }
    text += "]"
  }

  /// A box as four numbers rounded to 0.01 pt; null when absent.
  public mutating func bbox(_ k: String, _ b: BoundingBox?) {
    key(k)
    guard let b else {
      text += "null"
      return
    }
    text += "[" + [b.x0, b.y0, b.x1, b.y1].map(JSONObjectWriter.points).joined(separator: ",") + "]"
  }

  /// A pre-rendered JSON value (an object or array built by another writer).
  public mutating func raw(_ k: String, _ json: String) {
    key(k)
    text += json
  }

  public mutating func finish() -> String {
    text += "}"
    return text
  }

  /// A coordinate with at most two decimals and no exponent, e.g. 72.5 or 512.34.
  static func points(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let hundredths = Int((x * 100).rounded())
    let negative = hundredths < 0
    let m = negative ? -hundredths : hundredths
    var s = (negative ? "-" : "") + String(m / 100)
    let frac = m % 100
    if frac != 0 {
      s += frac % 10 == 0 ? ".\(frac / 10)" : (frac < 10 ? ".0\(frac)" : ".\(frac)")
    }
    return s
  }

  /// Whether a string holds a character `appendString` escapes: a quote, a backslash, a control
  /// character, U+2028 or U+2029 (UTF-8 E2 80 A8 / E2 80 A9).
  static func needsEscaping(_ s: String) -> Bool {
    // Swift strings are valid UTF-8: bytes after a lead byte are continuation bytes (0x80...0xBF).
    var it = s.utf8.makeIterator()
    while let b = it.next() {
      if b < 0x20 || b == 0x22 || b == 0x5C { return true }
      if b == 0xE2, let b1 = it.next(), let b2 = it.next(), b1 == 0x80, b2 == 0xA8 || b2 == 0xA9 { return true }
    }
    return false
  }

  static func appendString(_ s: String, to out: inout String) {
    out += "\""
    if !needsEscaping(s) {
      out += s
      out += "\""
      return
    }
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    out += "\""
  }
}
