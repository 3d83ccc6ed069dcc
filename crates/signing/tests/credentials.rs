//! Keys and certificates from configuration, made by `openssl` (an independent implementation)
//! where a file format is the point, and every load-time check failing with its code.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use motcua_signing::demo_ca::{Agency, DemoCa};
use motcua_signing::{CredentialPart, Error, PrivateKey, credentials, sign_pdf, verify};
use time::Duration;

const AGENCY: Agency<'static> = Agency {
    name: "UBND phường Ba Đình",
    code: "H01.01",
};

fn openssl(dir: &Path, args: &[&str]) {
    let openssl = tool("openssl", "`apt-get install -y openssl`");
    let (ok, output) = run(Command::new(openssl).current_dir(dir).args(args));
    assert!(ok, "openssl {args:?}: {output}");
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).expect("read")
}

/// Sign the fixture with `signer` and check the result verifies against `ca`.
fn signs_valid_pdfs(signer: &motcua_signing::ServerKeySigner, ca: &DemoCa) {
    let signed = sign_pdf(&fixture(TYPST_PDF), signer, &options()).expect("sign");
    let report = verify(&signed, &[ca.certificate().clone()]).expect("verify");
    assert!(report.signatures[0].is_valid(), "{report:?}");
}

#[test]
fn an_openssl_pkcs1_rsa_key_and_a_pem_chain_load_and_sign() {
    let dir = tempfile::tempdir().expect("temp dir");
    openssl(dir.path(), &["genrsa", "-traditional", "-out", "key.pem", "2048"]);
    let key_pem = read(dir.path(), "key.pem");
    assert!(String::from_utf8_lossy(&key_pem).contains("BEGIN RSA PRIVATE KEY"));
    let ca = DemoCa::generate(now()).expect("CA");
    let key = credentials::read_private_key(&key_pem).expect("PKCS#1 key");
    let issued = ca.issue_for_key(AGENCY, &key, now()).expect("issue");
    let root = ca.certificate_pem().expect("root");
    let signer = credentials::load_pem(&key_pem, issued.chain_pem.as_bytes(), root.as_bytes(), now()).expect("load");
    signs_valid_pdfs(&signer, &ca);
}

#[test]
fn an_openssl_sec1_ec_key_with_its_parameters_block_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    openssl(
        dir.path(),
        &["ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem"],
    );
    let key_pem = read(dir.path(), "ec.pem");
    assert!(String::from_utf8_lossy(&key_pem).contains("BEGIN EC PARAMETERS"));
    let ca = DemoCa::generate(now()).expect("CA");
    let key = credentials::read_private_key(&key_pem).expect("SEC1 key");
    let issued = ca.issue_for_key(AGENCY, &key, now()).expect("issue");
    let root = ca.certificate_pem().expect("root");
    // The chain file lists the root first: order does not matter.
    let reversed = format!("{root}{}", issued.certificate_pem);
    let signer = credentials::load_pem(&key_pem, reversed.as_bytes(), root.as_bytes(), now()).expect("load");
    signs_valid_pdfs(&signer, &ca);
}

#[test]
fn an_openssl_pkcs12_file_loads_with_its_password_and_not_without() {
    let demo = demo();
    let issued = demo.ca.issue(AGENCY, now()).expect("issue");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("key.pem"), issued.key_pem.as_deref().expect("key")).expect("write");
    std::fs::write(dir.path().join("cert.pem"), &issued.certificate_pem).expect("write");
    std::fs::write(dir.path().join("root.pem"), &demo.root_pem).expect("write");
    openssl(
        dir.path(),
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "key.pem",
            "-in",
            "cert.pem",
            "-certfile",
            "root.pem",
            "-name",
            "agency",
            "-passout",
            "pass:mật khẩu 123",
            "-out",
            "agency.p12",
        ],
    );
    let p12 = read(dir.path(), "agency.p12");
    let signer = credentials::load_pkcs12(&p12, "mật khẩu 123", demo.root_pem.as_bytes(), now()).expect("load PKCS#12");
    signs_valid_pdfs(&signer, &demo.ca);

    let error = credentials::load_pkcs12(&p12, "wrong", demo.root_pem.as_bytes(), now()).expect_err("wrong password");
    assert_eq!(error.code(), "signing.credential_unreadable");
    assert_eq!(error.credential_part(), Some(CredentialPart::Pkcs12));
}

