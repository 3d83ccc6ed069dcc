//! PAdES B-T: a signature time-stamp from a real RFC 3161 server on loopback.
//!
//! The server is `support/tsa_server.py`: pyHanko's `DummyTimeStamper` (asn1crypto and
//! pyca/cryptography, an implementation independent of the RustCrypto crates we sign with)
//! behind Python's `http.server`. It runs with the Python that has pyHanko (see `common`).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::*;
use motcua_signing::{
    Certificate, Integrity, TimestampClient, credentials, finish_with_timestamp, prepare, sign_pdf_with_timestamp,
    verify,
};

/// The local TSA; killed (by its own child handle) when dropped.
struct Tsa {
    child: Child,
    url: String,
    root_pem_path: PathBuf,
}

impl Drop for Tsa {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_tsa(dir: &Path) -> Tsa {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/tsa_server.py");
    let root_pem_path = dir.join("tsa-root.pem");
    let mut child = Command::new(pyhanko_python())
        .arg(script)
        .arg(&root_pem_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the TSA");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("read the TSA's first line");
    let Some(port) = line.trim().strip_prefix("LISTENING ") else {
        panic!("the TSA did not start (its errors are above): {line}");
    };
    Tsa {
        url: format!("http://127.0.0.1:{port}/"),
        child,
        root_pem_path,
    }
}

fn tsa_root(tsa: &Tsa) -> Certificate {
    let pem = std::fs::read(&tsa.root_pem_path).expect("TSA root");
    credentials::read_certificates(&pem, motcua_signing::CredentialPart::TrustedRoots)
        .expect("TSA root PEM")
        .remove(0)
}

#[tokio::test]
async fn a_b_t_signature_carries_a_time_stamp_that_pyhanko_and_we_accept() {
    let demo = demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let tsa = start_tsa(dir.path());
    let client = TimestampClient::new(&tsa.url).expect("client");
    let before = now();
    let signed = sign_pdf_with_timestamp(&fixture(TYPST_PDF), &demo.signer, &options(), &client)
        .await
        .expect("sign with a time-stamp");

    let path = dir.path().join("signed-b-t.pdf");
    std::fs::write(&path, &signed).expect("write");
    let root = dir.path().join("root.pem");
    std::fs::write(&root, &demo.root_pem).expect("write root");
    let (ok, output) = pyhanko_validate(&path, &[&root, &tsa.root_pem_path]);
    assert!(ok, "{output}");
    assert!(output.contains("The signature is judged VALID."), "{output}");
    for expected in [
        "The timestamp token is cryptographically sound.",
        "The TSA certificate is trusted.",
    ] {
        assert!(output.contains(expected), "pyHanko should say {expected:?}:\n{output}");
    }
    let pdfsig_output = pdfsig(dir.path(), &path, &demo.root_pem);
    assert!(pdfsig_output.contains("Signature is Valid."), "{pdfsig_output}");

    let roots = [demo.roots[0].clone(), tsa_root(&tsa)];
    let report = verify(&signed, &roots).expect("verify");
    let signature = &report.signatures[0];
    assert!(signature.is_valid(), "{signature:?}");
    let timestamp = signature.timestamp.as_ref().expect("a time-stamp");
    assert!(timestamp.valid && timestamp.chain_trusted, "{timestamp:?}");
    assert_eq!(
        timestamp.tsa_subject.as_deref(),
        Some("CN=motcua test TSA,O=motcua TEST - not for real use,C=VN")
    );
    let time = timestamp.time.expect("time");
    assert!(
        time >= before - time::Duration::seconds(5) && time <= now() + time::Duration::seconds(5),
        "the TSA's time {time} should be now"
    );

    // Without the TSA's root, the time-stamp is reported as untrusted.
    let report = verify(&signed, &demo.roots).expect("verify");
    let timestamp = report.signatures[0].timestamp.as_ref().expect("a time-stamp");
    assert!(timestamp.valid && !timestamp.chain_trusted, "{timestamp:?}");
}

#[tokio::test]
async fn a_deferred_signature_can_be_time_stamped_when_finished() {
    let demo = demo();
    let dir = tempfile::tempdir().expect("temp dir");
    let tsa = start_tsa(dir.path());
    let client = TimestampClient::new(&tsa.url).expect("client");
    let chain = motcua_signing::Signer::certificate_chain(&demo.signer).to_vec();
    let prepared = prepare(&fixture(TYPST_PDF_OBJSTM), &chain, &options()).expect("prepare");
    let signature = demo.signer.key().sign(prepared.to_be_signed()).expect("sign");
    let signed = finish_with_timestamp(prepared, &signature, &client)
        .await
        .expect("finish");
    let report = verify(&signed, &[demo.roots[0].clone(), tsa_root(&tsa)]).expect("verify");
    let signature = &report.signatures[0];
    assert!(signature.is_valid(), "{signature:?}");
    assert_eq!(signature.integrity, Integrity::WholeDocument);
    assert!(signature.timestamp.as_ref().is_some_and(|t| t.valid && t.chain_trusted));
}

#[tokio::test]
async fn an_unreachable_time_stamp_authority_fails_the_signature() {
    let demo = demo();
    // Nothing listens on a port that was just released.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let client = TimestampClient::new(&format!("http://127.0.0.1:{port}/")).expect("client");
    let error = refused(sign_pdf_with_timestamp(&fixture(TYPST_PDF), &demo.signer, &options(), &client).await);
    assert_eq!(error.code(), "signing.timestamp_unreachable", "{error}");
}

#[tokio::test]
async fn a_time_stamp_authority_answering_garbage_is_refused() {
    let demo = demo();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        let body = b"not DER";
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("write");
        stream.write_all(body).expect("write");
    });
    let client = TimestampClient::new(&format!("http://127.0.0.1:{port}/")).expect("client");
    let error = refused(sign_pdf_with_timestamp(&fixture(TYPST_PDF), &demo.signer, &options(), &client).await);
    assert_eq!(error.code(), "signing.timestamp_rejected", "{error}");
    server.join().expect("server thread");
}

#[test]
fn a_time_stamp_client_needs_an_http_url() {
    let error = TimestampClient::new("ftp://tsa.example/").expect_err("not http");
    assert_eq!(error.code(), "signing.timestamp_unreachable");
}
