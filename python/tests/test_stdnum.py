"""Differential test against python-stdnum: every disagreement falls into
a class documented in docs/python-stdnum.md."""

import random
from collections import Counter

from stdnum.cn import uscc as stdnum

import uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
FULL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in ALPHABET})


def disagreement(value: str) -> str:
    """The documented class of a disagreement, or 'unexplained'."""
    report = uscc.check(value)
    compact = stdnum.compact(value)
    if report.valid:
        if report.value != compact:
            return "normalization"
        if not compact[:8].isdigit():
            return "department_letters"
        return "unexplained"
    codes = {f.code for f in report.findings}
    if report.verdict == "placeholder":
        return "placeholder"
    if report.verdict == "other_identifier":
        return "other_identifier"
    if "org_code_check_mismatch" in codes:
        return "inner_check"
    if codes & {"unknown_department", "unknown_category"}:
        return "department_category"
    if codes & {"impossible_division", "non_mainland_division"}:
        return "division"
    return "unexplained"


def inputs():
    rng = random.Random(2026)
    codes = uscc.generate(3000, seed=5)
    yield from codes
    for code in codes:
        r = rng.random()
        p = rng.randrange(18)
        if r < 0.3:
            yield code[:p] + rng.choice(ALPHABET) + code[p + 1 :]
        elif r < 0.4:
            yield code[:p] + rng.choice("0123456789") + code[p + 1 :]
        elif r < 0.5:
            yield code.translate(FULL)
        elif r < 0.55:
            yield code[:p] + "\t" + code[p:]
        elif r < 0.6:
            yield "\ufeff" + code
        elif r < 0.7:
            yield code.lower()
        elif r < 0.75:
            yield code[:p] + code[p + 1 :]
        else:
            # Any 17 characters with the check character both compute.
            body = "".join(rng.choice(ALPHABET if rng.random() < 0.3 else "0123456789") for _ in range(17))
            yield body + uscc.check_char(body)
    for d in "0123456789":
        body = d * 17
        yield body + uscc.check_char(body)
    yield "11010519491231002X"


def test_every_disagreement_is_documented():
    seen = Counter()
    total = 0
    for value in inputs():
        total += 1
        ours = uscc.check(value).valid
        theirs = stdnum.is_valid(value)
        if ours != theirs:
            kind = disagreement(value)
            assert kind != "unexplained", (value, ours, theirs, uscc.check(value))
            seen[kind] += 1
    assert total > 5000
    # The generator covers the departments and divisions stdnum does not know,
    # and the mutations the normalization and the inner check.
    for kind in ("department_letters", "normalization", "inner_check"):
        assert seen[kind] > 0, (kind, seen)


def test_the_classes_are_the_documented_ones():
    import pathlib

    doc = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "python-stdnum.md").read_text(encoding="utf-8")
    for kind in ("department_letters", "normalization", "inner_check", "department_category", "division", "placeholder", "other_identifier"):
        assert f"`{kind}`" in doc