#[test]
fn each_failed_check_has_its_code_and_names_the_setting() {
    let demo = demo();
    let issued = demo.ca.issue(AGENCY, now()).expect("issue");
    let key = issued.key_pem.as_deref().expect("key").as_bytes();
    let chain = issued.chain_pem.as_bytes();
    let root = demo.root_pem.as_bytes();
    let load = |key: &[u8], chain: &[u8], root: &[u8], at| credentials::load_pem(key, chain, root, at);
    let expect = |result: Result<_, Error>, code: &str, part: CredentialPart| {
        let error = result.expect_err(code);
        assert_eq!(error.code(), code, "{error}");
        assert_eq!(error.credential_part(), Some(part), "{error}");
        error
    };

    let other = demo.ca.issue(AGENCY, now()).expect("another");
    let other_key = other.key_pem.as_deref().expect("key").as_bytes();
    expect(
        load(other_key, chain, root, now()),
        "signing.key_certificate_mismatch",
        CredentialPart::Key,
    );

    let later = now() + Duration::days(4 * 365);
    let error = expect(
        load(key, chain, root, later),
        "signing.certificate_expired",
        CredentialPart::Certificates,
    );
    assert!(error.to_string().contains("expired at"), "{error}");
    let earlier = now() - Duration::days(1);
    expect(
        load(key, chain, root, earlier),
        "signing.certificate_not_yet_valid",
        CredentialPart::Certificates,
    );

    let stranger = DemoCa::generate(now())
        .expect("another CA")
        .certificate_pem()
        .expect("PEM");
    let leaf_only = issued.certificate_pem.as_bytes();
    let error = expect(
        load(key, leaf_only, stranger.as_bytes(), now()),
        "signing.chain_untrusted",
        CredentialPart::Certificates,
    );
    assert!(error.to_string().contains("no trusted issuer"), "{error}");

    expect(
        load(b"not a PEM", chain, root, now()),
        "signing.credential_unreadable",
        CredentialPart::Key,
    );
    expect(
        load(key, chain, b"", now()),
        "signing.credential_unreadable",
        CredentialPart::TrustedRoots,
    );
}

#[test]
fn a_certificate_without_non_repudiation_is_refused() {
    let ca = DemoCa::generate(now()).expect("CA");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("ca.pem"), ca.certificate_pem().expect("PEM")).expect("write");
    std::fs::write(dir.path().join("ca-key.pem"), ca.key_pem().expect("PEM")).expect("write");
    std::fs::write(
        dir.path().join("ext.cnf"),
        "keyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n",
    )
    .expect("write");
    openssl(
        dir.path(),
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "leaf-key.pem",
        ],
    );
    openssl(
        dir.path(),
        &[
            "req",
            "-new",
            "-key",
            "leaf-key.pem",
            "-subj",
            "/C=VN/O=H01.01 (motcua DEMO)/CN=UBND",
            "-out",
            "leaf.csr",
        ],
    );
    openssl(
        dir.path(),
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca-key.pem",
            "-CAcreateserial",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
            "-out",
            "leaf.pem",
        ],
    );
    let chain = format!(
        "{}{}",
        String::from_utf8_lossy(&read(dir.path(), "leaf.pem")),
        ca.certificate_pem().expect("PEM")
    );
    let error = credentials::load_pem(
        &read(dir.path(), "leaf-key.pem"),
        chain.as_bytes(),
        ca.certificate_pem().expect("PEM").as_bytes(),
        now(),
    )
    .expect_err("no nonRepudiation");
    assert_eq!(error.code(), "signing.key_usage_missing", "{error}");
    assert!(error.to_string().contains("missing: nonRepudiation"), "{error}");
}

#[test]
fn a_password_protected_pem_key_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    openssl(
        dir.path(),
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-aes256",
            "-pass",
            "pass:x",
            "-out",
            "enc.pem",
        ],
    );
    let error = credentials::read_private_key(&read(dir.path(), "enc.pem")).expect_err("encrypted");
    assert_eq!(error.credential_part(), Some(CredentialPart::Key));
    assert!(error.to_string().contains("PKCS#12"), "{error}");
}

#[test]
fn a_generated_key_round_trips_through_pkcs8_pem() {
    let key = PrivateKey::generate_p256();
    let pem = key.to_pkcs8_pem().expect("PEM");
    let again = credentials::read_private_key(pem.as_bytes()).expect("read");
    assert!(again.matches(&key.public_key_info().expect("public key")));
}
