//! A slow, obvious reference implementation of the validity rules, written
//! straight from the standards (docs/rules.md) with no tables shared with the library. Used
//! by the property tests and the fuzz targets as an oracle.

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const PAIRS: [(char, &str); 12] = [
    ('1', "1239"),
    ('2', "19"),
    ('3', "123459"),
    ('4', "19"),
    ('5', "1239"),
    ('6', "129"),
    ('7', "129"),
    ('8', "19"),
    ('9', "123"),
    ('A', "19"),
    ('N', "1239"),
    ('Y', "1"),
];

const PROVINCES: [&str; 31] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];

fn outer_value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

fn latin_value(c: char) -> Option<u32> {
    c.to_digit(36).filter(|_| !c.is_ascii_lowercase())
}

/// Whether a string passes every validity rule of GB 32100 as the spec
/// states them.
pub fn is_valid(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    if chars.iter().any(|&c| outer_value(c).is_none()) {
        return false;
    }
    if chars.iter().all(|&c| c == chars[0]) {
        return false;
    }
    let Some((_, cats)) = PAIRS.iter().find(|(d, _)| *d == chars[0]) else {
        return false;
    };
    if !cats.contains(chars[1]) {
        return false;
    }
    let division: String = chars[2..8].iter().collect();
    if !division.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if division != "100000" && !PROVINCES.contains(&&division[..2]) {
        return false;
    }
    let weights = [3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for i in 0..8 {
        sum += latin_value(chars[8 + i]).unwrap() * weights[i];
    }
    let inner = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap(),
    };
    if chars[16] != inner {
        return false;
    }
    let mut sum = 0;
    let mut weight = 1;
    for &c in &chars[..17] {
        sum += outer_value(c).unwrap() * weight;
        weight = weight * 3 % 31;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize) == Some(chars[17])
}
