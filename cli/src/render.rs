//! How messages and events look in a terminal: one readable line each,
//! styled with ANSI codes (which `anstream` drops when the output is not a
//! terminal or `NO_COLOR` is set).

use anstyle::{AnsiColor, Style};
use chrono::{DateTime, Local, Utc};
use domain::{
    events::{ChatEvent, Membership, Notification},
    ChannelInfo, ChannelKind, ChannelListing, ChannelSummary, Message, Nickname,
};

const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();
const CHANNEL: Style = AnsiColor::Cyan.on_default();
const MENTION: Style = AnsiColor::Yellow.on_default().bold();

/// Author colors: a name keeps its color from one line to the next.
const AUTHOR_COLORS: [AnsiColor; 6] = [
    AnsiColor::Green,
    AnsiColor::Yellow,
    AnsiColor::Blue,
    AnsiColor::Magenta,
    AnsiColor::Cyan,
    AnsiColor::Red,
];

/// What the lines are printed for.
pub struct View {
    /// Name the channel on each line (when following several).
    pub show_channel: bool,
    /// The reader, to mark messages that mention them.
    pub me: Option<Nickname>,
}

impl View {
    /// A new message, or an edited or deleted one: `12:07 ana: hello`.
    pub fn message(&self, m: &Message) -> String {
        let time = format!("{DIM}{}{DIM:#} ", stamp(m.created_at));
        let channel = self.channel_prefix(m.channel.as_str());
        if m.deleted {
            return format!("{time}{channel}{DIM}{} deleted a message{DIM:#}", m.author);
        }
        let edited = if m.edited_at.is_some() {
            format!(" {DIM}(edited){DIM:#}")
        } else {
            String::new()
        };
        let prefix = format!("{time}{channel}{}{edited}: ", author(&m.author));
        let mut body = indent(&clean(&m.body), width(&prefix));
        if self.me.as_ref().is_some_and(|me| m.mentions(me)) {
            body = format!("{MENTION}{body}{MENTION:#}");
        }
        prefix + &body
    }

    /// A durable event as a line; `None` for what a reader need not see
    /// (their own read position moving).
    pub fn event(&self, event: &ChatEvent) -> Option<String> {
        Some(match event {
            ChatEvent::Message(m) | ChatEvent::MessageUpdated(m) => self.message(m),
            ChatEvent::MessageDeleted(r) => format!(
                "{}{DIM}message {} was deleted{DIM:#}",
                self.channel_prefix(r.channel.as_str()),
                r.id
            ),
            ChatEvent::ChannelCreated(info) => format!(
                "{DIM}{} created {}{}{DIM:#}",
                info.created_by.as_ref().map_or("papo", Nickname::as_str),
                self.title(info),
                topic(info)
            ),
            ChatEvent::MemberJoined(m) => self.membership(m, true),
            ChatEvent::MemberLeft(m) => self.membership(m, false),
            ChatEvent::Read(_) => return None,
            ChatEvent::Notification(n) => notification(n),
        })
    }

    /// `bob joined #dev`, or `ana added bob to #dev`.
    fn membership(&self, m: &Membership, joined: bool) -> String {
        let channel = format!("{CHANNEL}#{}{CHANNEL:#}", m.channel);
        let user = &m.user;
        match (&m.by, joined) {
            (None, true) => format!("{DIM}{user} joined{DIM:#} {channel}"),
            (None, false) => format!("{DIM}{user} left{DIM:#} {channel}"),
            (Some(by), true) => format!("{DIM}{by} added {user} to{DIM:#} {channel}"),
            (Some(by), false) => format!("{DIM}{by} removed {user} from{DIM:#} {channel}"),
        }
    }

    fn channel_prefix(&self, channel: &str) -> String {
        if self.show_channel {
            format!("{CHANNEL}#{channel}{CHANNEL:#} ")
        } else {
            String::new()
        }
    }

