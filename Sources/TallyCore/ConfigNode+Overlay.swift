/// Tree operations behind per-document settings: an entry's settings laid over the global ones,
/// and a canonical text of a tree, so that its digest changes with the settings and not with the
/// file's comments, spacing or key order.
extension ConfigNode {
  /// This tree with `overlay` laid over it: mappings merge key by key (recursively), a list of
  /// entries (mappings, such as `reconcile.rules`) is added to this one's, and any other value
  /// (a scalar, a list of words) replaces this one. Overlay nodes keep their own lines and paths,
  /// so a bad value in an overlay is reported where it was written.
  public func overlaid(by overlay: ConfigNode) -> ConfigNode {
    switch (value, overlay.value) {
    case (_, .null):
      return self
    case (.mapping(let base), .mapping(let top)):
      var entries = base
      for (key, node) in top {
        if let i = entries.firstIndex(where: { $0.key == key }) {
          entries[i].value = entries[i].value.overlaid(by: node)
        } else {
          entries.append((key, node))
        }
      }
      return ConfigNode(value: .mapping(entries), line: line, path: path)
    case (.sequence(let base), .sequence(let top)) where top.allSatisfy(\.isMapping):
      return ConfigNode(value: .sequence(base + top), line: line, path: path)
    default:
      return overlay
    }
  }

  /// The tree without the top-level entries named in `keys`.
  public func removing(keys: Set<String>) -> ConfigNode {
    guard case .mapping(let entries) = value else { return self }
    return ConfigNode(value: .mapping(entries.filter { !keys.contains($0.key) }), line: line, path: path)
  }

  var isMapping: Bool {
    if case .mapping = value { return true }
    return false
  }

  /// A canonical text of the tree: keys sorted, scalars quoted, no lines or paths. Two files that
  /// differ only in comments, spacing or key order give the same text; a null is the same as an
  /// absent key (or an empty mapping).
  public var canonicalText: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    switch value {
    case .null:
      // Null is "nothing set": an empty file and an empty mapping are the same settings.
      out += "{}"
    case .scalar(let s):
      out += "\"" + s.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\""
    case .sequence(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        item.write(to: &out)
      }
      out += "]"
    case .mapping(let entries):
      out += "{"
      var first = true
      for (key, node) in entries.sorted(by: { $0.key < $1.key }) {
        if case .null = node.value { continue }
        if !first { out += "," }
        first = false
        out += "\"" + key.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\":"
        node.write(to: &out)
      }
      out += "}"
    }
  }
}

extension String {
  /// Every occurrence of `target` replaced (TallyCore does not import Foundation).
  fileprivate func replacingAll(_ target: Character, _ replacement: String) -> String {
    guard contains(target) else { return self }
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}
