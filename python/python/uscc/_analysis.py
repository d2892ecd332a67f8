"""``uscc.analyze``: every 重码 and 错码 of a data set, with the rates the
city is scored on and the correction sheet (the core's analysis; the
columns are read in place through Arrow)."""

from __future__ import annotations

import html
import json
from typing import Any, Dict, List, Optional

from . import _native
from ._columns import _pa, _text_chunks

__all__ = ["AnalysisReport", "ColumnReport", "analyze", "SHEET_HEADERS"]

#: The correction sheet's headers, as ``to_excel``, ``to_csv`` and
#: ``to_html`` write it: the same sheet as ``uscc check --fixes`` writes.
SHEET_HEADERS = tuple(_native.sheet_headers())

ROW_CLASSES = dict(_native.row_classes())




def _library(data: Any) -> str:
    module = type(data).__module__.split(".")[0]
    if module == "pandas" and type(data).__name__ == "DataFrame":
        return "pandas"
    if module == "polars" and type(data).__name__ == "DataFrame":
        return "polars"
    if module == "pyarrow" and type(data).__name__ in ("Table", "RecordBatch"):
        return "arrow"
    if isinstance(data, dict):
        return "dict"
    raise TypeError(f"analyze expects a pandas or polars DataFrame, a pyarrow Table or a dict of columns, got {type(data).__name__}")


def _column(data: Any, library: str, name: str) -> Any:
    try:
        if library == "polars":
            import polars as pl

            return _text_chunks(data[name].cast(pl.Utf8).to_arrow())
        return _text_chunks(data[name])
    except KeyError:
        columns = list(data.keys()) if library == "dict" else list(data.columns if library != "arrow" else data.column_names)
        raise KeyError(f"no column {name!r}; the columns are {columns}") from None


def _headers(data: Any, library: str) -> List[Any]:
    """The data's column names, in order."""
    if library == "dict":
        return list(data.keys())
    if library == "arrow":
        return list(data.column_names)
    return list(data.columns)


def _registry(registry: Any) -> Any:
    """(codes, names) Arrow arrays of a registry: a DataFrame or Table with
    ``code`` and ``name`` columns, a dict {code: name}, or (code, name) pairs."""
    pa = _pa()
    if registry is None:
        return None, None
    if isinstance(registry, dict):
        return pa.array(list(registry.keys()), pa.string()), pa.array(list(registry.values()), pa.string())
    try:
        library = _library(registry)
    except TypeError:
        pairs = list(registry)
        return pa.array([p[0] for p in pairs], pa.string()), pa.array([p[1] for p in pairs], pa.string())
    return _column(registry, library, "code"), _column(registry, library, "name")


