//! Appending an (invisible) signature field to a PDF as an incremental update.
//!
//! lopdf parses the document (classic or cross-reference-stream files, object streams) and
//! writes the update with its `IncrementalDocument`: the original bytes unchanged, then the new
//! and changed objects and a cross-reference section of the original's kind (a table after a
//! table, a stream after a stream) whose `/Prev` points at the original's. lopdf has no notion
//! of a signature's byte range, so the signature dictionary is written with two placeholders
//! — a `/ByteRange` of fixed-width dummy numbers and a `/Contents` of zeros — which
//! [`super::placeholder`] then finds in the appended bytes and fills in place, without moving
//! any byte (every offset in the new cross-reference section stays right).

use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use time::OffsetDateTime;

use super::placeholder::{self, BYTE_RANGE_PLACEHOLDER, PdfWithPlaceholder};
use crate::error::{Error, Result};

/// What goes into the signature dictionary besides the signature itself.
#[derive(Debug, Clone)]
pub(crate) struct SignatureFields<'a> {
    pub field_name: Option<&'a str>,
    pub signing_time: OffsetDateTime,
    pub reason: Option<&'a str>,
    pub location: Option<&'a str>,
    pub signer_name: Option<&'a str>,
    pub contact_info: Option<&'a str>,
    pub reserved_bytes: usize,
}

/// Widget annotation flags: Print (4) + Locked (128).
const WIDGET_FLAGS: i64 = 132;
/// AcroForm `/SigFlags`: SignaturesExist (1) + AppendOnly (2).
const SIG_FLAGS: i64 = 3;

/// Load `pdf`, add a signature field with placeholders and return the whole new file.
pub(crate) fn append_signature_field(pdf: &[u8], fields: &SignatureFields<'_>) -> Result<PdfWithPlaceholder> {
    let previous = Document::load_mem(pdf)?;
    // lopdf opens a file encrypted with an empty user password by itself; refuse that too.
    if previous.is_encrypted() || previous.encryption_state.is_some() || previous.trailer.has(b"Encrypt") {
        return Err(Error::PdfEncrypted);
    }
    if previous.xref_start == 0 {
        return Err(Error::PdfUnsupported(
            "its cross-reference section is damaged (the file had to be repaired to be read)".into(),
        ));
    }
    let root_id = previous
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| Error::PdfUnsupported("the trailer has no /Root".into()))?;
    let page_id = *previous
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| Error::PdfUnsupported("it has no pages".into()))?;
    let existing_names = field_names(&previous, root_id);
    let field_name = match fields.field_name {
        Some(name) if existing_names.iter().any(|existing| existing == name) => {
            return Err(Error::PdfUnsupported(format!("a field named {name:?} exists already")));
        }
        Some(name) => name.to_string(),
        None => (1..)
            .map(|n| format!("Signature{n}"))
            .find(|candidate| !existing_names.contains(candidate))
            .unwrap_or_else(|| "Signature".to_string()),
    };

    let mut update = IncrementalDocument::create_from(pdf.to_vec(), previous);
    let signature_id = update.new_document.add_object(signature_dictionary(fields));
    let widget_id = update.new_document.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", lopdf::text_string(&field_name)),
        ("V", Object::Reference(signature_id)),
        ("F", Object::Integer(WIDGET_FLAGS)),
        ("Rect", Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()])),
        ("P", Object::Reference(page_id)),
    ]));
    add_to_array(&mut update, page_id, b"Annots", widget_id)?;
    add_field(&mut update, root_id, widget_id)?;

    let mut bytes = Vec::with_capacity(pdf.len() + fields.reserved_bytes * 2 + 4096);
    update
        .save_to(&mut bytes)
        .map_err(|e| Error::PdfUnsupported(format!("writing the update failed: {e}")))?;
    placeholder::locate(bytes, pdf.len(), fields.reserved_bytes)
}

