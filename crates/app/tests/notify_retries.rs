//! Failures: an SMTP server that is down, then up, and one that is busy (4xx) are retried
//! with exponential back-off and each message arrives exactly once; a refusal (5xx) fails
//! for good, is listed for administrators and retried by one; transient failures end after
//! the configured attempts; a process that dies while sending leaves its row to be claimed
//! again when the lease expires: e-mail goes again with the same Message-ID, SMS is not
//! resent but failed as `outcome_unknown`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use motcua_app::AppError;
use motcua_app::notifications::{ChannelChoice, Outlets, deliver_due, deliveries_overview, fan_out, retry_delivery};
use motcua_storage::{DeliveryRecord, DeliveryState, PreferredLang};
use serde_json::json;
use support::receiver::Receiver;
use support::smtp::{SmtpSink, free_port};
use support::{World, smtp_outlets};

async fn the_delivery(w: &World) -> DeliveryRecord {
    let mut all = Vec::new();
    for state in [
        DeliveryState::Pending,
        DeliveryState::Sending,
        DeliveryState::Sent,
        DeliveryState::Failed,
    ] {
        all.extend(w.db.store.deliveries_in(state, 10).await.unwrap());
    }
    assert_eq!(all.len(), 1, "{}: one delivery row: {all:?}", w.label());
    all.remove(0)
}