class ColumnReport:
    """The 双公示 column checks of ``uscc.analyze`` (docs/rules.md, "双公示
    files"), for data with 双公示 columns.

    Attributes:
        found: each role checked (``code_3``, ``id_number`` … as
            ``--column ROLE=HEADER`` names them) and its column.
        missing: the roles the data has no column for (not checked).
        summary: one row for the whole data set (``scope == "overall"``),
            then one per group: ``rows``, ``compliant`` (rows with no error
            finding in any checked column), the 合规率 ``rate``, and
            ``natural_persons`` (自然人 rows with an empty 代码_1: correct,
            and left out of the analysis and its 重错码率).
        findings: one row per finding: the row's 0-based ``position``
            (pandas: and its index ``label``), ``role``, ``column``,
            ``check``, ``severity``, ``message_zh``, ``value`` (an identity
            number masked), ``expected``, ``suggestion`` and, for a check
            across rows, ``rows``: the positions of the rows it points at.
        counts: findings per check.
    """

    def __init__(self, doc: Dict[str, Any], library: str, labels: Optional[List[Any]], why: List[str]) -> None:
        files = doc["files"][0] if doc["files"] else {"columns": [], "missing": []}
        self.found: Dict[str, str] = {c["role"]: c["header"] for c in files["columns"]}
        self.missing: List[str] = list(files["missing"])
        self.counts: Dict[str, int] = {c["check"]: c["count"] for c in doc["counts"]}
        keys = ("rows", "compliant", "rate", "natural_persons")
        summary: Dict[str, List[Any]] = {"scope": ["overall"], "group": [None]}
        for k in keys:
            summary[k] = [doc["overall"][k]]
        for g in doc["groups"]:
            summary["scope"].append("group")
            summary["group"].append(g["group"])
            for k in keys:
                summary[k].append(g[k])
        findings: Dict[str, List[Any]] = {"position": [f["row"] for f in doc["findings"]]}
        if labels is not None:
            findings["label"] = [labels[f["row"]] for f in doc["findings"]]
        findings["role"] = [f["role"] for f in doc["findings"]]
        findings["column"] = [f["header"] for f in doc["findings"]]
        for k in ("check", "severity", "message_zh", "value", "expected", "suggestion"):
            findings[k] = [f[k] for f in doc["findings"]]
        findings["rows"] = [[r["row"] for r in f["rows"]] for f in doc["findings"]]
        findings["name"] = [f["name"] for f in doc["findings"]]
        findings["group"] = [f["group"] for f in doc["findings"]]
        # The sheet's lines: 行号 as the fixes' (label, else position), and
        # what was expected with the rows that show it.
        self._sheet: Dict[str, List[Any]] = {
            "row": [str(r) for r in findings.get("label", findings["position"])],
            "why": why,
            **{k: findings[k] for k in ("column", "value", "name", "group", "check", "suggestion")},
        }
        self.summary = _frame(summary, library)
        self.findings = _frame(findings, library)
        self._rate: Optional[float] = doc["overall"]["rate"]

    @property
    def rate(self) -> Optional[float]:
        """The overall 合规率; ``None`` without rows."""
        return self._rate

    def __repr__(self) -> str:
        rate = _rate_text(self._rate)
        return f"ColumnReport(checked={sorted(self.found)}, missing={self.missing}, rate={rate}, counts={self.counts})"


