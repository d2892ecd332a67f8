"""``uscc.History``: the runs a history file keeps (``uscc check --history``
or ``uscc.analyze(..., history=...)``), read by the same Rust code as the
command."""

from __future__ import annotations

from typing import Any, Dict, List

from . import _native

__all__ = ["History"]


class History:
    """A run history (an SQLite file; schema in the project's docs/history.md).

    >>> import uscc                                             # doctest: +SKIP
    >>> uscc.History("runs.db").runs()                          # doctest: +SKIP
    """

    def __init__(self, path: Any) -> None:
        self.path = str(path)

    def _runs(self) -> List[Dict[str, Any]]:
        return list(_native.history_runs(self.path))

    def runs(self, backend: str = "pandas") -> Any:
        """One row per run, oldest first: ``id``, ``label``, ``at`` (UTC),
        ``files``, ``records``, ``distinct_codes``, ``flagged``,
        ``denominator`` and ``rate`` (the 重错码率; None without a denominator).
        ``backend`` is ``"pandas"`` or ``"polars"``."""
        rows = [{k: v for k, v in r.items() if k != "groups"} for r in self._runs()]
        return _frame(rows, backend, ["id", "label", "at", "files", "records", "distinct_codes", "flagged", "denominator", "rate"])

    def groups(self, backend: str = "pandas") -> Any:
        """One row per run and group: ``id``, ``label``, ``group`` and the
        group's counts and rate."""
        rows = [{"id": r["id"], "label": r["label"], **g} for r in self._runs() for g in r["groups"]]
        return _frame(rows, backend, ["id", "label", "group", "records", "distinct_codes", "flagged", "denominator", "rate"])

    def __repr__(self) -> str:
        return f"History({self.path!r})"


def _frame(rows: List[Dict[str, Any]], backend: str, columns: List[str]) -> Any:
    data = {c: [r[c] for r in rows] for c in columns}
    if backend == "pandas":
        import pandas as pd

        return pd.DataFrame(data, columns=columns)
    if backend == "polars":
        import polars as pl

        return pl.DataFrame(data, strict=False)
    raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
