/// The HTML elements the extractor treats specially; every other element is `.other`.
///
/// Parsed from the lower-case names libxml2 reports, so matching is on bytes, not on allocated strings.
public enum HTMLTag: UInt8, Sendable, Hashable {
  case document, text, other
  case html, head, body, title, meta
  case script, style, template, noscript, iframe, object, svg, math, canvas, select, option, button
  case textarea, input
  case table, caption, thead, tbody, tfoot, tr, td, th, colgroup, col
  case h1, h2, h3, h4, h5, h6
  case b, strong
  case br, hr, wbr
  case p, div, li, ul, ol, dl, dt, dd, pre, section, article, main, header, footer, nav, aside
  case blockquote, figure, figcaption, address, form, fieldset, legend, details, summary, center
  case listing, xmp, plaintext
  case sup

  /// The tag for a lower-case element name given as UTF-8 bytes.
  public init(name: UnsafeBufferPointer<UInt8>) {
    let k = HTMLTag.key(name)
    guard k != 0 else {
      self = .other
      return
    }
    // Linear probing in a table kept at most 1/4 full: one or two probes, and no Hasher per element.
    let lookup = HTMLTag.lookup
    var slot = HTMLTag.slot(k)
    while true {
      let stored = lookup.keys[slot]
      if stored == k {
        self = lookup.tags[slot]
        return
      }
      if stored == 0 {
        self = .other
        return
      }
      slot = (slot + 1) & (HTMLTag.tableSize - 1)
    }
  }

  /// The tag for a lower-case element name.
  public init(name: String) {
    var bytes = Array(name.utf8)
    self = bytes.withUnsafeMutableBufferPointer { HTMLTag(name: UnsafeBufferPointer($0)) }
  }

  /// Names are at most 10 bytes: pack them into one integer so lookup allocates nothing.
  private static func key(_ name: UnsafeBufferPointer<UInt8>) -> UInt128 {
    guard name.count <= 15 else { return 0 }
    var k: UInt128 = UInt128(name.count)
    for byte in name { k = (k << 8) | UInt128(byte | 0x20) }
    return k
  }

  private static let tableSize = 512

  private static func slot(_ k: UInt128) -> Int {
    let folded = UInt64(truncatingIfNeeded: k) ^ UInt64(truncatingIfNeeded: k >> 64)
    return Int(truncatingIfNeeded: (folded &* 0x9E37_79B9_7F4A_7C15) >> 55)  // the top 9 bits: 0..<512
  }

  /// `byName` as an open-addressing table (key 0: empty slot).
  private static let lookup: (keys: [UInt128], tags: [HTMLTag]) = {
    var keys = [UInt128](repeating: 0, count: tableSize)
    var tags = [HTMLTag](repeating: .other, count: tableSize)
    for (k, tag) in byName {
      var slot = slot(k)
      while keys[slot] != 0 { slot = (slot + 1) & (tableSize - 1) }
      keys[slot] = k
      tags[slot] = tag
    }
    return (keys, tags)
  }()

