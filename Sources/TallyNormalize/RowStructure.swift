import TallyCore

/// Labels that make a row or column a total, subtotal or "Waarvan" marker.
struct RoleWords: Sendable {
  let totals: [String]
  let subtotals: [String]
  let waarvan: [String]

  init(settings: NormalizeSettings) {
    totals = settings.totalWords.map { LabelKey.make($0) }
    subtotals = settings.subtotalWords.map { LabelKey.make($0) }
    waarvan = settings.waarvanWords.map { LabelKey.make($0) }
  }

  /// The role a label gives: its key starts with a total or subtotal word (whole words).
  func role(ofKey key: String) -> Role {
    if subtotals.contains(where: { startsWithWords(key, $0) }) { return .subtotal }
    if totals.contains(where: { startsWithWords(key, $0) }) { return .total }
    return .item
  }

  /// "Waarvan:", "Waarvan**:", "waaronder": the word alone, marks aside.
  func isWaarvanMarker(key: String) -> Bool {
    let bare = key.trimmingTrailing { ":*. ".contains($0) }
    return waarvan.contains { $0 == bare }
  }
}

/// `key` starts with `phrase`, followed by its end or a character that is not a letter.
func startsWithWords(_ key: String, _ phrase: String) -> Bool {
  guard !phrase.isEmpty, key.hasPrefix(phrase) else { return false }
  guard let next = key.dropFirst(phrase.count).unicodeScalars.first else { return true }
  return !next.properties.isAlphabetic
}

/// One body row after lexing, before its place in the table is known.
struct LexedRow: Sendable {
  /// Index into the extracted table's rows.
  var index: Int
  var cells: [NormalizedCell]
  var page: Int?
  var isBold: Bool
  var indentLevel: Int
  /// Carried over a page break (`TableRow.isCarried`).
  var isCarried = false
}

/// Body rows -> kinds, labels, paths, parents and roles.
///
/// - A row with a figure (or a malformed figure) outside the label columns is `.data`.
/// - A row without figures whose label is a Waarvan word is `.waarvanMarker`: the data rows after
///   it (until a blank row, a group row, a total row or a row indented less than the marker) are a
///   breakdown of the data row above the marker: `parent` is that row's position in the body rows,
///   their path is the parent's path plus their own label, and they are not items of the total.
/// - A row without figures, with a label, bold (or all capitals with `uppercaseGroupRows`) is
///   `.group`; its label prefixes the paths of the rows under it. A group right under another group
///   nests in it; a group after data rows replaces the innermost open group of the same indent
///   (closing deeper ones); a blank row closes them all (`blankRowEndsGroups`).
/// - An indented data row under a less indented data row gets that row's path as prefix; `parent`
///   stays nil (it is kept for Waarvan breakdowns, which say so in words).
/// - Other rows without figures are `.note`, and so are table-of-contents lines whose label ends in
///   a dot leader ("1.1. Personeel ..... | 5", `leaderRowsAreNotes`); an empty row is a `.note`
///   with an empty label. Notes yield no facts.
/// - A pair of data rows the extractor marked as carried over a page break has the role
///   `.carried`, whatever the labels say, when the carried-out row is the running sum of the items
///   above it in some column: it is neither item nor total. Otherwise (two items printing the same
///   figures by chance) the rows keep their roles.
/// - Roles: a label starting with a total word is `.total`, with a subtotal word `.subtotal`; a
///   total followed, in the same group, by more items and another total is a `.subtotal`; with
///   `unlabelledBoldTotal` a bold last data row without a label is the `.total`; with
///   `unlabelledSubtotals` any other data row without a label directly under labelled items is a
///   `.subtotal` (the reconcile stage checks it, and drops the check when it is no sum).
struct RowStructurer: Sendable {
  let settings: NormalizeSettings
  let roles: RoleWords
  let units: UnitVocabulary

  private struct OpenGroup {
    var label: String
    var indent: Int
    /// How many group rows follow it directly: a heading over headings is an outer group.
    var rank: Int
  }

  private struct OpenParent {
    var position: Int
    var indent: Int
    var path: [String]
  }

