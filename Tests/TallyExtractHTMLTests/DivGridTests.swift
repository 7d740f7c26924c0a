import TallyCore
import TallyExtractHTML
import Testing

/// Tables written without `<table>`: div grids, description lists, lists and cards.
@Suite struct DivGridTests {
  @Test func extract_cssGridDivs_becomeGridWithSpanningHeaderCaptionAndBoldTotal() throws {
    let html = """
      <style>.row { display: grid; grid-template-columns: 3fr 1fr 1fr; } .tot { font-weight: bold }</style>
      <h2>Financiën</h2>
      <div class="block">
        <p class="title">Tabel 4. Exploitatie per dienst</p>
        <p class="note">(in duizend euro)</p>
        <div class="grid" role="table">
          <div class="head">
            <div class="row"><div class="c"></div><div class="c" style="grid-column: span 2">Boekjaar</div></div>
            <div class="row"><div class="c">Dienst</div><div class="c">2022</div><div class="c">2023</div></div>
          </div>
          <div class="body">
            <div class="row"><div class="c">Thuiszorg</div><div class="c">1.204</div><div class="c">1.310</div></div>
            <div class="row"><div class="c">Woonzorg</div><div class="c">2.455</div><div class="c">n.v.t.</div></div>
            <div class="row tot"><div class="c">Totaal</div><div class="c">3.659</div><div class="c">1.310</div></div>
          </div>
        </div>
      </div>
      """
    let document = try extract(html)
    let table = try #require(document.tables(.grid).first)
    #expect(document.tables.count == 1)
    #expect(table.title == "Tabel 4. Exploitatie per dienst")
    #expect(table.headerRowCount == 2)
    #expect(
      table.texts == [
        ["", "Boekjaar", "Boekjaar"], ["Dienst", "2022", "2023"], ["Thuiszorg", "1.204", "1.310"],
        ["Woonzorg", "2.455", "n.v.t."], ["Totaal", "3.659", "1.310"],
      ])
    let totalBold = table.rows[4].cells.allSatisfy { $0.isBold }
    let itemBold = table.rows[2].cells.contains { $0.isBold }
    #expect(totalBold)
    #expect(!itemBold)
  }

  @Test func extract_gridSpanFromClassRule_spansHeaderCell() throws {
    let html = """
      <style>.wide { grid-column: 2 / 4; }</style>
      <h3>Bezetting</h3>
      <div><div class="r"><span>Afdeling</span><span class="wide">Bedden</span></div>
      <div class="r"><span>Noord</span><span>40</span><span>38</span></div>
      <div class="r"><span>Zuid</span><span>25</span><span>25</span></div></div>
      """
    let table = try #require(try extract(html).tables(.grid).first)
    #expect(table.title == "Bezetting")
    #expect(table.headerRowCount == 1)
    #expect(table.texts == [["Afdeling", "Bedden", "Bedden"], ["Noord", "40", "38"], ["Zuid", "25", "25"]])
  }

  @Test func extract_numberedCaptionAboveDescriptionListWithDashes_isTitle() throws {
    let html = """
      <h3>2.8 Toelichting</h3>
      <div><p>2.8.4 Financiële toelichting</p><p>(in duizend euro)</p>
      <dl><div><dt>Armoede</dt><dd>36 032,52</dd></div><div><dt>Buurt</dt><dd>—</dd></div><div><dt>Zorg</dt><dd>#REF!</dd></div></dl></div>
      """
    let table = try #require(try extract(html).tables(.grid).first)
    #expect(table.title == "2.8.4 Financiële toelichting")
    #expect(table.texts == [["Armoede", "36 032,52"], ["Buurt", "—"], ["Zorg", "#REF!"]])
  }

  @Test func extract_superscriptFootnoteMarks_leaveCellText_unitExponentsStay() throws {
    let html = """
      <h3>Gebouwen</h3>
      <div><div class="r"><span>Campus</span><span>Oppervlakte (m<sup>2</sup>)</span></div>
      <div class="r"><span>Noord<sup>1)</sup></span><span>1.204<sup>a</sup></span></div>
      <div class="r"><span>Zuid<sup>(2)</sup></span><span>980<sup>**</sup></span></div></div>
      <table><tr><th>Dienst</th><th>Uren</th></tr><tr><td>Poetsdienst<sup>b</sup></td><td>310</td></tr><tr><td>Vorming</td><td>12</td></tr></table>
      """
    let tables = try extract(html).tables(.grid)
    #expect(tables.count == 2)
    #expect(tables.first?.texts == [["Campus", "Oppervlakte (m2)"], ["Noord", "1.204"], ["Zuid", "980"]])
    #expect(tables.last?.texts == [["Dienst", "Uren"], ["Poetsdienst", "310"], ["Vorming", "12"]])
  }

  @Test func extract_descriptionList_becomesTwoColumnTable() throws {
    let html = """
      <h3>Personeel</h3>
      <dl><dt>Artsen</dt><dd>12</dd><dt>Verpleegkundigen</dt><dd>148,5</dd><dt>Totaal</dt><dd><b>160,5</b></dd></dl>
      """
    let table = try #require(try extract(html).tables(.grid).first)
    #expect(table.title == "Personeel")
    #expect(table.headerRowCount == 0)
    #expect(table.texts == [["Artsen", "12"], ["Verpleegkundigen", "148,5"], ["Totaal", "160,5"]])
  }

  @Test func extract_descriptionListWithRowDivsAndEmptyGroupRow_keepsEveryRow() throws {
    let html = """
      <h3>Baten en lasten</h3>
      <dl class="dl"><div class="row g"><dt>Baten</dt><dd></dd></div>
      <div class="row i"><dt>Subsidies</dt><dd>855,37</dd></div>
      <div class="row i"><dt>Huur</dt><dd>-</dd></div>
      <div class="row t"><dt><strong>Totaal baten</strong></dt><dd><strong>855,37</strong></dd></div></dl>
      """
    let table = try #require(try extract(html).tables(.grid).first)
    #expect(table.headerRowCount == 0)
    #expect(table.texts == [["Baten", ""], ["Subsidies", "855,37"], ["Huur", "-"], ["Totaal baten", "855,37"]])
    let totalBold = table.rows[3].cells.allSatisfy { $0.isBold }
    #expect(totalBold)
  }

  @Test func extract_firstRowWithoutFigure_isHeaderOnlyWhenItNamesColumnsOrIsMarkedUpApart() throws {
    let html = """
      <h3>Diensten</h3>
      <dl><div class="r"><dt>Inloophuis</dt><dd>n.v.t.</dd></div><div class="r"><dt>Dagbesteding</dt><dd>212,2</dd></div>
      <div class="r"><dt>Thuiszorg</dt><dd>80</dd></div></dl>
      <h3>Uren</h3>
      <div><div class="r"><span>Dienst</span><span>2022</span><span>2023</span></div>
      <div class="r"><span>Thuiszorg</span><span>1.204</span><span>1.310</span></div>
      <div class="r"><span>Woonzorg</span><span>2.455</span><span>2.501</span></div></div>
      <h3>Bedden</h3>
      <div><div class="h"><span>Afdeling</span><span>Bedden</span></div>
      <div class="r"><span>Noord</span><span>40</span></div><div class="r"><span>Zuid</span><span>25</span></div></div>
      """
    let tables = try extract(html).tables(.grid)
    #expect(tables.map(\.headerRowCount) == [0, 1, 1])
    #expect(tables.first?.texts == [["Inloophuis", "n.v.t."], ["Dagbesteding", "212,2"], ["Thuiszorg", "80"]])
  }

  @Test func extract_listOfLabelFigureItems_becomesTable() throws {
    let html = """
      <h3>Capaciteit</h3>
      <ul class="stats"><li><span>Woongroepen</span><span>14</span></li><li><span>Kamers</span><span>212</span></li></ul>
      """
    let table = try #require(try extract(html).tables(.grid).first)
    #expect(table.texts == [["Woongroepen", "14"], ["Kamers", "212"]])
  }

  @Test func extract_cardsOfFigureAboveLabel_becomeKeyFigures() throws {
    let html = """
      <h3>Kerncijfers 2022</h3>
      <div class="cards">
        <div class="card"><div class="v">1.949</div><div class="l">medewerkers</div></div>
        <div class="card"><div class="v">43,8 jaar</div><div class="l">gemiddelde leeftijd</div></div>
        <div class="card"><div class="v">96%</div><div class="l">tevredenheid</div></div>
      </div>
      """
    let document = try extract(html)
    #expect(document.tables(.grid).isEmpty)
    let figures = try #require(document.tables(.keyFigures).first)
    #expect(figures.title == "Kerncijfers 2022")
    #expect(figures.texts == [["medewerkers", "1.949"], ["gemiddelde leeftijd", "43,8 jaar"], ["tevredenheid", "96%"]])
  }

  @Test func extract_cardsOfLabelFigureAndUnit_becomeKeyFiguresWithUnits() throws {
    let html = """
      <h2>Ons bereik</h2>
      <div class="cards"><div class="card"><span class="label">Trajecten</span><span class="big">282</span><span class="unit">trajecten</span></div>
      <div class="card"><span class="label">Collectieve inzet</span><span class="big">17.076</span><span class="unit">deelnemers*</span></div></div>
      """
    let document = try extract(html)
    #expect(document.tables(.grid).isEmpty)
    let figures = try #require(document.tables(.keyFigures).first)
    #expect(figures.texts == [["Trajecten", "282 trajecten"], ["Collectieve inzet", "17.076 deelnemers*"]])
  }

  @Test func extract_menusFootersLinkListsAndProse_giveNoTables() throws {
    let html = """
      <header><nav><ul><li><a href="#">Over ons</a></li><li><a href="#">Publicaties</a></li><li><a href="#">Contact</a></li></ul></nav></header>
      <div class="crumbs"><a href="#">Home</a> › <a href="#">Jaarverslag 2022</a></div>
      <main>
        <div class="cols"><div><p>In 2022 groeide het aantal cliënten met 9,4% tot 1.204 personen, vooral in de thuiszorg en in de dagopvang van de regio.</p></div>
        <div><p>De totale omzet bedroeg 21,1 miljoen euro, waarvan 14,2 miljoen euro aan subsidies van de Vlaamse overheid en de gemeente.</p></div></div>
        <ul class="links"><li><a href="#">Jaarverslag 2021</a> <span>(pdf)</span></li><li><a href="#">Jaarverslag 2020</a> <span>(pdf)</span></li></ul>
        <div class="downloads"><div><a href="#">Download</a><span>2,4 MB</span></div></div>
      </main>
      <footer><div class="wrap"><div><span>© 2023</span><span>12</span></div><div><span>Privacy</span><span>14</span></div></div></footer>
      """
    let document = try extract(html)
    #expect(document.tables.isEmpty)
    #expect(document.text.contains { $0.text.hasPrefix("In 2022 groeide") })
  }

  @Test func extract_divGridsOff_readsRowsAsText() throws {
    let html = """
      <h3>Personeel</h3>
      <div><div class="r"><span>Artsen</span><span>12</span></div><div class="r"><span>Verpleging</span><span>148</span></div></div>
      """
    var settings = HTMLTableSettings()
    settings.divGrids = false
    #expect(try extract(html, settings: settings).tables(.grid).isEmpty)
    #expect(try extract(html).tables(.grid).first?.texts == [["Artsen", "12"], ["Verpleging", "148"]])
  }

  @Test func extract_rowsOfDifferentShapes_areNotOneTable() throws {
    // Rows of different classes and widths: a layout, not a table.
    let html = """
      <h3>Contact</h3>
      <div><div class="a"><span>Telefoon</span><span>056 24 16 11</span></div>
      <div class="b"><span>Adres</span><span>Budastraat</span><span>27</span><span>8500</span></div></div>
      """
    #expect(try extract(html).tables(.grid).isEmpty)
  }
}
