"""uscc.History and uscc.analyze(history=...) on a real SQLite file: the
runs recorded from a notebook, listed with the counts of the analysis,
readable by Python's standard sqlite3, no personal number in clear."""

import sqlite3

import pandas as pd
import polars as pl
import pytest

import uscc


def test_runs_recorded_from_a_notebook(tmp_path):
    path = tmp_path / "runs.db"
    codes, names, groups = uscc._native.synthetic(4000, seed=3)
    df = pd.DataFrame({"code": codes, "name": names, "group": groups})
    first = uscc.analyze(df, code="code", name="name", group="group", history=path, label="2026-10")
    second = uscc.analyze(df.iloc[:2000], code="code", name="name", group="group", history=path, label="2026-11")
    runs = uscc.History(path).runs()
    assert list(runs["label"]) == ["2026-10", "2026-11"]
    for run, report in zip(runs.to_dict("records"), (first, second)):
        overall = report.summary.iloc[0]
        assert (run["records"], run["distinct_codes"], run["flagged"]) == (overall["records"], overall["distinct_codes"], overall["flagged"])
        assert run["rate"] == pytest.approx(overall["rate"])
    groups = uscc.History(path).groups(backend="polars")
    assert isinstance(groups, pl.DataFrame) and set(groups["label"]) == {"2026-10", "2026-11"}
    flagged = sum(g for g in groups.filter(pl.col("label") == "2026-10")["flagged"])
    assert flagged >= first.summary.iloc[0]["flagged"]
    # Any SQLite tool reads it; no personal identity number in clear.
    with sqlite3.connect(path) as conn:
        stored = [v for (v,) in conn.execute("SELECT value FROM codes WHERE class = 'personal_id'")]
    assert stored and all("*" in v for v in stored)
    clear = set(uscc.analyze(df, code="code", reveal_personal=True).findings.query("`class` == 'personal_id'")["value"])
    raw = path.read_bytes()
    assert clear and not any(c.encode() in raw for c in clear)


def test_a_file_that_is_not_a_history(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    with pytest.raises(ValueError, match="not a uscc history"):
        uscc.analyze(pd.DataFrame({"code": ["91350100M000100Y43"]}), code="code", history=text)
    assert text.read_text() == "not a database"
    with pytest.raises(FileNotFoundError):
        uscc.History(tmp_path / "absent.db").runs()
    with pytest.raises(ValueError, match="backend"):
        uscc.analyze(pd.DataFrame({"code": ["91350100M000100Y43"]}), code="code", history=tmp_path / "h.db")
        uscc.History(tmp_path / "h.db").runs(backend="arrow")


def _shown(value):
    """A value as the history shows it: a personal number masked."""
    return uscc.check(value).to_dict()["value"]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_compare_is_exact_on_synthetic_months(tmp_path, backend):
    path = tmp_path / "runs.db"
    months = uscc._native.synthetic_months(3000, seed=4, months=3, fixed_percent=50, new_per_mille=20)
    for k, (codes, names, groups, _, _) in enumerate(months, start=1):
        df = pd.DataFrame({"code": codes, "name": names, "group": groups})
        uscc.analyze(df, code="code", name="name", group="group", history=path, label=f"m{k}")
    history = uscc.History(path)
    for a, b in [("m1", "m2"), ("m2", "m3")]:
        c = history.compare(a, b, backend=backend)
        _, _, _, fixed, new = months[int(b[1:]) - 1]
        assert (c.before, c.after) == (a, b)
        assert fixed and new
        assert sorted(c.fixed["value"]) == sorted(_shown(v) for v in fixed)
        assert sorted(c.new["value"]) == sorted(_shown(v) for v in new)
        runs = history.runs(backend="pandas")
        flagged = dict(zip(runs["label"], runs["flagged"]))
        assert len(c.open) == flagged[b] - len(new) == flagged[a] - len(fixed)
        assert sum(c.groups["fixed"]) >= len(fixed)
    last = history.compare(backend=backend)
    assert (last.before, last.after) == ("m2", "m3")
    # A code open since the first month has stayed open three runs.
    assert set(last.open["runs"]) <= {1, 2, 3} and 3 in set(last.open["runs"])
    assert len(last.open.columns) == 8
    with pytest.raises(ValueError, match="two runs"):
        history.compare("m1")
    with pytest.raises(ValueError, match="m9"):
        history.compare("m1", "m9")
