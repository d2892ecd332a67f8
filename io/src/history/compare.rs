//! Two runs compared: per group the 重错码率 before and after, and the
//! codes fixed, new and still open, each open code with the number of runs
//! in a row it has stayed flagged.

use std::collections::{BTreeMap, HashMap};

use super::read::{Counts, Run, StoredCode};
use super::{History, HistoryError};

/// A code flagged in both runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCode {
    /// The code as the later run stored it.
    pub code: StoredCode,
    /// The runs in a row, up to and including the later one, that flagged it.
    pub runs: u32,
    /// The label of the first of those runs.
    pub since: String,
}

/// How a group moved from one run to the other.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupChange {
    /// The group (`None`: rows without a group).
    pub group: Option<String>,
    /// Its counts in the earlier run, when it was there.
    pub before: Option<Counts>,
    /// Its counts in the later run, when it is there.
    pub after: Option<Counts>,
    /// Its codes fixed: flagged before, valid or absent after.
    pub fixed: u64,
    /// Its codes new: flagged after, not before.
    pub new: u64,
    /// Its codes still open: flagged in both.
    pub open: u64,
}

/// Two runs compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The earlier run.
    pub before: Run,
    /// The later run.
    pub after: Run,
    /// Every group of either run: `None` first, then by name.
    pub groups: Vec<GroupChange>,
    /// The codes fixed (flagged before, valid or absent after), by key, as
    /// the earlier run stored them.
    pub fixed: Vec<StoredCode>,
    /// The codes new (flagged after, not before), by key.
    pub new: Vec<StoredCode>,
    /// The codes still open (flagged in both), the longest open first.
    pub open: Vec<OpenCode>,
}

impl History {
    /// The last two runs, or why not.
    pub fn last_two(&self) -> Result<(Run, Run), HistoryError> {
        let mut runs = self.runs()?;
        match (runs.pop(), runs.pop()) {
            (Some(after), Some(before)) => Ok((before, after)),
            _ => Err(self.err(format!(
                "a comparison needs two runs; the history has {}",
                if runs.is_empty() { "none or one".to_owned() } else { runs.len().to_string() }
            ))),
        }
    }

    /// Compares two runs: `before` as the earlier, `after` as the later.
    pub fn compare(&self, before: &Run, after: &Run) -> Result<Comparison, HistoryError> {
        let old = self.codes(before.id)?;
        let now = self.codes(after.id)?;
        let old_keys: HashMap<&str, &StoredCode> = old.iter().map(|c| (c.key.as_str(), c)).collect();
        let now_keys: HashMap<&str, &StoredCode> = now.iter().map(|c| (c.key.as_str(), c)).collect();
        let streaks = self.streaks(after)?;
        let fixed: Vec<StoredCode> = old.iter().filter(|c| !now_keys.contains_key(c.key.as_str())).cloned().collect();
        let new: Vec<StoredCode> = now.iter().filter(|c| !old_keys.contains_key(c.key.as_str())).cloned().collect();
        let mut open: Vec<OpenCode> = now
            .iter()
            .filter(|c| old_keys.contains_key(c.key.as_str()))
            .map(|c| {
                let (runs, since) = streaks.get(&c.key).cloned().unwrap_or((1, after.label.clone()));
                OpenCode { code: c.clone(), runs, since }
            })
            .collect();
        open.sort_by(|a, b| b.runs.cmp(&a.runs).then_with(|| a.code.key.cmp(&b.code.key)));

        let mut groups: BTreeMap<(bool, Option<String>), GroupChange> = BTreeMap::new();
        for (g, c) in &before.groups {
            group(&mut groups, g.as_deref()).before = Some(*c);
        }
        for (g, c) in &after.groups {
            group(&mut groups, g.as_deref()).after = Some(*c);
        }
        let lists = [
            (fixed.iter().collect::<Vec<_>>(), Field::Fixed),
            (new.iter().collect(), Field::New),
            (open.iter().map(|o| &o.code).collect(), Field::Open),
        ];
        for (codes, field) in lists {
            for code in codes {
                if code.groups.is_empty() {
                    field.add(group(&mut groups, None));
                }
                for g in &code.groups {
                    field.add(group(&mut groups, Some(g)));
                }
            }
        }
        Ok(Comparison {
            before: before.clone(),
            after: after.clone(),
            groups: groups.into_values().collect(),
            fixed,
            new,
            open,
        })
    }

    /// For every code a run flagged, by key: the runs in a row, up to and
    /// including that one, that flagged it, and the label of the first.
    pub fn streaks(&self, run: &Run) -> Result<HashMap<String, (u32, String)>, HistoryError> {
        let mut earlier: Vec<Run> = self.runs()?.into_iter().filter(|r| r.id < run.id).collect();
        earlier.reverse();
        // Each key with its streak so far and the index of the run it began
        // in (`earlier`'s, or none for this run); keys sorted, as stored.
        let mut all: Vec<(String, u32, Option<usize>)> = self.keys(run.id)?.into_iter().map(|k| (k, 1, None)).collect();
        // The positions in `all` of the keys still in a streak, sorted by key.
        let mut alive: Vec<usize> = (0..all.len()).collect();
        for (i, r) in earlier.iter().enumerate() {
            if alive.is_empty() {
                break;
            }
            let keys = self.keys(r.id)?;
            let mut at = 0;
            alive.retain(|&a| {
                // Both lists are sorted: walk the run's keys once.
                while at < keys.len() && keys[at] < all[a].0 {
                    at += 1;
                }
                let hit = at < keys.len() && keys[at] == all[a].0;
                if hit {
                    all[a].1 += 1;
                    all[a].2 = Some(i);
                }
                hit
            });
        }
        Ok(all
            .into_iter()
            .map(|(k, n, since)| (k, (n, since.map_or_else(|| run.label.clone(), |i| earlier[i].label.clone()))))
            .collect())
    }
}

/// A group's entry, made when first met; `None` sorts first.
fn group<'m>(groups: &'m mut BTreeMap<(bool, Option<String>), GroupChange>, g: Option<&str>) -> &'m mut GroupChange {
    let g = g.map(str::to_owned);
    groups.entry((g.is_some(), g.clone())).or_insert_with(|| GroupChange {
        group: g,
        before: None,
        after: None,
        fixed: 0,
        new: 0,
        open: 0,
    })
}

/// Which count of a group a code adds to.
#[derive(Clone, Copy)]
enum Field {
    Fixed,
    New,
    Open,
}

impl Field {
    fn add(self, g: &mut GroupChange) {
        match self {
            Field::Fixed => g.fixed += 1,
            Field::New => g.new += 1,
            Field::Open => g.open += 1,
        }
    }
}
