"""forge/verify.py: its own number parser, the check arithmetic and the text search; forge.py's page
finder. Figures in these tests are formatted by the test's own small formatter from values computed
by Python (Fraction), never typed as results."""
import os
import random
import sys
import tempfile
import unittest
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import verify  # noqa: E402


def forge_cli():
    """forge/forge.py as a module (under its own name: `forge` is also the folder's name)."""
    import importlib.util
    if "forge_cli" not in sys.modules:
        spec = importlib.util.spec_from_file_location("forge_cli", os.path.join(os.path.dirname(HERE), "forge.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["forge_cli"] = module
    return sys.modules["forge_cli"]

SEPS = {"dot": ".", "space": " ", "nbsp": "\u00a0", "thin": "\u2009", "narrow": "\u202f", "none": ""}
NEG = {"minus": "-{}", "unicode": "\u2212{}", "parens": "({})", "slash": "-/- {}"}


def fmt(value, decimals=0, sep=".", neg="minus", percent=False):
    """A figure printed the Dutch way (the test's formatter, independent of verify.parse_number)."""
    value = Fraction(value)
    scaled = abs(value) * 10 ** decimals
    assert scaled.denominator == 1, "fmt wants a value with at most %d decimals" % decimals
    digits = str(scaled.numerator).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    s = sep.join(groups) + ("," + frac if frac else "")
    if value < 0:
        s = NEG[neg].format(s)
    return s + ("%" if percent else "")


def rounded(q, d):
    return verify.round_to(q, d)


class ParseNumber(unittest.TestCase):
    def test_every_separator_sign_and_decimals_roundtrips(self):
        rng = random.Random(16)
        for _ in range(400):
            d = rng.choice([0, 1, 2])
            v = Fraction(rng.randint(-10 ** 9, 10 ** 9), 10 ** d)
            sep = rng.choice(list(SEPS.values()))
            neg = rng.choice(list(NEG))
            pct = rng.random() < 0.2
            text = fmt(v, d, sep, neg, pct)
            n = verify.parse_number(text)
            self.assertEqual(n.value, v, text)
            self.assertEqual(n.decimals, d, text)
            self.assertEqual(n.percent, pct, text)

    def test_percent_with_space_and_currency_words(self):
        self.assertEqual(verify.parse_number("12,5 %").value, Fraction(125, 10))
        self.assertEqual(verify.parse_number("€ 1.234").value, verify.parse_number("1.234").value)
        self.assertEqual(verify.parse_number("1.234 k€").value, verify.parse_number("1.234").value)

    def test_empty_markers_are_empty(self):
        for t in ["", " ", "-", "\u2013", "\u2014", "nvt", "n.v.t."]:
            self.assertIsNone(verify.parse_number(t), repr(t))

    def test_spreadsheet_errors_and_bad_groups_are_malformed(self):
        for t in ["#DIV/0!", "#REF!", "#WAARDE!", "1.23", "12.34.567", "1.234 567", "1,2,3", "12a", "--12"]:
            with self.assertRaises(verify.Malformed, msg=repr(t)):
                verify.parse_number(t)

    def test_round_half_up_and_half_even_differ_on_ties_only(self):
        tie = Fraction(5, 2)
        self.assertNotEqual(verify.round_to(tie, 0), verify.round_to(tie, 0, verify.ROUND_HALF_EVEN))
        self.assertEqual(verify.round_to(-tie, 0), -verify.round_to(tie, 0))
        self.assertEqual(verify.round_to(Fraction(1, 3), 2), Fraction(33, 100))

    def test_dec_str_is_exact(self):
        self.assertEqual(verify.dec_str(Fraction(-1234567, 100)), "-12345.67")
        self.assertEqual(verify.dec_str(Fraction(5, 1)), "5")


def table(tid, rows, header_rows=0):
    return {"id": tid, "title": None, "pages": None, "header_rows": header_rows, "rows": rows}


def sum_check(tid, item_rows, total_row, col, stated, computed, status, kind="row_total", sign=None, scale=1):
    return {"id": "c1", "kind": kind, "table": tid, "total_at": [tid, total_row, col], "scale": scale,
            "items": [{"at": [tid, r, col], "sign": (sign or {}).get(r, 1), "scale": scale} for r in item_rows],
            "stated": stated, "computed": computed, "status": status, "planted": None}


class Checks(unittest.TestCase):
    def build_sum(self, total_delta=Fraction(0), unrounded=False, d=0, sep="."):
        """Three items and their total; unrounded: the items and the total rounded from exact values."""
        rng = random.Random(7)
        exact = [Fraction(rng.randint(1000, 99999), 1000) for _ in range(3)]
        if unrounded:
            items = [rounded(x, d) for x in exact]
            total = rounded(sum(exact), d)
        else:
            items = [rounded(x, d) for x in exact]
            total = sum(items)
        total += total_delta
        rows = [["a", fmt(items[0], d, sep)], ["b", fmt(items[1], d, sep)], ["c", fmt(items[2], d, sep)],
                ["Totaal", fmt(total, d, sep)]]
        return rows, items, total

    def recompute(self, rows, check):
        return verify.recompute(check, {"t1": table("t1", rows)})

    def test_exact_sum_passes(self):
        rows, items, total = self.build_sum(d=2)
        s, c, st = self.recompute(rows, sum_check("t1", [0, 1, 2], 3, 1, None, None, None))
        self.assertEqual((s, c, st), (total, sum(items), "pass"))

    def test_sum_off_by_more_than_rounding_fails(self):
        rows, items, total = self.build_sum(total_delta=Fraction(9), d=0)
        self.assertEqual(self.recompute(rows, sum_check("t1", [0, 1, 2], 3, 1, None, None, None))[2], "fail")

    def test_rounded_parts_pass_within_rounding(self):
        # search the seeds' rounding cases for one where the rounded parts do not add up exactly
        for d in (0, 1):
            for k in range(200):
                rng = random.Random(k)
                exact = [Fraction(rng.randint(1, 10 ** 6), 1000) for _ in range(4)]
                items, total = [rounded(x, d) for x in exact], rounded(sum(exact), d)
                if sum(items) != total:
                    break
            rows = [[fmt(x, d)] for x in items] + [[fmt(total, d)]]
            _, computed, status = self.recompute(rows, sum_check("t1", [0, 1, 2, 3], 4, 0, None, None, None))
            self.assertEqual(status, "pass_within_rounding")
            self.assertEqual(computed, sum(items))

    def test_signs_subtract(self):
        rows = [[fmt(Fraction(500))], [fmt(Fraction(-200), neg="parens")], [fmt(Fraction(500) - 200)]]
        st = self.recompute(rows, sum_check("t1", [0, 1], 2, 0, None, None, None, kind="result"))[2]
        self.assertEqual(st, "pass")
        st = self.recompute(rows, sum_check("t1", [0, 1], 2, 0, None, None, None, kind="result", sign={1: -1}))[2]
        self.assertEqual(st, "fail")

    def test_ratio_percent_and_within_rounding(self):
        a, b = Fraction(1234), Fraction(5678)
        pct = rounded(100 * a / b, 1)
        rows = [[fmt(a), fmt(b), fmt(pct, 1, percent=True)]]
        check = {"id": "r", "kind": "ratio", "total_at": ["t1", 0, 2], "factor": "100",
                 "items": [{"at": ["t1", 0, 0]}], "den": [{"at": ["t1", 0, 1]}]}
        self.assertEqual(self.recompute(rows, check), (pct, pct, "pass"))
        rows[0][2] = fmt(pct + Fraction(1, 10), 1, percent=True)
        self.assertEqual(self.recompute(rows, check)[2], "fail")

    def test_verify_checks_reports_a_wrong_status_and_a_wrong_stated(self):
        rows, items, total = self.build_sum(d=0)
        good = sum_check("t1", [0, 1, 2], 3, 1, verify.dec_str(total), verify.dec_str(sum(items)), "pass")
        truth = {"tables": [table("t1", rows)], "checks": [good]}
        self.assertEqual(verify.verify_checks(truth), [])
        bad = dict(good, status="fail", stated=verify.dec_str(total + 1))
        problems = verify.verify_checks({"tables": [table("t1", rows)], "checks": [bad]})
        self.assertTrue(any("status fail in truth, pass recomputed" in p for p in problems), problems)
        self.assertTrue(any("stated" in p for p in problems), problems)

    def test_scaled_figures_are_compared_in_euro_and_stated_as_printed(self):
        rows, items, total = self.build_sum(d=0)
        c = sum_check("t1", [0, 1, 2], 3, 1, verify.dec_str(total), verify.dec_str(sum(items)), "pass", scale=1000)
        self.assertEqual(verify.verify_checks({"tables": [table("t1", rows)], "checks": [c]}), [])
        # the same total in k euro, its items printed in euro in another table (a cross-table check)
        units = [["x", fmt(v * 1000)] for v in items]
        c = {"id": "c9", "kind": "cross_table", "total_at": ["t1", 3, 1], "scale": "1000", "planted": None,
             "items": [{"at": ["t2", r, 1], "scale": "1"} for r in range(3)],
             "stated": verify.dec_str(total), "computed": verify.dec_str(sum(items)), "status": "pass"}
        truth = {"tables": [table("t1", rows), table("t2", units)], "checks": [c]}
        self.assertEqual(verify.verify_checks(truth), [])
        units[0][1] = fmt(items[0] * 1000 + 700)
        problems = verify.verify_checks(truth)
        self.assertTrue(any("status pass in truth, fail recomputed" in p for p in problems), problems)

    def test_empty_cells_count_as_exact_zero(self):
        rows, items, total = self.build_sum(d=0)
        rows.insert(3, ["d", "\u2014"])
        c = sum_check("t1", [0, 1, 2, 3], 4, 1, None, None, None)
        # an em dash is 0 without a rounding interval: the exact total still passes exactly
        self.assertEqual(verify.recompute(c, {"t1": table("t1", rows)})[2], "pass")

    def test_key_figure_items_must_be_printed_key_figures(self):
        kf = fmt(Fraction(1500) + 320)
        rows = [["Thuiszorg", fmt(Fraction(1500))], ["Oppas", fmt(Fraction(320))]]
        c = {"id": "k", "kind": "cross_table", "total_at": ["kf1", 0, 1], "total_text": kf,
             "items": [{"at": ["t1", 0, 1]}, {"at": ["t1", 1, 1]}], "stated": verify.dec_str(Fraction(1820)),
             "computed": verify.dec_str(Fraction(1500) + 320), "status": "pass", "planted": None}
        truth = {"tables": [table("t1", rows)], "key_figures": [{"title": "", "label": "Totaal", "value": kf}],
                 "checks": [c]}
        self.assertEqual(verify.verify_checks(truth), [])
        truth["key_figures"] = []
        self.assertTrue(any("neither a table nor a key figure" in p for p in verify.verify_checks(truth)))

    def test_a_failing_check_needs_a_plant(self):
        rows, items, total = self.build_sum(total_delta=Fraction(10), d=0)
        c = sum_check("t1", [0, 1, 2], 3, 1, verify.dec_str(total), verify.dec_str(sum(items)), "fail")
        problems = verify.verify_checks({"tables": [table("t1", rows)], "checks": [c]})
        self.assertTrue(any("no plant" in p for p in problems), problems)
        c["planted"] = "p1"
        plant = {"id": "p1", "operation": "one_digit", "printed": rows[3][1], "true": fmt(sum(items)), "checks": ["c1"]}
        self.assertEqual(verify.verify_checks({"tables": [table("t1", rows)], "checks": [c], "planted": [plant]}), [])

    def test_item_text_must_be_the_printed_cell(self):
        rows, items, total = self.build_sum(d=0)
        c = sum_check("t1", [0, 1, 2], 3, 1, verify.dec_str(total), verify.dec_str(sum(items)), "pass")
        c["items"][0]["text"] = rows[1][1]
        problems = verify.verify_checks({"tables": [table("t1", rows)], "checks": [c]})
        self.assertTrue(any("differs from the printed cell" in p for p in problems), problems)


class Text(unittest.TestCase):
    def test_html_text_finds_cells_and_reports_a_missing_one(self):
        big = fmt(Fraction(1234567), 0, "\u202f")
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "x.html")
            with open(p, "w", encoding="utf-8") as f:
                f.write("<html><head><style>td{color:red}</style></head><body><h2>Tabel 1. Personeel per dienst</h2>"
                        "<table><tr><td>Thuiszorg en<br>oppas</td><td>%s<sup>1)</sup></td></tr></table>"
                        "<div class=card><b>&#8722;12</b><span>cli&euml;nten</span></div></body></html>" % big)
            truth = {"tables": [{"id": "t1", "title": "Tabel 1. Personeel per dienst",
                                 "rows": [["Thuiszorg en oppas", big]]}],
                     "key_figures": [{"title": "x", "label": "cliënten", "value": "\u221212"}]}
            self.assertEqual(verify.verify_text(p, truth), [])
            # (a space-grouped figure's tail, 234 567, would count as found: columns are space-separated too)
            truth["tables"][0]["rows"].append(["Kinderopvang", fmt(Fraction(7654), 0, ".")])
            problems = verify.verify_text(p, truth)
            self.assertEqual(len(problems), 2, problems)

    def test_a_figure_is_not_found_inside_a_longer_one(self):
        idx = verify.TextIndex("Totaal 11.234 en 1.2345 en 21,5")
        self.assertFalse(idx.has("1.234"))
        self.assertFalse(idx.has("1,5"))
        self.assertTrue(idx.has("11.234"))


def make_pdf(path, pages):
    """A PDF whose page i holds the lines pages[i] (reportlab; one may be rotated 90 degrees)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    for lines, rotated in pages:
        c.setFont("Helvetica", 10)
        if rotated:
            c.saveState()
            c.translate(300, 100)
            c.rotate(90)
        y = 0 if rotated else 780
        for line in lines:
            x = 0 if rotated else 60
            for cell in line:
                c.drawString(x, y, cell)
                x += 160
            y -= 14
        if rotated:
            c.restoreState()
        c.showPage()
    c.save()


class Pages(unittest.TestCase):
    @unittest.skipUnless(__import__("shutil").which("pdftotext"), "pdftotext missing")
    def test_pages_of_split_and_rotated_tables(self):
        forge = forge_cli()
        t1 = [["Dienst", "2024"], ["Thuiszorg", fmt(Fraction(1500))], ["Oppas", fmt(Fraction(320))],
              ["Totaal", fmt(Fraction(1500) + 320)]]
        t2 = [["Post", "Bedrag"], ["Huur", fmt(Fraction(98765), 2, " ")], ["Energie", fmt(Fraction(4321), 2, " ")]]
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "x.pdf")
            make_pdf(p, [([["Inleiding"]], False), ([["Tabel 1"]] + t1[:3], False), (t1[:1] + t1[3:], False),
                         ([["Tabel 2"]] + t2, True)])
            truth = {"tables": [{"id": "t1", "title": "Tabel 1", "header_rows": 1, "rows": t1},
                                {"id": "t2", "title": "Tabel 2", "header_rows": 1, "rows": t2}]}
            self.assertEqual(forge.fill_pages(p, truth), [])
            self.assertEqual([t["pages"] for t in truth["tables"]], [[2, 3], [4]])
            self.assertEqual(verify.verify_text(p, truth), [])
            truth["tables"][1]["rows"].append(["Water", fmt(Fraction(5), 2, " ")])
            self.assertEqual(len(forge.fill_pages(p, truth)), 1)


if __name__ == "__main__":
    unittest.main()


class ForgeCLI(unittest.TestCase):
    """forge.py's orchestration with stand-in model, truth and renderer modules (web pages only)."""

    def run_forge(self, wrong_cell=False, hang=False, jobs="1", timeout=None):
        import contextlib
        import io
        import json
        import types
        forge = forge_cli()
        rows = [["Dienst", "Aantal"], ["Thuiszorg", fmt(Fraction(1500))], ["Oppas", fmt(Fraction(320))],
                ["Totaal", fmt(Fraction(1500) + 320)]]

        def draw_batch(seed, count, producers=None):
            return [{"id": "f%d-%03d" % (seed, i), "seed": seed, "index": i, "producer": "web", "rows": rows}
                    for i in range(count)]

        def render(spec, path):
            if hang and spec["index"] == 1:
                os.system("sleep 617")  # a producer that never returns
            cells = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % c for c in r) for r in spec["rows"])
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write("<html><body><h2>Tabel 1</h2><table>%s</table></body></html>" % cells)
            os.replace(path + ".tmp", path)
            return {"applied": {}}

        def build_truth(spec):
            printed = [list(r) for r in spec["rows"]]
            if wrong_cell and spec["index"] == 1:
                printed[1][1] = fmt(Fraction(1600))
            total = verify.parse_number(printed[3][1]).value
            items = [verify.parse_number(printed[r][1]).value for r in (1, 2)]
            return {"source": spec["id"] + ".html", "producer": "web", "seed": spec["seed"], "axes": {},
                    "tables": [{"id": "t1", "title": "Tabel 1", "pages": None, "header_rows": 1, "rows": printed}],
                    "checks": [{"id": "c1", "kind": "row_total", "total_at": ["t1", 3, 1],
                                "items": [{"at": ["t1", 1, 1]}, {"at": ["t1", 2, 1]}], "scale": 1,
                                "stated": verify.dec_str(total), "computed": verify.dec_str(sum(items)),
                                "status": "pass" if sum(items) == total else "fail", "planted": None}],
                    "planted": []}

        fakes = {"model": types.SimpleNamespace(draw_batch=draw_batch),
                 "truth": types.SimpleNamespace(build_truth=build_truth),
                 "render_html": types.SimpleNamespace(render=render)}
        saved = {k: sys.modules.get(k) for k in fakes}
        sys.modules.update(fakes)
        try:
            with tempfile.TemporaryDirectory() as d:
                out, err = io.StringIO(), io.StringIO()
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    rc = forge.main(["--seed", "3", "--count", "2", "--dir", d, "--jobs", jobs]
                                    + (["--timeout", str(timeout)] if timeout else []))
                names = sorted(os.listdir(d))
                with open(os.path.join(d, "truth", "f3-000.html.json"), encoding="utf-8") as f:
                    truth = json.load(f)
            return rc, out.getvalue(), err.getvalue(), names, truth
        finally:
            for k, v in saved.items():
                if v is None:
                    sys.modules.pop(k, None)
                else:
                    sys.modules[k] = v

    def test_a_verified_batch_exits_zero_with_its_summary(self):
        rc, out, err, names, truth = self.run_forge()
        self.assertEqual(rc, 0, err)
        self.assertEqual(names, ["f3-000.html", "f3-001.html", "spec", "truth"])
        self.assertIn("forge: seed 3: 2 documents", out)
        self.assertIn("web 2", out)
        self.assertEqual(truth["tables"][0]["rows"][1][0], "Thuiszorg")

    def test_a_truth_that_does_not_hold_names_the_document_and_exits_one(self):
        rc, out, err, names, truth = self.run_forge(wrong_cell=True)
        self.assertEqual(rc, 1)
        self.assertIn("f3-001.html", err)
        self.assertNotIn("f3-000.html", err)
        self.assertIn("FAILED verification", out)

    def test_a_hung_producer_is_killed_and_its_document_reported(self):
        import subprocess
        import time
        t0 = time.time()
        rc, out, err, names, truth = self.run_forge(hang=True, jobs="2", timeout=3)
        self.assertEqual(rc, 1)
        self.assertIn("f3-001.html: not finished after 3 s", err)
        self.assertLess(time.time() - t0, 60)
        for _ in range(20):  # SIGKILL is delivered at once; the process table may lag a moment
            left = subprocess.run(["pgrep", "-f", "sleep 617"], capture_output=True, text=True).stdout
            if not left:
                break
            time.sleep(0.1)
        self.assertEqual(left, "", "the hung producer's process is still running")
