//! `papo tail '#general'`: the live feed as readable lines, or with
//! `--json` one `{"id","event","data"}` object per line. What papo is
//! doing (following, reconnecting) goes to stderr.

use domain::{EventId, Nickname};
use serde::Serialize;
use serde_json::{json, Value};

use crate::{
    api::Api,
    args::TailArgs,
    error::CliError,
    feed::{self, Item},
    output::{notice, Output},
    render::View,
};

/// One line of `--json`: the event's SSE id, name and data.
#[derive(Serialize)]
struct JsonEvent<'a> {
    id: EventId,
    event: &'a str,
    data: Value,
}

pub async fn run(api: &Api, me: Option<Nickname>, args: TailArgs) -> Result<(), CliError> {
    let (path, what) = match &args.channel {
        Some(channel) => (format!("channels/{channel}/events"), format!("#{channel}")),
        None => ("events".to_owned(), "every channel you are in".to_owned()),
    };
    let view = View {
        show_channel: args.channel.is_none(),
        me,
    };
    let mut out = Output::new();
    let context = format!("following {what}");
    feed::follow(api, &path, &context, |item| match item {
        Item::Event(id, event) if args.json => out.json(&JsonEvent {
            id,
            event: event.name(),
            data: serde_json::from_str(&event.data_json()).expect("event data is JSON"),
        }),
        Item::Event(_, event) => match view.event(&event) {
            Some(line) => out.line(&line),
            None => Ok(()),
        },
        Item::Live { resumed: false } => {
            notice(&format!("following {what} on {} (Ctrl-C to stop)", api.server));
            Ok(())
        }
        Item::Live { resumed: true } => {
            notice("reconnected; nothing was missed");
            Ok(())
        }
        Item::Lost { reason, retry_in } => {
            let secs = retry_in.as_secs_f64();
            notice(&format!("{reason}; reconnecting in {secs:.1} s"));
            Ok(())
        }
        Item::Resync(latest) if args.json => out.json(&JsonEvent {
            id: latest,
            event: domain::events::RESYNC,
            data: json!({ "latest": latest }),
        }),
        Item::Resync(_) => {
            notice("too far behind: the server could not replay everything missed (see `papo history`)");
            Ok(())
        }
        Item::Unreadable { name, reason } => {
            notice(&format!("skipped a {name} event papo cannot read ({reason})"));
            Ok(())
        }
    })
    .await
}
