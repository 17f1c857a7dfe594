//! The middleware that says who is asking: it turns the session cookie or
//! Bearer token into a [`Viewer`] in the request's extensions, where API
//! handlers (`SignedIn`) and server functions read it. A request without a
//! valid session simply has none. It also records how the credential came
//! ([`session::Carrier`]), which the CSRF check after it reads.

use app::backend::{CurrentSession, SecureCookies};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::Viewer;

use crate::{
    chat::session, chat::Identity, http::api::error::ApiError, http::state::AppState,
    live::revocation::Credential,
};

pub async fn resolve_viewer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    request.extensions_mut().remove::<Viewer>();
    request.extensions_mut().remove::<CurrentSession>();
    request.extensions_mut().remove::<Credential>();
    request.extensions_mut().remove::<session::Carrier>();
    // Set by `secure_cookies::decide`, outside; `Secure` without it, as
    // server functions assume too.
    let secure = request
        .extensions()
        .get::<SecureCookies>()
        .copied()
        .unwrap_or(SecureCookies(true));
    if let Some((token, carrier)) = session::presented_token(request.headers(), secure) {
        match state.chat.identify(&token).await {
            Ok(Some(Identity {
                viewer,
                session,
                credential,
            })) => {
                // The request's log lines say whose request it is.
                tracing::Span::current().record("user", viewer.name.as_str());
                let extensions = request.extensions_mut();
                extensions.insert(viewer);
                extensions.insert(credential);
                extensions.insert(carrier);
                if let Some(session) = session {
                    extensions.insert(session);
                }
            }
            Ok(None) => {}
            Err(e) => return ApiError::from(e).into_response(),
        }
    }
    next.run(request).await
}
