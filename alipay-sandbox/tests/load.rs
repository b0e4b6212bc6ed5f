//! Load: 16 concurrent clients register 20,000 merchants and query each one back over HTTP,
//! against a sandbox on a file database (WAL, synchronous=FULL); no row may be lost or
//! duplicated. Prints throughput and p50/p99 latencies. Not part of CI (ignored):
//!
//! ```sh
//! cargo test --release -p alipay-sandbox --test load -- --ignored --nocapture
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::time::{Duration, Instant};

use alipay_proto::charset::Charset;
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::query_status::{MerchantStatus, QueryStatus};
use alipay_proto::sign::SignAlgorithm;
use alipay_sandbox::{Sandbox, Settings};
use common::{overseas_client, query, store};
use time::OffsetDateTime;

const CLIENTS: usize = 16;
const REGISTRATIONS: usize = 20_000;

/// One client's work: register `c{client}_{n}` and query it back, timing each exchange.
fn client_run(sandbox: &Sandbox, client: usize) -> (Vec<Duration>, Vec<Duration>) {
    let api = overseas_client(sandbox, Charset::Utf8, SignAlgorithm::Md5);
    let agent = common::agent();
    let exchange = |url: String| -> Vec<u8> {
        let mut response = agent.get(url).call().expect("exchange");
        assert_eq!(response.status().as_u16(), 200);
        response.body_mut().read_to_vec().expect("body")
    };
    let (mut registers, mut queries) = (Vec::new(), Vec::new());
    for n in 0..REGISTRATIONS / CLIENTS {
        let id = format!("c{client}_{n}");
        let now = OffsetDateTime::now_utc();
        let started = Instant::now();
        let prepared = api
            .prepare::<OfflineMaintain>(&store(&id), now)
            .expect("prepare");
        let reply = api
            .decode::<OfflineMaintain>(&exchange(prepared.get_url()))
            .expect("decode");
        assert!(reply.is_success(), "{id}: {:?}", reply.error);
        registers.push(started.elapsed());

        let started = Instant::now();
        let prepared = api
            .prepare::<QueryStatus>(&query(&id), now)
            .expect("prepare");
        let reply = api
            .decode::<QueryStatus>(&exchange(prepared.get_url()))
            .expect("decode");
        let status = reply.payload.map(|payload| payload.status);
        assert_eq!(status, Some(MerchantStatus::Success), "{id}");
        queries.push(started.elapsed());
    }
    (registers, queries)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

#[test]
#[ignore = "load test: run by hand, see the module docs"]
fn sixteen_clients_register_and_query_twenty_thousand_merchants() {
    let dir = std::env::temp_dir().join(format!("alipay-sandbox-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut settings = Settings::default();
    settings.db = dir.join("load.db").to_string_lossy().into_owned();
    let sandbox = Sandbox::start_with(settings).expect("sandbox");

    let started = Instant::now();
    let results: Vec<(Vec<Duration>, Vec<Duration>)> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let sandbox = &sandbox;
                scope.spawn(move || client_run(sandbox, client))
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("client"))
            .collect()
    });
    let elapsed = started.elapsed();

    let rows = sandbox.app().registrations().expect("list");
    let mut ids: Vec<&str> = rows
        .iter()
        .map(|row| row.key.merchant_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(rows.len(), REGISTRATIONS, "no row lost or duplicated");
    assert_eq!(ids.len(), REGISTRATIONS, "one row per merchant");

    let mut registers: Vec<Duration> = results.iter().flat_map(|r| r.0.clone()).collect();
    let mut queries: Vec<Duration> = results.iter().flat_map(|r| r.1.clone()).collect();
    registers.sort_unstable();
    queries.sort_unstable();
    let requests = registers.len() + queries.len();
    println!(
        "{CLIENTS} clients, {} registrations + {} queries in {:.2} s: {:.0} requests/s",
        registers.len(),
        queries.len(),
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64()
    );
    for (name, sorted) in [("register", &registers), ("query", &queries)] {
        println!(
            "{name}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(sorted, 0.50).as_secs_f64() * 1e3,
            percentile(sorted, 0.99).as_secs_f64() * 1e3,
            sorted.last().expect("timings").as_secs_f64() * 1e3
        );
    }
    drop(sandbox);
    std::fs::remove_dir_all(&dir).expect("clean up");
}
