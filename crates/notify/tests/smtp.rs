//! E-mail against a real SMTP server (aiosmtpd, started by each test): every message in
//! Vietnamese arrives with the right headers and MIME structure; refusals, busy and absent
//! servers are told apart; STARTTLS and implicit TLS work with a private CA and fail
//! without it.
#![allow(clippy::unwrap_used)] // helpers of the test-suite

#[path = "support/smtp.rs"]
mod sink;

use std::time::Duration;

use motcua_notify::*;
use serde_json::Value;
use sink::{SmtpSink, TestCerts};

const FROM: &str = "Cổng Dịch vụ công tỉnh Đắk Lắk <no-reply@dichvucong.daklak.gov.vn>";

fn site() -> SiteContext {
    SiteContext::new(&SiteConfig {
        public_base_url: "https://dichvucong.daklak.gov.vn".into(),
        portal_name: "Cổng Dịch vụ công tỉnh Đắk Lắk".into(),
        portal_name_en: Some("Đắk Lắk Public Service Portal".into()),
    })
    .expect("a valid site")
}

fn relay(port: u16) -> SmtpConfig {
    SmtpConfig {
        port: Some(port),
        security: SmtpSecurity::PlainLocalRelay,
        reply_to: Some("Bộ phận Một cửa <motcua@daklak.gov.vn>".into()),
        timeout_seconds: 5,
        ..SmtpConfig::new("127.0.0.1", FROM)
    }
}

fn email(kind: TemplateKind, lang: Lang, outbox_id: i64) -> (Rendered, Outgoing) {
    let rendered = example(kind, lang, &site()).expect("every example renders");
    let key = IdempotencyKey::new(EventSource::Outbox(outbox_id), Channel::Email, "an.nguyen@example.vn");
    let msg = Outgoing::Email(rendered.email("an.nguyen@example.vn", Some("Nguyễn Văn An"), key));
    (rendered, msg)
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))
}

fn lf(s: &str) -> String {
    s.replace("\r\n", "\n")
}

#[tokio::test]
async fn every_message_in_vietnamese_arrives_as_written() {
    let sink = SmtpSink::start(&[]).await;
    let sender = SmtpSender::new(&relay(sink.port)).unwrap();
    for (i, kind) in TemplateKind::ALL.into_iter().enumerate() {
        let n = i + 1;
        let (rendered, msg) = email(kind, Lang::Vi, 100 + i64::try_from(i).unwrap());
        let started = time::OffsetDateTime::now_utc().unix_timestamp();
        let receipt = sender.send(&msg).await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let (got, raw) = sink.received(n).await;

        // Envelope and headers, as Python's e-mail parser decodes them.
        assert_eq!(s(&got["mail_from"]), "no-reply@dichvucong.daklak.gov.vn");
        assert_eq!(got["rcpt_tos"], serde_json::json!(["an.nguyen@example.vn"]));
        assert_eq!(s(&got["ehlo"]), "dichvucong.daklak.gov.vn");
        assert_eq!(
            s(&got["subject"]),
            rendered.subject,
            "{kind:?}: the subject decodes to the exact text"
        );
        assert_eq!(s(&got["subject_structured"]), rendered.subject);
        assert_eq!(s(&got["from"]), FROM);
        assert_eq!(s(&got["to"]), "Nguyễn Văn An <an.nguyen@example.vn>");
        assert_eq!(s(&got["reply_to"]), "Bộ phận Một cửa <motcua@daklak.gov.vn>");
        let expected_id = format!("<motcua.{}@dichvucong.daklak.gov.vn>", msg.key());
        assert_eq!(s(&got["message_id"]), expected_id);
        assert_eq!(receipt.provider_id.as_deref(), Some(expected_id.as_str()));
        assert!(receipt.response.starts_with("250 "), "{}", receipt.response);
        let date = got["date_unix"].as_f64().expect("a parseable Date header");
        assert!((date - started as f64).abs() < 120.0, "Date is now: {}", got["date"]);
        assert_eq!(s(&got["mime_version"]), "1.0");

        // multipart/alternative: the plain text first, then the HTML, both UTF-8.
        assert_eq!(s(&got["content_type"]), "multipart/alternative");
        let parts = got["parts"].as_array().unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(s(&parts[0]["content_type"]), "text/plain");
        assert_eq!(s(&parts[1]["content_type"]), "text/html");
        for p in parts {
            assert_eq!(s(&p["charset"]).to_lowercase(), "utf-8");
        }
        let text = lf(s(&parts[0]["content"]));
        let html = lf(s(&parts[1]["content"]));
        assert_eq!(text.trim_end(), rendered.text.trim_end(), "{kind:?}: plain text intact");
        assert_eq!(html.trim_end(), rendered.html.trim_end(), "{kind:?}: HTML intact");
        if kind != TemplateKind::VerificationCode
            && kind != TemplateKind::FeedbackAnswered
            && kind != TemplateKind::OfficerDigest
        {
            assert!(
                text.contains("H15.50-260105-0001"),
                "{kind:?}: dossier code in the body"
            );
        }
        if let Some(link) = &rendered.link {
            assert!(
                text.contains(link.as_str()) && html.contains(link.as_str()),
                "{kind:?}: link in the body"
            );
        }

        // On the wire the headers are 7-bit, the subject encoded per RFC 2047.
        let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
        let head = &raw[..head_end];
        assert!(head.is_ascii(), "{kind:?}: raw headers are ASCII");
        let head = String::from_utf8_lossy(head);
        let subject_line = head
            .split("\r\n")
            .find(|l| l.starts_with("Subject: "))
            .expect("a Subject line");
        assert!(subject_line.contains("=?utf-8?"), "{kind:?}: {head}");
    }
    assert_eq!(sink.count(), TemplateKind::ALL.len());
}

