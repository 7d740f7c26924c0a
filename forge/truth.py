"""spec -> truth (SPEC.md "The truth file").

Every check's status is computed here from the PRINTED cell texts of the spec (so a planted figure
shows), with XBRL Calculations 1.1 interval arithmetic (samples/README.md): a figure printed with d
decimals at scale s stands for [v - s/2*10^-d, v + s/2*10^-d]; an empty marker ("", "-", "—",
"n.v.t.") stands for exactly 0.
"""
from __future__ import annotations

import re
from decimal import Decimal, Context, ROUND_HALF_UP, InvalidOperation, Inexact
from fractions import Fraction

EMPTY_MARKERS = {"", "-", "\u2014", "\u2013", "n.v.t.", "nvt"}
_NUM = re.compile(r"\d(?:[.\u00a0\u2009\u202f ]?\d)*(?:,\d+)?")


def dec_str(x: Fraction) -> str:
    d = Decimal(x.numerator) / Decimal(x.denominator)
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def round_half_up(x: Fraction, d: int) -> Fraction:
    q = x * (10 ** d)
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return Fraction(n if q >= 0 else -n, 10 ** d)


def round_half_even(x: Fraction, d: int) -> Fraction:
    q = x * (10 ** d)
    fl = q.numerator // q.denominator
    rest = q - fl
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and fl % 2 == 1):
        fl += 1
    return Fraction(fl, 10 ** d)


_CTX = Context(prec=80, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Inexact])
_PARSE_CACHE: dict = {}


def parse_figure(text):
    """printed text -> (value Decimal, decimals, exact) or None. exact: an empty marker (stands for 0)."""
    if text is None:
        return None
    got = _PARSE_CACHE.get(text)
    if got is not None or text in _PARSE_CACHE:
        return got
    t = " ".join(str(text).split())
    if t in EMPTY_MARKERS:
        res = (Decimal(0), 0, True)
    else:
        m = _NUM.search(t)
        if not m:
            res = None
        else:
            ip, _, fp = m.group(0).partition(",")
            digits = re.sub(r"[^0-9]", "", ip)
            v = Decimal((digits or "0") + ("." + fp if fp else ""))
            before, after = t[:m.start()], t[m.end():]
            neg = ("-" in before) or ("\u2212" in before) or ("(" in before and ")" in after)
            res = ((-v if neg else v), len(fp), False)
    if len(_PARSE_CACHE) > 200000:
        _PARSE_CACHE.clear()
    _PARSE_CACHE[text] = res
    return res


def interval(text, scale):
    """-> (value, low, high, decimals), all exact Decimals multiplied by scale."""
    p = parse_figure(text)
    if p is None:
        return None
    v, d, exact = p
    scale = Decimal(scale)
    h = Decimal(0) if exact else Decimal(5).scaleb(-d - 1)
    mul = _CTX.multiply
    return mul(v, scale), mul(_CTX.subtract(v, h), scale), mul(_CTX.add(v, h), scale), d


def _sum(items, text_of):
    tot, lo, hi = Decimal(0), Decimal(0), Decimal(0)
    add = _CTX.add
    for it in items:
        iv = interval(text_of(it["at"]), it.get("scale", "1"))
        if iv is None:
            return None
        v, a, b, _ = iv
        if it.get("sign", 1) > 0:
            tot, lo, hi = add(tot, v), add(lo, a), add(hi, b)
        else:
            tot, lo, hi = _CTX.subtract(tot, v), _CTX.subtract(lo, b), _CTX.subtract(hi, a)
    return tot, lo, hi


def _F(d):
    return Fraction(d)


def _shift(d: Decimal, scale) -> str:
    """d / scale as an exact decimal string (scales are powers of ten)."""
    k = len(str(scale)) - 1
    x = d.scaleb(-k) if k else d
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "", "0") else s


