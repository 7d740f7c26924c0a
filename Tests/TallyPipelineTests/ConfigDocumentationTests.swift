import Foundation
import Testing

/// Every key a stage reads from pipeline.yaml is documented in the settings reference
/// (docs/settings.md), so the docs cannot drift from the code (pdfplumber's README and dataclass did).
@Suite struct ConfigDocumentationTests {
  static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

  /// Keys read through ConfigMap in Sources/, e.g. `map.double("word_gap_em")`.
  static func keysReadInSources() throws -> Set<String> {
    let pattern = try NSRegularExpression(
      pattern: #"\b[a-z][A-Za-z]*\.(?:int|double|bool|string|strings|choice|decimal|list|map|node)\(\s*"([a-z][a-z0-9_]*)""#)
    var keys = Set<String>()
    let enumerator = FileManager.default.enumerator(atPath: root + "/Sources")
    while let path = enumerator?.nextObject() as? String {
      guard path.hasSuffix(".swift"), !path.hasPrefix("TallyCore/") else { continue }
      let text = try String(contentsOfFile: root + "/Sources/" + path, encoding: .utf8)
      // Only files that read configuration (JSON writers use the same call shapes).
      guard text.contains("ConfigMap") else { continue }
      let range = NSRange(text.startIndex..., in: text)
      for match in pattern.matches(in: text, range: range) {
        if let r = Range(match.range(at: 1), in: text) { keys.insert(String(text[r])) }
      }
    }
    return keys
  }

  @Test func everyConfigKey_isDocumentedInTheSettingsReference() throws {
    let readme = try String(contentsOfFile: Self.root + "/docs/settings.md", encoding: .utf8)
    let keys = try Self.keysReadInSources()
    #expect(keys.count > 40, "the scan found too few keys: \(keys.sorted())")
    let missing = keys.filter { !readme.contains("`\($0)`") }.sorted()
    #expect(missing.isEmpty, "docs/settings.md does not document: \(missing.joined(separator: ", "))")
  }
}