fn signature_dictionary(fields: &SignatureFields<'_>) -> Dictionary {
    let mut dictionary = Dictionary::from_iter([
        ("Type", Object::Name(b"Sig".to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
        (
            "ByteRange",
            Object::Array(BYTE_RANGE_PLACEHOLDER.iter().map(|&n| Object::Integer(n)).collect()),
        ),
        (
            "Contents",
            Object::String(vec![0; fields.reserved_bytes], StringFormat::Hexadecimal),
        ),
        ("M", Object::from(fields.signing_time)),
    ]);
    let optional = [
        ("Name", fields.signer_name),
        ("Reason", fields.reason),
        ("Location", fields.location),
        ("ContactInfo", fields.contact_info),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            dictionary.set(key, lopdf::text_string(value));
        }
    }
    dictionary
}

/// Append `item` to the array `key` of dictionary object `owner` (an inline array, an
/// indirect one, or none yet), copying whatever changes into the update.
fn add_to_array(update: &mut IncrementalDocument, owner: ObjectId, key: &[u8], item: ObjectId) -> Result<()> {
    update.opt_clone_object_to_new_document(owner)?;
    let indirect = {
        let dictionary = update.new_document.get_object(owner)?.as_dict()?;
        dictionary.get(key).ok().and_then(|value| value.as_reference().ok())
    };
    let array = match indirect {
        Some(array_id) => {
            update.opt_clone_object_to_new_document(array_id)?;
            update.new_document.get_object_mut(array_id)?
        }
        None => {
            let dictionary = update.new_document.get_object_mut(owner)?.as_dict_mut()?;
            if !dictionary.has(key) {
                dictionary.set(key, Object::Array(Vec::new()));
            }
            dictionary.get_mut(key)?
        }
    };
    array
        .as_array_mut()
        .map_err(|_| Error::PdfUnsupported("an /Annots or /Fields entry is not an array".into()))?
        .push(Object::Reference(item));
    Ok(())
}

/// Register the field in the catalog's `/AcroForm` (creating it if needed) and set
/// `/SigFlags 3`.
fn add_field(update: &mut IncrementalDocument, root_id: ObjectId, field: ObjectId) -> Result<()> {
    let existing = {
        let catalog = update.get_prev_documents().get_object(root_id)?.as_dict()?;
        catalog.get(b"AcroForm").ok().cloned()
    };
    let form_id = match existing {
        Some(Object::Reference(form_id)) => form_id,
        Some(Object::Dictionary(inline)) => {
            // Move an inline AcroForm into an object of its own, referenced by the catalog.
            let form_id = update.new_document.add_object(inline);
            set_in_catalog(update, root_id, form_id)?;
            form_id
        }
        _ => {
            let form_id = update
                .new_document
                .add_object(Dictionary::from_iter([("Fields", Object::Array(Vec::new()))]));
            set_in_catalog(update, root_id, form_id)?;
            form_id
        }
    };
    add_to_array(update, form_id, b"Fields", field)?;
    let form = update.new_document.get_object_mut(form_id)?.as_dict_mut()?;
    let flags = form.get(b"SigFlags").and_then(Object::as_i64).unwrap_or(0);
    form.set("SigFlags", Object::Integer(flags | SIG_FLAGS));
    Ok(())
}

fn set_in_catalog(update: &mut IncrementalDocument, root_id: ObjectId, form: ObjectId) -> Result<()> {
    update.opt_clone_object_to_new_document(root_id)?;
    update
        .new_document
        .get_object_mut(root_id)?
        .as_dict_mut()?
        .set("AcroForm", Object::Reference(form));
    Ok(())
}

/// The `/T` names of the top-level form fields.
fn field_names(document: &Document, root_id: ObjectId) -> Vec<String> {
    let fields = document
        .get_object(root_id)
        .and_then(Object::as_dict)
        .and_then(|catalog| catalog.get_deref(b"AcroForm", document))
        .and_then(Object::as_dict)
        .and_then(|form| form.get_deref(b"Fields", document))
        .and_then(Object::as_array);
    let Ok(fields) = fields else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|field| document.dereference(field).ok())
        .filter_map(|(_, field)| field.as_dict().ok())
        .filter_map(|field| field.get(b"T").ok())
        .filter_map(|name| lopdf::decode_text_string(name).ok())
        .collect()
}