#[tokio::test]
async fn an_english_message_arrives_in_english() {
    let sink = SmtpSink::start(&[]).await;
    let sender = SmtpSender::new(&relay(sink.port)).unwrap();
    let (rendered, msg) = email(TemplateKind::SupplementRequested, Lang::En, 7);
    sender.send(&msg).await.unwrap();
    let (got, _) = sink.received(1).await;
    assert_eq!(s(&got["subject"]), "Dossier H15.50-260105-0001 needs to be completed");
    assert_eq!(lf(s(&got["parts"][0]["content"])).trim_end(), rendered.text.trim_end());
}

#[tokio::test]
async fn a_refused_recipient_is_permanent() {
    let sink = SmtpSink::start(&["--refuse", "550 5.1.1 Mailbox unavailable"]).await;
    let sender = SmtpSender::new(&relay(sink.port)).unwrap();
    let (_, msg) = email(TemplateKind::DossierReceived, Lang::Vi, 1);
    let e = sender.send(&msg).await.unwrap_err();
    assert!(!e.is_transient(), "{e}");
    assert_eq!(e.code(), "smtp_rejected");
    assert!(e.detail().contains("Mailbox unavailable"), "{e}");
    assert_eq!(sink.count(), 0);
}

#[tokio::test]
async fn a_busy_server_is_transient() {
    let sink = SmtpSink::start(&["--refuse", "451 4.3.0 Try again later"]).await;
    let sender = SmtpSender::new(&relay(sink.port)).unwrap();
    let (_, msg) = email(TemplateKind::DossierReceived, Lang::Vi, 1);
    let e = sender.send(&msg).await.unwrap_err();
    assert!(e.is_transient(), "{e}");
    assert_eq!(e.code(), "smtp_transient");
    assert!(e.detail().contains("Try again later"), "{e}");
}

