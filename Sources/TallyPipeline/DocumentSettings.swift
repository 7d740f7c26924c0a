import Foundation
import TallyCore

/// One `documents:` entry of pipeline.yaml: settings for the documents whose file name matches.
///
///     documents:
///       - match: "*jaarverslag-2023*.pdf"   # glob on the file name, or a list of globs
///         skip_pages: "1-3, 12"             # pages not read at all
///         reconcile:                          # any stage's settings, laid over the global ones
///           kinds: {ratio: {enabled: false}}
///           rules: [...]                      # extra relations, added to the global rules
///
/// An entry is an overlay: its `extract`, `normalize` and `reconcile` settings are merged over the
/// global ones (`ConfigNode.overlaid(by:)`), so every stage setting works per document without
/// code of its own. Entries apply in file order; a later match wins where two set the same key.
public struct DocumentSettings: Sendable {
  /// The stage blocks an entry may carry; `emit` and `ingest` are settings of the run.
  static let stageKeys = ["extract", "normalize", "reconcile"]

  /// `match`: globs (`*`, `?`, `[...]`) on the inbox file name.
  public var patterns: [String]
  /// `skip_pages`: pages not read, as ranges; nil when the entry does not say.
  public var skipPages: [ClosedRange<Int>]?
  /// The entry's stage settings, a mapping laid over the global settings tree.
  public var overlay: ConfigNode
  /// The entry's line in pipeline.yaml.
  public var line: Int

  public init(config node: ConfigNode) throws {
    var map = try ConfigMap(node)
    guard let patterns = try map.strings("match"), !patterns.isEmpty else {
      throw ConfigError(node, "a documents entry needs 'match': a glob on the file name, such as \"*2023*.pdf\"")
    }
    self.patterns = patterns
    if let pages = map.node("skip_pages") {
      skipPages = try DocumentSettings.pageRanges(pages)
    }
    var stages: [(key: String, value: ConfigNode)] = []
    for key in DocumentSettings.stageKeys {
      if let stage = map.node(key) { stages.append((key, stage)) }
    }
    overlay = ConfigNode(value: .mapping(stages), line: node.line, path: node.path)
    line = node.line
    try map.finish()
  }

  /// True when the entry applies to the inbox file `name`.
  public func matches(_ name: String) -> Bool {
    patterns.contains { fnmatch($0, name, 0) == 0 }
  }

  /// "1-3, 12" (or a list of such texts, or a single number) as page ranges.
  static func pageRanges(_ node: ConfigNode) throws -> [ClosedRange<Int>] {
    let texts: [String]
    switch node.value {
    case .scalar(let s): texts = [s]
    case .sequence(let items):
      texts = try items.map { item in
        guard let s = item.scalar else { throw ConfigError(item, "expected page numbers such as \"1-3, 12\"") }
        return s
      }
    default: throw ConfigError(node, "expected page numbers such as \"1-3, 12\"")
    }
    var ranges: [ClosedRange<Int>] = []
    for part in texts.joined(separator: ",").split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
        .map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last!, low >= 1, low <= high
      else {
        throw ConfigError(
          node, "expected page numbers and ranges such as \"1-3, 12\" (pages count from 1), got '\(part.trimmingCharacters(in: .whitespaces))'")
      }
      ranges.append(low...high)
    }
    return ranges
  }

  /// The ranges as one canonical text ("1-3,12"), for the settings digest and the log.
  static func text(_ ranges: [ClosedRange<Int>]) -> String {
    ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
      .joined(separator: ",")
  }
}
