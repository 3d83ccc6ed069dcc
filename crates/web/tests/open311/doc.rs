//! Reading Open311 replies in both formats into one comparable shape: XML is parsed with
//! quick-xml (declaration, no namespace, no attributes), list containers become arrays;
//! JSON numbers and booleans become text and empty text becomes null, as XML cannot tell.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Map, Value};

use crate::support::Reply;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    Xml,
    Json,
}

pub const BOTH: [Fmt; 2] = [Fmt::Xml, Fmt::Json];

impl Fmt {
    pub fn ext(self) -> &'static str {
        match self {
            Fmt::Xml => "xml",
            Fmt::Json => "json",
        }
    }
}

/// Containers whose children are items of a list.
const LISTS: [&str; 8] = [
    "services",
    "service_requests",
    "service_request_updates",
    "errors",
    "endpoints",
    "formats",
    "attributes",
    "values",
];

/// An XML element as read: its name, its text and its child elements.
#[derive(Debug, Default)]
pub struct El {
    pub name: String,
    pub text: String,
    pub children: Vec<El>,
}

fn to_value(e: &El) -> Value {
    if LISTS.contains(&e.name.as_str()) {
        return Value::Array(e.children.iter().map(to_value).collect());
    }
    if e.children.is_empty() {
        return if e.text.is_empty() {
            Value::Null
        } else {
            Value::String(e.text.clone())
        };
    }
    let mut m = Map::new();
    for c in &e.children {
        assert!(!m.contains_key(&c.name), "repeated <{}> in <{}>", c.name, e.name);
        m.insert(c.name.clone(), to_value(c));
    }
    Value::Object(m)
}

fn entity(name: &str) -> char {
    match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        other => panic!("unexpected entity &{other};"),
    }
}

/// Parses an XML reply; returns the root's name and its value.
pub fn parse_xml(body: &str) -> (String, Value) {
    let root = tree(body);
    (root.name.clone(), to_value(&root))
}

/// Parses an XML reply (declaration naming UTF-8, no attributes or namespaces, nothing but
/// white space outside the one root element) into its element tree.
pub fn tree(body: &str) -> El {
    assert!(
        body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "no UTF-8 declaration: {body}"
    );
    let mut r = Reader::from_str(body);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        match r.read_event().unwrap() {
            Event::Decl(_) => {}
            Event::Start(s) => {
                assert_eq!(s.attributes().count(), 0, "attributes (namespace?) in {body}");
                let name = s.name().as_ref().to_owned();
                stack.push(El { name, ..El::default() });
            }
            Event::Empty(s) => {
                let name = s.name().as_ref().to_owned();
                stack.last_mut().unwrap().children.push(El { name, ..El::default() });
            }
            Event::Text(t) => {
                let text = (*t).to_owned();
                if stack.len() > 1 {
                    stack.last_mut().unwrap().text.push_str(&text);
                } else {
                    assert!(text.trim().is_empty(), "text outside the root: {text}");
                }
            }
            Event::GeneralRef(g) => {
                let name = (*g).to_owned();
                stack.last_mut().unwrap().text.push(entity(&name));
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Eof => break,
            other => panic!("unexpected XML event {other:?}"),
        }
    }
    let mut top = stack.pop().unwrap();
    assert_eq!(top.children.len(), 1, "one root element");
    top.children.remove(0)
}

/// JSON as XML would show it.
pub fn flatten(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::String(s) if s.is_empty() => Value::Null,
        Value::Array(a) => Value::Array(a.into_iter().map(flatten).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, flatten(v))).collect()),
        other => other,
    }
}

/// Checks the content type and reads the reply in the comparable shape; for XML also the
/// root element's name.
pub fn read(r: &Reply, fmt: Fmt, root: &str) -> Value {
    match fmt {
        Fmt::Xml => {
            assert_eq!(r.content_type(), "text/xml; charset=utf-8", "{}", r.body);
            let (name, v) = parse_xml(&r.body);
            assert_eq!(name, root, "{}", r.body);
            v
        }
        Fmt::Json => {
            assert_eq!(r.content_type(), "application/json; charset=utf-8", "{}", r.body);
            flatten(r.json())
        }
    }
}

/// The error codes of an error reply.
pub fn error_codes(r: &Reply, fmt: Fmt) -> Vec<String> {
    let v = read(r, fmt, "errors");
    let items = v.as_array().unwrap_or_else(|| panic!("errors are a list: {}", r.body));
    items
        .iter()
        .map(|e| {
            let d = e["description"].as_str().unwrap_or("");
            assert!(!d.is_empty(), "every error has a description: {}", r.body);
            e["code"].as_str().unwrap().to_owned()
        })
        .collect()
}