def evaluate(ch, text_of):
    """-> (status, stated, computed) with stated/computed exact decimal strings (or None)."""
    kind = ch["kind"]
    if kind == "spreadsheet_error":
        return "fail", None, None
    scale_t = Decimal(ch.get("scale", "1"))
    if ch.get("total_at") is None:
        c = Decimal(ch.get("stated_const", "100"))
        T, Tlo, Thi, dT = c, c, c, 0
    else:
        iv = interval(text_of(ch["total_at"]), scale_t)
        if iv is None:
            return "fail", None, None
        T, Tlo, Thi, dT = iv
    stated = _shift(T, ch.get("scale", "1"))
    if kind == "ratio":
        n = _sum(ch["items"], text_of)
        d = _sum(ch["den"], text_of) if ch.get("den") else (Decimal(1), Decimal(1), Decimal(1))
        if n is None or d is None or d[0] == 0:
            return "fail", stated, None
        f = Fraction(ch.get("factor", "1"))
        st = _F(scale_t)
        q = f * _F(n[0]) / _F(d[0]) / st
        comp = round_half_up(q, dT)
        Tf = _F(T)
        if comp * st == Tf or round_half_even(q, dT) * st == Tf:
            return "pass", stated, dec_str(comp)
        if d[1] <= 0 <= d[2]:
            ok = True   # the denominator's interval holds 0: any quotient is possible
        else:
            qs = [f * _F(a) / _F(b) for a in (n[1], n[2]) for b in (d[1], d[2])]
            ok = min(qs) <= _F(Thi) and max(qs) >= _F(Tlo)
        return ("pass_within_rounding" if ok else "fail"), stated, dec_str(comp)
    if kind == "product":
        vals = []
        for it in ch["items"]:
            iv = interval(text_of(it["at"]), it.get("scale", "1"))
            if iv is None:
                return "fail", stated, None
            vals.append(iv)
        p, lo, hi = Decimal(1), Decimal(1), Decimal(1)
        mul = _CTX.multiply
        for v, a, b, _ in vals:
            cands = [mul(lo, a), mul(lo, b), mul(hi, a), mul(hi, b)]
            p, lo, hi = mul(p, v), min(cands), max(cands)
        computed = _shift(p, ch.get("scale", "1"))
        if p == T:
            return "pass", stated, computed
        return ("pass_within_rounding" if lo <= Thi and hi >= Tlo else "fail"), stated, computed
    s = _sum(ch["items"], text_of)
    if s is None:
        return "fail", stated, None
    tot, lo, hi = s
    computed = _shift(tot, ch.get("scale", "1"))
    if tot == T:
        return "pass", stated, computed
    return ("pass_within_rounding" if lo <= Thi and hi >= Tlo else "fail"), stated, computed


# ----------------------------------------------------------------------------------------------

def _walk(blocks):
    for b in blocks:
        if b.get("type") == "group":
            yield from _walk(b["items"])
        else:
            yield b


def table_rows(b):
    rows = []
    for h in b.get("header") or []:
        r = []
        for cell in h:
            r += [cell["text"]] * int(cell.get("span", 1))
        rows.append(r)
    for r in b["rows"]:
        rows.append(list(r["cells"]))
    return rows


def _text_getter(spec):
    tables, kfs = {}, {}
    for b in _walk(spec["blocks"]):
        if b.get("type") == "table":
            tables[b["id"]] = table_rows(b)
        elif b.get("type") == "key_figures":
            kfs[b.get("id")] = b

    def text_of(at):
        ref, r, c = at
        if ref in tables:
            return tables[ref][r][c]
        return kfs[ref]["items"][r]["value"]
    return text_of, tables, kfs


def evaluate_all(spec) -> dict:
    """check id -> status (used by model.py to plant errors that really break checks)."""
    text_of, _, _ = _text_getter(spec)
    return {ch["id"]: evaluate(ch, text_of)[0] for ch in spec.get("_checks", [])}


