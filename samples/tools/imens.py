"""Seed 000 (i-mens Jaarverslag 2023): parse the text extraction into structured blocks, render the
print HTML (-> PDF) and the web page, and compute the reconciliation findings."""
import html
import re

from samplelib import (cell_text, norm, parse_number, looks_numeric, leading_count, check_sum,
                       check_ratio, iv, iv_sum, dec_str)

SOURCE_PDF = "imens-jaarverslag-2023.pdf"
SOURCE_HTML = "imens-jaarverslag-2023.html"


# ------------------------------------------------------------------------------------------ parsing
def _md_inline(s):
    s = html.escape(s.strip(), quote=False)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1", s)
    s = s.replace("\\*", "*")
    return s


def _is_caps(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _heading_level(hashes, text):
    if re.match(r"^\d+\.\d+\.\d+\. ", text):
        return 3
    if re.match(r"^\d+\.\d+\. ", text):
        return 2
    if re.match(r"^\d+\. ", text):
        return 1 if _is_caps(text[3:]) else 4
    if hashes == 1:
        return 1
    return 4 if hashes >= 4 else 3


def _split_row(line):
    return line.rstrip("\n").split("\t")


def _is_group_row(cells):
    return cells[0].startswith("<b>") and all(not c.strip() for c in cells[1:])


def parse(seed):
    lines = seed.split("\n")
    blocks = []
    i = 0
    n = len(lines)
    # cover: everything before "# VOORWOORD"
    while not lines[i].startswith("# VOORWOORD"):
        i += 1
    blocks.append({"type": "cover", "title": "JAARVERSLAG 2023", "org": "i-mens", "tagline": "thuis in zorg aan huis"})
    last_heading = None
    while i < n:
        line = lines[i]
        s = line.strip()
        if not s:
            i += 1
            continue
        if s.startswith("078 15 25 35"):
            blocks.append({"type": "backcover", "lines": [_md_inline(x) for x in lines[i:] if x.strip()]})
            break
        m = re.match(r"^(#+)\s+(.*)$", s)
        if m:
            text = m.group(2).strip()
            level = _heading_level(len(m.group(1)), text)
            if text == "INHOUD":
                blocks.append({"type": "heading", "level": 1, "text": text})
                i += 1
                entries = []
                while i < n and not lines[i].startswith("#"):
                    if "\t" in lines[i]:
                        a, b = _split_row(lines[i])[:2]
                        entries.append({"text": cell_text(a), "page": cell_text(b), "bold": a.startswith("<b>")})
                    i += 1
                blocks.append({"type": "toc", "entries": entries})
                continue
            # a heading repeated right after itself (the first one carried a chart lost in extraction)
            if last_heading == text and blocks[-1]["type"] == "heading":
                blocks[-1]["chart"] = True
                i += 1
                continue
            blocks.append({"type": "heading", "level": level, "text": text})
            last_heading = text
            i += 1
            continue
        if "\t" in line:
            rows = []
            continued = []
            while True:
                while i < n and "\t" in lines[i]:
                    rows.append(_split_row(lines[i]))
                    i += 1
                # continuation after blank lines: a bold group row, or the same header row repeated
                j = i
                while j < n and not lines[j].strip():
                    j += 1
                if j < n and "\t" in lines[j]:
                    nxt = _split_row(lines[j])
                    if _is_group_row(nxt):
                        rows.append([""] * len(rows[0]))  # visual gap inside the table, dropped below
                        i = j
                        continue
                    if nxt == rows[0]:
                        continued.append(len(rows))
                        i = j + 1  # repeated page header of a long table: continue the same table
                        continue
                break
            blocks.append(_make_table(rows, last_heading))
            if continued:
                # the seed repeats the header row where the printed table went on to the next page
                blocks[-1]["break_before"] = continued[0] - sum(1 for r in rows[:continued[0]] if not any(c.strip() for c in r))
            continue
        if s.startswith("\\*"):
            blocks.append({"type": "footnote", "html": _md_inline(s)})
            i += 1
            continue
        if s.startswith("- "):
            items = []
            while i < n and lines[i].strip().startswith("- "):
                items.append(_md_inline(lines[i].strip()[2:]))
                i += 1
            blocks.append({"type": "list", "items": items})
            continue
        # quote attribution "**Name**  " + role on the next line
        m = re.match(r"^\*\*([^*]+)\*\*\s*$", line.rstrip("\n")) if line.endswith("  ") else None
        if m and blocks and blocks[-1]["type"] == "para":
            quote = blocks.pop()
            blocks.append({"type": "quote", "html": quote["html"], "who": m.group(1), "role": lines[i + 1].strip()})
            i += 2
            continue
        if line.endswith("  ") and s in ("ie", "is", "i-"):
            words = []
            while i < n and lines[i].strip():
                words.append(lines[i].strip())
                i += 1
            blocks.append({"type": "slogan", "words": words})
            continue
        if s == "imens":
            blocks.append({"type": "logo", "text": "imens"})
            i += 1
            continue
        # all-caps caption directly above a table -> its own small heading
        j = i + 1
        while j < n and not lines[j].strip():
            j += 1
        if _is_caps(s) and j < n and "\t" in lines[j]:
            blocks.append({"type": "heading", "level": 4, "text": s})
            last_heading = s
            i += 1
            continue
        blocks.append({"type": "para", "html": _md_inline(s)})
        i += 1
    _number_tables(blocks)
    return {"source_seed": "000_fa03eae173ad74ae.txt", "blocks": blocks}


def _make_table(rows, title):
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # drop columns empty in every row (an artefact of the extraction's tab stops)
    keep = [j for j in range(width) if any(r[j].strip() for r in rows)]
    rows = [[r[j].strip() for j in keep] for r in rows]
    gaps = [k for k, r in enumerate(rows) if not any(c for c in r)]
    rows = [r for r in rows if any(c for c in r)]
    # header rows
    def numeric(c):
        return looks_numeric(cell_text(c))
    header = 0
    r0 = rows[0]
    if (any(c and not numeric(c) for c in r0[1:])
            or (r0[0] and not any(r0[1:]) and _is_caps(cell_text(r0[0])) and not r0[0].startswith("<b>"))
            or all(c.startswith("<b>") for c in r0 if c) and not _is_group_row(r0)):
        header = 1
        if len(rows) > 1 and rows[1][0] == "" and not any(numeric(c) for c in rows[1] if c):
            header = 2
    spans = []
    if header == 2:
        h1, h2 = rows[0], rows[1]
        j = 0
        while j < len(h1):
            if h1[j] and h2[j]:
                k = j + 1
                while k < len(h1) and not h1[k] and h2[k]:
                    k += 1
                if k - j > 1:
                    spans.append([0, j, k - j])
                    for x in range(j + 1, k):
                        h1[x] = h1[j]  # a spanning header cell is repeated in every column it spans
                j = k
            else:
                j += 1
    # body cell spanning to the right edge ("Gemiddelde van 29 patiënten per regio")
    for ri, r in enumerate(rows[header:], start=header):
        last = max(j for j, c in enumerate(r) if c)
        if 0 < last < len(r) - 1 and not numeric(r[last]) and len(cell_text(r[last])) > 20:
            spans.append([ri, last, len(r) - last])
    total_rows = [k for k, r in enumerate(rows) if cell_text(r[0]) == "TOTAAL"]
    group_rows = [k for k, r in enumerate(rows) if k >= header and _is_group_row(r) and len(r) > 1]
    # gaps: a blank line in the seed before a group row (drawn as extra space)
    gap_before = []
    for g in gaps:
        # index of the row that followed the gap in the filtered list
        gap_before.append(g - gaps.index(g))
    t = {"type": "table", "title": title, "header_rows": header, "rows": rows}
    if spans:
        t["spans"] = spans
    if total_rows:
        t["total_rows"] = total_rows
    if group_rows:
        t["group_rows"] = group_rows
    if gap_before:
        t["gap_before"] = gap_before
    return t


def _number_tables(blocks):
    k = 0
    for b in blocks:
        if b["type"] == "table":
            k += 1
            b["id"] = "t%02d" % k


def tables(doc):
    return [b for b in doc["blocks"] if b["type"] == "table"]


# ------------------------------------------------------------------------------------------ layout
# headings that start a new printed page, and the printed page the table of contents promises
PAGE_STARTS = {
    "INHOUD", "1.1. Aantal personeelsleden op 31/12/2023", "1.2. Gemiddelde anciënniteit personeelsleden",
    "1.3. Gemiddelde leeftijd personeelsleden", "1.4. Percentage deeltijds werkenden", "1.5. Opleidingen en vorming",
    "AANTAL UREN GEORGANISEERDE OPLEIDINGEN PER DIENST", "2.1. Uren gepresteerd bij klanten", "2.3. Gezinszorg",
    "2.4. Poetshulp", "2.6. Klusjesdienst", "2.9. Avondzorg / Zorg24", "3.1. Kinderopvang",
    "3.2. Preventieve gezinsondersteuning", "INLOOPTEAM", "MINIMALE KWALITEITSVERLENING",
}
CHAPTERS = {"1. HUMAN RESOURCES", "2. THUISZORGDIENSTEN", "3. KINDERZORG", "4. WOONZORG", "5. SERVICE CENTER"}


def _num_class(cells):
    vals = [cell_text(c) for c in cells if cell_text(c)]
    return bool(vals) and sum(1 for v in vals if looks_numeric(v) or v == "-") >= len(vals) / 2


def render_table(t, nbsp=False, web=False):
    rows, h = t["rows"], t["header_rows"]
    ncol = len(rows[0])
    spans = {(r, c): n for r, c, n in t.get("spans", [])}
    covered = {(r, c + x) for (r, c), n in spans.items() for x in range(1, n)}
    numcols = [j > 0 and _num_class([r[j] for r in rows[h:]]) for j in range(ncol)]
    totals, groups, gaps = set(t.get("total_rows", [])), set(t.get("group_rows", [])), set(t.get("gap_before", []))
    out = ['<table class="data" id="%s">' % t["id"]]
    if ncol > 8:
        out[0] = '<table class="data wide" id="%s">' % t["id"]

    def fmt(c):
        c = html.escape(c, quote=False).replace("&lt;b&gt;", "<strong>").replace("&lt;/b&gt;", "</strong>")
        if nbsp and re.match(r"^[\d ]+(,\d+)?$", c) and " " in c:
            c = c.replace(" ", "&#8239;")
        return c

    if h:
        out.append("<thead>")
        for ri in range(h):
            out.append("<tr>")
            for j in range(ncol):
                if (ri, j) in covered:
                    continue
                attrs = []
                if (ri, j) in spans:
                    attrs.append('colspan="%d" class="span"' % spans[(ri, j)])
                elif h == 2 and ri == 0 and not rows[1][j]:
                    attrs.append('rowspan="2"')
                elif h == 2 and ri == 1 and not rows[1][j] and not rows[0][j]:
                    attrs.append("")
                if h == 2 and ri == 1 and not rows[1][j]:
                    # covered by a rowspan from the first header row
                    if (0, j) not in covered and (0, j) not in spans:
                        continue
                cls = ' class="num"' if numcols[j] and "class" not in " ".join(attrs) else ""
                out.append("<th%s%s>%s</th>" % ("".join(" " + a for a in attrs if a), cls, fmt(rows[ri][j])))
            out.append("</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    for ri in range(h, len(rows)):
        cls = []
        if ri in totals:
            cls.append("total")
        if ri in groups:
            cls.append("group")
        if ri in gaps:
            cls.append("gap")
        if t.get("break_before") == ri:
            cls.append("break")
        out.append("<tr%s>" % (' class="%s"' % " ".join(cls) if cls else ""))
        for j in range(ncol):
            if (ri, j) in covered:
                continue
            c = rows[ri][j]
            attrs = ""
            if (ri, j) in spans:
                attrs = ' colspan="%d" class="span"' % spans[(ri, j)]
            elif numcols[j]:
                attrs = ' class="num"'
            tag = "th" if (web and j == 0 and ri in totals) else "td"
            if tag == "th":
                attrs += ' scope="row"'
            out.append("<%s%s>%s</%s>" % (tag, attrs, fmt(c), tag))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def render_blocks(doc, web=False):
    out = []
    divider_open = False
    for b in doc["blocks"]:
        t = b["type"]
        if divider_open and t not in ("slogan", "logo"):
            out.append("</section>")
            divider_open = False
        if t == "cover":
            if web:
                continue
            out.append('<section class="cover"><div class="cover-band"></div>'
                       '<div class="cover-title"><p class="year">%s</p><p class="org">%s</p><p class="tag">%s</p></div>'
                       '<div class="cover-art"><span></span><span></span><span></span></div></section>'
                       % (b["title"], b["org"], b["tagline"]))
        elif t == "heading":
            text = b["text"]
            lvl = b["level"]
            cls = []
            if not web and text in PAGE_STARTS and text not in ("VOORWOORD",):
                cls.append("newpage")
            if text in CHAPTERS:
                if web:
                    out.append('<h2 class="chapter" id="%s">%s</h2>' % (_slug(text), html.escape(text)))
                else:
                    num, name = text.split(" ", 1)
                    out.append('<section class="divider"><p class="dnum">%s</p><h1>%s</h1>'
                               % (num.rstrip("."), html.escape(name)))
                    divider_open = True
                continue
            tag = {1: "h1", 2: "h2", 3: "h3", 4: "h4"}[lvl]
            if web:
                tag = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}[lvl]
            out.append('<%s%s id="%s">%s</%s>' % (tag, ' class="%s"' % " ".join(cls) if cls else "",
                                                  _slug(text), html.escape(text), tag))
            if b.get("chart"):
                out.append('<div class="chart" aria-hidden="true">' + "".join(
                    '<span style="height:%d%%"></span>' % hgt for hgt in (71, 60, 100, 20, 39, 20, 34, 10)) + "</div>")
        elif t == "para":
            out.append("<p>%s</p>" % b["html"])
        elif t == "footnote":
            out.append('<p class="footnote">%s</p>' % b["html"])
        elif t == "list":
            out.append('<ul class="sla">%s</ul>' % "".join("<li>%s</li>" % x for x in b["items"]))
        elif t == "quote":
            out.append('<figure class="quote"><blockquote>%s</blockquote><figcaption><strong>%s</strong><br>%s'
                       '</figcaption></figure>' % (b["html"], b["who"], html.escape(b["role"])))
        elif t == "slogan":
            out.append('<div class="slogan">%s</div>' % "".join("<span>%s</span>" % w for w in b["words"]))
        elif t == "logo":
            out.append('<p class="logo-mark">%s</p>' % b["text"])
        elif t == "toc":
            items = []
            for e in b["entries"]:
                text = e["text"].rstrip(". ").rstrip(".")
                items.append('<li class="%s"><span class="t">%s</span><span class="dots"></span><span class="p">%s</span></li>'
                             % ("main" if e["bold"] else "sub", html.escape(text), e["page"]))
            out.append('<ol class="toc">%s</ol>' % "".join(items))
        elif t == "table":
            out.append('<div class="tablewrap">' + render_table(b, nbsp=web and b["id"] == "t14", web=web) + "</div>")
        elif t == "backcover":
            if web:
                out.append('<address class="contact">%s</address>' % "<br>".join(b["lines"]))
            else:
                out.append('<section class="backcover"><div class="bc">%s</div></section>' % "<br>".join(b["lines"]))
    return "\n".join(out)


PRINT_CSS = r"""
@page {
  size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { content: "i-mens  \2022  Jaarverslag 2023"; font: 600 8pt "Liberation Sans", sans-serif; color: #0b5d6b; }
  @top-right { content: "thuis in zorg aan huis"; font: italic 8pt "Liberation Sans", sans-serif; color: #8a8f94; }
  @bottom-right { content: counter(page); font: 700 9pt "Liberation Sans", sans-serif; color: #ffffff;
                  background: #d6336c; width: 9mm; height: 6mm; text-align: center; vertical-align: middle; }
  @bottom-left { content: "i-mens vzw  |  www.i-mens.be"; font: 7.5pt "Liberation Sans", sans-serif; color: #8a8f94; }
}
@page cover { margin: 0; @top-left { content: none } @top-right { content: none } @bottom-right { content: none } @bottom-left { content: none } }
@page divider { margin: 0 0 20mm 0; @top-left { content: none } @top-right { content: none } @bottom-left { content: none } }
@page back { margin: 0; @top-left { content: none } @top-right { content: none } @bottom-right { content: none } @bottom-left { content: none } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 9.5pt/1.45 "Liberation Sans", "DejaVu Sans", sans-serif; color: #2a2f33; margin: 0; }
h1, h2, h3, h4 { font-family: "Liberation Sans", sans-serif; color: #0b5d6b; break-after: avoid; }
h1 { font-size: 22pt; margin: 0 0 6mm; color: #d6336c; }
h2 { font-size: 14pt; margin: 6mm 0 3mm; padding-bottom: 1.5mm; border-bottom: 1.2pt solid #d6336c; }
h3 { font-size: 11.5pt; margin: 5mm 0 2.5mm; }
h4 { font-size: 8.5pt; letter-spacing: .02em; margin: 5mm 0 2mm; color: #d6336c; }
.newpage { break-before: page; }
h2.newpage, h3.newpage, h4.newpage, h1.newpage { margin-top: 0; }
p { margin: 0 0 2.6mm; text-align: justify; hyphens: auto; }
.footnote { font-size: 7.5pt; color: #5d666d; margin: 1.2mm 0; text-align: left; }
.tablewrap { margin: 2mm 0 4mm; }
table.data { border-collapse: collapse; width: 100%; font-size: 8.6pt; }
table.data.wide { font-size: 7.4pt; }
table.data th { text-align: left; vertical-align: bottom; font-size: 7.4pt; font-weight: 700; color: #0b5d6b;
  padding: 1.6mm 2mm 1.2mm; border-bottom: 1pt solid #0b5d6b; }
table.data thead tr:first-child th { border-top: 0; }
table.data th.span { text-align: center; border-bottom: .6pt solid #0b5d6b; }
table.data th.num { text-align: right; }
table.data td { padding: 1.05mm 2mm; border-bottom: .4pt solid #dfe4e6; vertical-align: top; }
table.data td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data td.span { text-align: center; font-style: italic; }
table.data tr.total td { font-weight: 700; border-top: 1pt solid #0b5d6b; border-bottom: 1pt solid #0b5d6b; background: #eef5f6; }
table.data tr.group td { color: #0b5d6b; padding-top: 2mm; }
table.data tr.gap td { padding-top: 4mm; }
table.data tr { break-inside: avoid; }
table.data tr.break { break-before: page; }
table.data tbody tr:nth-child(even) td { background: #fafbfb; }
table.data tbody tr.total td { background: #eef5f6; }
.cover { page: cover; height: 297mm; position: relative; background: #0b5d6b; color: #fff; overflow: hidden; }
.cover-band { position: absolute; left: 0; right: 0; bottom: 0; height: 95mm; background: #d6336c; }
.cover-title { position: absolute; left: 20mm; top: 45mm; }
.cover .year { font-size: 36pt; font-weight: 700; letter-spacing: .04em; margin: 0; text-align: left; }
.cover .org { font-size: 64pt; font-weight: 700; margin: 10mm 0 0; text-align: left; }
.cover .tag { font-size: 18pt; font-style: italic; margin: 2mm 0 0; text-align: left; }
.cover-art span { position: absolute; border-radius: 50%; background: rgba(255,255,255,.13); }
.cover-art span:nth-child(1) { width: 120mm; height: 120mm; right: -30mm; top: 110mm; }
.cover-art span:nth-child(2) { width: 60mm; height: 60mm; right: 70mm; top: 170mm; background: rgba(255,255,255,.2); }
.cover-art span:nth-child(3) { width: 30mm; height: 30mm; left: 25mm; bottom: 30mm; background: rgba(255,255,255,.25); }
.divider { page: divider; break-before: page; break-after: page; height: 277mm; background: #0b5d6b; color: #fff;
  display: flex; flex-direction: column; justify-content: center; padding: 0 22mm; box-sizing: border-box; }
.divider .dnum { font-size: 120pt; font-weight: 700; color: #d6336c; margin: 0; line-height: 1; }
.divider h1 { color: #fff; font-size: 30pt; letter-spacing: .03em; margin: 4mm 0 0; }
.toc { list-style: none; padding: 0; margin: 4mm 0; }
.toc li { display: flex; align-items: baseline; margin: 1.4mm 0; }
.toc li.main { font-weight: 700; color: #0b5d6b; margin-top: 4mm; font-size: 11pt; }
.toc li.sub { padding-left: 8mm; }
.toc .dots { flex: 1; border-bottom: 1pt dotted #9aa3a8; margin: 0 2mm; }
.quote { margin: 8mm 0; padding: 6mm 8mm; background: #fbe9f0; border-left: 3mm solid #d6336c; }
.quote blockquote { margin: 0 0 3mm; font-size: 13pt; font-style: italic; color: #8c1d45; }
.quote figcaption { font-size: 9pt; color: #5d666d; }
.slogan { margin: 10mm 0; font-size: 34pt; font-weight: 700; color: #d6336c; line-height: 1.05; }
.divider .slogan { color: #ffffff; opacity: .85; margin: 14mm 0 0; }
.divider .logo-mark { color: #d6336c; text-align: left; font-size: 20pt; }
.slogan span { display: block; }
.logo-mark { font-size: 16pt; font-weight: 700; color: #0b5d6b; text-align: right; }
.chart { display: flex; align-items: flex-end; gap: 3mm; height: 28mm; margin: 2mm 0 5mm; padding: 0 2mm; border-bottom: .6pt solid #9aa3a8; }
.chart span { flex: 1; background: linear-gradient(#d6336c, #e86a95); }
ul.sla { padding-left: 5mm; margin: 0 0 3mm; }
ul.sla li { margin: 1mm 0; }
.backcover { page: back; break-before: page; height: 297mm; background: #0b5d6b; color: #fff; position: relative; }
.backcover .bc { position: absolute; left: 20mm; bottom: 30mm; font-size: 11pt; line-height: 1.6; }
"""

WEB_CSS = r"""
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #23292d; background: #f4f6f7; }
.site-header { background: #0b5d6b; color: #fff; }
.site-header .inner, main, .site-footer .inner { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
.site-header .inner { display: flex; align-items: center; justify-content: space-between; height: 72px; }
.brand { font-weight: 700; font-size: 26px; color: #fff; text-decoration: none; }
.brand span { color: #ff8db5; }
nav ul { list-style: none; display: flex; gap: 22px; margin: 0; padding: 0; }
nav a { color: #e5f1f3; text-decoration: none; font-size: 15px; }
.crumbs { font-size: 13px; color: #5d666d; margin: 18px 0 0; }
.crumbs a { color: #0b5d6b; }
main { background: #fff; padding-top: 8px; padding-bottom: 48px; }
.layout { display: grid; grid-template-columns: 230px 1fr; gap: 36px; }
aside.toc-side { position: sticky; top: 12px; align-self: start; font-size: 14px; border-right: 1px solid #e2e7e9; padding-right: 16px; }
aside.toc-side a { color: #0b5d6b; text-decoration: none; display: block; padding: 3px 0; }
h1.page-title { color: #d6336c; font-size: 38px; margin: 18px 0 8px; }
h2 { color: #d6336c; font-size: 28px; border-bottom: 3px solid #d6336c; padding-bottom: 4px; margin-top: 48px; }
h3 { color: #0b5d6b; font-size: 21px; margin-top: 34px; }
h4 { color: #0b5d6b; font-size: 17px; margin-top: 24px; }
h5 { color: #d6336c; font-size: 13px; letter-spacing: .03em; margin: 20px 0 6px; }
.tablewrap { overflow-x: auto; margin: 10px 0 20px; }
table.data { border-collapse: collapse; width: 100%; font-size: 14px; }
table.data.wide { font-size: 12px; }
table.data th { text-align: left; font-size: 12px; color: #0b5d6b; border-bottom: 2px solid #0b5d6b; padding: 8px 10px; vertical-align: bottom; }
table.data th.span { text-align: center; border-bottom: 1px solid #0b5d6b; }
table.data th.num, table.data td.num { text-align: right; white-space: nowrap; }
table.data td { padding: 6px 10px; border-bottom: 1px solid #e2e7e9; }
table.data tr.total td, table.data tr.total th { font-weight: 700; background: #eef5f6; border-top: 2px solid #0b5d6b; }
table.data tr.gap td { padding-top: 18px; }
.footnote { font-size: 13px; color: #5d666d; }
.quote { background: #fbe9f0; border-left: 6px solid #d6336c; margin: 24px 0; padding: 16px 22px; }
.quote blockquote { margin: 0 0 8px; font-size: 20px; font-style: italic; color: #8c1d45; }
.slogan { font-size: 40px; font-weight: 700; color: #d6336c; line-height: 1.05; }
.slogan span { display: block; }
.logo-mark { font-weight: 700; color: #0b5d6b; }
.chart { display: flex; align-items: flex-end; gap: 10px; height: 120px; border-bottom: 1px solid #9aa3a8; margin-bottom: 16px; }
.chart span { flex: 1; background: #e86a95; }
.toc { display: none; }
.site-footer { background: #23292d; color: #c9d1d5; font-size: 14px; padding: 28px 0; }
.site-footer a { color: #fff; }
address.contact { font-style: normal; margin-top: 40px; padding: 18px; background: #eef5f6; }
"""


def render_print_html(doc):
    return ("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\n"
            "<title>i-mens Jaarverslag 2023</title>\n<style>%s</style></head>\n<body>\n%s\n</body></html>\n"
            % (PRINT_CSS, render_blocks(doc, web=False)))


def render_web_html(doc):
    side = []
    for b in doc["blocks"]:
        if b["type"] == "heading" and (b["text"] in CHAPTERS or re.match(r"^\d+\.\d+\. ", b["text"])):
            side.append('<a href="#%s"%s>%s</a>' % (_slug(b["text"]), ' style="font-weight:700"' if b["text"] in CHAPTERS else "",
                                                   html.escape(b["text"])))
    body = render_blocks(doc, web=True)
    return """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jaarverslag 2023 | i-mens</title>
<meta name="description" content="Het jaarverslag 2023 van i-mens: cijfers over personeel, thuiszorg, kinderzorg, woonzorg en het Service Center.">
<style>%s</style>
</head>
<body>
<header class="site-header"><div class="inner">
<a class="brand" href="#">i<span>-</span>mens</a>
<nav aria-label="Hoofdmenu"><ul><li><a href="#">Zorg aan huis</a></li><li><a href="#">Kinderzorg</a></li><li><a href="#">Woonzorg</a></li><li><a href="#">Werken bij i-mens</a></li><li><a href="#">Over ons</a></li></ul></nav>
</div></header>
<main>
<p class="crumbs"><a href="#">Home</a> &rsaquo; <a href="#">Over ons</a> &rsaquo; Jaarverslag 2023</p>
<div class="layout">
<aside class="toc-side"><strong>Inhoud</strong>
%s
</aside>
<article>
<h1 class="page-title">Jaarverslag 2023</h1>
<p><strong>i-mens</strong> &ndash; thuis in zorg aan huis</p>
%s
</article>
</div>
</main>
<footer class="site-footer"><div class="inner">
<p>i-mens vzw &middot; Tramstraat 61, 9052 Zwijnaarde &middot; <a href="#">Privacy</a> &middot; <a href="#">Cookies</a> &middot; <a href="#">Toegankelijkheid</a></p>
</div></footer>
</body>
</html>
""" % (WEB_CSS, "\n".join(side), body)


# ------------------------------------------------------------------------------------------ findings
def _table_by(doc, title, first_row_prefix=None):
    for t in tables(doc):
        if t["title"] == title and (first_row_prefix is None or cell_text(t["rows"][0][0]).startswith(first_row_prefix)
                                    or any(cell_text(r[0]).startswith(first_row_prefix) for r in t["rows"])):
            return t
    raise KeyError(title)


def _cell(t, row_label, col):
    for r in t["rows"]:
        if cell_text(r[0]) == row_label:
            return cell_text(r[col])
    raise KeyError(row_label)


def _col_header(t, j):
    hdr = []
    for r in t["rows"][:t["header_rows"]]:
        c = cell_text(r[j])
        if c and c not in hdr:
            hdr.append(c)
    return hdr


def _value(text):
    p = parse_number(text)
    if p:
        return p[0], p[1]
    lc = leading_count(text)
    if lc is not None:
        return lc, 0
    return None


def findings(doc):
    out = []
    audit = []  # every check with its outcome (also the passing ones), for the README / review

    def record(f):
        audit.append(f)
        if f["status"] != "pass":
            out.append(f)

    for t in tables(doc):
        rows, h = t["rows"], t["header_rows"]
        # malformed numbers: a digit group of other than three digits after a thousands space
        for r in rows:
            for c in r:
                txt = cell_text(c)
                if re.match(r"^\d[\d ]*,\d+$", txt) and not parse_number(txt):
                    record({"kind": "malformed_number", "status": "fail", "table_title": t["title"],
                            "row": [cell_text(r[0])], "column": _col_header(t, r.index(c)), "stated": None,
                            "computed": None, "raw": txt,
                            "note": "cell '%s' has a two-digit thousands group; cannot be read as a number" % txt})
        # TOTAAL rows: every numeric column sums the rows above (after the header rows)
        for tr in t.get("total_rows", []):
            for j in range(1, len(rows[0])):
                total = _value(cell_text(rows[tr][j]))
                if total is None:
                    continue
                items = [_value(cell_text(r[j])) for r in rows[h:tr]]
                items = [x for x in items if x is not None]
                if not items:
                    continue
                status, computed = check_sum(items, total)
                record({"kind": "row_total", "status": status, "table_title": t["title"], "row": ["TOTAAL"],
                        "column": _col_header(t, j), "stated": dec_str(total[0]), "computed": dec_str(computed),
                        "note": "%s: sum of %d rows above TOTAAL" % (", ".join(_col_header(t, j)), len(items))})
        # TOTAAL columns: the numeric columns between the label column and TOTAAL
        if h:
            for j in range(1, len(rows[0])):
                if cell_text(rows[0][j]) != "TOTAAL" or j < 2:
                    continue
                for ri in range(h, len(rows)):
                    total = _value(cell_text(rows[ri][j]))
                    items = [_value(cell_text(rows[ri][k])) for k in range(1, j)]
                    if total is None or any(x is None for x in items):
                        continue
                    status, computed = check_sum(items, total)
                    record({"kind": "column_total", "status": status, "table_title": t["title"],
                            "row": [cell_text(rows[ri][0])], "column": ["TOTAAL"], "stated": dec_str(total[0]),
                            "computed": dec_str(computed), "note": "row '%s': sum of %d columns" % (cell_text(rows[ri][0]), j - 1)})

    # percentages that are shares of one whole
    forfait = _table_by(doc, "% PATIËNTEN PER FORFAITCATEGORIE")
    nieuwe = _table_by(doc, "5. SERVICE CENTER", "NIEUWE AANVRAGEN")
    for t, col in ((forfait, 1), (nieuwe, 2)):
        items = [parse_number(cell_text(r[col])) for r in t["rows"][t["header_rows"]:]]
        items = [(v, d) for v, d, _ in items]
        status, computed = check_sum(items, (__import__("decimal").Decimal(100), 0))
        hdr = _col_header(t, col) or [cell_text(t["rows"][0][0])]
        record({"kind": "percent_sum", "status": status, "table_title": t["title"], "row": [],
                "column": hdr, "stated": "100", "computed": dec_str(computed),
                "note": "shares of one whole should add up to 100 %%; the printed shares add up to %s %%" % dec_str(computed)})
    # shares of the new requests (count / total of the four counts)
    counts = [parse_number(cell_text(r[1])) for r in nieuwe["rows"][1:]]
    tot = iv_sum(*[iv(v, d) for v, d, _ in counts])
    for r, (v, d, _) in zip(nieuwe["rows"][1:], counts):
        pv, pd, _ = parse_number(cell_text(r[2]))
        res = check_ratio(iv(v, d), tot, (pv, pd))
        record({"kind": "ratio", "status": res[0], "table_title": nieuwe["title"], "row": [cell_text(r[0])],
                "column": [cell_text(nieuwe["rows"][0][0])], "stated": dec_str(pv), "computed": dec_str(res[1]),
                "note": "100 * %s / sum of the four request counts" % cell_text(r[1])})

    # averages per client: printed average vs hours / clients of the same table
    def avg(title, hours, clients, printed, label, minus=None):
        t = _table_by(doc, title)
        H = parse_number(_cell_at(t, *hours))
        C = parse_number(_cell_at(t, *clients))
        P = parse_number(_cell_at(t, *printed))
        num, den = iv(H[0], H[1]), iv(C[0], C[1])
        expl = "%s / %s" % (_cell_at(t, *hours), _cell_at(t, *clients))
        if minus:
            H2 = parse_number(_cell_at(t, *minus[0]))
            C2 = parse_number(_cell_at(t, *minus[1]))
            num = iv_sum(num, iv(H2[0], H2[1]), signs=[1, -1])
            den = iv_sum(den, iv(C2[0], C2[1]), signs=[1, -1])
            expl = "(%s - %s) / (%s - %s)" % (_cell_at(t, *hours), _cell_at(t, *minus[0]), _cell_at(t, *clients),
                                              _cell_at(t, *minus[1]))
        res = check_ratio(num, den, (P[0], P[1]), factor=1)
        record({"kind": "ratio", "status": res[0], "table_title": title, "row": [label], "column": ["TOTAAL"],
                "stated": dec_str(P[0]), "computed": dec_str(res[1]), "note": "average per client = " + expl})

    g = "2.3. Gezinszorg"
    avg(g, ("Gezinszorg", 0), ("Gezinszorg", 1), ("Gezinszorg (EXCL. KRAAMZORG)", 0), "Gezinszorg (EXCL. KRAAMZORG)",
        minus=(("Kraamzorg", 0), ("Kraamzorg", 1)))
    avg(g, ("Kraamzorg", 0), ("Kraamzorg", 1), ("Kraamzorg", 2), "Kraamzorg")
    avg("2.4. Poetshulp", ("Aantal uren poetshulp", 0), ("Aantal klanten poetshulp", 0),
        ("Gemiddeld aantal gepresteerde uren poetshulp per klant", 0), "Gemiddeld aantal gepresteerde uren poetshulp per klant")
    avg("2.5. Poetshulp met dienstencheques", ("Aantal uren", 0), ("Aantal klanten", 0),
        ("Gemiddeld aantal gepresteerde uren dienstencheques per klant", 0), "Gemiddeld aantal gepresteerde uren dienstencheques per klant")
    avg("2.6. Klusjesdienst", ("Aantal uren klusjesdienst", 0), ("Aantal klanten klusjesdienst", 0),
        ("Gemiddeld aantal gepresteerde uren klusjesdienst per klant", 0), "Gemiddeld aantal gepresteerde uren klusjesdienst per klant")
    avg("2.7. Oppashulp", ("Professionele oppashulp", 0), ("Professionele oppashulp", 1), ("Professionele oppashulp", 2),
        "Professionele oppashulp")
    avg("2.7. Oppashulp", ("Vrijwillige oppashulp", 0), ("Vrijwillige oppashulp", 1), ("Vrijwillige oppashulp", 2),
        "Vrijwillige oppashulp")
    avg("3.3. Thuisoppas zieke kinderen", ("Aantal uren", 0), ("Aantal klanten", 0),
        ("Gemiddeld aantal gepresteerde uren per klant", 0), "Gemiddeld aantal gepresteerde uren per klant")

    # hours of oppashulp: 2.7 (professional + volunteer) against the figure in 2.1
    t27 = _table_by(doc, "2.7. Oppashulp")
    t21 = _table_by(doc, "2.1. Uren gepresteerd bij klanten")
    items = [parse_number(_cell_at(t27, "Professionele oppashulp", 0))[:2],
             parse_number(_cell_at(t27, "Vrijwillige oppashulp", 0))[:2]]
    total = parse_number(_cell(t21, "Oppashulp", 1))[:2]
    status, computed = check_sum(items, total)
    record({"kind": "cross_table", "status": status, "table_title": t21["title"], "row": ["Oppashulp"],
            "column": ["AANTAL UREN GEPRESTEERD BIJ KLANTEN"], "stated": dec_str(total[0]), "computed": dec_str(computed),
            "note": "2.7. Oppashulp: professionele 56 030 + vrijwillige 523 636 uren vs 579 665,35 in 2.1"})
    return out, audit


def _cell_at(t, label, k):
    """k-th occurrence (0-based) of a row labelled `label`, value column."""
    hits = [r for r in t["rows"] if cell_text(r[0]) == label]
    if k < len(hits):
        return cell_text(hits[k][-1])
    raise KeyError((t["title"], label, k))
