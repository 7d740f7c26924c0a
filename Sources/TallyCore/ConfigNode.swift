/// A parsed configuration tree with line numbers, independent of the YAML library.
///
/// The pipeline turns `pipeline.yaml` into this tree; each stage reads its own settings from it
/// through `ConfigMap`, which rejects unknown keys and bad values with the file line and key path.
public struct ConfigNode: Sendable {
  public enum Value: Sendable {
    case null
    case scalar(String)
    case sequence([ConfigNode])
    case mapping([(key: String, value: ConfigNode)])
  }

  public var value: Value
  /// 1-based line in the configuration file; 0 when unknown.
  public var line: Int
  /// Dotted key path from the root, e.g. "extract.pdf.row_tolerance" or "rules[2].kind".
  public var path: String

  public init(value: Value, line: Int, path: String) {
    self.value = value
    self.line = line
    self.path = path
  }

  public var scalar: String? {
    if case .scalar(let s) = value { return s }
    return nil
  }
}

/// A configuration problem, named by line and key path.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
  public var line: Int
  public var path: String
  public var message: String

  public init(line: Int, path: String, message: String) {
    self.line = line
    self.path = path
    self.message = message
  }

  public init(_ node: ConfigNode, _ message: String) {
    self.init(line: node.line, path: node.path, message: message)
  }

  public var description: String {
    let place = line > 0 ? "line \(line): " : ""
    return "\(place)\(path.isEmpty ? "" : path + ": ")\(message)"
  }
}

/// A strict reader over one mapping: every key read is marked, and `finish()` rejects the rest.
///
///     var map = try ConfigMap(node)
///     settings.rowTolerance = try map.double("row_tolerance") ?? settings.rowTolerance
///     try map.finish()
public struct ConfigMap: Sendable {
  public let node: ConfigNode
  private let entries: [(key: String, value: ConfigNode)]
  private var read: Set<String> = []

  public init(_ node: ConfigNode) throws {
    self.node = node
    switch node.value {
    case .mapping(let entries): self.entries = entries
    case .null: self.entries = []
    default: throw ConfigError(node, "expected a mapping of keys to values")
    }
    var seen = Set<String>()
    for e in entries where !seen.insert(e.key).inserted {
      throw ConfigError(e.value, "key '\(e.key)' appears twice")
    }
  }

  public var keys: [String] { entries.map(\.key) }

  /// The raw node for `key`, marking it read; nil when absent or null.
  public mutating func node(_ key: String) -> ConfigNode? {
    read.insert(key)
    guard let n = entries.first(where: { $0.key == key })?.value else { return nil }
    if case .null = n.value { return nil }
    return n
  }

  public mutating func string(_ key: String) throws -> String? {
    guard let n = node(key) else { return nil }
    guard let s = n.scalar else { throw ConfigError(n, "expected a text value") }
    return s
  }

  public mutating func bool(_ key: String) throws -> Bool? {
    guard let n = node(key) else { return nil }
    switch n.scalar?.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw ConfigError(n, "expected true or false, got '\(n.scalar ?? "a collection")'")
    }
  }

  public mutating func int(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
    guard let n = node(key) else { return nil }
    guard let s = n.scalar, let v = Int(s) else {
      throw ConfigError(n, "expected a whole number, got '\(n.scalar ?? "a collection")'")
    }
    if let range, !range.contains(v) {
      throw ConfigError(n, "must be between \(range.lowerBound) and \(range.upperBound), got \(v)")
    }
    return v
  }

  /// A non-negative tolerance or size in points or ems. Geometry may be Double; figures never are.
  public mutating func double(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
    guard let n = node(key) else { return nil }
    guard let s = n.scalar, let v = Double(s), v.isFinite else {
      throw ConfigError(n, "expected a number, got '\(n.scalar ?? "a collection")'")
    }
    if let range, !range.contains(v) {
      throw ConfigError(n, "must be between \(range.lowerBound) and \(range.upperBound), got \(s)")
    }
    return v
  }

  /// An exact decimal written canonically ("6911564.92").
  public mutating func decimal(_ key: String) throws -> ExactDecimal? {
    guard let n = node(key) else { return nil }
    guard let s = n.scalar, let v = ExactDecimal(canonical: s) else {
      throw ConfigError(
        n, "expected an exact decimal with '.' as decimal point (e.g. 6911564.92), got '\(n.scalar ?? "a collection")'")
    }
    return v
  }

  public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, as: E.Type) throws -> E?
  where E.RawValue == String {
    guard let s = try string(key) else { return nil }
    guard let v = E(rawValue: s) else {
      let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
      throw ConfigError(node(key)!, "unknown value '\(s)'; expected one of: \(allowed)")
    }
    return v
  }

  /// A list of strings; a single string is accepted as a list of one.
  public mutating func strings(_ key: String) throws -> [String]? {
    guard let n = node(key) else { return nil }
    switch n.value {
    case .scalar(let s): return [s]
    case .sequence(let items):
      return try items.map { item in
        guard let s = item.scalar else { throw ConfigError(item, "expected a text value") }
        return s
      }
    default: throw ConfigError(n, "expected a list of text values")
    }
  }

  public mutating func list(_ key: String) throws -> [ConfigNode]? {
    guard let n = node(key) else { return nil }
    guard case .sequence(let items) = n.value else { throw ConfigError(n, "expected a list") }
    return items
  }

  public mutating func map(_ key: String) throws -> ConfigMap? {
    guard let n = node(key) else { return nil }
    return try ConfigMap(n)
  }

  /// Rejects every key that was never read, naming the first with its line.
  public func finish() throws {
    for e in entries where !read.contains(e.key) {
      let known = read.sorted().joined(separator: ", ")
      throw ConfigError(
        line: e.value.line, path: e.value.path,
        message: "unknown key '\(e.key)'" + (known.isEmpty ? "" : "; known keys here: \(known)"))
    }
  }
}
