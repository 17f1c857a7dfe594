//! The Content-Security-Policy of every page (server build only).
//!
//! Scripts run only from our own origin or with this response's nonce
//! (Leptos puts it on its inline hydration scripts); wasm may be compiled
//! (`'wasm-unsafe-eval'`); nothing may frame the page.

use leptos::{config::LeptosOptions, prelude::*};

/// The policy for a response whose inline scripts carry `nonce`.
/// `reload_port` is `cargo leptos watch`'s live-reload socket, allowed only
/// while watching.
pub fn content_security_policy(nonce: &str, reload_port: Option<u32>) -> String {
    let reload = reload_port
        .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds the policy to the response being rendered.
pub fn apply(options: &LeptosOptions) {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let watching = std::env::var_os("LEPTOS_WATCH").is_some();
    let policy =
        content_security_policy(&nonce.to_string(), watching.then_some(options.reload_port));
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_our_scripts_the_nonce_and_wasm_and_no_framing() {
        let policy = content_security_policy("abc", None);
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(!policy.contains("ws://"));
    }

    #[test]
    fn allows_the_reload_socket_only_while_watching() {
        assert!(content_security_policy("n", Some(3001))
            .contains("connect-src 'self' ws://127.0.0.1:3001"));
    }
}
