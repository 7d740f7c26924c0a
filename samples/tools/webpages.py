"""Seeds 001, 002, 004: web pages (no PDF). Each seed is parsed into a data file under samples/src/, the
page is rendered from it, and golden.py reads the tables and findings back from the same data."""
import html
import os
import re

from samplelib import SAMPLES, SRC, read_seed, write_json, read_json, cell_text, parse_number, check_sum, dec_str
from decimal import Decimal

E = html.escape

BASE_CSS = r"""
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #1f2a33; background: #f5f7f9; }
a { color: inherit; }
.topbar { background: #fff; border-bottom: 1px solid #dfe5ea; }
.topbar .inner, .wrap, .foot .inner { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
.topbar .inner { display: flex; align-items: center; justify-content: space-between; height: 76px; }
.logo { font-weight: 800; font-size: 24px; letter-spacing: -.5px; text-decoration: none; }
nav ul { display: flex; gap: 26px; list-style: none; margin: 0; padding: 0; }
nav a { text-decoration: none; font-size: 15px; }
.hero { color: #fff; padding: 54px 0 46px; }
.hero h1 { margin: 0; font-size: 44px; }
.hero p { margin: 8px 0 0; font-size: 19px; opacity: .9; }
.wrap { padding-top: 30px; padding-bottom: 56px; }
section.block { background: #fff; border-radius: 10px; padding: 26px 30px; margin: 0 0 26px; box-shadow: 0 1px 3px rgba(0,0,0,.07); }
h2 { font-size: 28px; margin: 0 0 12px; }
h3 { font-size: 20px; margin: 24px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 16px; margin: 18px 0; }
.card { border-radius: 10px; padding: 18px 20px; color: #fff; }
.card .label { font-size: 14px; opacity: .92; }
.card .big { font-size: 34px; font-weight: 800; line-height: 1.15; display: block; }
.card .unit { font-size: 15px; }
table.data { border-collapse: collapse; width: 100%; max-width: 680px; margin: 12px 0 18px; font-size: 15px; }
table.data th { text-align: left; padding: 9px 12px; border-bottom: 2px solid currentColor; font-size: 14px; }
table.data td { padding: 8px 12px; border-bottom: 1px solid #e3e8ec; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
table.data tr.total td { font-weight: 700; border-top: 2px solid #1f2a33; }
.note { font-size: 13px; color: #5b6770; }
blockquote { margin: 12px 0; padding: 12px 18px; border-left: 4px solid; background: #f7f9fa; font-style: italic; }
.foot { background: #1f2a33; color: #c8d0d6; font-size: 14px; padding: 30px 0; }
.foot a { color: #fff; }
"""


def page(title, brand, color, nav, hero_title, hero_sub, body, footer, extra_css=""):
    return """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>%s
.hero { background: %s; } .logo, h2, table.data th { color: %s; }
%s</style>
</head>
<body>
<header class="topbar"><div class="inner"><a class="logo" href="#">%s</a>
<nav aria-label="Hoofdnavigatie"><ul>%s</ul></nav></div></header>
<div class="hero"><div class="wrap" style="padding-top:0;padding-bottom:0"><h1>%s</h1><p>%s</p></div></div>
<main class="wrap">
%s
</main>
<footer class="foot"><div class="inner">%s</div></footer>
</body>
</html>
""" % (E(title), BASE_CSS, color, color, extra_css, brand, "".join('<li><a href="#">%s</a></li>' % E(n) for n in nav),
       hero_title, hero_sub, body, footer)


