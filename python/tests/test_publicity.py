"""uscc.analyze on 双公示 data: the columns found by their names (or named
by role), every column finding exactly the generator's truth, the 合规率,
natural persons left out of the 重错码率 — as ``uscc check`` does."""

from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import uscc
from uscc import _native

AS_OF = "2026-11-30"  # the generator's day


def generated(seed: int, records: int, penalties: bool = False):
    headers, rows, truth = _native.synthetic_publicity(seed, records, penalties)
    df = pd.DataFrame(rows, columns=headers)
    return df, truth


def expected(truth):
    return sorted((i, role, check) for i, found in enumerate(truth) for role, check in found)


def found(report, library):
    f = report.columns.findings
    records = f.to_dict("records") if library == "pandas" else f.to_dicts() if library == "polars" else f.to_pylist()
    return sorted((r["position"], r["role"], r["check"]) for r in records), records


@pytest.mark.parametrize("library", ["pandas", "polars", "arrow"])
def test_every_column_finding_is_the_truth(library):
    df, truth = generated(21, 4000, penalties=library == "polars")
    data = {"pandas": df, "polars": pl.from_pandas(df), "arrow": pa.Table.from_pandas(df, preserve_index=False)}[library]
    report = uscc.analyze(data, as_of=AS_OF)
    got, records = found(report, library)
    assert got == expected(truth)
    assert report.columns.missing == []
    # A check across rows points at the row that shows what was expected.
    repeats = [r for r in records if r["check"] == "decision_number_repeated"]
    assert repeats and all(list(r["rows"])[0] < r["position"] for r in repeats)
    # The 合规率: rows with no error finding.
    errors = {"not_public_body", "public_body_many_names"}
    compliant = sum(1 for t in truth if all(check in errors for _, check in t))
    summary = report.columns.summary
    overall = (summary.to_dict("records") if library == "pandas" else summary.to_dicts() if library == "polars" else summary.to_pylist())[0]
    assert (overall["rows"], overall["compliant"]) == (4000, compliant)
    assert report.columns.rate == pytest.approx(compliant / 4000)
    # Natural persons with an empty code are right, and not in the 重错码率.
    natural = int(((df["行政相对人类别"] == "自然人") & (df.iloc[:, 2] == "")).sum())
    assert natural > 100 and overall["natural_persons"] == natural
    rows = report.summary.to_dict("records")[0] if library == "pandas" else None
    if rows is not None:
        assert rows["records"] == 4000 - natural
    # No identity number in clear.
    ids = {v for c in ("证件号码", "法定代表人证件号码") for v in df[c] if len(v) >= 15}
    assert ids and not ids & {r["value"] for r in records}


def test_roles_named_by_hand_and_plain_frames():
    df, truth = generated(22, 1500)
    renamed = df.rename(columns={"行政相对人代码_3(组织机构代码)": "组织代码X", "证件号码": "号码"})
    code = "行政相对人代码_1(统一社会信用代码)"
    lacking = uscc.analyze(renamed, code=code, as_of=AS_OF)
    assert lacking.columns.missing == ["code_3", "id_number"]
    named = uscc.analyze(renamed, code=code, as_of=AS_OF, code_3="组织代码X", id_number="号码")
    assert named.columns.missing == []
    assert found(named, "pandas")[0] == expected(truth)
    assert named.columns.found["code_3"] == "组织代码X"
    with pytest.raises(ValueError, match="not a 双公示 column role"):
        uscc.analyze(renamed, code=code, code_9="x")
    with pytest.raises(ValueError, match="no code_3 column"):
        uscc.analyze(renamed, code=code, code_3="nope")
    # A frame without 双公示 columns is analysed as before.
    plain = uscc.analyze(pd.DataFrame({"code": ["91350100M000100Y43", ""], "name": ["甲", "乙"]}), code="code", name="name")
    assert plain.columns is None and plain.summary.to_dict("records")[0]["records"] == 2


def test_the_sample_file_as_uscc_check_reads_it():
    path = Path(__file__).resolve().parents[2] / "testdata" / "sample" / "双公示-行政处罚.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    report = uscc.analyze(df, as_of=AS_OF)
    headers, rows, truth = _native.synthetic_publicity(2029, 2000, True)
    assert list(df.columns) == headers and df.values.tolist() == rows
    assert found(report, "pandas")[0] == expected(truth)
    # Grouped by 数据来源单位, found by its name.
    groups = set(report.summary["group"].dropna())
    assert "福州市市场监督管理局" in groups
    assert repr(report.columns).startswith("ColumnReport(checked=['authority'")


def test_the_sheet_lists_the_column_findings(tmp_path):
    df, truth = generated(23, 1200)
    df.index = [f"r{i}" for i in range(len(df))]
    report = uscc.analyze(df, as_of=AS_OF)
    path = tmp_path / "fixes.csv"
    report.to_csv(str(path))
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(sheet.columns) == list(uscc.SHEET_HEADERS) + ["字段"]
    lines = sheet[sheet["字段"] != ""]
    findings = report.columns.findings
    assert len(lines) == len(findings) and len(sheet) - len(lines) == len(report.fixes)
    assert lines["行号"].tolist() == findings["label"].tolist()
    assert lines["错误代码"].tolist() == findings["check"].tolist()
    assert lines["字段"].tolist() == findings["column"].tolist()
    # A repeated decision points at the first publication, by its index label.
    repeated = lines[lines["错误代码"] == "decision_number_repeated"]
    assert len(repeated) and all("位置" in w and "索引 r" in w for w in repeated["依据"])
    report.to_excel(str(tmp_path / "fixes.xlsx"))
    book = pd.read_excel(tmp_path / "fixes.xlsx", dtype=str, keep_default_na=False)
    assert len(book) == len(sheet) and book.columns[-1] == "字段"
