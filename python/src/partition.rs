//! The Spark path's steps over one partition's Arrow columns: every
//! decision is the core's (`uscc::analysis::partition`). Spark only moves
//! the records (partitioned by `partition_key`), gathers the names that cross
//! partitions, and adds up the partitions' counts.

use arrow_array::{Array, ArrayRef, BooleanArray, Int64Array, StringArray};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use uscc::analysis::{self, Analyzer, NameFacts, Record, Registry};

use crate::analysis::{column, group_dict, options, result_dict};
use crate::arrow::{self, ArrowResult};
use crate::columns::arrow_strings;

fn int64(array: &ArrayRef, what: &str) -> PyResult<Vec<u64>> {
    let a = array
        .as_any()
        .downcast_ref::<Int64Array>()
        .ok_or_else(|| PyTypeError::new_err(format!("the {what} column must hold 64-bit integers")))?;
    a.iter()
        .map(|v| {
            u64::try_from(v.unwrap_or(0))
                .map_err(|_| PyValueError::new_err(format!("the {what} column holds a negative number")))
        })
        .collect()
}

/// `uscc::analysis::partition_key` of every code, as an Arrow string array.
#[pyfunction]
pub fn partition_keys_arrow(py: Python<'_>, codes: &Bound<'_, PyAny>) -> PyResult<ArrowResult> {
    let array = arrow::import(codes)?;
    let codes = arrow_strings(&array)?;
    let keys: StringArray =
        py.detach(|| codes.iter().map(|c| Some(analysis::partition_key(c.unwrap_or("")))).collect());
    Ok(ArrowResult::new(keys.into_data()))
}

/// One partition's Arrow columns, imported.
struct Input {
    rows: ArrayRef,
    codes: ArrayRef,
    names: Option<ArrayRef>,
    groups: Option<ArrayRef>,
}

/// Their values.
struct Columns<'a> {
    rows: Vec<u64>,
    codes: Vec<Option<&'a str>>,
    names: Option<Vec<Option<&'a str>>>,
    groups: Option<Vec<Option<&'a str>>>,
}

/// One partition's records as the core's analyzer takes them.
struct Partition<'a> {
    records: Vec<Record<'a>>,
}

impl Input {
    fn import(
        rows: &Bound<'_, PyAny>,
        codes: &Bound<'_, PyAny>,
        names: Option<&Bound<'_, PyAny>>,
        groups: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Input> {
        Ok(Input {
            rows: arrow::import(rows)?,
            codes: arrow::import(codes)?,
            names: names.map(arrow::import).transpose()?,
            groups: groups.map(arrow::import).transpose()?,
        })
    }

    fn columns(&self) -> PyResult<Columns<'_>> {
        let codes = arrow_strings(&self.codes)?;
        let n = codes.len();
        Ok(Columns {
            rows: int64(&self.rows, "row")?,
            names: self.names.as_ref().map(|a| column(std::slice::from_ref(a), n, "name")).transpose()?,
            groups: self.groups.as_ref().map(|a| column(std::slice::from_ref(a), n, "group")).transpose()?,
            codes,
        })
    }
}

impl Columns<'_> {
    fn partition(&self) -> Partition<'_> {
        let records = (0..self.codes.len())
            .map(|i| {
                Record::new(
                    self.rows[i],
                    self.codes[i].unwrap_or(""),
                    self.names.as_ref().and_then(|n| n[i]),
                    self.groups.as_ref().and_then(|g| g[i]),
                )
            })
            .collect();
        Partition { records }
    }
}

fn registry_of(pairs: Option<(Vec<String>, Vec<String>)>) -> Option<Registry> {
    pairs.map(|(c, n)| Registry::new(c.iter().zip(&n).map(|(c, n)| (c.as_str(), n.as_str()))))
}

