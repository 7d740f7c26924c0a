"""forge/score.py on stand-in truths and tally outputs: tables, rows, catches, false alarms, axes."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FORGE = os.path.dirname(HERE)
sys.path.insert(0, FORGE)

import score  # noqa: E402

T1 = [["Dienst", "2024"], ["Thuiszorg", "1.243"], ["Oppas", "310"], ["Totaal", "1.544"]]
T2 = [["Post", "Bedrag"], ["Huur", "98"], ["Energie", "43"], ["Totaal", "141"]]


def truth_pdf():
    """A stand-in truth: t1 carries a planted one-digit error (1.234 printed as 1.243), t2 is clean."""
    return {
        "source": "f1-000.pdf", "producer": "reportlab", "seed": 1,
        "axes": {"page.orientation": "portrait"},
        "tables": [
            {"id": "t1", "title": "Tabel 1", "pages": [2], "header_rows": 1, "rows": T1,
             "axes": {"table.rules": "grid", "table.scale": "k_eur", "producer": "reportlab"}},
            {"id": "t2", "title": "Tabel 2", "pages": [3], "header_rows": 1, "rows": T2,
             "axes": {"table.rules": "none", "table.scale": "units"}}],
        "checks": [
            {"id": "c1", "kind": "row_total", "table": "t1", "total_at": ["t1", 3, 1], "total_text": "1.544",
             "stated": "1544", "computed": "1553", "scale": 1000, "status": "fail", "planted": "p1",
             "items": [{"at": ["t1", 1, 1]}, {"at": ["t1", 2, 1]}]},
            {"id": "c2", "kind": "row_total", "table": "t2", "total_at": ["t2", 3, 1], "total_text": "141",
             "stated": "141", "computed": "141", "scale": 1, "status": "pass", "planted": None,
             "items": [{"at": ["t2", 1, 1]}, {"at": ["t2", 2, 1]}]}],
        "planted": [{"id": "p1", "operation": "one_digit", "table": "t1", "row": ["Thuiszorg"], "column": ["2024"],
                     "printed": "1.243", "true": "1.234", "checks": ["c1"]}],
    }


def ptable(i, rows, page):
    return {"table_index": i, "page": page, "pages": [page], "title": None, "rows": rows}


def finding(table, stated, computed, severity="error", status="fail", cells=()):
    return {"kind": "row_total", "status": status, "severity": severity, "table_index": table, "page": 2,
            "stated": stated, "computed": computed, "cells": list(cells)}


class Tables(unittest.TestCase):
    def test_perfect_tables_score_one(self):
        r, _ = score.score_document(truth_pdf(), [ptable(0, T1, 2), ptable(1, T2, 3)], [])
        self.assertEqual((r["tables_found"], r["cell_f1_sum"], r["row_f1_sum"]), (2, 2.0, 2.0))

    def test_row_f1_sees_a_split_row_that_cell_f1_does_not(self):
        broken = [T1[0], T1[1], [T1[2][0]], [T1[2][1]], T1[3]]  # "Oppas | 310" read as two rows
        r, _ = score.score_document(truth_pdf(), [ptable(0, broken, 2), ptable(1, T2, 3)], [])
        self.assertEqual(r["cell_f1_sum"], 2.0)
        self.assertLess(r["row_f1_sum"], 2.0)
        self.assertGreater(r["row_f1_sum"], 1.0)

    def test_a_table_on_another_page_is_not_a_candidate(self):
        r, _ = score.score_document(truth_pdf(), [ptable(0, T1, 5), ptable(1, T2, 3)], [])
        self.assertEqual(r["tables_found"], 1)


class Spurious(unittest.TestCase):
    """A table tally reports that matches no truth table (headings, footnotes, a chart) is spurious."""

    def test_matching_tables_are_not_spurious(self):
        r, contrib = score.score_document(truth_pdf(), [ptable(0, T1, 2), ptable(1, T2, 3)], [])
        self.assertEqual((r["predicted_tables"], r["spurious_tables"]), (2, 0))
        self.assertFalse([c for c in contrib if c[2] == "spurious"])

    def test_a_footnote_table_is_spurious_and_attributed_to_the_table_on_its_page(self):
        notes = [["23", "Zie artikel 12 van het decreet"], ["24", "Inclusief 1.929,5 miljoen euro"]]
        r, contrib = score.score_document(truth_pdf(), [ptable(0, T1, 2), ptable(1, T2, 3), ptable(2, notes, 2)], [])
        self.assertEqual(r["spurious_tables"], 1)
        sp = {(a, v) for a, v, field, n in contrib if field == "spurious"}
        self.assertIn(("table.rules", "grid"), sp)           # t1 is on page 2
        self.assertIn(("page.orientation", "portrait"), sp)
        self.assertIn(("producer", "reportlab"), sp)

    def test_a_half_table_is_not_spurious_but_a_table_on_a_page_without_one_is(self):
        half = [T1[0], T1[1]]                                 # the header split off with one row
        r, _ = score.score_document(truth_pdf(), [ptable(0, half, 2), ptable(1, T2, 3)], [])
        self.assertEqual(r["spurious_tables"], 0)
        r, contrib = score.score_document(truth_pdf(), [ptable(0, T1, 2), ptable(1, T2, 7)], [])
        self.assertEqual(r["spurious_tables"], 1)             # T2's cells, but on a page with no truth table
        sp = {(a, v) for a, v, field, n in contrib if field == "spurious"}
        self.assertIn(("producer", "reportlab"), sp)
        self.assertFalse([a for a, v in sp if a.startswith("table.")])   # document axes only

    def test_precision_and_summary(self):
        docs = {"a": dict(tables=2, tables_found=2, cell_f1_sum=2.0, row_f1_sum=2.0, plants=0, caught=0,
                          caught_error=0, false_alarms_error=0, false_alarms_warning=0, predicted_tables=4,
                          spurious_tables=1)}
        o = score.summarise(docs)
        self.assertEqual((o["predicted_tables"], o["spurious_tables"], o["table_precision"]), (4, 1, 0.75))
        self.assertIsNone(score.precision(0, 0))


class Findings(unittest.TestCase):
    def run_doc(self, findings, truth=None):
        return score.score_document(truth or truth_pdf(), [ptable(0, T1, 2), ptable(1, T2, 3)], findings)

    def test_caught_by_figures_as_printed_or_scaled(self):
        for stated, computed in (("1544", "1553"), ("1544000", "1553000")):
            r, _ = self.run_doc([finding(0, stated, computed)])
            self.assertEqual((r["caught"], r["caught_error"], r["false_alarms_error"]), (1, 1, 0), stated)

    def test_caught_by_citing_the_planted_cell_on_its_page(self):
        cell = {"raw": "1.243", "page": 2}
        r, _ = self.run_doc([finding(0, "1", "2", severity="warning", cells=[cell])])
        self.assertEqual((r["caught"], r["caught_error"], r["false_alarms_warning"]), (1, 0, 0))
        r, _ = self.run_doc([finding(0, "1", "2", severity="warning", cells=[dict(cell, page=3)])])
        self.assertEqual((r["caught"], r["false_alarms_warning"]), (0, 1))

    def test_info_and_passing_findings_neither_catch_nor_alarm(self):
        r, _ = self.run_doc([finding(0, "1544", "1553", severity="info"),
                             finding(1, "141", "141", status="pass_within_rounding", severity="warning")])
        self.assertEqual((r["caught"], r["false_alarms_error"], r["false_alarms_warning"]), (0, 0, 0))

    def test_false_alarm_is_attributed_to_the_best_overlapping_truth_table(self):
        r, contrib = self.run_doc([finding(1, "141", "142")])
        self.assertEqual(r["false_alarms_error"], 1)
        self.assertEqual(r["false_alarm_details"][0]["truth_table"], "t2")
        fa = {(a, v) for a, v, field, n in contrib if field == "false_alarms"}
        self.assertIn(("table.rules", "none"), fa)
        self.assertIn(("producer", "reportlab"), fa)
        self.assertNotIn(("table.rules", "grid"), fa)

    def test_unattributable_false_alarm(self):
        r, contrib = self.run_doc([finding(7, "5", "6")])
        fa = {(a, v) for a, v, field, n in contrib if field == "false_alarms"}
        self.assertIn(("table.rules", "unattributed"), fa)
        self.assertNotIn(("producer", "unattributed"), fa)

    def test_plant_axis_and_missed_plant(self):
        r, contrib = self.run_doc([])
        plants = {(a, v): n for a, v, field, n in contrib if field == "plants"}
        self.assertEqual(plants[("plant", "one_digit")], 1)
        self.assertEqual(plants[("table.rules", "grid")], 1)
        self.assertEqual(r["caught"], 0)


class Batch(unittest.TestCase):
    def test_cli_writes_json_with_worst_axis_values_first(self):
        clean = truth_pdf()
        clean.update(source="f1-001.html", producer="web", planted=[])
        clean["checks"] = clean["checks"][1:]
        for t in clean["tables"]:
            t["pages"] = None
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "truth"))
            for tr in (truth_pdf(), clean):
                with open(os.path.join(d, "truth", tr["source"] + ".json"), "w") as f:
                    json.dump(tr, f)
            for sub in ("tables", "findings"):
                os.makedirs(os.path.join(d, "out", sub))
            with open(os.path.join(d, "out", "tables", "f1-001.html.jsonl"), "w") as f:
                for t in (ptable(0, T1, None), ptable(1, T2, None)):
                    f.write(json.dumps(t) + "\n")
            with open(os.path.join(d, "out", "findings", "f1-001.html.jsonl"), "w") as f:
                f.write(json.dumps(finding(1, "141", "140")) + "\n")
            res = subprocess.run([sys.executable, os.path.join(FORGE, "score.py"), "--truth", os.path.join(d, "truth"),
                                  "--out", os.path.join(d, "out"), "--json", os.path.join(d, "s.json")],
                                 capture_output=True, text=True)
            self.assertEqual(res.returncode, 0, res.stderr)
            self.assertIn("errors caught", res.stdout)
            with open(os.path.join(d, "s.json")) as f:
                s = json.load(f)
        o = s["overall"]
        self.assertEqual((o["documents"], o["tables"], o["tables_found"], o["plants"], o["caught"]), (2, 4, 2, 1, 0))
        self.assertEqual((o["clean_documents"], o["false_alarms_in_clean"], o["false_alarms"]), (1, 1, 1))
        self.assertEqual(o["false_alarms_per_10_clean"], 10.0)
        for k in ("table_recall", "cell_f1", "row_f1", "catch_rate"):
            self.assertTrue(0.0 <= o[k] <= 1.0, k)
        deficits = [r["deficit"] for r in s["axes"]]
        self.assertEqual(deficits, sorted(deficits, reverse=True))
        web = next(r for r in s["axes"] if r["axis"] == "producer" and r["value"] == "web")
        self.assertEqual((web["tables"], web["tables_found"], web["false_alarms"]), (2, 2, 1))


if __name__ == "__main__":
    unittest.main()
