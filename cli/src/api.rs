//! The papo JSON API over HTTP: requests with the token, and every failure
//! turned into a [`CliError`] that carries the server's own message.

use std::time::Duration;

use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{error::CliError, server_url::ServerUrl, token::Token};

/// How long a plain request may take, answer included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest silence on a connection: a live feed gets a heartbeat every
/// 15 s, so one silent for this long is dead (a laptop that slept, a
/// connection a router forgot).
pub const READ_TIMEOUT: Duration = Duration::from_secs(45);

pub struct Api {
    http: Client,
    pub server: ServerUrl,
    token: Option<Token>,
}

/// The body of every error answer: `{"error":{"code","message"}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
}

impl Api {
    pub fn new(server: ServerUrl, token: Option<Token>) -> Self {
        let http = Client::builder()
            .user_agent(concat!("papo-cli/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .build()
            .expect("the HTTP client's settings are valid");
        Self {
            http,
            server,
            token,
        }
    }

    /// The same server with another token.
    pub fn with_token(&self, token: Token) -> Self {
        Self {
            http: self.http.clone(),
            server: self.server.clone(),
            token: Some(token),
        }
    }

    /// A request to `path` under `/api/v1`, with the token if there is one.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, self.server.api(path));
        match &self.token {
            Some(token) => request.bearer_auth(token.secret()),
            None => request,
        }
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        context: &str,
    ) -> Result<T, CliError> {
        let request = self.request(Method::GET, path).query(query);
        self.json(request, context).await
    }

    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        context: &str,
    ) -> Result<T, CliError> {
        let request = self.request(Method::POST, path).json(body);
        self.json(request, context).await
    }

    /// A request whose answer has no body worth reading (204).
    pub async fn delete(&self, path: &str, context: &str) -> Result<(), CliError> {
        let request = self.request(Method::DELETE, path);
        self.send(request.timeout(REQUEST_TIMEOUT), context)
            .await
            .map(drop)
    }

    async fn json<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        context: &str,
    ) -> Result<T, CliError> {
        let response = self.send(request.timeout(REQUEST_TIMEOUT), context).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport(e, context))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            CliError::Protocol(format!(
                "{context}: {} answered something papo does not understand ({e})",
                self.server
            ))
        })
    }

    /// Sends `request`; any answer but a success becomes an error.
    pub async fn send(&self, request: RequestBuilder, context: &str) -> Result<Response, CliError> {
        let response = request
            .send()
            .await
            .map_err(|e| self.transport(e, context))?;
        if response.status().is_success() {
            return Ok(response);
        }
        Err(self.refusal(response, context).await)
    }

    async fn refusal(&self, response: Response, context: &str) -> CliError {
        let status = response.status();
        let body = response.bytes().await.unwrap_or_default();
        let detail = serde_json::from_slice::<ErrorBody>(&body)
            .map(|b| b.error)
            .unwrap_or_else(|_| ErrorDetail {
                code: String::new(),
                message: format!("the server answered {status}"),
            });
        if status == StatusCode::UNAUTHORIZED && detail.code == "unauthorized" {
            return CliError::NotLoggedIn(format!(
                "{context}: {} refused the token ({}): run `papo login` again, \
                 or check PAPO_TOKEN",
                self.server, detail.message
            ));
        }
        CliError::Refused {
            context: context.to_owned(),
            status: status.as_u16(),
            code: detail.code,
            message: detail.message,
        }
    }

    /// A request that got no answer: the reason is the innermost cause
    /// ("Connection refused"), not reqwest's wrapper.
    pub fn transport(&self, error: reqwest::Error, context: &str) -> CliError {
        if error.is_decode() || (error.is_body() && !error.is_timeout()) {
            return CliError::Protocol(format!("{context}: the answer was cut off ({error})"));
        }
        let reason = if error.is_timeout() {
            "no answer in time".to_owned()
        } else {
            let mut cause: &dyn std::error::Error = &error;
            while let Some(next) = cause.source() {
                cause = next;
            }
            cause.to_string()
        };
        CliError::Unreachable {
            server: self.server.to_string(),
            reason,
        }
    }
}