/// The first pass over one partition: its (name, code) pairs of usable and
/// invalid codes, each with its first row under that name, as an Arrow
/// struct array (name, code, first_row, usable).
#[pyfunction]
#[pyo3(signature = (rows, codes, names = None, groups = None, registry = None, **kwargs))]
#[allow(clippy::needless_pass_by_value)]
pub fn partition_pairs_arrow<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    codes: &Bound<'py, PyAny>,
    names: Option<&Bound<'py, PyAny>>,
    groups: Option<&Bound<'py, PyAny>>,
    registry: Option<(Vec<String>, Vec<String>)>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<ArrowResult> {
    use arrow_array::StructArray;
    use arrow_array::builder::{BooleanBuilder, Int64Builder, StringBuilder};
    use arrow_schema::{DataType, Field};
    use std::sync::Arc;
    let options = options(kwargs)?;
    let input = Input::import(rows, codes, names, groups)?;
    let columns = input.columns()?;
    let registry = registry_of(registry);
    let seen = py.detach(|| {
        let p = columns.partition();
        let mut a = Analyzer::with_capacity(options, p.records.len());
        if let Some(r) = registry {
            a = a.with_registry(r);
        }
        a.push(&p.records);
        a.finish().name_codes_seen()
    });
    let (mut name, mut code, mut row, mut usable) =
        (StringBuilder::new(), StringBuilder::new(), Int64Builder::new(), BooleanBuilder::new());
    for s in &seen {
        name.append_value(&s.name);
        code.append_value(&s.code);
        row.append_value(i64::try_from(s.first_row).unwrap_or(i64::MAX));
        usable.append_value(s.usable);
    }
    let fields = vec![
        Arc::new(Field::new("name", DataType::Utf8, false)),
        Arc::new(Field::new("code", DataType::Utf8, false)),
        Arc::new(Field::new("first_row", DataType::Int64, false)),
        Arc::new(Field::new("usable", DataType::Boolean, false)),
    ];
    let columns: Vec<ArrayRef> =
        vec![Arc::new(name.finish()), Arc::new(code.finish()), Arc::new(row.finish()), Arc::new(usable.finish())];
    let result = StructArray::try_new(fields.into(), columns, None)
        .map_err(|e| PyValueError::new_err(format!("cannot build the result: {e}")))?;
    Ok(ArrowResult::new(result.into_data()))
}

/// The names that cross partitions, from (name, code, first row, usable)
/// pairs partitioned by name (every pair of a name in one call): the usable
/// codes, with their first rows, of each name that needs facts
/// (`NameFacts::needed`), as an Arrow struct array (name, code, first_row).
#[pyfunction]
pub fn crossing_names_arrow(
    py: Python<'_>,
    names: &Bound<'_, PyAny>,
    codes: &Bound<'_, PyAny>,
    first_rows: &Bound<'_, PyAny>,
    usable: &Bound<'_, PyAny>,
) -> PyResult<ArrowResult> {
    use arrow_array::StructArray;
    use arrow_array::builder::{Int64Builder, StringBuilder};
    use arrow_schema::{DataType, Field};
    use std::collections::HashMap;
    use std::sync::Arc;
    let (n, c, r, u) =
        (arrow::import(names)?, arrow::import(codes)?, arrow::import(first_rows)?, arrow::import(usable)?);
    let (names, codes, rows) = (arrow_strings(&n)?, arrow_strings(&c)?, int64(&r, "first_row")?);
    let usable = u
        .as_any()
        .downcast_ref::<BooleanArray>()
        .ok_or_else(|| PyTypeError::new_err("usable must be booleans"))?
        .iter()
        .map(|b| b.unwrap_or(false))
        .collect::<Vec<_>>();
    let keep = py.detach(|| {
        // Per name: its usable pairs and how many invalid codes it has.
        let mut by_name: HashMap<&str, (Vec<usize>, usize)> = HashMap::new();
        for i in 0..names.len() {
            let e = by_name.entry(names[i].unwrap_or("")).or_default();
            if usable[i] {
                e.0.push(i);
            } else {
                e.1 += 1;
            }
        }
        let mut keep: Vec<usize> =
            by_name.into_values().filter(|(u, inv)| NameFacts::needed(u.len(), *inv)).flat_map(|(u, _)| u).collect();
        keep.sort_unstable();
        keep
    });
    let (mut name, mut code, mut row) = (StringBuilder::new(), StringBuilder::new(), Int64Builder::new());
    for i in keep {
        name.append_value(names[i].unwrap_or(""));
        code.append_value(codes[i].unwrap_or(""));
        row.append_value(i64::try_from(rows[i]).unwrap_or(i64::MAX));
    }
    let fields = vec![
        Arc::new(Field::new("name", DataType::Utf8, false)),
        Arc::new(Field::new("code", DataType::Utf8, false)),
        Arc::new(Field::new("first_row", DataType::Int64, false)),
    ];
    let columns: Vec<ArrayRef> = vec![Arc::new(name.finish()), Arc::new(code.finish()), Arc::new(row.finish())];
    let result = StructArray::try_new(fields.into(), columns, None)
        .map_err(|e| PyValueError::new_err(format!("cannot build the result: {e}")))?;
    Ok(ArrowResult::new(result.into_data()))
}

