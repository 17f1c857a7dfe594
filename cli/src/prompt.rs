//! Asking the person for what the command line did not say: on the
//! terminal when there is one, else from standard input.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::error::CliError;

/// The password: `PAPO_PASSWORD`, else typed on the terminal without echo,
/// else the first line of standard input (`papo login < secret`).
pub fn password(prompt: &str) -> Result<String, CliError> {
    if let Ok(password) = std::env::var("PAPO_PASSWORD") {
        return Ok(password);
    }
    if io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| CliError::io("reading the password", e));
    }
    first_line_of_stdin("the password")
}

/// A line typed at the terminal after `prompt`; with no terminal, the
/// caller should have been told: `missing` says what to pass instead.
pub fn line(prompt: &str, missing: &str) -> Result<String, CliError> {
    if !io::stdin().is_terminal() {
        return Err(CliError::Usage(missing.to_owned()));
    }
    let mut stderr = io::stderr();
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
    first_line_of_stdin(prompt.trim_end_matches([':', ' ']))
}

fn first_line_of_stdin(what: &str) -> Result<String, CliError> {
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::io(format!("reading {what}"), e))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// Everything on standard input (a message piped in).
pub fn all_of_stdin(what: &str) -> Result<String, CliError> {
    if io::stdin().is_terminal() {
        crate::output::notice("type the message, then Ctrl-D on a line of its own");
    }
    io::read_to_string(io::stdin()).map_err(|e| CliError::io(format!("reading {what}"), e))
}
