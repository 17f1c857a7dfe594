use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_ok_when_the_database_does() {
    let app = spawn_app().await;
    let response = app.get("/healthz", None).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn unknown_api_routes_are_json_404s() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/nothing-here", None).await;
    crate::helpers::assert_error(response, 404, "not_found").await;
    let response = app.get("/api/elsewhere", None).await;
    crate::helpers::assert_error(response, 404, "not_found").await;
}

#[tokio::test]
async fn unknown_pages_are_404_with_a_way_back() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page", None).await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Page not found.") && html.contains("href=\"/\""),
        "{html}"
    );
}

#[tokio::test]
async fn readyz_answers_ready_when_every_migration_is_applied() {
    let app = spawn_app().await;
    let response = app.get("/readyz", None).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ready" }));
}

#[tokio::test]
async fn readyz_is_503_when_the_database_lacks_a_migration() {
    let app = spawn_app().await;
    crate::helpers::TestDatabase::execute(
        &app.database_url,
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    let response = app.get("/readyz", None).await;
    let message = crate::helpers::assert_error(response, 503, "not_ready").await;
    assert_eq!(
        message,
        "the database lacks 1 migration of this version of papo; restart papo to apply them"
    );
    let alive = app.get("/healthz", None).await;
    assert_eq!(alive.status(), 200, "alive, only not ready");
}
