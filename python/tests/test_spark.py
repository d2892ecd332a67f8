"""uscc.spark on a real local[2] SparkSession: the same summary and findings
as uscc.analyze on the same data."""

import os
import sys

import pandas as pd
import pytest

import uscc

pyspark = pytest.importorskip("pyspark", reason="pyspark is installed by `make python-test`")


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("uscc-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def local_and_spark(spark, df, registry=None, **options):
    local = uscc.analyze(df, code="code", name="name", group="group", registry=registry, **options)
    data = df.reset_index(names="row")
    sdf = spark.createDataFrame(data.astype({"row": "int64"}), "row long, code string, name string, `group` string")
    remote = uscc.spark.analyze(sdf, code="code", name="name", group="group", registry=registry, row="row", **options)
    return local, remote


def normalized(frame):
    frame = frame.copy()
    for c in frame.columns:
        frame[c] = frame[c].map(lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else v)
    return frame.astype(object).where(frame.notna(), None)


def by_row(frame):
    """A local pandas result's rows named as Spark names them with ``row=``:
    the index label is the row number."""
    return frame.drop(columns=["position"]).rename(columns={"label": "row"})


def compare(local, remote):
    summary_local = normalized(local.summary.reset_index(drop=True))
    summary_remote = normalized(remote.summary.toPandas())
    assert list(summary_remote.columns) == list(summary_local.columns)
    assert summary_remote.to_dict("records") == summary_local.to_dict("records")
    findings_local = normalized(by_row(local.findings).sort_values("row").reset_index(drop=True))
    findings_remote = normalized(remote.findings.toPandas().sort_values("row").reset_index(drop=True))
    assert list(findings_remote.columns) == list(findings_local.columns)
    assert findings_remote.to_dict("records") == findings_local.to_dict("records")
    fixes_local = normalized(by_row(local.fixes).reset_index(drop=True))
    fixes_remote = normalized(remote.fixes.toPandas())
    assert list(fixes_remote.columns) == list(fixes_local.columns)
    assert fixes_remote.to_dict("records") == fixes_local.to_dict("records")
    assert remote.counted == local.counted and remote.denominator == local.denominator


def vector_frame(case):
    return pd.DataFrame(
        [r[1:] for r in case["records"]], columns=["code", "name", "group"], index=[r[0] for r in case["records"]]
    )


def test_vectors(spark, vectors):
    for case in vectors["analysis"]:
        registry = case.get("registry")
        compare(*local_and_spark(spark, vector_frame(case), registry=registry))


def test_synthetic_data_set(spark):
    import numpy as np

    rng = np.random.default_rng(7)
    valid = [str(uscc.parse(c)) for c in ["91350100M000100Y43", "914403001922038216", "12100000400000624D", "11110000000029209E"]]
    base = vector_frame({"records": []})
    rows = []
    names = ["甲公司", "乙公司", "丙公司", "丁公司", "戊公司"]
    for i in range(400):
        code = valid[rng.integers(len(valid))]
        r = rng.random()
        if r < 0.1:
            p = int(rng.integers(18))
            code = code[:p] + "0123456789ABCDEFGHJKLMNPQRTUWXY"[int(rng.integers(31))] + code[p + 1 :]
        elif r < 0.15:
            code = code.lower()
        elif r < 0.18:
            code = "无"
        elif r < 0.2:
            code = "11010519491231002X"
        rows.append((code, names[int(rng.integers(len(names)))] if rng.random() < 0.9 else None, ["税务局", "市场监管局", None][int(rng.integers(3))]))
    df = pd.DataFrame(rows, columns=list(base.columns), index=range(1, len(rows) + 1))
    compare(*local_and_spark(spark, df))
    compare(*local_and_spark(spark, df, denominator="records", count_one_name_many_codes=False, reveal_personal=True))


def test_is_valid_column(spark):
    sdf = spark.createDataFrame([("91350100M000100Y43",), ("x",), (None,)], "code string")
    got = [r["valid"] for r in uscc.spark.is_valid(sdf, "code").collect()]
    assert got == [True, False, None]


def test_empty_data_set(spark):
    empty = pd.DataFrame({"code": pd.Series([], dtype=object), "name": pd.Series([], dtype=object), "group": pd.Series([], dtype=object)})
    compare(*local_and_spark(spark, empty))


def test_generated_data_set_without_a_row_column(spark):
    """200,000 records of the generator's realistic mix, read by Spark with
    no row column: rows are numbered by position, as in uscc.analyze on a
    Polars frame, and every result equals the local one, row for row."""
    pl = pytest.importorskip("polars")
    codes, names, groups = uscc._native.synthetic(200_000, seed=5)
    local = uscc.analyze(pl.DataFrame({"code": codes, "name": names, "group": groups}), code="code", name="name", group="group")
    sdf = spark.createDataFrame(pd.DataFrame({"code": codes, "name": names, "group": groups}))
    remote = uscc.spark.analyze(sdf, code="code", name="name", group="group")
    summary_local = normalized(local.summary.to_pandas())
    assert normalized(remote.summary.toPandas()).to_dict("records") == summary_local.to_dict("records")
    findings_local = normalized(local.findings.to_pandas().sort_values("position").reset_index(drop=True))
    findings_remote = normalized(remote.findings.toPandas().sort_values("position").reset_index(drop=True))
    assert findings_remote.to_dict("records") == findings_local.to_dict("records")
    fixes_local = normalized(local.fixes.to_pandas())
    fixes_remote = normalized(remote.fixes.toPandas())
    assert len(fixes_local) > 10_000
    assert fixes_remote.to_dict("records") == fixes_local.to_dict("records")
    remote.unpersist()


def test_sample_files(spark):
    """The sample files shipped with the project (UTF-8 and GBK CSV, XLSX),
    read as an analyst reads them: Spark gives what uscc.analyze gives."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "testdata" / "sample"
    frames = []
    for path in sorted(sample.iterdir()):
        if path.name.startswith("双公示"):
            continue  # its code column has the 双公示 header (test_publicity.py)
        if path.suffix == ".csv":
            encoding = "gb18030" if "gbk" in path.name else "utf-8-sig"
            data = pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False)
        else:
            data = pd.read_excel(path, dtype=str, keep_default_na=False)
        frames.append(data[["统一社会信用代码", "行政相对人名称", "数据来源单位"]])
    df = pd.concat(frames, ignore_index=True)
    df.columns = ["code", "name", "group"]
    assert len(df) > 1000
    local, remote = local_and_spark(spark, df)
    compare(local, remote)
    assert local.summary["flagged"][0] > 0
    remote.unpersist()
