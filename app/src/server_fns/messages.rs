//! Sending, editing and deleting messages, and read positions.

use leptos::prelude::*;

use crate::{domain::Message, error::ChatError};

#[cfg(feature = "ssr")]
use super::context;

/// Posts `body` to `channel` as the signed-in person.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn send_message(channel: String, body: String) -> Result<Message, ChatError> {
    use crate::domain::MessageBody;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            let body = MessageBody::parse(&body)?;
            context::backend()?
                .post_message(&viewer, &channel, body)
                .await
        }
        .await,
    )
}

/// Replaces the body of the signed-in person's message `id`.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn edit_message(id: i64, body: String) -> Result<Message, ChatError> {
    use crate::domain::{MessageBody, MessageId};
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let body = MessageBody::parse(&body)?;
            context::backend()?
                .edit_message(&viewer, MessageId(id), body)
                .await
        }
        .await,
    )
}

/// Deletes the signed-in person's message `id`.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn delete_message(id: i64) -> Result<(), ChatError> {
    use crate::domain::MessageId;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            context::backend()?
                .delete_message(&viewer, MessageId(id))
                .await
        }
        .await,
    )
}

/// Tells the other members of `channel` that the signed-in person is
/// typing (the UI sends this at most once per 3 s while they type).
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn send_typing(channel: String) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            context::backend()?.typing(&viewer, &channel).await
        }
        .await,
    )
}

/// Records that the signed-in person has read `channel` up to message
/// `last_read_id`.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn mark_read(channel: String, last_read_id: i64) -> Result<(), ChatError> {
    use crate::domain::MessageId;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            let last_read_id = MessageId::parse(last_read_id)?;
            context::backend()?
                .mark_read(&viewer, &channel, last_read_id)
                .await
        }
        .await,
    )
}
