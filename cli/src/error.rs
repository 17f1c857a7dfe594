//! The one error of the command line, and the exit code of each kind.

use std::io;

/// How `papo` exits (also in `papo --help` and the README).
pub mod exit {
    /// The server refused the request (its message is shown), or something
    /// else went wrong.
    pub const FAILED: u8 = 1;
    /// The command line or the input was wrong (clap uses 2 as well).
    pub const USAGE: u8 = 2;
    /// The server could not be reached.
    pub const UNREACHABLE: u8 = 3;
    /// No login, or the server refused the token: log in again.
    pub const NOT_LOGGED_IN: u8 = 4;
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The server answered with an error; `message` is its own wording.
    #[error("{context}: {message}")]
    Refused {
        context: String,
        status: u16,
        code: String,
        message: String,
    },
    /// There is no login to use, or the server refused its token.
    #[error("{0}")]
    NotLoggedIn(String),
    /// Nothing answered at the server's address (refused, unknown host,
    /// timed out, TLS failure).
    #[error("cannot reach {server}: {reason}")]
    Unreachable { server: String, reason: String },
    /// Bad input, caught before anything was sent.
    #[error("{0}")]
    Usage(String),
    /// Reading stdin, or reading or writing the login file.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
    /// The server answered something this client does not understand.
    #[error("{0}")]
    Protocol(String),
    /// Whoever read our output went away (`papo tail | head`): not an
    /// error, `papo` just stops.
    #[error("the output was closed")]
    OutputClosed,
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Refused { .. }
            | CliError::Io { .. }
            | CliError::Protocol(_)
            | CliError::OutputClosed => exit::FAILED,
            CliError::Usage(_) => exit::USAGE,
            CliError::Unreachable { .. } => exit::UNREACHABLE,
            CliError::NotLoggedIn(_) => exit::NOT_LOGGED_IN,
        }
    }

    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        CliError::Io {
            context: context.into(),
            source,
        }
    }

    /// A failure worth trying again after a while: the server is away or
    /// overloaded, rather than refusing this request.
    pub fn is_transient(&self) -> bool {
        match self {
            CliError::Unreachable { .. } | CliError::Protocol(_) => true,
            CliError::Refused { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

/// Writing a line of output; a closed pipe ends the command quietly.
pub fn output(result: io::Result<()>) -> Result<(), CliError> {
    result.map_err(|e| match e.kind() {
        io::ErrorKind::BrokenPipe => CliError::OutputClosed,
        _ => CliError::io("writing the output", e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(status: u16) -> CliError {
        CliError::Refused {
            context: "sending".into(),
            status,
            code: "x".into(),
            message: "no".into(),
        }
    }

    #[test]
    fn each_kind_has_its_exit_code() {
        assert_eq!(refused(404).exit_code(), 1);
        assert_eq!(CliError::Usage("x".into()).exit_code(), 2);
        let away = CliError::Unreachable {
            server: "http://x".into(),
            reason: "refused".into(),
        };
        assert_eq!(away.exit_code(), 3);
        assert_eq!(CliError::NotLoggedIn("x".into()).exit_code(), 4);
    }

    #[test]
    fn only_an_absent_or_overloaded_server_is_worth_retrying() {
        assert!(refused(503).is_transient());
        assert!(refused(429).is_transient());
        assert!(!refused(404).is_transient());
        assert!(!CliError::NotLoggedIn("x".into()).is_transient());
    }

    #[test]
    fn shows_the_servers_message_in_context() {
        assert_eq!(refused(404).to_string(), "sending: no");
    }
}
