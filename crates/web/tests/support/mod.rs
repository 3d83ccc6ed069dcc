//! A real application on a real database (every backend), driven through its router.

#![allow(dead_code, clippy::unwrap_used)]

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use motcua_app::App;
use motcua_domain::account::{AccountKind, LoginId, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::ids::UserId;
use motcua_domain::procedure::ProcedureInput;
use motcua_storage::testing::{self, TestDb};
use motcua_storage::{NewUser, Store};
use motcua_web::{AppState, WebSettings};

pub const PASSWORD: &str = "mat-khau-thu-nghiem";

pub struct TestApp {
    pub db: TestDb,
    pub files_dir: tempfile::TempDir,
    pub state: AppState,
    pub router: Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (a PDF, an image).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// `name=value` of a Set-Cookie header for `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|v| v.split(';').next().unwrap_or("").to_owned())
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub fn procedure() -> ProcedureInput {
    serde_json::from_str(include_str!("../../../domain/tests/fixtures/procedure.json")).unwrap()
}

fn agency(code: &str, level: Level, parent: Option<&str>, name: &str) -> AgencyInput {
    AgencyInput {
        code: AgencyCode::parse(code).unwrap(),
        name: name.into(),
        level,
        parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
        valid_from: None,
        valid_to: None,
        address: String::new(),
        phone: String::new(),
    }
}

/// The fees of the test catalogue: birth registration charges 8.000 đ per copy of the
/// extract, due at filing; the judicial record charges 200.000 đ before the result.
fn with_fees(mut second: ProcedureInput, mut judicial: ProcedureInput) -> (ProcedureInput, ProcedureInput) {
    second.form.push(
        serde_json::from_value(serde_json::json!({
            "key": "so_ban_sao", "label": "Số bản sao Trích lục khai sinh", "kind": "number", "required": true
        }))
        .unwrap(),
    );
    second.fee_schedule = Some(
        serde_json::from_value(serde_json::json!({
            "due": "at_filing",
            "items": [{"kind": "per_unit", "code": "ban_sao", "description": "Phí cấp bản sao Trích lục khai sinh",
                       "field": "so_ban_sao", "unit_amount_vnd": 8000, "max_units": 20}]
        }))
        .unwrap(),
    );
    judicial.fee_schedule = Some(
        serde_json::from_value(serde_json::json!({
            "due": "before_result",
            "items": [{"kind": "fixed", "code": "phi", "description": "Phí cung cấp thông tin lý lịch tư pháp",
                       "amount_vnd": 200000}]
        }))
        .unwrap(),
    );
    (second, judicial)
}

async fn seed(store: &Store) {
    let mut second = procedure();
    second.code = "1.001193".into();
    second.name = "Đăng ký khai sinh".into();
    let mut judicial = procedure();
    judicial.code = "2.000488".into();
    judicial.name = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam".into();
    judicial.field = "Lý lịch tư pháp".into();
    judicial.agencies = vec![AgencyCode::parse("H15.01").unwrap()];
    judicial.levels = vec![Level::Province];
    let (second, judicial) = with_fees(second, judicial);
    let doc = CatalogueDoc {
        agencies: vec![
            agency("H15", Level::Province, None, "Ủy ban nhân dân tỉnh Đắk Lắk"),
            agency("H15.01", Level::Province, Some("H15"), "Sở Tư pháp"),
            agency(
                "H15.50",
                Level::Commune,
                Some("H15"),
                "Ủy ban nhân dân phường Buôn Ma Thuột",
            ),
        ],
        units: vec![UnitInput {
            agency: AgencyCode::parse("H15.50").unwrap(),
            code: "MC".into(),
            name: "Bộ phận Một cửa".into(),
            kind: UnitKind::OneStop,
        }],
        procedures: vec![procedure(), second, judicial],
    };
    store.import_catalogue(None, &doc).await.unwrap();
}

/// The settings of a test application: the use cases' and the web layer's.
#[derive(Clone, Default)]
pub struct Settings {
    pub app: motcua_app::Settings,
    pub web: WebSettings,
}

/// The application and its router over a store and a file store.
pub async fn state_of(store: Store, files: motcua_storage::FileStore, settings: Settings) -> AppState {
    let app = App::new(store, files, settings.app).await.unwrap();
    AppState::new(app, settings.web)
}

/// The merchant terminal of the test apps (and of their sandbox gateway).
pub fn merchant_keys() -> motcua_vnpay::MerchantKeys {
    motcua_vnpay::MerchantKeys {
        tmn_code: motcua_vnpay::TmnCode::parse("MOTCUA01").unwrap(),
        secret: motcua_vnpay::HashSecret::new("bi-mat-cong-thanh-toan-thu").unwrap(),
    }
}

/// A demo CA of the tests and the signers of the test agencies, as signing settings; the
/// root's PEM for external verifiers.
pub fn signing() -> (motcua_app::SigningSettings, String) {
    use motcua_signing::demo_ca::{Agency, DemoCa};
    let now = time::OffsetDateTime::now_utc();
    let ca = DemoCa::generate(now).unwrap();
    let root_pem = ca.certificate_pem().unwrap();
    let mut signers: std::collections::HashMap<String, std::sync::Arc<dyn motcua_signing::Signer>> =
        std::collections::HashMap::new();
    for (code, name) in [
        ("H15.50", "Ủy ban nhân dân phường Buôn Ma Thuột"),
        ("H15.01", "Sở Tư pháp"),
    ] {
        let issued = ca.issue(Agency { name, code }, now).unwrap();
        let signer = motcua_signing::credentials::load_pem(
            issued.key_pem.unwrap().as_bytes(),
            issued.chain_pem.as_bytes(),
            root_pem.as_bytes(),
            now,
        )
        .unwrap();
        signers.insert(code.into(), std::sync::Arc::new(signer));
    }
    let settings = motcua_app::SigningSettings {
        signers,
        trusted_roots: std::sync::Arc::new(vec![ca.certificate().clone()]),
        timestamp: None,
        demo: true,
    };
    (settings, root_pem)
}

/// How a payments test app is set up.
pub struct PaymentSetup {
    /// Where the sandbox sends notifications: the app's own IPN (true) or nowhere (false:
    /// the notification is lost and only reconciliation can settle).
    pub ipn_reachable: bool,
    pub expiry: motcua_domain::payment::ExpiryPolicy,
}

impl Default for PaymentSetup {
    fn default() -> Self {
        PaymentSetup {
            ipn_reachable: true,
            expiry: motcua_domain::payment::ExpiryPolicy::default(),
        }
    }
}

impl TestApp {
    /// An app with online payment, served on a loopback port with the sandbox gateway
    /// mounted (the gateway calls the app's IPN through HTTP, as in production). Returns the
    /// app and its base URL.
    pub async fn with_payments(db: TestDb, setup: PaymentSetup) -> (TestApp, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut settings = test_settings();
        settings.app.public_url = base.clone();
        settings.app.payments = Some(motcua_app::PaymentSettings {
            gateway_url: format!("{base}{}", motcua_web::sandbox::PREFIX),
            keys: merchant_keys(),
            expiry: setup.expiry,
        });
        settings.web.payment_sandbox = Some(motcua_web::sandbox::SandboxSettings {
            keys: merchant_keys(),
            ipn_url: if setup.ipn_reachable {
                format!("{base}/thanh-toan/vnpay/ipn")
            } else {
                "http://127.0.0.1:9/thanh-toan/vnpay/ipn".into()
            },
        });
        let app = TestApp::on(db, settings).await;
        let router = app.router.clone();
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
                .await
                .unwrap();
        });
        (app, base)
    }

    pub async fn on(db: TestDb, settings: Settings) -> TestApp {
        seed(&db.store).await;
        let files_dir = tempfile::tempdir().unwrap();
        let files = motcua_storage::FileStore::local(files_dir.path()).unwrap();
        let state = state_of(db.store.clone(), files, settings).await;
        let router = motcua_web::router(state.clone());
        TestApp {
            db,
            files_dir,
            state,
            router,
        }
    }

    pub async fn sqlite() -> TestApp {
        Self::on(testing::sqlite().await, test_settings()).await
    }

    /// One app per available backend (SQLite, and PostgreSQL when configured).
    pub async fn all() -> Vec<TestApp> {
        let mut apps = Vec::new();
        for db in testing::all().await {
            apps.push(Self::on(db, test_settings()).await);
        }
        apps
    }

    /// Stores a feedback setup fitting the test agencies (the demo's categories; the commune
    /// H15.50 with its extent; conduct to the province, the rest by default to H15.01) and
    /// reloads it into the app.
    pub async fn with_feedback(self) -> TestApp {
        let mut setup: serde_json::Value =
            serde_json::from_str(include_str!("../../../../demo/feedback.json")).unwrap();
        setup["areas"] = serde_json::json!([
            {"code": "H15.50", "name": "Phường Buôn Ma Thuột",
             "bbox": {"south": 12.655, "west": 108.02, "north": 12.70, "east": 108.07}}
        ]);
        setup["routes"] = serde_json::json!([
            {"agency": "H15.01"},
            {"classification": "conduct", "agency": "H15"},
            {"area": "H15.50", "agency": "H15.50"}
        ]);
        let setup: motcua_domain::feedback::Setup = serde_json::from_value(setup).unwrap();
        self.db
            .store
            .save_feedback_setup(&setup, None, None, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        self.state.refresh_feedback_setup().await.unwrap();
        self
    }

    /// The local file store the application writes to.
    pub fn files(&self) -> motcua_storage::FileStore {
        motcua_storage::FileStore::local(self.files_dir.path()).unwrap()
    }

    pub fn label(&self) -> &'static str {
        self.db.label
    }

    /// Creates an account with an optional role in an agency; returns its id.
    pub async fn user(&self, login: &str, kind: AccountKind, role: Option<(Role, &str)>) -> UserId {
        let hash = motcua_app::accounts::password::hash(PASSWORD).unwrap();
        let id = self
            .db
            .store
            .create_user(
                None,
                &NewUser {
                    kind,
                    full_name: format!("Người dùng {login}"),
                    login: LoginId::parse(login).unwrap(),
                    password_hash: hash,
                },
            )
            .await
            .unwrap();
        if let Some((role, agency)) = role {
            let a = self
                .db
                .store
                .agency_by_code(&AgencyCode::parse(agency).unwrap())
                .await
                .unwrap()
                .unwrap();
            self.db
                .store
                .grant_role(
                    None,
                    id,
                    &RoleGrant {
                        role,
                        agency_id: a.id,
                        unit_id: None,
                    },
                )
                .await
                .unwrap();
        }
        id
    }

    /// A Bearer token for an account created on the spot.
    pub async fn token(&self, login: &str, kind: AccountKind, role: Option<(Role, &str)>) -> String {
        self.user(login, kind, role).await;
        let r = self
            .send(json_request(
                "POST",
                "/api/v1/auth/token",
                &serde_json::json!({"login": login, "password": PASSWORD}),
                None,
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["token"].as_str().unwrap().to_owned()
    }

    pub async fn send(&self, mut req: Request<Body>) -> Reply {
        if req.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            req.extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 7], 40000))));
        }
        let res: Response<Body> = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut b = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "localhost");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form with one file (`file` field), the CSRF token in the query.
    pub async fn post_file(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "motcua-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::HOST, "localhost")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Opens a form page: returns the session cookie and the form's CSRF token.
    pub async fn open_form(&self, path: &str, cookie: Option<&str>) -> (String, String) {
        let r = match cookie {
            Some(c) => self.get_with_cookie(path, c).await,
            None => self.get(path).await,
        };
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        let cookie = cookie
            .map(str::to_owned)
            .or_else(|| r.cookie("motcua_sid"))
            .expect("a session cookie");
        (cookie, csrf_of(&r.body))
    }

    /// Signs in through the portal form; returns the new session cookie.
    pub async fn sign_in(&self, login: &str) -> String {
        let (cookie, csrf) = self.open_form("/dang-nhap", None).await;
        let r = self
            .post_form(
                "/dang-nhap",
                Some(&cookie),
                &[
                    ("_csrf", &csrf),
                    ("login", login),
                    ("password", PASSWORD),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        r.cookie("motcua_sid").expect("new session cookie")
    }
}

pub fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a CSRF field");
    let rest = &html[at + 20..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The Open311 key and chat-channel secret the test apps accept.
pub const OPEN311_KEY: &str = "demo-open311-key";
pub const CHANNEL_SECRET: &str = "bi-mat-kenh-zalo-thu-nghiem";

pub fn test_settings() -> Settings {
    let mut feedback = motcua_web::FeedbackSettings::default();
    feedback.open311.demo_key = Some(OPEN311_KEY.into());
    feedback.channels = vec![motcua_web::ChannelSettings {
        name: "zalo".into(),
        secret: CHANNEL_SECRET.into(),
        default_category: "rac-thai".into(),
    }];
    Settings {
        app: motcua_app::Settings::default(),
        web: WebSettings {
            secure_cookies: false,
            feedback,
            ..WebSettings::default()
        },
    }
}

pub fn json_request(method: &str, path: &str, body: &serde_json::Value, token: Option<&str>) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

pub fn raw_request(method: &str, path: &str, content_type: &str, body: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_owned())).unwrap()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The text of a PDF, through poppler's pdftotext (a test dependency: `.ci/run` installs
/// poppler-utils).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by the test-suite");
    String::from_utf8(out.stdout).unwrap()
}
