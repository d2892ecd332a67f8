"""The pandas accessor: ``df["code"].uscc.is_valid()``."""

from __future__ import annotations

import pandas as pd

from ._columns import check_many, is_valid_many, validate_many


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
        """``uscc.is_valid`` of each value, with the same index; nulls stay null.

        The column goes through the Arrow path: read in place when pandas
        keeps it in Arrow, converted once when it holds str objects."""
        return is_valid_many(self._series)

    def validate(self) -> pd.DataFrame:
        """``uscc.validate_many`` of the column (each value exactly as given)."""
        return validate_many(self._series)

    def check(self) -> pd.DataFrame:
        """``uscc.check_many`` of the column (normalized first, with the likeliest correction)."""
        return check_many(self._series)
