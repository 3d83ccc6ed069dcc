//! The signed query strings of §1–2: building them (sorted, form-URL-encoded, signed) and
//! reading them (the signed part exactly as sent, then the decoded values).

use std::collections::BTreeMap;

use crate::credentials::HashSecret;
use crate::error::VnpayError;
use crate::signature;

/// The signature parameter.
pub const SECURE_HASH: &str = "vnp_SecureHash";
/// The signature type parameter (not sent by 2.1.0; never signed).
pub const SECURE_HASH_TYPE: &str = "vnp_SecureHashType";

/// Builds the signed query: the `vnp_*` parameters with a non-empty value, sorted by key,
/// form-URL-encoded (space → `+`) and joined with `&`, then `&vnp_SecureHash=` and the
/// HMAC-SHA512 of exactly that string.
pub fn signed_query(secret: &HashSecret, params: &[(&str, &str)]) -> String {
    let data = canonical(params);
    let hash = signature::sign(secret, &data);
    format!("{data}&{SECURE_HASH}={hash}")
}

/// The string that is signed: non-empty `vnp_*` parameters except the hash fields, sorted
/// by key, form-URL-encoded, joined with `&`.
pub fn canonical(params: &[(&str, &str)]) -> String {
    let mut signed: Vec<&(&str, &str)> = params.iter().filter(|(k, v)| is_signed(k) && !v.is_empty()).collect();
    signed.sort_by(|a, b| a.0.cmp(b.0));
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(signed)
        .finish()
}

fn is_signed(key: &str) -> bool {
    key.starts_with("vnp_") && key != SECURE_HASH && key != SECURE_HASH_TYPE
}

/// A received query string whose signature has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedQuery {
    /// Every `vnp_*` parameter, decoded (the hash fields included, empty values too).
    params: BTreeMap<String, String>,
}

impl VerifiedQuery {
    /// A decoded parameter, `None` when absent or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A required parameter.
    pub fn require(&self, key: &'static str) -> Result<&str, VnpayError> {
        self.get(key).ok_or(VnpayError::MissingField(key))
    }
}

/// Verifies a received query string (with or without its leading `?`). The signed string
/// is rebuilt from the segments **exactly as sent** (so it does not matter which encoder
/// the sender used), taking the non-empty `vnp_*` parameters except the hash fields,
/// sorted by key. Parameters not starting with `vnp_` are ignored; a `vnp_*` parameter
/// given twice is refused.
pub fn verify_query(secret: &HashSecret, raw: &str) -> Result<VerifiedQuery, VnpayError> {
    let raw = raw.strip_prefix('?').unwrap_or(raw);
    let mut params = BTreeMap::new();
    let mut signed: Vec<(String, &str)> = Vec::new();
    for segment in raw.split('&').filter(|s| !s.is_empty()) {
        let Some((key, value)) = form_urlencoded::parse(segment.as_bytes()).next() else {
            continue;
        };
        if !key.starts_with("vnp_") {
            continue;
        }
        let key = key.into_owned();
        if params.contains_key(&key) {
            return Err(VnpayError::DuplicateParameter(key));
        }
        if is_signed(&key) && !value.is_empty() {
            signed.push((key.clone(), segment));
        }
        params.insert(key, value.into_owned());
    }
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    let data = signed.iter().map(|(_, segment)| *segment).collect::<Vec<_>>().join("&");
    let hash = params.get(SECURE_HASH).map(String::as_str).unwrap_or_default();
    signature::verify(secret, &data, hash)?;
    Ok(VerifiedQuery { params })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> HashSecret {
        HashSecret::new("TESTSECRET").unwrap()
    }

    #[test]
    fn canonical_form_sorts_encodes_and_skips_empty_and_foreign_parameters() {
        let params = [
            ("vnp_TxnRef", "A1"),
            ("vnp_Amount", "1000000"),
            ("vnp_BankCode", ""),
            ("vnp_OrderInfo", "Thanh toan le phi"),
            ("vnp_ReturnUrl", "https://x.vn/tra-ve?a=1&b=đ"),
            ("lang", "vi"),
            ("vnp_SecureHashType", "HmacSHA512"),
            ("vnp_SecureHash", "abc"),
        ];
        assert_eq!(
            canonical(&params),
            "vnp_Amount=1000000&vnp_OrderInfo=Thanh+toan+le+phi\
             &vnp_ReturnUrl=https%3A%2F%2Fx.vn%2Ftra-ve%3Fa%3D1%26b%3D%C4%91&vnp_TxnRef=A1"
        );
    }

    #[test]
    fn a_signed_query_verifies_and_decodes() {
        let q = signed_query(&secret(), &[("vnp_OrderInfo", "a b&c=d"), ("vnp_Amount", "100")]);
        let v = verify_query(&secret(), &format!("?{q}&utm_source=x")).unwrap();
        assert_eq!(v.get("vnp_OrderInfo"), Some("a b&c=d"));
        assert_eq!(v.require("vnp_Amount"), Ok("100"));
        assert_eq!(v.require("vnp_TxnRef"), Err(VnpayError::MissingField("vnp_TxnRef")));
    }

    #[test]
    fn any_change_breaks_the_signature() {
        let q = signed_query(&secret(), &[("vnp_Amount", "100"), ("vnp_TxnRef", "A1")]);
        let altered = q.replace("vnp_Amount=100", "vnp_Amount=101");
        assert_eq!(verify_query(&secret(), &altered), Err(VnpayError::BadSignature));
        let added = format!("vnp_BankCode=NCB&{q}");
        assert_eq!(verify_query(&secret(), &added), Err(VnpayError::BadSignature));
        let without = q.split("&vnp_SecureHash=").next().unwrap();
        assert_eq!(verify_query(&secret(), without), Err(VnpayError::MissingSignature));
        let wrong_key = HashSecret::new("OTHER").unwrap();
        assert_eq!(verify_query(&wrong_key, &q), Err(VnpayError::BadSignature));
    }

    #[test]
    fn empty_values_and_foreign_parameters_are_outside_the_signature() {
        let q = signed_query(&secret(), &[("vnp_Amount", "100")]);
        assert!(verify_query(&secret(), &format!("{q}&vnp_BankTranNo=&other=1")).is_ok());
    }

    #[test]
    fn a_repeated_parameter_is_refused() {
        let q = signed_query(&secret(), &[("vnp_Amount", "100")]);
        let doubled = format!("{q}&vnp_Amount=100");
        assert_eq!(
            verify_query(&secret(), &doubled),
            Err(VnpayError::DuplicateParameter("vnp_Amount".into()))
        );
    }

    proptest::proptest! {
        #[test]
        fn any_values_survive_signing_and_verification(
            values in proptest::collection::btree_map("[A-Za-z]{1,12}", "\\PC{0,40}", 1..8)
        ) {
            let keyed: Vec<(String, String)> = values.iter().map(|(k, v)| (format!("vnp_{k}"), v.clone())).collect();
            let pairs: Vec<(&str, &str)> = keyed.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let q = signed_query(&secret(), &pairs);
            let verified = verify_query(&secret(), &q).unwrap();
            for (k, v) in &keyed {
                proptest::prop_assert_eq!(verified.get(k), Some(v.as_str()).filter(|v| !v.is_empty()));
            }
        }
    }
}
