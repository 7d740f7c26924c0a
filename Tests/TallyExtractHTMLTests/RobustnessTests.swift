import TallyCore
import TallyExtractHTML
import Testing

/// Byte strings that are not HTML pages.
private struct JunkCase: CustomTestStringConvertible, Sendable {
  var id: String
  var bytes: [UInt8]
  var testDescription: String { id }
}

@Suite struct RobustnessTests {
  @Test func extract_invisibleContent_neverBecomesCellsOrText() throws {
    let html = """
      <html><head><title>Titel 99</title><style>.toc{display:none} p.x{visibility:hidden}</style>
      <script>var t = "<table><tr><td>1</td><td>2</td></tr></table>";</script></head><body>
      <!-- <table><tr><td>comment</td><td>5</td></tr></table> -->
      <template><table><tr><td>tpl</td><td>6</td></tr></table></template>
      <ol class="toc"><li>Inhoud 4</li></ol><p class=x>verborgen 7</p><p hidden>hidden 8</p>
      <p aria-hidden="true">aria 9</p><p style="display: none">none 10</p>
      <table><tr><td>Zichtbaar</td><td>1</td></tr>
      <tr style="display:none"><td>Verborgen rij</td><td>2</td></tr>
      <tr><td>Ook&nbsp;zichtbaar&#8239;x&#8201;y</td><td>3<span hidden>4</span></td></tr></table>
      <p>Tekst</p></body></html>
      """
    let document = try extract(html)
    #expect(document.tables.count == 1)
    #expect(document.tables.first?.texts == [["Zichtbaar", "1"], ["Ook zichtbaar x y", "3"]])
    #expect(document.text.map(\.text) == ["Tekst"])
  }


  @Test(arguments: [
    JunkCase(id: "empty", bytes: []),
    JunkCase(id: "pdf header", bytes: Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8) + [0, 0xFF, 0xFE, 0x80]),
    JunkCase(id: "nul bytes", bytes: [UInt8](repeating: 0, count: 1000)),
    JunkCase(id: "all bytes", bytes: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    JunkCase(id: "unclosed tags", bytes: Array("<table><tr><td rowspan=x colspan=<td><<<>>&&&#xFFFFFFF;&#0;".utf8)),
    JunkCase(id: "external entity", bytes: Array("<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><p>&x;</p>".utf8)),
  ])
  fileprivate func extract_nonHTMLBytes_doesNotCrashOrThrow(_ c: JunkCase) throws {
    let document = try extract(bytes: c.bytes)
    #expect(document.pageCount == nil)
    #expect(!document.text.contains { $0.text.contains("root:") })
  }

  @Test func extract_nestingDeeperThanTheLimit_isFlattenedAndKept() throws {
    var settings = HTMLTableSettings()
    settings.maxNestingDepth = 16
    let depth = 100  // 200 levels: below libxml2's own cap of 256, above ours of 16
    let html = String(repeating: "<div><span>", count: depth) + "<p>Diep: 42</p>" + String(repeating: "</span></div>", count: depth)
    let document = try extract(html, settings: settings)
    #expect(document.tables(.keyFigures).first?.texts == [["Diep", "42"]])
  }

  @Test func extract_hostileNesting_doesNotCrash() throws {
    let depth = 20_000
    let html = String(repeating: "<div><table><tr><td>", count: depth) + "x" + String(repeating: "</td></tr></table></div>", count: depth)
    let document = try extract(html)
    #expect(document.pageCount == nil)
  }

  @Test func extract_everyCellAndLine_hasCollapsedSpacesAndNoPage() throws {
    let html = "<h2> Kop \n 1 </h2><table><tr><td>  a \t b </td><td>1&nbsp;000</td></tr><tr><td>c</td><td>2</td></tr></table>"
    let document = try extract(html)
    for table in document.tables {
      #expect(table.pages.isEmpty)
      for row in table.rows {
        #expect(row.page == nil)
        for cell in row.cells { #expect(cell.text == LabelKey.collapseSpaces(cell.text)) }
      }
    }
    #expect(document.tables.first?.texts.first == ["a b", "1 000"])
    #expect(document.text.first?.text == "Kop 1")
  }
}
