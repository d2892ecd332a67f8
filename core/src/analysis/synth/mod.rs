//! Realistic synthetic data sets, deterministic from a seed, with the error
//! mix of real government data (docs/rules.md, "Synthetic data"): typos, look-alike letters,
//! full-width and messy values, Excel damage, placeholders, personal identity
//! numbers, repeated rows, 一码多赋 and 一主体多码.
//!
//! ```
//! use uscc::analysis::synth::{generate, SynthOptions};
//! let data = generate(7, &SynthOptions { records: 1000, ..SynthOptions::default() });
//! assert_eq!(data.len(), 1000);
//! assert_eq!(data, generate(7, &SynthOptions { records: 1000, ..SynthOptions::default() }));
//! ```

mod months;

pub use months::{Month, MonthOptions, months, wrong_values};

use super::model::Record;
use crate::alphabet::ALPHABET;
use crate::generate::Generator;
use crate::tables::{Division, Level};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOptions {
    /// Number of records.
    pub records: usize,
    /// Records with an error (typo, look-alike, Excel damage, placeholder,
    /// personal number, missing or extra character), per thousand.
    pub errors_per_mille: u32,
    /// Records that duplicate another (repeated row, 一码多赋, 一主体多码), per thousand.
    pub duplicates_per_mille: u32,
    /// Records whose value is messy but right after cleaning (full-width,
    /// spaces, lower case, apostrophe), per thousand.
    pub messy_per_mille: u32,
    /// The groups (数据来源单位) records are spread over.
    pub groups: Vec<String>,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            records: 10_000,
            errors_per_mille: 50,
            duplicates_per_mille: 10,
            messy_per_mille: 20,
            groups: ["市市场监督管理局", "市税务局", "市住房和城乡建设局"].map(String::from).to_vec(),
        }
    }
}

/// One generated record, with what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthRecord {
    /// Row id (1-based).
    pub row: u64,
    /// The code as a department would publish it.
    pub code: String,
    /// The entity name.
    pub name: String,
    /// The group.
    pub group: String,
    /// What the generator did: `clean`, `messy`, `typo`, `look_alike`,
    /// `missing_char`, `extra_char`, `excel`, `placeholder`, `personal_id`,
    /// `repeated_row`, `one_code_many_names`, `one_name_many_codes`; in a
    /// later month ([`months`]), `fixed` for a record corrected.
    pub truth: &'static str,
    /// The code the record should carry, when its own is wrong (the
    /// entity's code): what a department's correction puts back.
    pub intended: Option<String>,
}

impl SynthRecord {
    /// As an analysis record.
    #[must_use]
    pub fn as_record(&self) -> Record<'_> {
        Record::new(self.row, &self.code, Some(&self.name), Some(&self.group))
    }
}

const CITIES: [&str; 16] = [
    "北京", "上海", "广州", "深圳", "杭州", "南京", "福州", "厦门", "武汉", "成都", "西安", "郑州", "济南", "长沙",
    "合肥", "昆明",
];
const SYLLABLES: [char; 60] = [
    '华', '信', '达', '通', '宏', '盛', '中', '科', '瑞', '博', '恒', '泰', '金', '源', '鑫', '龙', '海', '天', '联',
    '创', '新', '德', '嘉', '明', '星', '光', '云', '智', '远', '航', '辰', '安', '宇', '润', '和', '丰', '顺', '兴',
    '永', '隆', '凯', '锦', '鹏', '飞', '腾', '祥', '佳', '美', '晨', '峰', '东', '南', '西', '北', '骏', '铭', '旭',
    '颐', '卓', '益',
];
const TRADES: [&str; 12] = [
    "科技",
    "贸易",
    "建筑工程",
    "餐饮管理",
    "物流",
    "电子",
    "医药",
    "文化传媒",
    "房地产开发",
    "机械设备",
    "农业发展",
    "信息技术",
];
const FORMS: [&str; 4] = ["有限公司", "有限责任公司", "股份有限公司", "商贸行"];

struct Synth<'o> {
    g: Generator,
    options: &'o SynthOptions,
    entities: Vec<(String, String)>,
    counties: Vec<u32>,
    codes_made: u64,
    seed: u64,
}

impl<'o> Synth<'o> {
    fn new(seed: u64, options: &'o SynthOptions) -> Synth<'o> {
        let counties =
            Division::all().filter(|d| !d.is_retired() && d.level() == Level::County).map(|d| d.code).collect();
        Synth { g: Generator::new(seed), options, entities: Vec::new(), counties, codes_made: 0, seed }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.g.below(items.len())]
    }

    /// A name that no other entity index produces: the index in base 60.
    fn name(&mut self, index: usize) -> String {
        let city = *self.pick(&CITIES);
        let trade = *self.pick(&TRADES);
        let form = *self.pick(&FORMS);
        let mut n = index + (self.seed as usize).wrapping_mul(1_000_003);
        let mut core = String::new();
        for _ in 0..4 {
            core.push(SYLLABLES[n % 60]);
            n /= 60;
        }
        if n > 0 {
            core.push_str(&n.to_string());
        }
        format!("{city}{core}{trade}{form}")
    }

