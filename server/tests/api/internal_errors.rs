use crate::helpers::{captured_logs, spawn_app, TestDatabase};

#[tokio::test]
async fn a_database_failure_is_an_opaque_500_with_a_request_id_that_the_logs_share() {
    let app = spawn_app().await;
    let ana = app.join("ana").await;
    assert_eq!(app.post_message(&ana, "hello").await.status(), 201);

    // Break the stored data behind the server's back.
    TestDatabase::execute(
        &app.database_url,
        "UPDATE users SET name = 'not a valid name!'",
    )
    .await;

    let response = app
        .get("/api/v1/channels/general/messages", Some(&ana.token))
        .await;
    assert_eq!(response.status(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"]["code"], "internal");
    assert_eq!(
        json["error"]["message"],
        "something went wrong on our side; please try again"
    );
    assert_eq!(json["error"]["request_id"], request_id.as_str());
    assert!(
        !body.contains("not a valid") && !body.contains("stored data"),
        "nothing internal leaks: {body}"
    );

    let logs = captured_logs();
    let logged = logs
        .lines()
        .find(|line| line.contains(&request_id) && line.contains("ERROR"));
    assert!(
        logged.is_some_and(
            |line| line.contains("not a valid name") && line.contains("looking up a session")
        ),
        "the cause is logged, with its context, under the request id"
    );
}

#[tokio::test]
async fn every_response_names_its_request() {
    let app = spawn_app().await;
    let response = app.get("/healthz", None).await;
    assert!(!response.headers()["x-request-id"].is_empty());
}
