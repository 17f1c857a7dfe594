use crate::support::{Database, Home, Server};

/// The server goes away under a running `papo tail`; a message is posted
/// while it is away (through another server on the same database, so that
/// `tail` cannot have seen it live); the server comes back on the same
/// port. `tail` must reconnect by itself, resume with `Last-Event-ID`, and
/// print the missed message, and everything else, exactly once.
/// Ana sends "while tail was away" through another server on `database`,
/// so that a `tail` on the stopped one cannot have seen it live.
fn post_while_away(database: &Database, ana: &Home) {
    let elsewhere = Server::start(database);
    let env = [
        ("PAPO_SERVER", elsewhere.url.as_str()),
        ("PAPO_TOKEN", &ana.token()),
    ];
    ana.run_with(&["send", "general", "while tail was away"], &env, "")
        .ok();
    elsewhere.stop();
}

#[test]
fn tail_resumes_after_the_server_restarts_and_prints_each_message_once() {
    let database = Database::new();
    let server = Server::start(&database);
    let port = server.port();
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    let tail = ana.spawn(&["tail", "#general"]);
    tail.wait_stderr("following #general");
    ana.send("general", "before the restart");
    assert!(tail.next_line().ends_with(" ana: before the restart"));

    server.stop();
    tail.wait_stderr("reconnecting");

    post_while_away(&database, &ana);

    let _server = Server::start_on(&database, port);
    tail.wait_stderr("reconnected");
    ana.send("general", "after the restart");

    // Nothing before the restart again, nothing twice.
    assert!(tail.next_line().ends_with(" ana: while tail was away"));
    assert!(tail.next_line().ends_with(" ana: after the restart"));
}

/// The same with a `tail` that has printed nothing yet when the server goes
/// away: it resumes from the position the server's `ready` names (its
/// `id:`); without it the message posted meanwhile would be missed.
#[test]
fn tail_resumes_after_a_restart_before_any_event() {
    let database = Database::new();
    let server = Server::start(&database);
    let port = server.port();
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    let tail = ana.spawn(&["tail", "#general"]);
    tail.wait_stderr("following #general");
    server.stop();
    tail.wait_stderr("reconnecting");

    post_while_away(&database, &ana);

    let _server = Server::start_on(&database, port);
    tail.wait_stderr("reconnected");
    ana.send("general", "after the restart");
    assert!(tail.next_line().ends_with(" ana: while tail was away"));
    assert!(tail.next_line().ends_with(" ana: after the restart"));
}
