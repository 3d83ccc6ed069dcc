//! Conformance: every answer of every endpoint, in both formats and on every backend, is
//! checked against the JSON Schemas of GeoReport v2 in `schemas/georeport-v2.schema.json`
//! (written from the specification and mySociety's extension). JSON replies are validated
//! as they are; XML replies are read through the same schema — the root element's name, each
//! list's item element, the child elements an object may have, no text where elements are
//! expected — into JSON that must then pass the same validation.

use serde_json::{Map, Value, json};

use motcua_domain::feedback::FeedbackAction;

use crate::doc::{BOTH, El, Fmt, tree};
use crate::fixtures::{ROOT, act, apps, conduct, insert_at, post, post_id, pothole, publish, refuse, with};
use crate::support::{OPEN311_KEY, Reply, TestApp, test_settings};

const SCHEMAS: &str = include_str!("schemas/georeport-v2.schema.json");

fn schemas() -> Value {
    serde_json::from_str(SCHEMAS).unwrap()
}

/// The definition `name` as a schema of its own (sharing every definition).
fn schema_of(all: &Value, name: &str) -> Value {
    json!({
        "$schema": all["$schema"],
        "$defs": all["$defs"],
        "$ref": format!("#/$defs/{name}"),
    })
}

fn resolve<'a>(all: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => all
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("no {r} in the schemas")),
        None => s,
    }
}

