//! The command line, parsed by clap into papo's own types: a channel
//! argument is a `ChannelName` from here on, a limit a `PageLimit`.

use clap::{Args, Parser, Subcommand};
use domain::{ChannelName, MessageId, Nickname, PageLimit};

use crate::server_url::ServerUrl;

const AFTER_HELP: &str = "\
Environment:
  PAPO_SERVER    the server, instead of the one you logged in to (like --server)
  PAPO_TOKEN     a token to use instead of the saved login (for scripts and CI)
  PAPO_PASSWORD  the password for `papo login`, instead of asking for it
  NO_COLOR       no colors (there are none either when the output is not a terminal)

Exit codes:
  0  done
  1  the server refused the request (its message is shown), or another failure
  2  wrong usage or input
  3  the server could not be reached
  4  not logged in, or the server refused the token";

/// papo from a terminal or a script: send messages, follow channels live,
/// read history.
#[derive(Debug, Parser)]
#[command(name = "papo", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// The papo server, e.g. https://chat.example.com [default: the one
    /// you logged in to]
    #[arg(
        long,
        global = true,
        env = "PAPO_SERVER",
        value_name = "URL",
        value_parser = ServerUrl::parse
    )]
    pub server: Option<ServerUrl>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Login(LoginArgs),
    Logout(LogoutArgs),
    Send(SendArgs),
    Tail(TailArgs),
    Channels(ChannelsArgs),
    History(HistoryArgs),
    Whoami(WhoamiArgs),
}

/// Signs in and saves a personal API token for the other commands.
///
/// The token is saved in papo/login.toml in your config directory
/// (~/.config on Linux), readable only by you. The password is read from
/// PAPO_PASSWORD, else asked for on the terminal, else read from the first
/// line of standard input.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  papo login --server https://chat.example.com --name ana\n  \
    PAPO_PASSWORD=... papo login --server http://127.0.0.1:3000 --name bot --register"
)]
pub struct LoginArgs {
    /// Your name on the server [default: asked for]
    #[arg(long, value_parser = Nickname::parse)]
    pub name: Option<Nickname>,
    /// Create the account first
    #[arg(long, conflicts_with = "guest")]
    pub register: bool,
    /// Join as a guest (no password; the name is yours while the session lasts)
    #[arg(long)]
    pub guest: bool,
}

/// Forgets the saved login and revokes its token on the server.
#[derive(Debug, Args)]
pub struct LogoutArgs {}

/// Sends a message to a channel.
///
/// The message is the words after the channel, or standard input when
/// there are none (or just `-`).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  papo send '#general' 'hello, everyone'\n  \
    make test 2>&1 | tail -n 5 | papo send ci")]
pub struct SendArgs {
    /// The channel: '#general' or general
    #[arg(value_parser = channel)]
    pub channel: ChannelName,
    /// The message (Markdown)
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub body: Vec<String>,
}

/// Follows a live feed, printing each event as it happens.
///
/// After a dropped connection or a server restart papo reconnects by
/// itself and picks up where it stopped: nothing is missed and nothing is
/// printed twice. Stop it with Ctrl-C.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  papo tail '#general'\n  \
    papo tail --json | jq -r 'select(.event == \"message\") | .data.body'")]
pub struct TailArgs {
    /// The channel to follow [default: every channel and DM you are in]
    #[arg(value_parser = channel)]
    pub channel: Option<ChannelName>,
    /// One JSON object per line: {"id", "event", "data"}, data as the
    /// server sends it
    #[arg(long)]
    pub json: bool,
}

/// Says whose token papo uses, and on which server.
///
/// Scripts can check PAPO_SERVER and PAPO_TOKEN with it before they start.
#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// One JSON object: {"server", "user": {"name"}, "registered"}
    #[arg(long)]
    pub json: bool,
}

/// Lists your channels and DMs, with what you have not read yet.
#[derive(Debug, Args)]
pub struct ChannelsArgs {
    /// Every public channel instead, joined or not
    #[arg(long)]
    pub all: bool,
    /// One JSON object per line, as the API answers
    #[arg(long)]
    pub json: bool,
}

/// Prints a channel's latest messages, oldest first.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  papo history '#general' --limit 50\n  \
    papo history general --before 1200 --json")]
pub struct HistoryArgs {
    /// The channel: '#general' or general
    #[arg(value_parser = channel)]
    pub channel: ChannelName,
    /// How many messages, 1 to 200
    #[arg(long, short = 'n', default_value = "50", value_parser = page_limit)]
    pub limit: PageLimit,
    /// Only messages older than this message id (to page back)
    #[arg(long, value_name = "ID")]
    pub before: Option<MessageId>,
    /// One message per line as JSON, as the API answers
    #[arg(long)]
    pub json: bool,
}

/// `#general` or `general`.
pub fn channel(raw: &str) -> Result<ChannelName, String> {
    let name = raw.strip_prefix('#').unwrap_or(raw);
    ChannelName::parse(name).map_err(|e| e.to_string())
}

fn page_limit(raw: &str) -> Result<PageLimit, String> {
    let number = raw.trim().parse().ok();
    PageLimit::parse(number)
        .ok()
        .filter(|_| number.is_some())
        .ok_or_else(|| format!("the limit is a number from 1 to {}", PageLimit::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn channels_come_with_or_without_their_hash() {
        assert_eq!(channel("#general").unwrap(), ChannelName::general());
        assert_eq!(channel("general").unwrap(), ChannelName::general());
        assert!(channel("#").is_err());
        assert!(channel("Not A Channel").is_err());
    }

    #[test]
    fn limits_are_pages_the_server_serves() {
        assert_eq!(page_limit("50").unwrap().get(), 50);
        for bad in ["0", "201", "many", ""] {
            assert!(page_limit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn send_takes_the_words_after_the_channel() {
        let cli =
            Cli::try_parse_from(["papo", "send", "#general", "hello", "-x", "world"]).unwrap();
        let Command::Send(send) = cli.command else {
            panic!("not send");
        };
        assert_eq!(send.body, ["hello", "-x", "world"]);
    }
}
