//! Notification storage on every backend: the outbox claimed by one process at a time, the
//! fan-out stored once, delivery rows claimed under a lease by competing processes (each row
//! by exactly one), the inbox, channel choices and administrators' retries.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

use std::collections::HashSet;

use time::{Duration, OffsetDateTime};

use motcua_domain::account::{AccountKind, LoginId};
use motcua_domain::ids::UserId;
use motcua_storage::{
    ChannelPreferences, DeliveryChannel, DeliveryState, NewDelivery, NewInboxItem, NewUser, PreferredLang, Store,
    StoreOptions, testing,
};

async fn user(s: &Store, login: &str) -> UserId {
    s.create_user(
        None,
        &NewUser {
            kind: AccountKind::Citizen,
            full_name: "Nguyễn Văn An".into(),
            login: LoginId::parse(login).unwrap(),
            password_hash: "x".into(),
        },
    )
    .await
    .unwrap()
}

async fn outbox_event(s: &Store, topic: &str, code: &str) -> i64 {
    use sqlx::Row;
    sqlx::query("INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(motcua_storage::now_ms())
        .bind(topic)
        .bind(code)
        .bind(serde_json::json!({"code": code}).to_string())
        .fetch_one(s.write_pool())
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

fn delivery(key: &str, outbox: Option<i64>, channel: DeliveryChannel) -> NewDelivery {
    NewDelivery {
        key: key.into(),
        outbox_id: outbox,
        channel,
        kind: "dossier_received".into(),
        recipient: "an@example.vn".into(),
        user_id: None,
        message: "{}".into(),
    }
}

fn inbox(key: &str, user: UserId) -> NewInboxItem {
    NewInboxItem {
        key: key.into(),
        user_id: user,
        kind: "dossier_received".into(),
        title: "Hồ sơ H15.50-260105-0001 đã được tiếp nhận".into(),
        body: "Kính gửi Ông/Bà".into(),
        link: Some("https://dvc.example.vn/ho-so/H15.50-260105-0001".into()),
    }
}

/// A second handle on the same database with pools of its own (another process's view).
async fn second_store(url: &str) -> Store {
    Store::connect(url, &StoreOptions::default()).await.unwrap()
}

#[tokio::test]
async fn outbox_events_are_claimed_by_one_process_and_fanned_out_once() {
    for db in testing::all().await {
        let s = &db.store;
        let other = second_store(&db.url).await;
        let mut ids = Vec::new();
        for i in 0..40 {
            ids.push(outbox_event(s, "dossier.receive", &format!("H15.50-260105-{i:04}")).await);
        }
        let now = OffsetDateTime::now_utc();
        let until = now + Duration::minutes(2);
        let (a, b) = tokio::join!(
            s.claim_outbox("a", now, until, 25),
            other.claim_outbox("b", now, until, 25)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let a_ids: HashSet<i64> = a.iter().map(|e| e.id).collect();
        let b_ids: HashSet<i64> = b.iter().map(|e| e.id).collect();
        assert!(a_ids.is_disjoint(&b_ids), "{}: no event claimed twice", db.label);
        assert_eq!(a_ids.len() + b_ids.len(), 40, "{}: all claimed", db.label);
        assert!(
            s.claim_outbox("c", now, until, 100).await.unwrap().is_empty(),
            "{}: leased events are not claimed again",
            db.label
        );
        assert_eq!(a[0].topic, "dossier.receive");
        assert_eq!(a[0].payload["code"], a[0].aggregate_id.as_str());

        // Fanning out twice stores each key once and marks the event.
        let first = a[0].id;
        let user = user(s, "an@example.vn").await;
        let rows = [delivery("ob1-email-x", Some(first), DeliveryChannel::Email)];
        let items = [inbox("ob1-portal-x", user)];
        let n = s.record_fan_out(Some(first), &rows, &items, now).await.unwrap();
        assert_eq!((n.deliveries, n.inbox), (1, 1), "{}", db.label);
        let again = s.record_fan_out(Some(first), &rows, &items, now).await.unwrap();
        assert_eq!(
            (again.deliveries, again.inbox),
            (0, 0),
            "{}: keys stored once",
            db.label
        );
        assert_eq!(s.unread_count(user).await.unwrap(), 1);

        // Once the leases expire the rest is claimed again; the fanned-out event is not.
        let later = now + Duration::minutes(3);
        let reclaimed = s
            .claim_outbox("c", later, later + Duration::minutes(2), 100)
            .await
            .unwrap();
        assert_eq!(reclaimed.len(), 39, "{}", db.label);
        assert!(reclaimed.iter().all(|e| e.id != first && e.attempts == 2));
        assert_eq!(s.outbox_backlog().await.unwrap(), 39);
        other.close().await;
    }
}

#[tokio::test]
async fn competing_processes_claim_each_delivery_exactly_once() {
    for db in testing::all().await {
        let s = &db.store;
        let now = OffsetDateTime::now_utc();
        let rows: Vec<_> = (0..300)
            .map(|i| delivery(&format!("ob{i}-email-k"), None, DeliveryChannel::Email))
            .collect();
        s.record_fan_out(None, &rows, &[], now).await.unwrap();
        let stores = [
            db.store.clone(),
            second_store(&db.url).await,
            second_store(&db.url).await,
        ];
        let mut tasks = Vec::new();
        for (i, st) in stores.iter().enumerate() {
            let st = st.clone();
            tasks.push(tokio::spawn(async move {
                let owner = format!("worker-{i}");
                let mut mine = Vec::new();
                loop {
                    let now = OffsetDateTime::now_utc();
                    let batch = st
                        .claim_deliveries(&owner, now, now + Duration::minutes(2), 16)
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        break;
                    }
                    for d in batch {
                        let now = OffsetDateTime::now_utc();
                        assert!(
                            st.begin_delivery(d.id, &owner, now, now + Duration::minutes(2))
                                .await
                                .unwrap()
                        );
                        st.record_sent(d.id, &owner, "250 OK", now).await.unwrap();
                        mine.push(d.key);
                    }
                }
                mine
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let distinct: HashSet<_> = all.iter().collect();
        assert_eq!(all.len(), 300, "{}: every row delivered once", db.label);
        assert_eq!(distinct.len(), 300, "{}", db.label);
        assert_eq!(s.delivery_counts().await.unwrap(), vec![(DeliveryState::Sent, 300)]);
        let sent = s.deliveries_in(DeliveryState::Sent, 1000).await.unwrap();
        let owners: HashSet<_> = sent.iter().filter_map(|d| d.owner.clone()).collect();
        assert_eq!(sent.len(), 300);
        assert!(owners.len() > 1, "{}: the work was shared: {owners:?}", db.label);
    }
}

#[tokio::test]
async fn a_lost_lease_forbids_the_attempt_and_a_dead_process_leaves_its_row_sending() {
    for db in testing::all().await {
        let s = &db.store;
        let now = OffsetDateTime::now_utc();
        s.record_fan_out(None, &[delivery("ob7-sms-k", None, DeliveryChannel::Sms)], &[], now)
            .await
            .unwrap();
        let lease = Duration::seconds(30);
        let a = s.claim_deliveries("a", now, now + lease, 10).await.unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].state, DeliveryState::Pending);
        // Process a stalls past its lease; b takes the row.
        let later = now + Duration::minutes(1);
        let b = s.claim_deliveries("b", later, later + lease, 10).await.unwrap();
        assert_eq!(b.len(), 1, "{}: an expired lease is claimed again", db.label);
        assert!(
            !s.begin_delivery(a[0].id, "a", later, later + lease).await.unwrap(),
            "{}: a lost lease sends nothing",
            db.label
        );
        assert!(s.begin_delivery(b[0].id, "b", later, later + lease).await.unwrap());
        // b dies after beginning (no outcome recorded): the row stays `sending` until its
        // lease expires, and whoever claims it then is told so.
        let after = later + Duration::minutes(1);
        assert!(
            s.claim_deliveries("c", later, later + lease, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let c = s.claim_deliveries("c", after, after + lease, 10).await.unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].state, DeliveryState::Sending, "{}", db.label);
        assert_eq!(c[0].attempts, 1);
        s.record_failure(c[0].id, "c", ("outcome_unknown", "the sending process stopped"), after)
            .await
            .unwrap();
        let failed = s.deliveries_in(DeliveryState::Failed, 10).await.unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].last_error.as_deref(), Some("outcome_unknown"));
    }
}

#[tokio::test]
async fn retries_wait_for_their_time_and_administrators_requeue_failures() {
    for db in testing::all().await {
        let s = &db.store;
        let admin = user(s, "admin@example.vn").await;
        let now = OffsetDateTime::now_utc();
        s.record_fan_out(None, &[delivery("ob9-email-k", None, DeliveryChannel::Email)], &[], now)
            .await
            .unwrap();
        let lease = now + Duration::minutes(2);
        let d = s.claim_deliveries("a", now, lease, 1).await.unwrap().remove(0);
        assert!(s.begin_delivery(d.id, "a", now, lease).await.unwrap());
        let next = now + Duration::seconds(30);
        s.record_retry(d.id, "a", ("smtp_unreachable", "connection refused"), next, now)
            .await
            .unwrap();
        assert!(
            s.claim_deliveries("a", now, lease, 1).await.unwrap().is_empty(),
            "{}: not before its time",
            db.label
        );
        let d = s
            .claim_deliveries("a", next, next + Duration::minutes(2), 1)
            .await
            .unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].attempts, 1);
        assert!(
            !s.retry_delivery(d[0].id, admin, next).await.unwrap(),
            "only failed rows"
        );
        assert!(
            s.begin_delivery(d[0].id, "a", next, next + Duration::minutes(2))
                .await
                .unwrap()
        );
        s.record_failure(d[0].id, "a", ("smtp_rejected", "550 no such user"), next)
            .await
            .unwrap();
        let rec = s.delivery_by_key("ob9-email-k").await.unwrap().unwrap();
        assert_eq!(rec.state, DeliveryState::Failed);
        assert_eq!(rec.attempts, 2);
        assert_eq!(rec.last_error_detail.as_deref(), Some("550 no such user"));
        assert!(s.retry_delivery(rec.id, admin, next).await.unwrap());
        assert!(!s.retry_delivery(rec.id, admin, next).await.unwrap(), "once");
        let rec = s.delivery(rec.id).await.unwrap().unwrap();
        assert_eq!((rec.state, rec.attempts), (DeliveryState::Pending, 0));
        let audit = s.recent_audit(10).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|a| a.action == "notification.retried" && a.actor_id == Some(admin))
        );
    }
}