  func structure(_ rows: [LexedRow], labelColumns: Int) -> [NormalizedRow] {
    var out: [NormalizedRow] = []
    var groups: [OpenGroup] = []
    var waarvan: (parent: Int?, indent: Int)?
    var indentParents: [OpenParent] = []
    var lastData: Int?
    var carried = [String](repeating: "", count: labelColumns)
    let ranks = groupRanks(rows, labelColumns: labelColumns)
    var unitScans: [String: UnitVocabulary.Scan]? = [:]

    for row in rows {
      let position = out.count
      let printed = (0..<labelColumns).map { $0 < row.cells.count ? LabelKey.collapseSpaces(row.cells[$0].raw) : "" }
      let hasFigures = row.cells.enumerated().contains { c, cell in
        guard c >= labelColumns else { return false }
        switch cell.content {
        case .number, .malformed: return true
        default: return false
        }
      }
      let isBlank = row.cells.allSatisfy { $0.raw.unicodeScalars.allSatisfy(LabelKey.isSpace) }
      let label = printed.filter { !$0.isEmpty }.joined(separator: " ")
      let key = LabelKey.make(label)

      // Label parts: a blank upper label cell repeats the one above in multi-label tables.
      var parts = printed
      if hasFigures, settings.carryDownLabels, labelColumns > 1 {
        let lastPrinted = printed.lastIndex { !$0.isEmpty } ?? -1
        for c in 0..<labelColumns where printed[c].isEmpty && c < lastPrinted { parts[c] = carried[c] }
      }
      for c in 0..<labelColumns where !printed[c].isEmpty {
        carried[c] = printed[c]
        for deeper in (c + 1)..<max(c + 1, labelColumns) { carried[deeper] = "" }
      }
      let ownPath = parts.filter { !$0.isEmpty }
      let groupPath = groups.map(\.label)

      var kind: RowKind
      var role = Role.item
      var path: [String]
      var parent: Int?

      if isBlank {
        kind = .note
        path = []
        if settings.blankRowEndsGroups { groups.removeAll() }
        waarvan = nil
        indentParents.removeAll()
        carried = carried.map { _ in "" }
      } else if !hasFigures, !key.isEmpty, roles.isWaarvanMarker(key: key) {
        kind = .waarvanMarker
        path = groupPath + ownPath
        waarvan = (lastData, row.indentLevel)
      } else if !hasFigures, !label.isEmpty, row.isBold || (settings.uppercaseGroupRows && isAllCapitals(label)) {
        kind = .group
        let rank = ranks[position]
        while let top = groups.last, top.indent > row.indentLevel || (top.indent == row.indentLevel && top.rank <= rank) {
          groups.removeLast()
        }
        groups.append(OpenGroup(label: label, indent: row.indentLevel, rank: rank))
        path = groups.map(\.label)
        waarvan = nil
        indentParents.removeAll()
        carried = carried.map { _ in "" }
      } else if !hasFigures || (settings.leaderRowsAreNotes && endsWithLeader(label)) {
        kind = .note
        path = groupPath + ownPath
      } else {
        kind = .data
        // A label cell that is the whole label has the row's key already.
        role = printed.reversed().lazy.map { roles.role(ofKey: $0 == label ? key : LabelKey.make($0)) }.first { $0 != .item } ?? .item
        if role != .item { waarvan = nil }
        if let w = waarvan, row.indentLevel >= w.indent, let p = w.parent {
          parent = p
          path = out[p].path + ownPath
        } else {
          waarvan = nil
          indentParents.removeAll { $0.indent >= row.indentLevel }
          if let top = indentParents.last {
            path = top.path + ownPath
          } else {
            path = groupPath + ownPath
          }
          indentParents.append(OpenParent(position: position, indent: row.indentLevel, path: path))
          lastData = position
        }
      }

      let unit = units.unit(in: [label] + path.dropLast(ownPath.count).reversed(), cache: &unitScans)
      out.append(
        NormalizedRow(
          index: row.index, kind: kind, role: role, label: label, key: key, path: path, parent: parent,
          cells: row.cells, page: row.page, isBold: row.isBold, unit: unit))
    }
    markCarried(&out, rows)
    markSubtotals(&out)
    markUnlabelledTotal(&out)
    markUnlabelledSubtotals(&out)
    return out
  }

  /// Pairs of rows marked carried (the extractor's `isCarried`: out, then in) whose carried-out
  /// row is a running sum in some column get the role `.carried`: the sum of the items above it,
  /// of the subtotals and totals above it, or of those and the items after the last of them (the
  /// previous carried-in row counting as the running sum so far).
  private func markCarried(_ rows: inout [NormalizedRow], _ lexed: [LexedRow]) {
    var start = 0
    var r = 0
    while r + 1 < rows.count {
      defer { r += 1 }
      guard lexed[r].isCarried, lexed[r + 1].isCarried, rows[r].kind == .data, rows[r + 1].kind == .data else { continue }
      let above = (start..<r).filter { rows[$0].kind == .data && rows[$0].parent == nil }
      let closers = above.filter { rows[$0].role != .item }
      let open = above.filter { rows[$0].role == .item && $0 > (closers.last ?? -1) }
      let runs = [above.filter { rows[$0].role == .item || rows[$0].role == .carried }, closers, closers + open]
      let sums = rows[r].cells.indices.contains { c in
        guard let stated = rows[r].cells[c].number, !stated.isPercent else { return false }
        return runs.contains { run in
          let parts = run.compactMap { rows[$0].cells.indices.contains(c) ? rows[$0].cells[c].number?.value : nil }
          guard !parts.isEmpty else { return false }
          return parts.dropFirst().reduce(Optional(parts[0])) { acc, v in acc?.adding(v) } == stated.value
        }
      }
      guard sums else { continue }
      rows[r].role = .carried
      rows[r + 1].role = .carried
      // The carried-in row opens the next part's running sum.
      start = r + 1
      r += 1
    }
  }

