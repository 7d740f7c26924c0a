import Foundation
import TallyCore
import Yams

/// Reads `pipeline.yaml` into a `ConfigNode` tree with line numbers, so every stage can reject an
/// unknown key or a bad value by naming its line.
public enum ConfigLoader {
  /// Parses YAML text. Syntax errors become a `ConfigError` naming the line.
  public static func parse(yaml: String) throws -> ConfigNode {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw configError(from: error)
    }
    guard let root else { return ConfigNode(value: .null, line: 1, path: "") }
    return try convert(root, path: "")
  }

  private static func convert(_ node: Node, path: String) throws -> ConfigNode {
    let line = node.mark?.line ?? 0
    switch node {
    case .scalar(let scalar):
      // An unquoted `~`, `null` or empty value is YAML's null.
      if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
        return ConfigNode(value: .null, line: line, path: path)
      }
      return ConfigNode(value: .scalar(scalar.string), line: line, path: path)
    case .sequence(let sequence):
      var items: [ConfigNode] = []
      for (i, item) in sequence.enumerated() {
        items.append(try convert(item, path: "\(path)[\(i)]"))
      }
      return ConfigNode(value: .sequence(items), line: line, path: path)
    case .mapping(let mapping):
      var entries: [(key: String, value: ConfigNode)] = []
      for (key, value) in mapping {
        guard let name = key.scalar?.string else {
          throw ConfigError(line: key.mark?.line ?? line, path: path, message: "keys must be plain text")
        }
        let childPath = path.isEmpty ? name : "\(path).\(name)"
        var child = try convert(value, path: childPath)
        if child.line == 0 { child.line = key.mark?.line ?? line }
        entries.append((name, child))
      }
      return ConfigNode(value: .mapping(entries), line: line, path: path)
    case .alias:
      throw ConfigError(line: line, path: path, message: "YAML aliases are not supported here")
    }
  }

  private static func configError(from error: YamlError) -> ConfigError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return ConfigError(line: mark.line, path: "", message: "YAML syntax: \(problem)")
    default:
      return ConfigError(line: 0, path: "", message: "YAML: \(error)")
    }
  }
}
