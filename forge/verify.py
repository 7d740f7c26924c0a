#!/usr/bin/env python3
"""Check a forge truth file against the document it describes, independently of the generator.

Usage: python3 forge/verify.py DOC TRUTH.json [DOC TRUTH.json ...]    (exit 1 on any problem)

Two things are checked, neither through model.py's or truth.py's code:

1. Arithmetic. Every check's stated figure, computed figure and status are recomputed from the
   *printed* cell texts at its `total_at` / items' `at` ([table id, row, column] into the truth's
   tables), read by this module's own number parser (dot / space / no-break / thin / narrow
   no-break thousands, decimal comma, -12, U+2212 12, (12), -/- 12, %, € / k€ / mln words), with
   XBRL Calculations 1.1 interval semantics (samples/README.md): a figure printed with d decimals
   stands for [v - 1/2*10^-d, v + 1/2*10^-d]; an empty cell (blank, -, —, nvt) is exactly 0. Figures
   are compared in euro (each cell times its `scale`); `stated`/`computed` are then expressed in the
   units of the stated figure (the check's `scale` divided out; given times the scale is accepted
   too). Sums (row/column totals, roll-ups, cross-table, waarvan, balance, result, two-sided,
   percent sums), ratios (`items` over `den`, times `factor`, rounded half up or half even to the
   stated decimals), products, and spreadsheet errors (the stated cell is not a number). A failing
   check must be explained by a plant, and each plant must make one of its checks fail.
2. Text. Every non-empty printed cell, table title and key figure of the truth occurs in the
   document's text: `pdftotext -layout` (and `-raw`, for rotated tables) of the PDF, or the text
   content of the HTML page, white space collapsed. Figures must occur as one unbroken string; label
   and title texts may wrap, so for them each word must occur.

`verify(doc_path, truth)` returns a list of problem strings (empty = verified).
"""
import html.parser
import re
import subprocess
import sys
import unicodedata
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

# ---------------------------------------------------------------- number texts

EMPTY_MARKERS = {"", "-", "\u2013", "\u2014", "nvt", "n.v.t.", "n.v.t", "n.v.", "nb", "n.b."}
SPREADSHEET_ERRORS = re.compile(r"^#[A-Z/0]+[!?]?$", re.I)  # #DIV/0!, #REF!, #VERW!, #DEEL/0!, #N/B, #NAAM?, ...
SEPARATORS = ".\u0020\u00a0\u2009\u202f"
_MINUS = "-\u2212\u2012\u2013"
_UNIT_WORDS = re.compile(r"^(?:k€|€|eur|euro|mln|mio|miljoen|k)\s*|\s*(?:k€|€|eur|euro|mln|mio|miljoen)$", re.I)


class Malformed(Exception):
    pass


class Number:
    """A printed figure: exact value (as printed, sign included), decimals, percent flag."""

    __slots__ = ("value", "decimals", "percent")

    def __init__(self, value, decimals, percent):
        self.value, self.decimals, self.percent = value, decimals, percent

    @property
    def half(self):
        return Fraction(1, 2 * 10 ** self.decimals)

    def __repr__(self):
        return "Number(%s, %d%s)" % (self.value, self.decimals, ", %" if self.percent else "")


_WORDS_AFTER = re.compile(r"^(.*?\d%?)(?:\s+[^\W\d_][^\d]*)$")


