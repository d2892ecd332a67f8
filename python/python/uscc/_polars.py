"""The polars namespaces: ``pl.col("code").uscc.is_valid()`` and ``series.uscc``."""

from __future__ import annotations

import polars as pl

from ._columns import check_many, is_valid_many, validate_many


@pl.api.register_expr_namespace("uscc")
class UsccExpr:
    """uscc's column functions in polars expressions.

    >>> import polars as pl, uscc
    >>> df = pl.DataFrame({"code": ["91350100M000100Y43", "x"]})
    >>> df.select(pl.col("code").uscc.is_valid())["code"].to_list()
    [True, False]
    """

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def is_valid(self) -> pl.Expr:
        """``uscc.is_valid`` of each value (Arrow path, in place); nulls stay null."""
        return self._expr.map_batches(is_valid_many, return_dtype=pl.Boolean)


@pl.api.register_series_namespace("uscc")
class UsccSeries:
    """uscc's column functions on a polars Series."""

    def __init__(self, series: pl.Series) -> None:
        self._series = series

    def is_valid(self) -> pl.Series:
        """``uscc.is_valid`` of each value; nulls stay null."""
        return is_valid_many(self._series)

    def validate(self) -> pl.DataFrame:
        """``uscc.validate_many`` of the column (each value exactly as given)."""
        return validate_many(self._series)

    def check(self) -> pl.DataFrame:
        """``uscc.check_many`` of the column (normalized first, with the likeliest correction)."""
        return check_many(self._series)
