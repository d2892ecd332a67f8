"""One dialect: Python's results have exactly the core's shapes, as
testdata/dialect.json holds them (written and checked by the Rust test
core/tests/dialect.rs; the command's and the browser package's tests hold
theirs to the same file)."""

import json

import pandas as pd

import uscc

from conftest import ROOT

DIALECT = json.loads((ROOT / "testdata" / "dialect.json").read_text(encoding="utf-8"))
CODES = DIALECT["codes"]


def test_reports_have_the_cores_shape():
    for i, code in enumerate(CODES):
        assert uscc.validate(code).to_dict() == DIALECT["validate"][i], code
        assert uscc.check(code).to_dict() == DIALECT["check"][i], code
        assert uscc.explain(code) == DIALECT["explain"][i], code


def test_the_other_calls_use_the_same_names():
    for i, code in enumerate(CODES):
        s = uscc.suggest(code)
        want = DIALECT["suggest"][i]
        assert (s.best, s.unique, [c.code for c in s.candidates]) == (want["best"], want["unique"], [c["code"] for c in want["candidates"]])
        ident = uscc.identify(code)
        assert {"kind": ident.kind, "check_passed": ident.check_passed, "personal": ident.personal} == DIALECT["identify"][i]
        value, changes = uscc.normalize(code, changes=True)
        assert {"value": value, "changes": changes} == DIALECT["normalize"][i]


def test_column_rows_are_the_reports():
    for row, want in zip(uscc.validate_many(CODES), DIALECT["validate"]):
        assert row._asdict() == {**want, "findings": tuple(f["code"] for f in want["findings"])}
    for row, want in zip(uscc.check_many(CODES), DIALECT["check"]):
        assert {k: v for k, v in row._asdict().items() if not k.startswith("suggestion")} == {
            **want,
            "findings": tuple(f["code"] for f in want["findings"]),
        }


def flat(d, prefix=""):
    """A nested result flattened as a table flattens it: keys joined by ``_``."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = v
    return out


def test_the_summary_and_the_sheet_have_the_cores_keys():
    df = pd.DataFrame({"code": CODES, "name": DIALECT["names"], "group": [DIALECT["group"]] * len(CODES)})
    report = uscc.analyze(df, code="code", name="name", group="group")
    summary = DIALECT["summary"]
    assert report.denominator == summary["denominator"] and report.counted == summary["counted"]
    want = [{"scope": "overall", **flat(summary["overall"])}] + [{"scope": "group", **flat(g)} for g in summary["groups"]]
    got = report._records(report.summary)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        # The table has a column per class and error for every group; the
        # core's nested counts omit none of the classes and list the errors found.
        assert {k: g[k] for k in w} == w
        assert all(g[k] == 0 for k in g if k not in w)
    fixes = report._records(report.fixes)
    assert len(fixes) == len(DIALECT["fixes"])
    for got_line, line in zip(fixes, DIALECT["fixes"]):
        line = flat(line)
        line["position"] = line.pop("row")
        line.setdefault("correction_code", None)
        line.setdefault("correction_evidence", None)
        line.pop("correction", None)
        got_line = {k: v for k, v in got_line.items() if k != "label"}
        got_line["findings"] = list(got_line["findings"])
        got_line["action"] = None if pd.isna(got_line["action"]) else int(got_line["action"])
        got_line = {k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in got_line.items()}
        assert got_line == line
