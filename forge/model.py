"""seed -> document spec (see SPEC.md).

Every axis value is drawn independently; a few combinations that cannot be printed as drawn are
adjusted by `_compat` (documented in SPEC.md, "Extensions (model)") and the *realised* value is
what the spec and the truth record. All figures are exact (fractions.Fraction) and are formatted
from their exact values; relations between cells are passed to truth.py in the private
`_semantics` key of each table block.
"""
from __future__ import annotations

import random
import re
from fractions import Fraction
from decimal import Decimal

import furniture
import vocab as V
from truth import dec_str  # one exact decimal writer for spec and truth

PRODUCERS = ["chromium", "reportlab", "writer", "web"]
PRODUCER_WEIGHTS = {"chromium": 30, "reportlab": 25, "writer": 20, "web": 25}

DOC_AXES = {
    "page.orientation": ["portrait", "landscape"],
    "page.text_columns": ["1", "2"],
    "page.running": ["none", "header", "footer", "both"],
    "page.margin_text": ["no", "yes"],
}
TABLE_AXES = {
    "table.rules": ["grid", "horizontal", "booktabs", "header_underline", "zebra", "none"],
    "table.rule_weight": ["hairline", "thin", "normal"],
    "table.rule_color": ["black", "grey", "pale"],
    "table.backgrounds": ["no", "yes"],
    "table.placement": ["full", "beside_prose", "side_by_side", "stacked", "inline", "rotated", "two_sided"],
    "table.html": ["table", "div_grid", "dl"],
    "table.continued": ["no", "repeat_header", "no_header", "vervolg_title", "carried_subtotal"],
    "table.header_levels": ["0", "1", "2", "3"],
    "table.header_kind": ["plain", "years", "begroting_realisatie_verschil", "spanning_groups"],
    "table.unit": ["none", "title", "header"],
    "table.repeated_header_row": ["no", "yes"],
    "table.total_position": ["none", "bottom", "top", "first_column", "last_column"],
    "table.total_kind": ["none", "grand", "subtotals_and_grand", "waarvan", "group_columns", "baten_lasten_saldo"],
    "table.non_additive": ["none", "average", "ratio", "per_unit", "index", "share_of_total", "share_of_row",
                           "growth", "pct_realised", "overall_pct", "pct_to_100", "pct_not_100"],
    "table.labels": ["plain", "indented", "codes", "codes_cross_table", "group_span", "note_refs",
                     "year_in_label", "footnote_marks"],
    "table.number_format": ["dot_thousands", "space_thousands", "nbsp_thousands", "thin_thousands",
                            "narrow_nbsp_thousands", "no_thousands"],
    "table.scale": ["units", "k_eur", "mln"],
    "table.decimals": ["0", "1", "2"],
    "table.rounding": ["exact", "from_unrounded"],
    "table.empty_cells": ["none", "blank", "dash", "em_dash", "nvt"],
    "table.negatives": ["minus", "unicode_minus", "parentheses", "slash_dash"],
    "table.relation": ["sum", "product", "balance", "result", "two_sided", "keyfigure"],
    "table.noise": ["none", "section_numbers", "dates", "spreadsheet_errors"],
}
# axes added for issue #18 (layout classes of the real-nl table pages). They are drawn from random
# streams of their own, so the draws of the axes above (and every earlier batch) stay as they were.
#   page.furniture      numbered headings, a footnote block at the page foot or a chart: never a table
#   table.header_lines  multi: a shaded header whose cells wrap one word per line
#   table.figure_marks  a footnote number printed before a figure with a space ("23 1.929,5"),
#                       raised (superscript) or not (inline)
#   table.cut           where a continued table breaks: after some body rows, or right after its
#                       caption and header (those at the page foot, the body on the next page);
#                       none for a table that is not continued
EXTRA_DOC_AXES = {"page.furniture": ["none", "section_headings", "footnote_block", "chart"]}
EXTRA_TABLE_AXES = {
    "table.header_lines": ["1", "multi"],
    "table.figure_marks": ["none", "superscript", "inline"],
    "table.cut": ["none", "rows", "after_header"],
}
EXTRA_WEIGHTS = {"page.furniture": {"none": 2}, "table.header_lines": {"1": 2}, "table.figure_marks": {"none": 3},
                 "table.cut": {"rows": 1, "after_header": 1}}

# the share of tables with subtotals whose sections open with a heading printing the section total
HEADING_TOTAL_SHARE = 0.35

PLANT_OPS = ["one_digit", "transposition", "dropped_row", "sign_slip", "factor_1000",
             "wrong_subtotal_carried", "key_figure", "percent_sum"]
PLANT_SHARE = 0.38   # a few draws find no cell to plant in: about 35 % of documents end up planted

# values a renderer is assumed to realise when its module or an axis is missing
_COMMON = {
    "page.orientation": {"portrait", "landscape"},
    "page.text_columns": {"1"},
    "page.running": {"none", "header", "footer", "both"},
    "page.margin_text": {"no"},
    "table.rules": {"grid", "horizontal", "none"},
    "table.placement": {"full"},
    "table.continued": {"no", "repeat_header", "no_header", "vervolg_title", "carried_subtotal"},
    "table.html": {"table"},
    "page.furniture": {"none"},
    "table.header_lines": {"1"},
    "table.figure_marks": {"none"},
    "table.cut": {"none", "rows"},
}
_MODULES = {"reportlab": "render_reportlab", "writer": "render_writer",
            "chromium": "render_html", "web": "render_html"}
_CAP_CACHE: dict = {}


def capabilities(producer: str) -> dict:
    """axis -> set of values the producer's renderer can realise (all values when unknown)."""
    if producer in _CAP_CACHE:
        return _CAP_CACHE[producer]
    caps = None
    try:
        import importlib
        import os
        import sys
        here = os.path.dirname(os.path.abspath(__file__))
        if here not in sys.path:
            sys.path.insert(0, here)
        mod = importlib.import_module(_MODULES[producer])
        caps = getattr(mod, "CAPABILITIES", None)
        # a module rendering both web and chromium may key its capabilities by producer
        if isinstance(caps, dict) and producer in caps and isinstance(caps[producer], dict):
            caps = caps[producer]
        web_caps = getattr(mod, "CAPABILITIES_WEB", None) if producer == "web" else None
        if isinstance(web_caps, dict):
            caps = web_caps
    except Exception:
        caps = None
    out = {}
    for axis, values in list(DOC_AXES.items()) + list(TABLE_AXES.items()) + list(EXTRA_DOC_AXES.items()) \
            + list(EXTRA_TABLE_AXES.items()):
        if isinstance(caps, dict) and axis in caps:
            got = {str(v) for v in caps[axis]} & set(values)
            out[axis] = got or {values[0]}
        elif producer == "reportlab" or axis not in _COMMON:
            out[axis] = set(values)
        else:
            out[axis] = set(_COMMON[axis])
    if producer != "web":
        out["table.html"] = {"table"}
    else:
        # a web page has no pages: nothing continues, rotates or runs in a margin
        out["table.continued"] = {"no"}
        out["page.orientation"] = {"portrait"}
        out["page.running"] = {"none"}
        out["page.margin_text"] = {"no"}
        out["page.text_columns"] = out["page.text_columns"] & {"1", "2"} or {"1"}
        out["table.placement"] = out["table.placement"] - {"rotated"} or {"full"}
    _CAP_CACHE[producer] = out
    return out


# ----------------------------------------------------------------------------------------------
# number formatting (exact)

def round_half_up(x: Fraction, d: int) -> Fraction:
    q = x * (10 ** d)
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return Fraction(n if q >= 0 else -n, 10 ** d)


SEPS = {"dot_thousands": ".", "space_thousands": " ", "nbsp_thousands": "\u00a0",
        "thin_thousands": "\u2009", "narrow_nbsp_thousands": "\u202f", "no_thousands": ""}
SCALES = {"units": 1, "k_eur": 1000, "mln": 1000000}
EMPTY = {"none": None, "blank": "", "dash": "-", "em_dash": "\u2014", "nvt": "n.v.t."}


def fmt_number(value: Fraction, dec: int, scale: int = 1, sep: str = ".", neg: str = "minus",
               pct: str | None = None) -> str:
    value = Fraction(value)
    num, den = value.numerator * 10 ** dec, value.denominator * scale
    negative = num < 0
    n = (abs(num) * 2 + den) // (2 * den)          # half up, on the absolute value
    negative = negative and n != 0
    digits = str(n).rjust(dec + 1, "0")
    ip, fd = (digits[:-dec], digits[-dec:]) if dec else (digits, "")
    if sep and len(ip) > 3:
        head = len(ip) % 3 or 3
        ip = ip[:head] + "".join(sep + ip[i:i + 3] for i in range(head, len(ip), 3))
    digits = ip + ("," + fd if dec else "")
    if pct:
        digits += pct
    if negative:
        if neg == "minus":
            digits = "-" + digits
        elif neg == "unicode_minus":
            digits = "\u2212" + digits
        elif neg == "parentheses":
            digits = "(" + digits + ")"
        else:
            digits = "-/- " + digits
    return digits


# ----------------------------------------------------------------------------------------------
# internal table structures

class Row:
    def __init__(self, kind="item", label="", indent=0, bold=False):
        self.kind = kind
        self.labels = {"label": label}
        self.vals = {}
        self.indent = indent
        self.bold = bold or kind in ("total", "subtotal")
        self.sup = {}
        self.rel = None        # [(row, sign)] summed in every summable column
        self.relkind = None
        self.waarvan = False
        self.hidden = {}
        self.texts = None
        self.group = None
        self.drop_ok = kind == "item"
        self.sect = None


class Col:
    def __init__(self, kind, head, dec=0, scale=1, pct=None, measure="amount"):
        self.kind = kind           # base | coltotal | ratio | qty | price | amount | nonsum
        self.head = head           # header path top-down (len = header levels)
        self.dec = dec
        self.scale = scale
        self.pct = pct
        self.measure = measure
        self.members = []          # coltotal: [(col, sign)]
        self.checkkind = None
        self.ratio = None          # {"num": [(col, sign)], "den": [...], "factor": Fraction, "mode": str}

    @property
    def summable(self):
        return self.kind in ("base", "coltotal", "amount")


def _extra_table_axes(t, ax, header, rows, split):
    """The issue-#18 table axes as realised (own random stream); may rewrite `split` and mark
    figures in `rows` (a `pre` marker and its footnote). Returns (axes, split)."""
    rng = random.Random(f"extra|{t.ctx.seed}|{t.ctx.index}|{t.tid}")
    caps = t.ctx.caps
    lines = _extra_pick(rng, "table.header_lines", caps)
    if lines == "multi" and not any(" " in (c["text"] or "").strip() for hr in header for c in hr):
        lines = "1"                                   # no header cell of two words: nothing wraps
    marks = _extra_pick(rng, "table.figure_marks", caps)
    cut = _extra_pick(rng, "table.cut", caps, ["rows", "after_header"])
    if split is None:
        cut = "none"
    elif cut == "after_header" and (ax["table.continued"] == "carried_subtotal" or not (header or t.title)):
        cut = "rows"
    if cut == "after_header":
        split = {"after_row": -1, "repeat_header": False, "title_suffix": None}
    if marks != "none":
        num = [j for j, c in enumerate(t.vis_cols()) if c.kind not in ("label", "code")]
        cands = [(i, j) for i, r in enumerate(rows) if r["kind"] == "item" for j in num
                 if re.search(r"\d", r["cells"][j] or "") and str(j) not in (r.get("sup") or {})]
        first = rng.randrange(1, 40)
        chosen = sorted(rng.sample(cands, min(len(cands), rng.randrange(1, 3))))
        for k, (i, j) in enumerate(chosen):
            rows[i].setdefault("pre", {})[str(j)] = str(first + k)
            t.footnotes.append(f"{first + k} {_pick(rng, V.FOOTNOTES)}")
        if not chosen:
            marks = "none"
    return {"table.header_lines": lines, "table.figure_marks": marks, "table.cut": cut}, split


def _rng_for(seed, index, producer, salt=""):
    return random.Random(f"forge|{seed}|{index}|{producer}|{salt}")


class Ctx:
    def __init__(self, rng, seed, index, producer, year, org, orientation):
        self.rng = rng
        self.seed = seed
        self.index = index
        self.producer = producer
        self.year = year
        self.org = org
        self.orientation = orientation
        self.tcount = 0
        self.kcount = 0
        self.caps = capabilities(producer)
        self.tables = []           # built tables (dicts), in creation order
        self.key_links = []        # (table_id, row, col) whose total a key figure repeats
        self.cross = []            # cross-table relations
        self.texts_used = set()

    def new_tid(self):
        self.tcount += 1
        return f"t{self.tcount}"


def _pick(rng, seq):
    return seq[rng.randrange(len(seq))]


# relative draw weights (absent: 1). Every value keeps a positive weight, so every value stays
# drawable; the weights only even out what the compatibility rules and pairs skew: a two-sided
# placement prints two balance-sheet tables, continued tables and column totals survive only in
# full-width placements, and a key-figure link needs a keyfigure table.
AXIS_WEIGHTS = {
    "table.placement": {"full": 4, "beside_prose": 1, "side_by_side": 1, "stacked": 1, "inline": 1,
                        "rotated": 1, "two_sided": 0.5},
    "table.relation": {"sum": 1, "product": 1, "balance": 1, "result": 1, "two_sided": 0.35, "keyfigure": 1.3},
    "table.total_position": {"none": 1, "bottom": 1, "top": 1, "first_column": 5, "last_column": 5},
    "table.continued": {"no": 0.6},
    # the first operation of a plant, among those the document offers a cell for
    "plant": {"key_figure": 3, "percent_sum": 3},
}


def _wpick(rng, axis, allowed):
    w = AXIS_WEIGHTS.get(axis)
    if not w:
        return _pick(rng, allowed)
    tot = sum(w.get(v, 1) for v in allowed)
    x = rng.random() * tot
    for v in allowed:
        x -= w.get(v, 1)
        if x < 0:
            return v
    return allowed[-1]


def _extra_pick(rng, axis, caps, values=None):
    """One draw of an issue-#18 axis from its own stream, among the values the producer realises."""
    values = values or (EXTRA_DOC_AXES.get(axis) or EXTRA_TABLE_AXES[axis])
    allowed = [v for v in values if v in caps.get(axis, set(values))] or [values[0]]
    w = EXTRA_WEIGHTS.get(axis, {})
    x = rng.random() * sum(w.get(v, 1) for v in allowed)
    for v in allowed:
        x -= w.get(v, 1)
        if x < 0:
            return v
    return allowed[-1]


def draw_table_axes(ctx: Ctx, placement=None) -> dict:
    rng = ctx.rng
    ax = {}
    for axis, values in TABLE_AXES.items():
        allowed = [v for v in values if v in ctx.caps.get(axis, set(values))] or [values[0]]
        ax[axis] = _wpick(rng, axis, allowed)
    if placement:
        ax["table.placement"] = placement
    return ax


# ----------------------------------------------------------------------------------------------
# measures and magnitudes

_MAG = {"count": (5, 2500), "hours": (200, 450000), "fte": (1, 320), "amount": (500, 2500000),
        "pct": (1, 99)}


def _measure_for(rng, ax):
    scale = SCALES[ax["table.scale"]]
    dec = int(ax["table.decimals"])
    if scale != 1:
        return "amount"
    if dec == 0 and ax["table.rounding"] == "exact":
        return _pick(rng, ["count", "count", "hours", "amount"])
    return _pick(rng, ["fte", "hours", "amount"])


