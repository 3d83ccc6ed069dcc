//! Fresh, isolated databases for tests, on every backend the machine offers.
//!
//! SQLite is always there. PostgreSQL is used when `MOTCUA_TEST_POSTGRES_URL` names a server
//! (an admin URL such as `postgres://postgres@127.0.0.1:55432/postgres`): each test gets a
//! database of its own, created on the fly. When `MOTCUA_REQUIRE_POSTGRES=1` (set by the
//! project's test command and CI) a missing URL is an error, so CI can never silently test
//! SQLite alone.
//!
//! File stores likewise: a local folder always, an S3-compatible server when
//! `MOTCUA_TEST_S3_URL` names one (`scripts/s3-server`, a moto server), with a fresh bucket
//! per test; `MOTCUA_REQUIRE_S3=1` makes a missing URL an error.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{FileStore, S3Config, Store, StoreOptions};

/// A test database and what keeps it alive.
pub struct TestDb {
    pub label: &'static str,
    pub url: String,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A migrated SQLite database in a temporary folder.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("motcua.sqlite3").display());
    let store = Store::open(&url, &StoreOptions::default()).await.expect("sqlite opens");
    TestDb {
        label: "sqlite",
        url,
        store,
        _dir: Some(dir),
    }
}

/// A migrated PostgreSQL database of its own, if a server is configured.
pub async fn postgres() -> Option<TestDb> {
    let admin = match std::env::var("MOTCUA_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("MOTCUA_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "MOTCUA_REQUIRE_POSTGRES=1 but MOTCUA_TEST_POSTGRES_URL is not set"
            );
            return None;
        }
    };
    // Process ids are reused between test processes: the clock keeps names unique.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!(
        "motcua_t{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let admin_store = Store::connect(
        &admin,
        &StoreOptions {
            max_connections: 1,
            ..Default::default()
        },
    )
    .await
    .expect("postgres admin connection");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(admin_store.write_pool())
        .await
        .expect("create test database");
    admin_store.close().await;
    let (base, query) = admin.split_once('?').map_or((admin.as_str(), ""), |(b, q)| (b, q));
    let root = base.rsplit_once('/').map_or(base, |(r, _)| r);
    let url = if query.is_empty() {
        format!("{root}/{name}")
    } else {
        format!("{root}/{name}?{query}")
    };
    let store = Store::open(
        &url,
        &StoreOptions {
            max_connections: 8,
            ..Default::default()
        },
    )
    .await
    .expect("postgres test database opens");
    Some(TestDb {
        label: "postgres",
        url,
        store,
        _dir: None,
    })
}

/// Every backend available: SQLite, then PostgreSQL when configured.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    dbs.extend(postgres().await);
    dbs
}

/// A test file store and what keeps it alive.
pub struct TestFiles {
    pub label: &'static str,
    pub files: FileStore,
    _dir: Option<tempfile::TempDir>,
}

/// A file store in a temporary folder.
pub fn local_files() -> TestFiles {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = FileStore::local(dir.path()).expect("local file store");
    TestFiles {
        label: "local",
        files,
        _dir: Some(dir),
    }
}

/// A file store in a fresh bucket of the S3-compatible test server, if one is configured.
/// Blocks briefly (one HTTP request to create the bucket).
pub fn s3_files() -> Option<TestFiles> {
    let url = match std::env::var("MOTCUA_TEST_S3_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("MOTCUA_REQUIRE_S3").as_deref() != Ok("1"),
                "MOTCUA_REQUIRE_S3=1 but MOTCUA_TEST_S3_URL is not set"
            );
            return None;
        }
    };
    let bucket = format!("motcua-t{}-{}", std::process::id(), unique());
    create_bucket(&url, &bucket);
    let cfg = S3Config {
        endpoint: Some(url.trim_end_matches('/').to_owned()),
        bucket,
        region: "us-east-1".into(),
        // The test server accepts any credentials.
        access_key_id: "motcua-test".into(),
        secret_access_key: "motcua-test-secret".into(),
        allow_http: true,
        prefix: Some("installation-a".into()),
    };
    Some(TestFiles {
        label: "s3",
        files: FileStore::s3(&cfg).expect("s3 file store"),
        _dir: None,
    })
}

/// Every file store available: a local folder, then S3 when configured.
pub fn file_stores() -> Vec<TestFiles> {
    let mut stores = vec![local_files()];
    stores.extend(s3_files());
    stores
}

/// A counter and the clock: names unique across test processes.
fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{}-{nanos}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// `PUT /bucket` on a plain-HTTP test server (moto needs no signature).
fn create_bucket(url: &str, bucket: &str) {
    let host = url
        .strip_prefix("http://")
        .expect("MOTCUA_TEST_S3_URL is http://host:port")
        .trim_end_matches('/');
    let mut conn = std::net::TcpStream::connect(host).expect("S3 test server answers");
    conn.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    write!(
        conn,
        "PUT /{bucket} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("create bucket request");
    let mut answer = String::new();
    conn.read_to_string(&mut answer).expect("create bucket answer");
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"),
        "creating bucket {bucket}: {answer}"
    );
}

/// A small real JPEG (16×16) with no metadata.
pub const PLAIN_PHOTO: &[u8] = include_bytes!("../tests/fixtures/photo.jpg");

/// The plain test photo with an EXIF block saying 12°40'0" N, 108°3'0" E and a camera.
#[allow(clippy::unwrap_used)] // test fixture
pub fn geotagged_photo() -> bytes::Bytes {
    use exif::experimental::Writer;
    use exif::{Field, In, Rational, Tag, Value};
    use img_parts::ImageEXIF;
    use img_parts::jpeg::Jpeg;

    let r = |n: u32| Rational { num: n, denom: 1 };
    let fields = [
        Field {
            tag: Tag::Make,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"Camera Co".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(12), r(40), r(0)]),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"E".to_vec()]),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![r(108), r(3), r(0)]),
        },
    ];
    let mut w = Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let mut jpeg = Jpeg::from_bytes(bytes::Bytes::from_static(PLAIN_PHOTO)).unwrap();
    jpeg.set_exif(Some(bytes::Bytes::from(tiff.into_inner())));
    jpeg.encoder().bytes()
}
