//! The file edges of uscc, shared by the command-line tool, the Python
//! package and the browser: reading department files (CSV or TSV in UTF-8,
//! GBK/GB18030 or UTF-16; XLSX streamed) with errors that say file, row and
//! column, and writing what comes out (the correction sheet, the HTML
//! report, JSON, normalized files) safely: never over an input, never half
//! a file, never a cell that starts a formula.
//!
//! The stages: [`table`] opens a file ([`decode`], [`rows`], [`workbook`]),
//! [`columns`] finds its columns, [`ingest`] reads it into the analyzer,
//! [`job`] runs a whole check (files in, outputs out) as the command and
//! the browser workbench run it;
//! [`sheet`], [`report`] and [`json`] write the results through [`files`]
//! and [`cells`].

pub mod cells;
pub mod columns;
pub mod dates;
pub mod decode;
pub mod error;
pub mod files;
pub mod generate;
#[cfg(feature = "history")]
pub mod history;
pub mod ingest;
pub mod job;
pub mod json;
pub mod normalize;
pub mod publicity;
pub mod report;
pub mod rows;
pub mod sheet;
pub mod table;
pub mod workbook;
mod xlsx;
mod xml;

pub use columns::{ColumnSpecs, Columns};
pub use decode::TextEncoding;
pub use error::{InputError, OutputError};
pub use table::{ReadOptions, Table};
