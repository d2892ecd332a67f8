"""Column functions over every container: the caller's kind back, nulls kept,
clear TypeErrors, the same answers as the single-value calls."""

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import uscc

VALUES = ["91350100M000100Y43", "91350100M000100Y4A", "９１３５０１００Ｍ０００１００Ｙ４３", "无", "914403001922038216"]
EXPECTED = [uscc.is_valid(v) for v in VALUES]
VALIDATE_KEYS = ["value", "verdict", "valid", "personal", "main_error", "findings"]
CHECK_KEYS = VALIDATE_KEYS + ["suggestion", "suggestion_unique"]


def test_list_and_tuple():
    assert uscc.is_valid_many(VALUES) == EXPECTED
    assert uscc.is_valid_many(tuple(VALUES)) == EXPECTED
    assert uscc.is_valid_many([]) == []
    assert uscc.is_valid_many(iter(VALUES)) == EXPECTED


def test_nulls_stay_null():
    assert uscc.is_valid_many([VALUES[0], None, float("nan"), pd.NA, VALUES[1]]) == [True, None, None, None, False]
    rows = uscc.validate_many([None, VALUES[1]])
    assert rows[0] is None and rows[1].verdict == "invalid"


def test_numpy():
    out = uscc.is_valid_many(np.array(VALUES))
    assert isinstance(out, np.ndarray) and out.dtype == bool and out.tolist() == EXPECTED
    out = uscc.is_valid_many(np.array(VALUES + [None], dtype=object))
    assert out.dtype == object and out.tolist() == EXPECTED + [None]


@pytest.mark.parametrize("dtype", [object, "string[python]", "string[pyarrow]", pd.ArrowDtype(pa.string())])
def test_pandas(dtype):
    s = pd.Series(VALUES + [None], index=list("abcdefg")[: len(VALUES) + 1], name="统一社会信用代码", dtype=dtype)
    out = uscc.is_valid_many(s)
    assert isinstance(out, pd.Series)
    assert list(out.index) == list(s.index) and out.name == s.name
    assert out.iloc[:-1].tolist() == EXPECTED and pd.isna(out.iloc[-1])
    assert out.dtype == "boolean"
    assert s.uscc.is_valid().equals(out)
    frame = uscc.check_many(s)
    assert list(frame.columns) == CHECK_KEYS
    assert list(frame.index) == list(s.index)
    assert frame["suggestion"].iloc[1] == "91350100M000100Y43"
    assert frame["value"].iloc[2] == "91350100M000100Y43"
    assert pd.isna(frame["verdict"].iloc[-1])
    assert s.uscc.check().equals(frame)
    strict = s.uscc.validate()
    assert list(strict.columns) == VALIDATE_KEYS
    assert strict["verdict"].iloc[2] == "invalid" and strict["main_error"].iloc[2] == "invalid_character"


def test_pandas_without_nulls_gives_plain_bool():
    out = pd.Series(VALUES).uscc.is_valid()
    assert out.dtype == bool and out.tolist() == EXPECTED


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_arrow(kind):
    a = pa.array(VALUES + [None], type=kind)
    out = uscc.is_valid_many(a)
    assert isinstance(out, pa.BooleanArray)
    assert out.to_pylist() == EXPECTED + [None]
    t = uscc.check_many(a)
    assert isinstance(t, pa.Table) and t.column_names == CHECK_KEYS
    assert t["findings"][1].as_py() == ["check_char_mismatch", "possible_pilot_era"]
    assert t["main_error"][1].as_py() == "check_char_mismatch"
    assert uscc.validate_many(a).column_names == VALIDATE_KEYS


def test_arrow_slices_and_chunks():
    a = pa.array(["x"] + VALUES + [None], type=pa.string()).slice(1, len(VALUES))
    assert uscc.is_valid_many(a).to_pylist() == EXPECTED
    c = pa.chunked_array([VALUES[:2], VALUES[2:], []], type=pa.string())
    out = uscc.is_valid_many(c)
    assert isinstance(out, pa.ChunkedArray) and out.to_pylist() == EXPECTED
    assert uscc.validate_many(c).num_rows == len(VALUES)
    d = pa.array(VALUES).dictionary_encode()
    assert uscc.is_valid_many(d).to_pylist() == EXPECTED
    assert uscc.is_valid_many(pa.nulls(3)).to_pylist() == [None, None, None]


def test_polars():
    s = pl.Series("code", VALUES + [None])
    out = uscc.is_valid_many(s)
    assert isinstance(out, pl.Series) and out.name == "code" and out.dtype == pl.Boolean
    assert out.to_list() == EXPECTED + [None]
    assert s.uscc.is_valid().to_list() == EXPECTED + [None]
    df = pl.DataFrame({"code": VALUES + [None]})
    got = df.select(pl.col("code").uscc.is_valid().alias("ok"))["ok"].to_list()
    assert got == EXPECTED + [None]
    frame = uscc.check_many(s)
    assert isinstance(frame, pl.DataFrame) and frame.columns == CHECK_KEYS
    assert frame["suggestion"][1] == "91350100M000100Y43"
    assert s.uscc.check().equals(frame)
    assert s.uscc.validate().columns == VALIDATE_KEYS