def table_html(t, total_rows=()):
    rows, h = t["rows"], t["header_rows"]
    out = ['<table class="data">']
    numcol = [j > 0 for j in range(len(rows[0]))]
    if h:
        out.append("<thead>" + "".join("<tr>" + "".join('<th%s>%s</th>' % (' class="num"' if numcol[j] else "", E(c))
                                                         for j, c in enumerate(r)) + "</tr>" for r in rows[:h]) + "</thead>")
    out.append("<tbody>")
    for k, r in enumerate(rows[h:], start=h):
        out.append('<tr%s>' % (' class="total"' if k in total_rows else "") + "".join(
            '<td%s>%s</td>' % (' class="num"' if numcol[j] else "", E(c)) for j, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# ------------------------------------------------------------------------------------ 001 highlights
HL_HEADINGS = {"Ons bereik": 2, "Onze impact en tevredenheid": 2, "Zelfredzaamheid-Matrix (ZRM)": 3, "Top 5 ZRM": 3,
               "Klanttevredenheidonderzoek (KTO)": 3, "Vragenlijst": 3}
HL_SOURCE = "highlights-welzijn.html"


def parse_highlights(seed):
    lines = [l.rstrip() for l in seed.split("\n")]
    blocks, cards, i = [], [], 0
    title = None
    while i < len(lines):
        s = lines[i].strip()
        i += 1
        if not s:
            continue
        if title is None:
            title = s
            continue
        if s in HL_HEADINGS:
            blocks.append({"type": "heading", "level": HL_HEADINGS[s], "text": s})
            continue
        if "|" in s:
            rows = []
            i -= 1
            while i < len(lines) and "|" in lines[i]:
                cells = [c.strip() for c in lines[i].split("|")][:-1]
                if not all(re.match(r"^-+$", c) for c in cells):
                    rows.append(cells)
                i += 1
            head = [b for b in blocks if b["type"] == "heading"][-1]["text"]
            blocks.append({"type": "table", "title": head, "header_rows": 1, "rows": rows})
            continue
        # key figure cards: "label" line followed by "<number> <unit>" line
        nxt = lines[i].strip() if i < len(lines) else ""
        if re.match(r"^[\d.]+ \S+\*?$", nxt) and len(s) < 40:
            num, unit = nxt.split(" ", 1)
            cards.append({"label": s, "value": num, "unit": unit})
            i += 1
            if not (i < len(lines) and re.match(r"^[\d.]+ \S+\*?$", lines[i + 1].strip() if i + 1 < len(lines) else "")):
                blocks.append({"type": "cards", "cards": cards})
                cards = []
            continue
        if s.startswith(("\"", "\u201c")):
            blocks.append({"type": "quote", "text": s})
            continue
        m = re.match(r"^([^:]{3,40}): (.*)$", s)
        if m and not s.startswith("Het ") and blocks and blocks[-1]["type"] in ("heading", "deflist"):
            if blocks[-1]["type"] != "deflist":
                blocks.append({"type": "deflist", "items": []})
            blocks[-1]["items"].append([m.group(1), m.group(2)])
            continue
        blocks.append({"type": "para", "text": s})
    return {"source_seed": "001_f81b66a4f3db8bcd.txt", "title": title, "blocks": blocks}


def render_highlights(doc):
    colors = ["#0f7c8c", "#e36b2c", "#6a4c9c", "#6a4c9c", "#2f8f4e", "#2f8f4e"]
    out, open_section = [], False
    for b in doc["blocks"]:
        if b["type"] == "heading":
            if b["level"] == 2:
                if open_section:
                    out.append("</section>")
                out.append('<section class="block"><h2>%s</h2>' % E(b["text"]))
                open_section = True
            else:
                out.append("<h3>%s</h3>" % E(b["text"]))
        elif b["type"] == "para":
            out.append("<p%s>%s</p>" % (' class="note"' if b["text"].startswith("*") else "", E(b["text"])))
        elif b["type"] == "quote":
            out.append("<blockquote>%s</blockquote>" % E(b["text"]))
        elif b["type"] == "deflist":
            out.append("<ul>%s</ul>" % "".join("<li><strong>%s:</strong> %s</li>" % (E(a), E(c)) for a, c in b["items"]))
        elif b["type"] == "cards":
            out.append('<div class="cards">%s</div>' % "".join(
                '<div class="card" style="background:%s"><span class="label">%s</span><span class="big">%s</span>'
                '<span class="unit">%s</span></div>' % (colors[k % len(colors)], E(c["label"]), E(c["value"]), E(c["unit"]))
                for k, c in enumerate(b["cards"])))
        elif b["type"] == "table":
            out.append(table_html(b))
    if open_section:
        out.append("</section>")
    return page("Highlights | Carrefour welzijn", "Carrefour<span style=\"color:#e36b2c\">.</span>", "#0f7c8c",
                ["Voor inwoners", "Voor professionals", "Activiteiten", "Over ons", "Contact"],
                E(doc["title"]), "Jaarverslag &ndash; wat we bereikten", "\n".join(out),
                "<p>Carrefour &middot; <a href=\"#\">Privacyverklaring</a> &middot; <a href=\"#\">Cookies</a> &middot; "
                "<a href=\"#\">Toegankelijkheid</a></p>")


# ------------------------------------------------------------------------------- 002 MO 2023 dashboard
MO_SOURCE = "maatschappelijke-ondersteuning-2023.html"


def parse_mo(seed):
    """Keep the seed's lines as blocks; tab-separated runs become tables titled by the nearest heading-like
    line above them."""
    lines = [l.rstrip() for l in seed.split("\n")]
    blocks, i = [], 0
    sections = {"Clïent & Kwaliteit", "Medewerker & Team", "Wijk & Samenwerking", "Organisatie & Bedrijfsvoering"}
    subheads = {"MO-eenheid", "Dagbesteding", "IB:", "FOBO meldingen", "Rapportage op doelen", "Verzuim", "Ontwikkelcoaching",
                "Verdeling functiegroepen", "Ontwikkeltrajecten senior begeleiders thuis",
                "Ontwikkeltrajecten senior begeleiders groep", "Technologie", "Beeldzorg", "Vervoer", "MOPG score",
                "Gemiddelde team score", "WLZ - Langer thuiswonen", "Financiële resultaten", "Projecten",
                "Ervaringsdeskundigheid", "NAH connect", "Parkinson daginvulling"}
    last_head = None
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        if s == "Maatschappelijke Ondersteuning 2023":
            i += 1
            continue
        if s in sections:
            blocks.append({"type": "section", "text": s})
            last_head = s
            i += 1
            continue
        if s in subheads:
            blocks.append({"type": "heading", "text": s})
            last_head = s
            i += 1
            continue
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([c.strip() for c in lines[i].split("\t")])
                i += 1
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            header = 1 if rows[0][0] == "" else 0
            blocks.append({"type": "table", "title": last_head, "header_rows": header, "rows": rows})
            continue
        # big number above its label: "316,19" / "FTE totaal"
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if re.match(r"^[\d.,]+( jaar)?$", s) and nxt and not re.match(r"^[\d.,]", nxt):
            blocks.append({"type": "stat", "value": s, "label": nxt})
            i += 2
            continue
        if s.startswith("- "):
            items = []
            while i < len(lines) and lines[i].strip().startswith("- "):
                items.append(lines[i].strip()[2:])
                i += 1
            blocks.append({"type": "list", "items": items})
            continue
        blocks.append({"type": "para", "text": s})
        i += 1
    return {"source_seed": "002_c240f8abbdaa5c6b.txt", "title": "Maatschappelijke Ondersteuning 2023", "blocks": blocks}


def _md(s):
    s = E(s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)
    s = re.sub(r"\[([^\]]+)\]\(#\)", r'<a href="#">\1</a>', s)
    s = re.sub(r"^(MODULE \d+)\*\*", r"<b>\1</b>", s)
    s = s.replace("**", "")
    return s


def render_mo(doc):
    out, open_section, in_grid = [], False, False
    palette = {"Clïent & Kwaliteit": "#b0246a", "Medewerker & Team": "#1d6fa5", "Wijk & Samenwerking": "#2c8a57",
               "Organisatie & Bedrijfsvoering": "#8a5a1d"}
    color = "#b0246a"
    stats = []

    def flush_stats():
        if stats:
            out.append('<div class="cards">%s</div>' % "".join(
                '<div class="card" style="background:%s"><span class="big">%s</span><span class="label">%s</span></div>'
                % (color, E(v), _md(l)) for v, l in stats))
            stats.clear()

    for b in doc["blocks"]:
        if b["type"] != "stat":
            flush_stats()
        t = b["type"]
        if t == "section":
            if open_section:
                out.append("</section>")
            color = palette[b["text"]]
            out.append('<section class="block" style="border-top:6px solid %s"><h2 style="color:%s">%s</h2>'
                       % (color, color, E(b["text"])))
            open_section = True
        elif t == "heading":
            out.append('<h3 style="color:%s">%s</h3>' % (color, E(b["text"])))
        elif t == "stat":
            stats.append((b["value"], b["label"]))
        elif t == "list":
            out.append("<ul>%s</ul>" % "".join("<li>%s</li>" % _md(x) for x in b["items"]))
        elif t == "table":
            if b["title"] == "Financiële resultaten":
                out.append(table_html(b, total_rows=(0,)).replace('class="data"', 'class="data saldo"'))
            else:
                out.append(table_html(b))
        elif t == "para":
            txt = b["text"]
            if re.match(r"^-?[\d,]+%$", txt):
                out.append('<p class="bignum" style="color:%s">%s</p>' % (color, E(txt)))
            elif txt.startswith("Totaal aantal cliënten") or txt.startswith(("Groei van", "Daling van")):
                out.append('<p class="kpi">%s</p>' % _md(txt))
            else:
                out.append("<p>%s</p>" % _md(txt))
    flush_stats()
    if open_section:
        out.append("</section>")
    css = (".kpi { font-size: 18px; margin: 4px 0; } .kpi b { font-size: 26px; } "
           ".bignum { font-size: 34px; font-weight: 800; margin: 0 0 8px; line-height: 1.1; } "
           "table.saldo tr.total td { border-top: 0; border-bottom: 2px solid #1f2a33; }")
    return page("Maatschappelijke Ondersteuning 2023 | Jaarbeeld", "Zorgpartners<span style=\"color:#b0246a\">+</span>",
                "#b0246a", ["Cliënten", "Werken bij", "Jaarbeeld 2023", "Contact"], "Maatschappelijke Ondersteuning 2023",
                "Jaarbeeld in cijfers: cliënt, medewerker, wijk en bedrijfsvoering", "\n".join(out),
                "<p>Jaarbeeld 2023 &middot; <a href=\"#\">Privacy</a> &middot; <a href=\"#\">Disclaimer</a></p>", css)


def findings_mo(doc):
    out = []
    for t in [b for b in doc["blocks"] if b["type"] == "table"]:
        if t["title"] == "Rapportage op doelen":
            items = [parse_number(r[1])[:2] for r in t["rows"]]
            status, computed = check_sum(items, (Decimal(100), 0))
            if status != "pass":
                out.append({"kind": "percent_sum", "status": status, "table_title": t["title"], "row": [], "column": [],
                            "stated": "100", "computed": dec_str(computed),
                            "note": "the three report-age brackets (0-2, 2-3, 3+ months) add up to %s %%" % dec_str(computed)})
        if t["title"] == "Financiële resultaten":
            def eur(s):
                v = s.replace("€", "").replace(" ", "").replace(".", "")
                return Decimal(v), 0
            total = eur(t["rows"][0][1])
            status, computed = check_sum([eur(r[1]) for r in t["rows"][1:]], total)
            if status != "pass":
                out.append({"kind": "row_total", "status": status, "table_title": t["title"], "row": ["Eindsaldo:"],
                            "column": [], "stated": dec_str(total[0]), "computed": dec_str(computed), "note": "Eindsaldo"})
        if t["title"] == "Gemiddelde team score":
            vals = [parse_number(r[1]) for r in t["rows"][:-1]]
            mean = sum(v for v, _, _ in vals) / len(vals)
            assert mean == parse_number(t["rows"][-1][1])[0], "team score mean"
    return out


# ------------------------------------------------------------------------------------- 004 decree
DECREE_SOURCE = "besluit-caw-2013.html"


def parse_decree(seed):
    lines = [l.rstrip() for l in seed.split("\n") if l.strip()]
    blocks = [{"type": "title", "text": lines[0]}]
    for l in lines[1:]:
        if re.match(r"^Art\. \d+-\d+$", l):
            blocks.append({"type": "toc", "text": l})
        elif re.match(r"^(Artikel|Art\.)\s*\d+\.", l):
            m = re.match(r"^((?:Artikel|Art\.)\s*\d+\.)\s*(.*)$", l)
            blocks.append({"type": "article", "num": m.group(1), "text": m.group(2)})
        elif re.match(r"^\d+° ", l):
            blocks.append({"type": "item", "level": 1, "text": l})
        elif re.match(r"^[a-z]\) ", l):
            blocks.append({"type": "item", "level": 2, "text": l})
        elif re.match(r"^\d+\) ", l):
            blocks.append({"type": "item", "level": 3, "text": l})
        elif re.match(r"^-{5,}$", l):
            blocks.append({"type": "rule"})
        elif re.match(r"^\(\d+\)<", l):
            blocks.append({"type": "note", "text": l})
        else:
            blocks.append({"type": "para", "text": l})
    return {"source_seed": "004_a44963bc2839eb82.txt", "blocks": blocks}


def render_decree(doc):
    out = []
    for b in doc["blocks"]:
        t = b["type"]
        if t == "title":
            m = re.match(r"^(.*?)(\(NOTA.*\))?$", b["text"])
            out.append('<h1 class="act-title">%s</h1>' % E(m.group(1)))
            if m.group(2):
                out.append('<p class="nota">%s</p>' % E(m.group(2)))
        elif t == "toc":
            out.append('<p class="artrange"><a href="#art1">%s</a></p>' % E(b["text"]))
        elif t == "article":
            num = re.sub(r"\D", "", b["num"])
            out.append('<div class="article" id="art%s"><p><a class="artnum" href="#art%s">%s</a> %s</p></div>'
                       % (num, num, E(b["num"]), E(b["text"])))
        elif t == "item":
            out.append('<p class="item l%d">%s</p>' % (b["level"], E(b["text"])))
        elif t == "rule":
            out.append('<hr class="notes">')
        elif t == "note":
            out.append('<p class="wijz">%s</p>' % E(b["text"]))
        else:
            out.append("<p>%s</p>" % E(b["text"]))
    css = """
body { background: #fff; }
.hero { padding: 26px 0; } .hero h1 { font-size: 26px; } .hero p { font-size: 15px; }
.lawbar { display: flex; gap: 12px; font-size: 14px; margin: 0 0 18px; color: #4c5a66; flex-wrap: wrap; }
.lawbar span { background: #eef2f5; border-radius: 4px; padding: 3px 10px; }
.act-title { font-size: 21px; line-height: 1.4; color: #1b3a5c; margin: 0 0 10px; }
.nota { font-size: 13px; color: #6b7780; }
.article { margin-top: 22px; }
.artnum { font-weight: 700; color: #1b3a5c; text-decoration: none; }
.item { margin: 3px 0; } .item.l1 { padding-left: 24px; } .item.l2 { padding-left: 52px; } .item.l3 { padding-left: 80px; }
hr.notes { border: 0; border-top: 1px dashed #9aa5ad; width: 120px; margin: 16px 0 6px; text-align: left; }
.wijz { font-size: 13px; color: #4c5a66; margin: 2px 0; }
.artrange a { color: #1b3a5c; }
.layout { display: grid; grid-template-columns: 240px 1fr; gap: 32px; }
aside { font-size: 14px; border-right: 1px solid #dfe5ea; padding-right: 18px; }
aside a { display: block; padding: 3px 0; color: #1b3a5c; text-decoration: none; }
"""
    arts = [b for b in doc["blocks"] if b["type"] == "article"]
    aside = "<aside><strong>Inhoud</strong>%s<p class=\"note\">Publicatie: Belgisch Staatsblad</p></aside>" % "".join(
        '<a href="#art%s">%s</a>' % (re.sub(r"\D", "", a["num"]), E(a["num"].replace("Artikel", "Art."))) for a in arts)
    body = ('<div class="lawbar"><span>Ministerieel besluit</span><span>Welzijn, Volksgezondheid en Gezin</span>'
            '<span>Geconsolideerde versie</span></div><div class="layout">%s<article>%s</article></div>'
            % (aside, "\n".join(out)))
    return page("Ministerieel besluit 11 december 2013 - resultaatgerichte indicatoren CAW en teleonthaal | Codex",
                "Codex<span style=\"color:#c8102e\">Vlaanderen</span>", "#1b3a5c",
                ["Regelgeving", "Zoeken", "Nieuw", "Help"], "Regelgeving", "Geconsolideerde tekst", body,
                "<p>Vlaamse overheid &middot; <a href=\"#\">Disclaimer</a> &middot; <a href=\"#\">Privacy</a></p>", css)


# ------------------------------------------------------------------------------------------- driver
PAGES = [
    (HL_SOURCE, "001_", "highlights-welzijn.json", parse_highlights, render_highlights, lambda d: []),
    (MO_SOURCE, "002_", "maatschappelijke-ondersteuning-2023.json", parse_mo, render_mo, findings_mo),
    (DECREE_SOURCE, "004_", "besluit-caw-2013.json", parse_decree, render_decree, lambda d: []),
]


def build_all():
    for name, seed, data, parse, render, _ in PAGES:
        path = os.path.join(SRC, data)
        write_json(path, parse(read_seed(seed)))
        with open(os.path.join(SAMPLES, name), "w", encoding="utf-8") as f:
            f.write(render(read_json(path)))


def golden_all():
    for name, seed, data, parse, render, findings in PAGES:
        doc = read_json(os.path.join(SRC, data))
        tabs = [b for b in doc["blocks"] if b["type"] == "table"]
        yield name, tabs, findings(doc)