  private static let byName: [UInt128: HTMLTag] = {
    let names: [(String, HTMLTag)] = [
      ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta),
      ("script", .script), ("style", .style), ("template", .template), ("noscript", .noscript),
      ("iframe", .iframe), ("object", .object), ("svg", .svg), ("math", .math), ("canvas", .canvas),
      ("select", .select), ("option", .option), ("button", .button), ("textarea", .textarea),
      ("input", .input),
      ("table", .table), ("caption", .caption), ("thead", .thead), ("tbody", .tbody), ("tfoot", .tfoot),
      ("tr", .tr), ("td", .td), ("th", .th), ("colgroup", .colgroup), ("col", .col),
      ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6),
      ("b", .b), ("strong", .strong), ("br", .br), ("hr", .hr), ("wbr", .wbr),
      ("p", .p), ("div", .div), ("li", .li), ("ul", .ul), ("ol", .ol), ("dl", .dl), ("dt", .dt),
      ("dd", .dd), ("pre", .pre), ("section", .section), ("article", .article), ("main", .main),
      ("header", .header), ("footer", .footer), ("nav", .nav), ("aside", .aside),
      ("blockquote", .blockquote), ("figure", .figure), ("figcaption", .figcaption),
      ("address", .address), ("form", .form), ("fieldset", .fieldset), ("legend", .legend),
      ("details", .details), ("summary", .summary), ("center", .center), ("listing", .listing),
      ("xmp", .xmp), ("plaintext", .plaintext), ("sup", .sup),
    ]
    var map: [UInt128: HTMLTag] = [:]
    for (name, tag) in names {
      var bytes = Array(name.utf8)
      map[bytes.withUnsafeMutableBufferPointer { key(UnsafeBufferPointer($0)) }] = tag
    }
    return map
  }()

  /// The heading level 1...6, or nil.
  public var headingLevel: Int? {
    switch self {
    case .h1: 1
    case .h2: 2
    case .h3: 3
    case .h4: 4
    case .h5: 5
    case .h6: 6
    default: nil
    }
  }

  /// Elements whose content is never visible text (or never text a reader sees as the page).
  public var isNeverText: Bool {
    switch self {
    case .head, .title, .meta, .script, .style, .template, .noscript, .iframe, .object, .svg, .math,
      .canvas, .select, .option, .button, .textarea, .input, .colgroup, .col:
      true
    default: false
    }
  }

  /// Elements that start and end a line of text.
  public var isBlock: Bool {
    switch self {
    case .p, .div, .li, .ul, .ol, .dl, .dt, .dd, .pre, .section, .article, .main, .header, .footer,
      .nav, .aside, .blockquote, .figure, .figcaption, .address, .form, .fieldset, .legend, .details,
      .summary, .center, .listing, .xmp, .plaintext, .hr, .html, .body, .document, .table, .caption,
      .tr, .td, .th, .thead, .tbody, .tfoot, .h1, .h2, .h3, .h4, .h5, .h6:
      true
    default: false
    }
  }

  /// Block elements that group other blocks, such as a card holding a number and its label.
  public var isContainer: Bool {
    switch self {
    case .div, .section, .article, .main, .header, .footer, .nav, .aside, .li, .dl, .dd, .blockquote,
      .figure, .body, .html, .document, .td, .th, .details, .form, .fieldset, .center, .ul, .ol:
      true
    default: false
    }
  }

  /// Elements whose white space is kept as written.
  /// An element whose children may be the rows of a table written without `<table>`: generic
  /// containers, lists and description lists, unknown elements laid out as blocks.
  public var mayHoldDivGrid: Bool {
    switch self {
    case .div, .section, .article, .main, .dl, .ul, .ol, .figure, .center, .other: true
    default: false
    }
  }

  public var keepsWhiteSpace: Bool {
    switch self {
    case .pre, .listing, .xmp, .plaintext, .textarea: true
    default: false
    }
  }
}

/// The attributes the extractor reads, as written in the page; everything else is dropped.
public struct HTMLAttributes: Sendable, Hashable {
  public var rowSpan: String?
  public var colSpan: String?
  public var style: String?
  /// The `hidden` attribute is present (any value).
  public var hidden: Bool
  public var ariaHidden: String?
  /// The class attribute, for the page's own simple class rules (`.big { display: block }`).
  public var className: String?

  public init(
    rowSpan: String? = nil, colSpan: String? = nil, style: String? = nil, hidden: Bool = false,
    ariaHidden: String? = nil, className: String? = nil
  ) {
    self.className = className
    self.rowSpan = rowSpan
    self.colSpan = colSpan
    self.style = style
    self.hidden = hidden
    self.ariaHidden = ariaHidden
  }

  public var isEmpty: Bool {
    rowSpan == nil && colSpan == nil && style == nil && !hidden && ariaHidden == nil && className == nil
  }
}

/// A parsed page as plain Swift values: elements and text nodes in document order, linked by index.
///
/// Built by the libxml2 wrapper (or by tests through `HTMLTreeBuilder`); everything after parsing
/// works on this value, so it can be unit-tested without libxml2.
public struct HTMLTree: Sendable {
  public struct Node: Sendable {
    public var tag: HTMLTag
    /// Index of the first child, or -1.
    public var firstChild: Int32
    /// Index of the next sibling, or -1.
    public var nextSibling: Int32
    /// Text nodes: index into `texts`. Elements: index into `attributes`, or -1.
    public var payload: Int32
  }

  /// Node 0 is the document; its children are the top-level nodes.
  public var nodes: [Node]
  public var texts: [String]
  public var attributes: [HTMLAttributes]

  public static let root: Int32 = 0

  public func children(_ index: Int32) -> HTMLChildren { HTMLChildren(nodes: nodes, first: nodes[Int(index)].firstChild) }

  public func tag(_ index: Int32) -> HTMLTag { nodes[Int(index)].tag }

