use std::net::TcpListener;

use crate::support::{Database, Home, Server};

/// An address where nothing listens.
fn nowhere() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[test]
fn an_unreachable_server_exits_with_3() {
    let home = Home::new();
    let url = nowhere();
    let env = [("PAPO_SERVER", url.as_str()), ("PAPO_TOKEN", "papo_pat_x")];
    let message = format!("cannot reach {url}");
    for args in [
        &["send", "general", "hi"][..],
        &["channels"],
        &["history", "general"],
        // tail gives up at once if the very first connection fails.
        &["tail", "general"],
    ] {
        home.run_with(args, &env, "").failed(3, &message);
    }
    let login = ["login", "--server", &url, "--name", "ana", "--guest"];
    home.run(&login).failed(3, &message);
}

#[test]
fn a_bad_token_or_no_login_exits_with_4() {
    let database = Database::new();
    let server = Server::start(&database);
    let home = Home::new();

    home.run(&["channels"]).failed(4, "not logged in");

    let env = [
        ("PAPO_SERVER", server.url.as_str()),
        ("PAPO_TOKEN", "papo_pat_made_up"),
    ];
    home.run_with(&["send", "general", "hi"], &env, "")
        .failed(4, "refused the token");
    home.run_with(&["tail", "general"], &env, "")
        .failed(4, "refused the token");

    // A saved login is never sent to another server.
    home.register(&server, "ana").ok();
    let other = [("PAPO_SERVER", "http://127.0.0.1:9")];
    home.run_with(&["channels"], &other, "")
        .failed(4, "not logged in to http://127.0.0.1:9");
}

#[test]
fn an_unknown_channel_exits_with_1_and_the_servers_message() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    ana.run(&["send", "#nowhere", "hi"])
        .failed(1, "sending to #nowhere: no such channel");
    ana.run(&["history", "nowhere"])
        .failed(1, "reading #nowhere: no such channel");
    ana.run(&["tail", "#nowhere"])
        .failed(1, "following #nowhere: no such channel");
}

#[test]
fn bad_input_exits_with_2_before_anything_is_sent() {
    let home = Home::new();
    let env = [("PAPO_SERVER", "http://127.0.0.1:9"), ("PAPO_TOKEN", "t")];
    let not_a_channel = home.run_with(&["send", "Not A Channel", "hi"], &env, "");
    assert_eq!(not_a_channel.code, 2, "{not_a_channel:?}");
    assert!(
        not_a_channel.stderr.contains("channel"),
        "{not_a_channel:?}"
    );

    let too_many = home.run_with(&["history", "general", "--limit", "500"], &env, "");
    assert_eq!(too_many.code, 2, "{too_many:?}");
    assert!(too_many.stderr.contains("1 to 200"), "{too_many:?}");

    home.run_with(&["send", "general"], &env, "  \n")
        .failed(2, "empty");

    let bad_server = home.run(&["channels", "--server", "localhost:3000"]);
    assert_eq!(bad_server.code, 2, "{bad_server:?}");
    assert!(bad_server.stderr.contains("is not a server address"));
}

#[test]
fn every_command_has_help() {
    let home = Home::new();
    let top = home.run(&["--help"]);
    for command in ["login", "logout", "send", "tail", "channels", "history"] {
        assert!(top.ok().contains(command), "{command} in {top:?}");
        let help = home.run(&[command, "--help"]);
        assert!(
            help.ok().contains(&format!("Usage: papo {command}")),
            "{help:?}"
        );
    }
    assert!(top.ok().contains("PAPO_TOKEN"));
    assert!(top.ok().contains("Exit codes"));
}
