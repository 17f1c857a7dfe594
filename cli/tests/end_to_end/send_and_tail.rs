use serde_json::Value;

use crate::support::{Database, Home, Server};

#[test]
fn tail_prints_what_send_sends_as_plain_lines() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    let tail = ana.spawn(&["tail", "#general"]);
    tail.wait_stderr("following #general");

    ana.send("#general", "hello, everyone");
    let line = tail.next_line();
    assert!(line.ends_with(" ana: hello, everyone"), "{line}");
    // Not a terminal: no colors, no escape codes.
    assert!(!line.contains('\u{1b}'), "{line:?}");

    let piped = ana.run_with(&["send", "general"], &[], "from stdin\nand a second line\n");
    piped.ok();
    assert!(tail.next_line().ends_with(" ana: from stdin"));
    assert_eq!(tail.next_line().trim_start(), "and a second line");
}

#[test]
fn tail_json_prints_one_event_per_line() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    let tail = ana.spawn(&["tail", "general", "--json"]);
    tail.wait_stderr("following #general");
    ana.send("general", "for the script");
    ana.send("general", "and another");

    let first: Value = serde_json::from_str(&tail.next_line()).expect("a JSON line");
    assert_eq!(first["event"], "message");
    assert_eq!(first["data"]["body"], "for the script");
    assert_eq!(first["data"]["author"], "ana");
    assert_eq!(first["data"]["channel"], "general");
    let second: Value = serde_json::from_str(&tail.next_line()).expect("a JSON line");
    assert_eq!(second["data"]["body"], "and another");
    assert!(second["id"].as_i64() > first["id"].as_i64());
}

#[test]
fn tail_without_a_channel_follows_every_channel_and_names_it() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    let tail = ana.spawn(&["tail"]);
    tail.wait_stderr("following every channel");
    ana.send("general", "everywhere");
    let line = tail.next_line();
    assert!(line.ends_with(" #general ana: everywhere"), "{line}");
}

#[test]
fn papo_server_and_papo_token_override_the_saved_login() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();
    let bot = Home::new();
    bot.register(&server, "bot").ok();
    let bot_token = bot.token();

    let tail = ana.spawn(&["tail", "general"]);
    tail.wait_stderr("following #general");

    // A CI job: no saved login at all.
    let ci = Home::new();
    let env = [
        ("PAPO_SERVER", server.url.as_str()),
        ("PAPO_TOKEN", &bot_token),
    ];
    ci.run_with(&["send", "general", "build passed"], &env, "")
        .ok();
    assert!(tail.next_line().ends_with(" bot: build passed"));

    // PAPO_TOKEN wins over ana's saved login.
    let as_bot = [("PAPO_TOKEN", bot_token.as_str())];
    ana.run_with(&["send", "general", "still the bot"], &as_bot, "")
        .ok();
    assert!(tail.next_line().ends_with(" bot: still the bot"));
}

#[test]
fn history_prints_the_latest_messages_oldest_first() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();
    for body in ["one", "two", "three"] {
        ana.send("general", body);
    }

    let plain = ana.run(&["history", "#general", "--limit", "2"]);
    let lines: Vec<&str> = plain.ok().lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].ends_with(" ana: two"), "{lines:?}");
    assert!(lines[1].ends_with(" ana: three"), "{lines:?}");

    let json = ana.run(&["history", "general", "--json"]);
    let bodies: Vec<String> = json
        .ok()
        .lines()
        .map(|line| {
            let message: Value = serde_json::from_str(line).expect("a JSON line");
            message["body"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(bodies, ["one", "two", "three"]);
}

#[test]
fn channels_lists_mine_and_with_all_the_public_ones() {
    let database = Database::new();
    let server = Server::start(&database);
    let ana = Home::new();
    ana.register(&server, "ana").ok();

    let mine = ana.run(&["channels"]);
    assert_eq!(
        mine.ok().lines().next().unwrap_or_default().trim(),
        "#general"
    );

    let all = ana.run(&["channels", "--all", "--json"]);
    let first: Value = serde_json::from_str(all.ok().lines().next().unwrap()).unwrap();
    assert_eq!(first["name"], "general");
    assert_eq!(first["joined"], true);
}
