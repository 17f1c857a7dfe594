//! Raw HTTP/1.1 over TCP, for what a client library hides: how the server
//! frames a response, and what it does with a client that misbehaves.

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::{Guest, TestApp};

/// A raw connection to the app, and everything it has received so far.
pub struct Connection {
    pub stream: TcpStream,
    pub received: String,
}

impl Connection {
    pub async fn open(app: &TestApp) -> Connection {
        let address = app.address.trim_start_matches("http://");
        let stream = TcpStream::connect(address).await.expect("connects");
        Connection {
            stream,
            received: String::new(),
        }
    }

    /// A connection that reads almost nothing unless asked: its receive
    /// buffer is as small as the system allows, so a server writing to it
    /// soon has to wait.
    pub async fn open_small(app: &TestApp) -> Connection {
        let address = app.address.trim_start_matches("http://");
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(1024).unwrap();
        let stream = socket
            .connect(address.parse().unwrap())
            .await
            .expect("connects");
        Connection {
            stream,
            received: String::new(),
        }
    }

    pub async fn send(&mut self, request: &str) {
        self.stream
            .write_all(request.as_bytes())
            .await
            .expect("request is sent");
    }

    /// Reads until `text` has been received; fails after 10 s or at the end.
    pub async fn read_until(&mut self, text: &str) {
        while !self.received.contains(text) {
            let mut buffer = [0; 4096];
            let read = tokio::time::timeout(Duration::from_secs(10), self.stream.read(&mut buffer))
                .await
                .unwrap_or_else(|_| panic!("{text:?} within 10 s; got {:?}", self.received))
                .expect("reads");
            assert!(read > 0, "closed before {text:?}; got {:?}", self.received);
            self.received
                .push_str(&String::from_utf8_lossy(&buffer[..read]));
        }
    }

    /// Reads until the server closes the connection; fails after 10 s.
    pub async fn read_to_end(&mut self) {
        let mut rest = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), self.stream.read_to_end(&mut rest))
            .await
            .expect("the server closes the connection within 10 s")
            .expect("reads");
        self.received.push_str(&String::from_utf8_lossy(&rest));
    }

    /// The status line and headers received, lowercased.
    pub fn head(&self) -> String {
        let (head, _) = self
            .received
            .split_once("\r\n\r\n")
            .expect("a whole response head");
        head.to_lowercase()
    }
}

pub fn feed_request(path: &str, guest: &Guest) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\r\n",
        guest.token
    )
}