  /// The text of a text node; "" for elements.
  public func text(_ index: Int32) -> String {
    let node = nodes[Int(index)]
    return node.tag == .text ? texts[Int(node.payload)] : ""
  }

  public func attributes(_ index: Int32) -> HTMLAttributes? {
    attributeIndex(index).map { attributes[$0] }
  }

  /// Where the node's attributes are in `attributes`, or nil: lets hot loops read one field in place
  /// instead of copying the whole set.
  @inline(__always)
  func attributeIndex(_ index: Int32) -> Int? {
    let node = nodes[Int(index)]
    return node.tag != .text && node.payload >= 0 ? Int(node.payload) : nil
  }
}

/// The children of one node, in order.
public struct HTMLChildren: Sequence, IteratorProtocol {
  let nodes: [HTMLTree.Node]
  var current: Int32

  init(nodes: [HTMLTree.Node], first: Int32) {
    self.nodes = nodes
    self.current = first
  }

  public mutating func next() -> Int32? {
    guard current >= 0 else { return nil }
    defer { current = nodes[Int(current)].nextSibling }
    return current
  }
}

/// Builds an `HTMLTree` from open, text and close events, flattening nesting deeper than `maxDepth`
/// so that the recursive walks over the tree stay within a bounded stack.
///
/// Two ways in: `open`/`text`/`close` (tests build trees by hand) and the parser's event stream
/// (`start`, `characters`, `close`, `noteTopLevelNonElement`), which rebuilds exactly the tree libxml2's
/// own tree builder would have made from the same events.
public struct HTMLTreeBuilder {
  private var tree = HTMLTree(
    nodes: [HTMLTree.Node(tag: .document, firstChild: -1, nextSibling: -1, payload: -1)], texts: [],
    attributes: [])
  private var lastChild: [Int32] = [-1]
  private var open: [Int32] = [0]
  /// For each open event not yet closed: whether it opened a node (false: flattened away).
  private var opened: [Bool] = []
  /// How many of those were flattened away.
  private var flattened = 0
  private let maxDepth: Int
  /// Table structure keeps its elements this many levels past `maxDepth`, so that a table nested
  /// under thousands of wrappers keeps its rows and cells (the walks stay bounded by the sum).
  static let tableDepthAllowance = 64
  /// Characters of the open element not yet made a text node (the parser splits runs of text).
  private var pending: [UInt8] = []
  /// What the document's first top-level node is: where libxml2 puts an element that starts when
  /// no element is open (after `</html>`).
  private var firstTopLevel = TopLevel.none
  /// The first top-level element was re-entered to hold such a stray element.
  private var reentered = false
  /// Per tag, the last `recentPerTag` attribute sets stored: pages repeat the same class on every
  /// row and cell, and nodes with equal attributes share one stored copy (attributes are never
  /// changed after parsing). Bounded: a page whose attributes all differ stores each once, as before.
  private var recentAttributes = [Int32](repeating: -1, count: 256 * HTMLTreeBuilder.recentPerTag)
  private static let recentPerTag = 4

  private enum TopLevel: Equatable {
    case none
    case element(Int32)
    /// A doctype, comment or processing instruction.
    case other
  }

  public init(maxDepth: Int = 256) {
    self.maxDepth = max(1, maxDepth)
  }

  /// A builder for a page of `pageBytes` bytes: the node and text arrays are reserved for one node
  /// per 16 bytes up front (CMS pages have about one per 20). Growing them by doubling copied each
  /// array several times and touched fresh pages each time; capacity never written costs no memory.
  init(maxDepth: Int, pageBytes: Int) {
    self.init(maxDepth: maxDepth)
    let nodes = min(pageBytes / 16, Int(Int32.max))
    tree.nodes.reserveCapacity(nodes)
    lastChild.reserveCapacity(nodes)
    tree.texts.reserveCapacity(nodes / 2)
  }

  static func isTableStructure(_ tag: HTMLTag) -> Bool {
    switch tag {
    case .table, .caption, .thead, .tbody, .tfoot, .tr, .td, .th, .colgroup, .col: true
    default: false
    }
  }

  /// No element is open: text here has no parent and is dropped.
  private var atTopLevel: Bool { open.count == 1 && flattened == 0 }

