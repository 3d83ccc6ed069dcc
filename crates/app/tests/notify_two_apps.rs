//! Two application instances with pools of their own (two nodes) on one database run the
//! delivery job side by side: every event reaches the SMTP server exactly once, counted by
//! Message-ID at the server. (The command line's tests do the same with two `motcua
//! worker` processes and 1,000 events on PostgreSQL.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashSet;
use std::time::Duration;

use motcua_app::{App, jobs};
use motcua_storage::{DeliveryState, Store, StoreOptions};
use support::smtp::SmtpSink;
use support::{World, fast_settings, smtp_outlets};

const EVENTS: usize = 150;

#[tokio::test]
async fn two_nodes_deliver_each_event_exactly_once() {
    for w in World::all().await {
        let sink = SmtpSink::start(&[]).await;
        for _ in 0..EVENTS {
            w.received().await;
        }
        digests_already_sent(&w.db.store).await;
        let other_store = Store::connect(&w.db.url, &StoreOptions::default()).await.unwrap();
        let files = tempfile::tempdir().unwrap();
        let other = App::new(
            other_store,
            motcua_storage::FileStore::local(files.path()).unwrap(),
            fast_settings(),
        )
        .await
        .unwrap();
        assert_ne!(w.app.worker_id(), other.worker_id());
        let mut nodes = Vec::new();
        for app in [&w.app, &other] {
            app.set_outlets(smtp_outlets(sink.port));
            nodes.push((app.clone(), jobs::spawn(app)));
        }
        let end = tokio::time::Instant::now() + Duration::from_secs(120);
        while sink.count() < EVENTS && tokio::time::Instant::now() < end {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        for (app, handles) in nodes {
            jobs::stop(&app, handles, Duration::from_secs(30)).await;
        }
        let ids: Vec<String> = sink
            .all()
            .iter()
            .map(|m| m["message_id"].as_str().unwrap().to_owned())
            .collect();
        let distinct: HashSet<&String> = ids.iter().collect();
        assert_eq!(ids.len(), EVENTS, "{}: as many messages as events", w.label());
        assert_eq!(distinct.len(), EVENTS, "{}: no message twice", w.label());
        let sent = w.db.store.deliveries_in(DeliveryState::Sent, 1000).await.unwrap();
        assert_eq!(sent.len(), EVENTS);
        assert!(sent.iter().all(|d| d.attempts == 1), "{}: one attempt each", w.label());
        assert_eq!(w.db.store.outbox_backlog().await.unwrap(), 0);
    }
}

/// The officers' daily digest goes out from its hour onwards; these tests count the
/// dossiers' messages alone, so today's and tomorrow's digests (Vietnam time) are marked
/// sent before the workers start, whatever the hour the suite runs at.
async fn digests_already_sent(store: &Store) {
    let now = time::OffsetDateTime::now_utc();
    let today = now.to_offset(motcua_domain::calendar::VIETNAM).date();
    for day in [today, today.next_day().unwrap_or(today)] {
        store.mark_digest_done(day, now).await.unwrap();
    }
}
