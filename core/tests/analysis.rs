//! Data-set analysis: the shared vectors, rows accounted for, independence
//! from chunking and thread count, and the synthetic ground truth.

use std::collections::BTreeMap;

use serde_json::Value;
use uscc::analysis::{
    Analyzer, Options, Record, Registry, RowClass, RowResult, ValueKind, analyze, analyze_with_registry,
    synth::{self, SynthOptions},
};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn records(case: &Value) -> Vec<(u64, String, Option<String>, Option<String>)> {
    case["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().map(str::to_owned);
            (r[0].as_u64().unwrap(), s(1).unwrap(), s(2), s(3))
        })
        .collect()
}

#[test]
fn analysis_vectors() {
    let v = vectors();
    for case in v["analysis"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let owned = records(case);
        let recs: Vec<Record<'_>> =
            owned.iter().map(|(row, c, n, g)| Record::new(*row, c, n.as_deref(), g.as_deref())).collect();
        let registry = case.get("registry").map(|r| {
            Registry::new(r.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap())))
        });
        let report = analyze_with_registry(&recs, &Options::default(), registry);
        let a = &report.analysis;
        for (row, want) in case["rows"].as_object().unwrap() {
            let row: u64 = row.parse().unwrap();
            let rec = recs.iter().find(|r| r.row == row).unwrap();
            let got = a.classify(rec);
            assert_eq!(got.class.as_str(), want["class"].as_str().unwrap(), "{name} row {row}: {got:?}");
            let findings: Vec<&str> = got.findings.iter().map(|f| f.as_str()).collect();
            let want_f: Vec<&str> = want["findings"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
            assert_eq!(findings, want_f, "{name} row {row}");
            if let Some(c) = want.get("correction") {
                let corr = got.correction.as_ref().unwrap_or_else(|| panic!("{name} row {row}: no correction"));
                assert_eq!(Some(corr.code.as_str()), c.as_str(), "{name} row {row}");
                assert_eq!(Some(corr.evidence.as_str()), want["evidence"].as_str(), "{name} row {row}");
            }
            if let Some(value) = want.get("value") {
                assert_eq!(Some(got.value.as_str()), value.as_str(), "{name} row {row}");
            }
            assert_eq!(got.needed_cleaning, want.get("needed_cleaning").is_some_and(|x| x.as_bool().unwrap()));
            // The in-memory report holds exactly the rows that are not plain.
            let listed = report.rows.iter().find(|r| r.row == row);
            assert_eq!(listed.is_some(), !got.is_plain(), "{name} row {row}");
            assert_eq!(a.notable(rec).as_ref(), listed, "{name} row {row}");
            if let Some(l) = listed {
                assert_eq!(l, &got);
            }
        }
        let s = &case["summary"];
        let o = &a.summary.overall;
        assert_eq!(o.records, s["records"].as_u64().unwrap(), "{name}");
        assert_eq!(o.distinct_codes, s["distinct_codes"].as_u64().unwrap(), "{name}");
        assert_eq!(o.flagged, s["flagged"].as_u64().unwrap(), "{name}");
        assert_eq!(a.summary.groups.len() as u64, s["groups"].as_u64().unwrap(), "{name}");
        if let Some(rows) = s.get("rows") {
            for (class, n) in rows.as_object().unwrap() {
                let c = RowClass::ALL.iter().find(|c| c.as_str() == class).unwrap();
                assert_eq!(o.rows_of(*c), n.as_u64().unwrap(), "{name} {class}");
            }
        }
        for want in case["fixes"].as_array().unwrap() {
            let row = want["row"].as_u64().unwrap();
            let fix = a.fixes().iter().find(|f| f.row == row).unwrap_or_else(|| panic!("{name}: no fix for row {row}"));
            assert_eq!(fix.action.map(|a| u64::from(a.flag())), want.get("action").and_then(Value::as_u64), "{name}");
            if let Some(c) = want.get("correction") {
                assert_eq!(fix.correction.as_ref().map(|c| c.code.as_str()), c.as_str(), "{name}");
            }
        }
        // Fixes never carry a full personal number.
        assert!(a.fixes().iter().all(|f| !f.value.contains("19491231")), "{name}");
    }
}

fn synthetic(n: usize, seed: u64) -> Vec<synth::SynthRecord> {
    synth::generate(
        seed,
        &SynthOptions { records: n, errors_per_mille: 80, duplicates_per_mille: 40, ..Default::default() },
    )
}