class AnalysisReport:
    """The result of ``uscc.analyze``.

    Attributes:
        summary: one row for the whole data set (``scope == "overall"``), then
            one per group: records, distinct codes, rows and distinct codes
            per class, errors per finding code, the flagged count, the
            denominator and the 重错码率 ``rate``.
        findings: every row that is not plainly valid: its 0-based
            ``position`` in the data (pandas: and its index ``label``),
            primary ``class``, normalized ``value``, finding codes, every class
            that applies, ``correction_code`` with its
            ``correction_evidence``, and the registry remarks.
        fixes: the correction sheet: one line per problem (the original
            spelling, code, name, group) with the ``position`` of its first
            row (pandas: and its ``label``) and how many rows share it, the
            problem, the suggested code and why, and the action flag (0
            assign a new code, 1 delete the record, 2 keep the code) where
            the evidence supports one. The keys are the core's sheet-line
            keys (docs/dialect.md), ``correction`` flattened.
        denominator, counted: the options that produced the rate.
        columns: the 双公示 column checks (a ``ColumnReport``) when the
            data has 双公示 columns, else ``None``.
    """

    columns: Optional[ColumnReport] = None

    def __init__(
        self,
        summary: Any,
        findings: Any,
        fixes: Any,
        denominator: str,
        counted: List[str],
        library: str,
        evidence_zh: Optional[Dict[int, str]] = None,
    ) -> None:
        self.summary = summary
        self.findings = findings
        self.fixes = fixes
        self.denominator = denominator
        self.counted = counted
        self._library = library
        # The sheet's Chinese evidence by the line's first position (the
        # sentence names the row it rests on, which no column holds).
        self._evidence_zh = evidence_zh or {}

    def _records(self, frame: Any) -> List[Dict[str, Any]]:
        if self._library == "pandas":
            return frame.to_dict("records")
        if self._library == "polars":
            return frame.to_dicts()
        return frame.to_pylist()

    @property
    def rate(self) -> Optional[float]:
        """The overall 重错码率; ``None`` when its denominator is 0."""
        rate = self._records(self.summary)[0]["rate"]
        return None if rate is None or rate != rate else rate

    def _summary_html(self) -> str:
        rows = []
        for g in self._records(self.summary):
            label = "全部" if g["scope"] == "overall" else (g["group"] or "（未分组）")
            rows.append(
                f"<tr><td>{html.escape(label)}</td><td>{g['records']}</td><td>{g['distinct_codes']}</td>"
                f"<td>{g['codes_invalid']}</td><td>{g['flagged']}</td><td>{g['denominator']}</td>"
                f"<td>{_rate_text(g['rate'])}</td></tr>"
            )
        counted = "、".join(ROW_CLASSES.get(c, c) for c in self.counted)
        denominator = _native.denominator_name_zh(self.denominator)
        return (
            "<table><thead><tr><th>分组</th><th>记录数</th><th>代码数</th><th>错码</th><th>重错码</th>"
            "<th>分母</th><th>重错码率</th></tr></thead><tbody>"
            + "".join(rows)
            + f"</tbody></table><p>重错码率 = 属于 {html.escape(counted)} 的不同代码数 ÷ {html.escape(denominator)}</p>"
        )

    def _sheet_columns(self) -> Dict[str, List[Any]]:
        """The fixes as plain columns for the native sheet writer: 行号 is
        the index label (pandas) or the 0-based position, nulls are None."""
        records = self._records(self.fixes)

        def plain(v: Any) -> Any:
            if v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType"):
                return None
            return v

        columns: Dict[str, List[Any]] = {
            "row": [str(r["label"] if "label" in r else r["position"]) for r in records],
            "evidence_zh": [self._evidence_zh.get(int(r["position"])) if plain(r.get("correction_code")) else None for r in records],
            "correction": [plain(r.get("correction_code")) for r in records],
        }
        for key in ("rows", "original", "value", "name", "group", "problem", "findings", "action"):
            values = [plain(r.get(key)) for r in records]
            if key in ("rows", "action"):
                values = [None if v is None else int(v) for v in values]
            elif key == "findings":
                values = [list(v) if v is not None else [] for v in values]
            columns[key] = values
        return columns

    def _sheet_html(self, limit: Optional[int] = None) -> str:
        cells = _native.sheet_cells(self._sheet_columns())
        head = "".join(f"<th>{html.escape(h)}</th>" for h in SHEET_HEADERS)
        body = [
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line) + "</tr>"
            for line in (cells[:limit] if limit is not None else cells)
        ]
        more = f"<p>… {len(cells) - limit} more in .fixes</p>" if limit is not None and len(cells) > limit else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"

    def _repr_html_(self) -> str:
        return (
            "<div><h4>uscc: 重码与错码</h4>" + self._summary_html() + f"<h4>更正表（{len(self._records(self.fixes))} 行）</h4>"
            + self._sheet_html(limit=20) + "</div>"
        )

    def __repr__(self) -> str:
        overall = self._records(self.summary)[0]
        return (
            f"AnalysisReport(records={overall['records']}, distinct_codes={overall['distinct_codes']}, "
            f"flagged={overall['flagged']}, rate={_rate_text(overall['rate'])}, fixes={len(self._records(self.fixes))})"
        )

    def to_html(self, path: str) -> None:
        """Writes the summary and the correction sheet as one self-contained HTML page."""
        page = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>更正表</title>'
            "<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin:1rem 0}"
            "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}th{background:#f3f3f3}</style></head><body>"
            "<h1>重码与错码</h1>" + self._summary_html() + "<h2>更正表</h2>" + self._sheet_html() + "</body></html>"
        )
        with open(path, "w", encoding="utf-8") as f:
            f.write(page)

    def to_excel(self, path: str) -> None:
        """Writes the correction sheet as an XLSX workbook (``path`` ends in
        ``.xlsx``): the same workbook ``uscc check --fixes`` writes, with
        its legend; no cell can start a formula."""
        if not str(path).lower().endswith(".xlsx"):
            raise ValueError(f"to_excel writes an .xlsx workbook, not {path!r}; to_csv writes CSV")
        _native.write_sheet(str(path), self._sheet_columns(), self.columns._sheet if self.columns else None)

    def to_csv(self, path: str) -> None:
        """Writes the correction sheet as CSV (UTF-8 with a BOM, which Excel
        opens right): the same sheet ``uscc check --fixes`` writes; a cell
        that could start a formula gets a leading ``'``."""
        if str(path).lower().endswith(".xlsx"):
            raise ValueError("to_csv writes CSV; to_excel writes an .xlsx workbook")
        _native.write_sheet(str(path), self._sheet_columns(), self.columns._sheet if self.columns else None)


