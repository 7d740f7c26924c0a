"""The layout class table.group_totals = heading_and_below (issue #17, real-nl provincie p15): a
section heading printing the section's total above its items, the subtotal below them printing it
again. Drawn, checked in the truth for both rows, rendered and verified."""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import forge  # noqa: E402
import model  # noqa: E402
from test_layout_classes import SEED, walk  # noqa: E402


def heading_tables(spec):
    return [b for b in walk(spec["blocks"]) if b["type"] == "table"
            and b["axes"].get("table.group_totals") == "heading_and_below"]


def first_spec(producer, tries=120):
    for i in range(tries):
        spec = model.draw_document(SEED, i, producer)
        if heading_tables(spec):
            return spec
    raise AssertionError("no document of seed %d prints a heading total" % SEED)


def sections(b):
    """(heading row index, closing subtotal row index) of every section of a table block."""
    kinds = [r["kind"] for r in b["rows"]]
    out = []
    for i, k in enumerate(kinds):
        if k != "subtotal":
            continue
        if out and out[-1][1] is None:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, None))
    return out


class HeadingTotals(unittest.TestCase):
    def test_both_values_are_drawn(self):
        seen = set()
        for i in range(60):
            for b in walk(model.draw_document(SEED, i, "reportlab")["blocks"]):
                if b["type"] == "table":
                    seen.add(b["axes"]["table.group_totals"])
        self.assertEqual(seen, {"below", "heading_and_below"})

    def test_the_heading_prints_the_figures_of_the_subtotal_closing_its_section(self):
        b = heading_tables(first_spec("reportlab"))[0]
        pairs = sections(b)
        self.assertGreaterEqual(len(pairs), 2)
        for head, sub in pairs:
            self.assertIsNotNone(sub)
            self.assertGreaterEqual(sub - head, 3)      # two items or more between them
            self.assertEqual(b["rows"][head]["cells"][1:], b["rows"][sub]["cells"][1:])
            self.assertNotEqual(b["rows"][head]["cells"][0], b["rows"][sub]["cells"][0])

    def test_the_truth_checks_the_heading_and_the_subtotal_against_the_same_items(self):
        spec = first_spec("reportlab")
        b = heading_tables(spec)[0]
        checks = [c for c in spec["_checks"] if c["kind"] == "row_total" and c["total_at"][0] == b["id"]]
        by_row = {}
        for c in checks:
            by_row.setdefault(c["total_at"][1], set()).add(tuple(i["at"][1] for i in c["items"]))
        skip = len(b["header"])                          # truth rows count the header rows too
        for head, sub in sections(b):
            head, sub = head + skip, sub + skip
            self.assertIn(head, by_row)
            self.assertEqual(by_row[head], by_row[sub])
            self.assertNotIn(head, {r for rows in by_row[sub] for r in rows})

    def test_rendered_and_verified(self):
        for producer in ("reportlab", "chromium"):
            spec = first_spec(producer)
            with tempfile.TemporaryDirectory() as tmp:
                os.makedirs(os.path.join(tmp, "truth"))
                path = os.path.join(tmp, forge.file_name(spec))
                applied = forge.renderer(producer).render(spec, path)
                self.assertEqual(forge.finish(spec, applied, tmp), [], spec["id"])


if __name__ == "__main__":
    unittest.main()
