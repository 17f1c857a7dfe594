//! How many live feeds one account, and one address, may hold open.

use std::num::NonZeroU32;

use crate::helpers::{assert_error, next_about, spawn_app_with, TestApp};

async fn app_with_caps(per_account: u32, per_address: u32) -> TestApp {
    spawn_app_with(|config| {
        config.feed_caps.per_account = NonZeroU32::new(per_account);
        config.feed_caps.per_address = NonZeroU32::new(per_address);
    })
    .await
}

#[tokio::test]
async fn a_feed_past_the_accounts_cap_waits_until_one_closes() {
    let app = app_with_caps(2, 0).await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;
    let first = app.open_feed("/api/v1/events", &ana, None).await;
    let second = app
        .open_feed("/api/v1/channels/general/events", &ana, None)
        .await;

    let refused = app.get("/api/v1/events", Some(&ana.token)).await;
    assert_eq!(refused.headers()["retry-after"], "10");
    assert_error(refused, 429, "rate_limited").await;
    drop(app.open_feed("/api/v1/events", &bob, None).await);

    // Once ana's feeds are closed (she goes offline), she may open more.
    drop((first, second));
    next_about(&mut bobs, "member_offline", Some("ana")).await;
    drop(app.open_feed("/api/v1/events", &ana, None).await);
    drop(app.open_feed("/api/v1/events", &ana, None).await);
}

#[tokio::test]
async fn an_address_has_its_own_cap_whoever_opens_the_feeds() {
    let app = app_with_caps(0, 2).await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let cy = app.join("cy").await;
    let _ana = app.open_feed("/api/v1/events", &ana, None).await;
    let _bob = app.open_feed("/api/v1/events", &bob, None).await;
    let refused = app.get("/api/v1/events", Some(&cy.token)).await;
    assert_error(refused, 429, "rate_limited").await;
}
