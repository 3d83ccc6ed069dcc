//! Discovery, services, service definitions, single requests, tokens, photos, 404s.

use serde_json::{Value, json};

use crate::doc::{BOTH, Fmt, error_codes, read};
use crate::fixtures::{ROOT, apps, conduct, insert_at, post_id, pothole, publish, refuse, with};
use crate::support::{TestApp, test_settings};

/// Both formats of one resource: each checked, then compared with each other.
async fn both(app: &TestApp, path: &str, root: &str) -> Value {
    let xml = app.get(&format!("{ROOT}/{path}.xml")).await;
    let json = app.get(&format!("{ROOT}/{path}.json")).await;
    assert_eq!(xml.status, 200, "{}: {}", app.label(), xml.body);
    assert_eq!(json.status, 200, "{}: {}", app.label(), json.body);
    let (x, j) = (read(&xml, Fmt::Xml, root), read(&json, Fmt::Json, root));
    assert_eq!(x, j, "{}: XML and JSON differ for {path}", app.label());
    j
}

#[tokio::test]
async fn discovery_names_the_specification_formats_and_key_service() {
    for app in apps().await {
        let d = both(&app, "discovery", "discovery").await;
        assert!(d.is_object());
        let json = app.get(&format!("{ROOT}/discovery.json")).await.json();
        assert!(json.is_object(), "discovery is an object in JSON");
        assert!(d["changeset"].as_str().unwrap().ends_with("+07:00"));
        assert!(!d["key_service"].as_str().unwrap().is_empty());
        assert!(d.get("contact").is_some());
        let e = &d["endpoints"][0];
        assert_eq!(e["specification"], "http://wiki.open311.org/GeoReport_v2");
        assert_eq!(e["url"], "http://localhost/open311/v2");
        assert_eq!(e["type"], "test", "the demo key makes this a test server");
        assert_eq!(e["formats"], json!(["text/xml", "application/json"]));
        assert!(e["changeset"].is_string());
    }
}

#[tokio::test]
async fn services_list_every_category_with_the_standard_fields() {
    for app in apps().await {
        let list = both(&app, "services", "services").await;
        let items = list.as_array().unwrap();
        assert_eq!(items.len(), 9);
        let keys = [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ];
        for s in items {
            for k in keys {
                assert!(s.get(k).is_some(), "{k} missing in {s}");
            }
            assert_eq!(s["type"], "realtime");
        }
        let lamp = items.iter().find(|s| s["service_code"] == "den-duong").unwrap();
        assert_eq!(lamp["metadata"], "true");
        assert_eq!(lamp["group"], "Hạ tầng đô thị");
        assert_eq!(lamp["keywords"], "đèn, chiếu sáng, cột điện");
        let trees = items.iter().find(|s| s["service_code"] == "cay-xanh").unwrap();
        assert_eq!(trees["metadata"], "false");
        // Services whose requests stay private until answered carry the keyword `private`.
        for s in items {
            let private = ["hanh-vi-can-bo", "thu-tuc-hanh-chinh"].contains(&s["service_code"].as_str().unwrap());
            let words: Vec<&str> = s["keywords"].as_str().unwrap().split(", ").collect();
            assert_eq!(words.contains(&"private"), private, "{s}");
        }
    }
}

