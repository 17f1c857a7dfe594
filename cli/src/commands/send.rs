//! `papo send '#general' 'hello'`, or the message from standard input.

use domain::{Message, MessageBody};
use serde::Serialize;

use crate::{api::Api, args::SendArgs, error::CliError, prompt};

#[derive(Serialize)]
struct NewMessage {
    body: MessageBody,
}

pub async fn run(api: &Api, args: SendArgs) -> Result<(), CliError> {
    let raw = if args.body.is_empty() || args.body == ["-"] {
        prompt::all_of_stdin("the message")?
    } else {
        args.body.join(" ")
    };
    let body = MessageBody::parse(&raw).map_err(|e| CliError::Usage(e.to_string()))?;
    let path = format!("channels/{}/messages", args.channel);
    let context = format!("sending to #{}", args.channel);
    let _sent: Message = api.post(&path, &NewMessage { body }, &context).await?;
    Ok(())
}
