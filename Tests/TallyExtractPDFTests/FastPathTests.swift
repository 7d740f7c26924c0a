import Testing
import TallyCore
@testable import TallyExtractPDF

// The byte- and word-level fast paths give what the String-level definitions give.

private let font = FontStyle(name: "DejaVuSans", size: 10, color: 0)

/// A line of one chunk per entry of `chunks`, each a run of words 5 pt apart.
private func line(_ chunks: [[String]]) -> TextLine {
  var x = 0.0
  return TextLine(chunks: chunks.map { words in
    defer { x += 40 }
    return Chunk(words: words.map { w in
      defer { x += 5 * Double(w.unicodeScalars.count) + 2 }
      return Word(text: w, box: BoundingBox(x0: x, y0: 0, x1: x + 5 * Double(w.unicodeScalars.count), y1: 10), font: font)
    })
  })
}

private let pageNumberSamples: [[[String]]] = [
  [["12"]], [["-", "12", "-"]], [["12/30"]], [["Pagina", "3", "van", "9"]], [["page", "4"]], [["PAGE", "4"]],
  [["23/11/2023"]], [["1", "2", "3"]], [["p.", "7"]], [["Blz.", "7"]], [["blz", "7", "of", "9"]],
  [["Seite", "3", "von", "4"]], [["pagina", "3", "van", "9", "x"]], [["pages", "4"]], [["page"]], [["|", "3"]],
  [["3", "|", "Jaarverslag"]], [["--"]], [["-3-"]], [["12", "a"]], [["pagina3"]], [["\u{0}p.", "3"]],
  [["Pagina", "3"], ["van", "9"]], [["pagína", "3"]], [["12", "\u{301}3"]], [[" 12 "]], [["1 2", "3"]], [[""]],
  [["", "4"]], [["Page\u{00A0}4"]], [["ABCDEFGHIJ", "4"]], [["pagina", "1😀"]],
]

@Test func asciiLineIsPageNumber_matchesCharacterReading() {
  for chunks in pageNumberSamples {
    let l = line(chunks)
    #expect(lineIsPageNumber(l) == textIsPageNumber(l.text), "\(chunks)")
    if l.text.utf8.allSatisfy({ $0 < 0x80 }) {
      #expect(asciiLineIsPageNumber(l) == textIsPageNumber(l.text), "\(chunks)")
    } else {
      #expect(asciiLineIsPageNumber(l) == nil, "\(chunks)")
    }
  }
}

@Test func runningKey_foldsDigitsOfTheJoinedText() {
  for chunks in pageNumberSamples + [[["Jaarverslag", "2024"], ["€", "12,5"]], [["٣", "12"]]] {
    let l = line(chunks)
    var folded = String.UnicodeScalarView()
    for u in l.text.unicodeScalars { folded.append(u.value >= 0x30 && u.value <= 0x39 ? "#" : u) }
    let expected = "\(Int((l.box.y0 / 2).rounded()))|\(String(folded))"
    #expect(runningKey(l, tolerance: 2) == expected)
  }
}

/// The figure tests as first written, on the joined text.
private func referenceIsNumeric(_ text: String) -> Bool {
  var digits = 0
  var other = 0
  for s in text.unicodeScalars {
    switch s.value {
    case 0x30...0x39: digits += 1
    case 0x20, 0x2C, 0x2E, 0x2D, 0x2B, 0x28, 0x29, 0x25, 0x20AC, 0x24, 0xA3, 0x2212, 0x2013, 0x2014, 0x27, 0xA0, 0x202F:
      continue
    default: other += 1
    }
  }
  if digits == 0 {
    var t = Substring(text)
    while let f = t.first, f == " " { t = t.dropFirst() }
    while let l = t.last, l == " " { t = t.dropLast() }
    return t == "-" || t == "—" || t == "–"
  }
  return other == 0
}

private func referenceIsYear(_ t: String) -> Bool {
  let u = Array(t.unicodeScalars)
  guard u.count == 4, u.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { return false }
  return (u[0] == "1" && u[1] == "9") || (u[0] == "2" && u[1] == "0")
}

private func referenceIsFigure(_ t: String) -> Bool {
  guard !t.isEmpty, referenceIsNumeric(t), !referenceIsYear(t) else { return false }
  return t.unicodeScalars.contains { $0.value >= 0x30 && $0.value <= 0x39 }
}

private let figureSamples: [[String]] = [
  ["3", "543", "495,67"], ["-12.400,00"], ["(4.500)"], ["12%"], ["€", "5"], ["—"], ["-"], ["–"], [" - "], ["-", "-"],
  ["2023"], ["1899"], ["1999"], ["2099"], ["2100"], ["20", "23"], ["2023", ""], ["", "2023"], ["abc"], ["12a"],
  ["−5"], ["5\u{00A0}000"], ["5\u{202F}000"], ["'23"], ["£3"], ["$3"], ["+3"], [""], [" "], ["-\u{301}"],
  [" \u{301}-"], ["١٢"], ["12", "-"], ["Totaal", "12"], ["(", ")"], ["%"], ["20 23"], ["2O23"],
  ["😀5"], ["5€"], ["€"], ["—", "\u{A0}"], ["\u{2014}\u{2013}"], ["12\u{10FFFF}"], ["ä1"],
]

@Test func figureTally_matchesTheJoinedTextTests() {
  for words in figureSamples {
    let text = words.joined(separator: " ")
    #expect(textIsNumeric(text) == referenceIsNumeric(text), "\(words)")
    #expect(textIsYear(text) == referenceIsYear(text), "\(words)")
    #expect(cellIsFigure(text) == referenceIsFigure(text), "\(words)")
    guard !words.isEmpty else { continue }
    let chunk = line([words]).chunks[0]
    #expect(chunk.isNumeric == referenceIsNumeric(chunk.text), "\(words)")
    #expect(chunk.isFigure == referenceIsFigure(chunk.text), "\(words)")
  }
}
