/// What an element's inline style or the page's class rules say about visibility, weight and breaks.
struct StyleFacts: Sendable, Equatable {
  /// `display: none` or `visibility: hidden`.
  var hidden: Bool? = nil
  /// font-weight bold/bolder/600+ (true) or normal/lighter/<600 (false).
  var bold: Bool? = nil
  /// display: block, flex, grid, list-item, table...: the element starts its own line.
  var block: Bool? = nil
  /// Columns a grid item spans (`grid-column: span 2`, `grid-column: 1 / 3`); not inherited.
  var columnSpan: Int? = nil

  mutating func merge(_ other: StyleFacts) {
    hidden = other.hidden ?? hidden
    bold = other.bold ?? bold
    block = other.block ?? block
    columnSpan = other.columnSpan ?? columnSpan
  }
}

/// Reads the declarations of one `style` attribute or rule body ("font-weight:700; display:none").
func declarationsToStyleFacts(_ text: Substring) -> StyleFacts {
  var facts = StyleFacts()
  for declaration in text.split(separator: ";") {
    guard let colon = declaration.firstIndex(of: ":") else { continue }
    let property = declaration[..<colon].trimmingSpaces.lowercased()
    var value = declaration[declaration.index(after: colon)...].trimmingSpaces.lowercased()
    if let bang = value.firstIndex(of: "!") { value = String(value[..<bang]).trimmingSpaces }
    switch property {
    case "display":
      facts.hidden = value == "none" ? true : (facts.hidden == true ? true : nil)
      if value != "none" { facts.block = !(value == "inline" || value == "inline-block" || value == "contents") }
    case "visibility":
      facts.hidden = value == "hidden" || value == "collapse"
    case "font-weight":
      if value == "bold" || value == "bolder" {
        facts.bold = true
      } else if let weight = Int(value) {
        facts.bold = weight >= 600
      } else if value == "normal" || value == "lighter" {
        facts.bold = false
      }
    case "grid-column", "grid-column-end":
      if let span = gridColumnSpan(value) { facts.columnSpan = span }
    case "font":
      // The shorthand names the weight among other words: "700 16px/1.6 Arial", "bold 1em serif".
      let words = value.split(separator: " ")
      if words.contains("bold") || words.contains("bolder") || words.contains(where: { Int($0).map { $0 >= 600 } ?? false }) {
        facts.bold = true
      } else {
        facts.bold = false
      }
    default:
      break
    }
  }
  return facts
}

/// The columns a `grid-column` (or `grid-column-end`) value spans: "span 3", "2 / span 3", "1 / 4"
/// (end line minus start line); nil for anything else ("auto", negative lines, names).
func gridColumnSpan(_ value: String) -> Int? {
  let parts = value.split(separator: "/").map { $0.trimmingSpaces }
  guard let last = parts.last, parts.count <= 2 else { return nil }
  if last.hasPrefix("span") {
    guard let n = Int(last.dropFirst(4).trimmingSpaces), n >= 1 else { return nil }
    return n
  }
  if parts.count == 2, let start = Int(parts[0]), let end = Int(last), start >= 1, end > start {
    return end - start
  }
  return nil
}

/// The page's `<style>` rules reduced to what can be decided per class name.
///
/// Browsers apply full selectors; tally only needs whether a class hides, bolds or breaks a line.
/// A rule's last compound selector decides for its classes ("`.card .big {display:block}`" -> `big`);
/// inherited properties (weight, visibility) of a rule ending in a bare tag apply to the classes of
/// the compound before it ("`tr.total td {font-weight:700}`" -> `total`), which inheritance carries down.
/// Rules inside `@media` and other at-rules are ignored (print styles are not the page).
struct ClassStyles: Sendable {
  var byClass: [String: StyleFacts] = [:]

  var isEmpty: Bool { byClass.isEmpty }

