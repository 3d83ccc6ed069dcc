//! Signed typst PDFs judged by independent verifiers: poppler's `pdfsig` (NSS) and pyHanko.
//! See `common` for the tools this needs.

mod common;

use std::path::Path;

use common::*;
use lopdf::{Dictionary, Object, Stream};
use motcua_signing::demo_ca::Agency;
use motcua_signing::{Integrity, PrivateKey, credentials, sign_pdf, verify};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write PDF");
    path
}

fn assert_pdfsig_valid(output: &str) {
    for expected in [
        "Signature is Valid.",
        "Total document signed",
        "Certificate is Trusted.",
    ] {
        assert!(output.contains(expected), "pdfsig should say {expected:?}:\n{output}");
    }
}

fn assert_pyhanko_valid(ok: bool, output: &str) {
    assert!(ok, "pyhanko should exit 0:\n{output}");
    for expected in [
        "The signature is judged VALID.",
        "The signature is cryptographically sound.",
        "The signer's certificate is trusted.",
    ] {
        assert!(output.contains(expected), "pyhanko should say {expected:?}:\n{output}");
    }
}

#[test]
fn typst_pdfs_signed_with_a_demo_agency_certificate_are_valid_for_pdfsig_and_pyhanko() {
    let demo = demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = write(dir.path(), "root.pem", demo.root_pem.as_bytes());
    for fixture_name in [TYPST_PDF, TYPST_PDF_OBJSTM] {
        let original = fixture(fixture_name);
        let signed = sign_pdf(&original, &demo.signer, &options()).expect("sign");
        assert!(
            signed.starts_with(&original),
            "{fixture_name}: the original bytes must be kept unchanged before the update"
        );
        let path = write(dir.path(), &format!("signed-{fixture_name}"), &signed);

        assert_pdfsig_valid(&pdfsig(dir.path(), &path, &demo.root_pem));
        let (ok, output) = pyhanko_validate(&path, &[&root]);
        assert_pyhanko_valid(ok, &output);
        assert!(output.contains("The signature covers the entire file."), "{output}");

        let report = verify(&signed, &demo.roots).expect("verify");
        let [signature] = report.signatures.as_slice() else {
            panic!("one signature expected: {report:?}");
        };
        assert!(signature.is_valid(), "{signature:?}");
        assert_eq!(signature.integrity, Integrity::WholeDocument);
        assert_eq!(signature.signer_common_name.as_deref(), Some("UBND xã Hòa Bình"));
    }
}

#[test]
fn an_rsa_agency_key_signs_valid_pdfs_too() {
    let demo = demo();
    let key = PrivateKey::generate_rsa(2048).expect("RSA key");
    let issued = demo
        .ca
        .issue_for_key(
            Agency {
                name: "Sở Tư pháp",
                code: "000.00.12.H01",
            },
            &key,
            now(),
        )
        .expect("issue");
    let signer = credentials::load_pem(
        key.to_pkcs8_pem().expect("PEM").as_bytes(),
        issued.chain_pem.as_bytes(),
        demo.root_pem.as_bytes(),
        now(),
    )
    .expect("load");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = write(dir.path(), "root.pem", demo.root_pem.as_bytes());
    let signed = sign_pdf(&fixture(TYPST_PDF), &signer, &options()).expect("sign");
    let path = write(dir.path(), "signed-rsa.pdf", &signed);
    assert_pdfsig_valid(&pdfsig(dir.path(), &path, &demo.root_pem));
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert_pyhanko_valid(ok, &output);
    assert!(output.contains("sha256_rsa"), "{output}");
}

#[test]
fn bytes_appended_after_signing_are_reported_by_all_three() {
    let demo = demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = write(dir.path(), "root.pem", demo.root_pem.as_bytes());
    let mut altered = sign_pdf(&fixture(TYPST_PDF), &demo.signer, &options()).expect("sign");
    altered.extend_from_slice(b"\n% appended after signing\n");
    let path = write(dir.path(), "appended.pdf", &altered);

    let output = pdfsig(dir.path(), &path, &demo.root_pem);
    assert!(output.contains("Not total document signed"), "{output}");
    let (_, output) = pyhanko_validate(&path, &[&root]);
    assert!(
        output.contains("The signature does not cover the entire file."),
        "{output}"
    );

    let report = verify(&altered, &demo.roots).expect("verify");
    let signature = &report.signatures[0];
    assert_eq!(signature.integrity, Integrity::ModifiedAfterSigning);
    assert!(!signature.is_valid());
}