  private mutating func append(_ node: HTMLTree.Node) -> Int32 {
    let index = Int32(tree.nodes.count)
    tree.nodes.append(node)
    lastChild.append(-1)
    let parent = Int(open[open.count - 1])
    let previous = lastChild[parent]
    if previous >= 0 {
      tree.nodes[Int(previous)].nextSibling = index
    } else {
      tree.nodes[parent].firstChild = index
    }
    lastChild[parent] = index
    return index
  }

  /// Opens an element; its content follows until the matching `close()`.
  public mutating func open(_ tag: HTMLTag, attributes: HTMLAttributes? = nil) {
    flushCharacters()
    if open.count > maxDepth
      && !(HTMLTreeBuilder.isTableStructure(tag)
        && open.count <= maxDepth + HTMLTreeBuilder.tableDepthAllowance)
    {
      flattened += 1
      opened.append(false)
      return
    }
    opened.append(true)
    var payload: Int32 = -1
    if let attributes, !attributes.isEmpty {
      payload = storedAttributes(attributes, tag: tag)
    }
    let index = append(HTMLTree.Node(tag: tag, firstChild: -1, nextSibling: -1, payload: payload))
    open.append(index)
  }

  /// The index of `attributes` in `tree.attributes`: a recent equal set of the same tag, else a new entry.
  private mutating func storedAttributes(_ attributes: HTMLAttributes, tag: HTMLTag) -> Int32 {
    let first = Int(tag.rawValue) * HTMLTreeBuilder.recentPerTag
    for slot in first..<(first + HTMLTreeBuilder.recentPerTag) {
      let index = recentAttributes[slot]
      if index < 0 { break }
      if tree.attributes[Int(index)] == attributes {
        // Move to the front, so the sets a page alternates between (odd and even rows) stay.
        moveToFront(index, from: slot, first: first)
        return index
      }
    }
    let index = Int32(tree.attributes.count)
    tree.attributes.append(attributes)
    moveToFront(index, from: first + HTMLTreeBuilder.recentPerTag - 1, first: first)
    return index
  }

  private mutating func moveToFront(_ index: Int32, from slot: Int, first: Int) {
    var k = slot
    while k > first {
      recentAttributes[k] = recentAttributes[k - 1]
      k -= 1
    }
    recentAttributes[first] = index
  }

  /// Adds a text node to the open element.
  public mutating func text(_ text: String) {
    flushCharacters()
    addText(text)
  }

  private mutating func addText(_ text: String) {
    guard !text.isEmpty else { return }
    let payload = Int32(tree.texts.count)
    tree.texts.append(text)
    _ = append(HTMLTree.Node(tag: .text, firstChild: -1, nextSibling: -1, payload: payload))
  }

  /// Closes the innermost open element.
  public mutating func close() {
    flushCharacters()
    if let wasOpened = opened.popLast(), !wasOpened {
      flattened -= 1
    } else if open.count > 1 {
      open.removeLast()
      if reentered && open.count == 2 {
        open.removeLast()
        reentered = false
      }
    }
  }

  // MARK: Parser events

  /// UTF-8 text for the open element. Consecutive runs join into one text node, as libxml2's tree
  /// joins them (it reports text in pieces: at entities and every 1000 bytes); text while no element
  /// is open is dropped, as libxml2's tree drops it.
  public mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard !atTopLevel else { return }
    pending.append(contentsOf: bytes)
  }

  /// Opens an element reported by the parser. One that starts while no element is open goes inside
  /// the document's first top-level element, when that is an element (libxml2's rule), else stays
  /// at the top level.
  public mutating func start(_ tag: HTMLTag, attributes: HTMLAttributes? = nil) {
    if atTopLevel {
      switch firstTopLevel {
      case .none:
        open(tag, attributes: attributes)
        firstTopLevel = .element(open[open.count - 1])
        return
      case .element(let first):
        open.append(first)
        reentered = true
      case .other:
        break
      }
    }
    open(tag, attributes: attributes)
  }

  /// A doctype, comment or processing instruction: at the top level before any element, it becomes
  /// the document's first child (a doctype always does), so later stray elements stay top-level.
  public mutating func noteTopLevelNonElement(isDoctype: Bool) {
    if isDoctype || (atTopLevel && firstTopLevel == .none) { firstTopLevel = .other }
  }

  private mutating func flushCharacters() {
    guard !pending.isEmpty else { return }
    addText(String(decoding: pending, as: UTF8.self))
    pending.removeAll(keepingCapacity: true)
  }

  /// The tree built so far (pending text included).
  public mutating func finish() -> HTMLTree {
    flushCharacters()
    return tree
  }
}