#[test]
fn every_row_is_accounted_for_once() {
    let data = synthetic(30_000, 11);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let report = analyze(&recs, &Options::default());
    let a = &report.analysis;
    let o = &a.summary.overall;
    assert_eq!(o.records, recs.len() as u64);
    assert_eq!(o.rows.iter().sum::<u64>(), recs.len() as u64);
    // Per group too, and the groups add up to the whole.
    for g in &a.summary.groups {
        assert_eq!(g.rows.iter().sum::<u64>(), g.records);
    }
    assert_eq!(a.summary.groups.iter().map(|g| g.records).sum::<u64>(), o.records);
    // Classifying every row gives exactly the summary's counts.
    let mut tally: BTreeMap<RowClass, u64> = BTreeMap::new();
    for r in &recs {
        *tally.entry(a.classify(r).class).or_default() += 1;
    }
    for c in RowClass::ALL {
        assert_eq!(tally.get(&c).copied().unwrap_or(0), o.rows_of(c), "{}", c.as_str());
    }
    // The listed rows are the non-plain ones.
    let plain = recs.len() - report.rows.len();
    assert!(plain as u64 <= o.rows_of(RowClass::Valid));
}

#[test]
fn the_flagged_values_are_the_rates_numerator_whichever_way_they_are_handed_over() {
    let data = synthetic(30_000, 12);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let a = analyze(&recs, &Options::default()).analysis;
    let listed = a.flagged_codes();
    assert!(listed.len() > 100, "the data have flagged values");
    assert_eq!(listed.len() as u64, a.summary.overall.flagged);
    assert!(listed.windows(2).all(|w| w[0].value < w[1].value), "sorted, each once");
    // Part by part, as each part is made: the same values, nothing twice.
    let parts = std::sync::Mutex::new(Vec::new());
    a.each_flagged_part(
        |f: &uscc::analysis::Flagged<'_>| f.to_flagged_code(),
        |part| parts.lock().unwrap().extend(part),
    );
    let mut parts = parts.into_inner().unwrap();
    parts.sort_by(|x, y| x.value.cmp(&y.value));
    assert_eq!(parts, listed);
}

#[test]
fn results_do_not_depend_on_chunking() {
    let data = synthetic(20_000, 5);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let run = |chunk: usize| {
        let mut a = Analyzer::new(Options::default());
        for c in recs.chunks(chunk) {
            a.push(c);
        }
        let a = a.finish();
        (a.summary.clone(), a.fixes().to_vec())
    };
    let whole = run(recs.len());
    assert_eq!(run(1000), whole);
    assert_eq!(run(4093), whole);
    // Reversed input: the same rows, so the same results.
    let mut rev = recs.clone();
    rev.reverse();
    let mut a = Analyzer::new(Options::default());
    a.push(&rev);
    let a = a.finish();
    assert_eq!((a.summary.clone(), a.fixes().to_vec()), whole);
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let data = synthetic(20_000, 6);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let r = analyze(&recs, &Options::default());
            (r.analysis.summary.clone(), r.analysis.fixes().to_vec(), r.rows)
        })
    };
    assert_eq!(run(1), run(2));
    assert_eq!(run(1), run(3));
}

#[test]
fn synthetic_ground_truth() {
    let data = synthetic(20_000, 9);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let report = analyze(&recs, &Options::default());
    let a = &report.analysis;
    for (d, r) in data.iter().zip(&recs) {
        let got = a.classify(r);
        let ok = match d.truth {
            "placeholder" => got.class == RowClass::Placeholder,
            "personal_id" => got.class == RowClass::PersonalId && got.value.contains('*'),
            "typo" | "excel" | "missing_char" | "extra_char" | "look_alike" => {
                matches!(got.class, RowClass::Invalid | RowClass::Placeholder | RowClass::OtherIdentifier)
            }
            "messy" => got.needed_cleaning && got.class != RowClass::Invalid,
            "one_code_many_names" => got.classes.contains(&RowClass::OneCodeManyNames),
            "one_name_many_codes" => got.classes.contains(&RowClass::OneNameManyCodes),
            "repeated_row" => got.classes.contains(&RowClass::RepeatedRow),
            "clean" => got.class != RowClass::Invalid,
            other => panic!("unknown truth {other}"),
        };
        assert!(ok, "row {} ({}): {:?} {got:?}", d.row, d.truth, d.code);
    }
    // Typos of codes that appear elsewhere under the same name are fixed
    // from that evidence, with the action flag 0.
    let evidenced = a.fixes().iter().filter(|f| f.action.is_some_and(|x| x.flag() == 0)).count();
    assert!(evidenced > 0);
    for f in a.fixes().iter().filter(|f| f.correction.is_some()) {
        assert!(uscc::is_valid(&f.correction.as_ref().unwrap().code));
    }
}

