//! The JSON API's error: every failure becomes
//! `{"error":{"code":"...","message":"..."}}` with its HTTP status.

use app::text;
use axum::{
    extract::rejection::{JsonRejection, QueryRejection},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use domain::ChatError;
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    /// A use case refused the request; its variant says how.
    Chat(ChatError),
    /// The body is not JSON, or not the JSON this endpoint takes.
    BadJson(String),
    /// The body is well-formed JSON with the wrong shape.
    UnprocessableJson(String),
    BadQuery(String),
    UnsupportedMediaType(String),
    PayloadTooLarge,
    NotFound,
    MethodNotAllowed,
    /// A state-changing request from another site (CSRF).
    CrossSite,
    Unavailable,
    /// The database lacks this many of papo's migrations (`/readyz`).
    MigrationsMissing(usize),
}

impl From<ChatError> for ApiError {
    fn from(e: ChatError) -> Self {
        ApiError::Chat(e)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => {
                ApiError::BadJson(text::invalid_json(&e.body_text()))
            }
            JsonRejection::JsonDataError(e) => {
                ApiError::UnprocessableJson(text::invalid_json(&e.body_text()))
            }
            JsonRejection::MissingJsonContentType(e) => {
                ApiError::UnsupportedMediaType(e.body_text())
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            other => ApiError::BadJson(other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadQuery(text::invalid_query(&rejection.body_text()))
    }
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            ApiError::Chat(e) => {
                let message = match e {
                    // The detail of an unreachable call is not for clients.
                    ChatError::Unreachable(_) => text::INTERNAL.to_owned(),
                    e => e.to_string(),
                };
                (e.status(), e.code(), message)
            }
            ApiError::BadJson(m) => (StatusCode::BAD_REQUEST, "invalid_json", m.clone()),
            ApiError::UnprocessableJson(m) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input", m.clone())
            }
            ApiError::BadQuery(m) => (StatusCode::BAD_REQUEST, "invalid_query", m.clone()),
            ApiError::UnsupportedMediaType(m) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                m.clone(),
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                text::PAYLOAD_TOO_LARGE.to_owned(),
            ),
            ApiError::CrossSite => (
                StatusCode::FORBIDDEN,
                "cross_site",
                text::CROSS_SITE.to_owned(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                text::NOT_FOUND.to_owned(),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed".to_owned(),
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                text::UNAVAILABLE.to_owned(),
            ),
            ApiError::MigrationsMissing(count) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                text::migrations_missing(*count),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        let body = Json(json!({ "error": { "code": code, "message": message } }));
        match self {
            ApiError::Chat(ChatError::RateLimited { retry_after_secs }) => (
                status,
                [(header::RETRY_AFTER, retry_after_secs.to_string())],
                body,
            )
                .into_response(),
            _ => (status, body).into_response(),
        }
    }
}
