//! A dotted path into a JSON answer (`status`, `data.msg_id`, `result.0.code`).

use serde_json::Value;

/// The value at `path`, if any. Numeric segments index arrays.
pub(crate) fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, segment| match v {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A value as text: strings without quotes, numbers and booleans as written.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_objects_and_arrays() {
        let v = json!({"data": {"msg_id": "abc", "list": [{"code": 0}]}, "status": "OK"});
        assert_eq!(at(&v, "status"), Some(&json!("OK")));
        assert_eq!(at(&v, "data.msg_id").map(text), Some("abc".to_owned()));
        assert_eq!(at(&v, "data.list.0.code").map(text), Some("0".to_owned()));
        assert_eq!(at(&v, "data.missing"), None);
        assert_eq!(at(&v, "status.x"), None);
    }
}