#[tokio::test]
async fn service_definitions_give_the_questions_as_attributes() {
    for app in apps().await {
        let d = both(&app, "services/den-duong", "service_definition").await;
        assert_eq!(d["service_code"], "den-duong");
        let attrs = d["attributes"].as_array().unwrap();
        assert_eq!(attrs.len(), 2);
        let orders: Vec<&str> = attrs.iter().map(|a| a["order"].as_str().unwrap()).collect();
        assert_eq!(orders, ["1", "2"], "positive, unique, in order");
        let first = &attrs[0];
        assert_eq!(first["variable"], "true");
        assert_eq!(first["code"], "hien_tuong");
        assert_eq!(first["datatype"], "singlevaluelist");
        assert_eq!(first["required"], "true");
        assert!(first.get("datatype_description").is_some());
        assert_eq!(
            first["values"][0],
            json!({"key": "khong-sang", "name": "Đèn không sáng"})
        );
        assert_eq!(attrs[1]["datatype"], "string");
        let noise = both(&app, "services/tieng-on", "service_definition").await;
        assert_eq!(noise["attributes"][0]["datatype"], "multivaluelist");
        let raw = app.get(&format!("{ROOT}/services/den-duong.json")).await.json();
        assert!(raw.is_object() && raw["attributes"][0]["order"] == 1 && raw["attributes"][0]["required"] == true);
        // An empty field is null in JSON (and an empty element in XML), never "".
        assert_eq!(raw["attributes"][0]["datatype_description"], Value::Null);
        let xml = app.get(&format!("{ROOT}/services/den-duong.xml")).await.body;
        assert!(xml.contains("<datatype_description></datatype_description>"), "{xml}");
        let dated = app.get(&format!("{ROOT}/services/hanh-vi-can-bo.json")).await.json();
        assert!(
            dated["attributes"][1]["datatype_description"]
                .as_str()
                .unwrap()
                .contains("ISO 8601")
        );
        for fmt in BOTH {
            let r = app.get(&format!("{ROOT}/services/khong-co.{}", fmt.ext())).await;
            assert_eq!(r.status, 404);
            assert_eq!(error_codes(&r, fmt), ["not_found"]);
        }
        assert_eq!(app.get(&format!("{ROOT}/services.csv")).await.status, 404);
        assert_eq!(app.get(&format!("{ROOT}/services/den-duong.csv")).await.status, 404);
    }
}

#[tokio::test]
async fn a_single_request_has_every_field_and_no_personal_data() {
    for app in apps().await {
        let id = post_id(&app, &pothole()).await;
        let v = both(&app, &format!("requests/{id}"), "service_requests").await;
        let list = v.as_array().expect("a single request is still a list");
        assert_eq!(list.len(), 1);
        let r = &list[0];
        let fields = [
            "service_request_id",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "agency_responsible",
            "service_notice",
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
            "address",
            "address_id",
            "zipcode",
            "lat",
            "long",
            "media_url",
        ];
        for f in fields {
            assert!(r.get(f).is_some(), "{f} missing: {r}");
        }
        assert_eq!(r.as_object().unwrap().len(), fields.len());
        assert_eq!(r["service_request_id"], id.to_string());
        assert_eq!(r["status"], "open");
        assert_eq!(r["service_code"], "mat-duong");
        assert_eq!(r["service_name"], "Mặt đường hư hỏng, ổ gà");
        assert_eq!(r["agency_responsible"], "Ủy ban nhân dân phường Buôn Ma Thuột");
        assert_eq!(r["lat"], "12.68");
        assert_eq!(r["long"], "108.05");
        assert_eq!(r["address_id"], "H15.50");
        for f in ["requested_datetime", "updated_datetime", "expected_datetime"] {
            let t = r[f].as_str().unwrap();
            assert!(t.ends_with("+07:00") && t.len() == 25, "{f}: {t}");
        }
        for fmt in BOTH {
            let body = app.get(&format!("{ROOT}/requests/{id}.{}", fmt.ext())).await.body;
            for secret in [
                "nguoi.dan@example.com",
                "0912345678",
                "Trần",
                "Bình",
                "thiet-bi-1",
                "tai-khoan-7",
            ] {
                assert!(!body.contains(secret), "{secret} leaked: {body}");
            }
        }
        for (path, fmt) in [
            ("requests/999999", Fmt::Xml),
            ("requests/abc", Fmt::Json),
            ("tokens/khong-co", Fmt::Json),
        ] {
            let r = app.get(&format!("{ROOT}/{path}.{}", fmt.ext())).await;
            assert_eq!(r.status, 404, "{path}");
            assert_eq!(error_codes(&r, fmt), ["not_found"]);
        }
    }
}

