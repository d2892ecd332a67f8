"""Column-wise calls over the containers analysts use: list, tuple, numpy,
pandas, pyarrow and polars. Arrow data (pyarrow arrays, polars series,
pandas columns backed by Arrow) is read in place by the native module."""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from . import _native

__all__ = ["CheckRow", "Row", "check_many", "is_valid_many", "validate_many"]


class Row(NamedTuple):
    """What ``validate_many`` says of one value: the report's keys, with the
    findings as their codes (docs/dialect.md)."""

    value: str
    verdict: str
    valid: bool
    personal: bool
    main_error: Optional[str]
    findings: Tuple[str, ...]


class CheckRow(NamedTuple):
    """What ``check_many`` says of one value: the report's keys, then the
    likeliest correction and whether it is the only one at its cost."""

    value: str
    verdict: str
    valid: bool
    personal: bool
    main_error: Optional[str]
    findings: Tuple[str, ...]
    suggestion: Optional[str]
    suggestion_unique: bool


def _kind(values: Any) -> str:
    if isinstance(values, (list, tuple)):
        return "list"
    if isinstance(values, dict):
        raise TypeError("expected one column of values, got a dict: pass one of its columns, e.g. data['code']")
    module = type(values).__module__.split(".")[0]
    if module == "pandas":
        if type(values).__name__ != "Series":
            raise TypeError(f"expected a pandas Series (one column), got {type(values).__name__}")
        return "pandas"
    if module == "polars":
        if type(values).__name__ != "Series":
            raise TypeError(f"expected a polars Series (one column), got {type(values).__name__}")
        return "polars"
    if module == "pyarrow":
        if type(values).__name__ == "ChunkedArray":
            return "chunked"
        return "arrow"
    if module == "numpy":
        if getattr(values, "ndim", 1) != 1:
            raise TypeError(f"expected one column of values, got a {values.ndim}-D array of shape {values.shape}")
        return "numpy"
    if hasattr(values, "__arrow_c_array__"):
        return "arrow"
    if isinstance(values, (str, bytes)):
        raise TypeError("expected a column of values (list, tuple, numpy, pandas, pyarrow or polars), got a single str")
    return "list"


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover
        raise ImportError("Arrow data needs pyarrow: pip install 'uscc[arrow]'") from e
    return pyarrow


def _text(values: Any) -> Any:
    """An Arrow string array of a column: text as is, nulls kept, any other
    value (a number Excel made of a code) as its str, so that the analysis
    classifies it instead of failing."""
    pa = _pa()
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        if pa.types.is_dictionary(values.type):
            values = values.dictionary_decode()
        if pa.types.is_string(values.type) or pa.types.is_large_string(values.type) or pa.types.is_string_view(values.type):
            return values
        return values.cast(pa.string())
    try:
        converted = pa.array(values, type=pa.string(), from_pandas=True)
        return converted.combine_chunks() if isinstance(converted, pa.ChunkedArray) else converted
    except (pa.ArrowException, TypeError, ValueError):
        import math

        def text(v: Any) -> Optional[str]:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                return None
            return v if isinstance(v, str) else str(v)

        return pa.array([text(v) for v in values], type=pa.string())


def _text_chunks(values: Any) -> Any:
    """A column as ``_text`` makes it; a column of several chunks as the list
    of its chunks, each made so, read in place rather than copied into one."""
    pa = _pa()
    if isinstance(values, pa.ChunkedArray) and values.num_chunks != 1:
        return [_text(chunk) for chunk in values.chunks]
    return _text(values)


def _string_chunks(array: Any) -> List[Any]:
    """The chunks of a pyarrow array or chunked array as string arrays."""
    pa = _pa()
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    out = []
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_decode()
        if pa.types.is_null(chunk.type):
            chunk = chunk.cast(pa.string())
        out.append(chunk)
    return out


def _arrow_of_pandas(series: Any) -> Any:
    """The column as an Arrow string array: in place when pandas keeps it in
    Arrow, converted once for a column of str objects (faster than one
    conversion per value). None when the column holds anything but text and
    nulls (the object path then names the first bad value) or pyarrow is
    not installed."""
    dtype = series.dtype
    try:
        import pyarrow as pa
    except ImportError:
        return None
    if getattr(dtype, "storage", None) == "pyarrow" or type(dtype).__name__ == "ArrowDtype":
        return pa.array(series)
    if dtype == object:
        try:
            return pa.array(series, type=pa.string(), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):
            return None
    return None


def _objects(values: Any) -> Any:
    """The values of a one-column numpy array as Python objects."""
    return values.tolist()


def _numeric(values: Any) -> bool:
    """Whether a pandas or numpy column holds numbers (a column of codes that
    Excel made numbers of, as ``pd.read_excel`` gives it)."""
    kind = getattr(getattr(values, "dtype", None), "kind", "")
    return kind in ("f", "i", "u")


def _bool_list_to(kind: str, values: Any, result: List[Optional[bool]]) -> Any:
    if kind == "numpy":
        import numpy as np

        if any(v is None for v in result):
            return np.array(result, dtype=object)
        return np.array(result, dtype=bool)
    if kind == "pandas":
        import pandas as pd

        dtype = "boolean" if any(v is None for v in result) else bool
        return pd.Series(result, index=values.index, name=values.name, dtype=dtype)
    return result