@pytest.mark.parametrize(
    "values, where",
    [
        (["91350100M000100Y43", 42], "element 1 is int"),
        ([b"91350100M000100Y43"], "element 0 is bytes"),
        (np.array(["a", 1.5], dtype=object), "element 1 is float"),
        (pd.Series(["a", 3], dtype=object), "element 1 is int"),
    ],
)
def test_type_errors_name_the_position(values, where):
    with pytest.raises(TypeError, match=where):
        uscc.is_valid_many(values)
    with pytest.raises(TypeError, match=where):
        uscc.validate_many(values)
    with pytest.raises(TypeError, match=where):
        uscc.check_many(values)


def test_non_string_arrow_is_a_type_error():
    with pytest.raises(TypeError, match="string"):
        uscc.is_valid_many(pa.array([1, 2, 3]))
    with pytest.raises(TypeError):
        uscc.is_valid_many("91350100M000100Y43")
    with pytest.raises(TypeError):
        uscc.is_valid_many(pd.DataFrame({"a": VALUES}))


def test_every_path_agrees_on_random_input():
    import random

    rng = random.Random(5)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ ９ｍ-'\u3000"
    values = []
    for _ in range(3000):
        code = str(uscc.parse(rng.choice(VALUES[::4])))
        if rng.random() < 0.5:
            p = rng.randrange(18)
            code = code[:p] + rng.choice(alphabet) + code[p + 1 :]
        values.append(code)
    expected = [uscc.is_valid(v) for v in values]
    assert uscc.is_valid_many(values) == expected
    assert uscc.is_valid_many(pa.array(values)).to_pylist() == expected
    assert uscc.is_valid_many(pa.array(values, type=pa.string_view())).to_pylist() == expected
    assert uscc.is_valid_many(pl.Series(values)).to_list() == expected
    assert uscc.is_valid_many(pd.Series(values)).tolist() == expected
    for many in (uscc.validate_many, uscc.check_many):
        rows = many(values)
        table = many(pa.array(values))
        assert [r._asdict() for r in rows] == [{**r, "findings": tuple(r["findings"])} for r in table.to_pylist()]
        assert [r.verdict for r in rows] == [uscc.validate(v).verdict if many is uscc.validate_many else uscc.check(v).verdict for v in values]


def test_empty_columns_of_every_kind():
    assert uscc.is_valid_many(pa.chunked_array([], type=pa.string())).to_pylist() == []
    assert uscc.validate_many(pa.chunked_array([], type=pa.string())).num_rows == 0
    assert uscc.validate_many(pa.array([], type=pa.string())).column_names == VALIDATE_KEYS
    assert uscc.check_many(pa.array([], type=pa.string())).column_names == CHECK_KEYS
    assert len(uscc.is_valid_many(pd.Series([], dtype=object))) == 0
    assert len(uscc.validate_many(pl.Series([], dtype=pl.Utf8))) == 0
    assert uscc.is_valid_many(np.array([], dtype=str)).tolist() == []


def test_categorical_columns():
    assert uscc.is_valid_many(pd.Series(VALUES, dtype="category")).tolist() == EXPECTED
    assert uscc.is_valid_many(pl.Series(VALUES, dtype=pl.Categorical)).to_list() == EXPECTED


def test_numeric_columns_read_as_analyze_reads_them():
    import numpy as np
    import pandas as pd

    # pd.read_excel gives numbers for a column Excel stored as numbers.
    floats = pd.Series([914403001922038216.0, float("nan")], name="code")
    result = uscc.is_valid_many(floats)
    assert result.iloc[0] == False and pd.isna(result.iloc[1])  # noqa: E712
    ints = pd.Series([914403001922038216, 1], name="code")
    assert uscc.is_valid_many(ints).tolist() == [True, False]
    assert uscc.is_valid_many(np.array([914403001922038216])).tolist() == [True]
    report = uscc.analyze(pd.DataFrame({"code": floats}), code="code")
    assert report.findings["findings"].iloc[0][0] == "excel_scientific_notation"


def test_one_column_only():
    import numpy as np

    with pytest.raises(TypeError, match="2-D"):
        uscc.is_valid_many(np.array([["91350100M000100Y43"], ["x"]]))
    with pytest.raises(TypeError, match="dict"):
        uscc.is_valid_many({"code": ["91350100M000100Y43"]})


def test_a_suggestion_says_whether_it_is_the_only_one():
    ambiguous, unique = uscc.check_many(["91350100M000100Y4A", "9135O1OOM000100Y43"])
    assert ambiguous.suggestion == "91350100M000100Y43" and not ambiguous.suggestion_unique
    assert unique.suggestion == "91350100M000100Y43" and unique.suggestion_unique
    frame = uscc.check_many(pa.array(["91350100M000100Y4A", None]))
    assert frame.column("suggestion_unique").to_pylist() == [False, None]


def test_numeric_columns_in_the_row_calls():
    floats = pd.Series([914403001922038016.0, None], index=["x", "y"])
    frame = uscc.validate_many(floats)
    assert list(frame.index) == ["x", "y"] and frame["main_error"].iloc[0] == "excel_scientific_notation"
    # pd.read_excel(dtype=str) gives the digits Excel kept.
    assert uscc.validate_many(["914403001922038016"])[0].main_error == "excel_precision_loss"
    rows = uscc.check_many(np.array([914403001922038216]))
    assert rows[0].verdict == "valid"


def test_a_personal_number_is_masked_in_the_rows():
    (row,) = uscc.check_many(["11010519491231002X"])
    assert row.personal and row.value == "110105********002X"
    assert uscc.validate_many(pa.array(["11010519491231002X"]))["value"].to_pylist() == ["110105********002X"]
