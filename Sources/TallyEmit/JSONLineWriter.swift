import TallyCore

/// Writes one JSON object with its keys in a fixed order, so that output is byte-stable and
/// reads naturally (`source` first). Strings are escaped per RFC 8259; figures are strings.
///
/// The object is written as UTF-8 bytes, appended to a buffer a whole output file shares
/// (`init(continuing:)` / `finish(into:)`): 60 000 fact lines become one buffer, not 60 000 strings.
public struct JSONObjectWriter {
  private(set) var bytes: [UInt8]
  private var first = true

  public init() {
    // A fact line is about 400 bytes: one allocation instead of growing five times.
    bytes = []
    bytes.reserveCapacity(512)
    bytes.append(UInt8(ascii: "{"))
  }

  /// A writer that appends its object to `buffer`, which it takes over until `finish(into:)`.
  public init(continuing buffer: inout [UInt8]) {
    bytes = []
    swap(&bytes, &buffer)
    bytes.append(UInt8(ascii: "{"))
  }

  private mutating func key(_ k: StaticString) {
    if !first { bytes.append(UInt8(ascii: ",")) }
    first = false
    bytes.append(UInt8(ascii: "\""))
    k.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
  }

  private mutating func append(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  public mutating func string(_ k: StaticString, _ v: String?) {
    key(k)
    if let v { JSONObjectWriter.appendString(v, to: &bytes) } else { append("null") }
  }

  public mutating func int(_ k: StaticString, _ v: Int?) {
    key(k)
    if let v { JSONObjectWriter.appendInt(v, to: &bytes) } else { append("null") }
  }

  public mutating func bool(_ k: StaticString, _ v: Bool) {
    key(k)
    append(v ? "true" : "false")
  }

  public mutating func strings(_ k: StaticString, _ v: [String]?) {
    key(k)
    guard let v else {
      append("null")
      return
    }
    Self.appendArray(v, to: &bytes, element: Self.appendString)
  }

  public mutating func ints(_ k: StaticString, _ v: [Int]?) {
    key(k)
    guard let v else {
      append("null")
      return
    }
    Self.appendArray(v, to: &bytes, element: Self.appendInt)
  }

  public mutating func stringGrid(_ k: StaticString, _ rows: [[String]]) {
    key(k)
    Self.appendArray(rows, to: &bytes) { row, out in
      Self.appendArray(row, to: &out, element: Self.appendString)
    }
  }

  /// A box as four numbers rounded to 0.01 pt; null when absent.
  public mutating func bbox(_ k: StaticString, _ b: BoundingBox?) {
    key(k)
    guard let b else {
      append("null")
      return
    }
    Self.appendArray([b.x0, b.y0, b.x1, b.y1], to: &bytes, element: Self.appendPoints)
  }

  /// Members rendered once for many objects (`"source":"…","sha256":"…"` of every fact line of a
  /// document): `members` is `"key":value` pairs joined by commas, without braces.
  public mutating func members(_ members: [UInt8]) {
    guard !members.isEmpty else { return }
    if !first { bytes.append(UInt8(ascii: ",")) }
    first = false
    bytes.append(contentsOf: members)
  }

  /// The bytes written so far, after the opening brace: what `members(_:)` takes.
  var membersSoFar: ArraySlice<UInt8> { bytes.dropFirst() }

  /// A pre-rendered JSON value (an object or array built by another writer).
  public mutating func raw(_ k: StaticString, _ json: String) {
    key(k)
    bytes.append(contentsOf: json.utf8)
  }

  /// An array of objects, each written by `body` straight into this object's bytes.
  public mutating func objects<T>(_ k: StaticString, _ items: [T], _ body: (inout JSONObjectWriter, T) -> Void) {
    key(k)
    bytes.append(UInt8(ascii: "["))
    for (i, item) in items.enumerated() {
      if i > 0 { bytes.append(UInt8(ascii: ",")) }
      var inner = JSONObjectWriter(continuing: &bytes)
      body(&inner, item)
      inner.finish(into: &bytes)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  public mutating func finish() -> String {
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Closes the object and hands the buffer (with the object appended) back.
  public mutating func finish(into buffer: inout [UInt8]) {
    bytes.append(UInt8(ascii: "}"))
    swap(&bytes, &buffer)
  }

  /// A coordinate with at most two decimals and no exponent, e.g. 72.5 or 512.34.
  /// `[e0,e1,…]`, each element written by `element`.
  static func appendArray<C: Collection>(
    _ items: C, to out: inout [UInt8], element: (C.Element, inout [UInt8]) -> Void
  ) {
    out.append(UInt8(ascii: "["))
    for (i, item) in items.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      element(item, &out)
    }
    out.append(UInt8(ascii: "]"))
  }

  static func appendPoints(_ x: Double, to out: inout [UInt8]) {
    guard x.isFinite else {
      out.append(UInt8(ascii: "0"))
      return
    }
    // Clamped: a coordinate beyond ±2^52 hundredths (only a hostile PDF has one) cannot trap.
    let hundredths = Int(max(-4.5e15, min(4.5e15, (x * 100).rounded())))
    let negative = hundredths < 0
    let m = negative ? -hundredths : hundredths
    if negative { out.append(UInt8(ascii: "-")) }
    appendInt(m / 100, to: &out)
    let frac = m % 100
    if frac != 0 {
      out.append(UInt8(ascii: "."))
      out.append(UInt8(ascii: "0") + UInt8(frac / 10))
      if frac % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(frac % 10)) }
    }
  }

  /// Decimal digits of an integer, without a String in between.
  static func appendInt(_ v: Int, to out: inout [UInt8]) {
    if v == 0 {
      out.append(UInt8(ascii: "0"))
      return
    }
    var m = v.magnitude
    if v < 0 { out.append(UInt8(ascii: "-")) }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &digits) { d in
      while m > 0 {
        d[n] = UInt8(ascii: "0") + UInt8(m % 10)
        m /= 10
        n += 1
      }
      for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
    }
  }

  /// Appends `s` as a JSON string: quotes, backslashes, control characters, U+2028 and U+2029
  /// escaped.
  static func appendString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // One pass over the contiguous UTF-8 when nothing needs escaping (nearly always).
    var text = s
    let copied = text.withUTF8 { buf -> Bool in
      var i = 0
      while i < buf.count {
        let b = buf[i]
        if b < 0x20 || b == 0x22 || b == 0x5C { return false }
        if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9 { return false }
        i += 1
      }
      out.append(contentsOf: buf)
      return true
    }
    if copied {
      out.append(UInt8(ascii: "\""))
      return
    }
    for u in s.unicodeScalars {
      switch u {
      case "\"": out.append(contentsOf: "\\\"".utf8)
      case "\\": out.append(contentsOf: "\\\\".utf8)
      case "\n": out.append(contentsOf: "\\n".utf8)
      case "\r": out.append(contentsOf: "\\r".utf8)
      case "\t": out.append(contentsOf: "\\t".utf8)
      case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
        let hex = String(u.value, radix: 16)
        out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
      default: out.append(contentsOf: String(u).utf8)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
