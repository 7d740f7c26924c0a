import TallyCore

/// Reads the budget code hierarchy (SD > OD/PO > AC) from the headings above a table.
///
/// A code is a configured prefix followed by digits, as the heading's first word ("SD10021 - Meer
/// ...", title "Meer ...") or its second ("Beleidsdoelstelling SD10021"). A code closes every open
/// code of the same or a deeper level, so a flat list of headings still yields a path.
///
/// An unnamed action: when the last heading without a code after the deepest code is one of
/// `unnamedActionHeadings` ("Acties") and the deepest code is shallower than
/// `unnamedActionLevel`, the path ends in `BudgetCode(code: "", level: unnamedActionLevel)`: the
/// table belongs to an action of the plan above whose heading was not printed.
struct BudgetCodeReader: Sendable {
  private let levels: [(prefix: String, level: Int)]
  private let unnamedHeadings: Set<String>
  private let unnamedLevel: Int

  init(settings: NormalizeSettings) {
    // Longest prefix first, so "ODX" would beat "OD".
    levels = settings.codeLevels.map { ($0.key.uppercased(), $0.value) }
      .sorted { $0.prefix.count != $1.prefix.count ? $0.prefix.count > $1.prefix.count : $0.prefix < $1.prefix }
    unnamedHeadings = Set(settings.unnamedActionHeadings.map { LabelKey.make($0) })
    unnamedLevel = settings.unnamedActionLevel
  }

  /// The codes the headings open, outermost first.
  func codes(in headings: [String]) -> [BudgetCode] {
    var stack: [BudgetCode] = []
    var pendingUnnamed = false
    for heading in headings {
      if let code = code(in: heading) {
        stack.removeAll { $0.level >= code.level }
        stack.append(code)
        pendingUnnamed = false
      } else if unnamedHeadings.contains(trimmedKey(heading)) {
        pendingUnnamed = true
      }
    }
    if pendingUnnamed, (stack.last?.level ?? 0) < unnamedLevel, !stack.isEmpty {
      stack.append(BudgetCode(code: "", level: unnamedLevel))
    }
    return stack
  }

  /// The code a heading opens, with the title printed after it.
  func code(in heading: String) -> BudgetCode? {
    let words = heading.split(whereSeparator: { $0.unicodeScalars.allSatisfy(LabelKey.isSpace) })
    for (position, word) in words.prefix(2).enumerated() {
      let token = word.trimmingTrailing { ":-–.,".contains($0) }
      guard let level = level(of: token) else { continue }
      let rest = words.dropFirst(position + 1).joined(separator: " ")
      let title = rest.drop { " -–:".contains($0) }
      return BudgetCode(code: String(token), level: level, title: title.isEmpty ? nil : String(title))
    }
    return nil
  }

  private func level(of token: Substring) -> Int? {
    let upper = token.uppercased()
    for (prefix, level) in levels where upper.hasPrefix(prefix) {
      let digits = upper.dropFirst(prefix.count)
      if !digits.isEmpty, digits.unicodeScalars.allSatisfy(isDigit) { return level }
    }
    return nil
  }

  private func trimmedKey(_ heading: String) -> String {
    String(LabelKey.make(heading).trimmingTrailing { ":*".contains($0) })
  }
}

extension StringProtocol {
  /// The text without the trailing characters that match.
  func trimmingTrailing(while matches: (Character) -> Bool) -> SubSequence {
    var end = endIndex
    while end > startIndex {
      let before = index(before: end)
      guard matches(self[before]) else { break }
      end = before
    }
    return self[startIndex..<end]
  }
}