fn types(s: &Value) -> Vec<&str> {
    match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Reads an XML element as the JSON the schema describes; element names and nesting that
/// the schema does not allow are reported in `problems`.
fn xml_to_json(all: &Value, schema: &Value, el: &El, at: &str, problems: &mut Vec<String>) -> Value {
    let s = resolve(all, schema);
    let t = types(s);
    let here = format!("{at}/{}", el.name);
    if t.contains(&"array") {
        if !el.text.trim().is_empty() {
            problems.push(format!("{here}: text in a list"));
        }
        let item = s["xml"]["item"]
            .as_str()
            .unwrap_or_else(|| panic!("{here}: no xml.item"));
        let items = &s["items"];
        let values = el
            .children
            .iter()
            .map(|c| {
                if c.name != item {
                    problems.push(format!("{here}: <{}> where <{item}> is expected", c.name));
                }
                xml_to_json(all, items, c, &here, problems)
            })
            .collect();
        return Value::Array(values);
    }
    if t.contains(&"object") {
        if !el.text.trim().is_empty() {
            problems.push(format!("{here}: text in an object"));
        }
        let mut m = Map::new();
        for c in &el.children {
            let Some(field) = s["properties"].get(&c.name) else {
                problems.push(format!("{here}: unexpected element <{}>", c.name));
                continue;
            };
            if m.contains_key(&c.name) {
                problems.push(format!("{here}: <{}> repeated", c.name));
            }
            m.insert(c.name.clone(), xml_to_json(all, field, c, &here, problems));
        }
        return Value::Object(m);
    }
    if !el.children.is_empty() {
        problems.push(format!("{here}: elements inside a value"));
    }
    let text = el.text.as_str();
    if text.is_empty() {
        return Value::Null;
    }
    if t.contains(&"boolean") && (text == "true" || text == "false") {
        return Value::Bool(text == "true");
    }
    if t.contains(&"integer")
        && let Ok(i) = text.parse::<i64>()
    {
        return Value::from(i);
    }
    if t.contains(&"number")
        && let Some(n) = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

fn validate(all: &Value, name: &str, instance: &Value, what: &str) {
    let validator = jsonschema::validator_for(&schema_of(all, name)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not conform to {name}: {errors:#?}\n{instance}"
    );
}

/// Checks a reply in its format against the definition `name`.
fn conforms(r: &Reply, fmt: Fmt, name: &str, what: &str) {
    let all = schemas();
    match fmt {
        Fmt::Json => {
            assert_eq!(r.content_type(), "application/json; charset=utf-8", "{what}");
            validate(&all, name, &r.json(), what);
        }
        Fmt::Xml => {
            assert_eq!(r.content_type(), "text/xml; charset=utf-8", "{what}");
            let root = tree(&r.body);
            let schema = &all["$defs"][name];
            assert_eq!(
                Some(root.name.as_str()),
                schema["xml"]["name"].as_str(),
                "{what}: root of {}",
                r.body
            );
            let mut problems = Vec::new();
            let v = xml_to_json(&all, schema, &root, "", &mut problems);
            assert!(problems.is_empty(), "{what}: XML elements: {problems:#?}\n{}", r.body);
            validate(&all, name, &v, what);
        }
    }
}

async fn get(app: &TestApp, path: &str, fmt: Fmt) -> Reply {
    app.get(&format!("{ROOT}/{path}.{}", fmt.ext())).await
}

/// Reports in every state the API can show: public open, published with a photo link,
/// refused through Open311 (redacted), private (redacted), with updates and a comment.
async fn populate(app: &TestApp) -> Vec<String> {
    let open = post_id(app, &pothole()).await;
    let linked = post_id(
        app,
        &with(pothole(), "media_url", Some("https://anh.example.org/1.jpg")),
    )
    .await;
    act(app, linked, FeedbackAction::Accept).await;
    let answered = insert_at(app, "rac-thai", 12.68, 108.05, time::OffsetDateTime::now_utc()).await;
    publish(app, answered, "Đã thu gom.").await;
    let refused = post_id(app, &pothole()).await;
    refuse(app, refused, "Ngoài phạm vi").await;
    let private = post_id(app, &conduct()).await;
    let addressed = post_id(
        app,
        &with(
            with(with(pothole(), "lat", None), "long", None),
            "address_string",
            Some("12 Lê Duẩn"),
        ),
    )
    .await;
    let form = [
        ("api_key", OPEN311_KEY.to_owned()),
        ("service_request_id", open.to_string()),
        ("description", "Thêm ảnh".to_owned()),
        ("media_url", "https://anh.example.org/2.jpg".to_owned()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("{ROOT}/servicerequestupdates.json"), None, &pairs)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    [open, linked, answered, refused, private, addressed]
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[tokio::test]
async fn every_read_conforms_in_both_formats() {
    for app in apps().await {
        let ids = populate(&app).await;
        let codes: Vec<String> = app
            .state
            .feedback_setup()
            .categories
            .iter()
            .map(|c| c.code.clone())
            .collect();
        for fmt in BOTH {
            let label = |what: &str| format!("{} {fmt:?} {what}", app.label());
            conforms(
                &get(&app, "discovery", fmt).await,
                fmt,
                "discovery",
                &label("discovery"),
            );
            conforms(&get(&app, "services", fmt).await, fmt, "services", &label("services"));
            for code in &codes {
                let r = get(&app, &format!("services/{code}"), fmt).await;
                conforms(&r, fmt, "service_definition", &label(code));
            }
            let list = get(&app, "requests", fmt).await;
            conforms(&list, fmt, "service_requests", &label("requests"));
            let filtered = app.get(&format!("{ROOT}/requests.{}?status=closed", fmt.ext())).await;
            conforms(&filtered, fmt, "service_requests", &label("requests?status=closed"));
            for id in &ids {
                let r = get(&app, &format!("requests/{id}"), fmt).await;
                assert_eq!(r.status, 200, "{id}: {}", r.body);
                conforms(&r, fmt, "service_requests", &label(&format!("requests/{id}")));
            }
            let updates = get(&app, "servicerequestupdates", fmt).await;
            conforms(
                &updates,
                fmt,
                "service_request_updates",
                &label("servicerequestupdates"),
            );
        }
    }
}

#[tokio::test]
async fn every_write_conforms_in_both_formats() {
    for app in apps().await {
        let mine = post_id(&app, &pothole()).await;
        for fmt in BOTH {
            let label = |what: &str| format!("{} {fmt:?} {what}", app.label());
            conforms(
                &post(&app, fmt, &pothole()).await,
                fmt,
                "post_answer",
                &label("POST requests"),
            );
            let without_account = with(pothole(), "account_id", None);
            conforms(
                &post(&app, fmt, &without_account).await,
                fmt,
                "post_answer",
                &label("POST, no account"),
            );
            let form = [
                ("api_key", OPEN311_KEY.to_owned()),
                ("service_request_id", mine.to_string()),
                ("description", "Bổ sung".to_owned()),
            ];
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = app
                .post_form(&format!("{ROOT}/servicerequestupdates.{}", fmt.ext()), None, &pairs)
                .await;
            conforms(&r, fmt, "update_answer", &label("POST servicerequestupdates"));
        }
    }
    // A server answering with tokens: the POST answer and the token look-up.
    for db in motcua_storage::testing::all().await {
        let mut settings = test_settings();
        settings.web.feedback.open311.respond_with_token = true;
        let app = TestApp::on(db, settings).await.with_feedback().await;
        for fmt in BOTH {
            let r = post(&app, fmt, &pothole()).await;
            conforms(&r, fmt, "post_answer", "POST with tokens");
            let token = match fmt {
                Fmt::Json => r.json()[0]["token"].as_str().unwrap().to_owned(),
                Fmt::Xml => tree(&r.body).children[0]
                    .children
                    .iter()
                    .find(|c| c.name == "token")
                    .unwrap()
                    .text
                    .clone(),
            };
            let t = get(&app, &format!("tokens/{token}"), fmt).await;
            conforms(&t, fmt, "token_answer", "tokens/{token}");
        }
    }
}

#[tokio::test]
async fn every_error_conforms_in_both_formats() {
    for app in apps().await {
        let id = post_id(&app, &pothole()).await;
        for fmt in BOTH {
            let ext = fmt.ext();
            let label = |what: &str| format!("{} {fmt:?} {what}", app.label());
            let mut replies = vec![
                ("unknown path", app.get(&format!("{ROOT}/khong-co.{ext}")).await, 404),
                ("unknown service", get(&app, "services/khong-co", fmt).await, 404),
                ("unknown request", get(&app, "requests/999999", fmt).await, 404),
                ("unknown token", get(&app, "tokens/khong-co", fmt).await, 404),
                (
                    "bad date",
                    app.get(&format!("{ROOT}/requests.{ext}?start_date=x")).await,
                    400,
                ),
                (
                    "jurisdiction",
                    app.get(&format!("{ROOT}/services.{ext}?jurisdiction_id=x")).await,
                    404,
                ),
                (
                    "bad window",
                    app.get(&format!("{ROOT}/servicerequestupdates.{ext}?end_date=y")).await,
                    400,
                ),
                ("no key", post(&app, fmt, &with(pothole(), "api_key", None)).await, 403),
                (
                    "unknown service code",
                    post(&app, fmt, &with(pothole(), "service_code", Some("x"))).await,
                    404,
                ),
                (
                    "many fields",
                    post(
                        &app,
                        fmt,
                        &with(with(pothole(), "lat", Some("91")), "attribute[muc_do]", None),
                    )
                    .await,
                    400,
                ),
            ];
            let req = axum::http::Request::delete(format!("{ROOT}/requests.{ext}"))
                .body(axum::body::Body::empty())
                .unwrap();
            replies.push(("method", app.send(req).await, 405));
            let (_, other) = motcua_app::feedback::add_open311_key(&app.state, "Khác").await.unwrap();
            let form = [
                ("api_key", other),
                ("service_request_id", id.to_string()),
                ("description", "Không phải của tôi".to_owned()),
            ];
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = app
                .post_form(&format!("{ROOT}/servicerequestupdates.{ext}"), None, &pairs)
                .await;
            replies.push(("not the owner", r, 403));
            for (what, r, status) in replies {
                assert_eq!(r.status.as_u16(), status, "{}: {}", label(what), r.body);
                conforms(&r, fmt, "errors", &label(what));
            }
        }
    }
}

#[test]
fn the_xml_reading_refuses_foreign_elements_and_nesting() {
    let all = schemas();
    let schema = &all["$defs"]["services"];
    let read = |body: &str| {
        let mut problems = Vec::new();
        let v = xml_to_json(&all, schema, &tree(body), "", &mut problems);
        (v, problems)
    };
    let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let good = format!(
        "{decl}<services><service><service_code>a</service_code><service_name>A</service_name><description></description>\
         <metadata>true</metadata><type>realtime</type><keywords></keywords><group>g</group></service></services>"
    );
    let (v, problems) = read(&good);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(v[0]["metadata"], true);
    assert_eq!(v[0]["description"], Value::Null);
    validate(&all, "services", &v, "a good list");
    let foreign = good.replace("<group>g</group>", "<group>g</group><colour>red</colour>");
    assert_eq!(read(&foreign).1, ["/services/service: unexpected element <colour>"]);
    let wrong_item = good.replace("<service>", "<item>").replace("</service>", "</item>");
    assert_eq!(read(&wrong_item).1, ["/services: <item> where <service> is expected"]);
    let (v, _) = read(&good.replace("<metadata>true</metadata>", "<metadata>yes</metadata>"));
    let errors = jsonschema::validator_for(&schema_of(&all, "services")).unwrap();
    assert!(!errors.is_valid(&v), "a boolean must be true or false");
    let (v, _) = read(&good.replace("<service_name>A</service_name>", "<service_name></service_name>"));
    assert!(!errors.is_valid(&v), "a required value cannot be empty");
}
