import TallyCore

/// A code hierarchy printed inside one table: rows whose labels open with codes ("OD31.1",
/// "1.2.1", "A1", "0800/67310.2") and a row whose code is their parent ("OD31", "1.2", "A").
/// The parent states the sum of its children, whether printed below them (a code's total under
/// its sub-codes) or above them (a heading with its group's figures). The hierarchy is the
/// report's own statement of the relation, read from its codes, not guessed from the layout.
///
/// A child is one level down: the parent's code followed by "." or "/" and one more segment, or
/// a code of letters followed by digits ("A" over "A1"). The parent's items are the rows between
/// it and its farthest child (repeated header rows skipped), up to a row whose code is no
/// descendant or a total without code; rows without a code among them are items too (a code
/// lost in print), rows under a deeper parent in the run are that parent's.
enum CodeHierarchy {
  /// One parent row with the item rows it sums, top-down.
  struct Rollup: Hashable {
    var parent: Int
    var items: [Int]
    /// The parent is printed below its items (else above them).
    var below: Bool
  }

  /// The code a row's label opens with, if any: letters (at most four) then digits, possibly
  /// followed by "."/"/"-separated digit segments; or one or two capital letters alone (a
  /// parent such as "A", only used when children "A1" exist). A trailing "." is dropped.
  static func code(_ label: String) -> String? {
    guard var token = label.split(whereSeparator: \.isWhitespace).first.map(String.init) else { return nil }
    if token.hasSuffix("."), token.count > 1 { token.removeLast() }
    let chars = Array(token)
    var i = 0
    while i < chars.count, chars[i].isASCII, chars[i].isLetter { i += 1 }
    let letters = i
    if letters == chars.count {
      return (1...2).contains(letters) && chars.allSatisfy(\.isUppercase) ? token : nil
    }
    guard letters <= 4, chars[i].isASCII, chars[i].isNumber else { return nil }
    var lastWasSeparator = false
    for ch in chars[i...] {
      if ch.isASCII, ch.isNumber {
        lastWasSeparator = false
      } else if ch == "." || ch == "/" {
        if lastWasSeparator { return nil }
        lastWasSeparator = true
      } else {
        return nil
      }
    }
    return lastWasSeparator ? nil : token
  }

  /// Whether `child` is one level below `parent`.
  static func isChild(_ child: String, of parent: String) -> Bool {
    guard child.count > parent.count, child.hasPrefix(parent) else { return false }
    let rest = child.dropFirst(parent.count)
    if let first = rest.first, first == "." || first == "/" {
      let segment = rest.dropFirst()
      return !segment.isEmpty && segment.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) }
    }
    return parent.allSatisfy(\.isLetter) && rest.allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// A row printing the column headers again (a table continued on the next page) that was
  /// not read as a header: every filled figure cell holds its column's header text.
  static func isRepeatedHeader(_ view: TableView, _ r: Int) -> Bool {
    var filled = 0
    for c in view.figureColumns where view.rows[r].cells.indices.contains(c) {
      let raw = view.rows[r].cells[c].raw.trimmingSpaces
      guard !raw.isEmpty else { continue }
      guard let header = view.columnPath(c).last, header.trimmingSpaces == raw else { return false }
      filled += 1
    }
    return filled > 0
  }

  /// Whether `code` lies anywhere under `ancestor`.
  static func isDescendant(_ code: String, of ancestor: String) -> Bool {
    guard code.count > ancestor.count, code.hasPrefix(ancestor) else { return false }
    let next = code[code.index(code.startIndex, offsetBy: ancestor.count)]
    if next == "." || next == "/" { return true }
    return ancestor.allSatisfy(\.isLetter) && next.isASCII && next.isNumber
  }

  /// Every parent row of the table with the rows it sums (at least two, one a coded child).
  static func rollups(_ view: TableView) -> [Rollup] {
    let rows = view.rows
    let codes = rows.map { $0.kind == .header ? nil : code($0.label) }
    var spans: [Int: (range: ClosedRange<Int>, below: Bool)] = [:]
    for p in rows.indices where rows[p].kind == .data {
      guard let x = codes[p] else { continue }
      if let range = span(view, codes: codes, parent: p, code: x, step: -1) {
        spans[p] = (range, true)
      } else if let range = span(view, codes: codes, parent: p, code: x, step: 1) {
        spans[p] = (range, false)
      }
    }
    var out: [Rollup] = []
    for p in spans.keys.sorted() {
      guard let (range, below) = spans[p] else { continue }
      // Rows inside the span of a deeper parent within this span are that parent's items.
      let inner = spans.filter { $0.key != p && range.contains($0.key) }
      let items = range.filter { r in
        rows[r].kind == .data && view.hasFigure(r) && !view.isBreakdown(r)
          && !inner.contains { $0.value.range.contains(r) }
      }
      guard items.count >= 2 else { continue }
      out.append(Rollup(parent: p, items: items, below: below))
    }
    return out
  }

  /// The rows from next to `parent` to its farthest child in direction `step`, or nil when the
  /// row next to it (headers skipped) is no descendant.
  private static func span(_ view: TableView, codes: [String?], parent p: Int, code x: String, step: Int)
    -> ClosedRange<Int>?
  {
    let rows = view.rows
    var r = p + step
    var farthestChild: Int?
    while rows.indices.contains(r) {
      let row = rows[r]
      if row.kind == .header || isRepeatedHeader(view, r) {
        r += step
        continue
      }
      if let c = codes[r] {
        guard isDescendant(c, of: x) else { break }
        if isChild(c, of: x) { farthestChild = r }
      } else {
        // A codeless row: an item whose code was lost, unless it ends the group (a total, a heading).
        if row.kind == .group || row.role != .item { break }
      }
      r += step
    }
    guard let far = farthestChild else { return nil }
    return step < 0 ? far...(p - 1) : (p + 1)...far
  }
}

extension String {
  /// The text without leading and trailing white space.
  fileprivate var trimmingSpaces: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}
