//! The real `papo` binary, run in a throwaway home: its saved login goes to
//! that home's config directory, and nothing from the test's environment
//! (`PAPO_*`, `NO_COLOR`) leaks in.

use std::{
    io::{BufRead, BufReader, Write},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::mpsc::{self, Receiver},
    time::Duration,
};

use tempfile::TempDir;

use super::Server;

/// How long a line of output may take: a reconnection waits 2 s, longer
/// after each failed attempt (up to 36 s).
const LINE_TIMEOUT: Duration = Duration::from_secs(40);

/// The password every test account has.
pub const PASSWORD: &str = "correct horse battery staple";

/// A person's home directory, with its own saved login.
pub struct Home {
    dir: TempDir,
}

/// How a finished `papo` ended.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Asserts success, and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "papo failed: {self:?}");
        &self.stdout
    }

    /// Asserts `papo` failed with `code` and one line on stderr, a
    /// sentence rather than a debug dump, that contains `text`.
    #[track_caller]
    pub fn failed(&self, code: i32, text: &str) {
        assert_eq!(self.code, code, "exit code: {self:?}");
        let stderr = self.stderr.trim_end();
        assert!(stderr.contains(text), "{text:?} not in {stderr:?}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(last.starts_with("papo: error: "), "{stderr:?}");
        for debug in ["{ ", "Error(", "kind:", "panicked"] {
            assert!(!stderr.contains(debug), "a debug dump: {stderr:?}");
        }
    }
}

impl Home {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// Where `papo login` saves the login in this home.
    pub fn login_file(&self) -> PathBuf {
        self.dir.path().join("papo").join("login.toml")
    }

    /// The saved token.
    pub fn token(&self) -> String {
        let saved = std::fs::read_to_string(self.login_file()).expect("a saved login");
        saved
            .lines()
            .find_map(|line| line.strip_prefix("token = "))
            .expect("a token line")
            .trim_matches('"')
            .to_owned()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_papo"));
        command
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path());
        for leak in [
            "PAPO_SERVER",
            "PAPO_TOKEN",
            "PAPO_PASSWORD",
            "NO_COLOR",
            "CLICOLOR_FORCE",
        ] {
            command.env_remove(leak);
        }
        command
    }

    /// Runs `papo args…` with `env` and `stdin`, to its end.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Outcome {
        let mut child = self
            .command(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("papo starts");
        let mut input = child.stdin.take().expect("a stdin");
        input.write_all(stdin.as_bytes()).expect("papo reads stdin");
        drop(input);
        let output = child.wait_with_output().expect("papo ends");
        Outcome {
            code: output.status.code().expect("papo exits by itself"),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
        }
    }

    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with(args, &[], "")
    }

    /// Registers `name` on `server` and saves the login here.
    pub fn register(&self, server: &Server, name: &str) -> Outcome {
        let args = [
            "login",
            "--server",
            &server.url,
            "--name",
            name,
            "--register",
        ];
        self.run_with(&args, &[("PAPO_PASSWORD", PASSWORD)], "")
    }

    /// `papo send channel body`, which must succeed.
    #[track_caller]
    pub fn send(&self, channel: &str, body: &str) {
        self.run(&["send", channel, body]).ok();
    }

    /// Starts a `papo` that keeps running (`tail`).
    pub fn spawn(&self, args: &[&str]) -> Running {
        let mut child = self
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("papo starts");
        let stdout = lines(child.stdout.take().expect("a stdout"));
        let stderr = lines(child.stderr.take().expect("a stderr"));
        Running {
            child,
            stdout,
            stderr,
        }
    }
}

/// The lines of `stream`, read on a thread of their own as they come.
fn lines(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// A `papo` still running; killed when dropped.
pub struct Running {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Running {
    /// The next line on stdout, failing the test if none comes in time.
    #[track_caller]
    pub fn next_line(&self) -> String {
        self.stdout
            .recv_timeout(LINE_TIMEOUT)
            .unwrap_or_else(|e| panic!("no line on stdout ({e}); stderr: {:?}", self.stderr()))
    }

    /// Waits for a line on stderr that contains `text` (skipping others).
    #[track_caller]
    pub fn wait_stderr(&self, text: &str) -> String {
        loop {
            match self.stderr.recv_timeout(LINE_TIMEOUT) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(e) => panic!("no {text:?} on stderr ({e})"),
            }
        }
    }

    /// What is on stderr now.
    fn stderr(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
