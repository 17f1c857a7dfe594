//! Sends the outbox's messages, one at a time and in order. A network
//! error stops the round (the connection's next opening starts another); a
//! refusal takes that message out, shows why, and goes on.

use leptos::prelude::*;

use super::store::ChatStore;
use crate::{
    components::composer::Refusal, domain::ChannelName, error::ChatError, server_fns::send_message,
};

pub fn send_waiting(store: ChatStore) {
    leptos::task::spawn_local(async move {
        while let Some(next) = store.outbox.try_update(|o| o.take_next()).flatten() {
            match send_message(next.channel.to_string(), next.body).await {
                Ok(message) => {
                    store.outbox.update(|o| o.sent(next.key));
                    store.confirmed(message);
                }
                Err(ChatError::Unreachable(e)) => {
                    leptos::logging::warn!("the outbox waits: {e}");
                    store.outbox.update(|o| o.unreachable(next.key));
                    break;
                }
                Err(e) => {
                    if let Some(refused) =
                        store.outbox.try_update(|o| o.refused(next.key)).flatten()
                    {
                        store.refusal.set(Some(Refusal {
                            error: e.to_string(),
                            body: refused.body,
                        }));
                    }
                }
            }
        }
    });
}

/// Queues `body` for `channel` and sends it now if the feed is open.
pub fn send(store: ChatStore, channel: ChannelName, body: String) {
    store.refusal.set(None);
    store.outbox.update(|o| {
        o.push(channel, body, false);
    });
    if store.status.get_untracked().is_open() {
        send_waiting(store);
    }
}