/// The second pass over one partition, with the names that cross
/// partitions: the partition's notable rows and correction-sheet lines (as
/// `uscc.analyze` gives them, rows written as given in the evidence text),
/// and its summary as the core's JSON (`summary_json`), for
/// `merge_summaries_json`.
#[pyfunction]
#[pyo3(signature = (rows, codes, names = None, groups = None, registry = None, facts = None, **kwargs))]
#[allow(clippy::needless_pass_by_value, clippy::too_many_arguments)]
pub fn partition_analyze_arrow<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    codes: &Bound<'py, PyAny>,
    names: Option<&Bound<'py, PyAny>>,
    groups: Option<&Bound<'py, PyAny>>,
    registry: Option<(Vec<String>, Vec<String>)>,
    facts: Option<(Vec<String>, Vec<String>, Vec<u64>)>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = options(kwargs)?;
    let input = Input::import(rows, codes, names, groups)?;
    let columns = input.columns()?;
    let registry = registry_of(registry);
    let facts = facts.map(|(n, c, r)| NameFacts::new(n.into_iter().zip(c).zip(r).map(|((n, c), r)| (n, c, r))));
    let (analysis, notable) = py.detach(|| {
        let p = columns.partition();
        let mut a = Analyzer::with_capacity(options, p.records.len());
        if let Some(r) = registry {
            a = a.with_registry(r);
        }
        if let Some(f) = facts {
            a = a.with_name_facts(f);
        }
        a.push(&p.records);
        let analysis = a.finish();
        let notable: Vec<analysis::RowResult> = p.records.iter().filter_map(|r| analysis.notable(r)).collect();
        let _ = analysis.fixes();
        (analysis, notable)
    });
    let out = result_dict(py, &analysis, &notable, &|row| format!("第{row}行"))?;
    let summary = serde_json::to_string(&analysis.summary).map_err(|e| PyValueError::new_err(e.to_string()))?;
    out.set_item("summary_json", summary)?;
    Ok(out)
}

/// The summary of the whole data set from its partitions' summaries (the
/// core's JSON of each), as the groups of `uscc.analyze`'s summary (overall
/// first).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts the list as owned strings
pub fn merge_summaries_json(py: Python<'_>, parts: Vec<String>) -> PyResult<Bound<'_, PyList>> {
    let parts: Vec<analysis::Summary> = parts
        .iter()
        .map(|t| serde_json::from_str::<serde_json::Value>(t).map_err(|e| PyValueError::new_err(e.to_string())))
        .map(|v| v.and_then(|v| summary_from_json(&v)))
        .collect::<PyResult<_>>()?;
    let groups = PyList::empty(py);
    if let Some(s) = analysis::merge_summaries(&parts) {
        groups.append(group_dict(py, &s.overall)?)?;
        for g in &s.groups {
            groups.append(group_dict(py, g)?)?;
        }
    }
    Ok(groups)
}

/// A summary back from the core's JSON shape.
fn summary_from_json(v: &serde_json::Value) -> PyResult<analysis::Summary> {
    use std::str::FromStr;
    use uscc::analysis::{Denominator, GroupSummary, RowClass};
    let bad = || PyValueError::new_err("not a summary in the core's shape");
    let num = |v: &serde_json::Value| v.as_u64().ok_or_else(bad);
    let group = |g: &serde_json::Value| -> PyResult<GroupSummary> {
        let mut s = GroupSummary { group: g["group"].as_str().map(str::to_owned), ..Default::default() };
        s.records = num(&g["records"])?;
        s.distinct_codes = num(&g["distinct_codes"])?;
        for (i, c) in RowClass::ALL.iter().enumerate() {
            s.rows[i] = num(&g["rows"][c.as_str()])?;
            s.codes[i] = num(&g["codes"][c.as_str()])?;
        }
        s.valid_with_warnings = num(&g["valid_with_warnings"])?;
        for (k, n) in g["errors"].as_object().ok_or_else(bad)? {
            s.errors.insert(uscc::FindingCode::from_str(k).map_err(|_| bad())?, num(n)?);
        }
        s.needed_cleaning = num(&g["needed_cleaning"])?;
        s.flagged = num(&g["flagged"])?;
        s.denominator = num(&g["denominator"])?;
        Ok(s)
    };
    let denominator = match v["denominator"].as_str() {
        Some("distinct_non_placeholder") => Denominator::DistinctNonPlaceholder,
        Some("records") => Denominator::Records,
        _ => Denominator::DistinctValues,
    };
    let counted = v["counted"]
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .filter_map(|c| RowClass::ALL.iter().copied().find(|r| Some(r.as_str()) == c.as_str()))
        .collect();
    Ok(analysis::Summary {
        overall: group(&v["overall"])?,
        groups: v["groups"].as_array().ok_or_else(bad)?.iter().map(group).collect::<PyResult<_>>()?,
        denominator,
        counted,
    })
}
