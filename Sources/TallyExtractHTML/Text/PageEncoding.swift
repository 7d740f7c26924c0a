/// A page's bytes made ready for the parser: UTF-8 whenever Swift could decode them, otherwise the
/// original bytes with the charset label libxml2 should convert from.
public struct DecodedPage: Sendable, Equatable {
  public var bytes: [UInt8]
  /// nil: `bytes` are UTF-8. Otherwise the declared charset for libxml2's converter.
  public var charset: String?
  /// How the encoding was decided, for the log ("utf-8 BOM", "windows-1252 (declared utf-8)").
  public var decision: String
}

/// Decides a page's encoding and decodes it to UTF-8.
///
/// Order: a BOM wins; then bytes that are valid UTF-8 are UTF-8 whatever the label says; then the
/// declared charset (`<meta charset>` or `http-equiv`) — where a label of utf-8, latin-1, ascii or
/// windows-1252 on invalid UTF-8 means windows-1252, because that is what such pages are; else
/// windows-1252. libxml2 then always gets UTF-8 and ignores the page's own label, so a lying
/// `<meta charset>` cannot turn text into C1 controls or stop the parse at an undefined byte.
public func bytesToDecodedPage(_ bytes: [UInt8]) -> DecodedPage {
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
    return DecodedPage(bytes: validUTF8OrRepaired(Array(bytes.dropFirst(3))), charset: nil, decision: "utf-8 BOM")
  }
  if bytes.starts(with: [0xFF, 0xFE]) {
    return DecodedPage(bytes: utf16ToUTF8(bytes.dropFirst(2), bigEndian: false), charset: nil, decision: "utf-16le BOM")
  }
  if bytes.starts(with: [0xFE, 0xFF]) {
    return DecodedPage(bytes: utf16ToUTF8(bytes.dropFirst(2), bigEndian: true), charset: nil, decision: "utf-16be BOM")
  }
  if isValidUTF8(bytes) {
    return DecodedPage(bytes: bytes, charset: nil, decision: "utf-8")
  }
  let label = declaredCharset(bytes)
  switch label.map(charsetFamily) {
  case .none:
    return DecodedPage(bytes: windows1252ToUTF8(bytes), charset: nil, decision: "windows-1252 (no charset declared)")
  case .windows1252?:
    return DecodedPage(bytes: windows1252ToUTF8(bytes), charset: nil, decision: "windows-1252 (declared \(label!))")
  case .other?:
    return DecodedPage(bytes: bytes, charset: label, decision: "\(label!) (declared, converted by libxml2)")
  }
}

enum CharsetFamily { case windows1252, other }

/// Labels that, on bytes that are not UTF-8, stand for windows-1252 (the WHATWG encoding standard
/// maps latin-1 and ascii labels to windows-1252; a utf-8 label on such bytes is a mistake).
func charsetFamily(_ label: String) -> CharsetFamily {
  switch label {
  case "utf-8", "utf8", "unicode-1-1-utf-8", "windows-1252", "cp1252", "x-cp1252", "iso-8859-1",
    "iso8859-1", "iso_8859-1", "iso-ir-100", "latin1", "latin-1", "l1", "ascii", "us-ascii",
    "ansi_x3.4-1968", "cp819", "ibm819", "iso88591", "csisolatin1":
    return .windows1252
  default:
    return .other
  }
}

/// True when `bytes` are well-formed UTF-8.
public func isValidUTF8(_ bytes: [UInt8]) -> Bool {
  // The standard library's validator, on the bytes in place (no String is made of them).
  (try? UTF8Span(validating: bytes.span)) != nil
}

/// The charset named by the first `<meta charset=...>` or `<meta http-equiv content="...charset=...">`
/// in the first 4 KB (lower-cased), or nil.
public func declaredCharset(_ bytes: [UInt8]) -> String? {
  let window = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
  let needle = Array("charset".utf8)
  var i = 0
  while i + needle.count < window.count {
    if window[i] == needle[0], window[i..<(i + needle.count)].elementsEqual(needle) {
      var j = i + needle.count
      while j < window.count, window[j] == 0x20 || window[j] == 0x09 { j += 1 }
      if j < window.count, window[j] == UInt8(ascii: "=") {
        j += 1
        while j < window.count, window[j] == 0x20 || window[j] == 0x22 || window[j] == 0x27 { j += 1 }
        var name: [UInt8] = []
        while j < window.count, name.count < 40 {
          let c = window[j]
          let isNameByte =
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x2E || c == 0x3A
          guard isNameByte else { break }
          name.append(c)
          j += 1
        }
        if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
      }
    }
    i += 1
  }
  return nil
}

/// What windows-1252 puts at 0x80...0x9F; the five undefined bytes keep their C1 code point.
let windows1252High: [UInt32] = [
  0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
  0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
  0x0153, 0x9D, 0x017E, 0x0178,
]

/// Decodes windows-1252 bytes to UTF-8.
public func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count + bytes.count / 8)
  for b in bytes {
    if b < 0x80 {
      out.append(b)
    } else {
      let scalar = b < 0xA0 ? windows1252High[Int(b - 0x80)] : UInt32(b)
      appendUTF8(scalar, to: &out)
    }
  }
  return out
}

/// Valid UTF-8 unchanged; otherwise each invalid sequence replaced by U+FFFD.
func validUTF8OrRepaired(_ bytes: [UInt8]) -> [UInt8] {
  isValidUTF8(bytes) ? bytes : Array(String(decoding: bytes, as: UTF8.self).utf8)
}

func utf16ToUTF8(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
  var units: [UInt16] = []
  units.reserveCapacity(bytes.count / 2)
  var i = bytes.startIndex
  while i + 1 < bytes.endIndex {
    let a = UInt16(bytes[i])
    let b = UInt16(bytes[i + 1])
    units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
    i += 2
  }
  return Array(String(decoding: units, as: UTF16.self).utf8)
}

@inline(__always)
func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
  switch scalar {
  case 0..<0x80:
    out.append(UInt8(scalar))
  case 0x80..<0x800:
    out.append(UInt8(0xC0 | (scalar >> 6)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  case 0x800..<0x10000:
    out.append(UInt8(0xE0 | (scalar >> 12)))
    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  default:
    out.append(UInt8(0xF0 | (scalar >> 18)))
    out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  }
}