#[test]
fn options_change_what_counts() {
    let data = synthetic(5_000, 3);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let base = analyze(&recs, &Options::default()).analysis.summary.overall.clone();
    let lenient = Options { count_placeholders: false, count_other_identifiers: false, ..Options::default() };
    let l = analyze(&recs, &lenient).analysis.summary.overall.clone();
    assert_eq!(
        base.flagged - l.flagged,
        base.codes_of(RowClass::Placeholder)
            + base.codes_of(RowClass::PersonalId)
            + base.codes_of(RowClass::OtherIdentifier)
    );
    let per_row = Options { denominator: uscc::analysis::Denominator::Records, ..Options::default() };
    let r = analyze(&recs, &per_row).analysis.summary.overall.clone();
    assert_eq!(r.denominator, r.records);
    assert!(r.flagged >= base.flagged);
}

#[test]
fn personal_numbers_are_revealed_only_when_asked() {
    let recs = [Record::new(1, "11010519491231002X", Some("张三"), None)];
    let masked = analyze(&recs, &Options::default());
    assert_eq!(masked.rows[0].value, "110105********002X");
    assert_eq!(masked.analysis.fixes()[0].value, "110105********002X");
    let shown = analyze(&recs, &Options { reveal_personal: true, ..Options::default() });
    assert_eq!(shown.rows[0].value, "11010519491231002X");
}

#[test]
fn a_code_listed_twice_in_the_registry_keeps_one_name_whatever_the_order() {
    let pairs = [("91350100M000100Y43", "乙公司"), ("91350100M000100Y43", "甲公司")];
    let a = Registry::new(pairs);
    let b = Registry::new(pairs.iter().rev().copied());
    assert_eq!(a.name_of("91350100M000100Y43"), b.name_of("91350100M000100Y43"));
    assert_eq!(a.name_of("91350100M000100Y43"), Some("乙公司").min(Some("甲公司")));
    assert_eq!(a.codes_of("甲公司"), ["91350100M000100Y43"]);
}

#[test]
fn prepare_agrees_with_the_analysis() {
    let data = synthetic(5000, 11);
    let records: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    let options = Options::default();
    let report = analyze(&records, &options);
    let by_row: BTreeMap<u64, &RowResult> = report.rows.iter().map(|r| (r.row, r)).collect();
    for r in &records {
        let p = uscc::analysis::prepare(r, &options);
        let Some(result) = by_row.get(&r.row) else {
            // A plainly valid row.
            assert_eq!(p.kind, ValueKind::Valid);
            assert!(!p.cleaned && p.findings.is_empty());
            continue;
        };
        assert_eq!(result.needed_cleaning, p.cleaned);
        assert_eq!(result.value, p.shown);
        let kind_class = match p.kind {
            ValueKind::Valid => None,
            ValueKind::Invalid => Some(RowClass::Invalid),
            ValueKind::Placeholder => Some(RowClass::Placeholder),
            ValueKind::OtherIdentifier => Some(RowClass::OtherIdentifier),
            ValueKind::PersonalId => Some(RowClass::PersonalId),
            ValueKind::PilotEra => Some(RowClass::PilotEra),
        };
        if let Some(class) = kind_class {
            assert_eq!(result.class, class);
        }
        assert!(result.findings.starts_with(&p.findings), "{:?} {:?}", result.findings, p.findings);
    }
}