def build_truth(spec: dict) -> dict:
    text_of, tables, kfs = _text_getter(spec)
    ext = ".html" if spec["producer"] == "web" else ".pdf"
    out_tables, titles, blocks_by_id = [], {}, {}
    last_heading = None
    key_figures = []
    for b in _walk(spec["blocks"]):
        if b["type"] == "heading":
            last_heading = b["text"]
        elif b["type"] == "table":
            title = b.get("title") or last_heading or ""
            titles[b["id"]] = title
            blocks_by_id[b["id"]] = b
            out_tables.append({"id": b["id"], "title": title, "pages": None, "header_rows": len(b.get("header") or []),
                               "rows": tables[b["id"]], "axes": b.get("axes", {})})
        elif b["type"] == "key_figures":
            for it in b["items"]:
                key_figures.append({"title": b.get("title") or last_heading or "", "label": it["label"], "value": it["value"]})
            titles[b.get("id")] = b.get("title") or last_heading or ""

    def row_path(at):
        ref, r, c = at
        if ref in kfs:
            return [kfs[ref]["items"][r]["label"]]
        b = blocks_by_id[ref]
        rows = tables[ref]
        roles = [col["role"] for col in b["columns"]]
        path = []
        for ci, role in enumerate(roles):
            if role in ("label", "code") and rows[r][ci]:
                path.append(rows[r][ci])
            elif role in ("label", "code") and ci == 0 and roles.count("label") > 1:
                # a group label spanning rows: the nearest one above
                for rr in range(r - 1, len(b.get("header") or []) - 1, -1):
                    if rows[rr][ci]:
                        path.append(rows[rr][ci])
                        break
        return path

    def col_path(at):
        ref, r, c = at
        if ref in kfs:
            return []
        b = blocks_by_id[ref]
        rows = tables[ref]
        path = []
        for h in range(len(b.get("header") or [])):
            txt = rows[h][c]
            if txt and (not path or path[-1] != txt):
                path.append(txt)
        return path

    planted_by_check, plant_op = {}, {}
    for p in spec.get("_planted", []):
        for cid in p.get("checks", []):
            planted_by_check[cid] = p["id"]
            plant_op[cid] = p["operation"]
    checks, findings = [], []
    for ch in spec.get("_checks", []):
        status, stated, computed = evaluate(ch, text_of)
        at = ch["total_at"] if ch.get("total_at") else ch["items"][0]["at"]
        tab = ch.get("table") or at[0]
        out = {"id": ch["id"], "kind": ch["kind"], "table": tab, "table_title": titles.get(tab, ""),
               "row": row_path(ch["total_at"]) if ch.get("total_at") else [],
               "column": col_path(at) if ch.get("total_at") or ch["kind"] == "percent_sum" else [],
               "stated": stated if ch["kind"] != "percent_sum" or ch.get("total_at") else "100",
               "computed": computed,
               "items": [{"table": it["at"][0], "row": row_path(it["at"]), "column": col_path(it["at"]),
                          "text": text_of(it["at"]), "sign": it.get("sign", 1), "at": it["at"],
                          "scale": it.get("scale", "1"), "decimals": it.get("decimals", 0)} for it in ch["items"]],
               "total_text": text_of(ch["total_at"]) if ch.get("total_at") else None,
               "total_at": ch.get("total_at"), "scale": ch.get("scale", "1"), "decimals": ch.get("decimals", 0),
               "status": status, "planted": planted_by_check.get(ch["id"]),
               "plant": plant_op.get(ch["id"], "none")}
        if ch.get("den") is not None:
            out["den"] = [{"table": it["at"][0], "row": row_path(it["at"]), "column": col_path(it["at"]),
                           "text": text_of(it["at"]), "sign": it.get("sign", 1), "at": it["at"],
                           "scale": it.get("scale", "1"), "decimals": it.get("decimals", 0)} for it in ch["den"]]
            out["factor"] = ch.get("factor", "1")
        if ch.get("stated_const") is not None:
            out["stated_const"] = ch["stated_const"]
        checks.append(out)
        if status in ("fail", "pass_within_rounding"):
            names = ", ".join(" ".join(i["row"] + i["column"]) or i["text"] for i in out["items"][:6])
            if ch["kind"] == "spreadsheet_error":
                note = f"spreadsheet error string {out['total_text']!r} printed in a cell"
            elif ch["kind"] == "ratio":
                note = f"{out['computed']} recomputed from {names}"
            else:
                note = f"items: {names}" + (" …" if len(out["items"]) > 6 else "")
            findings.append({"kind": ch["kind"], "status": status, "table_title": out["table_title"],
                             "row": out["row"], "column": out["column"], "stated": out["stated"],
                             "computed": computed, "note": note})
    return {
        "source": spec["id"] + ext, "producer": spec["producer"], "seed": spec["seed"], "id": spec["id"],
        "axes": dict(spec.get("axes", {})),
        "tables": out_tables,
        "key_figures": key_figures,
        "checks": checks,
        "findings": findings,
        "planted": [dict(p) for p in spec.get("_planted", [])],
    }
