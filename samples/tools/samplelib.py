"""Shared helpers for the sample builders, the golden writer and the checker (stdlib only)."""
import html
import json
import os
import re
import subprocess
import unicodedata
from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
SRC = os.path.join(SAMPLES, "src")
SEEDS = os.path.join(SRC, "seeds")
GOLDEN = os.path.join(SAMPLES, "golden")

_ws = re.compile(r"\s+")
_tag = re.compile(r"<[^>]+>")


def read_seed(prefix):
    for name in sorted(os.listdir(SEEDS)):
        if name.startswith(prefix) and name.endswith(".txt"):
            with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
                return f.read()
    raise FileNotFoundError(prefix)


def norm(s):
    """Whitespace/NFKC normalisation used everywhere a cell is compared."""
    return _ws.sub(" ", unicodedata.normalize("NFKC", str(s))).strip()


def cell_text(s):
    """Plain text of a data cell as printed: markup removed, <br> read as a space."""
    if s is None:
        return ""
    s = re.sub(r"<br\s*/?>", " ", s)
    s = html.unescape(_tag.sub("", s))
    return norm(s)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- numbers
# i-mens style: "3 543 495,67", "1163,00", "65,15%", "58,2 %"; Gent style: "43.626.984", "85,8%", "-1.234"
_num_space = re.compile(r"^(-?)(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?(\s?%)?$")
_num_dot = re.compile(r"^(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(\s?%)?$")
_leading = re.compile(r"^(\d+) \(")  # "2 (1 EXTERN)"


def parse_number(text, style="space"):
    """Return (Decimal value, decimals, is_percent) for a well-formed printed number, else None."""
    t = norm(text)
    m = (_num_space if style == "space" else _num_dot).match(t)
    if not m:
        return None
    sign, intpart, frac, pct = m.groups()
    digits = intpart.replace(" ", "").replace(".", "")
    s = sign + digits + ("." + frac if frac else "")
    return Decimal(s), len(frac or ""), bool(pct)


def looks_numeric(text):
    """Loose test (same spirit as score_tables.py): the cell is a figure, possibly malformed."""
    t = norm(text)
    return bool(t) and bool(re.match(r"^[-\u2212(+]?\s*[\u20ac$]?\s*\d[\d.,\s\u00a0\u202f']*%?\)?$", t))


def leading_count(text):
    """'2 (1 EXTERN)' -> 2 (the count in front of a remark)."""
    m = _leading.match(norm(text))
    return Decimal(m.group(1)) if m else None


def half(d):
    return Fraction(1, 2) * Fraction(1, 10 ** d)


def interval(value, d):
    v = Fraction(value)
    return v - half(d), v + half(d)


def dec_str(x):
    """Exact decimal string of a Fraction/Decimal that terminates (sums of printed figures)."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        d = Decimal(x.numerator) / Decimal(x.denominator)
    else:
        d = Decimal(x)
    s = format(d.normalize(), "f")
    return s


def check_sum(items, total):
    """items, total: (Decimal, decimals). XBRL Calculations 1.1 semantics.
    Returns (status, computed) with status in pass / pass_within_rounding / fail."""
    exact = sum((v for v, _ in items), Decimal(0))
    if exact == total[0]:
        return "pass", exact
    lo = sum(interval(v, d)[0] for v, d in items)
    hi = sum(interval(v, d)[1] for v, d in items)
    tlo, thi = interval(*total)
    if lo <= thi and tlo <= hi:
        return "pass_within_rounding", exact
    return "fail", exact


def _quant(fr, d, mode):
    # exact rounding of a Fraction to d decimals
    scaled = fr * 10 ** d
    fl = scaled.numerator // scaled.denominator
    rem = scaled - fl
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and (mode == ROUND_HALF_UP or fl % 2 == 1)):
        fl += 1
    return Decimal(fl).scaleb(-d) if d else Decimal(fl)


def check_ratio(num, den, printed, factor=100):
    """num, den: (Decimal, decimals) or Fraction-interval tuples (lo, exact, hi); printed: (Decimal, d).
    value = factor * num / den.  pass: the exact quotient of the printed figures rounds to the printed value;
    pass_within_rounding: it does not, but [factor*num_lo/den_hi, factor*num_hi/den_lo] overlaps the
    printed interval; fail otherwise. Returns (status, computed Decimal rounded to the printed decimals)
    or None when the denominator is zero."""
    nlo, nex, nhi = num
    dlo, dex, dhi = den
    if dex == 0:
        return None
    pv, pd = printed
    exact = Fraction(factor) * nex / dex
    computed = _quant(exact, pd, ROUND_HALF_UP)
    if computed == pv or _quant(exact, pd, ROUND_HALF_EVEN) == pv:
        return "pass", computed
    plo, phi = interval(pv, pd)
    if dlo <= 0 <= dhi:  # denominator interval contains zero: quotient unbounded, cannot fail
        return "pass_within_rounding", computed
    cands = [Fraction(factor) * a / b for a in (nlo, nhi) for b in (dlo, dhi)]
    lo, hi = min(cands), max(cands)
    if lo <= phi and plo <= hi:
        return "pass_within_rounding", computed
    return "fail", computed


def iv(value, d):
    """Printed figure -> (lo, exact, hi) as Fractions."""
    v = Fraction(value)
    return v - half(d), v, v + half(d)


def iv_sum(*ivs, signs=None):
    signs = signs or [1] * len(ivs)
    lo = sum((a[0] if s > 0 else -a[2]) for a, s in zip(ivs, signs))
    ex = sum(s * a[1] for a, s in zip(ivs, signs))
    hi = sum((a[2] if s > 0 else -a[0]) for a, s in zip(ivs, signs))
    return lo, ex, hi


# ---------------------------------------------------------------- PDF helpers
def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_page_texts(pdf, layout=True):
    n = pdf_pages(pdf)
    texts = []
    for p in range(1, n + 1):
        args = ["pdftotext", "-f", str(p), "-l", str(p)] + (["-layout"] if layout else []) + [pdf, "-"]
        texts.append(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    return texts


def golden_cells(rows):
    """Data rows (cells may hold markup, None = covered by the span on its left) -> printed text grid."""
    out = []
    for r in rows:
        line = []
        for c in r:
            line.append(line[-1] if (c is None and line) else cell_text(c))
        out.append(line)
    return out
