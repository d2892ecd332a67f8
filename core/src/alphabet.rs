//! The 31-character alphabet and the two check computations.
//!
//! GB 32100 uses the characters `0123456789ABCDEFGHJKLMNPQRTUWXY` with the
//! values 0..=30 in that order. The organization code in positions 9–17
//! (GB 11714) instead gives letters their place in the full Latin alphabet
//! (`A` = 10 … `Z` = 35). The two value tables below are the only place where
//! either mapping is written down.

/// The characters a code may contain, in value order.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 for the check character: `3^(i-1) mod 31`.
pub const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Weights of the 8 body characters of a GB 11714 organization code.
pub const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Marks a byte outside a value table.
pub(crate) const NONE: u8 = 0xFF;

/// GB 32100 value of each byte, or [`NONE`].
pub(crate) static VALUE: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut i = 0;
    while i < 31 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// GB 11714 value of each byte (`0`–`9`, `A`–`Z` = 10–35), or [`NONE`].
pub(crate) static LATIN: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Organization-code check character by `sum mod 11`.
pub(crate) static ORG_CHECK: [u8; 11] = {
    let mut t = [0u8; 11];
    let mut r = 0;
    while r < 11 {
        let c = 11 - r;
        t[r] = match c {
            11 => b'0',
            10 => b'X',
            d => b'0' + d as u8,
        };
        r += 1;
    }
    t
};

/// The GB 32100 value (0..=30) of a character, if it is in the alphabet.
#[must_use]
pub fn value(c: char) -> Option<u8> {
    u8::try_from(c).ok().map(|b| VALUE[b as usize]).filter(|&v| v != NONE)
}

/// The character of a GB 32100 value (0..=30).
#[must_use]
pub fn char_of(value: u8) -> Option<char> {
    ALPHABET.get(value as usize).map(|&b| b as char)
}

/// Weighted sum mod 31 turned into the check value, over bytes already known
/// to be in the alphabet.
#[inline]
pub(crate) fn check_value(prefix: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &b) in prefix.iter().enumerate().take(17) {
        sum += u32::from(VALUE[b as usize]) * WEIGHTS[i];
    }
    ((31 - sum % 31) % 31) as u8
}

/// Organization-code check byte over 8 body bytes already known to be
/// letters or digits.
#[inline]
pub(crate) fn org_check_byte(body: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &b) in body.iter().enumerate().take(8) {
        sum += u32::from(LATIN[b as usize]) * ORG_WEIGHTS[i];
    }
    ORG_CHECK[(sum % 11) as usize]
}

/// Why a check character could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The input has the wrong number of characters.
    #[error("expected {expected} characters, found {found}")]
    Length {
        /// How many characters the computation takes.
        expected: usize,
        /// How many it was given.
        found: usize,
    },
    /// A character is outside the alphabet the computation takes.
    #[error("character {found:?} at position {position} is not allowed here")]
    Character {
        /// 1-based position.
        position: usize,
        /// The character found there.
        found: char,
    },
}

fn checked_bytes<const N: usize>(s: &str, table: &[u8; 256]) -> Result<[u8; N], CheckError> {
    let n = s.chars().count();
    if n != N {
        return Err(CheckError::Length { expected: N, found: n });
    }
    let mut out = [0u8; N];
    for (i, c) in s.chars().enumerate() {
        match u8::try_from(c) {
            Ok(b) if table[b as usize] != NONE && VALUE[b as usize] != NONE => out[i] = b,
            _ => return Err(CheckError::Character { position: i + 1, found: c }),
        }
    }
    Ok(out)
}

/// The GB 32100 check character (position 18) of a 17-character prefix.
///
/// ```
/// assert_eq!(uscc::check_char("91350100M000100Y4"), Ok('3'));
/// ```
pub fn check_char(prefix: &str) -> Result<char, CheckError> {
    let b: [u8; 17] = checked_bytes(prefix, &VALUE)?;
    Ok(ALPHABET[check_value(&b) as usize] as char)
}

/// The GB 11714 check character (position 9 of an organization code) of an
/// 8-character body.
///
/// ```
/// assert_eq!(uscc::org_check_char("D2143569"), Ok('X'));
/// ```
pub fn org_check_char(body: &str) -> Result<char, CheckError> {
    let b: [u8; 8] = checked_bytes(body, &LATIN)?;
    Ok(org_check_byte(&b) as char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three() {
        let mut w = 1u32;
        for &x in &WEIGHTS {
            assert_eq!(x, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn letters_differ_between_the_two_checks() {
        assert_eq!(VALUE[b'M' as usize], 21);
        assert_eq!(LATIN[b'M' as usize], 22);
    }

    #[test]
    fn worked_examples() {
        assert_eq!(check_char("91350100M000100Y4"), Ok('3'));
        assert_eq!(org_check_char("D2143569"), Ok('X'));
        assert_eq!(check_char("91350100M000100Y"), Err(CheckError::Length { expected: 17, found: 16 }));
        assert_eq!(check_char("91350100M000100O4"), Err(CheckError::Character { position: 16, found: 'O' }));
    }
}
