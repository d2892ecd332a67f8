"""``uscc.History``: the runs a history file keeps (``uscc check --history``
or ``uscc.analyze(..., history=...)``) and two runs compared, read by the
same Rust code as the command, in the shape ``uscc history --json`` prints."""

from __future__ import annotations

import json
from typing import Any, Dict, List, NamedTuple, Optional

from . import _native

__all__ = ["History", "Comparison"]

_COUNTS = ["records", "distinct_codes", "flagged", "denominator", "rate"]
_CODE = ["key", "value", "class", "errors", "groups", "names"]


class Comparison(NamedTuple):
    """Two runs compared (``History.compare``): the labels, and DataFrames.

    ``groups``: per group ``rate_before``, ``rate_after``, ``flagged_before``,
    ``flagged_after`` (None where the group was not in that run), ``fixed``,
    ``new``, ``open``. ``fixed``, ``new``: the codes (``key``, ``value``
    as the reports show it, ``class``, ``errors``, ``groups``, ``names``).
    ``open``: the same columns plus ``runs`` (the runs in a row it has stayed
    flagged) and ``since`` (the label of the first of them), longest first.
    """

    before: str
    after: str
    groups: Any
    fixed: Any
    new: Any
    open: Any


class History:
    """A run history (an SQLite file; schema in the project's docs/history.md).

    >>> import uscc                                             # doctest: +SKIP
    >>> uscc.History("runs.db").runs()                          # doctest: +SKIP
    >>> uscc.History("runs.db").compare("2026-10", "2026-11")   # doctest: +SKIP
    """

    def __init__(self, path: Any) -> None:
        self.path = str(path)

    def _runs(self) -> List[Dict[str, Any]]:
        runs: List[Dict[str, Any]] = json.loads(_native.history_runs(self.path))["runs"]
        return runs

    def runs(self, backend: str = "pandas") -> Any:
        """One row per run, oldest first: ``id``, ``label``, ``at`` (UTC),
        ``files``, ``records``, ``distinct_codes``, ``flagged``,
        ``denominator`` and ``rate`` (the 重错码率; None without a denominator).
        ``backend`` is ``"pandas"`` or ``"polars"``."""
        rows = [{"id": r["id"], "label": r["label"], "at": r["at"], "files": r["files"], **r["overall"]} for r in self._runs()]
        return _frame(rows, backend, ["id", "label", "at", "files", *_COUNTS])

    def groups(self, backend: str = "pandas") -> Any:
        """One row per run and group: ``id``, ``label``, ``group`` and the
        group's counts and rate."""
        rows = [{"id": r["id"], "label": r["label"], **g} for r in self._runs() for g in r["groups"]]
        return _frame(rows, backend, ["id", "label", "group", *_COUNTS])

    def compare(self, before: Optional[Any] = None, after: Optional[Any] = None, backend: str = "pandas") -> Comparison:
        """Two runs compared, by label or number (both None: the last two),
        as ``uscc history --compare`` does: per group the rate before and
        after, and the codes fixed (flagged before, valid or absent after),
        new (flagged after, not before) and still open (flagged in both)."""
        if (before is None) != (after is None):
            raise ValueError("compare() takes two runs, or none for the last two")
        c = json.loads(
            _native.history_compare(self.path, None if before is None else str(before), None if after is None else str(after))
        )
        groups = [
            {
                "group": g["group"],
                "rate_before": (g["before"] or {}).get("rate"),
                "rate_after": (g["after"] or {}).get("rate"),
                "flagged_before": (g["before"] or {}).get("flagged"),
                "flagged_after": (g["after"] or {}).get("flagged"),
                "fixed": g["fixed"],
                "new": g["new"],
                "open": g["open"],
            }
            for g in c["groups"]
        ]
        group_columns = ["group", "rate_before", "rate_after", "flagged_before", "flagged_after", "fixed", "new", "open"]
        return Comparison(
            before=c["before"]["label"],
            after=c["after"]["label"],
            groups=_frame(groups, backend, group_columns),
            fixed=_frame(c["fixed"], backend, _CODE),
            new=_frame(c["new"], backend, _CODE),
            open=_frame(c["open"], backend, [*_CODE, "runs", "since"]),
        )

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
