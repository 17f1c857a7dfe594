use crate::support::{Database, Home, Server, PASSWORD};

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn registering_saves_a_private_token_that_the_other_commands_use() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();

    let said = ana.register(&server, "ana");
    assert!(said
        .ok()
        .contains(&format!("Logged in to {} as ana", server.url)));

    let saved = std::fs::read_to_string(ana.login_file()).unwrap();
    assert!(saved.contains(&server.url), "{saved}");
    assert!(ana.token().starts_with("papo_pat_"), "{saved}");
    #[cfg(unix)]
    assert_eq!(mode(&ana.login_file()), 0o600);

    let channels = ana.run(&["channels"]);
    assert!(channels.ok().contains("#general"), "{channels:?}");
}

#[test]
fn an_account_signs_in_from_another_machine_with_its_password_from_stdin() {
    let database = Database::new();
    let server = Server::start(&database);
    Home::new().register(&server, "ana").ok();

    let laptop = Home::new();
    let args = ["login", "--server", &server.url, "--name", "ana"];
    laptop.run_with(&args, &[], &format!("{PASSWORD}\n")).ok();
    laptop.send("#general", "from the laptop");
    let history = laptop.run(&["history", "#general"]);
    assert!(history.ok().contains("ana: from the laptop"));

    let wrong = Home::new().run_with(&args, &[("PAPO_PASSWORD", "not the password")], "");
    wrong.failed(1, "wrong name or password");
}

#[test]
fn a_guest_logs_in_without_a_password() {
    let database = Database::new();
    let server = Server::start(&database);
    let guest = Home::new();
    let args = [
        "login",
        "--server",
        &server.url,
        "--name",
        "visitor",
        "--guest",
    ];
    guest.run(&args).ok();
    guest.send("general", "just looking");
    let history = guest.run(&["history", "general", "--limit", "1"]);
    assert!(history.ok().contains("visitor: just looking"));
}

#[test]
fn logout_revokes_the_token_and_forgets_it() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();
    let token = ana.token();

    assert!(ana.run(&["logout"]).ok().contains("Logged out"));
    assert!(!ana.login_file().exists());

    let with_old_token = Home::new().run_with(
        &["channels"],
        &[("PAPO_SERVER", &server.url), ("PAPO_TOKEN", &token)],
        "",
    );
    with_old_token.failed(4, "refused the token");
}

#[test]
fn whoami_names_the_token_and_server_in_use() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();
    let said = ana.run(&["whoami"]);
    assert_eq!(said.ok().trim(), format!("ana (account) on {}", server.url));

    // What the environment says wins over the saved login.
    let guest = Home::new();
    guest
        .run(&["login", "--server", &server.url, "--name", "bot", "--guest"])
        .ok();
    let env = [
        ("PAPO_SERVER", server.url.as_str()),
        ("PAPO_TOKEN", &guest.token()),
    ];
    let json = ana.run_with(&["whoami", "--json"], &env, "");
    let printed: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(
        printed,
        serde_json::json!({ "server": server.url, "user": { "name": "bot" }, "registered": false })
    );
}