#[test]
fn each_sheet_line_shows_its_own_rows_spelling() {
    // One code under two names (一码多赋): full-width in one entity's rows,
    // plain in the other's; placeholders written as "" and "-".
    let records = [
        Record::new(2, "９１４４０３００１９２２０３８２１６", Some("甲公司"), Some("局")),
        Record::new(3, "914403001922038216", Some("乙公司"), Some("局")),
        Record::new(4, "914403001922038216", Some("甲公司"), Some("局")),
        Record::new(5, "", Some("丙"), Some("局")),
        Record::new(6, "-", Some("丁"), Some("局")),
    ];
    for order in [records.to_vec(), records.iter().rev().copied().collect()] {
        let report = analyze(&order, &Options::default());
        let fixes = report.analysis.fixes();
        let line = |name: &str| fixes.iter().find(|f| f.name.as_deref() == Some(name)).unwrap();
        assert_eq!(line("甲公司").original, "９１４４０３００１９２２０３８２１６");
        assert_eq!(line("甲公司").row, 2);
        assert_eq!(line("乙公司").original, "914403001922038216", "not the other entity's spelling");
        assert_eq!(line("丙").original, "");
        assert_eq!(line("丁").original, "-");
    }
}

/// Analyses records in `parts` partitions as the Spark path does: records
/// partitioned by `partition_key`, a first pass listing each partition's
/// (name, code) pairs, the names that cross partitions made facts, a second
/// pass with them.
fn partitioned<'a>(
    recs: &[Record<'a>],
    parts: usize,
    options: &Options,
    registry: Option<&Registry>,
) -> Vec<(Vec<Record<'a>>, uscc::analysis::Analysis)> {
    use std::collections::{BTreeSet, HashMap};
    use uscc::analysis::{NameFacts, partition_key};
    let mut split: Vec<Vec<Record<'a>>> = vec![Vec::new(); parts];
    for r in recs {
        let k = partition_key(r.code);
        let h = k.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        split[(h % parts as u64) as usize].push(*r);
    }
    let run = |part: &[Record<'_>], facts: Option<NameFacts>| {
        let mut a = Analyzer::new(options.clone());
        if let Some(r) = registry {
            a = a.with_registry(r.clone());
        }
        if let Some(f) = facts {
            a = a.with_name_facts(f);
        }
        a.push(part);
        a.finish()
    };
    let mut usable: HashMap<String, BTreeSet<(String, u64)>> = HashMap::new();
    let mut invalid: HashMap<String, usize> = HashMap::new();
    for part in &split {
        for nc in run(part, None).name_codes_seen() {
            if nc.usable {
                usable.entry(nc.name).or_default().insert((nc.code, nc.first_row));
            } else {
                *invalid.entry(nc.name).or_default() += 1;
            }
        }
    }
    let triples = usable.into_iter().filter(|(name, codes)| {
        let distinct: BTreeSet<&String> = codes.iter().map(|c| &c.0).collect();
        NameFacts::needed(distinct.len(), invalid.get(name).copied().unwrap_or(0))
    });
    let facts =
        NameFacts::new(triples.flat_map(|(name, codes)| codes.into_iter().map(move |(c, r)| (name.clone(), c, r))));
    split
        .into_iter()
        .map(|part| {
            let a = run(&part, Some(facts.clone()));
            (part, a)
        })
        .collect()
}