#[tokio::test]
async fn a_server_that_is_down_is_transient() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    }; // closed again: nothing listens there now
    let sender = SmtpSender::new(&relay(port)).unwrap();
    let (_, msg) = email(TemplateKind::DossierReceived, Lang::Vi, 1);
    let e = sender.send(&msg).await.unwrap_err();
    assert!(e.is_transient(), "{e}");
    assert_eq!(e.code(), "smtp_unreachable");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_transiently() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = tokio::spawn(async move {
        let (_socket, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    let sender = SmtpSender::new(&SmtpConfig {
        timeout_seconds: 1,
        ..relay(port)
    })
    .unwrap();
    let (_, msg) = email(TemplateKind::DossierReceived, Lang::Vi, 1);
    let started = std::time::Instant::now();
    let e = sender.send(&msg).await.unwrap_err();
    assert!(e.is_transient(), "{e}");
    assert_eq!(e.code(), "smtp_timeout");
    assert!(started.elapsed() < Duration::from_secs(5));
    silent.abort();
}

async fn tls_round_trip(security: SmtpSecurity, extra: &[&str]) {
    let certs = TestCerts::make();
    let mut args = vec![
        "--cert",
        certs.cert.to_str().expect("UTF-8 temporary path"),
        "--key",
        certs.key.to_str().expect("UTF-8 temporary path"),
    ];
    args.extend_from_slice(extra);
    let sink = SmtpSink::start(&args).await;
    let config = SmtpConfig {
        port: Some(sink.port),
        security,
        timeout_seconds: 5,
        ..SmtpConfig::new("localhost", FROM)
    };

    // Without the private CA the server's certificate is not trusted: permanent.
    let (_, msg) = email(TemplateKind::ResultReady, Lang::Vi, 5);
    let e = SmtpSender::new(&config).unwrap().send(&msg).await.unwrap_err();
    assert!(!e.is_transient(), "{e}");
    assert_eq!(e.code(), "smtp_tls", "{e}");
    assert_eq!(sink.count(), 0);

    let trusted = SmtpConfig {
        extra_root_certificates_pem: Some(certs.ca_pem.clone()),
        ..config
    };
    SmtpSender::new(&trusted).unwrap().send(&msg).await.unwrap();
    let (got, _) = sink.received(1).await;
    assert_eq!(got["tls"], Value::Bool(true));
    assert_eq!(s(&got["subject"]), "Hồ sơ H15.50-260105-0001 đã có kết quả");
}

#[tokio::test]
async fn starttls_is_required_and_verified() {
    tls_round_trip(SmtpSecurity::StartTls, &[]).await;
}

#[tokio::test]
async fn implicit_tls_is_verified() {
    tls_round_trip(SmtpSecurity::Tls, &["--implicit-tls"]).await;
}

#[tokio::test]
async fn starttls_refused_by_a_plain_server_is_permanent() {
    let sink = SmtpSink::start(&[]).await;
    let sender = SmtpSender::new(&SmtpConfig {
        port: Some(sink.port),
        security: SmtpSecurity::StartTls,
        timeout_seconds: 5,
        ..SmtpConfig::new("localhost", FROM)
    })
    .unwrap();
    let (_, msg) = email(TemplateKind::ResultReady, Lang::Vi, 5);
    let e = sender.send(&msg).await.unwrap_err();
    assert!(!e.is_transient(), "{e}");
    assert_eq!(e.code(), "smtp_client", "{e}");
    assert_eq!(sink.count(), 0, "nothing goes out in clear when STARTTLS was asked for");
}

#[tokio::test]
async fn bad_addresses_and_configurations_are_permanent() {
    let sender = SmtpSender::new(&relay(25)).unwrap();
    let rendered = example(TemplateKind::DossierReceived, Lang::Vi, &site()).unwrap();
    let key = IdempotencyKey::new(EventSource::Outbox(1), Channel::Email, "not-an-address");
    let e = sender
        .send(&Outgoing::Email(rendered.email("not-an-address", None, key)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "recipient_invalid");

    let sms = Outgoing::Sms(rendered.sms(
        VnPhone::parse("0912345678").unwrap(),
        IdempotencyKey::new(EventSource::Outbox(1), Channel::Sms, "0912345678"),
    ));
    assert_eq!(sender.send(&sms).await.unwrap_err().code(), "channel_mismatch");

    let with_password = SmtpConfig {
        username: Some("mailer".into()),
        password: Some(Secret::new("pw")),
        ..relay(25)
    };
    assert_eq!(SmtpSender::new(&with_password).unwrap_err().code(), "config_invalid");
    assert_eq!(
        SmtpSender::new(&SmtpConfig::new("smtp.example.vn", "not a mailbox"))
            .unwrap_err()
            .code(),
        "config_invalid"
    );
}
