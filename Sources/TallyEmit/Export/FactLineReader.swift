import Foundation

/// Reads the fact lines tally writes (`FactRecord.write`: one flat object of strings, integers,
/// nulls and arrays) without a general JSON decoder, which cost the exports as much as all their
/// other work. Anything it is not sure of (an escape in a string, a fraction where an integer is
/// read, nesting, a repeated member) makes it give up, and `ExportRows.fact` decodes the line with
/// `JSONDecoder` instead: the outcome is the decoder's either way.
struct FactLineReader {
  private let bytes: UnsafeRawBufferPointer
  private var i = 0

  /// The line's members, or nil when the reader gives up.
  static func read(_ line: Data) -> ExportRows.FactLine? {
    line.withUnsafeBytes { raw in
      var reader = FactLineReader(bytes: raw)
      return reader.object()
    }
  }

  private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  private mutating func object() -> ExportRows.FactLine? {
    var o = ExportRows.FactLine()
    var seen = Set<String>()
    guard take(UInt8(ascii: "{")) else { return nil }
    if take(UInt8(ascii: "}")) { return end() ? o : nil }
    repeat {
      guard let key = string(), seen.insert(key).inserted, take(UInt8(ascii: ":")) else { return nil }
      let ok: Bool
      switch key {
      case "source": ok = optional(&o.source) { $0.string() }
      case "table_title": ok = optional(&o.table_title) { $0.string() }
      case "raw": ok = optional(&o.raw) { $0.string() }
      case "value": ok = optional(&o.value) { $0.string() }
      case "unit": ok = optional(&o.unit) { $0.string() }
      case "unit_word": ok = optional(&o.unit_word) { $0.string() }
      case "role": ok = optional(&o.role) { $0.string() }
      case "note": ok = optional(&o.note) { $0.string() }
      case "page": ok = optional(&o.page) { $0.integer() }
      case "table_index": ok = optional(&o.table_index) { $0.integer() }
      case "decimals": ok = optional(&o.decimals) { $0.integer() }
      case "grid_row": ok = optional(&o.grid_row) { $0.integer() }
      case "grid_column": ok = optional(&o.grid_column) { $0.integer() }
      case "row_path": ok = optional(&o.row_path) { $0.strings() }
      case "column_path": ok = optional(&o.column_path) { $0.strings() }
      default: ok = skipValue()
      }
      guard ok else { return nil }
    } while take(UInt8(ascii: ","))
    return take(UInt8(ascii: "}")) && end() ? o : nil
  }

  /// `null` leaves `target` nil; otherwise `read` must give a value.
  private mutating func optional<T>(_ target: inout T?, _ read: (inout Self) -> T?) -> Bool {
    if literal("null") { return true }
    guard let v = read(&self) else { return false }
    target = v
    return true
  }

  private mutating func skipSpace() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    skipSpace()
    guard i < bytes.count, bytes[i] == byte else { return false }
    i += 1
    return true
  }

  private mutating func end() -> Bool {
    skipSpace()
    return i == bytes.count
  }

  private mutating func literal(_ word: StaticString) -> Bool {
    skipSpace()
    let n = word.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
    i += n
    return true
  }

  /// A string without escapes or control characters.
  private mutating func string() -> String? {
    guard take(UInt8(ascii: "\"")) else { return nil }
    let start = i
    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
      guard bytes[i] >= 0x20, bytes[i] != UInt8(ascii: "\\") else { return nil }
      i += 1
    }
    guard i < bytes.count else { return nil }
    defer { i += 1 }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
  }

  /// A whole number as JSON writes it: an optional minus, no leading zero, no fraction or exponent.
  private mutating func integer() -> Int? {
    skipSpace()
    let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    let start = i
    var value = 0
    while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - UInt8(ascii: "0")))
      guard !o1, !o2 else { return nil }
      value = a
      i += 1
    }
    guard i > start, !(i - start > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
    if i < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[i]) { return nil }
    return negative ? -value : value
  }

  private mutating func strings() -> [String]? {
    guard take(UInt8(ascii: "[")) else { return nil }
    var out: [String] = []
    if take(UInt8(ascii: "]")) { return out }
    repeat {
      guard let s = string() else { return nil }
      out.append(s)
    } while take(UInt8(ascii: ","))
    return take(UInt8(ascii: "]")) ? out : nil
  }

  /// A member the exports do not use: a string, number or literal, or an array of those.
  private mutating func skipValue() -> Bool {
    if take(UInt8(ascii: "[")) {
      if take(UInt8(ascii: "]")) { return true }
      repeat { guard skipScalar() else { return false } } while take(UInt8(ascii: ","))
      return take(UInt8(ascii: "]"))
    }
    return skipScalar()
  }

  private mutating func skipScalar() -> Bool {
    skipSpace()
    guard i < bytes.count else { return false }
    if bytes[i] == UInt8(ascii: "\"") { return string() != nil }
    if literal("null") || literal("true") || literal("false") { return true }
    // A number as JSON's grammar has it: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    func digits(_ r: inout Self) -> Int {
      let start = r.i
      while r.i < r.bytes.count, r.bytes[r.i] >= UInt8(ascii: "0"), r.bytes[r.i] <= UInt8(ascii: "9") { r.i += 1 }
      return r.i - start
    }
    func next(_ r: Self, _ c: Character) -> Bool { r.i < r.bytes.count && r.bytes[r.i] == c.asciiValue! }
    if next(self, "-") { i += 1 }
    let first = i
    let whole = digits(&self)
    guard whole > 0, whole == 1 || bytes[first] != UInt8(ascii: "0") else { return false }
    if next(self, ".") {
      i += 1
      guard digits(&self) > 0 else { return false }
    }
    if next(self, "e") || next(self, "E") {
      i += 1
      if next(self, "+") || next(self, "-") { i += 1 }
      guard digits(&self) > 0 else { return false }
    }
    return true
  }
}
