//! The demo CA, as `openssl` sees what it issues.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use motcua_signing::demo_ca::{Agency, DEMO_ORGANISATION, DemoCa};

fn openssl(dir: &Path, args: &[&str]) -> String {
    let openssl = tool("openssl", "`apt-get install -y openssl`");
    let (ok, output) = run(Command::new(openssl).current_dir(dir).args(args));
    assert!(ok, "openssl {args:?}: {output}");
    output
}

#[test]
fn the_root_and_agency_certificates_are_what_openssl_expects() {
    let ca = DemoCa::generate(now()).expect("CA");
    let issued = ca
        .issue(
            Agency {
                name: "Sở Kế hoạch và Đầu tư tỉnh Hà Nam",
                code: "000.00.15.H31",
            },
            now(),
        )
        .expect("issue");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("root.pem"), ca.certificate_pem().expect("PEM")).expect("write");
    std::fs::write(dir.path().join("agency.pem"), &issued.certificate_pem).expect("write");

    let root = openssl(
        dir.path(),
        &[
            "x509",
            "-in",
            "root.pem",
            "-noout",
            "-text",
            "-nameopt",
            "utf8,sep_comma_plus_space",
        ],
    );
    assert!(
        root.contains(&format!("Subject: C=VN, O={DEMO_ORGANISATION}, CN=motcua demo CA")),
        "{root}"
    );
    assert!(root.contains("CA:TRUE"), "{root}");
    assert!(root.contains("Certificate Sign, CRL Sign"), "{root}");

    let agency = openssl(
        dir.path(),
        &[
            "x509",
            "-in",
            "agency.pem",
            "-noout",
            "-text",
            "-nameopt",
            "utf8,sep_comma_plus_space",
        ],
    );
    assert!(
        agency.contains(&format!(
            "Subject: C=VN, O=000.00.15.H31 ({DEMO_ORGANISATION}), CN=Sở Kế hoạch và Đầu tư tỉnh Hà Nam"
        )),
        "{agency}"
    );
    assert!(agency.contains("Digital Signature, Non Repudiation"), "{agency}");
    assert!(agency.contains("CA:FALSE"), "{agency}");
    assert!(agency.contains("Authority Key Identifier"), "{agency}");

    let verified = openssl(
        dir.path(),
        &["verify", "-x509_strict", "-CAfile", "root.pem", "agency.pem"],
    );
    assert!(verified.contains("agency.pem: OK"), "{verified}");
}

#[test]
fn a_saved_demo_ca_is_loaded_again_and_keeps_issuing_under_the_same_root() {
    let ca = DemoCa::generate(now()).expect("CA");
    let (certificate_pem, key_pem) = (ca.certificate_pem().expect("PEM"), ca.key_pem().expect("PEM"));
    let reloaded = DemoCa::from_pem(&certificate_pem, &key_pem).expect("reload");
    assert_eq!(reloaded.certificate(), ca.certificate());
    let issued = reloaded
        .issue(
            Agency {
                name: "UBND xã An Khánh",
                code: "H01.02",
            },
            now(),
        )
        .expect("issue");
    let signer = motcua_signing::credentials::load_pem(
        issued.key_pem.as_deref().expect("key").as_bytes(),
        issued.chain_pem.as_bytes(),
        certificate_pem.as_bytes(),
        now(),
    )
    .expect("trusted by the saved root");
    let signed = motcua_signing::sign_pdf(&fixture(TYPST_PDF), &signer, &options()).expect("sign");
    let report = motcua_signing::verify(&signed, &[ca.certificate().clone()]).expect("verify");
    assert!(report.signatures[0].is_valid(), "{report:?}");

    let other_key = DemoCa::generate(now()).expect("other").key_pem().expect("PEM");
    let error = DemoCa::from_pem(&certificate_pem, &other_key).expect_err("wrong key");
    assert_eq!(error.code(), "signing.key_certificate_mismatch");
}
