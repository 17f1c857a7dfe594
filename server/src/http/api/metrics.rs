//! `GET /metrics`: the Prometheus series of [`crate::ops::metrics`], for
//! whom [`MetricsAccess`] lets in.

use axum::{
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
};

use super::error::ApiError;
#[cfg(doc)]
use crate::http::metrics_access::MetricsAccess;
use crate::{http::state::AppState, ops::metrics::handle};

/// `GET /metrics`: the series in Prometheus's text format, for whom
/// [`MetricsAccess`] lets in.
#[utoipa::path(
    get, path = "/metrics", tag = "operations", summary = "Prometheus metrics",
    description = "Prometheus's text format, for `Authorization: Bearer <PAPO_METRICS_TOKEN>`; anyone else gets 404, as does everyone when the token is not set (unless `PAPO_METRICS_OPEN=true` opens it to all).",
    responses(
        (status = 200, description = "Every series, with `# HELP` lines.", body = String, content_type = "text/plain; version=0.0.4; charset=utf-8"),
        (status = 404, response = crate::http::api::openapi::errors::NotFound),
    ),
    security(())
)]
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !state.metrics.lets_in(&headers) {
        return ApiError::NotFound.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
        .into_response()
}
