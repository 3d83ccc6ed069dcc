//! Finding the signature dictionaries of a PDF, for verification.

use lopdf::{Document, Object};
use time::OffsetDateTime;

use crate::error::Result;

/// One signature dictionary as found in the PDF.
#[derive(Debug, Clone)]
pub(crate) struct FoundSignature {
    /// The `/T` of the field whose `/V` is this dictionary, if one is.
    pub field_name: Option<String>,
    /// `/SubFilter`, e.g. `ETSI.CAdES.detached`.
    pub sub_filter: String,
    /// `/ByteRange` (any length; a valid one has four non-negative numbers).
    pub byte_range: Vec<i64>,
    /// `/Contents` (the CMS, zero-padded).
    pub contents: Vec<u8>,
    /// `/M`.
    pub signing_time: Option<OffsetDateTime>,
    /// `/Reason`, `/Location`, `/Name`.
    pub reason: Option<String>,
    pub location: Option<String>,
    pub name: Option<String>,
}

/// All signature dictionaries (`/Type /Sig`, or untyped with `/ByteRange` and `/Contents`) in
/// the latest revision, in the order of their byte ranges' ends (first signed first).
pub(crate) fn find_signatures(pdf: &[u8]) -> Result<Vec<FoundSignature>> {
    let document = Document::load_mem(pdf)?;
    let mut found = Vec::new();
    for (&id, object) in &document.objects {
        let Ok(dictionary) = object.as_dict() else {
            continue;
        };
        let typed_sig = dictionary.get(b"Type").and_then(Object::as_name).ok() == Some(b"Sig");
        let untyped_sig = !dictionary.has(b"Type") && dictionary.has(b"ByteRange") && dictionary.has(b"Contents");
        if !typed_sig && !untyped_sig {
            continue;
        }
        let text = |key: &[u8]| {
            dictionary
                .get(key)
                .ok()
                .and_then(|value| lopdf::decode_text_string(value).ok())
        };
        let byte_range = dictionary
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|items| items.iter().filter_map(|item| item.as_i64().ok()).collect())
            .unwrap_or_default();
        let contents = dictionary
            .get(b"Contents")
            .and_then(Object::as_str)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        found.push((
            id,
            FoundSignature {
                field_name: None,
                sub_filter: dictionary
                    .get(b"SubFilter")
                    .and_then(Object::as_name)
                    .map(|name| String::from_utf8_lossy(name).into_owned())
                    .unwrap_or_default(),
                byte_range,
                contents,
                signing_time: dictionary
                    .get(b"M")
                    .ok()
                    .and_then(Object::as_datetime)
                    .and_then(|date| OffsetDateTime::try_from(date).ok()),
                reason: text(b"Reason"),
                location: text(b"Location"),
                name: text(b"Name"),
            },
        ));
    }
    // Field names: any dictionary whose /V references a signature dictionary.
    for object in document.objects.values() {
        let Ok(field) = object.as_dict() else {
            continue;
        };
        let Ok(value) = field.get(b"V").and_then(Object::as_reference) else {
            continue;
        };
        if let Some((_, signature)) = found.iter_mut().find(|(id, _)| *id == value) {
            signature.field_name = field
                .get(b"T")
                .ok()
                .and_then(|name| lopdf::decode_text_string(name).ok());
        }
    }
    let mut signatures: Vec<FoundSignature> = found.into_iter().map(|(_, s)| s).collect();
    signatures.sort_by_key(|signature| {
        signature
            .byte_range
            .get(2)
            .zip(signature.byte_range.get(3))
            .map(|(start, len)| start.saturating_add(*len))
            .unwrap_or(i64::MAX)
    });
    Ok(signatures)
}
