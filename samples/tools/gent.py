"""Seed 003 (Stad Gent / OCMW Gent, Jaarrekening 2024, beleidsdoelstellingen/actieplannen/acties):
parse into a tree of items with their two tables, render the city-style PDF, compute roll-up and ratio findings."""
import html
import os
import re
from decimal import Decimal

from samplelib import (SAMPLES, SRC, read_seed, write_json, read_json, norm, parse_number, check_ratio, check_sum, iv,
                       iv_sum, dec_str)

E = html.escape
SOURCE_PDF = "gent-jaarrekening-2024.pdf"
DATA = "gent-jaarrekening-2024.json"
BUD_HEAD = ["Budgettaire onderbouwing", "", "Budget 2024", "Jaarrekening 2024", "% Besteding budget 2024",
            "Jaarrekening 2023", "Jaarrekening 2024 t.o.v. 2023"]
VTE_HEAD = ["Onderbouwing personeel", "", "Plan 2024", "Betaald 2024", "% Besteding plan 2024", "Betaald 2023",
            "Betaald 2024 t.o.v. 2023"]
CODE = re.compile(r"^(SD|OD|PO|AC[A-Z]?|PR[A-Z]?)(\d+)$")
CODE_DASH = re.compile(r"^((?:AC|PR)[A-Z]?\d+) - (.*)$")


def _clean(s):
    return norm(re.sub(r"</?b>", "", s))


def _cells(line):
    return [_clean(c) for c in line.split("\t")]


def _level(code):
    if code is None:
        return 3
    p = re.match(r"^[A-Z]+", code).group(0)
    return {"SD": 1, "OD": 2, "PO": 2}.get(p, 3)


def parse(seed):
    lines = seed.split("\n")
    items = []
    cur = None
    pending_acties = False
    i, n = 0, len(lines)
    # skip the title page and the table of contents (kept separately)
    toc = []
    while not lines[i].startswith("## Overzicht"):
        if "\t" in lines[i] and re.match(r"^(<b>)?(SD|OD|PO)\d", lines[i]):
            a, b = lines[i].split("\t")[:2]
            toc.append({"text": _clean(a), "page": _clean(b), "bold": a.startswith("<b>")})
        i += 1
    i += 1

    def new_item(code, title, meta, kind=None):
        nonlocal cur
        cur = {"code": code, "title": title, "level": _level(code), "meta": meta, "text": [], "budget": None, "vte": None}
        if kind:
            cur["kind"] = kind
        items.append(cur)

    while i < n:
        raw = lines[i]
        s = raw.strip()
        i += 1
        if not s:
            continue
        c = _cells(raw)
        ne = [x for x in c if x]
        m = re.match(r"^#+\s*Beleidsdoelstelling (SD\d+)$", s)
        if m:
            j = i
            while not lines[j].strip():
                j += 1
            new_item(m.group(1), _clean(lines[j]), [])
            i = j + 1
            pending_acties = False
            continue
        if re.match(r"^#*\s*(Actieplan)$", s) or ne == ["Actieplan"]:
            continue
        if ne and ne[0] in ("Acties", "#### Acties", "## Acties") or re.match(r"^#+\s*Acties$", s):
            pending_acties = True
            continue
        if re.match(r"^-{2,}(\t-*)*$", s.replace("|", "\t")) or re.match(r"^[-|]+$", s):
            continue
        if ne and CODE.match(ne[0]):  # "OD10039<TAB>title<TAB>2020 - 2027<TAB>Groep Gent"
            new_item(ne[0], ne[1], ne[2:])
            pending_acties = False
            continue
        if ne and CODE_DASH.match(ne[0]):  # "AC34819 - title<TAB>...<TAB>Dienst ..."
            m = CODE_DASH.match(ne[0])
            new_item(m.group(1), m.group(2), ne[1:])
            pending_acties = False
            continue
        if ne and ne[0].startswith("Budgettaire onderbou"):
            head = _norm_head(ne)
            rows = []
            while i < n and lines[i].strip() and not lines[i].startswith("Onderbouw"):
                rows.append(_cells(lines[i]))
                i += 1
            if pending_acties:
                # an "Acties" line directly followed by a budget table: the action heading was lost
                new_item(None, "Acties", [], kind="codeless")
                pending_acties = False
            assert cur["budget"] is None, ("second budget table", cur["code"], i)
            cur["budget"] = [_norm_budget_row(r) for r in rows]
            cur["budget_head"] = head
            continue
        if ne and re.match(r"^Onderbouw\w* personeel$", ne[0]):
            cur["vte_head"] = _norm_head(ne)
            j = i
            while not lines[j].strip():
                j += 1
            vals = [x for x in _cells(lines[j]) if x]
            assert vals[0] == "VTE", lines[j]
            cur["vte"] = ["VTE", ""] + vals[1:]
            i = j + 1
            continue
        if pending_acties and cur is not None and cur["budget"] is not None:
            # text after a lost heading but before its budget table
            new_item(None, "Acties", [], kind="codeless")
            pending_acties = False
        cur["text"].append(re.sub(r"^#+\s*", "", s).replace("\t", " "))
    for it in items:
        assert it["budget"] is not None and len(it["budget"]) == 6, (it["code"], it["budget"])
        assert it["vte"] is not None and len(it["vte"]) == 7, (it["code"], it["vte"])
    return {"source_seed": "003_389065707a3be2af.txt", "toc": toc, "items": items}


