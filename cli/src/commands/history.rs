//! `papo history '#general' --limit 50`: the latest messages, oldest first.

use domain::{Message, Nickname};

use crate::{api::Api, args::HistoryArgs, error::CliError, output::Output, render::View};

pub async fn run(api: &Api, me: Option<Nickname>, args: HistoryArgs) -> Result<(), CliError> {
    let mut query = vec![("limit", args.limit.get().to_string())];
    if let Some(before) = args.before {
        query.push(("before", before.to_string()));
    }
    let path = format!("channels/{}/messages", args.channel);
    let context = format!("reading #{}", args.channel);
    let page: Vec<Message> = api.get(&path, &query, &context).await?;
    let view = View {
        show_channel: false,
        me,
    };
    let mut out = Output::new();
    for message in &page {
        if args.json {
            out.json(message)?;
        } else {
            out.line(&view.message(message))?;
        }
    }
    Ok(())
}