def summary_columns(groups_summary: List[Dict[str, Any]]) -> Dict[str, List[Any]]:
    """The summary's groups (overall first) as table columns: ``scope``,
    ``group``, the counts, and one ``errors_<code>`` column per error code."""
    error_codes = sorted({c for g in groups_summary for c in g["errors"]})
    summary: Dict[str, List[Any]] = {"scope": [], "group": []}
    for i, g in enumerate(groups_summary):
        summary["scope"].append("overall" if i == 0 else "group")
        for key, value in g.items():
            if key == "errors":
                for c in error_codes:
                    summary.setdefault(f"errors_{c}", []).append(value.get(c, 0))
            else:
                summary.setdefault(key, []).append(value)
    return summary


def _rate_text(rate: Optional[float]) -> str:
    """A rate as a percentage, or 不适用 when there is none (NaN in a frame)."""
    return "不适用" if rate is None or rate != rate else f"{rate:.2%}"


def _frame(columns: Dict[str, Any], library: str, labels: Optional[List[Any]] = None) -> Any:
    """A result frame of ``library``'s kind from columns given as Python lists
    (the summary) or as Arrow arrays (the rows and the sheet, made by the
    native module without a Python object per value); pandas frames get the
    index ``label`` of each ``position`` after it."""
    table = None
    if any(not isinstance(v, list) for v in columns.values()):
        pa = _pa()
        table = pa.table({k: pa.array(v) for k, v in columns.items()})
    if library == "polars":
        import polars as pl

        return pl.from_arrow(table) if table is not None else pl.DataFrame(columns, strict=False)
    if library != "pandas":
        return table if table is not None else _pa().table(columns)
    import pandas as pd

    if table is None:
        frame, lists = pd.DataFrame(columns), columns
    else:
        # As a frame of Python lists has them: lists, and nullable integers.
        frame = table.to_pandas()
        lists = {k: table.column(k).to_pylist() for k in ("findings", "classes", "action") if k in frame}
        for key in ("findings", "classes"):
            if key in lists:
                frame[key] = lists[key]
    if "action" in frame:
        frame["action"] = pd.array(lists["action"], dtype="Int64")
    if labels is not None and "position" in frame:
        frame.insert(frame.columns.get_loc("position") + 1, "label", [labels[i] for i in frame["position"]])
    return frame


