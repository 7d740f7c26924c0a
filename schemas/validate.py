#!/usr/bin/env python3
"""Validate a tally output folder against the JSON Schemas in this folder.

Usage: validate.py OUT_DIR
Checks every line of records/, findings/ and tables/ and run.json; prints one line per invalid
record and a summary; exits 1 when anything is invalid or nothing was checked.
"""
import glob, json, os, sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))


def validator(name):
    with open(os.path.join(here, name + ".schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def main():
    out = sys.argv[1]
    checks = {"records": validator("record"), "findings": validator("finding"), "tables": validator("table")}
    checked, bad = 0, 0
    for folder, v in checks.items():
        for path in sorted(glob.glob(os.path.join(out, folder, "*.jsonl"))):
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    checked += 1
                    for e in v.iter_errors(json.loads(line)):
                        bad += 1
                        print(f"{path}:{n}: {e.json_path}: {e.message}")
    with open(os.path.join(out, "run.json"), encoding="utf-8") as f:
        checked += 1
        for e in validator("run").iter_errors(json.load(f)):
            bad += 1
            print(f"run.json: {e.json_path}: {e.message}")
    print(f"{checked} records checked, {bad} invalid")
    sys.exit(1 if bad or checked < 2 else 0)


if __name__ == "__main__":
    main()
