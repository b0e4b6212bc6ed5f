//! What `--db` accepts and how the database is shared: two sandboxes (or a `sqlite3` shell) on
//! one file refuse no registration; another program's database, another schema version, a
//! non-database and `''` are refused at start-up and left unchanged; new files are private; the
//! admin list settles reviews that have ended and is paged; fault settings are checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use alipay_proto::charset::Charset;
use alipay_proto::sign::SignAlgorithm;
use alipay_sandbox::{Error, Faults, OpenError, Sandbox, Settings};
use common::*;

fn on_file(db: &Path) -> Result<Sandbox, Error> {
    let mut settings = Settings::default();
    settings.db = db.to_str().expect("UTF-8 path").to_owned();
    Sandbox::start_with(settings)
}

/// Python's sqlite3 module, as an independent reader of the file: `PRAGMA name`.
fn python_pragma(db: &Path, name: &str) -> String {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA ' + sys.argv[2]).fetchone()[0])",
        ])
        .arg(db)
        .arg(name)
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

/// Registers `count` stores as `prefix{n}` from `threads` clients; the error codes of the
/// replies that were not successes.
fn register_many(sandbox: &Sandbox, prefix: &str, threads: usize, count: usize) -> Vec<String> {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let client = overseas_client(sandbox, Charset::Utf8, SignAlgorithm::Md5);
                    (0..count / threads)
                        .filter_map(|n| {
                            let reply =
                                register(&client, &store(&format!("{prefix}{t}_{n}")), false);
                            (!reply.is_success()).then(|| format!("{:?}", reply.error))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker"))
            .collect()
    })
}

#[test]
fn two_sandboxes_and_a_sqlite3_shell_on_one_file_refuse_no_registration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("shared.db");
    let (first, second) = (on_file(&db).expect("first"), on_file(&db).expect("second"));
    let (a, b) = thread::scope(|scope| {
        let a = scope.spawn(|| register_many(&first, "a", 4, 400));
        let b = scope.spawn(|| register_many(&second, "b", 4, 400));
        (a.join().expect("a"), b.join().expect("b"))
    });
    println!(
        "two sandboxes on one file: {} and {} of 400 registrations refused",
        a.len(),
        b.len()
    );
    assert!(a.is_empty() && b.is_empty(), "refused: {a:?} {b:?}");
    assert_eq!(first.app().registrations().expect("list").len(), 800);
    assert_eq!(second.app().registrations().expect("list").len(), 800);

    // A sqlite3 shell holding the write lock for a second: registrations wait, then succeed.
    let mut shell = Command::new("sqlite3")
        .arg(&db)
        .arg("BEGIN IMMEDIATE; SELECT count(*) FROM registrations; SELECT 1 FROM (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3000000) SELECT max(i) FROM r); COMMIT;")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("sqlite3 runs");
    thread::sleep(Duration::from_millis(100));
    let refused = register_many(&first, "c", 2, 20);
    assert!(shell.wait().expect("sqlite3").success());
    assert!(
        refused.is_empty(),
        "refused while the shell wrote: {refused:?}"
    );
}

#[test]
fn a_new_file_is_marked_and_private() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("new.db");
    let sandbox = on_file(&db).expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    assert!(register(&client, &store("m1"), false).is_success());
    // 0x41705362: "ApSb".
    assert_eq!(python_pragma(&db, "application_id"), "1097880418");
    assert_eq!(python_pragma(&db, "user_version"), "1");
    assert_eq!(python_pragma(&db, "journal_mode"), "wal");
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt as _;
        let path = PathBuf::from(format!("{}{suffix}", db.display()));
        let mode = std::fs::metadata(&path)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{} is {mode:o}", path.display());
    }
    drop(sandbox);
    // And it opens again.
    let again = on_file(&db).expect("reopens");
    assert_eq!(again.app().registrations().expect("list").len(), 1);
}

/// A file made by `sql` through the sqlite3 shell.
fn made_by_sqlite3(dir: &Path, name: &str, sql: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("sqlite3")
        .arg(&path)
        .arg(sql)
        .status()
        .expect("sqlite3 runs");
    assert!(status.success());
    path
}

const OUR_TABLE: &str = "CREATE TABLE registrations (family TEXT NOT NULL, merchant_id TEXT \
    NOT NULL, store_id TEXT NOT NULL, service TEXT NOT NULL, status TEXT NOT NULL, reject_reason \
    TEXT, pending_reason TEXT, archived INTEGER NOT NULL, review_due INTEGER NOT NULL, fields \
    TEXT NOT NULL, PRIMARY KEY (family, merchant_id, store_id));";

