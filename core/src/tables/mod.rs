//! The data the rules are made of: departments with their categories, and
//! division codes with their history.

#[rustfmt::skip]
#[allow(clippy::unreadable_literal, clippy::large_const_arrays)]
mod divisions;

/// Slots of the division index: a power of two above twice the codes.
const INDEX_SLOTS: usize = 1 << 14;

/// An open-addressing index from a division code to its place in the table
/// (plus one; 0 marks an empty slot), built on first use: a lookup costs a
/// multiply and a probe or two instead of a binary search over 6,885 codes,
/// which every valid code's check does.
static INDEX: std::sync::LazyLock<Box<[u16]>> = std::sync::LazyLock::new(|| {
    const _: () = assert!(divisions::CODES.len() * 2 < INDEX_SLOTS && divisions::CODES.len() < u16::MAX as usize);
    let mut slots = vec![0u16; INDEX_SLOTS].into_boxed_slice();
    for (i, &code) in divisions::CODES.iter().enumerate() {
        let mut s = index_slot(code);
        while slots[s] != 0 {
            s = (s + 1) & (INDEX_SLOTS - 1);
        }
        slots[s] = i as u16 + 1;
    }
    slots
});

fn index_slot(code: u32) -> usize {
    (code.wrapping_mul(0x9E37_79B1) >> (32 - INDEX_SLOTS.trailing_zeros())) as usize
}

/// A registration department (position 1) and the categories it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Department {
    /// The character in position 1.
    pub code: char,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Categories valid for this department.
    pub categories: &'static [Category],
}

/// An organization category (position 2) within a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// The character in position 2.
    pub code: char,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
}

const fn cat(code: char, name_zh: &'static str, name_en: &'static str) -> Category {
    Category { code, name_zh, name_en }
}

const OTHER: Category = cat('9', "其他", "other");

/// The 12 departments and 36 department/category pairs (docs/rules.md, "Departments and categories").
///
/// Only departments 1, 5, 9 and Y appear in the text of GB 32100-2015; the
/// others come from later amendments whose official text has not been
/// published, and are kept because every implementation in use accepts them.
pub static DEPARTMENTS: [Department; 12] = [
    Department {
        code: '1',
        name_zh: "机构编制",
        name_en: "institutional establishment",
        categories: &[
            cat('1', "机关", "government agency"),
            cat('2', "事业单位", "public institution"),
            cat('3', "中央编办直接管理机构编制的群众团体", "mass organization under the central establishment office"),
            OTHER,
        ],
    },
    Department {
        code: '2',
        name_zh: "外交",
        name_en: "foreign affairs",
        categories: &[cat('1', "外国常驻新闻机构", "resident foreign news agency"), OTHER],
    },
    Department {
        code: '3',
        name_zh: "司法行政",
        name_en: "judicial administration",
        categories: &[
            cat('1', "律师执业机构", "law firm"),
            cat('2', "公证处", "notary office"),
            cat('3', "基层法律服务所", "grassroots legal service office"),
            cat('4', "司法鉴定机构", "forensic appraisal institution"),
            cat('5', "仲裁委员会", "arbitration commission"),
            OTHER,
        ],
    },
    Department {
        code: '4',
        name_zh: "文化",
        name_en: "culture",
        categories: &[cat('1', "外国在华文化中心", "foreign cultural centre in China"), OTHER],
    },
    Department {
        code: '5',
        name_zh: "民政",
        name_en: "civil affairs",
        categories: &[
            cat('1', "社会团体", "social organization"),
            cat('2', "民办非企业单位", "private non-enterprise unit"),
            cat('3', "基金会", "foundation"),
            OTHER,
        ],
    },
    Department {
        code: '6',
        name_zh: "旅游",
        name_en: "tourism",
        categories: &[
            cat('1', "外国旅游部门常驻代表机构", "resident office of a foreign tourism authority"),
            cat(
                '2',
                "港澳台地区旅游部门常驻内地代表机构",
                "mainland office of a Hong Kong, Macao or Taiwan tourism authority",
            ),
            OTHER,
        ],
    },
    Department {
        code: '7',
        name_zh: "宗教",
        name_en: "religious affairs",
        categories: &[
            cat('1', "宗教活动场所", "place of religious activity"),
            cat('2', "宗教院校", "religious college"),
            OTHER,
        ],
    },
    Department {
        code: '8',
        name_zh: "工会",
        name_en: "trade unions",
        categories: &[cat('1', "基层工会", "grassroots trade union"), OTHER],
    },
    Department {
        code: '9',
        name_zh: "工商（市场监管）",
        name_en: "industry and commerce (market regulation)",
        categories: &[
            cat('1', "企业", "enterprise"),
            cat('2', "个体工商户", "individual business"),
            cat('3', "农民专业合作社", "farmers' cooperative"),
        ],
    },
    Department {
        code: 'A',
        name_zh: "中央军委改革和编制办公室",
        name_en: "Central Military Commission reform and establishment office",
        categories: &[cat('1', "军队事业单位", "military public institution"), OTHER],
    },
    Department {
        code: 'N',
        name_zh: "农业",
        name_en: "agriculture",
        categories: &[
            cat('1', "组级集体经济组织", "group-level collective economic organization"),
            cat('2', "村级集体经济组织", "village-level collective economic organization"),
            cat('3', "乡镇级集体经济组织", "township-level collective economic organization"),
            OTHER,
        ],
    },
    Department { code: 'Y', name_zh: "其他", name_en: "other", categories: &[cat('1', "其他", "other")] },
];

/// The department of a position-1 character.
#[must_use]
pub fn department(code: char) -> Option<&'static Department> {
    DEPARTMENTS.iter().find(|d| d.code == code)
}

