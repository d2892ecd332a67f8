"""One dialect: Python's results have exactly the core's shapes, as
testdata/dialect.json holds them (written and checked by the Rust test
core/tests/dialect.rs)."""

import json

import uscc

from conftest import ROOT

DIALECT = json.loads((ROOT / "testdata" / "dialect.json").read_text(encoding="utf-8"))


def test_explain_has_the_cores_shape():
    for code, want in zip(DIALECT["codes"], DIALECT["explain"]):
        assert uscc.explain(code) == want, code