def parse_number(text, unit_words=False):
    """The figure printed as `text`: a Number, None for an empty cell (blank, -, —, nvt), or raises
    Malformed (spreadsheet errors and anything that is not one of the forge's number formats).
    unit_words: words after the figure are allowed (key figures: "2.309 vragen", "786 033,07 uren")."""
    t = unicodedata.normalize("NFC", text or "").strip()
    if unit_words:
        m = _WORDS_AFTER.match(t)
        if m:
            t = m.group(1)
    if t.casefold() in EMPTY_MARKERS:
        return None
    if SPREADSHEET_ERRORS.match(t):
        raise Malformed("spreadsheet error %r" % text)
    negative = percent = False
    if t.endswith("%"):
        percent, t = True, t[:-1].rstrip()
    if t.startswith("-/-"):
        negative, t = True, t[3:].strip()
    elif t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    if t.endswith("%"):
        if percent:
            raise Malformed("two percent signs in %r" % text)
        percent, t = True, t[:-1].rstrip()
    for _ in range(2):
        t = _UNIT_WORDS.sub("", t).strip()
    if t and t[0] in _MINUS:
        if negative:
            raise Malformed("two signs in %r" % text)
        negative, t = True, t[1:].strip()
    if t.endswith("%") and not percent:
        percent, t = True, t[:-1].rstrip()
    m = re.fullmatch(r"(\d+)(?:,(\d+))?", t)
    if m is None:
        m = re.fullmatch(r"(\d{1,3}(?:([%s])\d{3})(?:\2\d{3})*)(?:,(\d+))?" % re.escape(SEPARATORS), t)
        if m is None:
            raise Malformed("not a number: %r" % text)
        whole, frac = re.sub("[%s]" % re.escape(SEPARATORS), "", m.group(1)), m.group(3)
    else:
        whole, frac = m.group(1), m.group(2)
    frac = frac or ""
    value = Fraction(int(whole + frac), 10 ** len(frac))
    return Number(-value if negative else value, len(frac), percent)


def dec_str(q):
    """An exact decimal string for a Fraction whose denominator divides a power of ten."""
    q = Fraction(q)
    d = 0
    while (q * 10 ** d).denominator != 1:
        d += 1
        if d > 30:
            raise ValueError("not a finite decimal: %s" % q)
    n = q * 10 ** d
    s = str(abs(n.numerator)).rjust(d + 1, "0")
    s = s[:-d] + "." + s[-d:] if d else s
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return ("-" if q < 0 else "") + s


def round_to(q, decimals, mode=ROUND_HALF_UP):
    """q rounded to `decimals` decimals, exactly (half up = away from zero, or half even)."""
    scaled = Fraction(q) * 10 ** decimals
    n, r = divmod(abs(scaled.numerator), scaled.denominator)
    twice = 2 * r
    if twice > scaled.denominator or (twice == scaled.denominator and (mode == ROUND_HALF_UP or n % 2 == 1)):
        n += 1
    return Fraction(n if scaled >= 0 else -n, 10 ** decimals)


def _dec(v):
    if v is None:
        return None
    try:
        return Fraction(Decimal(str(v).strip()))
    except Exception:
        return "bad"


# ---------------------------------------------------------------- checks

SUM_KINDS = {"row_total", "column_total", "percent_sum", "cross_table", "rollup", "waarvan", "balance",
             "result", "two_sided"}
EXACT_ZERO = Number(Fraction(0), None, False)  # an empty cell: exactly 0, no rounding interval


def _half(n):
    return Fraction(0) if n.decimals is None else n.half


def _frac(v, default="1"):
    return Fraction(Decimal(str(v if v not in (None, "") else default)))


class Cells:
    """The printed texts a check can address: [table id, row, column] into the truth's tables, or a
    key figure (an address outside the tables, whose text must be one of the truth's key figures)."""

    def __init__(self, truth):
        self.tables = {t.get("id", i): t for i, t in enumerate(truth.get("tables") or [])}
        self.key_values = {k.get("value") for k in truth.get("key_figures") or []}

    def is_key_figure(self, at):
        return isinstance(at, (list, tuple)) and len(at) == 3 and at[0] not in self.tables

    def text(self, at, given=None):
        if not isinstance(at, (list, tuple)) or len(at) != 3:
            raise KeyError("no cell address %r" % (at,))
        t, r, c = at
        table = self.tables.get(t)
        if table is None:
            if given is not None and given in self.key_values:
                return given
            raise KeyError("%r is neither a table nor a key figure %r of the truth" % (t, given))
        rows = table["rows"]
        if not (0 <= r < len(rows)) or not (0 <= c < len(rows[r])):
            raise KeyError("no cell %r in table %r (%d rows)" % ((r, c), t, len(rows)))
        text = rows[r][c]
        if given is not None and given != text:
            raise ValueError("text %r differs from the printed cell %r at %r" % (given, text, at))
        return text