    /// `#dev`, or the people of a DM.
    fn title(&self, info: &ChannelInfo) -> String {
        let title = match &self.me {
            Some(me) => info.title_for(me),
            None if info.kind == ChannelKind::Direct => info
                .participants
                .iter()
                .map(Nickname::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            None => format!("#{}", info.name),
        };
        format!("{CHANNEL}{title}{CHANNEL:#}")
    }

    /// One of the reader's channels: `#general  3 unread, 1 mention`.
    pub fn summary(&self, s: &ChannelSummary) -> String {
        let mut line = self.title(&s.info);
        if s.info.kind == ChannelKind::Direct {
            line.push_str(&format!(" {DIM}({}){DIM:#}", s.info.name));
        }
        if s.unread > 0 {
            line.push_str(&format!("  {BOLD}{} unread{BOLD:#}", s.unread));
        }
        if s.mentions > 0 {
            let plural = if s.mentions == 1 { "" } else { "s" };
            line.push_str(&format!(
                ", {MENTION}{} mention{plural}{MENTION:#}",
                s.mentions
            ));
        }
        line + &topic(&s.info)
    }

    /// A public channel to browse: `#dev  4 members (joined)`.
    pub fn listing(&self, l: &ChannelListing) -> String {
        let plural = if l.members == 1 { "" } else { "s" };
        let joined = if l.joined { " (joined)" } else { "" };
        format!(
            "{}  {DIM}{} member{plural}{joined}{DIM:#}{}",
            self.title(&l.info),
            l.members,
            topic(&l.info)
        )
    }
}

/// `13:07 notification from deploy-bot: v2 is live`.
fn notification(n: &Notification) -> String {
    format!(
        "{DIM}{}{DIM:#} {MENTION}notification{MENTION:#} from {}: {}",
        stamp(n.sent_at),
        author(&n.from),
        clean(&n.text)
    )
}

fn topic(info: &ChannelInfo) -> String {
    match &info.topic {
        Some(topic) => format!(" {DIM}— {}{DIM:#}", clean(topic.as_str())),
        None => String::new(),
    }
}

fn author(name: &Nickname) -> String {
    // FNV-1a: the same name gets the same color everywhere.
    let hash = name.key().bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let style = AUTHOR_COLORS[hash as usize % AUTHOR_COLORS.len()]
        .on_default()
        .bold();
    format!("{style}{name}{style:#}")
}

/// The time of day for today's messages, the date too for older ones.
fn stamp(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Text from other people, safe for a terminal: control characters (an
/// escape sequence could rewrite the screen or the title) and Unicode's
/// bidirectional controls (which make a line read otherwise than it is
/// written: `"\u{202e}txt.exe"` shows as `exe.txt`) become `�`; line breaks
/// and tabs stay.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() || is_bidi_control(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The characters that change the direction text is shown in: the
/// embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069)
/// and the marks (U+200E, U+200F, U+061C).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Continuation lines of a long message, indented `by` columns, under
/// its first line.
fn indent(body: &str, by: usize) -> String {
    body.replace('\n', &format!("\n{}", " ".repeat(by)))
}

/// How many columns `styled` takes on screen.
fn width(styled: &str) -> usize {
    anstream::adapter::strip_str(styled)
        .to_string()
        .chars()
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{ChannelName, MessageId};

    fn message(body: &str) -> Message {
        Message {
            id: MessageId(1),
            channel: ChannelName::general(),
            author: Nickname::parse("ana").unwrap(),
            body: body.into(),
            html: String::new(),
            created_at: Utc::now(),
            edited_at: None,
            deleted: false,
            mentions: vec![],
        }
    }

    fn plain(styled: &str) -> String {
        anstream::adapter::strip_str(styled).to_string()
    }

    #[test]
    fn a_message_is_time_author_and_body() {
        let view = View {
            show_channel: false,
            me: None,
        };
        let line = plain(&view.message(&message("hello")));
        assert!(line.ends_with(" ana: hello"), "{line}");
        let all = View {
            show_channel: true,
            me: None,
        };
        assert!(plain(&all.message(&message("hi"))).contains(" #general ana: hi"));
        let two = plain(&all.message(&message("one\ntwo")));
        let lines: Vec<&str> = two.lines().collect();
        assert_eq!(lines[0].find("one"), lines[1].find("two"));
    }

    #[test]
    fn membership_says_who_did_it() {
        let view = View {
            show_channel: false,
            me: None,
        };
        let dev = ChannelName::parse("dev").unwrap();
        let bob = Nickname::parse("bob").unwrap();
        let joined = ChatEvent::MemberJoined(Membership {
            channel: dev.clone(),
            user: bob.clone(),
            by: None,
        });
        assert_eq!(plain(&view.event(&joined).unwrap()), "bob joined #dev");
        let removed = ChatEvent::MemberLeft(Membership {
            channel: dev,
            user: bob,
            by: Some(Nickname::parse("ana").unwrap()),
        });
        assert_eq!(
            plain(&view.event(&removed).unwrap()),
            "ana removed bob from #dev"
        );
    }

    #[test]
    fn a_notification_says_whom_it_is_from() {
        let view = View {
            show_channel: true,
            me: None,
        };
        let note = ChatEvent::Notification(Notification {
            from: Nickname::parse("deploy-bot").unwrap(),
            text: "v2 is live".into(),
            sent_at: Utc::now(),
        });
        let line = plain(&view.event(&note).unwrap());
        assert!(
            line.ends_with(" notification from deploy-bot: v2 is live"),
            "{line}"
        );
    }

    #[test]
    fn escape_sequences_from_others_never_reach_the_terminal() {
        assert_eq!(
            clean("a\u{1b}]0;pwned\u{7}b\nc"),
            "a\u{fffd}]0;pwned\u{fffd}b\nc"
        );
    }

    #[test]
    fn text_cannot_turn_itself_around() {
        assert_eq!(clean("see \u{202e}txt.exe"), "see \u{fffd}txt.exe");
        let every_bidi_control = "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{061c}";
        assert_eq!(clean(every_bidi_control), "\u{fffd}".repeat(12));
        assert_eq!(
            clean("שלום, ana"),
            "שלום, ana",
            "right-to-left text itself stays"
        );
    }

    #[test]
    fn continuation_lines_are_indented() {
        let view = View {
            show_channel: false,
            me: None,
        };
        let line = plain(&view.message(&message("one\ntwo")));
        let lines: Vec<&str> = line.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].trim_start(), "two");
        assert_eq!(lines[0].find("one"), lines[1].find("two"));
    }
}
