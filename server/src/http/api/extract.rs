//! Extractors that turn every bad request into an [`ApiError`].

use app::backend::CurrentSession;
use axum::{
    extract::{FromRequest, FromRequestParts, Path, Query, Request},
    http::request::Parts,
    Json,
};
use domain::{ChatError, Viewer};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// `Json<T>` whose rejections are JSON errors with the parser's reason.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(value))
    }
}

/// The integer a JSON number is, as JSON Schema counts: `42.0` is 42, for
/// a client that follows the document may send it; `42.5`, and whatever
/// `i64` cannot hold, are none.
pub fn json_integer(number: &serde_json::Number) -> Option<i64> {
    // 2^63 as f64 is exact: below it, every integral f64 fits an i64.
    const RANGE: f64 = 9_223_372_036_854_775_808.0;
    number.as_i64().or_else(|| {
        number
            .as_f64()
            .filter(|f| f.fract() == 0.0 && (-RANGE..RANGE).contains(f))
            .map(|f| f as i64)
    })
}

/// `Query<T>` whose rejections are JSON errors.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// `Path<T>` whose rejections are JSON 404s: a path that does not parse
/// names nothing that exists.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(value) = Path::<T>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        Ok(ApiPath(value))
    }
}

/// The signed-in person; 401 when the request carries no valid session.
pub struct SignedIn(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .map(SignedIn)
            .ok_or(ApiError::Chat(ChatError::NotSignedIn))
    }
}

/// The signed-in person and the session they signed in with, for what a
/// personal API token may not do: 401 without a valid credential, 403
/// `session_required` with a personal API token.
pub struct InSession(pub Viewer, pub CurrentSession);

impl<S: Send + Sync> FromRequestParts<S> for InSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let SignedIn(viewer) = SignedIn::from_request_parts(parts, state).await?;
        let session = parts
            .extensions
            .get::<CurrentSession>()
            .cloned()
            .ok_or(ApiError::Chat(ChatError::SessionRequired))?;
        Ok(InSession(viewer, session))
    }
}
