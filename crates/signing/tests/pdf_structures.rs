//! PDFs of other shapes than typst's: an existing form with an inline `/AcroForm`, an
//! indirect `/Annots` array, encrypted and broken files, unsigned files.

mod common;

use common::*;
use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use motcua_signing::{Integrity, sign_pdf, verify};

/// A one-page PDF with an inline AcroForm holding a text field named `Signature1`, whose
/// widget sits in an indirect `/Annots` array.
fn pdf_with_a_form() -> Vec<u8> {
    let mut document = Document::with_version("1.7");
    let pages_id = document.new_object_id();
    let font_id = document.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = b"BT /F1 18 Tf 72 720 Td (Ket qua giai quyet ho so) Tj ET".to_vec();
    let content_id = document.add_object(Stream::new(Dictionary::new(), content));
    let page_id = document.new_object_id();
    let field_id = document.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx",
        "T" => Object::string_literal("Signature1"),
        "Rect" => vec![72.into(), 600.into(), 300.into(), 620.into()],
        "P" => page_id,
    });
    let annots_id = document.add_object(vec![Object::Reference(field_id)]);
    document.objects.insert(
        page_id,
        Object::Dictionary(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            "Annots" => annots_id,
        }),
    );
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = document.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id,
        "AcroForm" => dictionary! { "Fields" => vec![field_id.into()] },
    });
    document.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("save");
    bytes
}

#[test]
fn a_pdf_with_an_inline_form_and_indirect_annotations_is_signed_next_to_its_field() {
    let demo = demo();
    let original = pdf_with_a_form();
    let signed = sign_pdf(&original, &demo.signer, &options()).expect("sign");
    assert!(signed.starts_with(&original));

    let report = verify(&signed, &demo.roots).expect("verify");
    let [signature] = report.signatures.as_slice() else {
        panic!("one signature: {report:?}");
    };
    assert!(signature.is_valid(), "{signature:?}");
    assert_eq!(
        signature.field_name.as_deref(),
        Some("Signature2"),
        "the name Signature1 is taken"
    );

    let document = Document::load_mem(&signed).expect("load");
    let catalog = document.catalog().expect("catalog");
    let form = catalog
        .get_deref(b"AcroForm", &document)
        .and_then(Object::as_dict)
        .expect("form");
    let fields = form
        .get_deref(b"Fields", &document)
        .and_then(Object::as_array)
        .expect("fields");
    assert_eq!(fields.len(), 2, "the text field is kept and the signature field added");
    assert_eq!(form.get(b"SigFlags").and_then(Object::as_i64).ok(), Some(3));

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("form.pdf");
    std::fs::write(&path, &signed).expect("write");
    let root = dir.path().join("root.pem");
    std::fs::write(&root, &demo.root_pem).expect("write");
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert!(ok && output.contains("The signature is judged VALID."), "{output}");
}

#[test]
fn a_field_name_that_is_taken_is_refused() {
    let demo = demo();
    let mut named = options();
    named.field_name = Some("Signature1".into());
    let error = refused(sign_pdf(&pdf_with_a_form(), &demo.signer, &named));
    assert_eq!(error.code(), "signing.pdf_unsupported", "{error}");
}

#[test]
fn an_encrypted_pdf_is_not_signed() {
    // Made by `qpdf --encrypt "" owner-secret 256` from the typst fixture.
    let demo = demo();
    let error = refused(sign_pdf(
        &fixture("typst-result-vi-encrypted.pdf"),
        &demo.signer,
        &options(),
    ));
    assert_eq!(error.code(), "signing.pdf_encrypted", "{error}");
}

#[test]
fn bytes_that_are_not_a_pdf_are_an_error_for_signing_and_verifying() {
    let demo = demo();
    let error = refused(sign_pdf(b"%PDF-1.7 but nothing else", &demo.signer, &options()));
    assert_eq!(error.code(), "signing.pdf_unreadable", "{error}");
    assert!(verify(b"hello", &demo.roots).is_err());
}

#[test]
fn an_unsigned_pdf_has_no_signatures_and_its_hash() {
    let demo = demo();
    let pdf = fixture(TYPST_PDF);
    let report = verify(&pdf, &demo.roots).expect("verify");
    assert!(report.signatures.is_empty());
    assert_eq!(report.size_bytes, pdf.len());
    let expected = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&pdf))
    };
    assert_eq!(report.sha256_hex, expected);
}

#[test]
fn a_signature_checked_against_other_roots_is_untrusted_but_intact() {
    let demo = demo();
    let other = motcua_signing::demo_ca::DemoCa::generate(now()).expect("CA");
    let signed = sign_pdf(&fixture(TYPST_PDF), &demo.signer, &options()).expect("sign");
    let report = verify(&signed, &[other.certificate().clone()]).expect("verify");
    let signature = &report.signatures[0];
    assert!(signature.cms_signature_valid);
    assert_eq!(signature.integrity, Integrity::WholeDocument);
    assert!(!signature.chain_trusted);
    assert!(!signature.is_valid());
}
