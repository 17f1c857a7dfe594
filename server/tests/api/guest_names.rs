//! A guest's name passing on: to the guest's own new account (it claims
//! it), or to a newcomer once the guest is idle (it is retired). Either
//! way, nothing of the guest's old sessions may go on.

use serde_json::{json, Value};

use crate::helpers::{
    assert_feed_ends, assert_feed_ends_passing, next_about, session_cookie, spawn_app, Guest,
    TestApp, TestDatabase,
};

const PASSWORD: &str = "correct horse battery staple";

async fn session_of(app: &TestApp, token: &str) -> u16 {
    app.get("/api/v1/session", Some(token))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn claiming_a_guest_name_ends_the_guest_session_in_every_browser() {
    let app = spawn_app().await;
    // One guest session in two browsers: the second may be anyone who got
    // hold of the token, such as whoever planted the cookie.
    let (guest, cookie) = app.join_with_cookie("ana").await;
    let mut other_browser = app.open_feed("/api/v1/events", &guest, None).await;

    let claimed = app
        .client
        .post(app.url("/api/v1/users"))
        .header("cookie", &cookie)
        .header("origin", &app.address)
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "name": "ana", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(claimed.status(), 201);
    let fresh_cookie = session_cookie(&claimed);
    assert_ne!(fresh_cookie, cookie, "a new cookie, not the guest's");
    let body: Value = claimed.json().await.unwrap();
    let account = body["token"].as_str().unwrap().to_owned();
    assert!(fresh_cookie.ends_with(&account));

    assert_feed_ends(&mut other_browser).await;
    assert_eq!(session_of(&app, &guest.token).await, 401, "the guest token");
    assert_eq!(
        session_of(&app, &account).await,
        200,
        "the account's session"
    );
}

/// Makes every session of the guest called `name` expired in the database
/// while its feeds, which know when their session ends, stay open: the
/// feeds of a guest that has just expired, as the instance that retires
/// it sees the time.
pub async fn expire_sessions_behind_the_feeds(app: &TestApp, name: &str) {
    let sql = format!(
        "UPDATE sessions SET expires_at = 0 \
         WHERE user_id = (SELECT id FROM users WHERE name_key = '{name}')"
    );
    TestDatabase::execute(&app.database_url, &sql).await;
}

#[tokio::test]
async fn a_retired_guest_leaves_its_channels_and_its_feeds_end() {
    let app = spawn_app().await;
    let bo = app.register("bo").await;
    let ana = app.join("ana").await;
    app.create_channel(&bo, "secret", true).await;
    assert_eq!(app.invite("secret", "ana", &bo).await.status(), 204);
    let dm: Value = app
        .post_json(
            "/api/v1/dms",
            &json!({ "members": ["ana"] }),
            Some(&bo.token),
        )
        .await
        .json()
        .await
        .unwrap();
    let dm = dm["name"].as_str().unwrap().to_owned();
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;
    let mut bos = app.open_feed("/api/v1/events", &bo, None).await;

    expire_sessions_behind_the_feeds(&app, "ana").await;
    let newcomer: Guest = app.join("ana").await;

    for channel in ["secret", dm.as_str()] {
        let left = next_about(&mut bos, "member_left", Some("ana")).await;
        assert_eq!(left["channel"], channel, "{left}");
    }
    app.post_to("secret", &bo, "after she left").await;
    app.post_to(&dm, &bo, "after she left").await;
    assert_feed_ends_passing(&mut anas, |event| !event.data.contains("after she left")).await;

    let channels = app
        .get("/api/v1/channels", Some(&newcomer.token))
        .await
        .text()
        .await
        .unwrap();
    assert!(!channels.contains("secret"), "{channels}");
}