    /// A valid code whose organization code no other call returns: half
    /// from the `MA` blocks, half all digits, each a bijection of a counter.
    fn unique_code(&mut self) -> String {
        // Data sets from different seeds use different parts of the sequence.
        let n = self.codes_made + self.seed.wrapping_mul(1_000_003);
        self.codes_made += 1;
        let base = self.g.code();
        let b = base.as_str();
        let body = if n.is_multiple_of(2) {
            let mut x = (n / 2).wrapping_mul(0x9E37_79B1) % 887_503_681; // 31^6
            let mut tail = [0u8; 6];
            for c in tail.iter_mut().rev() {
                *c = ALPHABET[(x % 31) as usize];
                x /= 31;
            }
            format!("MA{}", String::from_utf8_lossy(&tail))
        } else {
            format!("{:08}", (n / 2).wrapping_mul(0x2545_F491) % 100_000_000)
        };
        let (d, c) = (b.as_bytes()[0] as char, b.as_bytes()[1] as char);
        crate::generate::build(d, c, &b[2..8], &body).map_or_else(|_| base.to_string(), |code| code.to_string())
    }

    fn new_entity(&mut self) -> (String, String) {
        let code = self.unique_code();
        let name = self.name(self.entities.len());
        self.entities.push((code.clone(), name.clone()));
        (code, name)
    }

    fn old_entity(&mut self) -> Option<(String, String)> {
        if self.entities.is_empty() {
            return None;
        }
        let i = self.g.below(self.entities.len());
        Some(self.entities[i].clone())
    }

    fn resident_id(&mut self) -> String {
        let region = self.counties[self.g.below(self.counties.len())];
        let year = 1950 + self.g.below(50);
        let month = 1 + self.g.below(12);
        let day = 1 + self.g.below(28);
        let seq = self.g.below(1000);
        let body = format!("{region:06}{year:04}{month:02}{day:02}{seq:03}");
        format!("{body}{}", char::from(crate::identify::resident_id_check(body.as_bytes())))
    }

    fn messy(&mut self, code: &str) -> String {
        let letters = code.bytes().any(|b| b.is_ascii_uppercase());
        match self.g.below(5) {
            2 if !letters => format!("{code}\n"),
            0 => code.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect(),
            1 => format!("{} {}", &code[..8], &code[8..]),
            2 => code.to_ascii_lowercase(),
            3 => format!("'{code}"),
            _ => format!(" {code}\u{00A0}"),
        }
    }

    fn error(&mut self, code: &str) -> (String, &'static str) {
        let mut b = code.as_bytes().to_vec();
        match self.g.below(10) {
            0..=2 => {
                let i = self.g.below(17);
                let c = loop {
                    let c = ALPHABET[self.g.below(31)];
                    if c != b[i] {
                        break c;
                    }
                };
                b[i] = c;
                (String::from_utf8_lossy(&b).into_owned(), "typo")
            }
            3 => {
                let zero = b.iter().position(|&c| c == b'0' || c == b'1');
                match zero {
                    Some(i) => {
                        b[i] = if b[i] == b'0' { b'O' } else { b'I' };
                        (String::from_utf8_lossy(&b).into_owned(), "look_alike")
                    }
                    None => ("无".to_owned(), "placeholder"),
                }
            }
            4 => {
                let i = self.g.below(18);
                b.remove(i);
                (String::from_utf8_lossy(&b).into_owned(), "missing_char")
            }
            5 => {
                let i = self.g.below(18);
                b.insert(i, ALPHABET[self.g.below(10)]);
                (String::from_utf8_lossy(&b).into_owned(), "extra_char")
            }
            6 if code.bytes().all(|c| c.is_ascii_digit()) => {
                let damaged = if self.g.chance(500) {
                    format!("{}.{}E+17", &code[..1], &code[1..6])
                } else {
                    format!("{}000", &code[..15])
                };
                (damaged, "excel")
            }
            6 | 7 => {
                let p = *self.pick(&["无", "/", "-", "000000000000000000", "", "NULL", "暂无"]);
                (p.to_owned(), "placeholder")
            }
            _ => (self.resident_id(), "personal_id"),
        }
    }
}

/// Generates a data set.
#[must_use]
pub fn generate(seed: u64, options: &SynthOptions) -> Vec<SynthRecord> {
    let mut s = Synth::new(seed, options);
    let mut out: Vec<SynthRecord> = Vec::with_capacity(options.records);
    let groups = if options.groups.is_empty() { vec![String::new()] } else { options.groups.clone() };
    for i in 0..options.records {
        let row = i as u64 + 1;
        let mut group = s.pick(&groups).clone();
        let roll = s.g.below(1000) as u32;
        let mut intended = None;
        let (code, name, truth) = if roll < s.options.duplicates_per_mille && !out.is_empty() {
            let prev = out[s.g.below(out.len())].clone();
            match s.g.below(3) {
                0 => {
                    group = prev.group;
                    intended = prev.intended;
                    (prev.code, prev.name, "repeated_row")
                }
                1 if prev.truth == "clean" => {
                    let other = s.name(s.entities.len() + 7_000_000);
                    (prev.code, other, "one_code_many_names")
                }
                _ if prev.truth == "clean" => (s.unique_code(), prev.name, "one_name_many_codes"),
                _ => {
                    group = prev.group;
                    intended = prev.intended;
                    (prev.code, prev.name, "repeated_row")
                }
            }
        } else if roll < s.options.duplicates_per_mille + s.options.errors_per_mille {
            let (code, name) =
                if s.g.chance(500) { s.old_entity().unwrap_or_else(|| s.new_entity()) } else { s.new_entity() };
            let (bad, truth) = s.error(&code);
            intended = Some(code);
            (bad, name, truth)
        } else if roll < s.options.duplicates_per_mille + s.options.errors_per_mille + s.options.messy_per_mille {
            let (code, name) = s.new_entity();
            (s.messy(&code), name, "messy")
        } else {
            let (code, name) = s.new_entity();
            (code, name, "clean")
        };
        out.push(SynthRecord { row, code, name, group, truth, intended });
    }
    out
}
