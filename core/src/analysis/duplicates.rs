//! The duplicate search once pushing is over: one code under several
//! names (一码多赋), one name under several codes (一主体多码), and codes
//! sharing an organization code, each per shard in parallel.

use std::sync::atomic::{AtomicU32, Ordering};

use super::hash::{FastMap, prefetch};
use super::parallel::{par_each, par_map_indexed, par_map_owned};
use super::partition::NameFacts;
use super::store::{
    AHEAD, CodeShard, CodeState, Interner, NONE, ONE_CODE_MANY_NAMES, ONE_NAME_MANY_CODES, SHARED_ORG_CODE, global,
    split,
};
use crate::alphabet::VALUE;

/// The usable codes of each name. Almost every name has one: it is kept in
/// place, a word per name; a name with several keeps them apart, sorted and
/// distinct.
pub(super) struct NameCodes {
    pub(super) per: Vec<NameCodeShard>,
}

/// The usable codes of one name shard's names.
pub(super) struct NameCodeShard {
    /// Per local name: its one usable code, [`NONE`] when it has none,
    /// [`SEVERAL`] when its codes are in `several`.
    pub(super) one: Vec<u32>,
    /// The codes of each name with several (by local name), sorted and
    /// distinct.
    pub(super) several: FastMap<u32, Vec<u32>>,
}

/// A name with several usable codes: no code has this id below 2^26 codes
/// a shard (as [`NONE`], it is out of reach of a data set that fits in a
/// machine's memory).
const SEVERAL: u32 = NONE - 1;

impl NameCodes {
    /// The usable codes of one name.
    pub(super) fn of(&self, name: u32) -> &[u32] {
        let (s, l) = split(name);
        let Some(shard) = self.per.get(s) else { return &[] };
        match shard.one.get(l) {
            Some(&NONE) | None => &[],
            Some(&SEVERAL) => shard.several.get(&(l as u32)).map_or(&[], Vec::as_slice),
            Some(one) => std::slice::from_ref(one),
        }
    }
}

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

    /// The usable codes of every name: each code shard writes its code
    /// into each of its names' word (an atomic exchange, the code shards on
    /// the threads); a name met with a second code is marked [`SEVERAL`],
    /// and its codes, the first among them, are listed apart. A word per
    /// name in place of the (name, code) pairs of every code: 40 MB rather
    /// than 160 MB for ten million.
    pub(super) fn name_codes(&self) -> NameCodes {
        let words: Vec<Vec<AtomicU32>> =
            par_map_indexed(&self.names, |_, n| (0..n.ends.len()).map(|_| AtomicU32::new(NONE)).collect());
        let several: Vec<(u32, u32)> = par_map_indexed(&self.codes, |s, shard| {
            let mut several = Vec::new();
            // A name's word is a miss in 40 MB of words for ten million
            // names: fetched for the value some states ahead.
            let word_of = |name: u32| {
                let (ns, nl) = split(name);
                &words[ns][nl]
            };
            for (l, st) in shard.states.iter().enumerate().filter(|(_, st)| st.kind.usable()) {
                if l + AHEAD < shard.states.len()
                    && let Some(e) = shard.states[l + AHEAD].entries.as_slice().first()
                    && e.name != NONE
                {
                    prefetch(word_of(e.name));
                }
                let code = global(s, l as u32);
                for e in st.entries.as_slice().iter().filter(|e| e.name != NONE) {
                    let word = word_of(e.name);
                    let mut now = word.load(Ordering::Relaxed);
                    loop {
                        let (want, listed) = match now {
                            NONE => (code, None),
                            c if c == code => break,
                            SEVERAL => {
                                several.push((e.name, code));
                                break;
                            }
                            first => (SEVERAL, Some(first)),
                        };
                        match word.compare_exchange(now, want, Ordering::Relaxed, Ordering::Relaxed) {
                            Ok(_) => {
                                if let Some(first) = listed {
                                    several.extend([(e.name, first), (e.name, code)]);
                                }
                                break;
                            }
                            Err(other) => now = other,
                        }
                    }
                }
            }
            several
        })
        .into_iter()
        .flatten()
        .collect();
        let mut by_shard: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.names.len()];
        for (name, code) in several {
            let (s, l) = split(name);
            by_shard[s].push((l as u32, code));
        }
        let per = par_map_owned(words.into_iter().zip(by_shard).collect(), |(words, mut pairs)| {
            pairs.sort_unstable();
            pairs.dedup();
            let mut several: FastMap<u32, Vec<u32>> = FastMap::default();
            for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                several.insert(run[0].0, run.iter().map(|p| p.1).collect());
            }
            NameCodeShard { one: words.into_iter().map(AtomicU32::into_inner).collect(), several }
        });
        NameCodes { per }
    }

    pub(super) fn flag_one_name_many_codes(&mut self, name_codes: &NameCodes) {
        for shard in &name_codes.per {
            for &code in shard.several.values().flatten() {
                let (s, l) = split(code);
                self.codes[s].states[l].flags |= ONE_NAME_MANY_CODES;
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
            let org_of = |st: &CodeState| -> Option<u64> {
                let code = st.code().filter(|_| st.kind.usable())?;
                Some(code[8..17].iter().fold(0u64, |acc, &c| acc << 5 | u64::from(VALUE[c as usize] & 31)))
            };
            // Almost every organization code is met once. A first pass marks
            // each by a hash of it in a set of bits (32 a code), and a
            // second set where a mark is met again: only the codes whose
            // mark was met again are sorted and compared (a few percent,
            // every code of a shared organization code among them).
            let bits = (shard.states.len() * 32).next_power_of_two().max(64);
            let place = |org: u64| {
                let h = (org.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits.trailing_zeros())) as usize;
                (h / 64, 1u64 << (h % 64))
            };
            // Each value's organization code (u64::MAX: none), read once.
            let orgs: Vec<u64> = shard.states.iter().map(|st| org_of(st).unwrap_or(u64::MAX)).collect();
            let (mut met, mut again) = (vec![0u64; bits / 64], vec![0u64; bits / 64]);
            for &org in orgs.iter().filter(|&&o| o != u64::MAX) {
                let (w, b) = place(org);
                if met[w] & b == 0 {
                    met[w] |= b;
                } else {
                    again[w] |= b;
                }
            }
            let mut pairs: Vec<(u64, u32)> = (0u32..)
                .zip(&orgs)
                .filter(|&(_, &org)| {
                    let (w, b) = place(org);
                    org != u64::MAX && again[w] & b != 0
                })
                .map(|(l, &org)| (org, l))
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
