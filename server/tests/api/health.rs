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
