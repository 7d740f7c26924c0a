import Foundation
import TallyCore
import TallyExtractHTML

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

func source(_ name: String = "page.html") -> SourceDocument {
  SourceDocument(fileName: name, path: name, sha256: String(repeating: "0", count: 64), format: .html)
}

/// Extracts a page given as bytes.
func extract(bytes: [UInt8], settings: HTMLTableSettings = HTMLTableSettings()) throws -> ExtractedDocument {
  try HTMLExtractor(settings: settings).extract(source(), bytes: bytes)
}

/// Extracts a page given as UTF-8 text.
func extract(_ html: String, settings: HTMLTableSettings = HTMLTableSettings()) throws -> ExtractedDocument {
  try extract(bytes: Array(html.utf8), settings: settings)
}

extension ExtractedTable {
  var texts: [[String]] { rows.map(\.texts) }
}

extension ExtractedDocument {
  func tables(_ origin: TableOrigin) -> [ExtractedTable] { tables.filter { $0.origin == origin } }
}
