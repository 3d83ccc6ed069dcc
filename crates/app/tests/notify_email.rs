//! Dossier events reach the applicant by e-mail through a real SMTP server (aiosmtpd, started
//! by each test) and in the portal inbox: the received message's headers, its Vietnamese
//! subject encoded per RFC 2047, its body with the dossier code and link; each delivery
//! once, also when an event is fanned out again; the reader's language and channels kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use motcua_app::notifications::{ChannelChoice, inbox, set_preferences};
use motcua_domain::dossier::Action;
use motcua_storage::{DeliveryState, PreferredLang};
use serde_json::Value;
use support::smtp::SmtpSink;
use support::{CITIZEN_EMAIL, PUBLIC_URL, World, smtp_outlets};

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("{v} is not a string"))
}

fn part<'a>(msg: &'a Value, content_type: &str) -> &'a str {
    msg["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["content_type"] == content_type)
        .map(|p| s(&p["content"]))
        .unwrap_or_else(|| panic!("no {content_type} part in {msg}"))
}

#[tokio::test]
async fn a_received_dossier_is_told_by_email_and_in_the_inbox_once() {
    for w in World::all().await {
        let sink = SmtpSink::start(&[]).await;
        w.app.set_outlets(smtp_outlets(sink.port));
        let d = w.received().await;
        w.drain(10).await;
        assert_eq!(sink.count(), 1, "{}: one e-mail", w.label());
        let msg = sink.received(1).await;
        let subject = format!("Hồ sơ {} đã được tiếp nhận", d.code);
        assert_eq!(s(&msg["subject"]), subject, "{}", w.label());
        let raw = s(&msg["raw_subject"]);
        assert!(raw.is_ascii(), "the subject is encoded on the wire: {raw}");
        assert!(
            raw.to_ascii_lowercase().contains("=?utf-8?"),
            "RFC 2047 encoded-words: {raw}"
        );
        assert!(s(&msg["to"]).contains(CITIZEN_EMAIL) && s(&msg["to"]).contains("Nguyễn Văn An"));
        assert_eq!(s(&msg["from"]), support::FROM);
        assert_eq!(msg["rcpt_tos"][0], CITIZEN_EMAIL);
        for h in ["date", "message-id", "mime-version", "from", "to", "subject"] {
            assert!(
                msg["header_names"].as_array().unwrap().iter().any(|n| n == h),
                "{h} header"
            );
        }
        let sent = w.db.store.deliveries_in(DeliveryState::Sent, 10).await.unwrap();
        assert_eq!(sent.len(), 1);
        let message_id = format!("<motcua.{}@dichvucong.daklak.gov.vn>", sent[0].key);
        assert_eq!(
            s(&msg["message_id"]),
            message_id,
            "the Message-ID carries the delivery's key"
        );
        assert_eq!(sent[0].attempts, 1);
        assert!(sent[0].receipt.as_deref().unwrap().starts_with("250"));
        let link = format!("{PUBLIC_URL}/ho-so/{}", d.code);
        let text = part(&msg, "text/plain");
        assert!(text.contains(&d.code) && text.contains(&link), "{text}");
        assert!(text.contains("Ủy ban nhân dân phường Buôn Ma Thuột"), "{text}");
        assert!(part(&msg, "text/html").contains(&link));

        let page = inbox(&w.app, &w.citizen, 1).await.unwrap();
        assert_eq!((page.total, page.unread), (1, 1), "{}", w.label());
        assert_eq!(page.items[0].title, subject);
        assert_eq!(page.items[0].link.as_deref(), Some(link.as_str()));

        // Another process fanning the same event out again stores and sends nothing new.
        sqlx::query("UPDATE outbox SET delivered_at = NULL")
            .execute(w.db.store.write_pool())
            .await
            .unwrap();
        w.drain(10).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(sink.count(), 1, "{}: still one e-mail", w.label());
        assert_eq!(inbox(&w.app, &w.citizen, 1).await.unwrap().total, 1);
    }
}

#[tokio::test]
async fn what_the_officer_wrote_reaches_the_applicant_in_their_language() {
    for w in World::all().await {
        let sink = SmtpSink::start(&[]).await;
        w.app.set_outlets(smtp_outlets(sink.port));
        let choice = ChannelChoice {
            email: true,
            sms: false,
            zns: false,
            lang: PreferredLang::En,
        };
        set_preferences(&w.app, &w.citizen, choice).await.unwrap();
        let d = w.received().await;
        let items = vec!["Bản sao Giấy xác nhận tình trạng hôn nhân".to_owned()];
        w.act(
            &d,
            Action::RequestSupplement {
                items: items.clone(),
                reason: "Thiếu giấy tờ theo quy định".into(),
            },
        )
        .await;
        w.drain(10).await;
        assert_eq!(sink.count(), 2, "{}: receipt and supplement request", w.label());
        sink.received(2).await;
        let subject = format!("Dossier {} needs to be completed", d.code);
        let all = sink.all();
        let request = all
            .iter()
            .find(|m| m["subject"] == subject.as_str())
            .unwrap_or_else(|| panic!("{}: an English supplement request among {all:?}", w.label()));
        let text = part(request, "text/plain");
        assert!(
            text.contains(&items[0]) && text.contains("Thiếu giấy tờ theo quy định"),
            "{text}"
        );
        assert!(text.contains("0262 3812 345"), "whom to ask: {text}");
    }
}

#[tokio::test]
async fn an_applicant_who_turned_email_off_is_told_in_the_inbox_only() {
    for w in World::all().await {
        let sink = SmtpSink::start(&[]).await;
        w.app.set_outlets(smtp_outlets(sink.port));
        let choice = ChannelChoice {
            email: false,
            sms: false,
            zns: false,
            lang: PreferredLang::Vi,
        };
        set_preferences(&w.app, &w.citizen, choice).await.unwrap();
        w.received().await;
        w.drain(10).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(sink.count(), 0, "{}: no e-mail", w.label());
        assert!(
            w.db.store
                .deliveries_in(DeliveryState::Pending, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            inbox(&w.app, &w.citizen, 1).await.unwrap().unread,
            1,
            "the inbox is always on"
        );
    }
}
