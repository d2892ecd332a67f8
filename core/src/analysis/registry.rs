//! A trusted list of (code, name) pairs for the cross-check.

use super::hash::FastMap;
use super::names::normalize_name;

/// A trusted list of (code, name) pairs, such as an export of the enterprise
/// registry.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    by_code: FastMap<String, String>,
    by_name: FastMap<String, Vec<String>>,
}

impl Registry {
    /// A registry from (code, name) pairs; codes and names are normalized.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Registry {
        let mut r = Registry::default();
        for (code, name) in pairs {
            let code = crate::normalize::normalize(code).value;
            let Some(name) = normalize_name(name) else { continue };
            r.by_name.entry(name.clone()).or_default().push(code.clone());
            // A code listed under several names keeps the first in sort
            // order, whatever the order of the pairs.
            match r.by_code.get_mut(&code) {
                Some(known) if *known <= name => {}
                Some(known) => *known = name,
                None => {
                    r.by_code.insert(code, name);
                }
            }
        }
        for codes in r.by_name.values_mut() {
            codes.sort();
            codes.dedup();
        }
        r
    }

    /// The registry's normalized name for a normalized code.
    #[must_use]
    pub fn name_of(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(String::as_str)
    }

    /// The registry's codes for a normalized name.
    #[must_use]
    pub fn codes_of(&self, name: &str) -> &[String] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Number of codes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether the registry is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }
}