#[tokio::test]
async fn the_inbox_belongs_to_its_account_and_choices_are_kept() {
    for db in testing::all().await {
        let s = &db.store;
        let an = user(s, "an@example.vn").await;
        let binh = user(s, "0912345678").await;
        let now = OffsetDateTime::now_utc();
        for i in 0..3 {
            assert!(s.store_inbox_item(&inbox(&format!("k{i}"), an), now).await.unwrap());
        }
        assert!(
            !s.store_inbox_item(&inbox("k0", an), now).await.unwrap(),
            "twice is a no-op"
        );
        s.store_inbox_item(&inbox("b0", binh), now).await.unwrap();
        assert_eq!(s.unread_count(an).await.unwrap(), 3);
        let items = s.inbox(an, 2, 0).await.unwrap();
        assert_eq!(items.len(), 2);
        assert!(items[0].id > items[1].id, "newest first");
        assert_eq!(s.inbox(an, 10, 2).await.unwrap().len(), 1);
        assert_eq!(s.inbox_count(an).await.unwrap(), 3);
        let theirs = s.inbox(binh, 10, 0).await.unwrap()[0].id;
        assert!(
            !s.mark_read(an, theirs, now).await.unwrap(),
            "{}: not another's",
            db.label
        );
        assert_eq!(s.unread_count(binh).await.unwrap(), 1);
        assert!(s.mark_read(an, items[0].id, now).await.unwrap());
        assert!(!s.mark_read(an, items[0].id, now).await.unwrap());
        assert_eq!(s.unread_count(an).await.unwrap(), 2);
        assert_eq!(s.mark_all_read(an, now).await.unwrap(), 2);
        assert_eq!(s.unread_count(an).await.unwrap(), 0);

        assert_eq!(s.channel_preferences(an).await.unwrap(), ChannelPreferences::default());
        let chosen = ChannelPreferences {
            email: false,
            sms: true,
            zns: true,
            lang: PreferredLang::En,
        };
        s.set_channel_preferences(an, &chosen, now).await.unwrap();
        s.set_channel_preferences(an, &chosen, now).await.unwrap();
        assert_eq!(s.channel_preferences(an).await.unwrap(), chosen, "{}", db.label);
        assert_eq!(
            s.channel_preferences(binh).await.unwrap(),
            ChannelPreferences::default()
        );
        let contact = s.user_contact(binh).await.unwrap().unwrap();
        assert_eq!(contact.phone.as_deref(), Some("0912345678"));
        assert!(contact.email.is_none());
        assert!(!format!("{contact:?}").contains("0912345678"), "Debug hides it");
    }
}

#[tokio::test]
async fn a_digest_day_is_done_once() {
    for db in testing::all().await {
        let s = &db.store;
        let day = time::macros::date!(2026 - 03 - 09);
        assert!(!s.digest_done(day).await.unwrap());
        s.mark_digest_done(day, OffsetDateTime::now_utc()).await.unwrap();
        s.mark_digest_done(day, OffsetDateTime::now_utc()).await.unwrap();
        assert!(s.digest_done(day).await.unwrap(), "{}", db.label);
        assert!(!s.digest_done(day.next_day().unwrap()).await.unwrap());
    }
}