/// A forger's incremental update that adds text to the signed page.
fn add_text_in_an_update(signed: &[u8]) -> Vec<u8> {
    let document = lopdf::Document::load_mem(signed).expect("load");
    let page_id = *document.get_pages().values().next().expect("a page");
    let mut update = lopdf::IncrementalDocument::create_from(signed.to_vec(), document);
    let text = b"BT /F1 24 Tf 100 100 Td (KET QUA DA SUA) Tj ET".to_vec();
    let stream_id = update.new_document.add_object(Stream::new(Dictionary::new(), text));
    update.opt_clone_object_to_new_document(page_id).expect("clone page");
    let page = update
        .new_document
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .expect("page");
    let mut contents = match page.get(b"Contents").expect("contents").clone() {
        Object::Array(items) => items,
        single => vec![single],
    };
    contents.push(Object::Reference(stream_id));
    page.set("Contents", Object::Array(contents));
    let mut out = Vec::new();
    update.save_to(&mut out).expect("save");
    out
}

#[test]
fn a_page_changed_in_a_later_update_is_invalid_for_pyhanko_and_modified_for_pdfsig_and_us() {
    let demo = demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = write(dir.path(), "root.pem", demo.root_pem.as_bytes());
    let signed = sign_pdf(&fixture(TYPST_PDF_OBJSTM), &demo.signer, &options()).expect("sign");
    let forged = add_text_in_an_update(&signed);
    let path = write(dir.path(), "forged.pdf", &forged);

    let output = pdfsig(dir.path(), &path, &demo.root_pem);
    assert!(output.contains("Not total document signed"), "{output}");
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert!(!ok, "pyhanko must fail:\n{output}");
    assert!(output.contains("The signature is judged INVALID."), "{output}");

    let report = verify(&forged, &demo.roots).expect("verify");
    assert_eq!(report.signatures[0].integrity, Integrity::ModifiedAfterSigning);
    assert!(!report.signatures[0].is_valid());
}

#[test]
fn one_byte_changed_inside_the_signed_range_is_invalid_for_all_three() {
    let demo = demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = write(dir.path(), "root.pem", demo.root_pem.as_bytes());
    let mut altered = sign_pdf(&fixture(TYPST_PDF), &demo.signer, &options()).expect("sign");
    // The document information says "Typst 0.15.1"; make it "Typst 9.15.1".
    let at = altered
        .windows(10)
        .position(|w| w == b"Typst 0.15")
        .expect("creator string");
    altered[at + 6] = b'9';
    let path = write(dir.path(), "flipped.pdf", &altered);

    let output = pdfsig(dir.path(), &path, &demo.root_pem);
    assert!(output.contains("Digest Mismatch"), "{output}");
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert!(!ok, "pyhanko must fail:\n{output}");
    assert!(output.contains("The signature is judged INVALID."), "{output}");

    let report = verify(&altered, &demo.roots).expect("verify");
    let signature = &report.signatures[0];
    assert!(!signature.cms_signature_valid, "{signature:?}");
    assert!(!signature.is_valid());
}

#[test]
fn a_second_signature_keeps_the_first_valid() {
    let demo = demo();
    let second = demo
        .ca
        .issue(
            Agency {
                name: "Chủ tịch UBND xã Hòa Bình",
                code: "H01.23",
            },
            now(),
        )
        .expect("second certificate");
    let second_signer = credentials::load_pem(
        second.key_pem.as_deref().expect("key").as_bytes(),
        second.chain_pem.as_bytes(),
        demo.root_pem.as_bytes(),
        now(),
    )
    .expect("load");
    let once = sign_pdf(&fixture(TYPST_PDF), &demo.signer, &options()).expect("first");
    let twice = sign_pdf(&once, &second_signer, &options()).expect("second");
    assert!(twice.starts_with(&once));

    let dir = tempfile::tempdir().expect("temp dir");
    let root = write(dir.path(), "root.pem", demo.root_pem.as_bytes());
    let path = write(dir.path(), "twice.pdf", &twice);
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert!(ok, "{output}");
    assert_eq!(output.matches("The signature is judged VALID.").count(), 2, "{output}");

    let report = verify(&twice, &demo.roots).expect("verify");
    let names: Vec<_> = report.signatures.iter().map(|s| s.field_name.as_deref()).collect();
    assert_eq!(names, [Some("Signature1"), Some("Signature2")]);
    assert_eq!(report.signatures[0].integrity, Integrity::FollowedBySignedRevisions);
    assert_eq!(report.signatures[1].integrity, Integrity::WholeDocument);
    assert!(report.signatures.iter().all(|s| s.is_valid()), "{report:?}");
}
