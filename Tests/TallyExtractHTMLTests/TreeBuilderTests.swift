import TallyCore
import TallyExtractHTML
import Testing

/// The parser's events rebuild the tree libxml2's own tree builder made: text runs joined, text
/// outside any element dropped, stray elements after `</html>` placed where libxml2 put them.
@Suite struct TreeBuilderTests {
  private func characters(_ text: String, into builder: inout HTMLTreeBuilder) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBufferPointer { builder.characters(UnsafeBufferPointer($0)) }
  }

  /// Tags and texts in document order, elements as "<tag" and "</tag".
  private func outline(_ tree: HTMLTree, _ node: Int32 = HTMLTree.root) -> [String] {
    tree.children(node).flatMap { child -> [String] in
      let tag = tree.tag(child)
      return tag == .text ? [tree.text(child)] : ["<\(tag)"] + outline(tree, child) + ["</\(tag)"]
    }
  }

  @Test func treeBuilder_charactersInPieces_becomeOneTextNode() {
    var builder = HTMLTreeBuilder()
    builder.start(.p)
    for piece in ["Ook", "\u{A0}", "zichtbaar"] { characters(piece, into: &builder) }
    builder.start(.b)
    characters("x", into: &builder)
    builder.close()
    builder.close()
    #expect(outline(builder.finish()) == ["<p", "Ook\u{A0}zichtbaar", "<b", "x", "</b", "</p"])
  }

  @Test func treeBuilder_charactersWithNoOpenElement_areDropped() {
    var builder = HTMLTreeBuilder()
    characters("\n", into: &builder)
    builder.start(.html)
    characters("a", into: &builder)
    builder.close()
    characters("\n", into: &builder)
    #expect(outline(builder.finish()) == ["<html", "a", "</html"])
  }

  @Test func treeBuilder_elementAfterTheRootClosed_goesInsideTheFirstTopLevelElement() {
    var builder = HTMLTreeBuilder()
    builder.start(.html)
    builder.close()
    builder.start(.html)
    builder.start(.p)
    characters("laat", into: &builder)
    builder.close()
    builder.close()
    characters("weg", into: &builder)
    #expect(outline(builder.finish()) == ["<html", "<html", "<p", "laat", "</p", "</html", "</html"])
  }

  @Test func treeBuilder_elementAfterTheRootClosedBehindADoctype_staysTopLevel() {
    var builder = HTMLTreeBuilder()
    builder.noteTopLevelNonElement(isDoctype: true)
    builder.start(.html)
    builder.close()
    builder.start(.html)
    builder.close()
    #expect(outline(builder.finish()) == ["<html", "</html", "<html", "</html"])
  }

  @Test func treeBuilder_moreAttributeSetsThanItRemembers_eachNodeKeepsItsOwn() {
    // Eight sets cycled over 80 cells: more than the builder's recent sets per tag.
    let classes = (0..<7).map { HTMLAttributes(className: "c\($0)") } + [HTMLAttributes(style: "display:none")]
    var builder = HTMLTreeBuilder()
    builder.start(.tr)
    for i in 0..<80 {
      builder.start(.td, attributes: classes[i % classes.count])
      builder.close()
    }
    builder.close()
    let tree = builder.finish()
    let cells = Array(tree.children(tree.nodes[Int(HTMLTree.root)].firstChild))
    #expect(cells.count == 80)
    for (i, cell) in cells.enumerated() { #expect(tree.attributes(cell) == classes[i % classes.count], "cell \(i)") }
  }

  @Test func treeBuilder_alternatingRowClasses_shareTwoStoredSets() {
    var builder = HTMLTreeBuilder()
    builder.start(.table)
    for i in 0..<1000 {
      builder.start(.tr, attributes: HTMLAttributes(className: i % 2 == 0 ? "odd" : "even"))
      builder.close()
    }
    builder.close()
    let tree = builder.finish()
    let rows = Array(tree.children(tree.nodes[Int(HTMLTree.root)].firstChild))
    #expect(tree.attributes.count == 2)
    #expect(rows.count == 1000)
    #expect(rows.prefix(3).map { tree.attributes($0)?.className } == ["odd", "even", "odd"])
  }

  @Test func htmlTag_names_mapToTheirTagAndUnknownNamesToOther() {
    let known: [(String, HTMLTag)] = [
      ("b", .b), ("td", .td), ("TD", .td), ("h6", .h6), ("table", .table), ("tbody", .tbody), ("plaintext", .plaintext),
      ("blockquote", .blockquote), ("figcaption", .figcaption), ("noscript", .noscript), ("strong", .strong),
    ]
    for (name, tag) in known { #expect(HTMLTag(name: name) == tag, "\(name)") }
    for name in ["span", "o", "tablex", "t", "", "a-very-long-custom-element-name"] {
      #expect(HTMLTag(name: name) == .other, "\(name)")
    }
  }

  @Test func extract_textAfterClosingHtml_isStillRead() throws {
    let document = try extract("<html><body><p>Eerst</p></body></html>\n<p>Daarna</p>")
    #expect(document.text.map(\.text) == ["Eerst", "Daarna"])
  }

  @Test func extract_cellLongerThanTheParsersTextPieces_isOneCell() throws {
    let long = String(repeating: "ab &amp; c&nbsp;", count: 300)
    let expected = LabelKey.collapseSpaces(String(repeating: "ab & c\u{A0}", count: 300))
    let document = try extract("<table><tr><td>\(long)</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>")
    #expect(document.tables.first?.rows.first?.cells.first?.text == expected)
  }

  @Test func extract_pageLongerThanLibxml2sReadChunks_multibyteTextAtEveryOffsetIntact() throws {
    // libxml2 pulls the page in chunks of a few KB: "€", "é" and "“" land on every chunk boundary.
    var html = "<table><tr><th>Post</th><th>Bedrag</th></tr>"
    var expected: [[String]] = [["Post", "Bedrag"]]
    for i in 0..<2000 {
      let label = String(repeating: "é", count: i % 5) + "Café “\(i)”"
      html += "<tr><td>\(label)</td><td>€ \(i),5</td></tr>"
      expected.append([label, "€ \(i),5"])
    }
    let document = try extract(html + "</table>")
    #expect(document.tables.first?.texts == expected)
  }

  @Test func extract_wordPrefixedParagraph_isAParagraphAsInLibxml2sTree() throws {
    let document = try extract("<div>Eerste regel<o:p></o:p>tweede regel</div>")
    #expect(document.text.map(\.text) == ["Eerste regel", "tweede regel"])
  }

  @Test func extract_nestingDeeperThanLibxml2sTreeCap_keepsWhatFollows() throws {
    let depth = 300  // libxml2's tree builder stopped the whole parse at depth 256
    let html =
      String(repeating: "<div>", count: depth) + "<p>Diep</p>" + String(repeating: "</div>", count: depth)
      + "<p>Erna</p>"
    let document = try extract(html)
    #expect(document.text.map(\.text) == ["Diep", "Erna"])
  }
}
