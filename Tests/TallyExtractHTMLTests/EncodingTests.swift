import TallyCore
import TallyExtractHTML
import Testing

/// One way a page's bytes and its label can disagree.
private struct EncodingCase: CustomTestStringConvertible, Sendable {
  var id: String
  var bytes: [UInt8]
  var testDescription: String { id }
}

/// "Totaal € 1.234 – “ok”" as a two-row table, around a head that may declare a charset.
private func page(meta: String, body: [UInt8]) -> [UInt8] {
  Array("<html><head>\(meta)</head><body><h2>Kosten</h2><table><tr><th>Post</th><th>Bedrag</th></tr><tr><td>".utf8)
    + body + Array("</td><td>12</td></tr></table></body></html>".utf8)
}

private let utf8Label = Array("Totaal € – “ok”".utf8)
// The same text in windows-1252: € 0x80, – 0x96, “ 0x93, ” 0x94 (0x9D-free, but 0x93/0x94 break UTF-8).
private let cp1252Label: [UInt8] = Array("Totaal ".utf8) + [0x80, 0x20, 0x96, 0x20, 0x93] + Array("ok".utf8) + [0x94]

private let cases: [EncodingCase] = [
  EncodingCase(id: "utf-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + page(meta: "", body: utf8Label)),
  EncodingCase(id: "utf-8 without meta", bytes: page(meta: "", body: utf8Label)),
  EncodingCase(id: "cp1252 labelled utf-8", bytes: page(meta: "<meta charset=\"utf-8\">", body: cp1252Label)),
  EncodingCase(id: "utf-8 labelled windows-1252", bytes: page(meta: "<meta charset=\"windows-1252\">", body: utf8Label)),
  EncodingCase(id: "cp1252 without label", bytes: page(meta: "", body: cp1252Label)),
  EncodingCase(
    id: "iso-8859-1 label with € as 0x80",
    bytes: page(meta: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">", body: cp1252Label)),
  EncodingCase(
    id: "utf-16le with BOM",
    bytes: [0xFF, 0xFE] + String(decoding: page(meta: "", body: utf8Label), as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
  EncodingCase(
    id: "utf-16be with BOM",
    bytes: [0xFE, 0xFF] + String(decoding: page(meta: "", body: utf8Label), as: UTF8.self).utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
]

@Suite struct EncodingTests {
  @Test(arguments: cases)
  fileprivate func extract_mixedEncodings_readsEuroDashAndQuotes(_ c: EncodingCase) throws {
    let document = try extract(bytes: c.bytes)
    #expect(document.tables.count == 1)
    #expect(document.tables.first?.texts.last == ["Totaal € – “ok”", "12"])
  }

  @Test func windows1252ToUTF8_controlRange_mapsAll32Bytes() {
    let decoded = String(decoding: windows1252ToUTF8(Array(0x80...0x9F)), as: UTF8.self)
    #expect(decoded.unicodeScalars.count == 32)
    #expect(decoded.hasPrefix("€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ"))
    #expect(decoded.hasSuffix("ž\u{178}"))
  }

  @Test func declaredCharset_httpEquivAndMeta_areFound() {
    #expect(declaredCharset(Array("<meta http-equiv=content-type content='text/html;charset=Windows-1252'>".utf8)) == "windows-1252")
    #expect(declaredCharset(Array("<META CHARSET=\"UTF-8\">".utf8)) == "utf-8")
    #expect(declaredCharset(Array("<p>no label</p>".utf8)) == nil)
  }

  @Test func bytesToDecodedPage_validUTF8UnderALegacyLabel_staysUTF8() {
    let decoded = bytesToDecodedPage(page(meta: "<meta charset=\"iso-8859-1\">", body: utf8Label))
    #expect(decoded.charset == nil)
    #expect(decoded.decision == "utf-8")
  }

  @Test func extract_otherLabelOnAPageOfManyParserChunks_convertsEveryRow() throws {
    // libxml2 converts iso-8859-15 chunk by chunk as it reads: no row may lose its € (0xA4).
    var body: [UInt8] = []
    for i in 0..<3000 { body += Array("<tr><td>Post \(i) ".utf8) + [0xA4] + Array("</td><td>\(i)</td></tr>".utf8) }
    let bytes = Array("<html><head><meta charset=\"iso-8859-15\"></head><body><table>".utf8) + body
      + Array("</table></body></html>".utf8)
    let table = try #require(try extract(bytes: bytes).tables.first)
    #expect(table.rows.count == 3000)
    #expect(table.texts.last == ["Post 2999 €", "2999"])
    #expect(table.texts.allSatisfy { $0[0].hasSuffix(" €") })
  }

  @Test func bytesToDecodedPage_otherLabel_isLeftToLibxml2() throws {
    // iso-8859-15 puts € at 0xA4: libxml2's converter must see the label.
    let bytes = page(meta: "<meta charset=\"iso-8859-15\">", body: Array("Totaal ".utf8) + [0xA4])
    #expect(bytesToDecodedPage(bytes).charset == "iso-8859-15")
    let document = try extract(bytes: bytes)
    #expect(document.tables.first?.texts.last == ["Totaal €", "12"])
  }
}
