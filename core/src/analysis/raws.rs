//! The raw forms the correction sheet shows: a value or a name exactly as
//! the first row of its line wrote it, where that row's needed cleaning or
//! normalizing. A file whose names are written with full-width brackets
//! has a line of them for every row or so: their texts lie one after
//! another in blocks (no allocation a row), each line's place in a table.

use super::hash::FastMap;
use super::store::TextArena;

/// A line of the correction sheet: a code (its local id in its shard), a
/// name and a group.
pub(super) type Line = (u32, u32, u32);

/// Per line, the raw form of its lowest row.
#[derive(Debug, Clone, Default)]
pub(super) struct RawForms {
    /// The row the form is from, and where its text starts and ends.
    at: FastMap<Line, (u64, usize, usize)>,
    text: TextArena,
}

impl RawForms {
    /// Keeps `raw` as the line's form unless a lower row's is kept.
    pub(super) fn keep_lowest(&mut self, line: Line, row: u64, raw: &str) {
        if self.at.get(&line).is_some_and(|&(kept, ..)| kept <= row) {
            return;
        }
        let end = self.text.push(raw);
        self.at.insert(line, (row, end - raw.len(), end));
    }

    /// The line's raw form, when it is that of `row` (the line's first row).
    pub(super) fn of(&self, line: Line, row: u64) -> Option<&str> {
        let &(kept, start, end) = self.at.get(&line)?;
        if kept == row { self.text.get(start, end) } else { None }
    }
}

#[cfg(test)]
mod tests {
    use super::RawForms;

    #[test]
    fn the_lowest_rows_form_is_kept() {
        let mut raws = RawForms::default();
        raws.keep_lowest((1, 2, 3), 10, "９１ab");
        raws.keep_lowest((1, 2, 3), 12, "later");
        raws.keep_lowest((1, 2, 4), 11, "");
        assert_eq!(raws.of((1, 2, 3), 10), Some("９１ab"));
        assert_eq!(raws.of((1, 2, 3), 12), None, "not the line's first row");
        raws.keep_lowest((1, 2, 3), 7, "earlier");
        assert_eq!(raws.of((1, 2, 3), 7), Some("earlier"));
        assert_eq!(raws.of((1, 2, 4), 11), Some(""));
        assert_eq!(raws.of((9, 9, 9), 11), None);
        // Many forms cross the text's blocks.
        for i in 0..20_000u32 {
            raws.keep_lowest((i, 0, 0), 1, &format!("名称{i}"));
        }
        assert!((0..20_000u32).all(|i| raws.of((i, 0, 0), 1) == Some(&*format!("名称{i}"))));
    }
}
