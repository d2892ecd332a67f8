"""``uscc.analyze`` for data sets one machine cannot hold: the same analysis
on a pyspark DataFrame.

Each record is prepared on the workers by the native core through
``mapInArrow`` (normalized value, name and group, what the validator says
of the value, its error codes and certain correction); the duplicate
classes, repeated rows, corrections and counts are then found with Spark's
own ``groupBy`` and joins, by the same rules as the core, so that the
summary, the findings and the correction sheet are those of
``uscc.analyze`` on the same data.

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

ROW_CLASSES = [c for c, _ in _native.row_classes()]

#: What ``prepare_arrow`` adds to each record, as a Spark DDL schema.
_PREPARED = (
    "key string, cleaned boolean, name_key string, group_key string, kind string, possible_pilot boolean, "
    "warned boolean, notes boolean, errors array<string>, row_findings array<string>, shown string, suggestion string, "
    "raw_name string, shown_raw string"
)


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


def _prepare(df: Any, code: str, name: Optional[str], group: Optional[str], row: Optional[str], options: Dict[str, Any]) -> Any:
    F = _functions()
    base = df.select(
        (F.col(row).cast("long") if row else F.monotonically_increasing_id()).alias("row"),
        F.col(code).cast("string").alias("code"),
        (F.col(name).cast("string") if name else F.lit(None).cast("string")).alias("name"),
        (F.col(group).cast("string") if group else F.lit(None).cast("string")).alias("group"),
    )
    has_name, has_group = name is not None, group is not None
    schema = "row long, code string, name string, `group` string, " + _PREPARED

    def batches(it: Any) -> Any:
        import pyarrow as pa

        from uscc import _native as native

        for batch in it:
            prepared = pa.array(
                native.prepare_arrow(
                    batch.column(1),
                    batch.column(2) if has_name else None,
                    batch.column(3) if has_group else None,
                    **options,
                )
            )
            columns = batch.columns + prepared.flatten()
            yield pa.RecordBatch.from_arrays(columns, names=batch.schema.names + [f.name for f in prepared.type])

    return base.mapInArrow(batches, schema)


def _registry(spark: Any, registry: Any) -> Any:
    """(key, name_key) of the registry's pairs, normalized as the core does;
    pairs whose name is empty are left out."""
    F = _functions()
    if isinstance(registry, dict):
        registry = [(c, n) for c, n in registry.items()]
    if isinstance(registry, (list, tuple)):
        registry = spark.createDataFrame(registry, "code string, name string")
    elif not hasattr(registry, "mapInArrow"):
        registry = spark.createDataFrame(registry)
    prepared = _prepare(registry, "code", "name", None, None, {})
    return prepared.where(F.col("name_key").isNotNull()).select("key", "name_key")


class SparkAnalysis:
    """The result of ``uscc.spark.analyze``.

    Attributes:
        summary: a Spark DataFrame with the columns of ``uscc.analyze``'s
            summary (one ``overall`` row, then one per group).
        findings: a Spark DataFrame of every row that is not plainly valid,
            with the columns of ``uscc.analyze``'s findings.
        fixes: the correction sheet, a Spark DataFrame with the columns and
            order of ``uscc.analyze``'s (the evidence text cites rows by the
            ``row`` column).
        denominator, counted: the options that produced the rate.
    """

    def __init__(self, summary: Any, findings: Any, fixes: Any, denominator: str, counted: List[str]) -> None:
        self.summary = summary
        self.findings = findings
        self.fixes = fixes
        self.denominator = denominator
        self.counted = counted

    def __repr__(self) -> str:
        return f"SparkAnalysis(denominator={self.denominator!r}, counted={self.counted!r})"


def analyze(
    df: Any,
    code: str,
    name: Optional[str] = None,
    group: Optional[str] = None,
    registry: Any = None,
    *,
    row: Optional[str] = None,
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
    it, ``monotonically_increasing_id()`` numbers them in partition order.
    ``registry`` is a Spark DataFrame with ``code`` and ``name`` columns, a
    pandas DataFrame, a dict or (code, name) pairs.
    """
    F = _functions()
    options = {
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
    prep = _prepare(df, code, name, group, row, {"reveal_personal": reveal_personal}).cache()

    # ---- each distinct value: what it is, with the registry's say.
    values = prep.groupBy("key").agg(
        F.first("kind").alias("kind0"),
        F.first("possible_pilot").alias("possible_pilot"),
        F.first("warned").alias("warned"),
        F.first("errors").alias("errors"),
        F.first("shown").alias("shown"),
        F.first("suggestion").alias("suggestion"),
    )
    reg = None
    if registry is not None:
        reg = _registry(spark, registry).cache()
        by_code = reg.groupBy("key").agg(F.min("name_key").alias("registry_name_of"))
        values = values.join(by_code, "key", "left")
        in_registry = F.col("registry_name_of").isNotNull()
    else:
        values = values.withColumn("registry_name_of", F.lit(None).cast("string"))
        in_registry = F.lit(False)
    values = values.withColumn(
        "kind",
        F.when((F.col("kind0") == "invalid") & F.col("possible_pilot") & in_registry, "pilot_era").otherwise(F.col("kind0")),
    ).withColumn("usable", F.col("kind").isin("valid", "pilot_era"))

    usable_rows = prep.join(values.where("usable").select("key"), "key")
    # 一码多赋: a usable value under two or more names.
    ocmn = (
        usable_rows.where(F.col("name_key").isNotNull())
        .groupBy("key")
        .agg(F.countDistinct("name_key").alias("n"))
        .where("n >= 2")
        .select("key", F.lit(True).alias("ocmn"))
    )
    # 一主体多码: a name under two or more usable values.
    name_codes = usable_rows.where(F.col("name_key").isNotNull()).select("name_key", "key").distinct().cache()
    onmc = (
        name_codes.join(
            name_codes.groupBy("name_key").agg(F.count("key").alias("n")).where("n >= 2").select("name_key"), "name_key"
        )
        .select("key")
        .distinct()
        .withColumn("onmc", F.lit(True))
    )
    # Shared organization code: usable 18-character values sharing positions
    # 9–17, unless one name is common to all of them.
    org_values = values.where(F.col("usable") & (F.length("key") == 18)).select("key", F.substring("key", 9, 9).alias("org"))
    runs = org_values.groupBy("org").agg(F.count("key").alias("k")).where("k >= 2")
    org_names = org_values.join(runs, "org").join(name_codes, "key")
    common = (
        org_names.groupBy("org", "name_key", "k")
        .agg(F.countDistinct("key").alias("c"))
        .where("c = k")
        .select("org")
        .distinct()
    )
    shared = org_values.join(runs.join(common, "org", "left_anti"), "org").select("key", F.lit(True).alias("shared"))

    values = (
        values.join(ocmn, "key", "left")
        .join(onmc, "key", "left")
        .join(shared, "key", "left")
        .fillna(False, ["ocmn", "onmc", "shared"])
    )
    kind, valid = F.col("kind"), F.col("kind") == "valid"
    value_class = (
        F.when(kind != "valid", kind)
        .when(F.col("ocmn"), "one_code_many_names")
        .when(F.col("shared"), "shared_org_code")
        .when(F.col("onmc"), "one_name_many_codes")
        .otherwise("valid")
    )
    values = values.withColumn("value_class", value_class)
    flag_classes = [("ocmn", "one_code_many_names"), ("shared", "shared_org_code"), ("onmc", "one_name_many_codes")]
    flagged = F.col("value_class").isin(*counted)
    for flag, cls in flag_classes:
        if cls in counted:
            flagged = flagged | (F.col("usable") & F.col(flag))
    if options["denominator"] == "distinct_non_placeholder":
        # Left out of the denominator, placeholders are left out of the
        # numerator too: the rate never passes 100%.
        flagged = flagged & (F.col("value_class") != "placeholder")
    values = values.withColumn("flagged", flagged).cache()

    # ---- corrections per (value, name).
    dup = F.col("ocmn") | F.col("shared") | F.col("onmc")
    pairs = prep.select("key", "name_key").distinct().join(values, "key")
    needs = (~F.col("usable")) | (dup & F.lit(registry is not None))
    pairs = pairs.where(needs)
    if reg is not None:
        reg_by_name = reg.groupBy("name_key").agg(F.array_sort(F.collect_set("key")).alias("registry_codes"))
        pairs = pairs.join(reg_by_name, "name_key", "left")
    else:
        pairs = pairs.withColumn("registry_codes", F.lit(None).cast("array<string>"))
    one_registry = F.when(F.size("registry_codes") == 1, F.col("registry_codes")[0])
    # Each (value, name, group) with its row count, first row, and the value
    # exactly as that first row had it (the sheet's 原代码).
    entries = prep.groupBy("key", "name_key", "group_key").agg(
        F.count(F.lit(1)).alias("count"),
        F.min("row").alias("first_row"),
        F.min_by("shown_raw", "row").alias("original"),
    )
    # Same name in the data, one edit away: candidates joined by name, the
    # edit distance checked by the core on the workers.
    invalid_named = pairs.where((F.col("kind") == "invalid") & F.col("name_key").isNotNull()).select("key", "name_key")
    candidates = invalid_named.join(name_codes.withColumnRenamed("key", "near"), "name_key")
    near = _one_edit(candidates).where("near_ok")
    first_rows = entries.groupBy(F.col("key").alias("near"), "name_key").agg(F.min("first_row").alias("near_row"))
    near = (
        near.join(first_rows, ["near", "name_key"])
        .groupBy("key", "name_key")
        .agg(F.count("near").alias("n_near"), F.min("near").alias("near"), F.min("near_row").alias("near_row"))
    )
    pairs = pairs.join(near, ["key", "name_key"], "left")
    correction = (
        F.when(F.col("usable"), F.when(one_registry.isNotNull() & (one_registry != F.col("key")), one_registry))
        .when(one_registry.isNotNull(), one_registry)
        .when(F.col("kind") != "invalid", F.lit(None))
        .when(F.col("n_near") == 1, F.col("near"))
        .otherwise(F.col("suggestion"))
    )
    evidence = (
        F.when(F.col("usable"), F.when(one_registry.isNotNull() & (one_registry != F.col("key")), "registry"))
        .when(one_registry.isNotNull(), "registry")
        .when(F.col("kind") != "invalid", F.lit(None))
        .when(F.col("n_near") == 1, "same_name_in_data")
        .when(F.col("suggestion").isNotNull(), "unique_correction")
    )
    corrections = pairs.select(
        "key", "name_key", correction.alias("correction"), evidence.alias("evidence"), "near_row"
    ).where(F.col("correction").isNotNull())

    # ---- each row.
    # Null names and groups do not match in joins: look them up null-safely.
    rows = (
        prep.alias("p")
        .join(values.alias("v"), "key")
        .join(
            entries.alias("e"),
            (F.col("p.key") == F.col("e.key"))
            & F.col("p.name_key").eqNullSafe(F.col("e.name_key"))
            & F.col("p.group_key").eqNullSafe(F.col("e.group_key")),
        )
        .join(
            corrections.alias("c"),
            (F.col("p.key") == F.col("c.key")) & F.col("p.name_key").eqNullSafe(F.col("c.name_key")),
            "left",
        )
        .select(
            "p.*",
            "v.kind",
            "v.usable",
            "v.ocmn",
            "v.shared",
            "v.onmc",
            "v.value_class",
            "v.flagged",
            "v.registry_name_of",
            "e.first_row",
            "c.correction",
            "c.evidence",
        )
    )
    repeated = F.col("row") > F.col("first_row")
    primary = F.when(repeated & (F.col("value_class") == "valid"), "repeated_row").otherwise(F.col("value_class"))
    extras = [F.when(F.col(flag) & (F.col("value_class") != cls), F.lit(cls)) for flag, cls in flag_classes]
    extras.append(F.when(repeated & (F.col("value_class") != "valid"), F.lit("repeated_row")))
    classes = F.concat(F.array(primary), F.filter(F.array(*extras), lambda x: x.isNotNull()))
    rows = rows.withColumn("class", primary).withColumn("classes", classes)
    class_findings = F.filter(
        F.transform(
            F.col("classes"),
            lambda c: F.when(c.isin("one_code_many_names", "shared_org_code", "one_name_many_codes", "repeated_row"), c),
        ),
        lambda x: x.isNotNull(),
    )
    if registry is not None:
        not_in_registry = F.col("usable") & F.col("registry_name_of").isNull()
        registry_name = F.when(
            F.col("usable") & F.col("registry_name_of").isNotNull() & ~F.col("registry_name_of").eqNullSafe(F.col("name_key")),
            F.col("registry_name_of"),
        )
    else:
        not_in_registry = F.lit(False)
        registry_name = F.lit(None).cast("string")
    rows = rows.withColumn("not_in_registry", not_in_registry).withColumn("registry_name", registry_name)
    registry_findings = F.filter(
        F.array(
            F.when(F.col("not_in_registry"), F.lit("not_in_registry")),
            F.when(F.col("registry_name").isNotNull(), F.lit("registry_name_mismatch")),
        ),
        lambda x: x.isNotNull(),
    )
    rows = rows.withColumn("findings", F.concat(F.col("row_findings"), class_findings, registry_findings)).cache()
    plain = (F.col("class") == "valid") & (F.size("findings") == 0) & ~F.col("cleaned")
    findings = rows.where(~plain).select(
        "row",
        "class",
        F.col("shown").alias("value"),
        F.col("cleaned").alias("needed_cleaning"),
        "findings",
        "classes",
        "correction",
        "evidence",
        "not_in_registry",
        "registry_name",
    )

    summary = _summary(spark, rows, values, options, counted)
    fixes = _fixes(prep, values, entries, corrections, registry is not None)
    return SparkAnalysis(summary, findings, fixes, denominator, counted)


def _fixes(prep: Any, values: Any, entries: Any, corrections: Any, with_registry: bool) -> Any:
    """The correction sheet as ``uscc.analyze`` gives it: one line per
    (value, name, group) of every value that is not plainly valid."""
    F = _functions()
    class_zh = F.create_map(*[x for c, zh in _native.row_classes() for x in (F.lit(c), F.lit(zh))])
    texts = dict(_native.evidence_texts())
    # A name is shown as the raw form of its lowest row among those whose
    # raw form differs from the normalized one, else as the normalized one.
    names = (
        prep.where(F.col("name_key").isNotNull() & (F.col("raw_name") != F.col("name_key")))
        .groupBy("name_key")
        .agg(F.min_by("raw_name", "row").alias("raw_name"))
    )
    e, v, c, n = (x.alias(a) for x, a in ((entries, "e"), (values, "v"), (corrections, "c"), (names, "n")))
    sheet = (
        e.join(v.where(F.col("value_class") != "valid"), F.col("e.key") == F.col("v.key"))
        .join(n, F.col("e.name_key") == F.col("n.name_key"), "left")
        .join(
            c,
            (F.col("e.key") == F.col("c.key")) & F.col("e.name_key").eqNullSafe(F.col("c.name_key")),
            "left",
        )
    )
    evidence_zh = (
        F.when(F.col("c.evidence") == "registry", F.lit(texts["registry"]))
        .when(
            F.col("c.evidence") == "same_name_in_data",
            F.replace(F.lit(texts["same_name_in_data"]), F.lit("{row}"), F.col("c.near_row").cast("string")),
        )
        .when(F.col("c.evidence") == "unique_correction", F.lit(texts["unique_correction"]))
    )
    keep = F.col("v.kind") == "valid"
    if with_registry:
        keep = keep & F.col("v.registry_name_of").eqNullSafe(F.col("e.name_key")) & F.col("e.name_key").isNotNull()
    else:
        keep = F.lit(False)
    action = (
        F.when(F.col("v.kind") == "pilot_era", F.lit(2))
        .when(F.col("c.evidence").isin("registry", "same_name_in_data"), F.lit(0))
        .when(keep, F.lit(2))
    )
    return sheet.select(
        F.col("e.first_row").alias("row"),
        F.col("e.count").alias("rows"),
        F.col("e.original").alias("original"),
        F.col("v.shown").alias("value"),
        F.coalesce(F.col("n.raw_name"), F.col("e.name_key")).alias("name"),
        F.col("e.group_key").alias("group"),
        F.col("v.value_class").alias("problem"),
        class_zh[F.col("v.value_class")].alias("problem_zh"),
        F.col("v.errors").alias("findings"),
        F.col("c.correction").alias("correction"),
        F.col("c.evidence").alias("evidence"),
        evidence_zh.alias("evidence_zh"),
        action.cast("long").alias("action"),
    ).orderBy(F.col("group").asc_nulls_first(), "value", F.col("name").asc_nulls_first(), "row")


def _one_edit(candidates: Any) -> Any:
    """``candidates`` with ``near_ok``: whether ``key`` is one edit from ``near``."""
    from pyspark.sql.types import BooleanType, StructField, StructType

    schema = StructType(candidates.schema.fields + [StructField("near_ok", BooleanType(), True)])
    names = candidates.columns

    def batches(it: Any) -> Any:
        import pyarrow as pa

        from uscc import _native as native

        for batch in it:
            ok = pa.array(native.one_edit_arrow(batch.column(names.index("key")), batch.column(names.index("near"))))
            yield pa.RecordBatch.from_arrays(batch.columns + [ok], names=names + ["near_ok"])

    return candidates.mapInArrow(batches, schema)


def _summary(spark: Any, rows: Any, values: Any, options: Dict[str, Any], counted: List[str]) -> Any:
    """The summary as ``uscc.analyze`` gives it: overall, then each group."""
    F = _functions()
    per_record = options["denominator"] == "records"
    scopes = [("overall", rows.withColumn("scope_group", F.lit(None).cast("string"))), ("group", rows.withColumn("scope_group", F.col("group_key")))]
    error_codes = sorted(r[0] for r in values.select(F.explode("errors")).distinct().collect())
    frames = []
    for scope, r in scopes:
        row_counts = r.groupBy("scope_group").agg(
            F.count(F.lit(1)).alias("records"),
            F.sum(F.col("cleaned").cast("long")).alias("needed_cleaning"),
            F.sum(F.when(F.col("flagged"), 1).otherwise(0)).alias("flagged_rows"),
            *[F.sum(F.when(F.col("class") == c, 1).otherwise(0)).alias(f"rows_{c}") for c in ROW_CLASSES],
        )
        distinct = r.select("scope_group", "key").distinct().join(values, "key")
        code_counts = distinct.groupBy("scope_group").agg(
            F.count("key").alias("distinct_codes"),
            F.sum(F.col("warned").cast("long")).alias("valid_with_warnings"),
            F.sum(F.col("flagged").cast("long")).alias("flagged_codes"),
            *[F.sum(F.when(F.col("value_class") == c, 1).otherwise(0)).alias(f"codes_{c}") for c in ROW_CLASSES],
            *[F.sum(F.when(F.array_contains("errors", e), 1).otherwise(0)).alias(f"errors_{e}") for e in error_codes],
        )
        a, b = row_counts.alias("a"), code_counts.withColumnRenamed("scope_group", "b_group").alias("b")
        joined = a.join(b, F.col("a.scope_group").eqNullSafe(F.col("b.b_group"))).drop("b_group")
        frames.append(joined.withColumn("scope", F.lit(scope)))
    both = frames[0].unionByName(frames[1])
    flagged = F.col("flagged_rows") if per_record else F.col("flagged_codes")
    denominator = {
        "distinct_values": F.col("distinct_codes"),
        "distinct_non_placeholder": F.col("distinct_codes") - F.col("codes_placeholder"),
        "records": F.col("records"),
    }[options["denominator"]]
    both = both.withColumn("flagged", flagged.cast("long")).withColumn("denominator", denominator.cast("long"))
    both = both.withColumn(
        "rate", F.when(F.col("denominator") == 0, F.lit(None)).otherwise(F.col("flagged") / F.col("denominator"))
    )
    columns = [
        "scope",
        F.col("scope_group").alias("group"),
        "records",
        "distinct_codes",
        "flagged",
        "denominator",
        "rate",
        "valid_with_warnings",
        "needed_cleaning",
        *[f"rows_{c}" for c in ROW_CLASSES],
        *[f"codes_{c}" for c in ROW_CLASSES],
        *[f"errors_{e}" for e in error_codes],
    ]
    order = F.when(F.col("scope") == "overall", 0).otherwise(1)
    both = both.withColumn("_order", order).orderBy("_order", F.col("scope_group").asc_nulls_first())
    long_columns = [c for c in columns if isinstance(c, str) and c not in ("scope", "rate")]
    summary = both.select(*columns).select(
        *[F.col(c).cast("long").alias(c) if c in long_columns else F.col(c) for c in both.select(*columns).columns]
    )
    # The summary has a row per group: small enough to hold, and an empty
    # data set still gets its overall row of zeros, as uscc.analyze gives.
    rows = summary.collect()
    if not rows:
        zeros: Dict[str, Any] = {c: 0 for c in summary.columns}
        zeros.update(scope="overall", group=None, rate=None)
        rows = [tuple(zeros[c] for c in summary.columns)]
    return spark.createDataFrame(rows, summary.schema)