impl Department {
    /// The category of a position-2 character, if valid for this department.
    #[must_use]
    pub fn category(&self, code: char) -> Option<&'static Category> {
        self.categories.iter().find(|c| c.code == code)
    }
}

/// Two-digit prefixes of the mainland provinces (docs/rules.md, "Province prefix").
pub(crate) const MAINLAND_PREFIXES: [u8; 31] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65,
];

/// Prefixes of Taiwan, Hong Kong and Macao: in GB/T 2260, but no mainland
/// registration authority has them.
pub(crate) const NON_MAINLAND_PREFIXES: [u8; 3] = [71, 81, 82];

/// The level of a division code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// `100000`: registration at national level.
    National,
    /// `XX0000`.
    Province,
    /// `XXXX00`.
    Prefecture,
    /// Any other code.
    County,
}

impl Level {
    /// The level of a six-digit code.
    #[must_use]
    pub fn of(code: u32) -> Level {
        if code == 100_000 {
            Level::National
        } else if code.is_multiple_of(10_000) {
            Level::Province
        } else if code.is_multiple_of(100) {
            Level::Prefecture
        } else {
            Level::County
        }
    }

    /// Stable snake_case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }
}

/// One name a division code has carried, with its years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First year of this name, when known.
    pub from: Option<u16>,
    /// Last year of this name; `None` while current.
    pub to: Option<u16>,
    /// The name (`None` in builds without the `division-names` feature).
    pub name: Option<&'static str>,
}

/// A division code of GB/T 2260 with its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division {
    /// The six-digit code.
    pub code: u32,
    index: usize,
}

impl Division {
    /// Looks a six-digit code up in the table (`100000` included).
    #[must_use]
    pub fn lookup(code: u32) -> Option<Division> {
        if code == 100_000 {
            return Some(Division { code, index: usize::MAX });
        }
        let slots = &*INDEX;
        let mut s = index_slot(code);
        loop {
            let i = usize::from(slots[s]).checked_sub(1)?;
            if divisions::CODES[i] == code {
                return Some(Division { code, index: i });
            }
            s = (s + 1) & (INDEX_SLOTS - 1);
        }
    }

    /// Every name the code has carried, oldest first.
    pub fn periods(&self) -> impl Iterator<Item = Period> + '_ {
        let range = if self.index == usize::MAX {
            0..0
        } else {
            divisions::PERIOD_INDEX[self.index] as usize..divisions::PERIOD_INDEX[self.index + 1] as usize
        };
        range.map(|i| {
            let (from, to, offset, len) = divisions::PERIODS[i];
            Period {
                from: (from != 0).then_some(from),
                to: (to != 0).then_some(to),
                name: name_at(offset as usize, len as usize),
            }
        })
    }

    /// The latest name.
    #[must_use]
    pub fn name(&self) -> Option<&'static str> {
        if self.index == usize::MAX {
            return Some("国家级");
        }
        self.periods().last().and_then(|p| p.name)
    }

    /// First year the code was in use, when known.
    #[must_use]
    pub fn first_year(&self) -> Option<u16> {
        self.periods().next().and_then(|p| p.from)
    }

    /// Last year the code was in use; `None` while it is current.
    #[must_use]
    pub fn last_year(&self) -> Option<u16> {
        self.periods().last().and_then(|p| p.to)
    }

    /// Whether the code is no longer in the current list. A retired code stays
    /// valid in credit codes issued with it.
    #[must_use]
    pub fn is_retired(&self) -> bool {
        self.last_year().is_some()
    }

    /// The level of the code.
    #[must_use]
    pub fn level(&self) -> Level {
        Level::of(self.code)
    }

    /// The province-level name of the code's two-digit prefix.
    #[must_use]
    pub fn province(&self) -> Option<&'static str> {
        province_name((self.code / 10_000) as u8)
    }

    /// Every division code in the table, for generators and tests.
    pub fn all() -> impl Iterator<Item = Division> {
        divisions::CODES.iter().enumerate().map(|(index, &code)| Division { code, index })
    }
}

/// The province-level name of a two-digit prefix.
#[must_use]
pub fn province_name(prefix: u8) -> Option<&'static str> {
    divisions::PROVINCES.iter().find(|p| p.0 == prefix).map(|p| p.1)
}

/// Where the division table comes from.
pub const DIVISION_SOURCE: &str = divisions::SOURCE;

#[cfg(feature = "division-names")]
fn name_at(offset: usize, len: usize) -> Option<&'static str> {
    divisions::NAMES.get(offset..offset + len)
}

#[cfg(not(feature = "division-names"))]
fn name_at(_offset: usize, _len: usize) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_exactly_the_table() {
        for code in 0..1_000_000 {
            let by_search = divisions::CODES.binary_search(&code).ok();
            let by_index = Division::lookup(code).filter(|_| code != 100_000).map(|d| d.index);
            assert_eq!(by_index, by_search, "{code}");
        }
        assert_eq!(Division::lookup(100_000).map(|d| d.code), Some(100_000));
        assert!(Division::lookup(u32::MAX).is_none());
    }

    #[test]
    fn thirty_six_pairs() {
        let pairs: usize = DEPARTMENTS.iter().map(|d| d.categories.len()).sum();
        assert_eq!(pairs, 36);
    }

    #[test]
    fn history_is_kept() {
        let chongming = Division::lookup(310_230).expect("310230 is in the table");
        assert_eq!(chongming.last_year(), Some(2016));
        assert!(chongming.is_retired());
        #[cfg(feature = "division-names")]
        assert_eq!(chongming.name(), Some("崇明县"));
        let shenzhen = Division::lookup(440_300).expect("440300 is in the table");
        assert!(!shenzhen.is_retired());
        assert_eq!(shenzhen.level(), Level::Prefecture);
        assert!(Division::lookup(320_594).is_none());
    }
}
