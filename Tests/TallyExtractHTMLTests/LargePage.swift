/// A generated annual-report web page for throughput and memory runs: `rows` table rows spread over
/// `tables` tables, each with a caption, a thead, Dutch-format figures ("3 543 495,67", "1.204.300")
/// and a TOTAAL row in tfoot that sums correctly, with paragraphs between the tables and markup as a
/// CMS writes it (classes, data attributes, spans, entities, comments, indentation).
///
/// Deterministic: the same arguments give the same bytes. 50 000 rows over 10 tables is about 20 MB.
struct LargePage {
  var rows: Int
  var tables: Int
  var seed: UInt64 = 1

  /// One table's expected content, to check the extraction against.
  struct Expected {
    var caption: String
    var columns: Int
    var bodyRows: Int
    var totals: [String]
  }

  /// The page's bytes and, per table, what its grid must hold.
  func generate() -> (bytes: [UInt8], expected: [Expected]) {
    var random = SplitMix(state: seed)
    var out = ""
    out.reserveCapacity(rows * 420 + 4096)
    var expected: [Expected] = []
    out += """
      <!DOCTYPE html>
      <html lang="nl">
      <head>
      <meta charset="utf-8">
      <title>Jaarverslag (generated, \(rows) rijen)</title>
      <style>table.data td.num{text-align:right} .sr-only{display:none}</style>
      <script>window.dataLayer = window.dataLayer || []; if (1 < 2) { dataLayer.push({}); }</script>
      </head>
      <body>
      <main id="content" class="report">
      <h1>Jaarverslag &ndash; generated</h1>

      """
    for t in 0..<tables {
      let bodyRows = rows / tables + (t < rows % tables ? 1 : 0)
      let columns = 3 + Int(random.next() % 4)
      let dotted = random.next() % 2 == 0
      let scale: UInt64 = dotted ? 10_000_000_000 : 1_000_000_000
      let caption = "\(t + 1). Exploitatie per afdeling (in euro)"
      out += "<section class=\"chapter\" id=\"h\(t + 1)\">\n<h2>\(t + 1). Financieel overzicht</h2>\n"
      for _ in 0..<3 { out += "<p class=\"body-text\">\(Self.paragraph(&random, words: 60))</p>\n" }
      out += "<!-- table \(t + 1) -->\n<div class=\"table-wrapper table-responsive\">\n"
      out += "<table class=\"data table table-striped\" id=\"t\(t + 1)\">\n  <caption>\(caption)</caption>\n"
      out += "  <thead>\n    <tr>\n      <th scope=\"col\" class=\"label\">Omschrijving</th>\n"
      for c in 0..<columns { out += "      <th scope=\"col\" class=\"num\">Kolom&nbsp;\(c + 1)</th>\n" }
      out += "    </tr>\n  </thead>\n  <tbody>\n"
      var sums = [Int64](repeating: 0, count: columns)
      for r in 0..<bodyRows {
        let label = Self.labels[Int(random.next() % UInt64(Self.labels.count))]
        out += "    <tr class=\"\(r % 2 == 0 ? "odd" : "even")\" data-row=\"\(t + 1)-\(r + 1)\">\n"
        out += "      <th scope=\"row\" class=\"label\"><span class=\"cell-text\">\(label) &amp; post \(r + 1)</span></th>\n"
        for c in 0..<columns {
          var value = Int64(random.next() % scale)
          if dotted { value -= value % 100 }
          if random.next() % 100 < 8 { value = -value }
          sums[c] += value
          out += "      <td class=\"num amount\" data-col=\"\(c + 1)\">\(Self.dutch(value, dotted: dotted))</td>\n"
        }
        out += "    </tr>\n"
      }
      out += "  </tbody>\n  <tfoot>\n    <tr class=\"total\">\n      <th scope=\"row\" class=\"label\">TOTAAL</th>\n"
      for sum in sums { out += "      <td class=\"num amount\">\(Self.dutch(sum, dotted: dotted))</td>\n" }
      out += "    </tr>\n  </tfoot>\n</table>\n</div>\n"
      out += "<p class=\"body-text\">\(Self.paragraph(&random, words: 40))</p>\n</section>\n"
      expected.append(
        Expected(caption: caption, columns: columns + 1, bodyRows: bodyRows, totals: sums.map { Self.dutch($0, dotted: dotted) }))
    }
    out += "</main>\n</body>\n</html>\n"
    return (Array(out.utf8), expected)
  }

  static let labels = [
    "Personeelskosten", "Huisvesting", "Afschrijvingen", "Subsidie gemeente", "Cliëntenzorg", "Overige baten",
    "Automatisering", "Opleidingen", "Vervoer", "Energie € kosten",
  ]

  static let words = [
    "de", "organisatie", "heeft", "in", "het", "verslagjaar", "zorg", "geleverd", "aan", "cliënten", "met",
    "een", "stijging", "van", "uren", "ten", "opzichte", "vorig", "jaar", "regio", "budget", "begroting",
  ]

  static func paragraph(_ random: inout SplitMix, words count: Int) -> String {
    var text = ""
    for i in 0..<count {
      if i > 0 { text += " " }
      text += words[Int(random.next() % UInt64(words.count))]
    }
    return text + "."
  }

  /// "3 543 495,67" (cents, space groups) or "1.204.300" (whole euros, dot groups); minus in front.
  static func dutch(_ value: Int64, dotted: Bool) -> String {
    let magnitude = value.magnitude
    let whole = dotted ? magnitude : magnitude / 100
    var digits = String(whole)
    var grouped = ""
    while digits.count > 3 {
      grouped = (dotted ? "." : " ") + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    grouped = digits + grouped
    if !dotted {
      let cents = magnitude % 100
      grouped += "," + (cents < 10 ? "0" : "") + String(cents)
    }
    return (value < 0 ? "-" : "") + grouped
  }
}

/// A small deterministic generator (SplitMix64), so pages do not depend on the platform's random.
struct SplitMix {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