def _norm_head(ne):
    assert len(ne) == 6, ne
    return [ne[0], ""] + ne[1:]


def _norm_budget_row(r):
    vals = [x for x in r if x]
    labels = [x for x in vals if not re.match(r"^-?[\d.]+(,\d+)?%?$", x)]
    nums = vals[len(labels):]
    assert len(nums) == 5, r
    if len(labels) == 2:
        return labels + nums
    return [""] + labels + nums


# ------------------------------------------------------------------------------------------ tables
def heading_line(it):
    if it["code"] is None:
        return "Acties"
    return "%s - %s" % (it["code"], it["title"])


def tables(doc):
    """Every budget and staff table, in document order, titled by its item's heading line."""
    out = []
    for k, it in enumerate(doc["items"]):
        title = heading_line(it)
        out.append({"title": title, "header_rows": 1, "rows": [it["budget_head"]] + it["budget"], "item": k,
                    "anchor": it["code"] or "Acties"})
        out.append({"title": title, "header_rows": 1, "rows": [it["vte_head"], it["vte"]], "item": k,
                    "anchor": it["code"] or "Acties"})
    return out


# ------------------------------------------------------------------------------------------ findings
AMOUNT_COLS = [(2, "Budget 2024"), (3, "Jaarrekening 2024"), (5, "Jaarrekening 2023")]
VTE_COLS = [(2, "Plan 2024"), (3, "Betaald 2024"), (5, "Betaald 2023")]


def _num(s):
    p = parse_number(s, style="dot")
    assert p, s
    return p


def _parents(doc):
    """children per item index: SD -> OD/PO, OD/PO -> actions (incl. codeless ones and projects)."""
    kids = {}
    stack = {}
    for k, it in enumerate(doc["items"]):
        lvl = it["level"]
        stack[lvl] = k
        for deeper in [x for x in stack if x > lvl]:
            del stack[deeper]
        if lvl > 1:
            kids.setdefault(stack[lvl - 1], []).append(k)
    return kids


def rowlabel(budget, r):
    lab = budget[r][0] or budget[r - 1][0]
    return [lab, budget[r][1]]


