//! The error body every failure of the API has, and the responses that
//! carry it, described once and referenced by every operation.

use utoipa::{ToResponse, ToSchema};

/// `{"error": {"code", "message"}}`: `code` is stable, for programs;
/// `message` is a sentence for people and may change.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // a description for the document; never built
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ErrorDetail {
    code: ErrorCode,
    message: String,
    /// On `internal` errors only: the request's id, which the server's
    /// logs share; quote it when reporting the problem.
    request_id: Option<String>,
}

/// Every `code` papo answers with (see `ChatError::code` and `ApiError`).
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ErrorCode {
    InvalidInput,
    InvalidJson,
    InvalidQuery,
    UnsupportedMediaType,
    PayloadTooLarge,
    NameTaken,
    Unauthorized,
    WrongCredentials,
    RegistrationRequired,
    SessionRequired,
    NotFound,
    MethodNotAllowed,
    ChannelTaken,
    CannotLeaveGeneral,
    DirectIsFixed,
    Forbidden,
    NotAMember,
    CrossSite,
    RateLimited,
    Unavailable,
    NotReady,
    Internal,
}

/// The request is not what the endpoint takes: `invalid_json` (not JSON, or
/// not this shape), `invalid_query`, or a bad `Last-Event-ID`.
#[derive(ToResponse)]
#[response(description = "Malformed request: `invalid_json` or `invalid_query`.")]
#[allow(dead_code)]
pub struct BadRequest(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Not signed in (`unauthorized`): no credential, or one that is unknown, expired or revoked."
)]
#[allow(dead_code)]
pub struct Unauthorized(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "Signed in, but not allowed: `forbidden`, `not_a_member`, `registration_required` (guests cannot do this), `session_required` (a personal API token cannot manage tokens or sign out everywhere: sign in with the password), or `cross_site` (a browser request from another site)."
)]
#[allow(dead_code)]
pub struct Forbidden(ErrorBody);

/// Private channels and DMs answer 404 to whoever is not in them, exactly
/// as a channel that does not exist: their existence does not leak.
#[derive(ToResponse)]
#[response(
    description = "`not_found`: nothing by that name or id that the caller may see. Private channels and DMs the caller is not in answer the same as channels that do not exist."
)]
#[allow(dead_code)]
pub struct NotFound(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "The request conflicts with what exists: `name_taken`, `channel_taken`, `cannot_leave_general`, `direct_is_fixed`."
)]
#[allow(dead_code)]
pub struct Conflict(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "`unsupported_media_type`: the body must be sent as `Content-Type: application/json`."
)]
#[allow(dead_code)]
pub struct UnsupportedMediaType(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "`invalid_input`: well-formed JSON whose values papo refuses (a name too long, an empty message...); the message says which and why."
)]
#[allow(dead_code)]
pub struct Unprocessable(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "`rate_limited`: too many requests; `Retry-After` says in how many seconds to try again.",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again."))
)]
#[allow(dead_code)]
pub struct TooManyRequests(ErrorBody);

#[derive(ToResponse)]
#[response(
    description = "`unavailable`: the database does not answer (or, on `/readyz`, `not_ready`: migrations are missing)."
)]
#[allow(dead_code)]
pub struct Unavailable(ErrorBody);
