//! Where lines go: results to stdout, notices and errors to stderr. Colors
//! only on a terminal, and never with `NO_COLOR` (`anstream` decides).

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::error::{self, CliError};

const NOTICE: Style = Style::new().dimmed();
const ERROR: Style = AnsiColor::Red.on_default().bold();

/// Standard output, one line at a time (flushed at each line, so a script
/// reading `papo tail` sees each event at once).
pub struct Output(anstream::Stdout);

impl Output {
    pub fn new() -> Self {
        Self(anstream::stdout())
    }

    pub fn line(&mut self, text: &str) -> Result<(), CliError> {
        error::output(writeln!(self.0, "{text}").and_then(|()| self.0.flush()))
    }

    /// `value` as one line of JSON.
    pub fn json(&mut self, value: &impl serde::Serialize) -> Result<(), CliError> {
        let line = serde_json::to_string(value).expect("papo's types always serialize");
        self.line(&line)
    }
}

/// A remark for the person at the terminal, on stderr: what papo is doing
/// (reconnecting, following), never data.
pub fn notice(text: &str) {
    let _ = writeln!(anstream::stderr(), "{NOTICE}papo: {text}{NOTICE:#}");
}

/// The error that ends the command.
pub fn error(error: &CliError) {
    let _ = writeln!(anstream::stderr(), "papo: {ERROR}error:{ERROR:#} {error}");
}
