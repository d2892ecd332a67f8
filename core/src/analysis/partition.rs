//! A data set analysed in partitions (the Python package's Spark path):
//! each partition holds every record of its codes (records are partitioned
//! by the shard of their normalized code, positions 9–17, as the store
//! shards them), so every decision about a code is made where the code is.
//! Only names cross partitions: a first pass over each partition lists its
//! (name, code) pairs ([`Analysis::name_codes_seen`]); the names whose codes
//! matter across partitions become [`NameFacts`], given to the second pass
//! ([`super::Analyzer::with_name_facts`]), whose results are then the same,
//! line for line, as one analysis of the whole ([`merge_summaries`] adds the
//! partitions' counts).

use super::hash::FastMap;
use super::model::{GroupSummary, Summary};
use super::store::Key;

/// The key to partition records by: the normalized code's positions 9–17
/// (codes sharing an organization code must meet), or the whole normalized
/// value when it is not 18 characters. Every row of a code gets the same key.
#[must_use]
pub fn partition_key(code: &str) -> String {
    let (key, _) = Key::of(code);
    match &key {
        Key::Code(b) => String::from_utf8_lossy(&b[8..17]).into_owned(),
        Key::Other(s) => s.to_string(),
    }
}

/// A (name, code) pair of a partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCode {
    /// The normalized name.
    pub name: String,
    /// The normalized code.
    pub code: String,
    /// The first row with this code under this name.
    pub first_row: u64,
    /// Whether the code is usable (valid or an issued pilot-era code).
    pub usable: bool,
}

/// What the whole data set knows of some names: every usable code each is
/// published under, with the first row of that code under that name. Only
/// names that matter across partitions need to be here: those with two or
/// more usable codes, and those with an invalid code and a usable one
/// ([`NameFacts::needed`]).
#[derive(Debug, Clone, Default)]
pub struct NameFacts {
    by_name: FastMap<String, Vec<(String, u64)>>,
}

impl NameFacts {
    /// Facts from (name, usable code, first row) triples of the whole data
    /// set; a pair listed twice keeps its lowest row.
    pub fn new(triples: impl IntoIterator<Item = (String, String, u64)>) -> NameFacts {
        let mut by_name: FastMap<String, Vec<(String, u64)>> = FastMap::default();
        for (name, code, row) in triples {
            by_name.entry(name).or_default().push((code, row));
        }
        for codes in by_name.values_mut() {
            codes.sort_unstable();
            codes.dedup_by(|b, a| a.0 == b.0);
        }
        NameFacts { by_name }
    }

    /// Whether a name with these counts over the whole data set needs facts:
    /// two or more distinct usable codes (一主体多码), or an invalid code
    /// beside a usable one (a correction from the same name's code).
    #[must_use]
    pub fn needed(usable_codes: usize, invalid_codes: usize) -> bool {
        usable_codes >= 2 || (usable_codes >= 1 && invalid_codes >= 1)
    }

    /// The usable codes of a name, with their first rows, sorted by code.
    #[must_use]
    pub fn codes_of(&self, name: &str) -> Option<&[(String, u64)]> {
        self.by_name.get(name).map(Vec::as_slice)
    }

    /// Number of names.
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// The summary of a data set from its partitions' summaries: counts added
/// per group (a code lives in one partition, so distinct counts add up).
#[must_use]
pub fn merge_summaries(parts: &[Summary]) -> Option<Summary> {
    let first = parts.first()?;
    let mut overall = GroupSummary::default();
    let mut groups: FastMap<Option<String>, GroupSummary> = FastMap::default();
    for p in parts {
        overall.merge(&p.overall);
        for g in &p.groups {
            groups
                .entry(g.group.clone())
                .or_insert_with(|| GroupSummary { group: g.group.clone(), ..Default::default() })
                .merge(g);
        }
    }
    let mut groups: Vec<GroupSummary> = groups.into_values().collect();
    groups.sort_by(|a, b| a.group.cmp(&b.group));
    Some(Summary { overall, groups, denominator: first.denominator, counted: first.counted.clone() })
}
