//! The JSON API calls the scenarios make, each checked for its status.

use std::time::Duration;

use anyhow::{bail, Context};
use futures::{stream, StreamExt, TryStreamExt};
use reqwest::{Client, Response};
use serde_json::{json, Value};

/// A person's Bearer token.
#[derive(Clone, Debug)]
pub struct Token(pub String);

/// Requests made at once while creating many guests.
const SETUP_CONCURRENCY: usize = 32;

#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub client: Client,
}

async fn expect(answer: Response, status: u16, what: &str) -> anyhow::Result<Response> {
    if answer.status().as_u16() != status {
        let code = answer.status();
        let body = answer.text().await.unwrap_or_default();
        bail!("{what}: expected {status}, got {code}: {body}");
    }
    Ok(answer)
}

impl Api {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            client: Client::builder()
                .timeout(Duration::from_secs(30))
                .pool_max_idle_per_host(256)
                .build()
                .expect("a reqwest client"),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// Joins as the guest `name`.
    pub async fn guest(&self, name: &str) -> anyhow::Result<Token> {
        let answer = self
            .client
            .post(self.url("/session"))
            .json(&json!({ "name": name }))
            .send()
            .await?;
        let body: Value = expect(answer, 201, "joining as a guest")
            .await?
            .json()
            .await?;
        let token = body["token"].as_str().context("a token in the answer")?;
        Ok(Token(token.to_owned()))
    }

    /// Registers the account `name`, signed in.
    pub async fn register(&self, name: &str) -> anyhow::Result<Token> {
        let answer = self
            .client
            .post(self.url("/users"))
            .json(&json!({ "name": name, "password": "a long benchmark passphrase" }))
            .send()
            .await?;
        let body: Value = expect(answer, 201, "registering").await?.json().await?;
        let token = body["token"].as_str().context("a token in the answer")?;
        Ok(Token(token.to_owned()))
    }

    /// `count` guests named `{prefix}{n}`, made a few at a time.
    pub async fn guests(&self, prefix: &str, count: usize) -> anyhow::Result<Vec<Token>> {
        stream::iter(0..count)
            .map(|n| {
                let name = format!("{prefix}{n}");
                async move { self.guest(&name).await }
            })
            .buffered(SETUP_CONCURRENCY)
            .try_collect()
            .await
    }

    pub async fn create_channel(&self, token: &Token, name: &str) -> anyhow::Result<()> {
        let answer = self
            .client
            .post(self.url("/channels"))
            .bearer_auth(&token.0)
            .json(&json!({ "name": name }))
            .send()
            .await?;
        expect(answer, 201, "creating a channel").await?;
        Ok(())
    }

    pub async fn join(&self, token: &Token, channel: &str) -> anyhow::Result<()> {
        let answer = self
            .client
            .post(self.url(&format!("/channels/{channel}/join")))
            .bearer_auth(&token.0)
            .send()
            .await?;
        expect(answer, 204, "joining a channel").await?;
        Ok(())
    }

    /// Makes every one of `tokens` a member of `channel`.
    pub async fn join_all(&self, tokens: &[Token], channel: &str) -> anyhow::Result<()> {
        stream::iter(tokens)
            .map(|token| self.join(token, channel))
            .buffer_unordered(SETUP_CONCURRENCY)
            .try_collect::<()>()
            .await
    }

    /// Posts a message; its id once papo has stored it.
    pub async fn post(&self, token: &Token, channel: &str, body: &str) -> anyhow::Result<i64> {
        let answer = self
            .client
            .post(self.url(&format!("/channels/{channel}/messages")))
            .bearer_auth(&token.0)
            .json(&json!({ "body": body }))
            .send()
            .await?;
        let message: Value = expect(answer, 201, "posting").await?.json().await?;
        message["id"]
            .as_i64()
            .context("an id in the stored message")
    }

    /// A page of history: the ids of up to `limit` messages before
    /// `before` (or the newest).
    pub async fn history(
        &self,
        token: &Token,
        channel: &str,
        before: Option<i64>,
        limit: u32,
    ) -> anyhow::Result<Vec<i64>> {
        let mut request = self
            .client
            .get(self.url(&format!("/channels/{channel}/messages")))
            .bearer_auth(&token.0)
            .query(&[("limit", limit.to_string())]);
        if let Some(before) = before {
            request = request.query(&[("before", before.to_string())]);
        }
        let answer = request.send().await?;
        let page: Value = expect(answer, 200, "reading history").await?.json().await?;
        let messages = page
            .as_array()
            .or_else(|| page["messages"].as_array())
            .context("a list of messages")?;
        Ok(messages.iter().filter_map(|m| m["id"].as_i64()).collect())
    }
}
