//! The two Open311 formats from one value tree: XML (declaration naming UTF-8, no
//! namespace, escaping by quick-xml) and JSON (the root container dropped: lists become
//! top-level arrays, a service definition and discovery stay objects).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde_json::{Map, Value};

/// The format picked by the suffix of the last path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }

    /// `den-duong.json` → (`den-duong`, Json); None without a known suffix.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (name, ext) = file.rsplit_once('.')?;
        let fmt = match ext {
            "xml" => Format::Xml,
            "json" => Format::Json,
            _ => return None,
        };
        (!name.is_empty()).then_some((name, fmt))
    }
}

/// A value of an Open311 document. `List` carries the XML tag of its items.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    Bool(bool),
    Int(i64),
    Real(f64),
    /// No value: an empty element in XML, `null` in JSON (as is an empty `Text`).
    Null,
    List(&'static str, Vec<Val>),
    Obj(Vec<(&'static str, Val)>),
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(s.into())
    }

    pub fn opt(s: Option<impl Into<String>>) -> Val {
        s.map_or(Val::Null, |s| Val::Text(s.into()))
    }

    fn to_json(&self) -> Value {
        match self {
            // An empty field is `null`, as it is an empty element in XML.
            Val::Text(s) if s.is_empty() => Value::Null,
            Val::Text(s) => Value::String(s.clone()),
            Val::Bool(b) => Value::Bool(*b),
            Val::Int(i) => Value::from(*i),
            Val::Real(r) => serde_json::Number::from_f64(*r).map_or(Value::Null, Value::Number),
            Val::Null => Value::Null,
            Val::List(_, items) => Value::Array(items.iter().map(Val::to_json).collect()),
            Val::Obj(fields) => {
                let map: Map<String, Value> = fields.iter().map(|(k, v)| ((*k).to_owned(), v.to_json())).collect();
                Value::Object(map)
            }
        }
    }
}

/// Characters XML 1.0 cannot carry at all (control characters other than tab and newlines).
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}')))
        .collect()
}

fn write(w: &mut Writer<Vec<u8>>, tag: &str, v: &Val) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(tag)))?;
    match v {
        Val::Text(s) => w.write_event(Event::Text(BytesText::new(&xml_safe(s))))?,
        Val::Bool(b) => w.write_event(Event::Text(BytesText::new(if *b { "true" } else { "false" })))?,
        Val::Int(i) => w.write_event(Event::Text(BytesText::new(&i.to_string())))?,
        Val::Real(r) => w.write_event(Event::Text(BytesText::new(&r.to_string())))?,
        Val::Null => {}
        Val::List(item, items) => {
            for i in items {
                write(w, item, i)?;
            }
        }
        Val::Obj(fields) => {
            for (k, f) in fields {
                write(w, k, f)?;
            }
        }
    }
    w.write_event(Event::End(BytesEnd::new(tag)))
}

fn to_xml(root: &str, v: &Val) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::new());
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.get_mut().push(b'\n');
    write(&mut w, root, v)?;
    Ok(w.into_inner())
}

/// Renders a document: `root` names the XML root element (dropped in JSON).
pub fn render(fmt: Format, status: StatusCode, root: &str, v: &Val) -> Response {
    let body = match fmt {
        Format::Json => Ok(v.to_json().to_string().into_bytes()),
        Format::Xml => to_xml(root, v),
    };
    match body {
        Ok(b) => (status, [(header::CONTENT_TYPE, fmt.content_type())], b).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_pick_the_format() {
        assert_eq!(Format::split("den-duong.xml"), Some(("den-duong", Format::Xml)));
        assert_eq!(Format::split("a.b.json"), Some(("a.b", Format::Json)));
        assert_eq!(Format::split("services.csv"), None);
        assert_eq!(Format::split(".json"), None);
    }

    #[test]
    fn xml_is_escaped_and_declared() -> std::io::Result<()> {
        let v = Val::List(
            "request",
            vec![Val::Obj(vec![("description", Val::text("a<b & \u{1}\"c\""))])],
        );
        let xml = String::from_utf8_lossy(&to_xml("service_requests", &v)?).into_owned();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(
            xml.contains("<description>a&lt;b &amp; &quot;c&quot;</description>"),
            "{xml}"
        );
        assert_eq!(v.to_json(), serde_json::json!([{"description": "a<b & \u{1}\"c\""}]));
        let empty = Val::Obj(vec![
            ("a", Val::text("")),
            ("b", Val::Null),
            ("c", Val::List("x", vec![])),
        ]);
        assert_eq!(empty.to_json(), serde_json::json!({"a": null, "b": null, "c": []}));
        let xml = String::from_utf8_lossy(&to_xml("r", &empty)?).into_owned();
        assert!(xml.ends_with("<r><a></a><b></b><c></c></r>"), "{xml}");
        Ok(())
    }
}
