//! Public and private channels: who can find them, read them, and hear
//! them live.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{assert_error, next_data, spawn_app, Guest, TestApp};

async fn names_in(app: &TestApp, path: &str, guest: &Guest) -> Vec<String> {
    let list: Value = app
        .get(path, Some(&guest.token))
        .await
        .json()
        .await
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_private_channel_is_not_found_by_a_non_member_on_any_path() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let cy = app.join("cy").await;
    app.create_channel(&ana, "secret", true).await;
    let hidden = app.post_to("secret", &ana, "the plan").await;
    let id = hidden["id"].as_i64().unwrap();

    assert_eq!(names_in(&app, "/api/v1/channels", &cy).await, ["general"]);
    assert_eq!(
        names_in(&app, "/api/v1/channels?all=true", &cy).await,
        ["general"]
    );

    let body = json!({ "body": "let me in", "name": "cy", "last_read_id": id });
    let paths = [
        (Method::GET, "/api/v1/channels/secret"),
        (Method::GET, "/api/v1/channels/secret/messages"),
        (Method::POST, "/api/v1/channels/secret/messages"),
        (Method::GET, "/api/v1/channels/secret/events"),
        (Method::GET, "/api/v1/channels/secret/members"),
        (Method::POST, "/api/v1/channels/secret/members"),
        (Method::DELETE, "/api/v1/channels/secret/members/ana"),
        (Method::POST, "/api/v1/channels/secret/join"),
        (Method::POST, "/api/v1/channels/secret/leave"),
        (Method::POST, "/api/v1/channels/secret/read"),
    ];
    for (method, path) in paths {
        let response = app.send(method.clone(), path, Some(&body), &cy).await;
        let message = assert_error(response, 404, "not_found").await;
        // Exactly what a channel that does not exist answers.
        let missing = path.replace("secret", "missing");
        let response = app.send(method.clone(), &missing, Some(&body), &cy).await;
        assert_eq!(
            assert_error(response, 404, "not_found").await,
            message,
            "{method} {path}"
        );
    }
    let message_path = format!("/api/v1/messages/{id}");
    let edit = app
        .send(Method::PATCH, &message_path, Some(&body), &cy)
        .await;
    assert_error(edit, 404, "not_found").await;
    let delete = app.send(Method::DELETE, &message_path, None, &cy).await;
    assert_error(delete, 404, "not_found").await;

    // Her feed of everything carries #general's next message, not the secret.
    let mut feed = app.open_feed("/api/v1/events", &cy, Some("0")).await;
    app.post_to("secret", &ana, "still secret").await;
    app.post_to("general", &ana, "hello all").await;
    loop {
        let (name, data) = next_data(&mut feed).await;
        assert_eq!(data["channel"], "general", "{name}: {data}");
        if data["body"] == "hello all" {
            break;
        }
    }
}

#[tokio::test]
async fn a_removed_member_stops_receiving_at_once_while_members_still_do() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let bob = app.join("bob").await;
    app.create_channel(&ana, "room", true).await;
    let mut anas = app
        .open_feed("/api/v1/channels/room/events", &ana, None)
        .await;
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;

    let invited = app.invite("room", "bob", &ana).await;
    assert_eq!(invited.status(), 204);
    let (name, data) = next_data(&mut bobs).await;
    assert_eq!(
        (name.as_str(), &data["user"], &data["by"]),
        ("member_joined", &json!("bob"), &json!("ana"))
    );
    let mut bobs_room = app
        .open_feed("/api/v1/channels/room/events", &bob, None)
        .await;

    app.post_to("room", &ana, "one").await;
    assert_eq!(next_data(&mut bobs).await.1["body"], "one");
    assert_eq!(next_data(&mut bobs_room).await.1["body"], "one");

    let removed = app
        .send(
            Method::DELETE,
            "/api/v1/channels/room/members/bob",
            None,
            &ana,
        )
        .await;
    assert_eq!(removed.status(), 204);
    assert_eq!(next_data(&mut bobs).await.0, "member_left");
    assert_eq!(next_data(&mut bobs_room).await.0, "member_left");

    app.post_to("room", &ana, "two").await;
    app.post_to("general", &ana, "marker").await;
    let (_, data) = next_data(&mut bobs).await;
    assert_eq!(data["body"], "marker", "bob's feed skipped room's message");

    // Invited back, his open room feed resumes from the invitation on.
    app.invite("room", "bob", &ana).await;
    app.post_to("room", &ana, "three").await;
    assert_eq!(next_data(&mut bobs_room).await.0, "member_joined");
    assert_eq!(next_data(&mut bobs_room).await.1["body"], "three");

    let anas_bodies: Vec<Value> = {
        let mut bodies = Vec::new();
        while bodies.len() < 3 {
            let (name, data) = next_data(&mut anas).await;
            if name == "message" {
                bodies.push(data["body"].clone());
            }
        }
        bodies
    };
    assert_eq!(anas_bodies, [json!("one"), json!("two"), json!("three")]);
    let history: Value = app
        .get("/api/v1/channels/room/messages", Some(&bob.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history.as_array().unwrap().len(),
        3,
        "a member again reads the history"
    );
}

