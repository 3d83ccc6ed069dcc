//! The file-store contract: every test runs on every file store (a local folder always, an
//! S3-compatible server when configured; the project's test command and CI configure one).

#![allow(clippy::unwrap_used)] // helpers of the test-suite

use bytes::Bytes;
use motcua_storage::testing;
use motcua_storage::{FileStore, S3Config, StorageError};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

#[tokio::test]
async fn bytes_come_back_by_their_sha256_and_are_stored_once() {
    for t in testing::file_stores() {
        let sha = t.files.put(Bytes::from_static(PDF)).await.unwrap();
        assert_eq!(sha.len(), 64, "{}", t.label);
        assert!(
            sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "{}",
            t.label
        );
        assert_eq!(t.files.get(&sha).await.unwrap(), Bytes::from_static(PDF), "{}", t.label);
        let again = t.files.put(Bytes::from_static(PDF)).await.unwrap();
        assert_eq!(again, sha, "{}: same content, same address", t.label);
        let other = t.files.put(Bytes::from_static(b"other bytes")).await.unwrap();
        assert_ne!(other, sha, "{}", t.label);
        assert_eq!(t.files.get(&other).await.unwrap(), Bytes::from_static(b"other bytes"));
        let empty = t.files.put(Bytes::new()).await.unwrap();
        assert_eq!(
            empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "{}: SHA-256 of nothing",
            t.label
        );
        assert!(t.files.get(&empty).await.unwrap().is_empty(), "{}", t.label);
    }
}

#[tokio::test]
async fn a_malformed_address_or_an_absent_object_is_not_found() {
    for t in testing::file_stores() {
        let sha = t.files.put(Bytes::from_static(PDF)).await.unwrap();
        for bad in [
            "",
            "abc",
            "../../etc/passwd",
            &sha[..63],
            &format!("{sha}0"),
            &sha.replace('a', "g"),
        ] {
            assert!(
                matches!(t.files.get(bad).await, Err(StorageError::NotFound)),
                "{}: {bad:?}",
                t.label
            );
        }
        let absent = "0".repeat(64);
        assert!(
            matches!(t.files.get(&absent).await, Err(StorageError::NotFound)),
            "{}",
            t.label
        );
        t.files.check().await.unwrap();
    }
}

#[tokio::test]
async fn an_unreachable_s3_server_is_an_error_not_a_missing_file() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let cfg = S3Config {
        endpoint: Some(format!("http://127.0.0.1:{port}")),
        bucket: "nowhere".into(),
        region: "us-east-1".into(),
        access_key_id: "k".into(),
        secret_access_key: "s3cr3t-value".into(),
        allow_http: true,
        prefix: None,
    };
    assert!(!format!("{cfg:?}").contains("s3cr3t"), "Debug hides the secret");
    let files = FileStore::s3(&cfg).unwrap();
    assert_eq!(files.label(), "s3");
    assert!(files.check().await.is_err());
    assert!(matches!(
        files.get(&"0".repeat(64)).await,
        Err(StorageError::Corrupt(_))
    ));
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed() {
    let cfg = S3Config {
        endpoint: Some("http://127.0.0.1:9".into()),
        bucket: "b".into(),
        region: "us-east-1".into(),
        access_key_id: "k".into(),
        secret_access_key: "s".into(),
        allow_http: false,
        prefix: None,
    };
    let files = FileStore::s3(&cfg).unwrap();
    assert!(files.put(Bytes::from_static(PDF)).await.is_err());
}
