"""The pandas accessor: ``df["code"].uscc.is_valid()``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._columns import is_valid_many, validate_many


@pd.api.extensions.register_series_accessor("uscc")
class UsccSeriesAccessor:
    """uscc's column functions on a pandas Series.

    >>> import pandas as pd, uscc
    >>> pd.Series(["91350100M000100Y43", "x"]).uscc.is_valid().tolist()
    [True, False]
    """

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def is_valid(self) -> pd.Series:
        """``uscc.is_valid`` of each value, with the same index; nulls stay null."""
        return is_valid_many(self._arrow_backed())

    def validate(self) -> pd.DataFrame:
        """``uscc.validate_many`` of the column: verdict, findings, normalized, suggestion."""
        return validate_many(self._arrow_backed())

    def _arrow_backed(self) -> Any:
        """The column on the Arrow path: text converted once to Arrow strings."""
        s = self._series
        if s.dtype == object:
            try:
                import pyarrow as pa

                arrow = pa.array(s, type=pa.string(), from_pandas=True)
            except (ImportError, TypeError, ValueError, Exception):
                # Not all text: the object path names the first bad value.
                return s
            return pd.Series(pd.arrays.ArrowExtensionArray(arrow), index=s.index, name=s.name)
        return s
