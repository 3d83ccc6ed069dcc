//! A local HTTP receiver for the gateway tests (axum on 127.0.0.1, a free port): it records
//! every request exactly as it arrived and answers as the test tells it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What the receiver answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }
}

#[derive(Clone)]
struct Shared {
    seen: Arc<Mutex<Vec<Recorded>>>,
    reply: Reply,
}

/// A running receiver; stopped when dropped.
pub struct Receiver {
    pub base: String,
    seen: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

async fn record(State(s): State<Shared>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    s.seen.lock().expect("not poisoned").push(Recorded {
        method,
        path: uri.path().to_owned(),
        headers,
        body: body.to_vec(),
    });
    tokio::time::sleep(s.reply.delay).await;
    let status = StatusCode::from_u16(s.reply.status).expect("a valid status");
    let mut response = (status, s.reply.body.clone()).into_response();
    if status.is_redirection() {
        response
            .headers_mut()
            .insert(header::LOCATION, header::HeaderValue::from_static("/elsewhere"));
    }
    response
}

impl Receiver {
    pub async fn start(reply: Reply) -> Receiver {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new().fallback(record).with_state(Shared {
            seen: seen.clone(),
            reply,
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Receiver { base, seen, task }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