def _gen_value(rng, col, ax, lo_mult=1):
    lo, hi = _MAG[col.measure]
    if col.measure == "amount":
        lo, hi = {1: (500, 2500000), 1000: (20000, 250000000), 1000000: (500000, 900000000)}[col.scale]
    if getattr(col, "narrow", False) and col.measure in ("amount", "hours"):
        hi = max(lo * 20, hi // 10)       # half-width tables: figures of a readable width
    lo *= lo_mult
    unit = Fraction(col.scale, 10 ** col.dec)
    if ax["table.rounding"] == "from_unrounded":
        unit /= 100
    if col.measure == "count" and ax["table.rounding"] == "exact":
        unit = max(unit, Fraction(1))
    n_lo = max(1, int(Fraction(lo) / unit))
    n_hi = max(n_lo + 5, int(Fraction(hi) / unit))
    # log-uniform-ish magnitude so values differ in width
    span = n_hi - n_lo
    k = rng.random() ** 2.2
    return (n_lo + int(k * span)) * unit


def _unit_text(rng, ax, measure):
    sc = ax["table.scale"]
    if sc == "k_eur":
        return _pick(rng, ["x € 1.000", "in k€", "bedragen in duizend euro", "in duizenden euro"])
    if sc == "mln":
        return _pick(rng, ["in miljoen euro", "x € 1 mln", "in mln €", "bedragen in miljoen euro"])
    return {"amount": _pick(rng, ["in euro", "bedragen in €", "in EUR"]), "hours": "in uren",
            "fte": "in VTE", "count": _pick(rng, ["aantal", "in aantallen"])}[measure]


def _measure_words(rng, measure):
    return {"count": V.COUNT_MEASURES, "hours": V.HOUR_MEASURES, "fte": V.FTE_MEASURES,
            "amount": V.AMOUNT_MEASURES}[measure]


# ----------------------------------------------------------------------------------------------
# compatibility of drawn axes (every adjustment keeps the table printable; realised values recorded)

def _compat(ax: dict, ctx: Ctx, small: bool) -> dict:
    ax = dict(ax)
    pl = ax["table.placement"]
    if pl == "two_sided":
        ax["table.relation"] = "two_sided"
    if ax["table.relation"] == "two_sided" and pl in ("beside_prose",):
        ax["table.placement"] = "full"
    if ax["table.html"] == "dl":
        # <dl>: two columns, no header
        ax["table.header_levels"] = "0"
        ax["table.non_additive"] = "none"
        if ax["table.total_position"] in ("first_column", "last_column"):
            ax["table.total_position"] = "bottom"
        if ax["table.relation"] in ("product", "balance"):
            ax["table.relation"] = "sum"
        if ax["table.labels"] in ("codes", "codes_cross_table", "group_span", "note_refs"):
            ax["table.labels"] = "plain"
        if ax["table.total_kind"] in ("group_columns",):
            ax["table.total_kind"] = "grand"
        ax["table.header_kind"] = "plain"
        ax["table.repeated_header_row"] = "no"
        ax["table.unit"] = "title" if ax["table.unit"] == "header" else ax["table.unit"]
        if ax["table.relation"] == "two_sided" and ax["table.placement"] not in ("side_by_side", "stacked", "two_sided"):
            ax["table.placement"] = "side_by_side" if "side_by_side" in ctx.caps["table.placement"] else ax["table.placement"]
    if ax["table.placement"] == "inline":
        ax["table.header_levels"] = _pick(ctx.rng, ["0", "1"]) if ax["table.header_levels"] != "0" else "0"
        ax["table.continued"] = "no"
        ax["table.repeated_header_row"] = "no"
        ax["table.non_additive"] = "none"
        ax["table.labels"] = ax["table.labels"] if ax["table.labels"] in ("plain", "year_in_label", "footnote_marks", "note_refs") else "plain"
        if ax["table.relation"] in ("product", "balance"):
            ax["table.relation"] = "sum"
        if ax["table.total_position"] in ("first_column", "last_column"):
            ax["table.total_position"] = "bottom"
        ax["table.total_kind"] = {"sum": "grand", "keyfigure": "grand", "result": "baten_lasten_saldo",
                                  "two_sided": "grand"}[ax["table.relation"]]
        if ax["table.total_position"] == "none" and ax["table.relation"] in ("sum",):
            ax["table.total_kind"] = "none"
        if ax["table.relation"] != "sum" and ax["table.total_position"] == "none":
            ax["table.total_position"] = "bottom"
        if ax["table.relation"] == "result":
            ax["table.header_levels"] = "0"
        ax["table.header_kind"] = "plain" if ax["table.header_levels"] == "0" else _pick(ctx.rng, ["plain", "years"])
        ax["table.noise"] = "none" if ax["table.noise"] == "spreadsheet_errors" else ax["table.noise"]
    if ax["table.placement"] in ("side_by_side", "stacked", "beside_prose", "two_sided", "inline") or small:
        if ax["table.continued"] != "no":
            ax["table.continued"] = "no"
    if ax["table.placement"] == "rotated" and ax["table.continued"] != "no":
        ax["table.continued"] = "no"
    # totals: a position needs a kind and a kind needs a position
    if ax["table.total_position"] == "none" or ax["table.total_kind"] == "none":
        if ax["table.relation"] in ("sum",):
            ax["table.total_position"] = "none"
            ax["table.total_kind"] = "none"
        else:
            ax["table.total_position"] = ax["table.total_position"] if ax["table.total_position"] != "none" else "bottom"
            ax["table.total_kind"] = ax["table.total_kind"] if ax["table.total_kind"] != "none" else "grand"
    if ax["table.relation"] == "keyfigure" and ax["table.total_position"] in ("first_column", "last_column"):
        ax["table.total_position"] = "bottom"
    if ax["table.relation"] == "result":
        ax["table.total_kind"] = "baten_lasten_saldo"
    if ax["table.relation"] in ("product", "balance", "two_sided"):
        if ax["table.total_position"] in ("first_column", "last_column"):
            ax["table.total_position"] = "bottom"
        if ax["table.total_kind"] in ("group_columns", "baten_lasten_saldo"):
            ax["table.total_kind"] = "grand"
        if ax["table.relation"] == "two_sided" and ax["table.total_kind"] == "waarvan":
            ax["table.total_kind"] = "grand"
    if ax["table.continued"] == "carried_subtotal" and ax["table.total_position"] != "bottom":
        ax["table.total_position"] = "bottom"
        if ax["table.total_kind"] in ("none", "group_columns"):
            ax["table.total_kind"] = "grand"
    if ax["table.continued"] == "carried_subtotal" and ax["table.total_kind"] == "baten_lasten_saldo":
        ax["table.continued"] = "repeat_header"
    if ax["table.header_kind"] == "spanning_groups" and ax["table.header_levels"] in ("0", "1"):
        ax["table.header_levels"] = "2"
    if ax["table.continued"] == "repeat_header" and ax["table.header_levels"] == "0":
        ax["table.header_levels"] = "1"     # a repeated header needs a header row to repeat
    if ax["table.header_levels"] == "0":
        ax["table.header_kind"] = "plain"
        ax["table.repeated_header_row"] = "no"
        if ax["table.unit"] == "header":
            ax["table.unit"] = "title"
        if ax["table.non_additive"] != "none" or ax["table.total_position"] in ("first_column", "last_column"):
            ax["table.header_levels"] = "1"
    if ax["table.header_levels"] == "0" and ax["table.rules"] == "header_underline":
        ax["table.rules"] = "none"          # no header to underline
    if ax["table.scale"] != "units" and ax["table.unit"] == "none":
        ax["table.unit"] = "title"
    if ax["table.header_kind"] == "begroting_realisatie_verschil" and ax["table.total_position"] in ("first_column", "last_column"):
        # Verschil is already a computed column: a column total goes with plain or year columns
        ax["table.header_kind"] = _pick(ctx.rng, ["plain", "years"])
    if ax["table.total_kind"] == "group_columns" and ax["table.header_levels"] in ("0", "1"):
        ax["table.header_levels"] = "2"
    if ax["table.total_kind"] == "subtotals_and_grand" and ax["table.total_position"] in ("first_column", "last_column") \
            and ax["table.header_levels"] in ("0", "1"):
        ax["table.header_levels"] = "2"
    if ax["table.labels"] == "codes_cross_table" and (ax["table.relation"] not in ("sum", "keyfigure", "result")
                                                      or ax["table.placement"] == "inline"):
        ax["table.labels"] = "codes"
    if ax["table.relation"] == "balance" and ax["table.non_additive"] in ("share_of_total", "pct_to_100", "per_unit", "share_of_row"):
        ax["table.non_additive"] = "pct_not_100"
    if ax["table.relation"] == "two_sided" and ax["table.non_additive"] not in _FIT_TWO_SIDED:
        # a balance sheet has no per-client, average or satisfaction columns: a share of the total or none
        ax["table.non_additive"] = _pick(ctx.rng, ["share_of_total", "none"])
    if ax["table.total_kind"] == "baten_lasten_saldo" and ax["table.total_position"] in ("first_column", "last_column") \
            and _max_cols(ctx, ax, small) < 9:
        ax["table.total_position"] = "bottom"   # seven figure columns do not fit a half-width table
    if ax["table.relation"] == "product" and ax["table.scale"] == "mln":
        ax["table.scale"] = "k_eur"
    if ax["table.empty_cells"] != "none" and ax["table.relation"] == "two_sided" and ax["table.placement"] == "inline":
        ax["table.empty_cells"] = "none"
    return ax


# ----------------------------------------------------------------------------------------------
# labels

def _labels(rng, n, topic, year):
    pools = {
        "services": V.SERVICES, "staff": V.STAFF, "regions": V.REGIONS, "lasten": V.LASTEN,
        "baten": V.BATEN, "ages": V.AGE_BRACKETS, "months": V.MONTHS_CAP, "domains": V.BUDGET_DOMAINS,
        "activa": V.ACTIVA, "passiva": V.PASSIVA, "funds": V.FUNDS, "aims": V.POLICY_AIMS,
    }
    if topic in ("months", "ages") and n > len(pools[topic]):
        topic = "services"                # a fixed sequence too short for the rows: another topic
    pool = list(pools[topic])
    rng.shuffle(pool)
    if topic in ("months", "ages"):
        pool = list(pools[topic])
    # a word list that runs out continues with related lists before any label is made up
    for extra_topic in _RELATED_TOPICS.get(topic, ()):
        if len(pool) >= n:
            break
        more = [x for x in pools[extra_topic] if x not in pool]
        rng.shuffle(more)
        pool += more
    out = pool[:n]
    i = 0
    extra = list(V.REGIONS)
    while len(out) < n:
        base = pool[i % len(pool)]
        out.append(f"{base} - {extra[(i // len(pool)) % len(extra)]}")
        i += 1
    return out


_RELATED_TOPICS = {
    "services": ("domains", "aims", "regions"), "staff": ("services", "domains"), "regions": ("services", "domains"),
    "lasten": ("domains", "aims", "services"), "baten": ("domains", "aims", "services"),
    "domains": ("aims", "services", "lasten"), "aims": ("domains", "services", "lasten"),
    "funds": ("domains", "aims", "services"), "activa": ("funds", "domains"), "passiva": ("funds", "domains"),
    "ages": ("regions", "services"), "months": ("services", "regions"),
}


def _topic_for(rng, measure, relation):
    if measure == "amount":
        return _pick(rng, ["lasten", "baten", "services", "domains", "aims"])
    if measure == "fte":
        return _pick(rng, ["staff", "services"])
    if measure == "hours":
        return _pick(rng, ["services", "months", "staff"])
    return _pick(rng, ["services", "regions", "ages", "staff", "months"])


_CODE_STYLES = ["numeric", "letter", "od", "budget"]


def _codes(rng, style, nsec, per_sec, year):
    """(section codes, [item codes per section])"""
    secs, items = [], []
    if style == "numeric":
        pre = _pick(rng, ["", "", "1.", "2.", "3."])
        for s in range(nsec):
            secs.append(f"{pre}{s + 1}")
            items.append([f"{pre}{s + 1}.{i + 1}" for i in range(per_sec[s])])
    elif style == "letter":
        for s in range(nsec):
            L = "ABCDEFGH"[s]
            secs.append(L)
            items.append([f"{L}{i + 1}" for i in range(per_sec[s])])
    elif style == "od":
        base = rng.randrange(1, 40)
        for s in range(nsec):
            c = f"OD{base + s:02d}"
            secs.append(c)
            items.append([f"{c}.{i + 1}" for i in range(per_sec[s])])
    else:
        dom = rng.randrange(1, 9) * 100
        for s in range(nsec):
            c = f"0{dom + s * 10:03d}"
            secs.append(c)
            start = rng.randrange(60, 75) * 1000
            items.append([f"{c}/{start + i * 100 + rng.randrange(0, 9) * 10}" for i in range(per_sec[s])])
    return secs, items


# ----------------------------------------------------------------------------------------------
# table construction

class T:
    def __init__(self, ctx, ax, small):
        self.ctx = ctx
        self.ax = ax
        self.small = small
        self.tid = ctx.new_tid()
        self.cols: list[Col] = []
        self.rows: list[Row] = []
        self.title = None
        self.unit_note = None
        self.footnotes = []
        self.checks = []           # symbolic: dict(kind, total=(row, col)|None, items=[(row,col,sign)], ...)
        self.split = None
        self.style = {}
        self.override = {}         # (row, colidx) -> printed text
        self.spreadsheet = None    # (row, colidx, text)
        self.empty_marker = EMPTY[ax["table.empty_cells"]]
        self.sep = SEPS[ax["table.number_format"]]
        self.neg = ax["table.negatives"]
        self.hlevels = int(ax["table.header_levels"])
        self.label_head = ""
        self.unit_text = None
        self.partner = None
        self.heading = None
        self.planted = False

    def vis_cols(self):
        vc = getattr(self, "_vis", None)
        if vc is None or len(self._vis_src) != len(self.cols):
            self._vis_src = list(self.cols)
            self._vis = vc = [c for c in self.cols if not getattr(c, "hidden", False)]
        return vc


def _limits(ctx, ax, small):
    """(max printed rows, max number columns) for a table that must fit on one page."""
    pl = ax["table.placement"]
    land = ctx.orientation == "landscape" and ctx.producer != "web"
    if pl == "inline":
        rows, cols = 3, 2
    elif pl == "beside_prose":
        rows, cols = 8, 2
    elif pl in ("side_by_side", "two_sided") or small:
        rows, cols = 12, 2
    elif pl == "stacked":
        rows, cols = 11, (9 if land else 6)
    elif pl == "rotated":
        rows, cols = 16, 10
    elif land:
        rows, cols = 15, 10
    else:
        rows, cols = 24, 6
    if ax["table.html"] == "dl":
        cols = 1
    return rows, cols


_FIT_TWO_SIDED = ("none", "share_of_total")


def _max_cols(ctx, ax, small):
    """most printed columns (label, code and figure columns) a table of this placement can hold at a
    readable size: half a portrait text width holds a label and three figures."""
    pl = ax["table.placement"]
    land = ctx.orientation == "landscape" and ctx.producer != "web"
    if pl == "inline":
        return 3
    if pl == "beside_prose":
        return 4 if land else 3
    if pl in ("side_by_side", "two_sided") or small:
        return 7 if land else 4
    if pl == "rotated":
        return 12
    return 12 if land else 9


# axis changes that take columns away, in the order tried when a table is too wide for its placement
_NARROWING = [
    ("table.header_kind", ("years", "begroting_realisatie_verschil", "spanning_groups"), "plain"),
    ("table.non_additive", None, "none"),
    ("table.total_kind", ("group_columns", "subtotals_and_grand"), "grand"),
    ("table.header_levels", ("2", "3"), "1"),
    ("table.labels", ("group_span",), "plain"),
    ("table.total_position", ("first_column", "last_column"), "bottom"),
    ("table.relation", ("product", "balance"), "sum"),
    ("table.total_kind", ("waarvan",), "grand"),
]


def build_table(ctx: Ctx, ax: dict, small=False, force_rows=None, side=None, activa_table=None) -> T:
    """a table that fits its placement: when the drawn axes give more columns than the placement
    holds (_max_cols), the axes that add columns are narrowed (recorded as realised) and it is rebuilt."""
    cap = _max_cols(ctx, ax, small)
    tcount = ctx.tcount
    t = _build_table(ctx, ax, small, force_rows, side, activa_table, cap)
    if activa_table is not None:
        return t
    for axis, frm, to in _NARROWING:
        if len(t.vis_cols()) <= cap:
            break
        if ax[axis] == to or (frm is not None and ax[axis] not in frm):
            continue
        ax[axis] = to
        ax.update(_compat(ax, ctx, small))
        ctx.tcount = tcount
        t = _build_table(ctx, ax, small, force_rows, side, activa_table, cap)
    return t


def _build_table(ctx: Ctx, ax: dict, small, force_rows, side, activa_table, cap) -> T:
    rng = ctx.rng
    t = T(ctx, ax, small)
    t.narrow = cap <= 4
    t.side = side
    t.activa_table = activa_table
    if activa_table is not None:
        _clone_structure(t, activa_table)
        _build_rows(t, force_rows)
        return t
    max_rows, max_cols = _limits(ctx, ax, small)
    rel = ax["table.relation"]
    y = ctx.year
    dec = int(ax["table.decimals"])
    scale = SCALES[ax["table.scale"]]
    measure = _measure_for(rng, ax)
    if rel == "product":
        measure = "amount"
    if rel in ("two_sided", "result", "balance") and measure != "amount":
        measure = "amount"
    t.measure = measure
    t.unit_text = _unit_text(rng, ax, measure)
    hk = ax["table.header_kind"]
    hl = t.hlevels
    tp = ax["table.total_position"]
    tk = ax["table.total_kind"]
    colpos = tp in ("first_column", "last_column")
    continued = ax["table.continued"]
    na = ax["table.non_additive"]

    def mk(kind, head, measure_=None, dec_=None, scale_=None, pct=None):
        c = Col(kind, list(head), dec if dec_ is None else dec_, scale if scale_ is None else scale_, pct,
                measure_ or measure)
        return c

    # ---- leaf / parent structure of the number columns ---------------------------------------
    words = list(_measure_words(rng, measure))
    rng.shuffle(words)
    budget = max_cols - (1 if na != "none" else 0) - (1 if colpos else 0)
    if na == "per_unit":
        budget -= 1
    budget = max(1, budget)
    groups = []   # [(parent text or None, [leaf texts], leafkind)]
    if rel == "product":
        unit_word = _pick(rng, ["Aantal", "Volume", "Prestaties"])
        price_word = _pick(rng, ["Prijs per eenheid", "Tarief", "Eenheidsprijs"])
        groups = [(_pick(rng, [f"Realisatie {y}", f"Boekjaar {y}", "Prestaties"]) if hl >= 2 else None,
                   [unit_word, price_word, _pick(rng, ["Bedrag", "Totaal bedrag", "Opbrengst"])], "product")]
        if hk != "plain":
            ax["table.header_kind"] = hk = "plain" if hl < 2 else "spanning_groups"
    elif rel == "balance" and (continued != "no" or rng.random() < 0.5) and cap >= 5:
        groups = [(_pick(rng, [f"Boekjaar {y}", "Verloop", "Bedragen"]) if hl >= 2 else None,
                   [f"Saldo 1/1/{y}", "Toevoegingen", "Onttrekkingen", f"Saldo 31/12/{y}"], "balance_cols")]
        ax["table.header_kind"] = hk = "plain" if hl < 2 else "spanning_groups"
        t.balance_form = "cols"
    if rel == "two_sided":
        ax["table.header_kind"] = hk = "years" if hl >= 1 else "plain"
        leaves = [str(y), str(y - 1)][:max(1, min(2 if hl else 1, budget))]
        parent = _pick(rng, ["Boekjaar", "Toestand op 31/12", "Bedragen"]) if hl >= 2 else None
        groups = [(parent, leaves, "years")]
    if not groups:
        nleaf = 1
        if hk == "years":
            years = [str(y - k) for k in range(rng.randrange(2, 5) if budget >= 3 else 2)][::-1]
            leaves, leafkind = years, "years"
        elif hk == "begroting_realisatie_verschil":
            leaves, leafkind = [_pick(rng, ["Begroting", "Budget", "Raming"]), _pick(rng, ["Realisatie", "Rekening", "Werkelijk"]),
                                _pick(rng, ["Verschil", "Afwijking"])], "brv"
        elif hk == "spanning_groups":
            g = _pick(rng, V.GROUP_HEADERS)
            t.group_word = g
            leaves, leafkind = list(V.SUBGROUPS[g]), "sub"
        else:
            nleaf = 1 if budget < 2 else rng.randrange(1, min(3, budget) + 1)
            if rel == "two_sided":
                leaves = [str(y), str(y - 1)][:max(1, min(2, budget))]
            else:
                leaves = words[:nleaf]
            leafkind = "plain"
        if (colpos or tk == "group_columns") and len(leaves) < 2 and leafkind == "plain":
            leaves = words[:2] if rel != "two_sided" else [str(y), str(y - 1)]
        keep = max(1, budget if leafkind != "brv" else max(3, budget))
        leaves = leaves[-keep:] if leafkind == "years" else leaves[:keep]
        if leafkind == "brv" and budget < 3:
            leaves = leaves[:3]
        # parents
        if hl >= 2:
            npar = 1
            per = len(leaves) + (1 if tk == "group_columns" or (tk == "subtotals_and_grand" and colpos) else 0)
            if per * 2 <= budget and rng.random() < 0.6:
                npar = 2
            if leafkind == "years":
                parents = words[:npar] if npar == 2 else [_pick(rng, ["Realisatie", "Aantal", words[0]])]
            elif leafkind == "brv":
                parents = [_pick(rng, ["Exploitatie", str(y)])] if npar == 1 else ["Uitgaven", "Ontvangsten"]
            elif leafkind == "sub":
                g0 = getattr(t, "group_word", "Regio")
                parents = [g0] if npar == 1 else [g0, _pick(rng, [k for k in V.GROUP_HEADERS if k != g0])]
            else:
                parents = [_pick(rng, [f"Realisatie {y}", "Totaal organisatie", words[-1]])] if npar == 1 else \
                    _labels(rng, 2, "regions", y)
            for p in parents:
                lv = leaves if leafkind != "sub" or p == parents[0] else list(V.SUBGROUPS.get(p, leaves))[:len(leaves)]
                groups.append((p, list(lv), leafkind))
        else:
            groups.append((None, leaves, leafkind))
    t.leafkind = groups[0][2]

    # ---- columns ------------------------------------------------------------------------------
    top = None
    if hl == 3:
        top = t.unit_text if ax["table.unit"] == "header" and rng.random() < 0.5 else \
            _pick(rng, [f"Boekjaar {y}", "Exploitatie", ctx.org, f"Toestand {y}"])

    def head(parent, leaf):
        h = []
        if hl >= 3:
            h.append(top)
        if hl >= 2:
            h.append(parent if parent is not None else "")
        if hl >= 1:
            h.append(leaf)
        return h

    def single_head(text):
        # a header cell spanning all header rows: text in the first row, "" below
        if hl == 0:
            return []
        return [text] + [""] * (hl - 1) if hl < 3 else [top, text, ""]

    num = []      # number columns in order
    group_cols = []
    for gi, (parent, leaves, leafkind) in enumerate(groups):
        gcols = []
        for li, leaf in enumerate(leaves):
            if leafkind == "product":
                kind = ["qty", "price", "amount"][li]
                c = mk(kind, head(parent, leaf),
                       measure_={"qty": "count", "price": "amount", "amount": "amount"}[kind],
                       dec_={"qty": 0, "price": 2, "amount": dec}[kind],
                       scale_={"qty": 1, "price": 1, "amount": scale}[kind])
            elif leafkind == "brv" and li == 2:
                c = mk("coltotal", head(parent, leaf))
                c.members = [(gcols[1], 1), (gcols[0], -1)]
                c.checkkind = "result"
            elif leafkind == "balance_cols" and li == 3:
                c = mk("coltotal", head(parent, leaf))
                c.members = [(gcols[0], 1), (gcols[1], 1), (gcols[2], -1)]
                c.checkkind = "balance"
            else:
                c = mk("base", head(parent, leaf))
            gcols.append(c)
        group_cols.append(gcols)

    # column totals
    if colpos and tk != "baten_lasten_saldo":
        first = tp == "first_column"
        tword = _pick(rng, ["Totaal", "TOTAAL", "Totaal"])
        if tk in ("group_columns", "subtotals_and_grand") and len(group_cols) >= 1:
            gtots = []
            for gi, gcols in enumerate(group_cols):
                parent = groups[gi][0]
                ct = mk("coltotal", head(parent, f"{tword} {parent.lower()}" if parent and rng.random() < 0.5 and not parent.lower().startswith("totaal") else tword))
                ct.members = [(c, 1) for c in gcols if c.kind == "base"]
                ct.checkkind = "column_total"
                gtots.append(ct)
                if first:
                    gcols.insert(0, ct)
                else:
                    gcols.append(ct)
            for gcols in group_cols:
                num.extend(gcols)
            if tk == "subtotals_and_grand" and len(gtots) >= 1:
                gt = mk("coltotal", single_head(_pick(rng, ["Algemeen totaal", "Totaal"])))
                gt.members = [(c, 1) for c in gtots]
                gt.checkkind = "column_total"
                if first:
                    num.insert(0, gt)
                else:
                    num.append(gt)
        else:
            for gcols in group_cols:
                num.extend(gcols)
            ct = mk("coltotal", single_head(tword))
            ct.members = [(c, 1) for c in num if c.kind == "base"]
            ct.checkkind = "column_total"
            if tk == "waarvan" and len(ct.members) >= 1:
                w = mk("base", single_head("waarvan " + _pick(rng, ["eigen middelen", "tijdelijk", "nieuw", "subsidie"])))
                w.waarvan_of = ct.members[0][0]
                num.insert(num.index(ct.members[0][0]) + 1, w)
            if first:
                num.insert(0, ct)
            else:
                num.append(ct)
    elif colpos and tk == "baten_lasten_saldo":
        bw = _labels(rng, 2, "baten", y)
        lw = _labels(rng, 2, "lasten", y)
        bcols = [mk("base", single_head(w)) for w in bw]
        lcols = [mk("base", single_head(w)) for w in lw]
        tb = mk("coltotal", single_head("Totaal baten"))
        tb.members = [(c, 1) for c in bcols]
        tb.checkkind = "column_total"
        tl = mk("coltotal", single_head("Totaal lasten"))
        tl.members = [(c, 1) for c in lcols]
        tl.checkkind = "column_total"
        sd = mk("coltotal", single_head(_pick(rng, ["Saldo", "Resultaat"])))
        sd.members = [(tb, 1), (tl, -1)]
        sd.checkkind = "result"
        if tp == "first_column":
            num = [tb] + bcols + [tl] + lcols + [sd]
        else:
            num = bcols + [tb] + lcols + [tl, sd]
    else:
        for gcols in group_cols:
            num.extend(gcols)

    # non-additive column
    base_vis = [c for c in num if c.kind in ("base",) and not hasattr(c, "waarvan_of")]
    if rel == "product":
        base_vis = [c for c in num if c.kind == "amount"]
    if na != "none":
        pct = _pick(rng, ["%", " %", None])
        rc = None
        hidden = []

        def hid(measure_="count", lo_mult=1):
            h = mk("base", [], measure_=measure_, dec_=0, scale_=1)
            h.hidden = True
            h.lo_mult = lo_mult
            hidden.append(h)
            return h
        if na == "average":
            if len(base_vis) >= 2:
                rc = {"num": [(c, 1) for c in base_vis], "den": [], "factor": Fraction(1, len(base_vis))}
                name = "Gemiddelde"
            else:
                rc = {"num": [(base_vis[0], 1)], "den": [], "factor": Fraction(1, 12)}
                name = "Gemiddeld per maand"
            rd, rp = rng.randrange(1, 3), None
        elif na in ("ratio", "per_unit"):
            if na == "per_unit":
                cnt = mk("base", single_head(_pick(rng, ["Aantal cliënten", "Aantal eenheden", "Aantal uren"])),
                         measure_="count", dec_=0, scale_=1)
                num.append(cnt)
                rc = {"num": [(base_vis[0], 1)], "den": [(cnt, 1)], "factor": Fraction(1)}
                name = _pick(rng, ["Per cliënt", "Kost per eenheid", "Per uur"])
                rd = 2 if base_vis[0].measure == "amount" else 1
            else:
                d = base_vis[1] if len(base_vis) >= 2 else hid(measure)
                rc = {"num": [(base_vis[0], 1)], "den": [(d, 1)], "factor": Fraction(1)}
                name = _pick(rng, ["Ratio", "Verhouding"])
                rd = 2
            rp = None
        elif na == "index":
            d = base_vis[0] if len(base_vis) >= 2 else hid(measure)
            nmr = base_vis[-1]
            rc = {"num": [(nmr, 1)], "den": [(d, 1)], "factor": Fraction(100)}
            name, rd, rp = f"Index ({y - 5} = 100)" if len(base_vis) < 2 else "Index", rng.randrange(0, 2), None
        elif na == "growth":
            if len(base_vis) >= 2:
                a, b = base_vis[-1], base_vis[-2]
            else:
                a, b = base_vis[0], hid(measure)
            rc = {"num": [(a, 1), (b, -1)], "den": [(b, 1)], "factor": Fraction(100)}
            name, rd, rp = _pick(rng, ["Groei", "Evolutie", "t.o.v. vorig jaar"]), 1, pct or "%"
        elif na in ("pct_realised", "overall_pct"):
            if len(base_vis) >= 2:
                a, b = base_vis[1], base_vis[0]
            else:
                a, b = base_vis[0], hid(measure, lo_mult=3)
            rc = {"num": [(a, 1)], "den": [(b, 1)], "factor": Fraction(100)}
            name = "% realisatie" if na == "pct_realised" else _pick(rng, ["Bezettingsgraad", "% bereikt", "Dekkingsgraad"])
            rd, rp = rng.randrange(0, 3), pct
        elif na == "share_of_total":
            rc = {"num": [(base_vis[0], 1)], "den": "column_total", "factor": Fraction(100)}
            name, rd, rp = _pick(rng, ["% van totaal", "Aandeel", "%"]), rng.randrange(0, 3), pct
        elif na == "share_of_row":
            if len(base_vis) >= 2:
                rc = {"num": [(base_vis[0], 1)], "den": [(c, 1) for c in base_vis], "factor": Fraction(100)}
            else:
                rc = {"num": [(base_vis[0], 1)], "den": [(hid(measure, lo_mult=3), 1)], "factor": Fraction(100)}
            name, rd, rp = _pick(rng, ["Aandeel in rij", "% van dienst"]), 1, pct
        elif na == "pct_to_100":
            h = hid("count")
            rc = {"num": [(h, 1)], "den": "column_total", "factor": Fraction(100)}
            name, rd, rp = _pick(rng, ["Verdeling", "% van cliënten", "Aandeel"]), rng.randrange(0, 3), pct
        else:  # pct_not_100
            h = hid("count")
            d = hid("count", lo_mult=4)
            rc = {"num": [(h, 1)], "den": [(d, 1)], "factor": Fraction(100)}
            name, rd, rp = _pick(rng, ["% tevreden", "% met zorgplan", "% tijdig"]), rng.randrange(0, 2), pct
        if rp is None and na in ("share_of_total", "pct_to_100", "pct_not_100", "pct_realised", "overall_pct", "share_of_row"):
            name = name + " (%)" if "%" not in name else name
        r = mk("ratio", single_head(name), dec_=rd, scale_=base_vis[0].scale if na == "average" else 1, pct=rp,
               measure_="pct")
        r.ratio = rc
        r.na = na
        num.append(r)
        num.extend(hidden)
    t.num = num
    for c in num:
        c.narrow = t.narrow

    # label columns
    labels_ax = ax["table.labels"]
    lcols = []
    t.label_head = "" if rng.random() < 0.5 else _pick(rng, ["Omschrijving", "Dienst", "Rubriek", ""])
    if ax["table.unit"] == "header" and hl >= 1 and top != t.unit_text:
        t.label_head = t.unit_text
    if labels_ax == "group_span":
        g = Col("label", single_head(""))
        g.lkey = "group"
        g.htext = ""
        lcols.append(g)
    code_col = None
    t.code_mode = None
    if labels_ax in ("codes", "codes_cross_table"):
        t.code_style = _pick(rng, _CODE_STYLES)
        t.code_mode = _pick(rng, ["column", "column", "inline"])
        if t.narrow:
            t.code_mode = "inline"
        if t.code_mode == "column":
            code_col = Col("code", single_head(""))
            code_col.htext = _pick(rng, ["Code", "Nr.", "Art.", ""])
            code_col.lkey = "code"
            lcols.append(code_col)
    lab = Col("label", single_head(t.label_head) if hl else [])
    lab.lkey = "label"
    lab.htext = t.label_head
    lcols.append(lab)
    if labels_ax == "note_refs" and rng.random() < 0.7 and not t.narrow:
        n = Col("code", single_head(""))
        n.htext = _pick(rng, ["Toel.", "Noot", "Bijlage"])
        n.lkey = "note"
        lcols.append(n)
    t.cols = lcols + num
    t.rows_budget = max_rows - hl
    _build_rows(t, force_rows)
    return t


def _mkrow(kind, label, indent=0):
    return Row(kind, label, indent)


def _rows_count(t):
    ax = t.ax
    ctx = t.ctx
    if ax["table.continued"] != "no":
        land = ctx.orientation == "landscape"
        return ctx.rng.randrange(20, 26) if land else ctx.rng.randrange(28, 38)
    return t.rows_budget


def _split_items(rng, n, parts):
    """n items into `parts` sections of >= 2 items each."""
    parts = max(1, min(parts, n // 2))
    sizes = [2] * parts
    for _ in range(n - 2 * parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _build_rows(t: T, force_rows=None):
    ctx, rng, ax = t.ctx, t.ctx.rng, t.ax
    y = ctx.year
    rel = ax["table.relation"]
    tk = ax["table.total_kind"]
    tp = ax["table.total_position"]
    colpos = tp in ("first_column", "last_column")
    labels_ax = ax["table.labels"]
    budget = _rows_count(t)
    if ax["table.repeated_header_row"] == "yes":
        budget -= 1
    total_word = _pick(rng, ["Totaal", "TOTAAL", "Totaal", "Algemeen totaal"])
    ax["table.group_totals"] = "below"
    top = tp == "top"
    rows: list[Row] = []
    t.grand = None
    t.top_items = []
    sections = []
    side = getattr(t, "side", None)
    t.balance_form = getattr(t, "balance_form", None)

    def items_for(n, topic):
        return [_mkrow("item", lab) for lab in _labels(rng, n, topic, y)]

    if ax["table.placement"] == "inline":
        if rel == "result":
            b, l_, s = _mkrow("total", "Totaal baten"), _mkrow("total", "Totaal lasten"), _mkrow("total", _pick(rng, ["Saldo", "Resultaat van het boekjaar"]))
            for r in (b, l_):
                r.kind, r.bold, r.drop_ok = "item", False, False
            s.rel, s.relkind = [(b, 1), (l_, -1)], "result"
            rows = [b, l_, s]
            t.top_items = [b, l_]
            t.grand = s
        elif rel == "two_sided":
            a, p = _mkrow("item", "Totaal activa"), _mkrow("item", "Totaal passiva")
            a.drop_ok = p.drop_ok = False
            rows = [a, p]
            t.inline_two_sided = (a, p)
        else:
            n = 2 if tk != "none" else 3 - (1 if t.hlevels else 0)
            n = max(2, n - (1 if t.hlevels and tk != "none" else 0)) if t.hlevels == 0 else 2
            its = items_for(n, _topic_for(rng, t.measure, rel))
            rows = list(its)
            t.top_items = its
            if tk != "none" and t.hlevels == 0:
                g = _mkrow("total", total_word)
                g.rel, g.relkind = [(r, 1) for r in its], "row_total"
                rows = [g] + its if top else its + [g]
                t.grand = g
            elif tk != "none":
                # header + 2 rows: one item and the total would be a one-item sum; use two items, no total
                ax["table.total_kind"] = "none"
                ax["table.total_position"] = "none"
        t.rows = rows
        _values(t)
        return

    if rel == "balance" and t.balance_form != "cols":
        t.balance_form = "rows"
        ax["table.continued"] = "no"        # a handful of rows: never continued
        begin = _mkrow("item", _pick(rng, [f"Saldo op 1 januari {y}", "Beginsaldo", f"Saldo per 01/01/{y}"]))
        ins = items_for(rng.randrange(1, 3), "baten")
        outs = items_for(rng.randrange(1, 3), "lasten")
        for r in ins:
            r.labels["label"] = "+ " + r.labels["label"] if rng.random() < 0.4 else r.labels["label"]
        for r in outs:
            r.labels["label"] = "- " + r.labels["label"] if rng.random() < 0.4 else r.labels["label"]
        end = _mkrow("total", _pick(rng, [f"Saldo op 31 december {y}", "Eindsaldo", f"Saldo per 31/12/{y}"]))
        end.rel = [(begin, 1)] + [(r, 1) for r in ins] + [(r, -1) for r in outs]
        end.relkind = "balance"
        rows = [begin] + ins + outs + [end]
        t.grand = None
        t.top_items = []
        ax["table.total_kind"] = "grand"
        ax["table.total_position"] = "bottom"
        t.rows = rows
        _values(t)
        return

    if (rel == "result" or tk == "baten_lasten_saldo") and not colpos:
        n = max(4, min(budget - 4, 12))
        nb = max(2, n // 2)
        nl = max(2, n - nb)
        b_items = items_for(nb, "baten")
        l_items = items_for(nl, "lasten")
        tb = _mkrow("subtotal", _pick(rng, ["Totaal baten", "Baten", "Totaal opbrengsten"]))
        tl = _mkrow("subtotal", _pick(rng, ["Totaal lasten", "Lasten", "Totaal kosten"]))
        tb.rel, tb.relkind = [(r, 1) for r in b_items], "row_total"
        tl.rel, tl.relkind = [(r, 1) for r in l_items], "row_total"
        sd = _mkrow("total", _pick(rng, ["Saldo", "Resultaat", "Resultaat van het boekjaar", "Saldo baten en lasten"]))
        sd.rel, sd.relkind = [(tb, 1), (tl, -1)], "result"
        for r in b_items + l_items:
            r.indent = 1
        if top:
            rows = [tb] + b_items + [tl] + l_items + [sd]
        else:
            gb = _mkrow("group", "Baten")
            gl = _mkrow("group", "Lasten")
            rows = ([gb] if labels_ax in ("indented",) or rng.random() < 0.5 else []) + b_items + [tb] + \
                   ([gl] if labels_ax in ("indented",) or rng.random() < 0.5 else []) + l_items + [tl, sd]
        sections = [{"label": "Baten", "items": b_items, "sub": tb}, {"label": "Lasten", "items": l_items, "sub": tl}]
        t.grand = sd
        t.top_items = [tb, tl]
        ax["table.total_kind"] = "baten_lasten_saldo"
    elif rel == "two_sided" and side is None:
        # one table with both sides
        na_ = max(2, min(5, (budget - 4) // 2))
        a_items = items_for(na_, "activa")
        p_items = items_for(na_, "passiva")
        ta = _mkrow("total", "Totaal activa")
        tpv = _mkrow("total", "Totaal passiva")
        ta.rel, ta.relkind = [(r, 1) for r in a_items], "row_total"
        tpv.rel, tpv.relkind = [(r, 1) for r in p_items], "row_total"
        ga, gp = _mkrow("group", "ACTIVA"), _mkrow("group", "PASSIVA")
        rows = ([ga] + a_items + [ta] + [gp] + p_items + [tpv]) if not top else ([ta] + a_items + [tpv] + p_items)
        for r in a_items + p_items:
            r.indent = 1 if labels_ax == "indented" else 0
        t.sides = (ta, tpv, p_items[-1])
        t.top_items = []
        sections = [{"label": "Activa", "items": a_items, "sub": ta}, {"label": "Passiva", "items": p_items, "sub": tpv}]
    else:
        # sum, keyfigure, product, balance (columns) and one side of a balance sheet
        topic = {"activa": "activa", "passiva": "passiva"}.get(side) or \
            ("funds" if t.balance_form == "cols" else _topic_for(rng, t.measure, rel))
        if rel == "product":
            topic = "products"
        with_sub = tk == "subtotals_and_grand" and not colpos
        with_grand = tk not in ("none",) and not colpos
        if side:
            with_grand = True
        extra = (1 if with_grand else 0)
        nsec = 1
        if with_sub:
            nsec = rng.randrange(2, 4)
        elif labels_ax in ("indented", "group_span") or (labels_ax in ("codes", "codes_cross_table") and rng.random() < 0.5):
            nsec = rng.randrange(2, 4)
        n_w = 2 if tk == "waarvan" and not colpos else 0
        n_items = budget - extra - n_w - (nsec if (with_sub or labels_ax == "indented") else 0)
        if ax["table.continued"] == "carried_subtotal":
            n_items -= 2
        if force_rows:
            n_items = force_rows
        n_items = max(2 * nsec, min(n_items, 40))
        if ax["table.continued"] == "no":
            n_items = max(2 * nsec, rng.randrange(max(2 * nsec, min(4, n_items)), n_items + 1))
        sizes = _split_items(rng, n_items, nsec)
        nsec = len(sizes)
        if topic == "products":
            labs = [p[0] for p in V.PRODUCTS]
            rng.shuffle(labs)
            while len(labs) < n_items:
                labs += [f"{p[0]} ({r})" for p in V.PRODUCTS for r in V.REGIONS[:2]]
            labs = labs[:n_items]
        else:
            labs = _labels(rng, n_items, topic, y)
        sec_names = _labels(rng, nsec, "regions" if topic not in ("regions",) else "domains", y) if nsec > 1 else [None]
        if side == "activa" and nsec > 1:
            sec_names = ["Vaste activa", "Vlottende activa", "Overige activa"][:nsec]
        if side == "passiva" and nsec > 1:
            sec_names = ["Eigen vermogen", "Voorzieningen", "Schulden"][:nsec]
        # a heading printing its section's total above the items, the subtotal below them printing
        # it again (real-nl provincie p15); drawn from a stream of its own so other draws stay
        head_rng = random.Random(f"grouphead|{ctx.seed}|{ctx.index}|{t.tid}")
        # (not with a column of shares: a heading would print its section's share, not 100 %)
        heading_totals = with_sub and not top and side is None and head_rng.random() < HEADING_TOTAL_SHARE \
            and ax["table.non_additive"] not in ("share_of_total", "share_of_row", "overall_pct", "pct_to_100", "pct_not_100")
        ax["table.group_totals"] = "heading_and_below" if heading_totals else "below"
        k = 0
        for s in range(nsec):
            its = [_mkrow("item", labs[k + i]) for i in range(sizes[s])]
            k += sizes[s]
            sec = {"label": sec_names[s], "items": its, "sub": None, "group": None}
            if with_sub:
                sub = _mkrow("subtotal", (_pick(rng, ["Subtotaal ", "Totaal ", ""]) + sec_names[s]) if not top else sec_names[s])
                sub.rel, sub.relkind = [(r, 1) for r in its], "row_total"
                sec["sub"] = sub
                if heading_totals:
                    head = _mkrow("subtotal", sec_names[s])
                    head.rel, head.relkind = [(r, 1) for r in its], "row_total"
                    sec["heading"] = head
                    sub.labels["label"] = _pick(head_rng, ["Totaal :", "Totaal " + sec_names[s], "Subtotaal " + sec_names[s]])
                for r in its:
                    r.indent = 1 if (labels_ax == "indented" or top) else 0
            elif nsec > 1 and labels_ax != "group_span":
                sec["group"] = _mkrow("group", sec_names[s])
                for r in its:
                    r.indent = 1
            sections.append(sec)
        for sec in sections:
            if sec.get("group") is not None:
                rows.append(sec["group"])
            if sec["sub"] is not None and top:
                rows.append(sec["sub"])
            if sec.get("heading") is not None:
                rows.append(sec["heading"])
            rows.extend(sec["items"])
            if sec["sub"] is not None and not top:
                rows.append(sec["sub"])
            for r in sec["items"]:
                r.sect = sec
        if with_sub:
            t.top_items = [s["sub"] for s in sections]
        else:
            t.top_items = [r for s in sections for r in s["items"]]
        # waarvan rows under one item (not for products' quantity/price)
        if tk == "waarvan" and not colpos:
            parent = t.top_items[rng.randrange(len(t.top_items))] if not with_sub else sections[0]["items"][0]
            complete = rng.random() < 0.6
            nwv = 2 if complete else 1
            wv = []
            for i in range(nwv):
                lab = ("waarvan " if i == 0 or rng.random() < 0.5 else "") + _pick(rng, ["eigen middelen", "subsidies", "tijdelijke contracten", "nieuwe dossiers", "overige", "projecten"])
                if i == 0 and rng.random() < 0.3:
                    lab = "w.v. " + lab.replace("waarvan ", "")
                r = _mkrow("item", lab, indent=parent.indent + 1)
                r.waarvan = True
                r.drop_ok = False
                wv.append(r)
            if complete and wv[1].labels["label"] == wv[0].labels["label"].replace("waarvan ", ""):
                wv[1].labels["label"] = "andere"
            parent.waarvan_rows = wv
            parent.waarvan_complete = complete
            i = rows.index(parent)
            rows[i + 1:i + 1] = wv
        if with_grand:
            label = total_word
            if side == "activa":
                label = "Totaal activa"
            elif side == "passiva":
                label = "Totaal passiva"
            g = _mkrow("total", label)
            g.rel, g.relkind = [(r, 1) for r in t.top_items], "row_total"
            if with_sub and labels_ax in ("codes", "codes_cross_table"):
                pass
            t.grand = g
            if top:
                rows.insert(0, g)
            else:
                rows.append(g)
        t.sections = sections
    t.rows = rows
    if sections and not hasattr(t, "sections"):
        t.sections = sections
    _apply_labels(t)
    _carried(t)
    _repeated_header(t)
    if getattr(t, "split_after", None) is not None:
        t.split_row = t.rows[t.split_after]
    _values(t)


def _apply_labels(t):
    ctx, rng, ax = t.ctx, t.ctx.rng, t.ax
    la = ax["table.labels"]
    y = ctx.year
    secs = getattr(t, "sections", [])
    if la in ("codes", "codes_cross_table"):
        style = t.code_style
        nsec = max(1, len(secs))
        per = [len(s["items"]) for s in secs] if secs else [len([r for r in t.rows if r.kind == "item"])]
        sc, ic = _codes(rng, style, nsec, per, y)
        flat = len(secs) <= 1
        for si, s in enumerate(secs):
            for ii, r in enumerate(s["items"]):
                if flat:
                    r.labels["code"] = sc[0] + "." + str(ii + 1) if style == "numeric" and rng.random() < 0 else ic[0][ii]
                else:
                    r.labels["code"] = ic[si][ii]
                r.code = r.labels["code"]
            if not flat:
                holder = s.get("sub") or s.get("group")
                if holder is not None:
                    holder.labels["code"] = sc[si]
                    if s.get("sub") is not None:
                        s["sub"].relkind = "rollup"
                        if s["sub"].labels["label"].startswith(("Subtotaal ", "Totaal ")):
                            s["sub"].labels["label"] = s["label"]
        # an uncoded sibling now and then ("Overige ..." without a code, still part of the roll-up)
        if rng.random() < 0.35:
            cands = [r for s in secs for r in s["items"][1:] if r.labels.get("code")]
            if cands:
                r = _pick(rng, cands)
                del r.labels["code"]
                r.code = None
        if t.code_mode == "inline":
            for r in t.rows:
                if r.labels.get("code"):
                    r.labels["label"] = r.labels["code"] + " " + r.labels["label"]
                    del r.labels["code"]
    if la == "indented":
        for r in t.rows:
            if r.kind == "item" and not r.waarvan and r.indent == 0 and not secs:
                r.indent = 1
    if la == "group_span":
        for s in secs:
            first = True
            for r in s["items"]:
                r.group = s["label"] or ""
                r.labels["group"] = (s["label"] or "") if first else ""
                first = False
            if s.get("sub") is not None:
                s["sub"].labels["group"] = ""
                s["sub"].group = s["label"]
        if len(secs) == 1:
            # one group: still a group label spanning the rows
            for r in t.rows:
                if r.kind == "item" and not r.waarvan:
                    r.group = secs[0]["label"] or t.measure_group if hasattr(t, "measure_group") else ""
        for r in t.rows:
            if r.kind in ("total",):
                r.labels["group"] = r.labels["label"]
                r.labels["label"] = ""
    if la == "note_refs":
        notes = sorted(rng.sample(range(2, 25), 4))
        cands = [r for r in t.rows if r.kind in ("item", "subtotal")]
        has_col = any(getattr(c, "lkey", None) == "note" for c in t.cols)
        for i, r in enumerate(rng.sample(cands, min(len(cands), rng.randrange(2, 5)))):
            nr = str(notes[i % 4]) + (("." + str(rng.randrange(1, 4))) if rng.random() < 0.3 else "")
            if has_col:
                r.labels["note"] = nr
            else:
                r.labels["label"] += _pick(rng, [f" (toelichting {nr})", f" (noot {nr})", f" (zie {nr})"])
    if la == "year_in_label":
        cands = [r for r in t.rows if r.kind in ("item",) and not r.waarvan]
        for r in rng.sample(cands, min(len(cands), max(1, len(cands) // 2))):
            r.labels["label"] = _pick(rng, [f"{r.labels['label']} {y}", f"{r.labels['label']} {y - 1}-{y}",
                                            f"{r.labels['label']} (per 31/12/{y})", f"{r.labels['label']} {y + 1}",
                                            f"{r.labels['label']} (sinds {rng.randrange(1, 28)}/{rng.randrange(1, 13)}/{y - rng.randrange(1, 9)})"])
    if la == "footnote_marks":
        cands = [r for r in t.rows if r.kind in ("item", "total", "subtotal")]
        marks = _pick(rng, [["1)", "2)"], ["*", "**"], ["(1)", "(2)"], ["a", "b"]])
        fn = []
        for i, r in enumerate(rng.sample(cands, min(2, len(cands)))):
            r.sup["label"] = marks[i]
            fn.append(f"{marks[i]} {_pick(rng, V.FOOTNOTES)}")
        t.sup_on_figure = marks[0] if rng.random() < 0.7 else None
        t.footnotes = fn


def _carried(t):
    ax, rng = t.ax, t.ctx.rng
    if ax["table.continued"] == "no":
        return
    rows = t.rows
    land = t.ctx.orientation == "landscape"
    limit = (11 if land else 19) - t.hlevels
    carried = ax["table.continued"] == "carried_subtotal"
    # split after an item row (never inside a section's subtotal pair), first part <= limit rows
    cand = [i for i in range(min(limit, len(rows) - 3), 3, -1)
            if rows[i].kind == "item" and not rows[i].waarvan and i + 1 < len(rows)
            and not (rows[i + 1].waarvan)]
    at = cand[0] if cand else min(limit, len(rows) - 3)
    if carried and t.grand is not None and t.grand in rows and rows.index(t.grand) == len(rows) - 1:
        g = t.grand
        before = [r for r, s in g.rel if rows.index(r) <= at]
        after = [r for r, s in g.rel if rows.index(r) > at]
        if before and after:
            over = _mkrow("carried", _pick(rng, ["Over te brengen", "Subtotaal (over te brengen)", "Transport naar volgende pagina"]))
            over.rel, over.relkind = [(r, 1) for r in before], "row_total"
            over.bold = True
            tr = _mkrow("carried", _pick(rng, ["Transport", "Overgebracht", "Transport van vorige pagina"]))
            tr.rel, tr.relkind = [(over, 1)], "row_total"
            tr.bold = True
            over.drop_ok = tr.drop_ok = False
            g.rel = [(tr, 1)] + [(r, 1) for r in after]
            rows[at + 1:at + 1] = [over, tr]
            t.split_after = at + 1
            t.carried_pair = (over, tr)
            return
    if carried:
        # no grand total at the bottom to carry: an ordinary continuation
        ax["table.continued"] = "repeat_header"
    t.split_after = at


def _repeated_header(t):
    ax, rng = t.ax, t.ctx.rng
    if ax["table.repeated_header_row"] != "yes":
        return
    rows = t.rows
    cands = [i for i in range(2, len(rows) - 1) if rows[i - 1].kind == "item" and rows[i].kind == "item"
             and not rows[i].waarvan and rows[i - 1].sect is rows[i].sect]
    if getattr(t, "split_after", None) is not None:
        cands = [i for i in cands if i <= t.split_after]
    if not cands:
        ax["table.repeated_header_row"] = "no"
        return
    i = cands[len(cands) // 2]
    h = _mkrow("header", "")
    h.drop_ok = False
    h.bold = True
    rows.insert(i, h)
    if getattr(t, "split_after", None) is not None and i <= t.split_after:
        t.split_after += 1


def _unit_of(c, ax):
    u = Fraction(c.scale, 10 ** c.dec)
    if ax["table.rounding"] == "from_unrounded" and c.kind != "qty":
        u /= 100
    return u


def _values(t):
    ctx, rng, ax = t.ctx, t.ctx.rng, t.ax
    num = t.num
    rows = t.rows
    leaves = [r for r in rows if r.kind == "item" and not r.waarvan and r.rel is None]
    # plain figures
    for r in leaves:
        for c in num:
            if c.kind == "base" and not hasattr(c, "waarvan_of"):
                r.vals[c] = _gen_value(rng, c, ax, getattr(c, "lo_mult", 1))
            elif c.kind == "qty":
                r.vals[c] = Fraction(rng.randrange(10, 6000))
            elif c.kind == "price":
                r.vals[c] = Fraction(rng.randrange(250, 16000), 100)
        # figures of one row move together (years, budget and realisation, groups)
        first = None
        for c in num:
            if c.kind == "base" and _visible(c) and not hasattr(c, "waarvan_of"):
                if first is None:
                    first = c
                elif c.measure == first.measure and c.scale == first.scale:
                    u = _unit_of(c, ax)
                    r.vals[c] = max(u, int(r.vals[first] * Fraction(rng.randrange(75, 126), 100) / u) * u)
        _correlate_hidden(t, r)
        for c in num:
            if c.kind == "ratio" and c.na == "per_unit" and c.ratio["den"] and first is not None:
                d = c.ratio["den"][0][0]
                src = c.ratio["num"][0][0]
                per = Fraction(rng.randrange(40, 900)) if src.measure == "amount" else Fraction(rng.randrange(2, 40))
                sv = r.vals.get(src)
                if sv is None and src.kind == "amount":
                    q, p = r.vals.get(_col_of(t, "qty")), r.vals.get(_col_of(t, "price"))
                    sv = q * p if q is not None and p is not None else None
                if sv is not None:
                    r.vals[d] = Fraction(max(1, int(abs(sv) / per)))
        for c in num:
            if hasattr(c, "waarvan_of"):
                src = r.vals[c.waarvan_of]
                u = _unit_of(c, ax)
                r.vals[c] = (int(src / u * Fraction(rng.randrange(10, 90), 100))) * u
    # a negative item now and then (amounts only)
    if t.measure == "amount" and ax["table.relation"] in ("sum", "keyfigure", "result") and rng.random() < 0.45:
        cands = [r for r in leaves if not getattr(r, "waarvan_rows", None) and r.kind == "item"]
        if len(cands) >= 3:
            r = cands[-1]
            for c in num:
                if c.kind == "base" and not getattr(c, "hidden", False) and r.vals.get(c) is not None:
                    r.vals[c] = -r.vals[c] / 4 if r.vals[c] > 0 else r.vals[c]
                    u = _unit_of(c, ax)
                    r.vals[c] = int(r.vals[c] / u) * u
            if ax["table.labels"] not in ("codes", "codes_cross_table"):
                r.labels["label"] = _pick(rng, ["Correcties vorige boekjaren", "Terugvorderingen", "Minderwaarden", "Regularisaties"])
    # waarvan rows: a breakdown of their parent
    for r in rows:
        wv = getattr(r, "waarvan_rows", None)
        if not wv:
            continue
        for c in num:
            if c.kind not in ("base", "amount") or getattr(c, "hidden", False) and c.kind != "base":
                continue
            pv = r.vals.get(c) if c.kind == "base" else None
            if c.kind == "amount":
                q, p = r.vals.get(_col_of(t, "qty")), r.vals.get(_col_of(t, "price"))
                pv = q * p if q is not None and p is not None else None
            if pv is None:
                continue
            u = _unit_of(c, ax) if c.kind == "base" else Fraction(1, 100)
            a = int(pv / u * Fraction(rng.randrange(20, 80), 100)) * u
            if r.waarvan_complete:
                wv[0].vals[c], wv[1].vals[c] = a, pv - a
            else:
                wv[0].vals[c] = a
    # empty cells: a few item figures are zero and printed with the table's empty marker
    t.empty = set()
    if ax["table.empty_cells"] != "none" and not getattr(t, "inline_two_sided", None):
        bases = [c for c in num if c.kind == "base" and not getattr(c, "hidden", False)]
        cands = [r for r in leaves if not getattr(r, "waarvan_rows", None)
                 and r not in (getattr(t, "sides", (None, None, None))[2],)]
        if getattr(t, "activa_table", None) is not None or getattr(t, "side", None):
            cands = []
        if bases and len(cands) >= 2:
            for r in rng.sample(cands, min(len(cands) - 1, rng.randrange(1, 3))):
                c = _pick(rng, bases)
                r.vals[c] = Fraction(0)
                t.empty.add((r, c))
    # balance sheets: make passiva equal activa (a plug item absorbs the difference)
    sides = getattr(t, "sides", None)
    act_t = getattr(t, "activa_table", None)
    if sides or act_t or getattr(t, "inline_two_sided", None):
        if getattr(t, "inline_two_sided", None):
            a, p = t.inline_two_sided
            for c in num:
                if c.kind == "base":
                    p.vals[c] = a.vals[c]
        else:
            if sides:
                ta, tpv, plug = sides
                act_total = lambda c: sum(s * x.vals[c] for x, s in ta.rel)
                others = [x for x, s in tpv.rel if x is not plug]
            else:
                plug = t.top_items[-1] if not getattr(t, "sections", None) or t.sections[-1]["sub"] is None \
                    else t.sections[-1]["items"][-1]
                ta = act_t.grand
                act_total = lambda c: _true(act_t, ta, _match_col(act_t, c, t))
                others = [x for x in leaves if x is not plug]
            for c in num:
                if c.kind != "base" or not _visible(c):
                    continue
                tot = act_total(c)
                u = _unit_of(c, ax)
                for x in others:
                    if (x, c) in t.empty:
                        continue
                    x.vals[c] = int(tot * Fraction(rng.randrange(2, 60), 100) / max(1, len(others)) / u) * u
                plug.vals[c] = tot - sum(x.vals[c] for x in others)
            for x in others + [plug]:
                _correlate_hidden(t, x)
    if getattr(t, "sup_on_figure", None):
        cands = [r for r in rows if r.kind == "item" and not r.waarvan]
        figs = [c for c in num if c.kind in ("base", "amount", "coltotal") and not getattr(c, "hidden", False)]
        if cands and figs:
            t.sup_fig = (_pick(rng, cands), _pick(rng, figs), t.sup_on_figure)
    _compute(t)
    _symbolic_checks(t)


def _correlate_hidden(t, r):
    """a hidden base of a ratio column (last year's figure, a capacity...) follows the printed figure."""
    rng, ax = t.ctx.rng, t.ax
    for c in t.num:
        if c.kind == "ratio" and isinstance(c.ratio["den"], list) and c.ratio["den"] \
                and all(getattr(d, "hidden", False) for d, s in c.ratio["den"]):
            d = c.ratio["den"][0][0]
            src = next((x for x, s in c.ratio["num"] if _visible(x)), c.ratio["num"][0][0])
            lo, hi = {"pct_not_100": (105, 250), "growth": (85, 116), "pct_realised": (90, 130),
                      "overall_pct": (90, 130), "index": (70, 101), "ratio": (50, 200),
                      "share_of_row": (120, 300)}.get(c.na, (80, 120))
            if r.vals.get(src) is not None:
                u = _unit_of(d, ax) if d.measure == src.measure else _unit_of(src, ax)
                r.vals[d] = max(u, int(abs(r.vals[src]) * Fraction(rng.randrange(lo, hi), 100) / u) * u)


def _col_of(t, kind):
    for c in t.num:
        if c.kind == kind:
            return c
    return None


def _match_col(src_t, c, t):
    """the column of src_t in the same position among base columns as c in t."""
    a = [x for x in t.num if x.kind == "base" and not getattr(x, "hidden", False)]
    b = [x for x in src_t.num if x.kind == "base" and not getattr(x, "hidden", False)]
    return b[a.index(c)] if c in a and a.index(c) < len(b) else b[0]


def _true(t, r, c):
    return t.value.get((r, c))


# largest printed value of a non-additive column whose rows are not summed to 100 %
_RATIO_BOUND = {"growth": 300, "index": 400, "pct_realised": 400, "overall_pct": 400, "pct_not_100": 400,
                "share_of_row": 400, "ratio": 10}


def _compute(t):
    memo = {}
    parent = {}
    for r in t.rows:
        if r.rel:
            for x, s in r.rel:
                parent[x] = r
    t.parent = parent

    def root(r):
        seen = r
        while seen in parent and parent[seen].relkind not in ("result", "balance"):
            seen = parent[seen]
        return seen

    for r in t.rows:
        for x in getattr(r, "waarvan_rows", None) or []:
            parent.setdefault(x, None)
    t.root = {}
    for r in t.rows:
        if r.kind in ("group", "header"):
            continue
        if r.waarvan:
            owner = [p for p in t.rows if x_in(getattr(p, "waarvan_rows", None), r)][0]
            t.root[r] = root(owner)
        else:
            t.root[r] = root(r)

    def val(r, c):
        k = (r, c)
        if k in memo:
            return memo[k]
        memo[k] = None
        v = None
        if r.kind in ("group", "header"):
            v = None
        elif c.kind == "base":
            if r.rel is not None:
                parts = [val(x, c) for x, s in r.rel]
                v = None if all(p is None for p in parts) else sum((s * (p or 0) for (x, s), p in zip(r.rel, parts)), Fraction(0))
            else:
                v = r.vals.get(c)
        elif c.kind in ("qty", "price"):
            v = r.vals.get(c) if r.rel is None else None
        elif c.kind == "amount":
            if r.rel is not None:
                parts = [val(x, c) for x, s in r.rel]
                v = None if all(p is None for p in parts) else sum((s * (p or 0) for (x, s), p in zip(r.rel, parts)), Fraction(0))
            elif c in r.vals:
                v = r.vals[c]
            else:
                q, p = val(r, _col_of(t, "qty")), val(r, _col_of(t, "price"))
                v = q * p if q is not None and p is not None else None
        elif c.kind == "coltotal":
            parts = [val(r, m) for m, s in c.members]
            v = None if all(p is None for p in parts) else sum((s * (p or 0) for (m, s), p in zip(c.members, parts)), Fraction(0))
        elif c.kind == "ratio":
            rc = c.ratio
            if r.kind == "carried":
                v = None
            else:
                n = _lin(val, r, rc["num"])
                if rc["den"] == "column_total":
                    base = t.root.get(r, r)
                    if r.relkind in ("result", "balance"):
                        d = None
                    elif base is r and r not in parent and r.rel is None:
                        d = sum((_lin(val, x, rc["num"]) or 0 for x in t.rows
                                 if x.kind == "item" and not x.waarvan and t.root.get(x) is x and x not in parent), Fraction(0))
                    else:
                        d = _lin(val, base, rc["num"])
                else:
                    d = _lin(val, r, rc["den"]) if rc["den"] else Fraction(1)
                v = None if n is None or d is None or d == 0 else rc["factor"] * n / d
                if v is not None and c.na in _RATIO_BOUND and abs(v) > _RATIO_BOUND[c.na]:
                    v = None      # small operands (a saldo, a correction row): not a figure a report prints
        memo[k] = v
        return v

    t.value = {}
    for r in t.rows:
        for c in t.num:
            t.value[(r, c)] = val(r, c)


def x_in(lst, r):
    return bool(lst) and any(x is r for x in lst)


def _lin(val, r, terms):
    parts = [val(r, c) for c, s in terms]
    if any(p is None for p in parts):
        return None
    return sum((s * p for (c, s), p in zip(terms, parts)), Fraction(0))


def _visible(c):
    return not getattr(c, "hidden", False)


def _symbolic_checks(t):
    """checks as (row, col) references; resolved to coordinates when the block is written."""
    ax = t.ax
    checks = []
    val = t.value
    summ = [c for c in t.num if c.summable and _visible(c)]
    for r in t.rows:
        if r.rel:
            for c in summ:
                if val[(r, c)] is None:
                    continue
                items = [(x, c, s) for x, s in r.rel if val[(x, c)] is not None]
                if not items:
                    continue
                checks.append({"kind": r.relkind, "total": (r, c), "items": items})
        wv = getattr(r, "waarvan_rows", None)
        if wv and r.waarvan_complete:
            for c in summ:
                if val[(r, c)] is None or any(val[(x, c)] is None for x in wv):
                    continue
                checks.append({"kind": "waarvan", "total": (r, c), "items": [(x, c, 1) for x in wv]})
    for c in t.num:
        if not _visible(c):
            continue
        for r in t.rows:
            if val[(r, c)] is None:
                continue
            if c.kind == "coltotal":
                items = [(r, m, s) for m, s in c.members if val[(r, m)] is not None]
                if items:
                    checks.append({"kind": c.checkkind, "total": (r, c), "items": items})
            elif c.kind == "amount" and r.rel is None and not r.waarvan:
                q, p = _col_of(t, "qty"), _col_of(t, "price")
                if val[(r, q)] is not None and val[(r, p)] is not None:
                    checks.append({"kind": "product", "total": (r, c), "items": [(r, q, 1), (r, p, 1)]})
            elif c.kind == "ratio":
                rc = c.ratio
                if not all(_visible(x) for x, s in rc["num"]):
                    continue
                if rc["den"] == "column_total":
                    base = t.root.get(r, r)
                    if base is r and r.rel is not None:
                        continue      # 100 % of itself: the percent_sum check states it
                    if base is r and r not in t.parent:
                        den = [(x, x2, s) for x in t.rows if x.kind == "item" and not x.waarvan
                               and t.root.get(x) is x and x not in t.parent for x2, s in rc["num"]]
                    else:
                        den = [(base, x2, s) for x2, s in rc["num"]]
                else:
                    if not all(_visible(x) for x, s in rc["den"]):
                        continue
                    den = [(r, x, s) for x, s in rc["den"]]
                shown = sum((s * round_half_up(val[(x, x2)] / x2.scale, x2.dec) for x, x2, s in den
                             if val[(x, x2)] is not None), Fraction(0))
                if shown == 0:
                    continue      # a printed zero denominator: no ratio to check
                checks.append({"kind": "ratio", "total": (r, c), "items": [(r, x, s) for x, s in rc["num"]],
                               "den": den, "factor": rc["factor"]})
        if c.kind == "ratio" and c.na in ("share_of_total", "pct_to_100"):
            roots = {}
            for r in t.rows:
                if r in t.root and not r.waarvan and r.kind not in ("carried",) and val[(r, c)] is not None:
                    roots.setdefault(t.root[r], []).append(r)
            for rt, members in roots.items():
                if rt.rel is not None and rt.relkind not in ("result", "balance"):
                    kids = [x for x, s in rt.rel if x.kind != "carried"]
                    if any(x.kind == "carried" for x, s in rt.rel):
                        kids = [x for x in members if x is not rt and x.rel is None]
                    kids = [x for x in kids if val[(x, c)] is not None]
                    if len(kids) >= 2:
                        checks.append({"kind": "percent_sum", "total": (rt, c), "items": [(x, c, 1) for x in kids]})
            loose = [r for r, m in roots.items() if r.rel is None and r.kind == "item" and r not in t.parent]
            if len(loose) >= 2:
                checks.append({"kind": "percent_sum", "total": None, "items": [(x, c, 1) for x in loose],
                               "stated_const": Fraction(100)})
    t.checks = checks


# ----------------------------------------------------------------------------------------------
# spreadsheet errors, titles, block output

def _spreadsheet(t):
    rng = t.ctx.rng
    if t.ax["table.noise"] != "spreadsheet_errors":
        return
    rows = [r for r in t.rows if r.kind == "item" and not r.waarvan and not getattr(r, "waarvan_rows", None)]
    ratio = [c for c in t.num if c.kind == "ratio" and _visible(c)]
    cells = [(r, c) for r in rows for c in ratio if t.value.get((r, c)) is not None]
    if not cells:
        figs = [c for c in t.num if c.kind in ("base", "amount", "qty", "price") and _visible(c)]
        cells = [(r, c) for r in rows for c in figs if (r, c) not in t.empty and t.value.get((r, c)) is not None]
    if not cells:
        t.ax["table.noise"] = "none"
        return
    r, c = _pick(rng, cells)
    txt = "#DEEL/0!" if c.kind == "ratio" and rng.random() < 0.5 else _pick(rng, V.SPREADSHEET_ERRORS)
    t.spreadsheet = (r, c, txt)
    # checks that would need this cell cannot be made; the error string is a check of its own
    t.checks = [ch for ch in t.checks if not _touches(ch, r, c)]
    t.checks.append({"kind": "spreadsheet_error", "total": (r, c), "items": []})
    r.drop_ok = False


def _touches(ch, r, c):
    if ch.get("total") == (r, c):
        return True
    for x in ch["items"] + (ch.get("den") or []):
        if x[0] is r and x[1] is c:
            return True
    return False


def _cell_text(t, r, c):
    if (r, c) in t.override:
        return t.override[(r, c)]
    if t.spreadsheet and t.spreadsheet[0] is r and t.spreadsheet[1] is c:
        return t.spreadsheet[2]
    v = t.value.get((r, c))
    if (r, c) in t.empty:
        return t.empty_marker
    if v is None:
        if c.kind == "ratio" and r.kind == "item" and t.empty_marker:
            return t.empty_marker
        return ""
    return fmt_number(v, c.dec, c.scale, t.sep, t.neg, c.pct)


_RULE_W = {"thin": [0.75], "normal": [1.0], "hairline": [0.25, 0.5]}
_RULE_C = {"black": "#000000", "grey": "#808080", "pale": "#b0b0b0"}


def _role(c):
    return {"label": "label", "code": "code"}.get(c.kind, "number")


def table_block(t) -> dict:
    if getattr(t, "_cache", None) is not None:
        return t._cache
    t._cache = _table_block(t)
    return t._cache


def _table_block(t) -> dict:
    ax, rng = t.ax, random.Random(f"style|{t.ctx.seed}|{t.ctx.index}|{t.tid}")
    cols = t.vis_cols()
    hl = t.hlevels
    header = []
    for lv in range(hl):
        row = []
        i = 0
        while i < len(cols):
            c = cols[i]
            if c.kind in ("label", "code"):
                txt = getattr(c, "htext", "") if lv == 0 else ""
                row.append({"text": txt, "span": 1})
                i += 1
                continue
            txt = c.head[lv] if lv < len(c.head) else ""
            j = i + 1
            if txt:
                while j < len(cols) and cols[j].kind not in ("label", "code") and lv < len(cols[j].head) \
                        and cols[j].head[:lv + 1] == c.head[:lv + 1] and (lv < hl - 1 or False):
                    j += 1
            row.append({"text": txt or "", "span": j - i})
            i = j
        header.append(row)
    rows = []
    leaf = header[-1] if header else None
    leaf_texts = []
    if leaf:
        for h in leaf:
            leaf_texts += [h["text"]] * h["span"]
    for r in t.rows:
        cells = []
        sup = {}
        for ci, c in enumerate(cols):
            if c.kind in ("label", "code"):
                key = getattr(c, "lkey", "label")
                cells.append(r.labels.get(key, "") if r.kind != "header" else "")
                if key == "label" and "label" in r.sup:
                    sup[str(ci)] = r.sup["label"]
            elif r.kind == "header":
                # the leaf header texts again (a full-height header cell: its first-row text)
                cells.append(leaf_texts[ci] or next((h for h in reversed(c.head) if h), ""))
            else:
                cells.append(_cell_text(t, r, c))
        sf = getattr(t, "sup_fig", None)
        if sf and sf[0] is r and sf[1] in cols and cells[cols.index(sf[1])] not in ("", None):
            sup[str(cols.index(sf[1]))] = sf[2]
        row = {"cells": cells, "kind": r.kind, "indent": r.indent, "bold": r.bold}
        if sup:
            row["sup"] = sup
        rows.append(row)
    split = None
    if ax["table.continued"] != "no" and getattr(t, "split_row", None) in t.rows:
        cont = ax["table.continued"]
        split = {"after_row": t.rows.index(t.split_row),
                 "repeat_header": {"repeat_header": True, "no_header": False}.get(cont, rng.random() < 0.5),
                 "title_suffix": " (vervolg)" if cont == "vervolg_title" or (cont == "carried_subtotal" and rng.random() < 0.3) else None}
        if hl == 0:
            split["repeat_header"] = False
    extra, split = _extra_table_axes(t, ax, header, rows, split)
    style = {
        "rules": ax["table.rules"],
        "rule_width": _pick(rng, _RULE_W[ax["table.rule_weight"]]),
        "rule_color": _RULE_C[ax["table.rule_color"]],
        "cell_backgrounds": ax["table.backgrounds"] == "yes",
        "font_size": _pick(rng, [8, 9] if t.small or len(cols) > 6 else [8, 9, 10]),
        "html": ax["table.html"],
    }
    if extra["table.header_lines"] == "multi":
        style["header_wrap"] = True
    if extra["table.figure_marks"] != "none":
        style["figure_marks"] = extra["table.figure_marks"]
    axes = dict(ax, **extra)
    if extra["table.cut"] == "after_header":
        axes["table.continued"] = "no_header"
    b = {"type": "table", "id": t.tid, "title": t.title, "unit_note": t.unit_note,
         "rotated": ax["table.placement"] == "rotated", "inline": ax["table.placement"] == "inline",
         "style": style,
         "columns": [{"role": _role(c), "align": "left" if c.kind in ("label", "code") else "right"} for c in cols],
         "header": header, "rows": rows, "split": split, "footnotes": list(t.footnotes), "axes": axes}
    return b


def _resolve(ch, tables_by_obj, kf_index):
    """symbolic check -> coordinates [table_id, r, c] in the truth table rows (header rows included)."""
    def at(ref):
        if ref[0] == "kf":
            return [ref[1], ref[2], 1], None
        t, r, c = ref
        ri = t._ri.get(id(r))
        if ri is None:
            return None, None
        return [t.tid, t.hlevels + ri, t._ci[id(c)]], c
    out = {"id": ch["id"], "kind": ch["kind"]}
    tot = ch.get("total")
    if tot is not None:
        a, c = at(tot)
        if a is None:
            return None
        out["total_at"] = a
        if c is not None:
            out["scale"] = str(c.scale)
            out["decimals"] = c.dec
        else:
            out["scale"] = str(ch.get("kf_scale", 1))
            out["decimals"] = ch.get("kf_decimals", 0)
    else:
        out["total_at"] = None
        out["scale"] = "1"
        out["decimals"] = 0
    if "stated_const" in ch:
        out["stated_const"] = dec_str(ch["stated_const"])
    items = []
    for ref in ch["items"]:
        a, c = at(ref[:3] if ref[0] == "kf" else ref[:3])
        if a is None:
            continue
        items.append({"at": a, "sign": ref[3] if len(ref) > 3 else 1, "scale": str(c.scale), "decimals": c.dec})
    out["items"] = items
    if ch.get("den") is not None:
        den = []
        for ref in ch["den"]:
            a, c = at(ref[:3])
            if a is None:
                return None
            den.append({"at": a, "sign": ref[3], "scale": str(c.scale), "decimals": c.dec})
        out["den"] = den
        out["factor"] = dec_str(ch["factor"])
    if ch["kind"] in ("ratio", "product") and len(items) < len(ch["items"]):
        return None
    if ch["kind"] not in ("spreadsheet_error",) and not items:
        return None
    out["table"] = out["total_at"][0] if out["total_at"] else items[0]["at"][0]
    return out


# ----------------------------------------------------------------------------------------------
# prose

def _date(rng, y):
    return _pick(rng, [f"{rng.randrange(1, 29)}/{rng.randrange(1, 13):02d}/{y}",
                       f"{rng.randrange(1, 29)} {_pick(rng, V.MONTHS)} {y}", f"31 december {y}"])


def _sentence(rng, ctx, sec="2.1"):
    y = ctx.year
    s = _pick(rng, V.INTRO_SENTENCES)
    return s.format(year=y, org=ctx.org, prev=y - 1, closing=_date(rng, y + 1), approval=_date(rng, y + 1),
                    pct=f"{rng.randrange(1, 15)},{rng.randrange(0, 10)}%", mln=f"{rng.randrange(1, 40)},{rng.randrange(0, 10)}",
                    sec=sec, month=_pick(rng, V.MONTHS), n=rng.randrange(20, 400))


def _paragraph(rng, ctx, n=None, sec="2.1"):
    n = n or rng.randrange(2, 5)
    texts = []
    for _ in range(n * 3):
        s = _sentence(rng, ctx, sec)
        if s[:25] not in {x[:25] for x in texts}:
            texts.append(s)
        if len(texts) == n:
            break
    return {"type": "paragraph", "text": " ".join(texts)}


def _list(rng, ctx, numbered=None):
    k = rng.randrange(2, 5)
    items = [x[0].upper() + x[1:] for x in rng.sample(V.LIST_ITEMS, k)]
    return {"type": "list", "items": items, "ordered": rng.random() < 0.5 if numbered is None else numbered}


_TITLE_WORDS = {
    "amount": ["Exploitatiebudget", "Kosten per dienst", "Werkingsmiddelen", "Uitgaven per beleidsdomein",
               "Financiële toelichting", "Budgettaire onderbouwing", "Opbrengsten en kosten"],
    "count": ["Aantal cliënten per dienst", "Gebruikers per regio", "Aantal dossiers", "Instroom en uitstroom",
              "Personeelsleden per dienst"],
    "hours": ["Uren gepresteerd bij klanten", "Gepresteerde uren per maand", "Opleidingsuren"],
    "fte": ["Personeelsinzet in VTE", "Voltijds equivalenten per functie", "Onderbouwing personeel"],
}


def _title_for(t, rng, num_prefix):
    rel = t.ax["table.relation"]
    y = t.ctx.year
    if rel == "two_sided":
        base = _pick(rng, [f"Balans per 31 december {y}", "Balans", f"Balans op 31/12/{y}"])
        side = getattr(t, "side", None)
        if side:
            base = {"activa": "Activa", "passiva": "Passiva"}[side] + (f" per 31/12/{y}" if rng.random() < 0.5 else "")
    elif rel == "result":
        base = _pick(rng, [f"Resultatenrekening {y}", "Baten en lasten", "Exploitatierekening", f"Exploitatie {y}"])
    elif rel == "balance":
        base = _pick(rng, ["Evolutie van de bestemde fondsen", "Verloop van de reserves", "Kasstroom", "Verloop liquide middelen"])
    elif rel == "product":
        base = _pick(rng, ["Prestaties en tarieven", "Volume en prijs", "Opbrengsten per prestatie"])
    else:
        base = _pick(rng, _TITLE_WORDS[t.measure])
    if t.ax["table.noise"] == "dates" and not re.search(r"\d/|december", base):
        base += _pick(rng, [f" (toestand op 31/12/{y})", f" op {_date(rng, y)}", f" - periode 1/1/{y} tot 31/12/{y}"])
    if num_prefix:
        return f"{num_prefix} {base}"
    style = rng.random()
    if style < 0.45:
        return f"Tabel {t.ctx.table_no}. {base}"
    if style < 0.6:
        return base.upper()
    return base


def _set_title(t, rng, sec):
    ax = t.ax
    t.ctx.table_no = getattr(t.ctx, "table_no", 0) + 1
    pre = f"{sec}.{rng.randrange(1, 6)}" if ax["table.noise"] == "section_numbers" else None
    if ax["table.placement"] == "inline":
        t.title = None
    else:
        t.title = _title_for(t, rng, pre)
    if ax["table.unit"] == "title":
        u = t.unit_text
        if t.title and rng.random() < 0.5:
            t.title += f" ({u})"
        else:
            t.unit_note = f"({u})"


# ----------------------------------------------------------------------------------------------
# documents

def _org(rng):
    form, pat = _pick(rng, V.ORG_FORMS)
    return f"{form} " + pat.format(name=_pick(rng, V.ORG_NAMES), city=_pick(rng, V.CITIES))


def draw_document(seed: int, index: int, producer: str) -> dict:
    rng = _rng_for(seed, index, producer)
    caps = capabilities(producer)
    year = rng.randrange(2019, 2026)
    org = _org(rng)
    dax = {"producer": producer}
    for axis, values in DOC_AXES.items():
        allowed = [v for v in values if v in caps.get(axis, set(values))] or [values[0]]
        dax[axis] = _pick(rng, allowed)
    frng = _rng_for(seed, index, producer, "furniture")
    dax["page.furniture"] = _extra_pick(frng, "page.furniture", caps)
    ctx = Ctx(rng, seed, index, producer, year, org, dax["page.orientation"])
    title = _pick(rng, [f"Jaarverslag {year}", f"Jaarrekening {year}", f"Activiteitenverslag {year}", f"Jaarverslag en jaarrekening {year}"])
    running = dax["page.running"]
    page = {
        "orientation": dax["page.orientation"],
        "text_columns": int(dax["page.text_columns"]),
        "running_header": f"{org} \u2014 {title}" if running in ("header", "both") else None,
        "running_footer": _pick(rng, [f"{title} | pagina {{page}}", f"{org} - p. {{page}}", f"{{page}} | {title}"])
        if running in ("footer", "both") else None,
        "margin_text": f"Goedgekeurd door de raad van bestuur op {_date(rng, year + 1)}" if dax["page.margin_text"] == "yes" else None,
    }
    target = 3 + int(6 * rng.random() ** 1.6)
    nchap = 1 + (rng.random() < 0.55) + (rng.random() < 0.15)
    blocks = [{"type": "heading", "level": 1, "text": title + (f" \u2014 {org}" if rng.random() < 0.5 else "")},
              _paragraph(rng, ctx, rng.randrange(3, 6))]
    kf_slot = len(blocks)
    if rng.random() < 0.5:
        blocks.append(_list(rng, ctx))
    tables_made = []
    chapter_topics = rng.sample(V.SECTION_TOPICS, nchap + 1)
    per_chap = _split_items(rng, max(target, 2 * nchap), nchap) if target >= 2 * nchap else [max(1, target // nchap)] * nchap
    items_left = target
    for ch in range(nchap):
        if items_left <= 0:
            break
        secno = f"{ch + 2}"
        blocks.append({"type": "heading", "level": 1, "text": f"{secno}. {chapter_topics[ch]}" if rng.random() < 0.6 else chapter_topics[ch]})
        blocks.append(_paragraph(rng, ctx, sec=f"{secno}.{rng.randrange(1, 4)}"))
        k = min(per_chap[ch], items_left) if ch < nchap - 1 else items_left
        made = 0
        fresh = True
        while made < k and len(tables_made) < 8:
            new_blocks, new_tables = _table_blocks(ctx, rng, secno, room=8 - len(tables_made), fresh=fresh)
            fresh = False
            blocks.extend(new_blocks)
            tables_made.extend(new_tables)
            made += len(new_tables)
            items_left -= len(new_tables)
            if rng.random() < 0.35:
                blocks.append(_paragraph(rng, ctx, sec=f"{secno}.{rng.randrange(1, 5)}"))
            if rng.random() < 0.15:
                blocks.append(_list(rng, ctx))
    # key figures (some repeat a table total; others are just figures)
    kf_items = []
    kf_checks = []
    links = [t for t in tables_made if t.ax["table.relation"] == "keyfigure" and t.grand is not None]
    if links or rng.random() < 0.35:
        kid = "k1"
        for t in links:
            cols = [c for c in t.num if c.summable and _visible(c) and t.value.get((t.grand, c)) is not None]
            if not cols:
                t.ax["table.relation"] = "sum"
                continue
            c = cols[-1] if t.leafkind in ("years",) else cols[0]
            v = t.value[(t.grand, c)]
            label, value, sc, dd = _kf_value(rng, t, c, v)
            kf_checks.append({"kind": "cross_table", "total": ("kf", kid, len(kf_items)), "kf_scale": sc, "kf_decimals": dd,
                              "items": [(t, t.grand, c, 1)], "_kf": True})
            kf_items.append({"label": label, "value": value})
        for lab, unit in rng.sample(V.KEY_FIGURE_EXTRA, rng.randrange(1, 4)):
            if unit == "jaar":
                value = f"{rng.randrange(35, 52)},{rng.randrange(10)} jaar"
            elif unit == "%":
                value = f"{rng.randrange(70, 99)}%"
            else:
                value = fmt_number(Fraction(rng.randrange(12, 2400)), 0, 1, ".")
            kf_items.append({"label": lab, "value": value})
        rng.shuffle(kf_items) if not kf_checks else None
        kfb = {"type": "key_figures", "id": kid, "title": _pick(rng, [f"Kerncijfers {year}", f"{year} in cijfers", "Kerncijfers", "In een oogopslag"]),
               "items": kf_items, "layout": _pick(rng, ["cards", "lines"])}
        blocks[kf_slot:kf_slot] = [{"type": "heading", "level": 2, "text": kfb["title"]}, kfb] if rng.random() < 0.3 else [kfb]
    furniture.insert(frng, blocks, dax["page.furniture"], year)
    spec = {"id": f"f{seed}-{index:03d}", "seed": seed, "index": index, "producer": producer,
            "org": org, "year": year, "title": title, "axes": dax, "page": page, "blocks": blocks}
    ctx.kf_checks = kf_checks
    _finish(spec, ctx, tables_made, rng)
    return spec


def _kf_value(rng, t, c, v):
    word = _pick(rng, ["Totaal", "Totale", "Som"])
    lab = {"amount": _pick(rng, ["totale kosten", "totaal budget", "totale opbrengsten", "omzet", "balanstotaal"]),
           "count": _pick(rng, ["cliënten", "gebruikers", "dossiers"]), "hours": _pick(rng, ["uren zorg", "gepresteerde uren"]),
           "fte": _pick(rng, ["VTE", "voltijds equivalenten"])}[t.measure]
    label = lab if rng.random() < 0.6 or lab.startswith(("tota", "Tota")) else f"{word} {lab}"
    style = rng.random()
    sep = "." if t.sep in ("", ".") else t.sep
    if t.measure == "amount" and abs(v) >= 1000000 and style < 0.5:
        d = rng.randrange(1, 3)
        txt = fmt_number(v, d, 1000000, sep)
        return label, _pick(rng, [f"€ {txt} mln", f"{txt} miljoen euro", f"€ {txt} miljoen"]), 1000000, d
    if t.measure == "amount" and abs(v) >= 10000 and style < 0.7:
        txt = fmt_number(v, 0, 1000, sep)
        return label, f"{txt} k€", 1000, 0
    txt = fmt_number(v, c.dec, c.scale, sep)
    unit = {"amount": "", "count": "", "hours": " uren", "fte": " VTE"}[t.measure]
    if t.measure == "amount" and c.scale == 1:
        return label, f"€ {txt}", 1, c.dec
    if t.measure == "amount":
        return label, f"{txt} {'k€' if c.scale == 1000 else 'mln €'}", c.scale, c.dec
    return label, txt + unit, c.scale, c.dec


def _clone_cols(src_cols, keep=None):
    mp = {}
    out = []
    for c in src_cols:
        if keep is not None and not keep(c):
            continue
        n = Col(c.kind, list(c.head), c.dec, c.scale, c.pct, c.measure)
        for k, v in c.__dict__.items():
            if k not in ("members", "ratio"):
                setattr(n, k, v)
        mp[c] = n
        out.append(n)
    for c in src_cols:
        if c in mp:
            n = mp[c]
            n.members = [(mp[m], s) for m, s in c.members if m in mp]
            if c.ratio is not None:
                rc = dict(c.ratio)
                rc["num"] = [(mp[m], s) for m, s in c.ratio["num"] if m in mp]
                if isinstance(rc["den"], list):
                    rc["den"] = [(mp[m], s) for m, s in c.ratio["den"] if m in mp]
                n.ratio = rc
    return out, mp


def _clone_structure(t, src):
    t.cols, mp = _clone_cols(src.cols)
    t.num = [mp[c] for c in src.num]
    t.measure = src.measure
    t.unit_text = src.unit_text
    t.leafkind = src.leafkind
    t.label_head = src.label_head
    t.code_mode = src.code_mode
    t.code_style = getattr(src, "code_style", None)
    t.hlevels = src.hlevels
    t.rows_budget = src.rows_budget


def _companion(ctx, t):
    """a detail table whose coded rows roll up into one coded row of t (codes across tables)."""
    rng = ctx.rng
    cands = [r for r in t.rows if r.kind == "item" and not r.waarvan and getattr(r, "code", None)
             and not getattr(r, "waarvan_rows", None)
             and all((r, c) not in t.empty and (t.value.get((r, c)) or 0) > 0
                     for c in t.num if c.kind == "base" and _visible(c) and not hasattr(c, "waarvan_of"))
             and not (t.spreadsheet and t.spreadsheet[0] is r)]
    bases = [c for c in t.num if c.kind == "base" and _visible(c) and not hasattr(c, "waarvan_of")]
    if not cands or not bases:
        return None
    parent = _pick(rng, cands)
    ax = dict(t.ax)
    ax.update({"table.placement": "full", "table.continued": "no", "table.non_additive": "none",
               "table.labels": "codes_cross_table", "table.repeated_header_row": "no", "table.noise": "none",
               "table.empty_cells": "none", "table.relation": "sum", "table.total_kind": _pick(rng, ["grand", "none"])})
    ax["table.total_position"] = "bottom" if ax["table.total_kind"] == "grand" else "none"
    t2 = T(ctx, ax, False)
    lab_cols = [c for c in t.cols if c.kind in ("label", "code") and getattr(c, "lkey", "") in ("label", "code")]
    if ax["table.header_kind"] == "spanning_groups" or t.hlevels == 0:
        pass
    t2.cols, mp = _clone_cols(lab_cols + bases)
    t2.num = [mp[c] for c in bases]
    for c in t2.num:
        c.members = []
    t2.measure, t2.unit_text, t2.leafkind = t.measure, t.unit_text, t.leafkind
    t2.label_head, t2.code_mode, t2.hlevels = t.label_head, t.code_mode, t.hlevels
    n = rng.randrange(2, 6)
    labs = _labels(rng, n, _pick(rng, ["lasten", "services", "aims"]) if t.measure == "amount" else "services", ctx.year)
    kids = []
    for i in range(n):
        r = _mkrow("item", labs[i])
        code = f"{parent.code}.{i + 1}"
        if t.code_mode == "inline":
            r.labels["label"] = f"{code} {labs[i]}"
        else:
            r.labels["code"] = code
        r.code = code
        kids.append(r)
    t2.rows = list(kids)
    t2.grand = None
    t2.top_items = kids
    if ax["table.total_kind"] == "grand":
        g = _mkrow("total", _pick(rng, ["Totaal", f"Totaal {parent.code}"]))
        g.rel, g.relkind = [(r, 1) for r in kids], "row_total"
        t2.rows.append(g)
        t2.grand = g
    for c in bases:
        c2 = mp[c]
        v = t.value[(parent, c)]
        u = _unit_of(c, ax)
        units = int(v / u)
        w = [rng.randrange(1, 10) for _ in kids]
        parts = [units * x // sum(w) for x in w]
        parts[-1] = units - sum(parts[:-1])
        rest = v - units * u
        for r, p in zip(kids, parts):
            r.vals[c2] = p * u
        kids[-1].vals[c2] += rest
    t2.empty = set()
    _compute(t2)
    _symbolic_checks(t2)
    t2.title = f"{parent.code} {parent.labels['label'].replace(parent.code + ' ', '')}"
    t2.unit_note = f"({t.unit_text})" if t.unit_note or (t.title and t.unit_text in (t.title or "")) else None
    for c in bases:
        ctx.cross.append({"kind": "rollup", "total": (t, parent, c),
                          "items": [(t2, r, mp[c], 1) for r in kids]})
    return t2


def _limit_sheet_errors(ctx, ax):
    """a spreadsheet error string is a true `fail` check: keep them in a minority of documents."""
    if ax["table.noise"] == "spreadsheet_errors" and (getattr(ctx, "n_sheet_err", 0) >= 1 or ctx.rng.random() < 0.75):
        ax["table.noise"] = "none"
    ctx.n_sheet_err = getattr(ctx, "n_sheet_err", 0) + (ax["table.noise"] == "spreadsheet_errors")


def _table_blocks(ctx, rng, secno, room, fresh=False):
    ax = draw_table_axes(ctx)
    # at most one rotated page and one continued table per document (documents stay 2-8 pages)
    if ax["table.placement"] == "rotated" and getattr(ctx, "n_rotated", 0) >= 1:
        ax["table.placement"] = "full"
    if ax["table.continued"] != "no" and getattr(ctx, "n_continued", 0) >= 1:
        ax["table.continued"] = "no"
    _limit_sheet_errors(ctx, ax)
    ax = _compat(ax, ctx, small=False)
    ctx.n_rotated = getattr(ctx, "n_rotated", 0) + (ax["table.placement"] == "rotated")
    ctx.n_continued = getattr(ctx, "n_continued", 0) + (ax["table.continued"] != "no")
    pl = ax["table.placement"]
    pair = pl in ("side_by_side", "stacked", "two_sided")
    if (pair and room < 2) or (ax["table.labels"] == "codes_cross_table" and room < 2):
        if pair:
            ax["table.placement"] = "full"
            if ax["table.relation"] == "two_sided" and rng.random() < 0.5:
                ax["table.relation"] = "sum"
        if ax["table.labels"] == "codes_cross_table":
            ax["table.labels"] = "codes"
        ax = _compat(ax, ctx, small=False)
        pl = ax["table.placement"]
        pair = False
    blocks = []
    sub = f"{secno}.{rng.randrange(1, 9)}"
    if ax["table.continued"] != "no" and not fresh:
        # a continued table starts at the top of a page (a chapter already starts on a new page)
        blocks.append({"type": "page_break"})
    if rng.random() < 0.6 or ax["table.noise"] == "section_numbers":
        htxt = _pick(rng, V.SECTION_TOPICS)
        if ax["table.noise"] == "section_numbers" or rng.random() < 0.4:
            htxt = f"{sub} {htxt}" if rng.random() < 0.7 else f"{sub}. {htxt}"
        blocks.append({"type": "heading", "level": _pick(rng, [2, 2, 3]), "text": htxt})
    if ax["table.noise"] == "dates":
        blocks.append({"type": "paragraph", "text": f"Toestand op {_date(rng, ctx.year)}. " + _sentence(rng, ctx, sub)
                       + f" Laatst bijgewerkt op {_date(rng, ctx.year + 1)}."})
    elif rng.random() < 0.4 and pl not in ("inline", "beside_prose"):
        blocks.append(_paragraph(rng, ctx, sec=sub))
    tables = []
    if pair:
        arrangement = "stacked" if pl == "stacked" else "side_by_side"
        if ax["table.relation"] == "two_sided":
            half = arrangement == "side_by_side"
            a = build_table(ctx, dict(ax), small=half, side="activa")
            ax2 = dict(a.ax)
            p = build_table(ctx, ax2, small=half, side="passiva", activa_table=a)
            for tt in (a, p):
                _set_title(tt, rng, sub)
            for c in [c for c in a.num if c.kind == "base" and _visible(c)]:
                c2 = _match_col(p, c, a)
                ctx.cross.append({"kind": "two_sided", "total": (p, p.grand, c2), "items": [(a, a.grand, c, 1)]})
            tables = [a, p]
        else:
            half = arrangement == "side_by_side"
            a = build_table(ctx, ax, small=half)
            ax2 = draw_table_axes(ctx, placement=pl)
            _limit_sheet_errors(ctx, ax2)
            ax2 = _compat(ax2, ctx, small=True)
            if ax2["table.relation"] == "two_sided" or ax2["table.labels"] == "codes_cross_table":
                ax2["table.relation"] = "sum" if ax2["table.relation"] == "two_sided" else ax2["table.relation"]
                ax2["table.labels"] = "codes" if ax2["table.labels"] == "codes_cross_table" else ax2["table.labels"]
                ax2 = _compat(ax2, ctx, small=True)
            b = build_table(ctx, ax2, small=half)
            for tt in (a, b):
                _set_title(tt, rng, sub)
            tables = [a, b]
        for tt in tables:
            _spreadsheet(tt)
        blocks.append({"type": "group", "arrangement": arrangement,
                       "items": [{"type": "table", "_t": tables[0]}, {"type": "table", "_t": tables[1]}]})
    else:
        t = build_table(ctx, ax, small=pl in ("beside_prose",))
        _set_title(t, rng, sub)
        if t.ax["table.relation"] == "two_sided" and getattr(t, "sides", None):
            ta, tpv, plug = t.sides
            for c in [c for c in t.num if c.kind == "base" and _visible(c)]:
                t.checks.append({"kind": "two_sided", "total": (tpv, c), "items": [(ta, c, 1)]})
        if getattr(t, "inline_two_sided", None):
            a_, p_ = t.inline_two_sided
            for c in [c for c in t.num if c.kind == "base" and _visible(c)]:
                t.checks.append({"kind": "two_sided", "total": (p_, c), "items": [(a_, c, 1)]})
        _spreadsheet(t)
        tables = [t]
        tb = {"type": "table", "_t": t}
        if pl == "inline":
            blocks.append(_paragraph(rng, ctx, rng.randrange(1, 3), sec=sub))
            blocks.append(tb)
            blocks.append(_paragraph(rng, ctx, rng.randrange(1, 3), sec=sub))
        elif pl == "beside_prose":
            para = _paragraph(rng, ctx, rng.randrange(3, 6), sec=sub)
            blocks.append({"type": "group", "arrangement": "beside_prose",
                           "items": [tb, para] if rng.random() < 0.5 else [para, tb]})
        else:
            blocks.append(tb)
        if t.ax["table.labels"] == "codes_cross_table":
            t2 = _companion(ctx, t)
            if t2 is None:
                t.ax["table.labels"] = "codes"
            else:
                t2.ax["table.labels"] = "codes_cross_table"
                blocks.append({"type": "heading", "level": 3, "text": _pick(rng, ["Toelichting bij ", "Detail ", ""]) + t2.title})
                t2.title = None if rng.random() < 0.5 else t2.title
                blocks.append({"type": "table", "_t": t2})
                tables.append(t2)
    if ax["table.noise"] == "section_numbers":
        blocks.append(_list(rng, ctx, numbered=True))
        blocks.append({"type": "paragraph", "text": f"Zie ook punt {sub}.{rng.randrange(1, 5)} en hoofdstuk {int(secno) + 1}."})
    return blocks, tables


# ----------------------------------------------------------------------------------------------
# finishing: concrete blocks, resolved checks, planted errors

def _render_blocks(template):
    out = []
    for b in template:
        if b.get("type") == "table" and "_t" in b:
            out.append(table_block(b["_t"]))
        elif b.get("type") == "group":
            out.append({"type": "group", "arrangement": b["arrangement"], "items": _render_blocks(b["items"])})
        else:
            nb = dict(b)
            if b.get("type") == "key_figures":
                nb["items"] = [dict(i) for i in b["items"]]
            out.append(nb)
    return out


def _template_tables(template):
    for b in template:
        if b.get("type") == "table" and "_t" in b:
            yield b["_t"]
        elif b.get("type") == "group":
            yield from _template_tables(b["items"])


def _all_checks(ctx, tables):
    allc = []
    for t in tables:
        for ch in t.checks:
            c = {"kind": ch["kind"], "total": (t,) + ch["total"] if ch.get("total") else None,
                 "items": [(t,) + x for x in ch["items"]]}
            if "den" in ch:
                c["den"] = [(t,) + x for x in ch["den"]]
                c["factor"] = ch["factor"]
            if "stated_const" in ch:
                c["stated_const"] = ch["stated_const"]
            allc.append(c)
    allc += ctx.cross
    allc += ctx.kf_checks
    for i, c in enumerate(allc):
        c["id"] = f"c{i + 1}"
    return allc


def _materialise(spec, template, checks):
    spec["blocks"] = _render_blocks(template)
    for t in _template_tables(template):
        t._ri = {id(r): i for i, r in enumerate(t.rows)}
        t._ci = {id(c): i for i, c in enumerate(t.vis_cols())}
    res = []
    for ch in checks:
        r = _resolve(ch, None, None)
        if r is not None:
            res.append(r)
    spec["_checks"] = res


def _row_path_cells(t, r):
    cols = t.vis_cols()
    out = []
    for c in cols:
        if c.kind in ("label", "code"):
            v = r.labels.get(getattr(c, "lkey", "label"), "")
            if v:
                out.append(v)
    return out


def _col_path(t, c):
    path = []
    for h in c.head:
        if h and (not path or path[-1] != h):
            path.append(h)
    return path


def _digit_edit(rng, text, op):
    pos = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not pos:
        return None
    s = list(text)
    if op == "one_digit":
        i = _pick(rng, pos)
        old = s[i]
        choices = [d for d in "0123456789" if d != old and not (d == "0" and i == pos[0] and len(pos) > 1)]
        s[i] = _pick(rng, choices)
        return "".join(s)
    pairs = [(a, b) for a, b in zip(pos, pos[1:]) if s[a] != s[b] and not (a == pos[0] and s[b] == "0")]
    if not pairs:
        return None
    a, b = _pick(rng, pairs)
    s[a], s[b] = s[b], s[a]
    return "".join(s)


def _figure_cells(t, checks):
    """(row, col) figure cells of t that some check of the document uses."""
    used = set()
    for ch in checks:
        if ch["kind"] == "spreadsheet_error":
            continue
        refs = ([ch["total"]] if ch.get("total") and ch["total"][0] is t else []) + \
               [x for x in ch["items"] + ch.get("den", []) if x[0] is t]
        for x in refs:
            used.add((x[1], x[2]))
    return [(r, c) for r in t.rows for c in t.num if (r, c) in used]


def _plant(spec, ctx, template, tables, checks, rng):
    spec["_planted"] = []
    if rng.random() >= PLANT_SHARE:
        return
    base = truth_mod().evaluate_all(spec)
    nplant = 2 if rng.random() < 0.2 else 1
    used_tables = set()
    kf_block = next((b for b in template if b.get("type") == "key_figures"), None)
    for pi in range(nplant):
        ops = list(PLANT_OPS)
        # the first operation is drawn among those the document has a cell for, so the rare ones
        # (key figure, percent sum) are planted whenever a document allows them
        offered = [op for op in ops if _plant_candidates(op, tables, checks, used_tables, kf_block, ctx)]
        first = _wpick(rng, "plant", offered or ops)
        ops.remove(first)
        rng.shuffle(ops)
        done = False
        for op in [first] + ops:
            cands = _plant_candidates(op, tables, checks, used_tables, kf_block, ctx)
            rng.shuffle(cands)
            for cand in cands[:12]:
                rec = _apply_plant(op, cand, rng, spec, template, checks)
                if rec is None:
                    continue
                now = truth_mod().evaluate_all(spec)
                broken = sorted((k for k, v in now.items() if v == "fail" and base.get(k) != "fail"),
                                key=lambda x: int(x[1:]))
                changed_ok = all(now.get(k) == base.get(k) or now.get(k) == "fail" or k in broken for k in now)
                if broken and changed_ok:
                    rec["id"] = f"p{len(spec['_planted']) + 1}"
                    rec["checks"] = broken
                    spec["_planted"].append(rec)
                    used_tables.add(rec["table"])
                    if rec.get("detail_table"):
                        used_tables.add(rec["detail_table"])
                    base = now
                    done = True
                    break
                rec["undo"]()
                _materialise(spec, template, checks)
            if done:
                break
    for p in spec["_planted"]:
        p.pop("undo", None)


def _plant_candidates(op, tables, checks, used_tables, kf_block, ctx):
    out = []
    for t in tables:
        if t.tid in used_tables or t.spreadsheet:
            continue
        cells = _figure_cells(t, checks)
        if op in ("one_digit", "transposition", "factor_1000", "sign_slip"):
            for r, c in cells:
                v = t.value.get((r, c))
                if v is None or (r, c) in t.empty or v == 0 or c.kind == "ratio" and op == "factor_1000":
                    continue
                out.append((t, r, c))
        elif op == "dropped_row":
            used = {rc[0] for rc in cells}
            for r in t.rows:
                if r.drop_ok and r.kind == "item" and r in used and r in t.parent and not r.waarvan:
                    out.append((t, r, None))
        elif op == "wrong_subtotal_carried":
            for r in t.rows:
                if r.rel and r in t.parent and t.parent[r] is not None and r.kind in ("subtotal", "carried") \
                        and r.relkind in ("row_total", "rollup"):
                    for c in t.num:
                        if c.summable and _visible(c) and t.value.get((r, c)) is not None and (r, c) in cells:
                            out.append((t, r, c))
        elif op == "percent_sum":
            pcells = {(x[1], x[2]) for ch in checks if ch["kind"] == "percent_sum" for x in ch["items"] if x[0] is t}
            for r, c in cells:
                if (r, c) in pcells and t.value.get((r, c)) and r.rel is None:
                    out.append((t, r, c))
    if op == "key_figure" and kf_block is not None:
        for ch in checks:
            if ch.get("_kf") and ch["items"][0][0].tid not in used_tables and "k1" not in used_tables:
                out.append(("kf", ch["total"][2], ch))
    return out


def _apply_plant(op, cand, rng, spec, template, checks):
    if op == "key_figure":
        _, idx, ch = cand
        kfb = next(b for b in template if b.get("type") == "key_figures")
        old = kfb["items"][idx]["value"]
        m = truth_mod()._NUM.search(old)
        new_num = _digit_edit(rng, m.group(0), "one_digit")
        if not new_num:
            return None
        kfb["items"][idx]["value"] = old[:m.start()] + new_num + old[m.end():]
        _materialise(spec, template, checks)

        def undo():
            kfb["items"][idx]["value"] = old
        return {"operation": op, "table": "k1", "at": ["k1", idx, 1], "row": [kfb["items"][idx]["label"]], "column": [],
                "printed": kfb["items"][idx]["value"], "true": old, "detail_table": ch["items"][0][0].tid, "undo": undo}
    t, r, c = cand
    tb_before = table_block(t)
    if op == "dropped_row":
        i = t.rows.index(r)
        cells = tb_before["rows"][i]["cells"]
        old_split = getattr(t, "split_row", None)
        if old_split is r:
            t.split_row = t.rows[i - 1]
        t.rows.remove(r)
        t._cache = None
        _materialise(spec, template, checks)

        def undo():
            t.rows.insert(i, r)
            t.split_row = old_split
            t._cache = None
        return {"operation": op, "table": t.tid, "at": [t.tid, t.hlevels + i, None], "row": _row_path_cells(t, r),
                "column": [], "printed": None, "true": " | ".join(x for x in cells if x), "true_cells": cells, "undo": undo}
    cols = t.vis_cols()
    old = tb_before["rows"][t.rows.index(r)]["cells"][cols.index(c)]
    v = t.value[(r, c)]
    also = []
    if op in ("one_digit", "transposition", "percent_sum"):
        new = _digit_edit(rng, old, "one_digit" if op == "percent_sum" else op)
    elif op == "sign_slip":
        new = fmt_number(-v, c.dec, c.scale, t.sep, t.neg, c.pct)
    elif op == "factor_1000":
        new = fmt_number(v * 1000, c.dec, c.scale, t.sep, t.neg, c.pct)
    else:  # wrong_subtotal_carried: the subtotal is off and the wrong figure is carried up
        u = Fraction(c.scale, 10 ** c.dec)
        delta = max(u * 7, round_half_up(abs(v) / (rng.randrange(5, 40)), 0) // u * u) * _pick(rng, [1, -1])
        new = fmt_number(v + delta, c.dec, c.scale, t.sep, t.neg, c.pct)
        up = t.parent.get(r)
        while up is not None and up.relkind in ("row_total", "rollup") and t.value.get((up, c)) is not None:
            also.append((up, c, fmt_number(t.value[(up, c)] + delta, c.dec, c.scale, t.sep, t.neg, c.pct)))
            up = t.parent.get(up)
    if not new or new == old:
        return None
    keys = [(r, c)] + [(a, b) for a, b, _ in also]
    saved = {k: t.override.get(k) for k in keys}
    t.override[(r, c)] = new
    extra = []
    for a, b, txt in also:
        extra.append({"at": [t.tid, t.hlevels + t.rows.index(a), cols.index(b)],
                      "printed": txt, "true": tb_before["rows"][t.rows.index(a)]["cells"][cols.index(b)]})
        t.override[(a, b)] = txt
    t._cache = None
    _materialise(spec, template, checks)

    def undo():
        t._cache = None
        for k, v_ in saved.items():
            if v_ is None:
                t.override.pop(k, None)
            else:
                t.override[k] = v_
    rec = {"operation": op, "table": t.tid, "at": [t.tid, t.hlevels + t.rows.index(r), cols.index(c)],
           "row": _row_path_cells(t, r), "column": _col_path(t, c), "printed": new, "true": old, "undo": undo}
    if extra:
        rec["also_changed"] = extra
    return rec


_TRUTH = None


def truth_mod():
    global _TRUTH
    if _TRUTH is None:
        import os
        import sys
        here = os.path.dirname(os.path.abspath(__file__))
        if here not in sys.path:
            sys.path.insert(0, here)
        import truth
        _TRUTH = truth
    return _TRUTH


def _finish(spec, ctx, tables, rng):
    template = spec["blocks"]
    checks = _all_checks(ctx, tables)
    _materialise(spec, template, checks)
    _plant(spec, ctx, template, tables, checks, rng)
    # record the realised table axes (the plant axis is per check, in the truth)
    for b in truth_mod()._walk(spec["blocks"]):
        if b.get("type") == "table":
            b["axes"]["producer"] = spec["producer"]


def draw_batch(seed: int, count: int, producers: list[str] | None = None) -> list[dict]:
    rng = random.Random(f"forge-batch|{seed}|{count}|{','.join(producers or [])}")
    if producers:
        start = rng.randrange(len(producers))
        plist = [producers[(start + i) % len(producers)] for i in range(count)]
    else:
        plist = []
        acc = {p: 0.0 for p in PRODUCERS}
        for i in range(count):
            for p in PRODUCERS:
                acc[p] += PRODUCER_WEIGHTS[p] / 100
            best = max(PRODUCERS, key=lambda p: (acc[p], -PRODUCERS.index(p)))
            acc[best] -= 1
            plist.append(best)
        rng.shuffle(plist)
    return [draw_document(seed, i, plist[i]) for i in range(count)]