#[test]
fn partitions_give_the_whole_data_sets_results() {
    let data = synthetic(20_000, 21);
    let recs: Vec<Record<'_>> = data.iter().map(synth::SynthRecord::as_record).collect();
    // A registry that knows some names, so that its corrections cross too.
    let pairs: Vec<(String, String)> =
        data.iter().step_by(7).filter(|d| d.truth == "clean").map(|d| (d.code.clone(), d.name.clone())).collect();
    let registry = Registry::new(pairs.iter().map(|(c, n)| (c.as_str(), n.as_str())));
    for (options, registry) in [(Options::default(), None), (Options::default(), Some(&registry))] {
        let whole = match registry {
            Some(r) => analyze_with_registry(&recs, &options, Some(r.clone())),
            None => analyze(&recs, &options),
        };
        for parts in [1, 3, 8] {
            let analyses = partitioned(&recs, parts, &options, registry);
            let mut rows: Vec<RowResult> = analyses
                .iter()
                .flat_map(|(part, a)| part.iter().filter_map(|r| a.notable(r)).collect::<Vec<_>>())
                .collect();
            // The quick verdict on plain rows is the full one's.
            for (part, a) in &analyses {
                for r in part {
                    assert_eq!(a.notable(r), Some(a.classify(r)).filter(|x| !x.is_plain()), "row {}", r.row);
                }
            }
            rows.sort_by_key(|r| r.row);
            let mut want = whole.rows.clone();
            want.sort_by_key(|r| r.row);
            assert_eq!(rows, want, "{parts} parts");
            let analyses: Vec<_> = analyses.into_iter().map(|(_, a)| a).collect();
            let summaries: Vec<_> = analyses.iter().map(|a| a.summary.clone()).collect();
            assert_eq!(uscc::analysis::merge_summaries(&summaries).unwrap(), whole.analysis.summary, "{parts} parts");
            let mut fixes: Vec<_> = analyses.iter().flat_map(|a| a.fixes().to_vec()).collect();
            fixes.sort_by(|a, b| (&a.group, &a.value, &a.name, a.row).cmp(&(&b.group, &b.value, &b.name, b.row)));
            assert_eq!(fixes, whole.analysis.fixes(), "{parts} parts");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// The groups come in the order of their names (rows without a group
    /// first), whatever the names share at their start, each with its rows.
    #[test]
    fn groups_in_the_order_of_their_names(
        picks in proptest::collection::vec((0usize..12, 0usize..5), 1..300),
    ) {
        let long = "市市场监督管理局行政审批服务处"; // 45 bytes: past any prefix
        let names: Vec<String> = vec![
            String::new(), " ".into(), "a".into(), "a\0".into(), "ab".into(), format!("{long}甲"), format!("{long}乙"),
            format!("{long}甲 "), long.into(), "ÿ".into(), "0123456789abcdef".into(), "0123456789abcdefg".into(),
        ];
        let codes = ["91350100M000100Y43", "91440300MA5F0XXX1X", "12345", "", "911101080000000000"];
        let recs: Vec<Record<'_>> = picks
            .iter()
            .enumerate()
            .map(|(i, &(g, c))| Record::new(i as u64 + 2, codes[c], Some("某公司"), Some(names[g].as_str())))
            .collect();
        let a = analyze(&recs, &Options::default()).analysis;
        let mut want: BTreeMap<Option<String>, u64> = BTreeMap::new();
        for &(g, _) in &picks {
            let name = Some(names[g].trim().to_owned()).filter(|n| !n.is_empty());
            *want.entry(name).or_default() += 1;
        }
        let got: Vec<(Option<String>, u64)> = a.summary.groups.iter().map(|g| (g.group.clone(), g.records)).collect();
        proptest::prop_assert_eq!(got, want.into_iter().collect::<Vec<_>>());
    }
}

/// Codes sharing positions 9–17 are found among many (the search marks
/// each organization code by a hash before it sorts the few marked twice):
/// the same codes as a search of every pair finds, whichever shard's hash
/// marks collide.
#[test]
fn shared_organization_codes_among_many() {
    let mut g = uscc::Generator::new(41);
    let mut rows: Vec<(String, String)> = (0..30_000).map(|i| (g.code().to_string(), format!("公司{i}"))).collect();
    for i in 0..300 {
        let (code, name) = rows[i * 100].clone();
        let mut chars = code.chars();
        let (department, category) = (chars.next().unwrap(), chars.next().unwrap());
        let division = if &code[2..8] == "110101" { "310101" } else { "110101" };
        let twin = uscc::build(department, category, division, &code[8..16]).unwrap().to_string();
        assert_eq!(twin[8..17], code[8..17]);
        // Every other twin under the same name: one entity, not flagged.
        let name = if i % 2 == 0 { format!("另一公司{i}") } else { name };
        rows.push((twin, name));
    }
    // Each organization code's (code, name)s; flagged where two codes
    // share it and no name is under all of them.
    let mut by_org: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for (c, n) in &rows {
        by_org.entry(&c[8..17]).or_default().entry(c).or_default().push(n);
    }
    let want: std::collections::BTreeSet<String> = by_org
        .values()
        .filter(|codes| codes.len() > 1)
        .filter(|codes| {
            let first = codes.values().next().unwrap();
            !first.iter().any(|n| codes.values().all(|names| names.contains(n)))
        })
        .flat_map(|codes| codes.keys().map(|c| (*c).to_owned()))
        .collect();
    assert!(want.len() >= 300, "{}", want.len());
    let mut a = Analyzer::new(Options::default());
    let records: Vec<Record<'_>> =
        rows.iter().enumerate().map(|(i, (c, n))| Record::new(i as u64 + 2, c, Some(n), None)).collect();
    a.push(&records);
    let analysis = a.finish();
    let got: std::collections::BTreeSet<String> = records
        .iter()
        .map(|r| analysis.classify(r))
        .filter(|r| r.classes.contains(&RowClass::SharedOrgCode))
        .map(|r| r.value)
        .collect();
    assert_eq!(got, want);
}
