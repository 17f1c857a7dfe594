//! The pages as a browser without JavaScript (or curl) gets them: the
//! first HTML already holds the channel, and never someone else's secrets.

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_channel_page_is_rendered_with_its_messages_for_members_only() {
    let app = spawn_app().await;
    let ana = app.register("ana").await;
    let cy = app.join("cy").await;
    app.create_channel(&ana, "skunkworks-x9", true).await;
    app.post_to("skunkworks-x9", &ana, "the-launch-date").await;

    let page = app.get("/c/skunkworks-x9", Some(&ana.token)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("the-launch-date"), "members see the history");

    for path in ["/c/skunkworks-x9", "/c/nowhere"] {
        let page = app.get(path, Some(&cy.token)).await;
        assert_eq!(page.status(), 404, "{path}");
        let html = page.text().await.unwrap();
        assert!(!html.contains("the-launch-date"), "{path}");
    }
    let sidebar = app.get("/", Some(&cy.token)).await.text().await.unwrap();
    assert!(
        !sidebar.contains("skunkworks-x9"),
        "not in a non-member's sidebar"
    );
}
