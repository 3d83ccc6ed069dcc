//! Fresh, isolated databases for tests, on every backend the machine offers.
//!
//! SQLite is always there. PostgreSQL is used when `MOTCUA_TEST_POSTGRES_URL` names a server
//! (an admin URL such as `postgres://postgres@127.0.0.1:55432/postgres`): each test gets a
//! database of its own, created on the fly. When `MOTCUA_REQUIRE_POSTGRES=1` (set by the
//! project's test command and CI) a missing URL is an error, so CI can never silently test
//! SQLite alone.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Store, StoreOptions};

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
