use serde_json::{json, Value};

use crate::helpers::{assert_error, captured_logs, spawn_app, spawn_app_with, TestApp};

const PASSWORD: &str = "correct horse battery staple";

async fn register(
    app: &TestApp,
    name: &str,
    password: &str,
    token: Option<&str>,
) -> reqwest::Response {
    app.post_json(
        "/api/v1/users",
        &json!({ "name": name, "password": password }),
        token,
    )
    .await
}

async fn sign_in(app: &TestApp, name: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/session",
        &json!({ "name": name, "password": password }),
        None,
    )
    .await
}

async fn token_of(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["token"].as_str().expect("a token").to_owned()
}

async fn can_post(app: &TestApp, token: &str) -> bool {
    let response = app
        .post_json(
            "/api/v1/channels/general/messages",
            &json!({ "body": "still here?" }),
            Some(token),
        )
        .await;
    match response.status().as_u16() {
        201 => true,
        401 => false,
        other => panic!("unexpected status {other}"),
    }
}

#[tokio::test]
async fn register_sign_out_and_sign_in_again() {
    let app = spawn_app().await;
    let registered = register(&app, "ana", PASSWORD, None).await;
    assert_eq!(registered.status(), 201);
    assert!(registered.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("papo_session="));
    let body: Value = registered.json().await.unwrap();
    assert_eq!(body["user"], json!({ "name": "ana" }));
    let first = body["token"].as_str().unwrap().to_owned();
    assert!(can_post(&app, &first).await);

    let signed_out = app.delete("/api/v1/session", &first).await;
    assert_eq!(signed_out.status(), 204);
    assert!(signed_out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert!(!can_post(&app, &first).await, "the session is over");

    let again = sign_in(&app, "ANA", PASSWORD).await;
    assert_eq!(again.status(), 201);
    let second = token_of(again).await;
    assert!(can_post(&app, &second).await);
    let history: Vec<Value> = app
        .get("/api/v1/channels/general/messages", Some(&second))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history.len(),
        2,
        "the message from before signing out is still there"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_name_get_the_same_answer() {
    let app = spawn_app().await;
    register(&app, "ana", PASSWORD, None).await;
    let wrong_password = assert_error(
        sign_in(&app, "ana", "not the password").await,
        401,
        "wrong_credentials",
    )
    .await;
    let unknown_name = assert_error(
        sign_in(&app, "nobody", PASSWORD).await,
        401,
        "wrong_credentials",
    )
    .await;
    let invalid_name = assert_error(
        sign_in(&app, "no body", PASSWORD).await,
        401,
        "wrong_credentials",
    )
    .await;
    assert_eq!(wrong_password, "wrong name or password");
    assert_eq!(unknown_name, wrong_password);
    assert_eq!(invalid_name, wrong_password);
}

#[tokio::test]
async fn weak_passwords_and_taken_names_are_refused() {
    let app = spawn_app().await;
    let short = assert_error(
        register(&app, "ana", "short", None).await,
        422,
        "invalid_input",
    )
    .await;
    assert_eq!(short, "password is too short (at least 10 characters)");
    let common = assert_error(
        register(&app, "ana", "password123", None).await,
        422,
        "invalid_input",
    )
    .await;
    assert_eq!(
        common,
        "that password is one of the most common ones; please choose another"
    );

    assert_eq!(register(&app, "ana", PASSWORD, None).await.status(), 201);
    assert_error(
        register(&app, "Ana", "another good passphrase", None).await,
        409,
        "name_taken",
    )
    .await;
}

#[tokio::test]
async fn a_guest_can_never_take_a_registered_name() {
    let app = spawn_app().await;
    let ana = token_of(register(&app, "ana", PASSWORD, None).await).await;
    app.delete("/api/v1/sessions", &ana).await;
    let guest = app
        .post_json("/api/v1/session", &json!({ "name": "ANA" }), None)
        .await;
    assert_error(guest, 409, "name_taken").await;
}

#[tokio::test]
async fn a_guest_claims_its_own_name_and_keeps_its_messages() {
    let app = spawn_app().await;
    let guest = app.join("bia").await;
    assert_eq!(
        app.post_message(&guest, "said as a guest").await.status(),
        201
    );

    let someone_else = register(&app, "bia", PASSWORD, None).await;
    assert_error(someone_else, 409, "name_taken").await;

    let claimed = register(&app, "bia", PASSWORD, Some(&guest.token)).await;
    assert_eq!(claimed.status(), 201);
    let account = token_of(claimed).await;
    let history: Vec<Value> = app
        .get("/api/v1/channels/general/messages", Some(&account))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["author"], "bia");
    assert_eq!(history[0]["body"], "said as a guest");
    assert_eq!(sign_in(&app, "bia", PASSWORD).await.status(), 201);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    let laptop = token_of(register(&app, "ana", PASSWORD, None).await).await;
    let phone = token_of(sign_in(&app, "ana", PASSWORD).await).await;
    assert_eq!(app.delete("/api/v1/sessions", &phone).await.status(), 204);
    assert!(!can_post(&app, &laptop).await);
    assert!(!can_post(&app, &phone).await);
}

#[tokio::test]
async fn api_tokens_are_shown_once_work_as_bearer_and_stop_when_revoked() {
    let app = spawn_app().await;
    let session = token_of(register(&app, "ana", PASSWORD, None).await).await;

    let created = app
        .post_json(
            "/api/v1/tokens",
            &json!({ "label": "ci bot" }),
            Some(&session),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("papo_pat_"), "{secret}");
    assert_eq!(created["label"], "ci bot");

    let listed = app
        .get("/api/v1/tokens", Some(&session))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains("ci bot") && !listed.contains(&secret),
        "{listed}"
    );

    let posted = app
        .post_json(
            "/api/v1/channels/general/messages",
            &json!({ "body": "from ci" }),
            Some(&secret),
        )
        .await;
    assert_eq!(posted.status(), 201);
    assert_eq!(posted.json::<Value>().await.unwrap()["author"], "ana");
    let listed: Vec<Value> = app
        .get("/api/v1/tokens", Some(&session))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        listed[0]["last_used_at"].is_string(),
        "use is recorded: {listed:?}"
    );

    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/tokens/{id}"), &session)
            .await
            .status(),
        204
    );
    assert!(!can_post(&app, &secret).await, "a revoked token is refused");
    assert_error(
        app.delete(&format!("/api/v1/tokens/{id}"), &session).await,
        404,
        "not_found",
    )
    .await;
    assert_error(
        app.delete("/api/v1/tokens/not-a-number", &session).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn tokens_belong_to_their_owner_and_need_an_account() {
    let app = spawn_app().await;
    let ana = token_of(register(&app, "ana", PASSWORD, None).await).await;
    let bob = token_of(register(&app, "bob", "bob's own long passphrase", None).await).await;
    let created: Value = app
        .post_json(
            "/api/v1/tokens",
            &json!({ "label": "ana's bot" }),
            Some(&ana),
        )
        .await
        .json()
        .await
        .unwrap();

    let bobs: Vec<Value> = app
        .get("/api/v1/tokens", Some(&bob))
        .await
        .json()
        .await
        .unwrap();
    assert!(bobs.is_empty(), "bob sees none of ana's tokens");
    let id = created["id"].as_i64().unwrap();
    assert_error(
        app.delete(&format!("/api/v1/tokens/{id}"), &bob).await,
        404,
        "not_found",
    )
    .await;

    let guest = app.join("cai").await;
    let refused = app
        .post_json(
            "/api/v1/tokens",
            &json!({ "label": "x" }),
            Some(&guest.token),
        )
        .await;
    assert_error(refused, 403, "registration_required").await;
    assert_error(app.get("/api/v1/tokens", None).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn passwords_never_appear_in_responses_or_logs() {
    let app = spawn_app().await;
    let secret = "unmistakable-secret-passphrase-7f3a";
    let registered = register(&app, "dora", secret, None)
        .await
        .text()
        .await
        .unwrap();
    let wrong = sign_in(&app, "dora", "unmistakable-but-wrong-passphrase")
        .await
        .text()
        .await
        .unwrap();
    let right = sign_in(&app, "dora", secret).await.text().await.unwrap();
    for body in [&registered, &wrong, &right] {
        assert!(
            !body.contains(secret) && !body.contains("unmistakable"),
            "{body}"
        );
    }
    let logs = captured_logs();
    assert!(logs.contains("account registered"), "the capture works");
    assert!(
        !logs.contains("unmistakable"),
        "a password reached the logs"
    );
}

#[tokio::test]
async fn guessing_passwords_is_rate_limited() {
    let app = spawn_app_with(|config| config.login_rate = "3/1m".parse().unwrap()).await;
    register(&app, "ana", PASSWORD, None).await;
    for _ in 0..3 {
        assert_eq!(sign_in(&app, "ana", "a wrong guess!!").await.status(), 401);
    }
    let limited = sign_in(&app, "ana", PASSWORD).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_error(limited, 429, "rate_limited").await;
}