  /// The facts for an element's class attribute, in rule order of the classes.
  func facts(forClassAttribute value: String) -> StyleFacts? {
    if let known = memo[value] { return known }
    return uncachedFacts(forClassAttribute: value)
  }

  /// Pages repeat a few class attributes thousands of times ("num", "row-1"): decide each once.
  private var memo: [String: StyleFacts?] = [:]

  mutating func remember(_ values: some Sequence<String>) {
    for value in values where memo[value] == nil { memo[value] = uncachedFacts(forClassAttribute: value) }
  }

  private func uncachedFacts(forClassAttribute value: String) -> StyleFacts? {
    var result: StyleFacts? = nil
    for name in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
      if let f = byClass[String(name)] {
        if result == nil { result = StyleFacts() }
        result!.merge(f)
      }
    }
    return result
  }
}

/// Reads style sheets (the text of `<style>` elements) into per-class facts.
func styleSheetsToClassStyles(_ sheets: [String]) -> ClassStyles {
  var styles = ClassStyles()
  for sheet in sheets {
    var text = Substring(sheet)
    // Drop comments first: they may hold braces.
    var cleaned = ""
    while let start = text.range(of: "/*") {
      cleaned += text[..<start.lowerBound]
      guard let end = text[start.upperBound...].range(of: "*/") else { text = ""; break }
      text = text[end.upperBound...]
    }
    cleaned += text
    var depth = 0
    var inAtRule = false
    var selector = Substring("")
    var segmentStart = cleaned.startIndex
    var cursor = cleaned.startIndex
    while cursor < cleaned.endIndex {
      let c = cleaned[cursor]
      if c == "{" {
        if depth == 0 {
          selector = cleaned[segmentStart..<cursor]
          inAtRule = selector.trimmingSpaces.hasPrefix("@")
        }
        depth += 1
        segmentStart = cleaned.index(after: cursor)
      } else if c == "}" {
        depth = max(0, depth - 1)
        if depth == 0 {
          if !inAtRule { addRule(selectors: selector, body: cleaned[segmentStart..<cursor], to: &styles) }
          inAtRule = false
        }
        segmentStart = cleaned.index(after: cursor)
      } else if c == ";", depth == 0 {
        segmentStart = cleaned.index(after: cursor)  // "@import ...;" and "@charset ...;"
      }
      cursor = cleaned.index(after: cursor)
    }
  }
  return styles
}

private func addRule(selectors: Substring, body: Substring, to styles: inout ClassStyles) {
  let facts = declarationsToStyleFacts(body)
  guard facts != StyleFacts() else { return }
  for selector in selectors.split(separator: ",") {
    let compounds = selector.split(whereSeparator: { $0 == " " || $0 == ">" || $0 == "+" || $0 == "~" || $0 == "\n" || $0 == "\t" })
    guard let last = compounds.last else { continue }
    if last.contains(":") { continue }  // :hover, ::before and friends are not the resting page
    let lastClasses = classNames(in: last)
    if !lastClasses.isEmpty {
      for name in lastClasses { styles.byClass[name, default: StyleFacts()].merge(facts) }
    } else if compounds.count > 1 {
      var inherited = facts
      inherited.block = nil
      inherited.columnSpan = nil
      if inherited.hidden == nil && inherited.bold == nil { continue }
      for name in classNames(in: compounds[compounds.count - 2]) {
        styles.byClass[name, default: StyleFacts()].merge(inherited)
      }
    }
  }
}

private func classNames(in compound: Substring) -> [String] {
  var names: [String] = []
  var rest = compound
  while let dot = rest.firstIndex(of: ".") {
    rest = rest[rest.index(after: dot)...]
    let end = rest.firstIndex(where: { $0 == "." || $0 == "#" || $0 == "[" || $0 == ":" }) ?? rest.endIndex
    if end > rest.startIndex { names.append(String(rest[..<end])) }
    rest = rest[end...]
  }
  return names
}

extension StringProtocol {
  var trimmingSpaces: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(String.UnicodeScalarView(scalars[first...last]))
  }
}
