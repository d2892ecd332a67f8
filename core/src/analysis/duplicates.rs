//! The duplicate search once pushing is over: one code under several
//! names (一码多赋), one name under several codes (一主体多码), and codes
//! sharing an organization code, each per shard in parallel.

use super::parallel::{par_each, par_map_indexed, par_map_owned};
use super::partition::NameFacts;
use super::store::{
    CodeShard, Interner, NONE, ONE_CODE_MANY_NAMES, ONE_NAME_MANY_CODES, SHARDS, SHARED_ORG_CODE, global, split,
};
use crate::alphabet::VALUE;

/// The usable codes of each name. For the names of shard `s`, the codes of
/// local name `l` are `codes[starts[l]..starts[l + 1]]` of `per[s]`, sorted
/// and distinct.
pub(super) struct NameCodes {
    pub(super) per: Vec<NameCodeShard>,
}

pub(super) struct NameCodeShard {
    pub(super) starts: Vec<u32>,
    pub(super) codes: Vec<u32>,
}

impl NameCodes {
    /// The usable codes of one name.
    pub(super) fn of(&self, name: u32) -> &[u32] {
        let (s, l) = split(name);
        let shard = &self.per[s];
        match (shard.starts.get(l), shard.starts.get(l + 1)) {
            (Some(&a), Some(&b)) => &shard.codes[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Per name shard: how many names it has, and the (local name, code) lists
/// dealt to it.
pub(super) type Dealt = (usize, Vec<Vec<(u32, u32)>>);

/// The shards once pushing is over.
pub(super) struct Finished {
    pub(super) codes: Vec<CodeShard>,
    pub(super) names: Vec<Interner>,
    pub(super) groups: Vec<Interner>,
}

impl Finished {
    pub(super) fn flag_one_code_many_names(&mut self) {
        par_each(&mut self.codes, |shard| {
            for st in shard.states.iter_mut() {
                let entries = st.entries.as_slice();
                let first = entries.iter().map(|e| e.name).find(|&n| n != NONE);
                if st.kind.usable() && first.is_some_and(|f| entries.iter().any(|e| e.name != NONE && e.name != f)) {
                    st.flags |= ONE_CODE_MANY_NAMES;
                }
            }
        });
    }

    /// The usable codes of every name: each code shard deals its (name,
    /// code) pairs out to the name shards, then each name shard files its
    /// own by a counting sort on the name's local id (a piece that fits in
    /// cache, in parallel with the others).
    pub(super) fn name_codes(&self) -> NameCodes {
        let dealt = par_map_indexed(&self.codes, |s, shard| {
            let mut out = vec![Vec::new(); SHARDS];
            for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| st.kind.usable()) {
                for e in st.entries.as_slice().iter().filter(|e| e.name != NONE) {
                    let (ns, nl) = split(e.name);
                    out[ns].push((nl as u32, global(s, l as u32)));
                }
            }
            out
        });
        let mut by_name: Vec<Dealt> = self.names.iter().map(|n| (n.ends.len(), Vec::with_capacity(SHARDS))).collect();
        for lists in dealt {
            for (s, list) in lists.into_iter().enumerate() {
                by_name[s].1.push(list);
            }
        }
        let per = par_map_owned(by_name, |(names, lists)| {
            let mut starts = vec![0u32; names + 1];
            for &(l, _) in lists.iter().flatten() {
                starts[l as usize + 1] += 1;
            }
            for l in 0..names {
                starts[l + 1] += starts[l];
            }
            let mut next = starts.clone();
            let mut codes = vec![0u32; starts[names] as usize];
            for (l, code) in lists.into_iter().flatten() {
                codes[next[l as usize] as usize] = code;
                next[l as usize] += 1;
            }
            // Each name's codes sorted and made distinct (a code lists a
            // name once per group it appears in), closing up the gaps.
            let mut out = 0;
            for l in 0..names {
                let (a, b) = (starts[l] as usize, starts[l + 1] as usize);
                starts[l] = out as u32;
                let run = &mut codes[a..b];
                if run.len() > 1 {
                    run.sort_unstable();
                }
                let mut last = None;
                for i in a..b {
                    if last != Some(codes[i]) {
                        last = Some(codes[i]);
                        codes[out] = codes[i];
                        out += 1;
                    }
                }
            }
            starts[names] = out as u32;
            codes.truncate(out);
            NameCodeShard { starts, codes }
        });
        NameCodes { per }
    }

    pub(super) fn flag_one_name_many_codes(&mut self, name_codes: &NameCodes) {
        for shard in &name_codes.per {
            for w in shard.starts.windows(2).filter(|w| w[1] - w[0] > 1) {
                for &code in &shard.codes[w[0] as usize..w[1] as usize] {
                    let (s, l) = split(code);
                    self.codes[s].states[l].flags |= ONE_NAME_MANY_CODES;
                }
            }
        }
    }

    /// Names that the whole data set knows under two or more usable codes
    /// (a partition's analysis): this partition's codes of them are flagged
    /// too.
    pub(super) fn flag_names_from_facts(&mut self, name_codes: &NameCodes, facts: &NameFacts) {
        for (s, names) in self.names.iter().enumerate() {
            for l in 0..names.ends.len() {
                let id = global(s, l as u32);
                let many = names.get(l).and_then(|t| facts.codes_of(t)).is_some_and(|c| c.len() > 1);
                if many {
                    for &code in name_codes.of(id) {
                        let (cs, cl) = split(code);
                        self.codes[cs].states[cl].flags |= ONE_NAME_MANY_CODES;
                    }
                }
            }
        }
    }

    /// Different codes sharing positions 9–17, unless one name is common to
    /// all of them (then it is one entity with several codes, flagged above).
    /// Such codes are in one shard (see [`Key::shard`]): each shard is
    /// searched on its own.
    pub(super) fn flag_shared_org_codes(&mut self) {
        par_each(&mut self.codes, |shard| {
            let mut pairs: Vec<(u64, u32)> = shard
                .states
                .iter()
                .enumerate()
                .filter(|(_, st)| st.kind.usable())
                .filter_map(|(l, st)| {
                    let org =
                        st.code()?[8..17].iter().fold(0u64, |acc, &c| acc << 5 | u64::from(VALUE[c as usize] & 31));
                    Some((org, l as u32))
                })
                .collect();
            pairs.sort_unstable();
            let mut flagged = Vec::new();
            for run in pairs.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
                let names = |l: u32| {
                    shard.states[l as usize]
                        .entries
                        .as_slice()
                        .iter()
                        .map(|e| e.name)
                        .filter(|&n| n != NONE)
                        .collect::<Vec<_>>()
                };
                let first = names(run[0].1);
                let common = first.iter().any(|n| run[1..].iter().all(|&(_, l)| names(l).contains(n)));
                if !common {
                    flagged.extend(run.iter().map(|&(_, l)| l));
                }
            }
            for l in flagged {
                shard.states[l as usize].flags |= SHARED_ORG_CODE;
            }
        });
    }
}
