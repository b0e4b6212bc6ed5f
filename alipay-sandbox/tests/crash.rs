//! Crash safety: `kill -9` the sandbox binary while clients register, restart it on the same
//! database, and find every registration that got a success reply.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use alipay_proto::charset::Charset;
use alipay_proto::overseas;
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::sign::Md5Key;
use alipay_sandbox::{TEST_MD5_KEY, TEST_PARTNER};
use common::{send, spawn_binary, store};
use time::OffsetDateTime;

/// The binary on `db`: the child and its base URL.
fn start(db: &Path) -> (Child, String) {
    spawn_binary(&[OsStr::new("--db"), db.as_os_str()], Stdio::inherit())
}

fn client(base: &str) -> overseas::Client {
    let key = || Box::new(Md5Key::new(TEST_MD5_KEY).expect("key"));
    overseas::Client::new(
        overseas::Config::new(TEST_PARTNER, Charset::Utf8)
            .with_gateway(format!("{base}/gateway.do")),
        key(),
        key(),
    )
    .expect("config")
}

/// Registers `c{worker}_{n}` for n = 0, 1, ... until the server dies, recording each id whose
/// reply decoded, verified and said success.
fn register_until_dead(
    base: String,
    worker: usize,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Vec<String>>>,
) {
    let client = client(&base);
    for n in 0.. {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let id = format!("c{worker}_{n}");
        let prepared = client
            .prepare::<OfflineMaintain>(&store(&id), OffsetDateTime::now_utc())
            .expect("prepare");
        let Ok((200, body)) = send(prepared.post_request()) else {
            return;
        };
        match client.decode::<OfflineMaintain>(&body) {
            Ok(reply) if reply.is_success() => acked.lock().expect("lock").push(id),
            _ => return,
        }
    }
}

#[test]
fn every_acknowledged_registration_survives_kill_9() {
    let dir = std::env::temp_dir().join(format!("alipay-sandbox-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("sandbox.db");
    let (mut child, base) = start(&db);

    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let (base, stop, acked) = (base.clone(), Arc::clone(&stop), Arc::clone(&acked));
            thread::spawn(move || register_until_dead(base, worker, stop, acked))
        })
        .collect();
    // Kill while requests are in flight, once a good number have been acknowledged.
    while acked.lock().expect("lock").len() < 60 {
        assert!(
            !workers.iter().all(|worker| worker.is_finished()),
            "every client stopped before the kill"
        );
        thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.join().expect("worker");
    }

    let (mut child, base) = start(&db);
    let list = common::all_rows(&base);
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let stored: Vec<&str> = list
        .iter()
        .filter_map(|row| row["merchant_id"].as_str())
        .collect();
    let acked = acked.lock().expect("lock");
    let lost: Vec<&String> = acked
        .iter()
        .filter(|id| !stored.contains(&id.as_str()))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert!(stored.len() >= acked.len());
    std::fs::remove_dir_all(&dir).expect("clean up");
}