  /// Whether a row is a group row: a label, no figures, bold or (with `uppercaseGroupRows`) all
  /// capitals, and no Waarvan word.
  private func isGroupCandidate(_ row: LexedRow, labelColumns: Int) -> Bool {
    // The cheap tests first: most rows hold figures, and their labels need no key.
    let hasContent = row.cells.dropFirst(labelColumns).contains {
      switch $0.content {
      case .number, .malformed: true
      default: false
      }
    }
    guard !hasContent else { return false }
    let parts = row.cells.prefix(labelColumns).map { LabelKey.collapseSpaces($0.raw) }.filter { !$0.isEmpty }
    let label = parts.joined(separator: " ")
    guard !label.isEmpty, row.isBold || (settings.uppercaseGroupRows && isAllCapitals(label)) else { return false }
    return !roles.isWaarvanMarker(key: LabelKey.make(label))
  }

  /// For each row, how many group rows follow it directly (0 for rows that are not groups).
  private func groupRanks(_ rows: [LexedRow], labelColumns: Int) -> [Int] {
    var ranks = [Int](repeating: 0, count: rows.count)
    var following = 0
    for k in rows.indices.reversed() {
      if isGroupCandidate(rows[k], labelColumns: labelColumns) {
        ranks[k] = following
        following += 1
      } else {
        following = 0
      }
    }
    return ranks
  }

  /// A total followed, within the same group, by more items and another total is a subtotal. Only
  /// the next total of the group counts: "Som der vlottende activa | Totaal" (nothing between)
  /// are two totals, and the "Totaal" after them closes the next block on its own.
  private func markSubtotals(_ rows: inout [NormalizedRow]) {
    let totals = rows.indices.filter { rows[$0].kind == .data && rows[$0].role == .total && rows[$0].parent == nil }
    for (n, t) in totals.enumerated() {
      let prefix = groupPrefix(rows[t])
      guard let next = totals.dropFirst(n + 1).first(where: { groupPrefix(rows[$0]) == prefix }) else { continue }
      let itemsBetween = rows[(t + 1)..<next].contains {
        $0.kind == .data && $0.role == .item && $0.parent == nil
      }
      if itemsBetween { rows[t].role = .subtotal }
    }
  }

  private func groupPrefix(_ row: NormalizedRow) -> [String] {
    Array(row.path.dropLast(row.label.isEmpty ? 0 : 1))
  }

  /// A bold last data row without a label, under items, is the total. At least one item must have
  /// a label: in a grid of bare figures (map or chart labels read as a table) nothing says which
  /// row is a sum.
  private func markUnlabelledTotal(_ rows: inout [NormalizedRow]) {
    guard settings.unlabelledBoldTotal,
      let last = rows.lastIndex(where: { $0.kind == .data && $0.parent == nil }),
      rows[last].label.isEmpty, rows[last].isBold, rows[last].role == .item,
      rows[..<last].contains(where: { $0.kind == .data && $0.role == .item && !$0.label.isEmpty })
    else { return }
    rows[last].role = .total
  }

  /// A data row without a label directly under labelled item rows states their sum (a subtotal
  /// printed without a word, often one column further right: "R.C. 4.370 | passiva 267 |
  /// (blank) 4.637"). Whether it really is their sum is for the reconcile stage to find out.
  private func markUnlabelledSubtotals(_ rows: inout [NormalizedRow]) {
    guard settings.unlabelledSubtotals else { return }
    var previous: Int?
    for r in rows.indices {
      let row = rows[r]
      guard row.kind == .data || (row.kind == .note && !row.label.isEmpty) else { continue }
      defer { previous = r }
      guard row.kind == .data, row.parent == nil, row.label.isEmpty, row.role == .item,
        let p = previous, rows[p].kind == .data, rows[p].role == .item, rows[p].parent == nil,
        !rows[p].label.isEmpty
      else { continue }
      rows[r].role = .subtotal
    }
  }
}

/// A label ending in a dot leader: three or more dots or an ellipsis, spaces between allowed.
func endsWithLeader(_ label: String) -> Bool {
  var dots = 0
  for c in label.unicodeScalars.reversed() {
    if c == "." { dots += 1 } else if c == "\u{2026}" { dots += 3 } else if !LabelKey.isSpace(c) { break }
  }
  return dots >= 3
}

/// Every letter is a capital and there are at least two: "PRESTATIES EN KLANTEN", "WIE ZIJN ONZE
/// KLANTEN?".
func isAllCapitals(_ text: String) -> Bool {
  var letters = 0
  for c in text.unicodeScalars where c.properties.isAlphabetic {
    if !c.properties.isUppercase { return false }
    letters += 1
  }
  return letters >= 2
}
