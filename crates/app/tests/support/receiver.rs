//! A local HTTP receiver standing in for an SMS gateway or Zalo's ZNS endpoint (axum on
//! 127.0.0.1): it records every request as it arrived and answers with a set status/body.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    pub headers: HeaderMap,
    pub body: serde_json::Value,
}

#[derive(Clone)]
struct Shared {
    seen: Arc<Mutex<Vec<Recorded>>>,
    reply: Arc<Mutex<(u16, String)>>,
    delay: Arc<Mutex<std::time::Duration>>,
}

/// A running receiver; stopped when dropped.
pub struct Receiver {
    pub base: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

async fn record(State(s): State<Shared>, uri: Uri, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    s.seen.lock().expect("not poisoned").push(Recorded {
        path: uri.path().to_owned(),
        headers,
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    });
    let (status, body) = s.reply.lock().expect("not poisoned").clone();
    let delay = *s.delay.lock().expect("not poisoned");
    tokio::time::sleep(delay).await;
    (StatusCode::from_u16(status).expect("a valid status"), body)
}

impl Receiver {
    /// Starts a receiver answering `status` with `body`.
    pub async fn start(status: u16, body: serde_json::Value) -> Receiver {
        let shared = Shared {
            seen: Arc::default(),
            reply: Arc::new(Mutex::new((status, body.to_string()))),
            delay: Arc::default(),
        };
        let app = Router::new().fallback(record).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Receiver { base, shared, task }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.seen.lock().expect("not poisoned").clone()
    }

    /// Holds each answer this long from now on (the request is recorded first).
    pub fn delay_by(&self, delay: std::time::Duration) {
        *self.shared.delay.lock().expect("not poisoned") = delay;
    }

    /// Answers from now on with `status` and `body`.
    pub fn reply_with(&self, status: u16, body: serde_json::Value) {
        *self.shared.reply.lock().expect("not poisoned") = (status, body.to_string());
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
