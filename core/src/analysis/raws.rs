//! The raw forms the correction sheet shows: a value or a name exactly as
//! the first row of its line wrote it, where that row's needed cleaning or
//! normalizing. A file whose names are written with full-width brackets
//! has such a line for every row or so: their texts lie one after another
//! in blocks (no allocation a row), and the forms of lines that began a
//! value, almost all of them, in the order the values were made (appended,
//! found by a binary search) rather than in a table.

use super::hash::FastMap;
use super::store::TextArena;

/// A line of the correction sheet: a code (its local id in its shard), a
/// name and a group.
pub(super) type Line = (u32, u32, u32);

/// A raw form: its line, the row it is from, where its text lies.
#[derive(Debug, Clone)]
struct Form {
    line: Line,
    row: u64,
    start: usize,
    end: usize,
}

/// Per line, the raw form of its first row.
#[derive(Debug, Clone, Default)]
pub(super) struct RawForms {
    /// The forms of lines that began their value, in the order of the
    /// values' local ids (each made after the last).
    began: Vec<Form>,
    /// The forms of other lines (a value's later line, a row before a
    /// line's first), the lowest row's kept.
    later: FastMap<Line, Form>,
    text: TextArena,
}

impl RawForms {
    /// Keeps `raw` as the form of `line` from `row`, now the line's first
    /// row; `new`: the line began its value, made after every value this
    /// shard has kept a form of.
    pub(super) fn keep(&mut self, line: Line, new: bool, row: u64, raw: &str) {
        if self.later.get(&line).is_some_and(|f| f.row <= row) {
            return;
        }
        let end = self.text.push(raw);
        let form = Form { line, row, start: end - raw.len(), end };
        if new && self.began.last().is_none_or(|last| last.line.0 < line.0) {
            self.began.push(form);
        } else {
            self.later.insert(line, form);
        }
    }

    /// The line's raw form, when it is that of `row` (the line's first row).
    pub(super) fn of(&self, line: Line, row: u64) -> Option<&str> {
        let began = || {
            let at = self.began.partition_point(|f| f.line.0 < line.0);
            self.began.get(at).filter(|f| f.line == line && f.row == row)
        };
        self.later.get(&line).filter(|f| f.row == row).or_else(began).and_then(|f| self.text.get(f.start, f.end))
    }
}

#[cfg(test)]
mod tests {
    use super::RawForms;

    #[test]
    fn the_first_rows_form_is_kept() {
        let mut raws = RawForms::default();
        raws.keep((1, 2, 3), true, 10, "９１ab");
        raws.keep((1, 2, 4), false, 11, "");
        raws.keep((3, 0, 0), true, 12, "三");
        assert_eq!(raws.of((1, 2, 3), 10), Some("９１ab"));
        assert_eq!(raws.of((1, 2, 3), 12), None, "not the line's first row");
        assert_eq!(raws.of((1, 2, 4), 11), Some(""));
        assert_eq!(raws.of((3, 0, 0), 12), Some("三"));
        assert_eq!(raws.of((2, 0, 0), 12), None);
        // A row before the line's first: its form is the line's now.
        raws.keep((1, 2, 3), false, 7, "earlier");
        assert_eq!(raws.of((1, 2, 3), 7), Some("earlier"));
        raws.keep((1, 2, 3), false, 8, "not lower");
        assert_eq!(raws.of((1, 2, 3), 7), Some("earlier"));
        // A value made out of order goes to the table.
        raws.keep((0, 0, 0), true, 1, "zero");
        assert_eq!(raws.of((0, 0, 0), 1), Some("zero"));
        // Many forms cross the text's blocks.
        for i in 10..20_000u32 {
            raws.keep((i, 0, 0), true, 1, &format!("名称{i}"));
        }
        assert!((10..20_000u32).all(|i| raws.of((i, 0, 0), 1) == Some(&*format!("名称{i}"))));
    }
}
