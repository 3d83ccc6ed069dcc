//! The deferred flow for a leader's USB token in the browser: the server prepares, the token
//! signs the digest (as PKCS#11 `CKM_ECDSA` / `CKM_RSA_PKCS` plug-ins do), the server finishes.
//! The "token" here is the agency key used directly through RustCrypto's pre-hash signers,
//! outside this crate's own signing code.

mod common;

use common::*;
use motcua_signing::demo_ca::Agency;
use motcua_signing::{
    Integrity, PreparedSignature, PrivateKey, SignatureAlgorithm, Signer, credentials, finish, prepare, verify,
};
use rsa::signature::hazmat::PrehashSigner;

/// What a token plug-in returns for a P-256 key: raw `r‖s` over the given SHA-256 digest.
fn ecdsa_token_signs(key: &PrivateKey, digest: &[u8; 32]) -> Vec<u8> {
    let PrivateKey::EcdsaP256(key) = key else {
        panic!("a P-256 key expected");
    };
    let signature: p256::ecdsa::Signature = key.sign_prehash(digest).expect("token signs");
    signature.to_bytes().to_vec()
}

/// What a token returns for an RSA key: PKCS#1 v1.5 over DigestInfo(SHA-256, digest).
fn rsa_token_signs(key: &PrivateKey, digest: &[u8; 32]) -> Vec<u8> {
    let PrivateKey::Rsa(key) = key else {
        panic!("an RSA key expected");
    };
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone());
    let signature: rsa::pkcs1v15::Signature = signer.sign_prehash(digest).expect("token signs");
    rsa::signature::SignatureEncoding::to_vec(&signature)
}

/// The prepared state survives being stored as JSON between the two HTTP requests.
fn store_and_reload(prepared: &PreparedSignature) -> PreparedSignature {
    let json = serde_json::to_string(prepared).expect("serialise");
    serde_json::from_str(&json).expect("deserialise")
}

#[test]
fn an_ecdsa_token_signature_over_the_digest_gives_a_valid_pades_signature() {
    let demo = demo();
    let chain = demo.signer.certificate_chain().to_vec();
    // What the application checks when the token hands over its certificate.
    credentials::check_signing_certificate(&chain, &demo.roots, now()).expect("token certificate");
    let prepared = prepare(&fixture(TYPST_PDF), &chain, &options()).expect("prepare");
    assert_eq!(prepared.algorithm(), SignatureAlgorithm::EcdsaP256Sha256);
    let prepared = store_and_reload(&prepared);

    let signature = ecdsa_token_signs(demo.signer.key(), &prepared.digest_to_sign());
    assert_eq!(signature.len(), 64, "raw r‖s, as WebCrypto and tokens return it");
    let signed = finish(prepared, &signature).expect("finish");

    let report = verify(&signed, &demo.roots).expect("verify");
    assert!(report.signatures[0].is_valid(), "{report:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("token-ecdsa.pdf");
    std::fs::write(&path, &signed).expect("write");
    let root = dir.path().join("root.pem");
    std::fs::write(&root, &demo.root_pem).expect("write");
    let output = pdfsig(dir.path(), &path, &demo.root_pem);
    assert!(output.contains("Signature is Valid."), "{output}");
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert!(ok && output.contains("The signature is judged VALID."), "{output}");
}

#[test]
fn an_rsa_token_signature_over_the_digest_gives_a_valid_pades_signature() {
    let demo = demo();
    let key = PrivateKey::generate_rsa(2048).expect("RSA key");
    let issued = demo
        .ca
        .issue_for_key(
            Agency {
                name: "Nguyễn Văn Ánh — Chủ tịch",
                code: "H01.23",
            },
            &key,
            now(),
        )
        .expect("issue");
    let chain = credentials::read_certificates(
        issued.chain_pem.as_bytes(),
        motcua_signing::CredentialPart::Certificates,
    )
    .expect("chain");
    let prepared = prepare(&fixture(TYPST_PDF_OBJSTM), &chain, &options()).expect("prepare");
    assert_eq!(prepared.algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    let signature = rsa_token_signs(&key, &prepared.digest_to_sign());
    let signed = finish(store_and_reload(&prepared), &signature).expect("finish");

    let report = verify(&signed, &demo.roots).expect("verify");
    let signature = &report.signatures[0];
    assert!(signature.is_valid(), "{signature:?}");
    assert_eq!(signature.integrity, Integrity::WholeDocument);
    assert_eq!(
        signature.signer_common_name.as_deref(),
        Some("Nguyễn Văn Ánh — Chủ tịch")
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("token-rsa.pdf");
    std::fs::write(&path, &signed).expect("write");
    let root = dir.path().join("root.pem");
    std::fs::write(&root, &demo.root_pem).expect("write");
    let (ok, output) = pyhanko_validate(&path, &[&root]);
    assert!(ok && output.contains("The signature is judged VALID."), "{output}");
}

#[test]
fn a_signature_from_another_key_is_rejected() {
    let demo = demo();
    let chain = demo.signer.certificate_chain().to_vec();
    let prepared = prepare(&fixture(TYPST_PDF), &chain, &options()).expect("prepare");
    let stranger = PrivateKey::generate_p256();
    let signature = ecdsa_token_signs(&stranger, &prepared.digest_to_sign());
    let error = refused(finish(prepared, &signature));
    assert_eq!(error.code(), "signing.signature_rejected", "{error}");
}

#[test]
fn a_prepared_state_whose_document_was_changed_is_refused() {
    let demo = demo();
    let chain = demo.signer.certificate_chain().to_vec();
    let prepared = prepare(&fixture(TYPST_PDF), &chain, &options()).expect("prepare");
    let signature = ecdsa_token_signs(demo.signer.key(), &prepared.digest_to_sign());
    let mut json: serde_json::Value = serde_json::to_value(&prepared).expect("serialise");
    let byte = &mut json["pdf"][200];
    let changed = byte.as_u64().expect("a byte") ^ 0x01;
    *byte = changed.into();
    let tampered: PreparedSignature = serde_json::from_value(json).expect("deserialise");
    let error = refused(finish(tampered, &signature));
    assert_eq!(error.code(), "signing.prepared_state_invalid", "{error}");
}

#[test]
fn a_reserved_space_too_small_for_the_signature_is_an_error() {
    let demo = demo();
    let mut small = options();
    small.reserved_bytes = 64;
    let error = refused(motcua_signing::sign_pdf(&fixture(TYPST_PDF), &demo.signer, &small));
    assert_eq!(error.code(), "signing.signature_too_large", "{error}");
}