#[tokio::test]
async fn joining_and_leaving_a_public_channel_takes_effect_on_open_feeds() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let bob = app.join("bob").await;
    let mut bobs = app.open_feed("/api/v1/events", &bob, None).await;
    app.create_channel(&ana, "dev", false).await;
    let (name, data) = next_data(&mut bobs).await;
    assert_eq!(
        (name.as_str(), &data["channel"], &data["kind"]),
        ("channel_created", &json!("dev"), &json!("public"))
    );

    // Readable without joining, but not writable.
    app.post_to("dev", &ana, "unheard").await;
    let history: Value = app
        .get("/api/v1/channels/dev/messages", Some(&bob.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["body"], "unheard");
    let refused = app
        .post_json(
            "/api/v1/channels/dev/messages",
            &json!({"body": "hi"}),
            Some(&bob.token),
        )
        .await;
    assert_error(refused, 403, "not_a_member").await;
    assert_eq!(
        names_in(&app, "/api/v1/channels?all=true", &bob).await,
        ["dev", "general"]
    );

    let joined = app
        .send(Method::POST, "/api/v1/channels/dev/join", None, &bob)
        .await;
    assert_eq!(joined.status(), 204);
    assert_eq!(next_data(&mut bobs).await.0, "member_joined");
    app.post_to("dev", &ana, "heard").await;
    assert_eq!(next_data(&mut bobs).await.1["body"], "heard");
    assert_eq!(
        names_in(&app, "/api/v1/channels", &bob).await,
        ["dev", "general"]
    );

    let left = app
        .send(Method::POST, "/api/v1/channels/dev/leave", None, &bob)
        .await;
    assert_eq!(left.status(), 204);
    assert_eq!(next_data(&mut bobs).await.0, "member_left");
    app.post_to("dev", &ana, "unheard again").await;
    app.post_to("general", &ana, "marker").await;
    assert_eq!(next_data(&mut bobs).await.1["body"], "marker");
}

#[tokio::test]
async fn creating_a_channel_needs_an_account_and_a_free_valid_name() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let guest = app.join("gus").await;
    let create = |name: &str| json!({ "name": name, "topic": "  all things dev " });

    let by_guest = app
        .post_json("/api/v1/channels", &create("dev"), Some(&guest.token))
        .await;
    assert_error(by_guest, 403, "registration_required").await;
    for bad in ["Dev", "a b", "dm-1", ""] {
        let response = app
            .post_json("/api/v1/channels", &create(bad), Some(&ana.token))
            .await;
        assert_error(response, 422, "invalid_input").await;
    }
    let created = app
        .post_json("/api/v1/channels", &create("dev"), Some(&ana.token))
        .await;
    assert_eq!(created.status(), 201);
    let info: Value = created.json().await.unwrap();
    assert_eq!(info["name"], "dev");
    assert_eq!(info["kind"], "public");
    assert_eq!(info["topic"], "all things dev");
    assert_eq!(info["created_by"], "ana");
    let again = app
        .post_json("/api/v1/channels", &create("dev"), Some(&ana.token))
        .await;
    assert_error(again, 409, "channel_taken").await;

    let leave_general = app
        .send(Method::POST, "/api/v1/channels/general/leave", None, &ana)
        .await;
    assert_error(leave_general, 409, "cannot_leave_general").await;
    let members: Value = app
        .get("/api/v1/channels/dev/members", Some(&guest.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members, json!(["ana"]));
}

#[tokio::test]
async fn only_the_creator_removes_members_and_only_members_invite() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let bob = app.join("bob").await;
    let cy = app.join("cy").await;
    app.create_channel(&ana, "room", true).await;
    let added = app.invite("room", "bob", &ana).await;
    assert_eq!(added.status(), 204);
    let by_bob = app.invite("room", "cy", &bob).await;
    assert_eq!(by_bob.status(), 204, "members invite");
    let nobody = app.invite("room", "nobody", &bob).await;
    assert_error(nobody, 404, "not_found").await;

    let removal = app
        .send(
            Method::DELETE,
            "/api/v1/channels/room/members/cy",
            None,
            &bob,
        )
        .await;
    assert_error(removal, 403, "forbidden").await;
    let removal = app
        .send(
            Method::DELETE,
            "/api/v1/channels/room/members/cy",
            None,
            &ana,
        )
        .await;
    assert_eq!(removal.status(), 204);
    let gone = app.get("/api/v1/channels/room", Some(&cy.token)).await;
    assert_error(gone, 404, "not_found").await;
}