def findings(doc):
    items = doc["items"]
    out = []
    kids = _parents(doc)
    for p, ch in kids.items():
        parent = items[p]
        names = ", ".join(items[c]["code"] or "codeless 'Acties' table (after %s)" % _prev_code(items, c) for c in ch)
        codeless = [c for c in ch if items[c]["code"] is None]
        # budget rows
        for r in range(6):
            for col, cname in AMOUNT_COLS:
                stated = _num(parent["budget"][r][col])
                vals = [_num(items[c]["budget"][r][col]) for c in ch]
                status, computed = check_sum([(v, d) for v, d, _ in vals], stated[:2])
                if status != "pass":
                    f = _rollup(parent, rowlabel(parent["budget"], r), cname, stated[0], computed, names,
                                codeless, items, r, col, ch)
                    f["status"] = status
                    out.append(f)
        for col, cname in VTE_COLS:
            stated = _num(parent["vte"][col])
            vals = [_num(items[c]["vte"][col]) for c in ch]
            lo = sum(iv(v, d)[0] for v, d, _ in vals)
            hi = sum(iv(v, d)[2] for v, d, _ in vals)
            computed = sum((v for v, _, _ in vals), Decimal(0))
            if computed != stated[0]:
                slo, _, shi = iv(stated[0], stated[1])
                status = "pass_within_rounding" if (lo <= shi and slo <= hi) else "fail"
                f = _rollup(parent, ["VTE"], cname, stated[0], computed, names, codeless, items, None, col, ch)
                f["status"] = status
                out.append(f)
    # ratios in every table
    for it in items:
        title = heading_line(it)
        for r in range(6):
            out.extend(_ratios(title, rowlabel(it["budget"], r), it["budget"][r], ("Budget 2024", "Jaarrekening 2024",
                                                                               "% Besteding budget 2024", "Jaarrekening 2023",
                                                                               "Jaarrekening 2024 t.o.v. 2023"), it))
        out.extend(_ratios(title, ["VTE"], it["vte"], ("Plan 2024", "Betaald 2024", "% Besteding plan 2024", "Betaald 2023",
                                                       "Betaald 2024 t.o.v. 2023"), it))
    return out


def _prev_code(items, c):
    for k in range(c - 1, -1, -1):
        if items[k]["code"]:
            return items[k]["code"]
    return "?"


def _rollup(parent, row, cname, stated, computed, names, codeless, items, r, col, ch):
    note = "%s %s: sum over %s" % (parent["code"], cname, names)
    if codeless:
        cl = []
        for c in codeless:
            v = items[c]["budget"][r][col] if r is not None else items[c]["vte"][col]
            cl.append("%s (after %s)" % (v, _prev_code(items, c)))
        note += "; includes codeless 'Acties' tables %s" % ", ".join(cl)
    return {"kind": "rollup", "status": "fail", "table_title": heading_line(parent), "row": row, "column": [cname],
            "stated": dec_str(stated), "computed": dec_str(computed), "note": note}


def _ratios(title, row, cells, cols, it):
    out = []
    a = _num(cells[3])  # Jaarrekening 2024 / Betaald 2024
    b = _num(cells[2])  # Budget / Plan 2024
    c = _num(cells[5])  # Jaarrekening 2023 / Betaald 2023
    for (num, den, pc, cname, what) in ((a, b, cells[4], cols[2], "%s / %s" % (cols[1], cols[0])),
                                         (a, c, cells[6], cols[4], "%s / %s" % (cols[1], cols[3]))):
        p = _num(pc)
        if den[0] == 0:
            continue
        res = check_ratio(iv(num[0], num[1]), iv(den[0], den[1]), (p[0], p[1]))
        if res and res[0] != "pass":
            out.append({"kind": "ratio", "status": res[0], "table_title": title, "row": row, "column": [cname],
                        "stated": dec_str(p[0]), "computed": dec_str(res[1]),
                        "note": "%s: 100 * %s = 100 * %s / %s" % (it["code"] or "codeless 'Acties'", what,
                                                                  cells[3], cells[2] if den is b else cells[5])})
    return out