def _operands(items, cells):
    """[(sign, Number, scale)] of the printed items."""
    out = []
    for it in items or []:
        text = cells.text(it["at"], it.get("text")) if it.get("at") is not None else it.get("text")
        n = parse_number(text, unit_words=cells.is_key_figure(it.get("at")))
        out.append((int(it.get("sign", 1)), EXACT_ZERO if n is None else n, _frac(it.get("scale"))))
    return out


def _signed_sum(ops):
    """Exact signed sum (scaled) and the half-width of its interval."""
    return (sum((s * n.value * k for s, n, k in ops), Fraction(0)),
            sum((_half(n) * k for s, n, k in ops), Fraction(0)))


def _overlap(value, half, stated, stated_half):
    return abs(value - stated) <= half + stated_half


def recompute(check, cells):
    """(stated, computed, status) recomputed from the printed texts; stated/computed as Fractions in
    the printed units of the stated figure (the total's scale divided out), None when malformed.
    Raises KeyError/Malformed/ValueError when the check cannot be recomputed. `cells`: a Cells, or a
    dict of tables by id."""
    if not isinstance(cells, Cells):
        cells = Cells({"tables": list(cells.values())})
    kind = check["kind"]
    scale = _frac(check.get("scale"))
    if check.get("total_at") is not None:
        total_text = cells.text(check["total_at"], check.get("total_text"))
        try:
            stated = parse_number(total_text, unit_words=cells.is_key_figure(check["total_at"]))
        except Malformed:
            if kind in ("spreadsheet_error", "malformed_number"):
                return None, None, "fail"
            raise
        stated = EXACT_ZERO if stated is None else stated
    elif kind in ("spreadsheet_error", "malformed_number"):
        raise ValueError("a malformed-number check without its cell")
    else:
        const = check.get("stated_const", check.get("stated") if kind != "percent_sum" else "100")
        stated = Number(_frac(const, "100"), None, kind == "percent_sum")
    if kind in ("spreadsheet_error", "malformed_number"):
        raise ValueError("%r is not malformed" % total_text)
    T, Th = stated.value * scale, _half(stated) * scale

    if kind == "ratio":
        if not check.get("items") or not check.get("den"):
            raise ValueError("a ratio needs numerator items and denominator items (den)")
        num = _operands(check.get("items"), cells)
        den = _operands(check.get("den"), cells)
        a, ah = _signed_sum(num)
        b, bh = _signed_sum(den)
        if b == 0:
            raise ValueError("ratio with a zero denominator (a reconciler skips it)")
        factor = _frac(check.get("factor"))
        q = factor * a / b / scale
        d = stated.decimals or 0
        computed = round_to(q, d)
        if computed * scale == T or round_to(q, d, ROUND_HALF_EVEN) * scale == T:
            status = "pass"
        else:
            rng = _quotient_range(a, ah, b, bh)
            if rng is None:
                status = "pass_within_rounding"  # the denominator may be 0: any quotient is possible
            else:
                lo, hi = sorted((factor * rng[0], factor * rng[1]))
                status = "pass_within_rounding" if lo <= T + Th and hi >= T - Th else "fail"
        return stated.value, computed, status
    if kind == "product":
        ops = _operands(check.get("items"), cells)
        value, lo, hi = Fraction(1), Fraction(1), Fraction(1)
        for s, n, k in ops:
            if s != 1:
                raise ValueError("a product item with sign %r" % s)
            x, xh = n.value * k, _half(n) * k
            corners = [u * v for u in (lo, hi) for v in (x - xh, x + xh)]
            value, lo, hi = value * x, min(corners), max(corners)
        if value == T:
            status = "pass"
        else:
            status = "pass_within_rounding" if lo <= T + Th and hi >= T - Th else "fail"
        return stated.value, value / scale, status
    if kind in SUM_KINDS:
        computed, half = _signed_sum(_operands(check.get("items"), cells))
        if computed == T:
            status = "pass"
        elif _overlap(computed, half, T, Th):
            status = "pass_within_rounding"
        else:
            status = "fail"
        return stated.value, computed / scale, status
    raise ValueError("unknown check kind %r" % kind)


