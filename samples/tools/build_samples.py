#!/usr/bin/env python3
"""Rebuild the sample documents: seeds (samples/src/seeds) -> data JSON (samples/src/*.json) -> HTML -> PDF.

Usage: python3 samples/tools/build_samples.py [--only imens|gent|web] [--no-pdf]

PDFs are printed with headless Chromium (needed only here, never to build or test the project):
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=OUT file://IN
The PDF's CreationDate/ModDate and /ID are then pinned so that a rebuild gives the same bytes when the
layout did not change.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import SAMPLES, SRC, read_seed, write_json, read_json  # noqa: E402
import imens  # noqa: E402

FIXED_DATE = b"D:20250601120000Z"


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    sys.exit("build_samples.py: no chromium found (apt-get install -y chromium fonts-dejavu fonts-liberation2)")


def print_pdf(html_path, pdf_path):
    with tempfile.TemporaryDirectory() as prof:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               "--user-data-dir=" + prof, "--no-first-run", "--disable-extensions",
               "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
               "--print-to-pdf=" + pdf_path, "file://" + os.path.abspath(html_path)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    pin_pdf(pdf_path)


def pin_pdf(path):
    """Pin creation/modification dates and the document ID (same-length replacements keep xref valid)."""
    with open(path, "rb") as f:
        data = f.read()
    data = re.sub(rb"\(D:\d{14}[^)]*\)", lambda m: b"(" + FIXED_DATE.ljust(len(m.group(0)) - 2)[:len(m.group(0)) - 2] + b")", data)
    data = re.sub(rb"/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]",
                  lambda m: b"/ID [<" + b"0" * len(m.group(1)) + b"> <" + b"0" * len(m.group(2)) + b">]", data)
    with open(path, "wb") as f:
        f.write(data)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def build_imens(pdf=True):
    doc = imens.parse(read_seed("000_"))
    data_path = os.path.join(SRC, "imens-jaarverslag-2023.json")
    write_json(data_path, doc)
    doc = read_json(data_path)  # render from the data file, as golden.py does
    print_html = os.path.join(SRC, "imens-jaarverslag-2023.print.html")
    write(print_html, imens.render_print_html(doc))
    write(os.path.join(SAMPLES, imens.SOURCE_HTML), imens.render_web_html(doc))
    if pdf:
        print_pdf(print_html, os.path.join(SAMPLES, imens.SOURCE_PDF))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["imens", "gent", "web"])
    ap.add_argument("--no-pdf", action="store_true")
    a = ap.parse_args()
    if a.only in (None, "imens"):
        build_imens(not a.no_pdf)
    if a.only in (None, "web"):
        try:
            import webpages
        except ImportError:
            webpages = None
        if webpages:
            webpages.build_all()
    if a.only in (None, "gent"):
        try:
            import gent
        except ImportError:
            gent = None
        if gent:
            gent.build(print_pdf, pdf=not a.no_pdf)


if __name__ == "__main__":
    main()