def analyze(
    data: Any,
    code: Optional[str] = None,
    name: Optional[str] = None,
    group: Optional[str] = None,
    registry: Any = None,
    *,
    denominator: str = "distinct_values",
    count_placeholders: bool = True,
    count_other_identifiers: bool = True,
    count_pilot_era: bool = False,
    count_one_code_many_names: bool = True,
    count_shared_org_code: bool = True,
    count_one_name_many_codes: bool = True,
    reveal_personal: bool = False,
    history: Any = None,
    label: Optional[str] = None,
    as_of: Any = None,
    **roles: str,
) -> AnalysisReport:
    """Finds every 错码 and 重码 of a data set: invalid codes (with the
    likeliest correction and its evidence), 一码多赋, shared organization
    codes, 一主体多码, repeated rows, placeholders, other identifiers and
    personal identity numbers (masked unless ``reveal_personal``), and
    with a ``registry`` of trusted (code, name) pairs the codes it lacks or
    names differently.

    ``data`` is a pandas or polars DataFrame, a pyarrow Table or a dict of
    columns; ``code``, ``name`` and ``group`` name its columns. With
    ``history`` (a path), the run is recorded in that run history as
    ``uscc check --history`` records it (``label``: default the date), so
    that a notebook and the command share one history file. The summary,
    findings and fixes come back in the same library (pandas for a dict).
    Rows are given by their 0-based ``position`` in the data; a pandas
    frame's index label is beside it in ``label`` (and is the sheet's 行号).

    >>> import pandas as pd, uscc
    >>> df = pd.DataFrame({"code": ["91350100M000100Y43", "91350100M000100Y4A"], "name": ["甲公司", "乙公司"]})
    >>> report = uscc.analyze(df, code="code", name="name")
    >>> report.fixes[["original", "problem", "correction"]].values.tolist()
    [['91350100M000100Y4A', 'invalid', None]]
    >>> round(report.rate, 2)
    0.5

    A 双公示 file's columns (行政相对人类别, 代码_2 … 代码_4, 证件号码, the
    authorities' codes, the decision's number and dates) are found by
    their names as ``uscc check`` finds a file's, or named by role as
    keyword arguments (``code_3="组织代码"``, the roles of ``--column
    ROLE=HEADER``); they are then checked as ``uscc check`` checks them
    (dates against ``as_of``, default today) and the result's ``columns``
    holds the 合规率 and every finding. Without ``code``, the code, name
    and group columns are found by their names too.

    >>> df = pd.DataFrame({"行政相对人名称": ["甲公司"], "行政相对人类别": ["法人及非法人组织"],
    ...                    "行政相对人代码_1": ["91350100M000100Y43"], "行政相对人代码_3": ["D2143569X"]})
    >>> report = uscc.analyze(df)
    >>> report.columns.findings[["check", "suggestion"]].values.tolist()
    [['organization_code_mismatch', 'M000100Y4']]
    """
    library = _library(data)
    headers = _headers(data, library)
    text_headers = [str(h) for h in headers]
    # The columns: found once, by their names (and the 双公示 roles with them).
    found: Optional[Dict[str, Any]] = None
    if code is None:
        found = _native.find_columns(text_headers, None, name, group, list(roles.items()))
        code = headers[found["code"]]
        name = headers[found["name"]] if found["name"] is not None else None
        group = headers[found["group"]] if found["group"] is not None else None
    codes = _column(data, library, code)  # a named code column that is missing: KeyError, as before
    names = _column(data, library, name) if name is not None else None
    groups = _column(data, library, group) if group is not None else None
    if found is None:
        found = _native.find_columns(text_headers, str(code), None, None, list(roles.items()))
    # The 双公示 columns: (role, header, values); 代码_1 is the code column.
    role_columns = [
        (role, str(code) if role == "code_1" else text_headers[i], codes if role == "code_1" else _column(data, library, headers[i]))
        for role, i in (found["roles"] or [])
    ]
    registry_codes, registry_names = _registry(registry)
    labels = list(data.index) if library == "pandas" else None
    result = _native.analyze_arrow(
        codes,
        names,
        groups,
        (registry_codes, registry_names) if registry_codes is not None else None,
        [str(x) for x in labels] if labels is not None else None,
        str(history) if history is not None else None,
        label,
        role_columns,
        str(as_of) if as_of is not None else None,
        denominator=denominator,
        count_placeholders=count_placeholders,
        count_other_identifiers=count_other_identifiers,
        count_pilot_era=count_pilot_era,
        count_one_code_many_names=count_one_code_many_names,
        count_shared_org_code=count_shared_org_code,
        count_one_name_many_codes=count_one_name_many_codes,
        reveal_personal=reveal_personal,
    )
    out_library = "pandas" if library == "dict" else library
    report = AnalysisReport(
        _frame(summary_columns(result["summary"]), out_library),
        _frame(result["rows"], out_library, labels),
        _frame(result["fixes"], out_library, labels),
        result["denominator"],
        result["counted"],
        out_library,
        result["evidence_zh"],
    )
    if "columns" in result:
        report.columns = ColumnReport(json.loads(result["columns"]), out_library, labels, result["columns_why"])
    return report

