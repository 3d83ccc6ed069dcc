//! Cross-cutting HTTP behaviour: security headers, request metrics and logs.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// The Content-Security-Policy: everything from this origin only; forms may also be sent
/// to `payment_gateway` (the payment gateway's origin: paying is a form posted here and
/// redirected there, which `form-action` governs too).
pub fn content_security_policy(payment_gateway: Option<&str>) -> HeaderValue {
    let gateway = payment_gateway
        .and_then(|u| reqwest::Url::parse(u).ok())
        .map(|u| u.origin())
        .filter(|o| o.is_tuple())
        .map(|o| format!(" {}", o.ascii_serialization()))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'{gateway}; \
         base-uri 'none'; object-src 'none'"
    );
    HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// Adds the security headers every response carries.
pub async fn security_headers(secure: bool, csp: HeaderValue, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(csp);
    let mut set = |name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(self)",
    );
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if secure {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    res
}

/// The process-wide Prometheus recorder (installed once, shared by every router).
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (tests build many routers): keep ours
        // readable either way.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts and times requests by route template (never by raw URI: no personal data).
pub async fn observe(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_owned();
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16();
    let secs = start.elapsed().as_secs_f64();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method.clone(), "route" => route.clone())
        .record(secs);
    if status >= 500 {
        tracing::error!(%method, %route, status, duration_ms = secs * 1000.0, "request failed");
    } else {
        tracing::debug!(%method, %route, status, duration_ms = secs * 1000.0, "request");
    }
    res
}