def _valid_arrow(array: Any) -> Any:
    pa = _pa()
    parts = [pa.array(_native.is_valid_arrow(chunk)) for chunk in _string_chunks(array)]
    if isinstance(array, pa.ChunkedArray):
        return pa.chunked_array(parts, type=pa.bool_())
    return parts[0]


def is_valid_many(values: Any) -> Any:
    """``is_valid`` over a column, in the caller's kind of container.

    List or tuple in, list out; numpy in, numpy out; pandas Series in, pandas
    Series out (same index); pyarrow Array or ChunkedArray in, the same out;
    polars Series in, polars Series out. Nulls (None, NaN, pandas NA) stay
    null. Arrow data is read in place; the work runs on all cores with the
    GIL released. A value that is neither a str nor null raises TypeError
    naming its position.

    >>> import uscc
    >>> uscc.is_valid_many(["91350100M000100Y43", "91350100M000100Y4A", None])
    [True, False, None]
    """
    kind = _kind(values)
    if kind == "list":
        return _native.is_valid_objects(values)
    if kind in ("numpy", "pandas") and _numeric(values):
        # Numbers are read as their text, as ``uscc.analyze`` reads them.
        return _bool_list_to(kind, values, _valid_arrow(_text(values)).to_pylist())
    if kind == "numpy":
        return _bool_list_to(kind, values, _native.is_valid_objects(_objects(values)))
    if kind == "pandas":
        arrow = _arrow_of_pandas(values)
        if arrow is None:
            return _bool_list_to(kind, values, _native.is_valid_objects(values.tolist()))
        import pandas as pd

        result = _valid_arrow(arrow)
        data = result.fill_null(False).to_numpy(zero_copy_only=False)
        if result.null_count:
            data = pd.arrays.BooleanArray(data, result.is_null().to_numpy(zero_copy_only=False))
        return pd.Series(data, index=values.index, name=values.name)
    if kind == "polars":
        import polars as pl

        return pl.Series(values.name, _valid_arrow(values.to_arrow()))
    return _valid_arrow(values if kind == "chunked" else _pa().array(values))


def _rows_arrow(array: Any, lenient: bool) -> Any:
    """A pyarrow Table of the rows' keys."""
    pa = _pa()
    chunks = _string_chunks(array) or [pa.array([], type=pa.string())]
    tables = [pa.Table.from_struct_array(pa.array(_native.rows_arrow(c, lenient=lenient))) for c in chunks]
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def _many(values: Any, lenient: bool) -> Any:
    kind = _kind(values)
    if kind in ("numpy", "pandas") and _numeric(values):
        # Numbers are read as their text, as ``uscc.analyze`` reads them.
        table = _rows_arrow(_text(values), lenient)
        if kind == "numpy":
            return _tuples(table.to_pydict(), lenient)
        frame = table.to_pandas()
        frame.index = values.index
        return frame
    if kind in ("list", "numpy"):
        items = _objects(values) if kind == "numpy" else values
        return _tuples(_native.rows_objects(items, lenient=lenient), lenient)
    if kind == "pandas":
        import pandas as pd

        arrow = _arrow_of_pandas(values)
        if arrow is not None:
            frame = _rows_arrow(arrow, lenient).to_pandas()
        else:
            frame = pd.DataFrame(_native.rows_objects(values.tolist(), lenient=lenient))
        frame.index = values.index
        return frame
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(_rows_arrow(values.to_arrow(), lenient))
    return _rows_arrow(values if kind == "chunked" else _pa().array(values), lenient)


def _tuples(columns: Dict[str, List[Any]], lenient: bool) -> List[Any]:
    """One ``Row`` (or ``CheckRow``) per value, None for a null."""
    kind = CheckRow if lenient else Row
    keys = kind._fields
    out: List[Any] = []
    for i, verdict in enumerate(columns["verdict"]):
        if verdict is None:
            out.append(None)
            continue
        values = {k: columns[k][i] for k in keys}
        values["findings"] = tuple(values["findings"] or ())
        out.append(kind(**values))
    return out


def validate_many(values: Any) -> Any:
    """``validate`` over a column: each value exactly as given (strict).

    List, tuple or numpy in: a list of ``uscc.Row`` (None for a null).
    pandas Series in: a DataFrame with the same index. pyarrow in: a Table.
    polars Series in: a polars DataFrame. The columns are the report's keys
    (docs/dialect.md): ``value`` (a personal identity number masked),
    ``verdict``, ``valid``, ``personal``, ``main_error`` and ``findings``
    (the finding codes). A value that is neither a str nor null raises
    TypeError naming its position.

    >>> import uscc
    >>> uscc.validate_many(["91350100M000100Y43", "９１３５０１００Ｍ０００１００Ｙ４３"])[1].verdict
    'invalid'
    """
    return _many(values, lenient=False)


def check_many(values: Any) -> Any:
    """``check`` and ``suggest`` over a column: each value normalized first
    (lenient), with the likeliest correction of an invalid one.

    The containers and columns are ``validate_many``'s (``uscc.CheckRow``
    for a list), then ``suggestion`` and ``suggestion_unique`` (whether the
    suggestion is the only one at its cost: act on it alone only then).

    >>> import uscc
    >>> uscc.check_many(["91350100M000100Y4A"])[0].suggestion
    '91350100M000100Y43'
    """
    return _many(values, lenient=True)
