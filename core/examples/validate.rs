//! Validates one value per line of a file (or of standard input) and prints
//! each verdict with its findings.
//!
//! ```text
//! cargo run -p uscc --example validate -- testdata/sample-codes.txt
//! ```

use std::io::{BufRead, BufReader};

fn main() -> std::io::Result<()> {
    let input: Box<dyn BufRead> = match std::env::args().nth(1) {
        Some(path) => Box::new(BufReader::new(std::fs::File::open(path)?)),
        None => Box::new(BufReader::new(std::io::stdin())),
    };
    for line in input.lines() {
        let line = line?;
        let report = uscc::check(&line);
        let findings: Vec<String> = report.findings.iter().map(|f| format!("{}: {}", f.code, f.message_zh())).collect();
        println!("{:<22} {:<20} {}", report.redacted_value(), report.verdict.as_str(), findings.join("; "));
        if report.verdict == uscc::Verdict::Invalid
            && let Some(best) = uscc::suggest(&line).certain()
        {
            println!("{:<22} {:<20} 您是否要输入 {}", "", "suggestion", best.code);
        }
    }
    Ok(())
}
