"""Page furniture that is not a table and must not become one (issue #18, rule 3).

The real-nl table pages show extractors claiming tables where a page has none: numbered section
headings set as "3.2 | Title" with the number in a column of its own, footnote blocks at the page
foot ("23 Zie ... 1.929,5 miljoen"), and charts whose axis ticks and value labels are figures in
rows and columns. This module draws those blocks for the document axis `page.furniture`; they are
never truth tables, so a table an extractor reports for them counts as spurious (score.py).

A furniture block (SPEC.md, "Blocks"):

    {"type": "furniture", "kind": "section_headings", "items": [{"number": "3.2", "text": ..., "body": ...}]}
    {"type": "furniture", "kind": "footnotes", "items": [{"mark": "23", "text": ...}]}   # at the page foot
    {"type": "furniture", "kind": "chart", "title": ..., "categories": [...], "values": [...], "ticks": [...]}

Drawn from its own random stream (`rng`), so the other draws of a document stay as they were.
"""

from fractions import Fraction

import vocab as V

FURNITURE = ["none", "section_headings", "footnote_block", "chart"]

_CHART_TITLES = ["Evolutie aantal cliënten", "Uitgaven per jaar (x € 1.000)", "Aantal vrijwilligers per jaar",
                 "Bezettingsgraad per afdeling", "Evolutie van de werkingsmiddelen", "Instroom per kwartaal"]
_NOTE_TEXTS = ["Zie artikel {n} van het decreet van {y}, p. {p}.",
               "Het bedrag van {fig} miljoen euro omvat ook de vastleggingen van {y}.",
               "Cijfers op {d}/{m}/{y}; bron: eigen registratie.",
               "Inclusief {fig} miljoen euro aan niet-recurrente middelen.",
               "Zie toelichting {n}.{p} bij de jaarrekening {y}."]


def _fig(rng):
    """A printed figure in Dutch style, such as 1.929,5."""
    whole = rng.randrange(1, 9999)
    s = f"{whole:,}".replace(",", ".")
    return f"{s},{rng.randrange(10)}"


def _tick(v):
    return f"{v:,}".replace(",", ".")


def section_headings(rng, secno, year):
    items = []
    for k in rng.sample(range(1, 9), rng.randrange(2, 4)):
        items.append({"number": f"{secno}.{k}", "text": rng.choice(V.SECTION_TOPICS),
                      "body": f"In {year} werd verder gewerkt aan de doelstellingen van dit onderdeel."})
    items.sort(key=lambda i: int(i["number"].split(".")[-1]))
    return {"type": "furniture", "kind": "section_headings", "items": items}


def footnotes(rng, year):
    start = rng.randrange(1, 40)
    items = []
    for i in range(rng.randrange(2, 5)):
        text = rng.choice(_NOTE_TEXTS).format(n=rng.randrange(2, 60), y=year - rng.randrange(0, 4),
                                              p=rng.randrange(3, 120), fig=_fig(rng), d=rng.randrange(1, 29),
                                              m=rng.randrange(1, 13))
        items.append({"mark": str(start + i), "text": text})
    return {"type": "furniture", "kind": "footnotes", "items": items}


def chart(rng, year):
    n = rng.randrange(4, 7)
    if rng.random() < 0.5:
        cats = [str(year - n + 1 + i) for i in range(n)]
    else:
        cats = [f"Q{i + 1} {year}" for i in range(min(n, 4))]
    step = rng.choice([100, 250, 500, 1000])
    top = step * rng.randrange(4, 7)
    vals = [rng.randrange(step // 2, top) for _ in cats]
    ticks = [_tick(step * i) for i in range(top // step + 1)]
    return {"type": "furniture", "kind": "chart", "title": rng.choice(_CHART_TITLES), "categories": cats,
            "values": [_tick(v) for v in vals], "ticks": ticks, "max": str(Fraction(top))}


def insert(rng, blocks, kind, year):
    """Insert the furniture of `kind` among `blocks` (after the opening paragraph, never inside a
    group) and return the number of furniture blocks added."""
    if kind == "none":
        return 0
    slots = [i + 1 for i, b in enumerate(blocks) if i >= 1 and b.get("type") == "paragraph"]
    if not slots:
        slots = [len(blocks)]
    picks = sorted(rng.sample(slots, min(len(slots), rng.randrange(1, 3))), reverse=True)
    for at in picks:
        if kind == "section_headings":
            prev = [b for b in blocks[:at] if b.get("type") == "heading" and b.get("level") == 1]
            head = prev[-1]["text"].split(".")[0] if prev else "2"
            blk = section_headings(rng, head if head.isdigit() else str(rng.randrange(2, 6)), year)
        elif kind == "footnote_block":
            blk = footnotes(rng, year)
        else:
            blk = chart(rng, year)
        blocks.insert(at, blk)
    return len(picks)


def texts(block):
    """Every text a furniture block prints (for tests and checks that it was realised)."""
    k = block.get("kind")
    if k == "section_headings":
        return [x for i in block["items"] for x in (i["number"], i["text"])]
    if k == "footnotes":
        return [x for i in block["items"] for x in (i["mark"], i["text"])]
    if k == "chart":
        return [block["title"]] + list(block["categories"]) + list(block["values"]) + list(block["ticks"])
    return []
