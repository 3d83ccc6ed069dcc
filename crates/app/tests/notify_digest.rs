//! Officers' daily digest (once a day, from the configured hour, idempotent by day) and the
//! payment events the payments module writes (`payment.paid`, `payment.failed`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use motcua_app::notifications::{inbox, send_digests};
use motcua_domain::calendar::VIETNAM;
use serde_json::json;
use support::smtp::SmtpSink;
use support::{World, fast_settings, smtp_outlets};
use time::{Duration, OffsetDateTime, Time};

fn at_hour(day_offset: i64, hour: u8) -> OffsetDateTime {
    let today = OffsetDateTime::now_utc().to_offset(VIETNAM).date();
    let day = today + Duration::days(day_offset);
    day.with_time(Time::from_hms(hour, 0, 0).unwrap())
        .assume_offset(VIETNAM)
}

#[tokio::test]
async fn officers_get_one_digest_a_day_of_what_is_due() {
    for db in motcua_storage::testing::all().await {
        let mut settings = fast_settings();
        // Whatever the weekday, the test dossier falls within the window.
        settings.notifications.digest_due_within_hours = 24 * 30;
        let w = World::on(db, settings).await;
        let sink = SmtpSink::start(&[]).await;
        w.app.set_outlets(smtp_outlets(sink.port));
        let d = w.received().await;
        w.drain(10).await;
        let receipts = sink.count();

        assert_eq!(send_digests(&w.app, at_hour(0, 6)).await.unwrap(), 0, "not before 7:00");
        assert_eq!(send_digests(&w.app, at_hour(0, 8)).await.unwrap(), 1, "{}", w.label());
        assert_eq!(send_digests(&w.app, at_hour(0, 9)).await.unwrap(), 0, "once a day");
        sqlx::query("DELETE FROM notification_digests")
            .execute(w.db.store.write_pool())
            .await
            .unwrap();
        assert_eq!(
            send_digests(&w.app, at_hour(0, 10)).await.unwrap(),
            1,
            "computed again…"
        );
        w.drain(10).await;
        let page = inbox(&w.app, &w.officer, 1).await.unwrap();
        assert_eq!(page.total, 1, "{}: …but stored once", w.label());
        assert!(page.items[0].body.contains(&d.code), "{}", page.items[0].body);
        assert_eq!(page.items[0].kind, "officer_digest");
        assert_eq!(sink.count(), receipts + 1, "{}: one digest e-mail", w.label());
        let digest = sink.all().into_iter().last().unwrap();
        assert!(digest["to"].as_str().unwrap().contains("binh.tran@daklak.gov.vn"));
        assert!(
            digest["subject"]
                .as_str()
                .unwrap()
                .starts_with("Hồ sơ quá hạn, sắp đến hạn ngày")
        );
        assert_eq!(
            inbox(&w.app, &w.admin, 1).await.unwrap().total,
            0,
            "administrators process nothing"
        );
        assert_eq!(inbox(&w.app, &w.citizen, 1).await.unwrap().total, 1, "only the receipt");

        assert_eq!(
            send_digests(&w.app, at_hour(1, 8)).await.unwrap(),
            1,
            "the next day again"
        );
    }
}

#[tokio::test]
async fn payments_received_and_failed_are_told_with_the_amount() {
    for w in World::all().await {
        let sink = SmtpSink::start(&[]).await;
        w.app.set_outlets(smtp_outlets(sink.port));
        let d = w.file().await;
        for (topic, payload) in [
            (
                "payment.paid",
                json!({"txn_ref": "MC01-0000123", "amount": 200_000, "method": "vnpay"}),
            ),
            (
                "payment.failed",
                json!({"txn_ref": "MC01-0000122", "amount": 200_000, "method": "vnpay"}),
            ),
        ] {
            sqlx::query("INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($1, $2, $3, $4)")
                .bind(motcua_storage::now_ms())
                .bind(topic)
                .bind(&d.code)
                .bind(payload.to_string())
                .execute(w.db.store.write_pool())
                .await
                .unwrap();
        }
        w.drain(10).await;
        sink.received(2).await;
        let all = sink.all();
        let by_subject = |s: &str| {
            all.iter()
                .find(|m| m["subject"] == s)
                .unwrap_or_else(|| panic!("{s} among {all:?}"))
        };
        let paid = by_subject(&format!("Đã nhận thanh toán cho hồ sơ {}", d.code));
        let text = paid["parts"][0]["content"].as_str().unwrap();
        assert!(text.contains("200.000 đ") && text.contains("MC01-0000123"), "{text}");
        let failed = by_subject(&format!("Thanh toán cho hồ sơ {} chưa thành công", d.code));
        assert!(failed["parts"][0]["content"].as_str().unwrap().contains("200.000 đ"));
        assert_eq!(all.len(), 2, "{}", w.label());
        assert_eq!(inbox(&w.app, &w.citizen, 1).await.unwrap().total, 2);
    }
}
