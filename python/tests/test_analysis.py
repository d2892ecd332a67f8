"""uscc.analyze over the shared analysis vectors, in pandas, polars and
pyarrow, and the correction sheet's files."""

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import uscc


def frame(case):
    rows = [r[0] for r in case["records"]]
    return pd.DataFrame(
        {"code": [r[1] for r in case["records"]], "name": [r[2] for r in case["records"]], "group": [r[3] for r in case["records"]]},
        index=rows,
    )


def registry(case):
    return {c: n for c, n in case.get("registry", [])} or None


def check_case(case, report, label):
    findings = {label(r): r for r in report._records(report.findings)}
    for row, want in case["rows"].items():
        got = findings.get(int(row))
        if want["class"] == "valid" and not want["findings"] and not want.get("needed_cleaning"):
            assert got is None, (case["name"], row)
            continue
        assert got is not None, (case["name"], row)
        assert got["class"] == want["class"], (case["name"], row)
        assert list(got["findings"]) == want["findings"], (case["name"], row)
        if "value" in want:
            assert got["value"] == want["value"]
        if "correction" in want:
            assert (got["correction_code"], got["correction_evidence"]) == (want["correction"], want["evidence"]), (case["name"], row)
        if want.get("needed_cleaning"):
            assert got["needed_cleaning"]
    overall = report._records(report.summary)[0]
    want = case["summary"]
    assert overall["scope"] == "overall"
    assert (overall["records"], overall["distinct_codes"], overall["flagged"]) == (want["records"], want["distinct_codes"], want["flagged"])
    assert len(report._records(report.summary)) - 1 == want["groups"]
    for cls, n in want.get("rows", {}).items():
        assert overall[f"rows_{cls}"] == n, (case["name"], cls)
    # Rows in = rows accounted for.
    assert sum(overall[f"rows_{c}"] for c in uscc._analysis.ROW_CLASSES) == overall["records"]
    fixes = {label(f): f for f in report._records(report.fixes)}
    for want in case["fixes"]:
        got = fixes[want["row"]]
        for key, column in (("action", "action"), ("correction", "correction_code")):
            if key in want:
                assert got[column] == want[key], (case["name"], want["row"], key)


def test_vectors_pandas(vectors):
    for case in vectors["analysis"]:
        report = uscc.analyze(frame(case), code="code", name="name", group="group", registry=registry(case))
        assert isinstance(report.summary, pd.DataFrame) and isinstance(report.fixes, pd.DataFrame)
        check_case(case, report, lambda r: r["label"])
        positions = {r["label"]: r["position"] for r in report._records(report.findings)}
        assert all(frame(case).index[p] == label for label, p in positions.items())


def test_vectors_polars_and_arrow(vectors):
    for case in vectors["analysis"]:
        df = frame(case)
        positions = list(df.index)
        for data in (pl.from_pandas(df.reset_index(drop=True)), pa.Table.from_pandas(df.reset_index(drop=True))):
            report = uscc.analyze(data, code="code", name="name", group="group", registry=registry(case))
            assert type(report.fixes).__module__.split(".")[0] == type(data).__module__.split(".")[0]
            check_case(case, report, lambda r: positions[r["position"]])


def test_registry_as_frame_or_pairs(vectors):
    case = next(c for c in vectors["analysis"] if "registry" in c)
    pairs = case["registry"]
    a = uscc.analyze(frame(case), code="code", name="name", group="group", registry=pairs)
    b = uscc.analyze(frame(case), code="code", name="name", group="group", registry=pd.DataFrame(pairs, columns=["code", "name"]))
    assert a.fixes.equals(b.fixes) and a.findings.equals(b.findings)


def test_options_are_applied_and_stated():
    df = pd.DataFrame({"code": ["无", "91350100M000100Y43", "91350100M000100Y43"]})
    default = uscc.analyze(df, code="code")
    assert "placeholder" in default.counted and default.denominator == "distinct_values"
    assert default.rate == pytest.approx(0.5)
    lenient = uscc.analyze(df, code="code", count_placeholders=False, denominator="records")
    assert "placeholder" not in lenient.counted and lenient.denominator == "records"
    assert lenient.rate == 0
    with pytest.raises(ValueError, match="denominator"):
        uscc.analyze(df, code="code", denominator="rows")


def test_personal_numbers_masked_unless_asked():
    df = pd.DataFrame({"code": ["11010519491231002X"]})
    assert uscc.analyze(df, code="code").findings["value"][0] == "110105********002X"
    assert uscc.analyze(df, code="code", reveal_personal=True).findings["value"][0] == "11010519491231002X"


def test_numbers_from_excel_are_classified_not_rejected():
    df = pd.DataFrame({"code": [9.14403001922038e17, 914403001922038000, None, "91350100M000100Y43"]})
    report = uscc.analyze(df, code="code")
    overall = report._records(report.summary)[0]
    assert overall["records"] == 4
    assert overall["rows_invalid"] == 2 and overall["rows_placeholder"] == 1


def test_missing_column_and_wrong_input():
    df = pd.DataFrame({"code": ["91350100M000100Y43"]})
    with pytest.raises(KeyError, match="no column '名称'"):
        uscc.analyze(df, code="code", name="名称")
    with pytest.raises(TypeError):
        uscc.analyze(["91350100M000100Y43"], code="code")


def test_sheet_files(tmp_path, vectors):
    report = uscc.analyze(frame(vectors["analysis"][0]), code="code", name="name", group="group")
    page = tmp_path / "fixes.html"
    report.to_html(str(page))
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "http" not in text
    for header in uscc.SHEET_HEADERS:
        assert header in text
    assert "<table>" in report._repr_html_()
    book = tmp_path / "fixes.xlsx"
    report.to_excel(str(book))
    back = pd.read_excel(book, sheet_name="更正表", dtype=str)
    assert list(back.columns) == list(uscc.SHEET_HEADERS)
    assert len(back) == len(report.fixes)
    assert set(back["原代码"]) == set(report.fixes["original"])
    legend = pd.read_excel(book, sheet_name="说明", header=None, dtype=str)
    assert "处理标志" in set(legend[0])


def test_sheet_cells_never_start_a_formula(tmp_path):
    evil = pl.DataFrame({"code": ["91350100M000100Y4A", "91350100M000100Y44"], "name": ['=HYPERLINK("x")', "@SUM(A1)"]})
    report = uscc.analyze(evil, code="code", name="name")
    sheet = tmp_path / "fixes.csv"
    report.to_csv(str(sheet))
    text = sheet.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text, text
    with pytest.raises(ValueError):
        report.to_excel(str(tmp_path / "fixes.csv"))
    report.to_excel(str(tmp_path / "fixes.xlsx"))


def test_dict_input_gives_pandas():
    report = uscc.analyze({"code": ["91350100M000100Y43", "x"]}, code="code")
    assert isinstance(report.summary, pd.DataFrame)
    assert list(report.findings["position"]) == [1] and "label" not in report.findings.columns


def test_empty_data_sets():
    for data in (pd.DataFrame({"code": []}), pl.DataFrame({"code": []}, schema={"code": pl.Utf8}), pa.table({"code": pa.array([], pa.string())})):
        report = uscc.analyze(data, code="code")
        overall = report._records(report.summary)[0]
        # No denominator, no rate (None, or NaN in a float column).
        assert overall["records"] == 0 and report.rate is None
        assert len(report._records(report.fixes)) == 0