#[test]
fn foreign_databases_are_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        (
            made_by_sqlite3(
                dir.path(),
                "app.db",
                "CREATE TABLE users (id INTEGER, email TEXT); INSERT INTO users VALUES (1, 'a@example.com');",
            ),
            "it holds table users",
        ),
        (
            made_by_sqlite3(
                dir.path(),
                "other-registrations.db",
                "CREATE TABLE registrations (id INTEGER PRIMARY KEY, name TEXT);",
            ),
            "its registrations table has the columns id, name",
        ),
        (
            made_by_sqlite3(
                dir.path(),
                "other-app.db",
                "PRAGMA application_id = 1234; CREATE TABLE t (x);",
            ),
            "its application_id is 0x4d2",
        ),
        (
            made_by_sqlite3(
                dir.path(),
                "newer.db",
                &format!(
                    "{OUR_TABLE} PRAGMA application_id = 1097880418; PRAGMA user_version = 2;"
                ),
            ),
            "schema version 2",
        ),
    ];
    for (path, expected) in &cases {
        let before = std::fs::read(path).expect("read");
        let error = chain(&on_file(path).expect_err("refused"));
        assert!(error.contains(expected), "{}: {error}", path.display());
        assert_eq!(std::fs::read(path).expect("read"), before, "{error}");
        assert_eq!(
            python_pragma(path, "journal_mode"),
            "delete",
            "not switched to WAL"
        );
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        assert!(!wal.exists());
    }

    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "not a database, long enough to have a header of sorts........\n".repeat(20),
    )
    .expect("write");
    let error = on_file(&text).expect_err("refused");
    assert!(
        matches!(error, Error::Store(OpenError::Sqlite { .. })),
        "{error}"
    );
    assert!(chain(&error).contains("not a database"), "{error}");

    let mut settings = Settings::default();
    settings.db = String::new();
    let error = Sandbox::start_with(settings).expect_err("refused");
    assert!(
        matches!(error, Error::Store(OpenError::EmptyPath)),
        "{error}"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_alipay-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--db", ""])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("empty"));

    // An earlier sandbox's file: the same table, unmarked. It is adopted and marked.
    let earlier = made_by_sqlite3(
        dir.path(),
        "earlier.db",
        &format!(
            "{OUR_TABLE} INSERT INTO registrations VALUES ('overseas', 'm0', '', 's', 'SUCCESS', NULL, NULL, 0, 0, '{{}}');"
        ),
    );
    let sandbox = on_file(&earlier).expect("an earlier sandbox's file opens");
    assert_eq!(sandbox.app().registrations().expect("list").len(), 1);
    drop(sandbox);
    assert_eq!(python_pragma(&earlier, "application_id"), "1097880418");
}

#[test]
fn a_review_that_ends_while_the_admin_list_is_polled() {
    let mut settings = Settings::default();
    settings.review_seconds = 2;
    let sandbox = Sandbox::start_with(settings).expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    assert!(register(&client, &store("polled"), false).is_success());
    let start = Instant::now();
    let mut seen = Vec::new();
    // Only the admin list is read: no queryStatus settles the review.
    while start.elapsed() < Duration::from_secs(60) {
        let (status, page) = admin(&sandbox, "GET", "/admin/registrations", "");
        assert_eq!(status, 200);
        let rows = rows(&page);
        let now = rows[0]["status"].as_str().expect("status").to_owned();
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        if seen.last().map(String::as_str) == Some("SUCCESS") {
            break;
        }
        thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen, ["UNDER_REVIEW", "SUCCESS"]);
}

#[test]
fn the_admin_list_is_paged() {
    let sandbox = Sandbox::start().expect("sandbox");
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    for i in 0..5 {
        assert!(register(&client, &store(&format!("p{i}")), false).is_success());
    }
    let mut ids = Vec::new();
    let mut path = "/admin/registrations?limit=2".to_owned();
    let mut pages = 0;
    loop {
        let (status, page) = admin(&sandbox, "GET", &path, "");
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let rows = rows(&page);
        assert!(rows.len() <= 2);
        ids.extend(
            rows.iter()
                .map(|r| r["merchant_id"].as_str().expect("id").to_owned()),
        );
        let page: serde_json::Value = serde_json::from_str(&page).expect("JSON");
        match page["next"].as_str() {
            Some(next) => path = format!("/admin/registrations?limit=2&after={next}"),
            None => break,
        }
    }
    assert_eq!(ids, ["p0", "p1", "p2", "p3", "p4"]);
    assert_eq!(pages, 3);
    for bad in [
        "limit=0",
        "limit=1001",
        "limit=x",
        "after=zz",
        "after=7b7d",
        "sort=1",
    ] {
        let (status, _) = admin(&sandbox, "GET", &format!("/admin/registrations?{bad}"), "");
        assert_eq!(status, 400, "{bad}");
    }
}

#[test]
fn fault_settings_out_of_range_are_refused() {
    let sandbox = Sandbox::start().expect("sandbox");
    for bad in [
        r#"{"status":101}"#,
        r#"{"status":100}"#,
        r#"{"status":0}"#,
        r#"{"status":200}"#,
        r#"{"status":302}"#,
        r#"{"status":999}"#,
        r#"{"delay_ms":60001}"#,
        r#"{"delay_ms":18446744073709551615}"#,
        r#"{"truncate":true,"times":0}"#,
    ] {
        let (status, message) = admin(&sandbox, "PUT", "/admin/faults", bad);
        assert_eq!(status, 400, "{bad}: {message}");
        assert_eq!(
            admin(&sandbox, "GET", "/admin/faults", "").1,
            serde_json::to_string(&Faults::default()).expect("JSON"),
            "{bad} changed nothing"
        );
    }
    for good in [
        r#"{"status":400}"#,
        r#"{"status":599}"#,
        r#"{"delay_ms":60000,"times":1}"#,
    ] {
        assert_eq!(
            admin(&sandbox, "PUT", "/admin/faults", good).0,
            204,
            "{good}"
        );
    }
    assert_eq!(admin(&sandbox, "PUT", "/admin/faults", "{}").0, 204);

    let mut settings = Settings::default();
    settings.faults.status = Some(101);
    let error = Sandbox::start_with(settings).expect_err("refused");
    assert!(matches!(error, Error::Faults(_)), "{error}");
    let output = Command::new(env!("CARGO_BIN_EXE_alipay-sandbox"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--faults",
            r#"{"status":999}"#,
        ])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("status 999 is not an error status"),
        "{stderr}"
    );
}

/// The error's message and each of its causes, as the binary prints them.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        text = format!("{text}: {next}");
        cause = next.source();
    }
    text
}
