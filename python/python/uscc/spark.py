"""``uscc.analyze`` for data sets one machine cannot hold: the same analysis
on a pyspark DataFrame, by the same engine.

Spark moves the records; the native core decides everything. The records
are partitioned by the core's ``partition_key`` (positions 9–17 of the
normalized code), so that every row of a code, and every code sharing its
organization code, meet in one partition, where the core's analyzer runs
on them (``mapInArrow``). Only names cross partitions: a first pass lists
each partition's (name, code) pairs, Spark counts each name's codes, the
core says which names matter across partitions, and those names' codes go
to a second pass, whose rows, correction-sheet lines and counts are those
of ``uscc.analyze`` on the same data. The partitions' counts are added up
by the core on the driver (one row per group).

>>> from uscc import spark as uscc_spark                        # doctest: +SKIP
>>> result = uscc_spark.analyze(df, code="统一社会信用代码", name="名称", group="部门")  # doctest: +SKIP
>>> result.summary.show()                                        # doctest: +SKIP

The workers need the wheel: ``spark-submit --py-files`` does not carry a
native module, so install it on every node (``pip install uscc``), or ship
a virtual environment with ``--archives`` as the docs show
(docs/python.md).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import _native

__all__ = ["SparkAnalysis", "analyze", "is_valid"]

#: The findings' and the correction sheet's columns, as ``uscc.analyze``
#: gives them, in order.
_ROWS = [
    ("position", "long"),
    ("class", "string"),
    ("value", "string"),
    ("needed_cleaning", "boolean"),
    ("findings", "array<string>"),
    ("classes", "array<string>"),
    ("correction_code", "string"),
    ("correction_evidence", "string"),
    ("not_in_registry", "boolean"),
    ("registry_name", "string"),
]
_FIXES = [
    ("position", "long"),
    ("rows", "long"),
    ("original", "string"),
    ("value", "string"),
    ("name", "string"),
    ("group", "string"),
    ("problem", "string"),
    ("findings", "array<string>"),
    ("correction_code", "string"),
    ("correction_evidence", "string"),
    ("action", "long"),
]
#: The second pass's output: one schema for both kinds of lines and the
#: partition's counts (``part`` says which).
_OUT = [("part", "string")] + list(dict(_ROWS + _FIXES).items()) + [("summary_json", "string")]


def _functions() -> Any:
    from pyspark.sql import functions as F

    return F


def is_valid(df: Any, column: str, output: str = "valid") -> Any:
    """``df`` with a boolean column ``output``: ``uscc.is_valid`` of ``column``
    (exact form; null stays null), computed on the workers through Arrow."""
    from pyspark.sql.types import BooleanType, StructField, StructType

    schema = StructType(df.schema.fields + [StructField(output, BooleanType(), True)])
    names = df.columns

    def batches(it: Any) -> Any:
        import pyarrow as pa

        from uscc import _native as native

        for batch in it:
            codes = batch.column(names.index(column)).cast(pa.string())
            valid = pa.array(native.is_valid_arrow(codes))
            yield pa.RecordBatch.from_arrays(batch.columns + [valid], names=names + [output])

    return df.mapInArrow(batches, schema)


class SparkAnalysis:
    """The result of ``uscc.spark.analyze``.

    Attributes:
        summary: a Spark DataFrame with the columns of ``uscc.analyze``'s
            summary (one ``overall`` row, then one per group).
        findings: a Spark DataFrame of every row that is not plainly valid,
            with the columns of ``uscc.analyze``'s findings.
        fixes: the correction sheet, a Spark DataFrame with the columns and
            order of ``uscc.analyze``'s. Rows are given by their 0-based
            ``position`` in the DataFrame, or, when ``analyze`` was given
            ``row=``, by that column's numbers in a column named ``row``.

    The findings and the correction sheet are kept by Spark (persisted)
    until ``unpersist()``.
        denominator, counted: the options that produced the rate.
    """

    def __init__(
        self, summary: Any, findings: Any, fixes: Any, denominator: str, counted: List[str], cached: Any = ()
    ) -> None:
        self.summary = summary
        self.findings = findings
        self.fixes = fixes
        self.denominator = denominator
        self.counted = counted
        self._cached = list(cached)

    def unpersist(self) -> None:
        """Releases what Spark keeps of the analysis (the findings and the
        correction sheet are computed again if used after)."""
        for frame in self._cached:
            frame.unpersist()
        self._cached = []

    def __repr__(self) -> str:
        return f"SparkAnalysis(denominator={self.denominator!r}, counted={self.counted!r})"



def _ddl(columns: List[Any]) -> str:
    return ", ".join(f"`{n}` {t}" for n, t in columns)


def _registry_pairs(spark: Any, registry: Any) -> Optional[Any]:
    """The registry's (codes, names) as two lists, for the workers: a trusted
    list held on the driver (a Spark DataFrame with ``code`` and ``name``, a
    pandas DataFrame, a dict or pairs)."""
    if registry is None:
        return None
    if isinstance(registry, dict):
        pairs = [(c, n) for c, n in registry.items()]
    elif isinstance(registry, (list, tuple)):
        pairs = [tuple(p) for p in registry]
    elif hasattr(registry, "toPandas"):
        pairs = [(r["code"], r["name"]) for r in registry.select("code", "name").collect()]
    else:
        pairs = list(zip(registry["code"], registry["name"]))
    return ([str(c) if c is not None else "" for c, _ in pairs], [str(n) if n is not None else "" for _, n in pairs])


def _partition_id(context: Any) -> int:
    """The partition a task on a worker reads."""
    if context is None:
        raise RuntimeError("uscc.spark: not inside a Spark task")
    return int(context.partitionId())


def _table(batches: Any) -> Any:
    import pyarrow as pa

    batches = list(batches)
    if not batches:
        return None
    return pa.Table.from_batches(batches).combine_chunks()


def analyze(
    df: Any,
    code: str,
    name: Optional[str] = None,
    group: Optional[str] = None,
    registry: Any = None,
    row: Optional[str] = None,
    *,
    denominator: str = "distinct_values",
    count_placeholders: bool = True,
    count_other_identifiers: bool = True,
    count_pilot_era: bool = False,
    count_one_code_many_names: bool = True,
    count_shared_org_code: bool = True,
    count_one_name_many_codes: bool = True,
    reveal_personal: bool = False,
) -> SparkAnalysis:
    """``uscc.analyze`` on a pyspark DataFrame (see the module's doc).

    ``row`` names a column of row numbers (integers) that orders the records
    (the first of repeated rows, the row of a correction's evidence); without
    it the rows are numbered by their 0-based position in the DataFrame.
    ``registry`` is a Spark DataFrame with ``code`` and ``name`` columns, a
    pandas DataFrame, a dict or (code, name) pairs. Call ``unpersist()`` on
    the result when done with its findings and correction sheet.
    """
    import pyarrow as pa

    F = _functions()
    options: Dict[str, Any] = {
        "denominator": denominator,
        "count_placeholders": count_placeholders,
        "count_other_identifiers": count_other_identifiers,
        "count_pilot_era": count_pilot_era,
        "count_one_code_many_names": count_one_code_many_names,
        "count_shared_org_code": count_shared_org_code,
        "count_one_name_many_codes": count_one_name_many_codes,
        "reveal_personal": reveal_personal,
    }
    # The core checks the options and says which classes the rate counts.
    denominator, counted = _native.analysis_options(**options)
    spark = df.sparkSession
    reg = _registry_pairs(spark, registry)
    has_name, has_group = name is not None, group is not None

    src = df.select(
        (F.col(row).cast("long") if row else F.lit(None).cast("long")).alias("row"),
        F.col(code).cast("string").alias("code"),
        (F.col(name).cast("string") if name else F.lit(None).cast("string")).alias("name"),
        (F.col(group).cast("string") if group else F.lit(None).cast("string")).alias("group"),
    )
    # Without a row column, each record is numbered by its 0-based position
    # in the DataFrame's order (as uscc.analyze numbers a Polars or Arrow
    # frame's rows): each partition's count, then its offset (by the task's
    # partition id). The records are kept meanwhile, so that a CSV source is
    # parsed once and partitioned the same way both times.
    offsets: Optional[Dict[int, int]] = None
    held = None
    if row is None:
        src = src.persist()
        held = src

        def count(it: Any) -> Any:
            from pyspark import TaskContext

            n = sum(batch.num_rows for batch in it)
            yield pa.RecordBatch.from_pydict({"pid": [_partition_id(TaskContext.get())], "n": [n]})

        counts = {r["pid"]: r["n"] for r in src.mapInArrow(count, "pid long, n long").collect()}
        offsets, total = {}, 0
        for pid in sorted(counts):
            offsets[pid] = total
            total += counts[pid]

    def keys(it: Any) -> Any:
        from uscc import _native as native

        from pyspark import TaskContext

        next_row = offsets[_partition_id(TaskContext.get())] if offsets is not None else 0
        for batch in it:
            if batch.num_rows == 0:
                continue
            rows = batch.column(0)
            if offsets is not None:
                rows = pa.array(range(next_row, next_row + batch.num_rows), pa.int64())
                next_row += batch.num_rows
            key = pa.array(native.partition_keys_arrow(batch.column(1)))
            columns = [rows, batch.column(1), batch.column(2), batch.column(3), key]
            yield pa.RecordBatch.from_arrays(columns, names=["row", "code", "name", "group", "pkey"])

    keyed = src.mapInArrow(keys, "row long, code string, name string, `group` string, pkey string")
    partitions = int(spark.conf.get("spark.sql.shuffle.partitions"))
    records = keyed.repartition(partitions, "pkey").drop("pkey").persist()
    records.count()
    if held is not None:
        held.unpersist()

    def columns(t: Any) -> Any:
        def one(n: str) -> Any:
            c = t.column(n)
            return c.chunk(0) if c.num_chunks == 1 else pa.concat_arrays(c.chunks) if c.num_chunks else pa.array([], c.type)

        return (one("row"), one("code"), one("name") if has_name else None, one("group") if has_group else None)

    # ---- first pass: each partition's (name, code) pairs.
    def pairs(it: Any) -> Any:
        from uscc import _native as native

        t = _table(it)
        if t is None:
            return
        r, c, n, g = columns(t)
        out = pa.array(native.partition_pairs_arrow(r, c, n, g, registry=reg, **options))
        yield pa.RecordBatch.from_struct_array(out)

    # A code lives in one partition: each (name, code) pair comes once. The
    # pairs meet by name, where the core keeps the names that cross.
    seen = records.mapInArrow(pairs, "name string, code string, first_row long, usable boolean")

    def crossing(it: Any) -> Any:
        from uscc import _native as native

        t = _table(it)
        if t is None:
            return
        c = [t.column(i).combine_chunks() for i in range(4)]
        yield pa.RecordBatch.from_struct_array(pa.array(native.crossing_names_arrow(*c)))

    facts_rows = (
        seen.repartition(partitions, "name").mapInArrow(crossing, "name string, code string, first_row long").collect()
    )
    facts = (
        [r["name"] for r in facts_rows],
        [r["code"] for r in facts_rows],
        [int(r["first_row"]) for r in facts_rows],
    )

    # ---- second pass: the partition's results, the names' facts given.
    out_names = [n for n, _ in _OUT]

    def analyse(it: Any) -> Any:
        from uscc import _native as native

        t = _table(it)
        if t is None:
            return
        r, c, n, g = columns(t)
        result = native.partition_analyze_arrow(r, c, n, g, registry=reg, facts=facts, **options)
        schema = _arrow_schema()
        for part, cols in (("row", result["rows"]), ("fix", result["fixes"])):
            n = len(cols["position"])
            if n == 0:
                continue
            # The native module's Arrow columns, as Spark types them; the
            # other part's columns null.
            arrays = [
                pa.array([part] * n, f.type)
                if f.name == "part"
                else pa.array(cols[f.name]).cast(f.type)
                if f.name in cols
                else pa.nulls(n, f.type)
                for f in schema
            ]
            yield pa.RecordBatch.from_arrays(arrays, schema=schema)
        data: Dict[str, List[Any]] = {c: [None] for c in out_names}
        data["part"] = ["summary"]
        data["summary_json"] = [result["summary_json"]]
        yield pa.RecordBatch.from_pydict(data, schema=schema)

    out = records.mapInArrow(analyse, _ddl(_OUT)).persist()
    parts = [r["summary_json"] for r in out.where(F.col("part") == "summary").select("summary_json").collect()]
    records.unpersist()
    findings = out.where(F.col("part") == "row").select(*[F.col(f"`{n}`") for n, _ in _ROWS])
    fixes = (
        out.where(F.col("part") == "fix")
        .select(*[F.col(f"`{n}`") for n, _ in _FIXES])
        .orderBy(F.col("group").asc_nulls_first(), "value", F.col("name").asc_nulls_first(), "position")
    )
    if row is not None:
        # The caller's row numbers, not positions: named as the caller's.
        findings = findings.withColumnRenamed("position", "row")
        fixes = fixes.withColumnRenamed("position", "row")
    summary = _summary_frame(spark, _native.merge_summaries_json(parts), options)
    return SparkAnalysis(summary, findings, fixes, denominator, counted, [out])


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64(), "boolean": pa.bool_(), "array<string>": pa.list_(pa.string())}
    return pa.schema([(n, types[t]) for n, t in _OUT])


def _summary_frame(spark: Any, groups: List[Dict[str, Any]], options: Dict[str, Any]) -> Any:
    """The summary as ``uscc.analyze`` gives it: overall, then each group."""
    from ._analysis import summary_columns

    if not groups:
        # An empty data set: the overall row of zeros, as uscc.analyze gives.
        groups = _native.merge_summaries_json([_empty_summary(options)])
    columns = summary_columns(groups)
    names = list(columns)
    types = {"scope": "string", "group": "string", "rate": "double"}
    schema = ", ".join(f"`{n}` {types.get(n, 'long')}" for n in names)
    rows = list(zip(*[columns[n] for n in names]))
    return spark.createDataFrame(rows, schema)


def _empty_summary(options: Dict[str, Any]) -> str:
    """The core's summary of no records, as JSON."""
    import pyarrow as pa

    empty = pa.array([], pa.string())
    result = _native.partition_analyze_arrow(pa.array([], pa.int64()), empty, **options)
    return str(result["summary_json"])
