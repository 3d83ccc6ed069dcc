//! A real Chromium, driven through chromedriver (WebDriver), against the real app served
//! on a loopback port. `MOTCUA_REQUIRE_BROWSER=1` (set by scripts/test) makes a missing
//! browser a failure instead of a skipped check.

#![allow(dead_code, clippy::unwrap_used)]

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};

/// chromedriver running on a free port; killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn find(names: &[&str]) -> Option<String> {
    let path = std::env::var("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

/// Starts chromedriver, or returns None when it is absent and not required.
pub async fn driver() -> Option<Driver> {
    let Some(bin) = find(&["chromedriver"]) else {
        assert!(
            std::env::var("MOTCUA_REQUIRE_BROWSER").is_err(),
            "MOTCUA_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!("chromedriver not found: browser checks skipped (scripts/test requires them)");
        return None;
    };
    let port = free_port();
    let mut child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(Driver {
                child,
                url: format!("http://127.0.0.1:{port}"),
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("chromedriver did not start");
}

/// A headless Chromium session with a desktop-sized window.
pub async fn browser(d: &Driver) -> Client {
    let binary = find(&["chromium", "chromium-browser", "google-chrome"]).unwrap();
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=vi"]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&d.url)
        .await
        .unwrap()
}

/// Serves the app's router on a loopback port; returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .unwrap();
    });
    format!("http://{addr}")
}