# ------------------------------------------------------------------------------------------ rendering
CSS = r"""
@page {
  size: A4; margin: 20mm 16mm 18mm 16mm;
  @bottom-left { content: "JAARREKENING 2024"; font: 700 7.5pt "Liberation Sans", sans-serif; color: #00587a; }
  @bottom-right { content: counter(page) " | Gent, stad van kansen"; font: 7.5pt "Liberation Sans", sans-serif; color: #00587a; }
  @top-right { content: "Overzicht van alle beleidsdoelstellingen, met de bijbehorende actieplannen en acties";
               font: italic 7pt "Liberation Sans", sans-serif; color: #7c8a93; }
}
@page cover { margin: 0; @bottom-left { content: none } @bottom-right { content: none } @top-right { content: none } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 8.6pt/1.4 "Liberation Sans", "DejaVu Sans", sans-serif; color: #1d2b33; margin: 0; }
.cover { page: cover; height: 297mm; background: #00587a; color: #fff; position: relative; overflow: hidden; }
.cover .band { position: absolute; left: 0; top: 0; width: 28mm; height: 297mm; background: #f6c342; }
.cover .t1 { position: absolute; left: 42mm; top: 60mm; font-size: 30pt; font-weight: 700; margin: 0; }
.cover .t2 { position: absolute; left: 42mm; top: 82mm; right: 20mm; font-size: 15pt; font-weight: 700; line-height: 1.3; margin: 0; }
.cover .t3 { position: absolute; left: 42mm; top: 120mm; font-size: 12pt; margin: 0; }
.cover .t4 { position: absolute; left: 42mm; top: 128mm; font-size: 12pt; margin: 0; opacity: .85; }
.cover .addr { position: absolute; left: 42mm; bottom: 22mm; font-size: 8.5pt; line-height: 1.7; }
.cover .logo { position: absolute; right: 20mm; bottom: 20mm; font-size: 26pt; font-weight: 700; letter-spacing: .05em; }
h1.doc { font-size: 15pt; color: #00587a; margin: 0 0 5mm; }
table.toc { width: 100%; border-collapse: collapse; font-size: 8.4pt; }
table.toc th { text-align: left; border-bottom: 1pt solid #00587a; color: #00587a; padding: 1.2mm 1mm; }
table.toc td { padding: 1mm; border-bottom: .3pt solid #d5dde2; vertical-align: top; }
table.toc td.p, table.toc th.p { text-align: right; width: 14mm; }
table.toc tr.tsd td { font-weight: 700; padding-top: 3mm; color: #00587a; }
.sd { break-before: page; background: #00587a; color: #fff; padding: 5mm 6mm; margin: 0 0 4mm; }
.sd .lbl { font-size: 8pt; text-transform: none; letter-spacing: .06em; opacity: .85; margin: 0; }
.sd h2 { font-size: 15pt; margin: 1mm 0 0; }
.sd h2 .code { color: #f6c342; }
.plan { margin: 7mm 0 2.5mm; border-top: 2.2pt solid #00587a; }
.plan .lbl { display: inline-block; background: #00587a; color: #fff; font-size: 7.5pt; font-weight: 700; padding: .8mm 2.5mm; margin: 0; }
table.planhead { width: 100%; border-collapse: collapse; margin-top: 1.5mm; }
table.planhead td { padding: 1mm 1.5mm; vertical-align: top; font-size: 8.6pt; }
table.planhead td.code { font-weight: 700; color: #00587a; width: 18mm; }
table.planhead td.title { font-weight: 700; font-size: 10.5pt; color: #00587a; }
table.planhead td.meta { white-space: nowrap; color: #51626c; text-align: right; }
.act { margin: 6mm 0 2mm; border-top: .8pt solid #6fa9c0; break-after: avoid; }
.act .lbl { display: inline-block; background: #e3eff4; color: #00587a; font-size: 7pt; font-weight: 700; padding: .5mm 2mm; margin: 0; }
.act h4 { font-size: 9.3pt; color: #00587a; margin: 1.4mm 0 0; display: flex; gap: 4mm; }
.act h4 .ttl { flex: 1; }
.act h4 .meta { font-weight: 400; color: #51626c; font-size: 8pt; white-space: nowrap; }
p { margin: 0 0 2mm; text-align: justify; }
.desc { margin: 2mm 0 2.5mm; }
table.fin { width: 100%; border-collapse: collapse; margin: 2mm 0 1.5mm; font-size: 7.9pt; break-inside: avoid; }
table.fin th { font-size: 7.2pt; font-weight: 700; color: #00587a; text-align: right; padding: 1mm 1.4mm; border-bottom: .9pt solid #00587a; vertical-align: bottom; }
table.fin th.l { text-align: left; }
table.fin td { padding: .75mm 1.4mm; border-bottom: .3pt solid #dde5e9; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.fin td.l { text-align: left; color: #1d2b33; }
table.fin td.l1 { font-weight: 700; width: 22mm; }
table.fin td.l2 { width: 22mm; }
table.fin tr.first td { border-top: .3pt solid #9fb6c1; }
table.fin col.c { width: 17%; }
.pair { break-inside: avoid; }
"""


