//! Following a live feed (`text/event-stream`) for as long as it takes:
//! after a drop it reconnects with `Last-Event-ID`, so the server replays
//! exactly what was missed, and nothing is handed on twice.
//!
//! Only the first connection must succeed: a wrong address or token fails
//! at once. Once the server has answered, a server that goes away or
//! answers 5xx is waited for ([`Backoff`]); a refusal (401, 404) still
//! ends the command, since waiting will not change it.

use std::time::Duration;

use domain::{
    events::{ChatEvent, READY, RESYNC},
    EventId,
};
use eventsource_stream::{EventStreamError, Eventsource};
use futures::StreamExt;
use reqwest::{header, Method, Response};

use crate::{
    api::{Api, READ_TIMEOUT},
    backoff::Backoff,
    error::CliError,
};

/// What a feed tells its reader.
#[derive(Debug)]
pub enum Item {
    /// A durable event, each delivered once, in id order.
    Event(EventId, ChatEvent),
    /// The feed is live: everything missed has been replayed. `resumed`
    /// after a reconnection.
    Live { resumed: bool },
    /// The connection was lost; the next attempt is in `retry_in`.
    Lost { reason: String, retry_in: Duration },
    /// The server could not replay everything missed (too far behind):
    /// the feed goes on after `latest`, and some events are not shown.
    Resync(EventId),
    /// An event of a known name whose data did not parse.
    Unreadable { name: String, reason: String },
}

/// Follows `path` (`events` or `channels/{name}/events`) until a reader
/// error, or a refusal by the server; hands each item to `on`.
pub async fn follow(
    api: &Api,
    path: &str,
    context: &str,
    mut on: impl FnMut(Item) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut state = State {
        last: None,
        backoff: Backoff::new(),
        reached: false,
        live_before: false,
    };
    loop {
        let reason = match connect(api, path, state.last, context).await {
            Ok(response) => {
                state.reached = true;
                read(response, &mut state, &mut on).await?
            }
            Err(e) if state.reached && e.is_transient() => e.to_string(),
            Err(e) => return Err(e),
        };
        let retry_in = state.backoff.next_delay();
        on(Item::Lost { reason, retry_in })?;
        tokio::time::sleep(retry_in).await;
    }
}

struct State {
    /// The id of the last durable event handed on: where to resume.
    last: Option<EventId>,
    backoff: Backoff,
    /// The server has answered once: the address and token are right.
    reached: bool,
    /// The feed has been live once: a later `ready` is a resumption.
    live_before: bool,
}

async fn connect(
    api: &Api,
    path: &str,
    last: Option<EventId>,
    context: &str,
) -> Result<Response, CliError> {
    let mut request = api
        .request(Method::GET, path)
        .header(header::ACCEPT, "text/event-stream");
    if let Some(id) = last {
        request = request.header("Last-Event-ID", id.to_string());
    }
    let response = api.send(request, context).await?;
    let is_feed = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if !is_feed {
        return Err(CliError::Protocol(format!(
            "{context}: {} did not answer with a live feed",
            api.server
        )));
    }
    Ok(response)
}

