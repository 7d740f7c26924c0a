import TallyCore

/// A table area the configuration names: where a table is, on which pages, and optionally where
/// its columns split (`extract.pdf.areas`).
public struct TableArea: Sendable, Equatable {
  /// The pages it applies to (1-based); nil: every page.
  public var pages: PageSet?
  /// The area in PDF points with the origin at the top left of the page as read: x0, top, x1,
  /// bottom. A word belongs to it when its middle lies inside.
  public var box: BoundingBox
  /// Where columns split, in points from the left; nil: columns from the text's alignment.
  public var columns: [Double]?

  public init(pages: PageSet? = nil, box: BoundingBox, columns: [Double]? = nil) {
    self.pages = pages
    self.box = box
    self.columns = columns
  }

  /// Reads `{pages: "3-5", box: [x0, top, x1, bottom], columns: [x, ...]}`.
  init(node: ConfigNode) throws {
    var map = try ConfigMap(node)
    pages = try map.string("pages").map { try PageSet(parsing: $0, at: node) }
    guard let boxNode = map.node("box") else { throw ConfigError(node, "an area needs a 'box': [x0, top, x1, bottom]") }
    let b = try Self.numbers(boxNode)
    guard b.count == 4, b[0] < b[2], b[1] < b[3] else {
      throw ConfigError(boxNode, "'box' must be [x0, top, x1, bottom] with x0 < x1 and top < bottom")
    }
    box = BoundingBox(x0: b[0], y0: b[1], x1: b[2], y1: b[3])
    columns = try map.node("columns").map(Self.numbers)
    try map.finish()
  }

  private static func numbers(_ node: ConfigNode) throws -> [Double] {
    guard case .sequence(let items) = node.value else { throw ConfigError(node, "expected a list of numbers") }
    return try items.map { item in
      guard let s = item.scalar, let v = Double(s), v.isFinite else {
        throw ConfigError(item, "expected a number, got '\(item.scalar ?? "a collection")'")
      }
      return v
    }
  }
}

/// A set of 1-based page numbers written as "3", "3-5" or "1, 3-5, 9".
public struct PageSet: Sendable, Equatable {
  public var ranges: [ClosedRange<Int>]

  public init(_ ranges: [ClosedRange<Int>]) { self.ranges = ranges }

  init(parsing text: String, at node: ConfigNode) throws {
    var out: [ClosedRange<Int>] = []
    for part in text.split(separator: ",") {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int(String($0.filter { $0 != " " })) }
      guard (1...2).contains(bounds.count), let lo = bounds[0], let hi = bounds[bounds.count - 1], 1 <= lo, lo <= hi
      else { throw ConfigError(node, "'pages' must be like \"3\", \"3-5\" or \"1, 3-5\", got '\(text)'") }
      out.append(lo...hi)
    }
    guard !out.isEmpty else { throw ConfigError(node, "'pages' is empty") }
    ranges = out
  }

  public func contains(_ page: Int) -> Bool { ranges.contains { $0.contains(page) } }
}