def _fin_table(head, rows, cls):
    out = ['<table class="fin %s"><thead><tr>' % cls]
    out.append('<th class="l" colspan="2">%s</th>' % E(head[0]))
    out.extend("<th>%s</th>" % E(h) for h in head[2:])
    out.append("</tr></thead><tbody>")
    for k, r in enumerate(rows):
        out.append('<tr%s><td class="l l1">%s</td><td class="l l2">%s</td>%s</tr>' % (
            ' class="first"' if r[0] else "", E(r[0]), E(r[1]), "".join("<td>%s</td>" % E(c) for c in r[2:])))
    out.append("</tbody></table>")
    return "".join(out)


def _desc(lines):
    out = []
    for t in lines:
        t = E(t)
        t = re.sub(r"&lt;(https?://[^&]+)&gt;", r"\1", t)
        t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
        out.append("<p>%s</p>" % t)
    return '<div class="desc">%s</div>' % "".join(out) if out else ""


def render_html(doc):
    out = ['<section class="cover"><div class="band"></div><p class="t1">JAARREKENING 2024</p>'
           '<p class="t2">OVERZICHT VAN ALLE BELEIDSDOELSTELLINGEN,<br>MET DE BIJHORENDE ACTIEPLANNEN EN ACTIES</p>'
           '<p class="t3">Jaarrekening 2024</p><p class="t4">Documentatie</p>'
           '<div class="addr">OCMW Gent - Onderbergen 86, 9000 Gent - BE 0212 214 125<br>'
           'Stad Gent - Botermarkt 1, 9000 Gent - BE 0207 451 227</div><div class="logo">GENT</div></section>']
    out.append('<h1 class="doc">Overzicht van alle beleidsdoelstellingen, met de bijbehorende actieplannen en acties</h1>')
    out.append('<table class="toc"><thead><tr><th>Inhoudstafel</th><th class="p">Pagina</th></tr></thead><tbody>')
    for e in doc["toc"]:
        out.append('<tr%s><td>%s</td><td class="p">%s</td></tr>' % (' class="tsd"' if e["bold"] else "", E(e["text"]), E(e["page"])))
    out.append("</tbody></table>")
    for it in doc["items"]:
        code = it["code"]
        if it["level"] == 1:
            out.append('<section class="sd"><p class="lbl">Beleidsdoelstelling</p><h2><span class="code">%s</span> - %s</h2></section>'
                       % (E(code), E(it["title"])))
        elif it["level"] == 2:
            meta = "".join('<td class="meta">%s</td>' % E(m) for m in it["meta"])
            out.append('<div class="plan"><p class="lbl">Actieplan</p><table class="planhead"><tr><td class="code">%s</td>'
                       '<td class="title">%s</td>%s</tr></table></div>' % (E(code), E(it["title"]), meta))
        elif code is None:
            out.append('<div class="act"><p class="lbl">Acties</p></div>')
        else:
            lbl = "Acties"
            out.append('<div class="act"><p class="lbl">%s</p><h4><span class="ttl">%s - %s</span>%s</h4></div>'
                       % (lbl, E(code), E(it["title"]), "".join('<span class="meta">%s</span>' % E(m) for m in it["meta"])))
        out.append(_desc(it["text"]))
        out.append('<div class="pair">%s%s</div>' % (_fin_table(it["budget_head"], it["budget"], "bud"),
                                                      _fin_table(it["vte_head"], [it["vte"]], "vte")))
    return ('<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>Jaarrekening 2024 - Overzicht van alle '
            'beleidsdoelstellingen</title>\n<style>%s</style></head><body>\n%s\n</body></html>\n' % (CSS, "\n".join(out)))


def build(print_pdf, pdf=True):
    path = os.path.join(SRC, DATA)
    write_json(path, parse(read_seed("003_")))
    doc = read_json(path)
    html_path = os.path.join(SRC, "gent-jaarrekening-2024.print.html")
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(render_html(doc))
    if pdf:
        print_pdf(html_path, os.path.join(SAMPLES, SOURCE_PDF))


def table_pages(pdf_texts):
    """Page of every budget and staff table, in order: the k-th 'Budgettaire onderbouw...' / 'Onderbouw... personeel'
    header printed in the PDF belongs to the k-th table (tables are never split: break-inside: avoid)."""
    bud, vte = [], []
    for p, t in enumerate(pdf_texts, start=1):
        for line in t.split("\n"):
            s = line.strip()
            if s.startswith("Budgettaire onderbou"):
                bud.append(p)
            elif re.match(r"^Onderbouw\w* personeel", s):
                vte.append(p)
    return bud, vte
