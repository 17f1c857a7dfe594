//! papo's OpenAPI 3.2 document, generated from the code: each handler's
//! `#[utoipa::path]` says what it takes and answers, and utoipa-axum
//! registers the route and its description together (see [`super::router`]),
//! so no route is missing from the document and no documented route is
//! missing from the server.
//!
//! - [`schemas`]: the domain types' JSON, as schemas;
//! - [`stream`]: the live feeds' events;
//! - [`errors`]: the error body and the responses that carry it;
//! - [`params`]: path parameters many operations share;
//! - [`page`]: the document as a page (`GET /api/docs`).
//!
//! Served at `GET /api/v1/openapi.json`; `GET /api/docs` renders it.

pub(crate) mod errors;
pub(crate) mod page;
pub(crate) mod params;
pub(crate) mod schemas;
pub(crate) mod stream;

use std::sync::LazyLock;

use axum::{http::header, response::IntoResponse};
use utoipa::{
    openapi::{
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
        OpenApiVersion,
    },
    Modify, OpenApi,
};
use utoipa_axum::router::OpenApiRouter;

use crate::http::state::AppState;

/// The name of the session cookie a browser signs in with.
pub const SESSION_COOKIE: &str = crate::chat::session::COOKIE_NAME;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "papo",
        description = "The HTTP API of papo, a self-hosted team chat. Everything the web app does is here: sign in, channels and members, DMs, messages, read markers, personal API tokens, and the live feeds (Server-Sent Events).\n\nSend JSON with `Content-Type: application/json`. Every error is `{\"error\": {\"code\", \"message\"}}`: `code` is stable, for programs; `message` is for people. Besides the answers each operation lists, any request may get `403 cross_site` (a browser request from another site), `413 payload_too_large` (bodies are limited to 64 KiB), `500 internal` or `503 unavailable` (the database does not answer).\n\nAuthenticate with `Authorization: Bearer <token>` (a session token from `POST /api/v1/session`, or a personal API token from `POST /api/v1/tokens`), or with the session cookie a browser holds. A request with an `Authorization` header is signed in by it or not at all: the cookie is then not read.",
        license(name = "MIT")
    ),
    tags(
        (name = "accounts", description = "Registering, signing in and out."),
        (name = "tokens", description = "Personal API tokens, for bots and scripts."),
        (name = "channels", description = "Channels and their members."),
        (name = "messages", description = "Posting, editing, deleting and reading history."),
        (name = "direct messages", description = "Conversations between a few people."),
        (name = "notifications", description = "Notes to one person, from integrations."),
        (name = "live", description = "Live feeds (Server-Sent Events): resume with `Last-Event-ID` and nothing is lost."),
        (name = "operations", description = "Probes and statistics for operators."),
    ),
    components(
        // utoipa-axum collects only some of the schemas the operations
        // refer to, and none of the shared responses: every one is named
        // here (a test checks that every `$ref` of the document resolves).
        schemas(
            schemas::Message, schemas::NewApiToken, schemas::ApiTokenInfo,
            schemas::ChannelInfo, schemas::ChannelList, schemas::ChannelListing,
            schemas::ChannelSummary, schemas::Probe, schemas::StatsSample,
            schemas::Nickname, schemas::NewChannelName, schemas::MessageBody,
            schemas::Password, schemas::DmNames, schemas::PageLimit,
            stream::FeedEvent, stream::StatsEvent, errors::ErrorBody,
        ),
        responses(
            errors::BadRequest, errors::Unauthorized, errors::Forbidden,
            errors::NotFound, errors::Conflict, errors::UnsupportedMediaType,
            errors::Unprocessable, errors::TooManyRequests, errors::Unavailable,
        ),
    ),
    security(("bearer" = []), ("session_cookie" = [])),
    modifiers(&Credentials)
)]
pub struct ApiDoc;

/// How a caller proves who they are.
struct Credentials;

impl Modify for Credentials {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A session token (`POST /api/v1/session`) or a personal API token (`POST /api/v1/tokens`).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie a browser gets when it signs in; served over HTTPS, it is `Secure` and named `__Host-papo_session` instead.",
            ))),
        );
    }
}

/// The whole document: the API's operations and the probes'.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.openapi = OpenApiVersion::Version32;
    document.merge(
        OpenApiRouter::<AppState>::new()
            .nest("/api", super::operations())
            .into_openapi(),
    );
    document.merge(super::health::router().into_openapi());
    document
}

/// The document as served, serialized once.
static DOCUMENT_JSON: LazyLock<String> = LazyLock::new(|| {
    document()
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
});

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT_JSON.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every `"$ref": "#/components/..."` in `value`.
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(target)) => found.push(target),
                        _ => refs(value, found),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let document = serde_json::to_value(document()).unwrap();
        let mut found = Vec::new();
        refs(&document, &mut found);
        assert!(found.len() > 50, "{found:?}");
        for target in found {
            let pointer = target.strip_prefix('#').expect("a local reference");
            assert!(
                document.pointer(pointer).is_some(),
                "{target} is referred to but not in the document"
            );
        }
    }

    #[test]
    fn is_openapi_3_2_with_the_api_and_the_probes() {
        let document = serde_json::to_value(document()).unwrap();
        assert_eq!(document["openapi"], "3.2.0");
        let paths = document["paths"].as_object().unwrap();
        for path in [
            "/api/v1/channels/{channel}/messages",
            "/api/v1/events",
            "/healthz",
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
        assert!(paths
            .keys()
            .all(|p| p.starts_with("/api/v1/") || !p.starts_with("/api")));
    }
}
