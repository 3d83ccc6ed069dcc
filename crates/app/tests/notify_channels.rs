//! SMS and Zalo ZNS against a local HTTP receiver: what the account chose is what it gets,
//! with the dossier code, the delivery's key for the gateway to recognise repeats, and the
//! configured credentials; a channel the portal does not offer, or one without an address,
//! cannot be chosen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use motcua_app::AppError;
use motcua_app::notifications::{ChannelChoice, Outlets, inbox, preferences, set_preferences};
use motcua_storage::{DeliveryState, PreferredLang};
use serde_json::json;
use support::World;
use support::receiver::Receiver;

fn choice(email: bool, sms: bool, zns: bool) -> ChannelChoice {
    ChannelChoice {
        email,
        sms,
        zns,
        lang: PreferredLang::Vi,
    }
}

#[tokio::test]
async fn sms_and_zalo_go_to_the_gateways_the_account_chose() {
    for w in World::all().await {
        let gateway = Receiver::start(200, json!({"code": 0, "id": "sms-77"})).await;
        let zalo = Receiver::start(
            200,
            json!({"error": 0, "message": "Success", "data": {"msg_id": "zns-88"}}),
        )
        .await;
        w.app.set_outlets(Outlets {
            sms: Some(support::sms_sender(&gateway.base)),
            zns: Some(support::zns_sender(&zalo.base)),
            ..Outlets::default()
        });
        let cuc = w.phone_citizen().await;
        set_preferences(&w.app, &cuc, choice(false, true, true)).await.unwrap();
        let d = w.received_for(&cuc).await;
        w.drain(10).await;

        let sms = gateway.requests();
        assert_eq!(sms.len(), 1, "{}: one SMS", w.label());
        assert_eq!(sms[0].path, "/sms");
        assert_eq!(sms[0].headers["x-api-key"], "khoa-thu-nghiem");
        assert_eq!(sms[0].body["to"], "84912345678");
        let text = sms[0].body["text"].as_str().unwrap();
        assert!(
            text.contains(&d.code) && text.is_ascii(),
            "folded to one plain SMS: {text}"
        );
        let sent = w.db.store.deliveries_in(DeliveryState::Sent, 10).await.unwrap();
        let sms_row = sent.iter().find(|r| r.key.contains("-sms-")).unwrap();
        assert_eq!(sms[0].body["ref"], sms_row.key.as_str(), "the gateway gets the key");
        assert!(sms_row.receipt.as_deref().unwrap().contains("sms-77"));

        let zns = zalo.requests();
        assert_eq!(zns.len(), 1, "{}: one Zalo message", w.label());
        assert_eq!(zns[0].headers["access_token"], "zalo-token-thu-nghiem");
        assert_eq!(zns[0].body["phone"], "84912345678");
        assert_eq!(zns[0].body["template_id"], "231001");
        assert_eq!(zns[0].body["template_data"]["ma_ho_so"], d.code.as_str());
        let zns_row = sent.iter().find(|r| r.key.contains("-zns-")).unwrap();
        assert_eq!(zns[0].body["tracking_id"], zns_row.key.as_str());
        assert_eq!(sent.len(), 2, "no e-mail: not chosen, and no address");
        assert_eq!(inbox(&w.app, &cuc, 1).await.unwrap().total, 1);
    }
}

#[tokio::test]
async fn channels_are_chosen_only_where_they_can_work() {
    for w in World::all().await {
        let gateway = Receiver::start(200, json!({"code": 0})).await;
        w.app.set_outlets(Outlets {
            sms: Some(support::sms_sender(&gateway.base)),
            ..Outlets::default()
        });
        let cuc = w.phone_citizen().await;
        let view = preferences(&w.app, &cuc).await.unwrap();
        assert!(view.sms_offered && !view.email_offered && !view.zns_offered);
        assert!(view.has_phone && !view.has_email);
        let refused = set_preferences(&w.app, &cuc, choice(true, true, true))
            .await
            .unwrap_err();
        let AppError::Validation(errors) = refused else {
            panic!("{}: {refused:?}", w.label());
        };
        let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [("email", "channel_unavailable"), ("zns", "channel_unavailable")]
        );
        assert_eq!(
            preferences(&w.app, &cuc).await.unwrap().chosen,
            Default::default(),
            "nothing stored"
        );

        // The e-mail citizen has no phone on the account: SMS cannot be chosen.
        let refused = set_preferences(&w.app, &w.citizen, choice(false, true, false))
            .await
            .unwrap_err();
        assert!(
            matches!(&refused, AppError::Validation(e) if e[0].code == "no_phone_number"),
            "{refused:?}"
        );

        // SMS off: nothing reaches the gateway, the inbox still has the message.
        set_preferences(&w.app, &cuc, choice(false, false, false))
            .await
            .unwrap();
        w.received_for(&cuc).await;
        w.drain(10).await;
        assert!(gateway.requests().is_empty(), "{}", w.label());
        assert_eq!(inbox(&w.app, &cuc, 1).await.unwrap().unread, 1);
    }
}
