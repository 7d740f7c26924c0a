#!/usr/bin/env python3
"""Run the recipes of docs/recipes.md against a tally output folder and check what they print.

Usage: recipes.py RECIPES_MD OUT_DIR

Each ```python or ```sh block must be followed by a ```text block: the output it must print.
Blocks run in a fresh folder where `out` points at OUT_DIR; `{facts}` in an output block stands
for the number of lines in OUT_DIR/records/*.jsonl. Prints one line per recipe; exits 1 when a
recipe fails or prints something else, or when the file holds no recipe.
"""
import glob, os, re, subprocess, sys, tempfile

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def recipes(markdown):
    """(language, code, expected output) for each code block followed by a text block."""
    blocks = [(m.group(1), m.group(2)) for m in FENCE.finditer(markdown)]
    out = []
    for i, (lang, code) in enumerate(blocks):
        if lang in ("python", "sh"):
            if i + 1 >= len(blocks) or blocks[i + 1][0] != "text":
                raise SystemExit(f"recipe {len(out) + 1} ({lang}) has no ```text block after it")
            out.append((lang, code, blocks[i + 1][1]))
    return out


def main():
    md, out_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    with open(md, encoding="utf-8") as f:
        found = recipes(f.read())
    facts = 0
    for path in glob.glob(os.path.join(out_dir, "records", "*.jsonl")):
        with open(path, encoding="utf-8") as f:
            facts += sum(1 for line in f if line.strip())
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        os.symlink(out_dir, os.path.join(work, "out"))
        for n, (lang, code, expected) in enumerate(found, 1):
            cmd = ["python3", "-c", code] if lang == "python" else ["bash", "-e", "-o", "pipefail", "-c", code]
            run = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=300)
            want = expected.replace("{facts}", str(facts)).rstrip("\n")
            got = run.stdout.rstrip("\n")
            if run.returncode != 0 or got != want:
                failed += 1
                print(f"recipe {n} ({lang}) FAILED (exit {run.returncode})\n--- expected\n{want}\n--- printed\n{got}\n"
                      f"--- stderr\n{run.stderr.strip()}")
            else:
                print(f"recipe {n} ({lang}) ok")
    print(f"{len(found)} recipes, {failed} failed ({facts} facts)")
    sys.exit(1 if failed or not found else 0)


if __name__ == "__main__":
    main()
