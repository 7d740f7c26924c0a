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