/// Delivery rounds until the row is no longer pending (or `limit` passes).
async fn deliver_until_settled(w: &World, limit: Duration) -> DeliveryRecord {
    let end = tokio::time::Instant::now() + limit;
    loop {
        deliver_due(&w.app).await.unwrap();
        let d = the_delivery(w).await;
        if d.state != DeliveryState::Pending || tokio::time::Instant::now() > end {
            return d;
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

fn millis(d: &DeliveryRecord) -> i128 {
    (d.next_try_at - d.updated_at).whole_milliseconds()
}

#[tokio::test]
async fn a_server_down_then_up_gets_the_message_once_after_backing_off() {
    for w in World::all().await {
        let port = free_port();
        w.app.set_outlets(smtp_outlets(port));
        w.received().await;
        fan_out(&w.app).await.unwrap();
        deliver_due(&w.app).await.unwrap();
        let first = the_delivery(&w).await;
        assert_eq!(first.state, DeliveryState::Pending, "{}", w.label());
        assert_eq!(first.attempts, 1);
        assert_eq!(first.last_error.as_deref(), Some("smtp_unreachable"));
        assert_eq!(millis(&first), 100, "{}: waits the base first", w.label());
        assert_eq!(deliver_due(&w.app).await.unwrap(), 0, "not before its time");
        tokio::time::sleep(Duration::from_millis(120)).await;
        deliver_due(&w.app).await.unwrap();
        let second = the_delivery(&w).await;
        assert_eq!(
            (second.attempts, millis(&second)),
            (2, 200),
            "{}: then twice as long",
            w.label()
        );

        let sink = SmtpSink::start(&["--port", &port.to_string()]).await;
        let done = deliver_until_settled(&w, Duration::from_secs(10)).await;
        assert_eq!(done.state, DeliveryState::Sent, "{}", w.label());
        assert_eq!(done.attempts, 3);
        tokio::time::sleep(Duration::from_millis(300)).await;
        deliver_due(&w.app).await.unwrap();
        assert_eq!(sink.count(), 1, "{}: never lost, never twice", w.label());
    }
}

#[tokio::test]
async fn a_busy_server_is_retried_and_a_refusal_fails_until_an_administrator_retries() {
    for w in World::all().await {
        let busy = SmtpSink::start(&["--refuse", "451 4.3.0 Try again later", "--refuse-first", "2"]).await;
        w.app.set_outlets(smtp_outlets(busy.port));
        w.received().await;
        fan_out(&w.app).await.unwrap();
        let d = deliver_until_settled(&w, Duration::from_secs(10)).await;
        assert_eq!((d.state, d.attempts), (DeliveryState::Sent, 3), "{}", w.label());
        assert_eq!(busy.count(), 1);

        let refusing = SmtpSink::start(&["--refuse", "550 5.1.1 No such user here"]).await;
        w.app.set_outlets(smtp_outlets(refusing.port));
        let d2 = w.received().await;
        fan_out(&w.app).await.unwrap();
        deliver_due(&w.app).await.unwrap();
        let failed = w.db.store.deliveries_in(DeliveryState::Failed, 10).await.unwrap();
        assert_eq!(failed.len(), 1, "{}: failed at once", w.label());
        assert_eq!(failed[0].attempts, 1);
        assert_eq!(failed[0].last_error.as_deref(), Some("smtp_rejected"));
        assert!(failed[0].last_error_detail.as_deref().unwrap().contains("550"));

        assert!(matches!(
            deliveries_overview(&w.app, &w.officer).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            retry_delivery(&w.app, &w.citizen, failed[0].id).await,
            Err(AppError::Forbidden)
        ));
        let overview = deliveries_overview(&w.app, &w.admin).await.unwrap();
        assert_eq!(overview.failed.len(), 1);
        assert!(overview.counts.contains(&(DeliveryState::Failed, 1)));
        assert!(overview.counts.contains(&(DeliveryState::Sent, 1)));

        let fixed = SmtpSink::start(&[]).await;
        w.app.set_outlets(smtp_outlets(fixed.port));
        retry_delivery(&w.app, &w.admin, failed[0].id).await.unwrap();
        assert!(matches!(
            retry_delivery(&w.app, &w.admin, failed[0].id).await,
            Err(AppError::Conflict("state"))
        ));
        deliver_due(&w.app).await.unwrap();
        let msg = fixed.received(1).await;
        assert!(msg["subject"].as_str().unwrap().contains(&d2.code));
        let row = w.db.store.delivery(failed[0].id).await.unwrap().unwrap();
        assert_eq!((row.state, row.attempts), (DeliveryState::Sent, 1), "{}", w.label());
        assert_eq!(refusing.count(), 0);
    }
}

#[tokio::test]
async fn transient_failures_end_after_the_configured_attempts() {
    for w in World::all().await {
        w.app.set_outlets(smtp_outlets(free_port()));
        w.received().await;
        fan_out(&w.app).await.unwrap();
        let d = deliver_until_settled(&w, Duration::from_secs(20)).await;
        assert_eq!(d.state, DeliveryState::Failed, "{}", w.label());
        assert_eq!(d.attempts, 5, "max_attempts of the test settings");
        assert_eq!(d.last_error.as_deref(), Some("smtp_unreachable"));
    }
}

#[tokio::test]
async fn a_send_cut_off_by_a_dying_process_is_resent_by_email_only() {
    for w in World::all().await {
        // The SMTP server saves the first message, then holds its reply: the process dies
        // (its delivery task is dropped) before it learns the message arrived.
        let sink = SmtpSink::start(&["--delay-first", "1", "--delay", "3"]).await;
        let gateway = Receiver::start(200, json!({"code": 0})).await;
        gateway.delay_by(Duration::from_secs(3));
        w.app.set_outlets(Outlets {
            sms: Some(support::sms_sender(&gateway.base)),
            ..smtp_outlets(sink.port)
        });
        let cuc = w.phone_citizen().await;
        let sms_only = ChannelChoice {
            email: false,
            sms: true,
            zns: false,
            lang: PreferredLang::Vi,
        };
        motcua_app::notifications::set_preferences(&w.app, &cuc, sms_only)
            .await
            .unwrap();
        w.received().await;
        w.received_for(&cuc).await;
        fan_out(&w.app).await.unwrap();
        let app = w.app.clone();
        let dying = tokio::spawn(async move { deliver_due(&app).await });
        for _ in 0..200 {
            if sink.count() == 1 && gateway.requests().len() == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        dying.abort();
        let _ = dying.await;
        let sending = w.db.store.deliveries_in(DeliveryState::Sending, 10).await.unwrap();
        assert_eq!(sending.len(), 2, "{}: both rows left mid-send", w.label());

        // Nothing happens while the lease holds; after it, the rows are claimed again.
        deliver_due(&w.app).await.unwrap();
        assert_eq!(sink.count(), 1);
        sqlx::query("UPDATE deliveries SET lease_until = 0 WHERE state = 'sending'")
            .execute(w.db.store.write_pool())
            .await
            .unwrap();
        gateway.delay_by(Duration::ZERO);
        deliver_due(&w.app).await.unwrap();
        let msgs = sink.all();
        assert_eq!(msgs.len(), 2, "{}: the e-mail went again…", w.label());
        assert_eq!(msgs[0]["message_id"], msgs[1]["message_id"], "…as the same message");
        assert_eq!(gateway.requests().len(), 1, "{}: the SMS did not", w.label());
        let failed = w.db.store.deliveries_in(DeliveryState::Failed, 10).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].last_error.as_deref(), Some("outcome_unknown"));
        let sent = w.db.store.deliveries_in(DeliveryState::Sent, 10).await.unwrap();
        assert_eq!((sent.len(), sent[0].attempts), (1, 2));
    }
}