def _quotient_range(num, num_half, den, den_half):
    """[lo, hi] of a/b for a in [num ± num_half], b in [den ± den_half]; None when b's interval holds 0."""
    blo, bhi = den - den_half, den + den_half
    if blo <= 0 <= bhi:
        return None
    corners = [a / b for a in (num - num_half, num + num_half) for b in (blo, bhi)]
    return min(corners), max(corners)


def _same_figure(truth_value, mine, scale):
    """The truth's exact decimal string equals my figure as printed or times the check's scale."""
    if truth_value is None or mine is None:
        return truth_value is None and mine is None
    t = _dec(truth_value)
    if t == "bad":
        return False
    return t == mine or (scale not in (None, 1) and t == mine * Fraction(Decimal(str(scale))))


def verify_checks(truth):
    problems = []
    cells = Cells(truth)
    for c in truth.get("checks") or []:
        cid = c.get("id", "?")
        try:
            stated, computed, status = recompute(c, cells)
        except (KeyError, ValueError, Malformed) as e:
            problems.append("check %s (%s): cannot recompute: %s" % (cid, c.get("kind"), e))
            continue
        if status != c.get("status"):
            problems.append("check %s (%s): status %s in truth, %s recomputed (stated %s, computed %s)" % (
                cid, c.get("kind"), c.get("status"), status, stated if stated is None else dec_str(stated),
                computed if computed is None else dec_str(computed)))
        scale = c.get("scale")
        if not _same_figure(c.get("stated"), stated, scale):
            problems.append("check %s (%s): stated %r in truth, %s printed" % (
                cid, c.get("kind"), c.get("stated"), stated if stated is None else dec_str(stated)))
        if not _same_figure(c.get("computed"), computed, scale):
            problems.append("check %s (%s): computed %r in truth, %s recomputed" % (
                cid, c.get("kind"), c.get("computed"), computed if computed is None else dec_str(computed)))
    checks = {c.get("id"): c for c in truth.get("checks") or []}
    for p in truth.get("planted") or []:
        linked = [checks.get(k) for k in p.get("checks") or []]
        if not linked or any(x is None for x in linked):
            problems.append("plant %s: checks %r not all in the truth" % (p.get("id"), p.get("checks")))
        elif not any(x.get("status") == "fail" for x in linked):
            problems.append("plant %s (%s): none of its checks fails" % (p.get("id"), p.get("operation")))
        if p.get("printed") == p.get("true"):
            problems.append("plant %s: printed and true value are the same" % p.get("id"))
    for c in truth.get("checks") or []:
        if c.get("status") == "fail" and c.get("kind") not in ("spreadsheet_error", "malformed_number") \
                and not c.get("planted"):
            problems.append("check %s (%s) fails but no plant explains it" % (c.get("id"), c.get("kind")))
    return problems


# ---------------------------------------------------------------- document text

_ws = re.compile(r"\s+")


def norm_text(s):
    return _ws.sub(" ", unicodedata.normalize("NFC", s or "")).strip()


