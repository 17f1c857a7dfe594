//! Sends the outbox's messages, one at a time and in order. A network
//! error stops the round: the connection's next opening starts another, or,
//! when the feed stayed open, a retry a little later. A refusal takes that
//! message out, shows why, and goes on.

use std::time::Duration;

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
                    retry_while_open(store);
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

/// How long to wait before retrying when a send failed but the feed is
/// still open (so no opening will come to trigger it).
const RETRY_OPEN_AFTER: Duration = Duration::from_secs(5);

fn retry_while_open(store: ChatStore) {
    set_timeout(
        move || {
            if store
                .status
                .try_get_untracked()
                .is_some_and(|s| s.is_open())
            {
                send_waiting(store);
            }
        },
        RETRY_OPEN_AFTER,
    );
}
