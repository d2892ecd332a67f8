//! Errors of the file edges: what went wrong and where (file, row, column),
//! in messages of bounded size.

use std::path::{Path, PathBuf};

/// The most characters of text from a file that a message quotes (a header,
/// a cell): a 100,000-column header must not make a message of a megabyte.
pub const QUOTE_CHARS: usize = 60;

/// The most characters a message holds.
pub const MESSAGE_CHARS: usize = 600;

/// A problem with an input file: what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}{}: {message}", file.display(), row.map_or_else(String::new, |r| format!(", row {r}")), column.map_or_else(String::new, |c| format!(", column {c}")))]
pub struct InputError {
    /// The file.
    pub file: PathBuf,
    /// The 1-based row as a spreadsheet program shows it (the header is
    /// row 1), when known.
    pub row: Option<u64>,
    /// The 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    /// An error about `file`; the message is cut to [`MESSAGE_CHARS`].
    pub fn new(file: &Path, message: impl Into<String>) -> InputError {
        let message = clip(&message.into(), MESSAGE_CHARS);
        InputError { file: file.to_owned(), row: None, column: None, message: masked(message) }
    }

    /// The same error at a row and column.
    #[must_use]
    pub fn at(mut self, row: Option<u64>, column: Option<usize>) -> InputError {
        self.row = row;
        self.column = column;
        self
    }
}

/// A problem writing an output file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct OutputError {
    /// The file.
    pub file: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl OutputError {
    /// An error about `file`.
    pub fn new(file: &Path, message: impl std::fmt::Display) -> OutputError {
        OutputError { file: file.to_owned(), message: masked(clip(&message.to_string(), MESSAGE_CHARS)) }
    }
}

/// A message with anything shaped like a resident identity number masked
/// (a headerless file's first row may hold one).
fn masked(message: String) -> String {
    match uscc::redact_personal_text(&message) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(m) => m,
    }
}

/// At most `chars` characters of `text`, with `…` where it was cut.
#[must_use]
pub fn clip(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// A list of a file's texts (headers) for a message: each quoted text cut to
/// [`QUOTE_CHARS`], at most 20 of them.
#[must_use]
pub fn quote_list(items: &[String]) -> String {
    const MOST: usize = 20;
    let mut out: Vec<String> = items.iter().take(MOST).map(|h| format!("{:?}", clip(h, QUOTE_CHARS))).collect();
    if items.len() > MOST {
        out.push(format!("… ({} in all)", items.len()));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_a_bounded_size() {
        let e = InputError::new(Path::new("a.csv"), "x".repeat(1_000_000));
        assert!(e.to_string().chars().count() < MESSAGE_CHARS + 20);
        let headers: Vec<String> = (0..100_000).map(|i| format!("列{i}")).collect();
        let list = quote_list(&headers);
        assert!(list.len() < 600, "{list}");
        assert!(list.ends_with("(100000 in all)"), "{list}");
        assert_eq!(clip("统一社会信用代码", 4), "统一社会…");
        let e = InputError::new(Path::new("a.csv"), "the headers are: \"11010519491231002X\", \"甲\"");
        assert!(e.message.contains("110105********002X"), "{e}");
    }
}