class _TextOf(html.parser.HTMLParser):
    # inline markup joins its text to its neighbours; a superscript marker stays apart from its figure
    INLINE = {"span", "b", "strong", "em", "i", "u", "a", "small", "abbr", "code", "mark", "s"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        elif tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(path):
    p = _TextOf()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return norm_text("".join(p.parts))


def pdftotext(path, mode="-layout", first=None, last=None):
    cmd = ["pdftotext", mode, "-enc", "UTF-8"]
    if first is not None:
        cmd += ["-f", str(first), "-l", str(last if last is not None else first)]
    r = subprocess.run(cmd + [path, "-"], capture_output=True, check=True)
    return r.stdout.decode("utf-8", "replace")


def pdf_texts(path):
    """Per page (1-based list index 0 = page 1): the -layout and -raw texts, normalised."""
    out = []
    for mode in ("-layout", "-raw"):
        whole = pdftotext(path, mode)
        pages = whole.split("\f")
        if pages and not pages[-1].strip():
            pages = pages[:-1]
        for i, t in enumerate(pages):
            if len(out) <= i:
                out.append([])
            out[i].append(norm_text(t))
    return [" \n ".join(ts) for ts in out]


_figure = re.compile(r"\d")


class TextIndex:
    """A text (normalised) searchable for printed strings; figures as whole tokens, words loosely."""

    def __init__(self, text):
        self.text = " %s " % text
        self.words = set(_tokens(text))

    def has(self, s):
        s = norm_text(s)
        if not s:
            return True
        if _figure.search(s) and _is_figure(s):
            return _has_token(self.text, s)
        if s in self.text:
            return True
        return all(w in self.words for w in _tokens(s))


def _tokens(s):
    """Words, split at hyphens and slashes too: a label may wrap after "Vlaams-" or "2020-"."""
    return [w for w in re.split(r"[\s,;:()\[\]\"'“”\-/\u2010\u2011\u00ad]+", s) if w]


def _is_figure(s):
    try:
        parse_number(s)
        return True
    except Malformed:
        return False


_SUP_MARK = re.compile(r"\d{1,2}\)")  # a footnote marker printed right after a figure: 1.234¹) -> "1.2341)"


def _has_token(text, s):
    """s occurs in text not glued to further digits (1.234 is not found inside 11.234 or 1.2345)."""
    start = 0
    while True:
        i = text.find(s, start)
        if i < 0:
            return False
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(s)] if i + len(s) < len(text) else " "
        rest = text[i + len(s):i + len(s) + 4]
        if not before.isdigit() and not (before in ".," and i > 1 and text[i - 2].isdigit()) \
                and (not after.isdigit() or _SUP_MARK.match(rest)) \
                and not (after in ".," and i + len(s) + 1 < len(text) and text[i + len(s) + 1].isdigit()):
            return True
        start = i + 1


def printed_strings(truth):
    """(what, text) for every printed string the truth promises: cells, titles, key figures."""
    for t in truth.get("tables") or []:
        if t.get("title"):
            yield "table %s title" % t.get("id"), t["title"]
        for r, row in enumerate(t.get("rows") or []):
            for c, cell in enumerate(row):
                if norm_text(cell):
                    yield "table %s cell [%d,%d]" % (t.get("id"), r, c), cell
    for k in truth.get("key_figures") or []:
        for field in ("label", "value"):
            if k.get(field):
                yield "key figure %r %s" % (k.get("label"), field), k[field]


def verify_text(doc_path, truth):
    if doc_path.endswith(".pdf"):
        index = TextIndex(" \n ".join(pdf_texts(doc_path)))
    else:
        index = TextIndex(html_text(doc_path))
    problems = []
    for what, s in printed_strings(truth):
        if not index.has(s):
            problems.append("%s %r not found in the document's text" % (what, s))
    return problems


def verify(doc_path, truth):
    """Every problem of `truth` against the document at doc_path (empty list = verified)."""
    problems = verify_checks(truth)
    problems += verify_text(doc_path, truth)
    if doc_path.endswith(".pdf"):
        for t in truth.get("tables") or []:
            pages = t.get("pages") or []
            continued = (t.get("axes") or {}).get("table.continued")
            if not pages:
                problems.append("table %s has no pages" % t.get("id"))
            elif continued == "no" and len(pages) > 1:
                problems.append("table %s is not continued (table.continued = no) but printed on pages %s"
                                % (t.get("id"), pages))
            elif continued not in (None, "no") and len(pages) < 2:
                problems.append("table %s is continued (table.continued = %s) but printed on page %s only"
                                % (t.get("id"), continued, pages))
    return problems


def main(argv):
    import json
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__)
        return 2
    bad = 0
    for doc, tpath in zip(argv[0::2], argv[1::2]):
        with open(tpath, encoding="utf-8") as f:
            truth = json.load(f)
        problems = verify(doc, truth)
        for p in problems:
            print("%s: %s" % (doc, p))
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