#[tokio::test]
async fn closed_requests_carry_their_notes_and_private_ones_are_redacted() {
    for app in apps().await {
        let id = insert_at(&app, "rac-thai", 12.68, 108.05, time::OffsetDateTime::now_utc()).await;
        publish(&app, id, "Đã thu gom rác ngày 21/11.").await;
        let v = both(&app, &format!("requests/{id}"), "service_requests").await;
        assert_eq!(v[0]["status"], "closed");
        assert_eq!(v[0]["status_notes"], "Đã thu gom rác ngày 21/11.");
        assert_eq!(v[0]["expected_datetime"], Value::Null);
        // A refused report from the portal does not exist for Open311.
        let refused = insert_at(&app, "rac-thai", 12.68, 108.05, time::OffsetDateTime::now_utc()).await;
        refuse(&app, refused, "Trùng với phản ánh đã có").await;
        assert_eq!(app.get(&format!("{ROOT}/requests/{refused}.json")).await.status, 404);
        // Feedback on officials' conduct is public only once its answer is published; the
        // client that filed it follows it meanwhile through a redacted record.
        let private = post_id(&app, &conduct()).await;
        let v = both(&app, &format!("requests/{private}"), "service_requests").await;
        let r = &v[0];
        assert_eq!(r.as_object().unwrap().len(), 17, "every field of a request: {r}");
        assert_eq!(r["service_request_id"], private.to_string());
        assert_eq!(r["service_code"], "hanh-vi-can-bo");
        assert_eq!(r["status"], "open");
        assert_eq!(r["agency_responsible"], "Ủy ban nhân dân phường Buôn Ma Thuột");
        for f in ["requested_datetime", "updated_datetime", "expected_datetime"] {
            assert!(r[f].as_str().unwrap().ends_with("+07:00"), "{f}: {r}");
        }
        for f in [
            "description",
            "address",
            "address_id",
            "lat",
            "long",
            "media_url",
            "status_notes",
            "zipcode",
        ] {
            assert_eq!(r[f], Value::Null, "{f} is redacted: {r}");
        }
        assert!(r["service_notice"].as_str().unwrap().contains("công khai"), "{r}");
        for fmt in BOTH {
            let body = app.get(&format!("{ROOT}/requests/{private}.{}", fmt.ext())).await.body;
            for secret in ["Ổ gà lớn", "Bộ phận một cửa", "12.68", "nguoi.dan@example.com", "Trần"] {
                assert!(!body.contains(secret), "{secret} leaked: {body}");
            }
        }
        // Refused, it is closed (the reason stays private); published, it is shown in full.
        refuse(&app, private, "Không thuộc thẩm quyền, ông Lê Văn Y").await;
        let v = both(&app, &format!("requests/{private}"), "service_requests").await;
        assert_eq!(
            (&v[0]["status"], &v[0]["status_notes"]),
            (&json!("closed"), &Value::Null)
        );
        assert!(
            !app.get(&format!("{ROOT}/requests/{private}.xml"))
                .await
                .body
                .contains("Lê Văn Y")
        );
        let answered = post_id(&app, &conduct()).await;
        publish(&app, answered, "Đã nhắc nhở cán bộ.").await;
        let v = both(&app, &format!("requests/{answered}"), "service_requests").await;
        assert_eq!(v[0]["description"], "Ổ gà lớn trước số 12 Lê Duẩn, xe máy dễ ngã.");
        assert_eq!(v[0]["status_notes"], "Đã nhắc nhở cán bộ.");
    }
}

#[tokio::test]
async fn tokens_stand_for_request_ids_when_the_server_answers_with_tokens() {
    for db in motcua_storage::testing::all().await {
        let mut settings = test_settings();
        settings.web.feedback.open311.respond_with_token = true;
        settings.web.feedback.open311.jurisdiction_id = Some("daklak".into());
        let app = TestApp::on(db, settings).await.with_feedback().await;
        for fmt in BOTH {
            let form = with(pothole(), "jurisdiction_id", Some("daklak"));
            let r = crate::fixtures::post(&app, fmt, &form).await;
            assert_eq!(r.status, 200, "{}", r.body);
            let reply = read(&r, fmt, "service_requests");
            let item = &reply[0];
            assert!(item.get("service_request_id").is_none(), "never both id and token");
            assert_eq!(item["account_id"], "tai-khoan-7");
            assert!(item["service_notice"].as_str().is_some_and(|s| s.contains("15")));
            let token = item["token"].as_str().unwrap();
            let t = app.get(&format!("{ROOT}/tokens/{token}.{}", fmt.ext())).await;
            let found = read(&t, fmt, "service_requests");
            assert_eq!(found[0]["token"], token);
            assert!(found[0]["service_request_id"].as_str().unwrap().parse::<i64>().is_ok());
            let other = app
                .get(&format!("{ROOT}/services.{}?jurisdiction_id=hanoi", fmt.ext()))
                .await;
            assert_eq!(other.status, 404);
            assert_eq!(error_codes(&other, fmt), ["jurisdiction_id.unknown"]);
            let ours = app
                .get(&format!("{ROOT}/services.{}?jurisdiction_id=daklak", fmt.ext()))
                .await;
            assert_eq!(ours.status, 200);
        }
    }
}
