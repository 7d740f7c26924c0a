import TallyCore
import TallyExtractHTML
import Testing

@Suite struct PseudoTableTests {
  @Test func extract_markdownPipeTableInText_becomesPseudoTable() throws {
    let html = """
      <h3>Top 5</h3><p>De vijf thema's:</p>
      <p>ZRM Hoofddomein | Casussen behandeld |<br>---|---|<br>Geestelijke gezondheid | 113 |<br>Sociaal netwerk | 104 |</p>
      <p>Van de trajecten is 73,4% afgesloten.</p>
      """
    let document = try extract(html)
    let table = try #require(document.tables(.pseudoTable).first)
    #expect(table.title == "Top 5")
    #expect(table.headerRowCount == 1)
    #expect(table.texts == [["ZRM Hoofddomein", "Casussen behandeld"], ["Geestelijke gezondheid", "113"], ["Sociaal netwerk", "104"]])
    #expect(document.text.contains { $0.text == "Van de trajecten is 73,4% afgesloten." })
  }

  @Test func extract_markdownPipeTableWithSourceLineBreaks_becomesPseudoTable() throws {
    let html = "<h3>KPI</h3><p>KPI | Score |\n---|---|\nErkend voelen | 8,2 |\nActivering | 8,1 |</p>"
    let table = try #require(try extract(html).tables(.pseudoTable).first)
    #expect(table.texts == [["KPI", "Score"], ["Erkend voelen", "8,2"], ["Activering", "8,1"]])
  }

  @Test func extract_tabSeparatedLabelValueLines_becomePseudoTable() throws {
    let html = """
      <h3>Rapportage op doelen</h3>
      <p>Tussen de 0 en 2 maanden:\t57,4%<br>Tussen de 2 en 3 maanden:\t18,1%<br>3 maanden en langer:\t26,6%</p>
      """
    let table = try #require(try extract(html).tables(.pseudoTable).first)
    #expect(table.title == "Rapportage op doelen")
    #expect(table.texts == [["Tussen de 0 en 2 maanden", "57,4%"], ["Tussen de 2 en 3 maanden", "18,1%"], ["3 maanden en langer", "26,6%"]])
  }

  @Test func extract_preformattedTabRowsWithHeader_becomePseudoTableWithHeader() throws {
    let html = "<h3>Financiën</h3><pre>\tAantal FTE's\tAantal medewerkers\nRegiomanager\t9\t9\nMO Begeleider\t63\t106\n</pre>"
    let table = try #require(try extract(html).tables(.pseudoTable).first)
    #expect(table.headerRowCount == 1)
    #expect(table.texts == [["", "Aantal FTE's", "Aantal medewerkers"], ["Regiomanager", "9", "9"], ["MO Begeleider", "63", "106"]])
  }

  @Test func extract_eindsaldoLines_becomePseudoTableWithSignsAndCurrency() throws {
    let html = "<h3>Resultaat</h3><p>Eindsaldo:\t-€ 3.023</p><p>22 teams\t€ -1.515.525</p><p>MO Algemeen\t€111.839</p>"
    let table = try #require(try extract(html).tables(.pseudoTable).first)
    #expect(table.texts == [["Eindsaldo", "-€ 3.023"], ["22 teams", "€ -1.515.525"], ["MO Algemeen", "€111.839"]])
  }

  @Test func extract_statedFigureWithBoldValue_becomesKeyFigurePerSection() throws {
    let html = """
      <h2>Cliënten</h2><h3>Eenheid A</h3><p>Totaal aantal cliënten: <b>3660</b></p><p>Groei van <b>+1.97%</b> t.o.v. 2022</p>
      <h3>Eenheid B</h3><p>Totaal aantal cliënten: <b>2352</b></p>
      """
    let figures = try extract(html).tables(.keyFigures)
    #expect(figures.map(\.title) == ["Eenheid A", "Eenheid B"])
    #expect(figures.map(\.texts) == [[["Totaal aantal cliënten", "3660"]], [["Totaal aantal cliënten", "2352"]]])
    #expect(figures.first?.headings == ["Cliënten", "Eenheid A"])
  }

