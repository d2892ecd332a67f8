//! Everything the tool prints: text made safe for a terminal (no control
//! character or bidirectional override from the data reaches it raw), a
//! closed pipe that ends the printing quietly (`uscc check --json | head`),
//! and any other write error reported as an error.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a character must not reach a terminal raw: C0 and C1 controls
/// (escape sequences, OSC title and clipboard writes, a bare carriage
/// return), DEL, and the characters that reorder text (bidi overrides,
/// isolates and marks).
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: each unsafe character written out as `\u{…}`.
#[must_use]
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| if unsafe_char(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
        .collect::<String>()
        .into()
}

/// JSON text for a terminal: each unsafe character inside a string written
/// as a JSON escape (`\u202e`), which keeps the value. Outside strings JSON
/// has none; serde already escapes C0 controls.
#[must_use]
pub fn safe_json(json: &str) -> Cow<'_, str> {
    use std::fmt::Write;
    if !json.chars().any(|c| unsafe_char(c) && c != '\n') {
        return json.into();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_char(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Standard output: once the reader has gone (a closed pipe), nothing more
/// is printed and the run goes on (its files are still written).
#[derive(Default)]
pub struct Out {
    closed: bool,
}

impl Out {
    /// Prints text, made safe.
    pub fn text(&mut self, text: &str) -> Result<(), String> {
        self.raw(safe(text).as_bytes())
    }

    /// Prints JSON, made safe.
    pub fn json(&mut self, json: &str) -> Result<(), String> {
        self.raw(safe_json(json).as_bytes())
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<(), String> {
        if self.closed {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        match out.write_all(bytes).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(format!("cannot write to standard output: {e}")),
        }
    }
}

/// Prints an error on standard error, made safe; a failure to print is
/// ignored (there is nowhere left to say it).
pub fn error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "uscc: error: {}", safe(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_never_reach_the_terminal() {
        let evil = "甲\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{202e}cod.exe\u{85}";
        let s = safe(evil);
        assert!(!s.chars().any(unsafe_char), "{s}");
        assert!(s.contains("\\u{1b}") && s.contains("\\u{202e}"), "{s}");
        assert_eq!(safe("统一\t社会\n"), "统一\t社会\n");
        let json = serde_json::to_string(&serde_json::json!({"g": evil})).unwrap();
        let j = safe_json(&json);
        assert!(!j.chars().any(unsafe_char), "{j}");
        let back: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(back["g"], evil, "the value is kept");
    }
}

/// Standard output as a byte sink for data (CSV): buffered; a closed pipe
/// ends the writing quietly, any other error is kept for
/// [`StdoutSink::result`].
#[derive(Default)]
pub struct StdoutSink {
    buf: Vec<u8>,
    closed: bool,
    error: Option<String>,
}

impl StdoutSink {
    fn drain(&mut self, all: bool) -> io::Result<()> {
        if self.closed || self.error.is_some() {
            self.buf.clear();
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let r = if io::IsTerminal::is_terminal(&out) {
            // Whole lines, made safe (a character is never cut).
            let end = if all { self.buf.len() } else { memchr_last_newline(&self.buf) };
            let text = String::from_utf8_lossy(&self.buf[..end]).into_owned();
            let r = out.write_all(safe(&text).as_bytes()).and_then(|()| out.flush());
            self.buf.drain(..end);
            r
        } else {
            let r = out.write_all(&self.buf).and_then(|()| out.flush());
            self.buf.clear();
            r
        };
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => {
                self.error = Some(format!("cannot write to standard output: {e}"));
                Err(e)
            }
            Ok(()) => Ok(()),
        }
    }

    /// Everything written, or the write error.
    pub fn result(mut self) -> Result<(), String> {
        let _ = self.drain(true);
        self.error.take().map_or(Ok(()), Err)
    }
}

impl Write for StdoutSink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= 1 << 16 {
            self.drain(false)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain(false)
    }
}

/// Where the last line of `bytes` ends (after its `\n`), or 0.
fn memchr_last_newline(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}
