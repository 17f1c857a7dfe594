//! A setting papo cannot use stops it at start, with a message naming the
//! setting, before it creates or opens anything: the real `papo-server`
//! binary, in an empty folder, with nothing but the setting under test.

use std::{
    io::Read,
    path::Path,
    process::{Command, ExitStatus, Stdio},
    sync::mpsc,
    time::Duration,
};

/// How long a papo that wrongly starts is given before the test says so.
const STARTS_WITHIN: Duration = Duration::from_secs(30);

/// Runs `papo-server` in `folder` with only `settings` in its environment;
/// its exit status and what it wrote to stderr. Fails if it keeps running.
fn run_papo(folder: &Path, settings: &[(&str, &str)]) -> (ExitStatus, String) {
    let mut papo = Command::new(env!("CARGO_BIN_EXE_papo-server"))
        .current_dir(folder)
        .env_clear()
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .envs(settings.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("papo-server starts");
    let mut stderr = papo.stderr.take().expect("stderr is piped");
    let (sender, receiver) = mpsc::channel();
    // stderr ends when papo does.
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        let _ = sender.send(text);
    });
    let Ok(stderr) = receiver.recv_timeout(STARTS_WITHIN) else {
        let _ = papo.kill();
        panic!("papo-server kept running with {settings:?}");
    };
    (papo.wait().expect("papo-server ends"), stderr)
}

/// `folder`'s entries, by name.
fn entries(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_database_url_of_another_kind_stops_papo_and_creates_nothing() {
    for url in ["mysql://papo:s3cret@db/papo", "foo://", "data/papo.db"] {
        let folder = tempfile::tempdir().unwrap();
        let (status, stderr) = run_papo(folder.path(), &[("DATABASE_URL", url)]);
        assert!(!status.success(), "{url}: {stderr}");
        assert!(stderr.contains("DATABASE_URL"), "{url}: {stderr}");
        assert!(
            stderr.contains("sqlite:") && stderr.contains("postgres://"),
            "the accepted schemes are named: {stderr}"
        );
        assert!(
            !stderr.contains("s3cret"),
            "the password is not shown: {stderr}"
        );
        assert_eq!(entries(folder.path()), Vec::<String>::new(), "{url}");
    }
}

#[test]
fn a_log_filter_that_is_not_one_stops_papo() {
    let folder = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/papo.db", folder.path().display());
    let (status, stderr) = run_papo(
        folder.path(),
        &[("DATABASE_URL", &database), ("RUST_LOG", "server=loudly")],
    );
    assert!(!status.success(), "{stderr}");
    assert!(stderr.contains("RUST_LOG"), "{stderr}");
    assert_eq!(entries(folder.path()), Vec::<String>::new());
}

/// What papo wrote to stderr as it refused `settings`, in an empty folder.
fn refusal(settings: &[(&str, &str)]) -> String {
    let folder = tempfile::tempdir().unwrap();
    let (status, stderr) = run_papo(folder.path(), settings);
    assert!(!status.success(), "{settings:?}: {stderr}");
    stderr
}

#[test]
fn a_metrics_token_no_scraper_could_send_stops_papo_without_showing_it() {
    let stderr = refusal(&[("PAPO_METRICS_TOKEN", "my s3cret")]);
    assert!(stderr.contains("PAPO_METRICS_TOKEN"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
}

#[test]
fn a_secure_cookies_value_that_is_not_one_stops_papo() {
    let stderr = refusal(&[("PAPO_SECURE_COOKIES", "sometimes")]);
    assert!(stderr.contains("secure-cookies"), "{stderr}");
    assert!(stderr.contains("auto, true or false"), "{stderr}");
}