  @Test func extract_bigNumberCards_pairNumberWithLabelAboveOrBelow() throws {
    let html = """
      <style>.big { display: block; font-weight: 800 }</style>
      <h2>Team</h2>
      <div class=cards>
      <div class=card><p class=big>316,19</p><p>FTE totaal</p></div>
      <div class=card><span class=big>520</span><span>medewerkers</span></div>
      <div class=card><span class=label>Individuele trajecten</span><span class=big>282</span><span>trajecten</span></div>
      </div>
      """
    let table = try #require(try extract(html).tables(.keyFigures).first)
    #expect(table.title == "Team")
    #expect(table.texts == [["FTE totaal", "316,19"], ["medewerkers", "520"], ["Individuele trajecten", "282 trajecten"]])
  }

  @Test func extract_labelWithColonAboveFigure_pairsInALongSection() throws {
    let html = "<h3>Verzuim</h3><p>JANUARI 2023:</p><p>10%</p><p>DECEMBER 2023:</p><p>9,6%</p><p>Dit is een minimale daling</p>"
    let document = try extract(html)
    #expect(document.tables(.keyFigures).first?.texts == [["JANUARI 2023", "10%"], ["DECEMBER 2023", "9,6%"]])
    #expect(document.text.contains { $0.text == "Dit is een minimale daling" })
  }

  @Test func extract_sentenceWithFigures_staysTextAndMakesNoTable() throws {
    let html = "<h3>Opleiding</h3><p>Met andere woorden: in 2023 zijn er in totaal <strong>6 601,50 uren</strong> georganiseerd.</p>"
    let document = try extract(html)
    #expect(document.tables.isEmpty)
    #expect(document.text.map(\.text) == ["Opleiding", "Met andere woorden: in 2023 zijn er in totaal 6 601,50 uren georganiseerd."])
    #expect(document.text.first?.isHeading == true)
  }

  @Test func extract_boldShortLine_actsAsHeadingForTheNextTable() throws {
    let html = "<h2>Kinderzorg</h2><p><strong>INLOOPTEAM</strong></p><table><tr><td>Gezinnen</td><td>41</td></tr><tr><td>Kinderen</td><td>62</td></tr></table>"
    let table = try #require(try extract(html).tables.first)
    #expect(table.title == "INLOOPTEAM")
    #expect(table.headings == ["Kinderzorg", "INLOOPTEAM"])
  }

  @Test func extract_footnoteAfterGrid_isTheGridsFootnote() throws {
    let html = "<table><tr><td>Omkadering*</td><td>906</td></tr><tr><td>Totaal</td><td>906</td></tr></table><p>* Omkadering: ondersteunende diensten.</p>"
    let table = try #require(try extract(html).tables.first)
    #expect(table.footnotes == ["* Omkadering: ondersteunende diensten."])
  }

  @Test func extract_numberedNoteAfterGrid_isTheGridsFootnoteWhenACellPrintsItsMarker() throws {
    let html = "<table><tr><td>Poetsdienst</td><td><sup>15</sup> 3 935,55</td></tr><tr><td>Woonzorg</td><td>39 829,33</td></tr></table><p>15 Inclusief kraamzorg.</p><p>16 Niet in de tabel.</p><p>Meer tekst.</p>"
    let document = try extract(html)
    let table = try #require(document.tables.first)
    #expect(table.footnotes == ["15 Inclusief kraamzorg."])
    #expect(document.text.contains { $0.text == "16 Niet in de tabel." })
  }

  @Test func extract_bracketedNumberedNotesAfterAGridsFootnote_areItsFootnotesToo() throws {
    let html = "<table><tr><td>Kraamzorg</td><td>2.987,3<sup>(1)</sup></td></tr><tr><td>Woonzorg</td><td>829,3</td></tr></table><p>(1) Cijfers op 31 december.</p><p>(2) Voorlopige cijfers.</p><p>(3) Zie bijlage.</p>"
    let table = try #require(try extract(html).tables.first)
    #expect(table.footnotes == ["(1) Cijfers op 31 december.", "(2) Voorlopige cijfers.", "(3) Zie bijlage."])
  }

  @Test func extract_bracketedNumberedNoteAfterAGridWithoutFootnotes_staysText() throws {
    let html = "<table><tr><td>Kraamzorg</td><td>2.987,3</td></tr><tr><td>Woonzorg</td><td>829,3</td></tr></table><p>(2) Voorlopige cijfers.</p>"
    let document = try extract(html)
    #expect(try #require(document.tables.first).footnotes.isEmpty)
    #expect(document.text.contains { $0.text == "(2) Voorlopige cijfers." })
  }
}
