//! Direct messages, and writing to one person (seed 004's targeted
//! delivery).

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, next_data, spawn_app};

#[tokio::test]
async fn a_dm_is_the_same_conversation_every_time_and_only_its_people_read_it() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let cy = app.join("cy").await;

    let open = |members: Value| json!({ "members": members });
    let first: Value = app
        .post_json("/api/v1/dms", &open(json!(["bob"])), Some(&ana.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["kind"], "direct");
    assert_eq!(first["participants"], json!(["ana", "bob"]));
    let again: Value = app
        .post_json("/api/v1/dms", &open(json!(["ana"])), Some(&bob.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["name"], first["name"], "the same people, the same DM");

    let dm = first["name"].as_str().unwrap();
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;
    let mut cys = app.open_feed("/api/v1/events", &cy, None).await;
    app.post_to(dm, &ana, "just us").await;
    app.post_to("general", &ana, "everyone").await;
    let (_, data) = next_data(&mut bobs).await;
    assert_eq!(
        (&data["channel"], &data["body"]),
        (&json!(dm), &json!("just us"))
    );
    let (_, data) = next_data(&mut cys).await;
    assert_eq!(data["body"], "everyone", "cy never sees the DM");

    let path = format!("/api/v1/channels/{dm}/messages");
    assert_error(app.get(&path, Some(&cy.token)).await, 404, "not_found").await;
    let join = app
        .send(
            Method::POST,
            &format!("/api/v1/channels/{dm}/join"),
            None,
            &cy,
        )
        .await;
    assert_error(join, 404, "not_found").await;
    let invite = json!({ "name": "cy" });
    let members = format!("/api/v1/channels/{dm}/members");
    let refused = app.send(Method::POST, &members, Some(&invite), &ana).await;
    assert_error(refused, 409, "direct_is_fixed").await;

    let too_many: Vec<String> = (0..8).map(|n| format!("u{n}")).collect();
    let refused = app
        .post_json("/api/v1/dms", &open(json!(too_many)), Some(&ana.token))
        .await;
    assert_error(refused, 422, "invalid_input").await;
    let unknown = app
        .post_json("/api/v1/dms", &open(json!(["nobody"])), Some(&ana.token))
        .await;
    assert_error(unknown, 404, "not_found").await;
}

#[tokio::test]
async fn a_message_to_one_user_reaches_only_that_users_streams() {
    let app = spawn_app().await;
    let bot = app.register("deploy-bot").await;
    let (_, bot_token) = app.create_api_token(&bot, "ci").await;
    let ana = app.join("ana").await;
    let bob = app.join("bob").await;
    let mut anas = app.open_feed("/api/v1/events", &ana, None).await;
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;

    let sent = app
        .post_json(
            "/api/v1/users/ana/messages",
            &json!({ "body": "build 42 is green" }),
            Some(&bot_token.token),
        )
        .await;
    assert_eq!(sent.status(), 201);
    app.post_to("general", &bob, "marker").await;

    let mut ana_got = Vec::new();
    while ana_got.last() != Some(&json!("marker")) {
        let (name, data) = next_data(&mut anas).await;
        if name == "message" {
            ana_got.push(data["body"].clone());
        }
    }
    assert_eq!(ana_got, [json!("build 42 is green"), json!("marker")]);
    loop {
        let (name, data) = next_data(&mut bobs).await;
        assert_ne!(
            data["body"], "build 42 is green",
            "bob got ana's message ({name})"
        );
        if data["body"] == "marker" {
            break;
        }
    }
    let unknown = app
        .post_json(
            "/api/v1/users/nobody/messages",
            &json!({ "body": "hi" }),
            Some(&bot_token.token),
        )
        .await;
    assert_error(unknown, 404, "not_found").await;
}

/// Ten thousand names fit in a 64 KiB body; papo reads eight of them.
#[tokio::test]
async fn a_dm_of_ten_thousand_names_is_refused() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    // Base 36: "0" to "7pr", short enough for ten thousand in 64 KiB.
    let name = |mut i: u32| {
        let mut name = String::new();
        loop {
            name.insert(0, char::from_digit(i % 36, 36).unwrap());
            i /= 36;
            if i == 0 {
                return name;
            }
        }
    };
    let open = json!({ "members": (0..10_000).map(name).collect::<Vec<_>>() });
    assert!(open.to_string().len() <= 64 * 1024);
    let refused = app.post_json("/api/v1/dms", &open, Some(&ana.token)).await;
    assert_error(refused, 422, "invalid_input").await;
}

/// The document says at most 7 names, and so does papo, repeats or not.
#[tokio::test]
async fn an_eighth_name_is_refused_even_as_a_repeat() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    app.join("bob").await;
    let open = |count: usize| json!({ "members": vec!["bob"; count] });
    let seven = app
        .post_json("/api/v1/dms", &open(7), Some(&ana.token))
        .await;
    assert_eq!(seven.status(), 200);
    let eight = app
        .post_json("/api/v1/dms", &open(8), Some(&ana.token))
        .await;
    assert_error(eight, 422, "invalid_input").await;
}