/// Reads one connection until it ends; returns why it ended.
async fn read(
    response: Response,
    state: &mut State,
    on: &mut impl FnMut(Item) -> Result<(), CliError>,
) -> Result<String, CliError> {
    let mut events = response.bytes_stream().eventsource();
    while let Some(event) = events.next().await {
        let event = match event {
            Ok(event) => event,
            Err(EventStreamError::Transport(e)) => return Ok(cut(&e)),
            Err(e) => return Ok(format!("the feed was garbled ({e})")),
        };
        if let Some(retry) = event.retry {
            state.backoff.hint(retry);
        }
        match event.event.as_str() {
            READY => {
                // A server that names its position here lets a feed that
                // has had no event yet resume from it after a drop.
                if let Ok(at) = event.id.parse::<EventId>() {
                    state.last = state.last.max(Some(at));
                }
                state.backoff.reset();
                on(Item::Live {
                    resumed: state.live_before,
                })?;
                state.live_before = true;
            }
            RESYNC => {
                let Ok(latest) = event.id.parse() else {
                    return Ok("the feed sent resync without an id".into());
                };
                state.last = Some(latest);
                on(Item::Resync(latest))?;
            }
            name => {
                let Some(parsed) = ChatEvent::from_sse(name, &event.data) else {
                    // Presence and typing, or an event newer than this client.
                    continue;
                };
                let Ok(id) = event.id.parse::<EventId>() else {
                    return Ok(format!("the feed sent {name} without an id"));
                };
                if state.last.is_some_and(|last| id <= last) {
                    continue;
                }
                state.last = Some(id);
                match parsed {
                    Ok(chat) => on(Item::Event(id, chat))?,
                    Err(e) => on(Item::Unreadable {
                        name: name.to_owned(),
                        reason: e.to_string(),
                    })?,
                }
            }
        }
    }
    Ok("the server closed the feed".into())
}

/// Why a connection that was streaming stopped.
fn cut(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        format!("nothing came for {} s", READ_TIMEOUT.as_secs())
    } else {
        "the connection broke".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{server_url::ServerUrl, token::Token};
    use tokio::{
        io::{AsyncReadExt, AsyncWriteExt},
        net::TcpListener,
    };

    /// A stand-in server: answers each connection in turn with `answers`
    /// (a status line and a body) and returns the `Last-Event-ID` of each
    /// request.
    async fn serve(
        listener: TcpListener,
        answers: Vec<(&'static str, &'static str)>,
    ) -> Vec<Option<String>> {
        let mut resumed_from = Vec::new();
        for (status, body) in answers {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            while !request.ends_with(b"\r\n\r\n") {
                let mut byte = [0];
                socket.read_exact(&mut byte).await.unwrap();
                request.push(byte[0]);
            }
            let request = String::from_utf8(request).unwrap();
            resumed_from.push(request.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("last-event-id")
                    .then(|| value.trim().to_owned())
            }));
            let kind = if status.starts_with("200") {
                "text/event-stream"
            } else {
                "application/json"
            };
            let head =
                format!("HTTP/1.1 {status}\r\ncontent-type: {kind}\r\nconnection: close\r\n\r\n");
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(body.as_bytes()).await.unwrap();
            socket.shutdown().await.unwrap();
        }
        resumed_from
    }

    #[tokio::test]
    async fn resumes_from_the_position_ready_names_then_from_the_last_event() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(serve(
            listener,
            vec![
                ("200 OK", "id: 41\nevent: ready\nretry: 100\ndata: {}\n\n"),
                (
                    "200 OK",
                    "event: ready\ndata: {}\n\nid: 42\nevent: read\n\
                     data: {\"channel\":\"general\",\"last_read_id\":7}\n\n",
                ),
                (
                    "401 Unauthorized",
                    r#"{"error":{"code":"unauthorized","message":"you are not signed in"}}"#,
                ),
            ],
        ));
        let api = Api::new(
            ServerUrl::parse(&format!("http://{address}")).unwrap(),
            Token::parse("t"),
        );
        let mut items = Vec::new();
        let ended = follow(&api, "events", "following", |item| {
            items.push(item);
            Ok(())
        })
        .await;

        assert!(matches!(ended, Err(CliError::NotLoggedIn(_))), "{ended:?}");
        let resumed_from = server.await.unwrap();
        assert_eq!(
            resumed_from,
            [None, Some("41".to_owned()), Some("42".to_owned())]
        );
        assert!(
            matches!(
                items.as_slice(),
                [
                    Item::Live { resumed: false },
                    Item::Lost { .. },
                    Item::Live { resumed: true },
                    Item::Event(EventId(42), ChatEvent::Read(_)),
                    Item::Lost { .. },
                ]
            ),
            "{items:?}"
        );
    }
}
