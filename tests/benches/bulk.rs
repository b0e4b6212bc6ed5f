//! Bulk throughput: 10,000 distinct generated merchants (`offline.maintain` store
//! registrations of varied lengths, Latin and Chinese text) prepared through shared clients, one
//! per request charset (UTF-8, GBK, GB2312) and sign type (MD5, RSA, RSA2), each client used by
//! every thread. Reports requests per second with 1 and 2 threads and heap allocations per
//! request (a counting global allocator), per sign type and for the whole mix.
//!
//! Every generated request is first prepared once and its signature checked with the matching
//! verifier, so the timed loop does real, correct work. The keys are the TEST keys.
//!
//! Run: `cargo bench -p alipay-proto-tests --bench bulk`. The last line is the same figures as
//! JSON (`bulk-json: {...}`), which `scripts/bench-peers.py` reads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use alipay_proto::charset::Charset;
use alipay_proto::overseas::offline_maintain::{OfflineMaintain, Request, RequestRequired};
use alipay_proto::overseas::{self, SecondaryMerchantType};
use alipay_proto::sign::{self, SignAlgorithm};
use alipay_proto_tests::{keys, samples};

/// Counts every allocation (and reallocation) made through the global allocator.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
#[allow(
    unsafe_code,
    reason = "a global allocator can only be written with `unsafe`"
)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout (every allocation goes through it).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`; the caller's contract for `realloc` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const MERCHANTS: usize = 10_000;
const SIGN_TYPES: [SignAlgorithm; 3] =
    [SignAlgorithm::Md5, SignAlgorithm::Rsa, SignAlgorithm::Rsa2];
/// Letters every one of the three charsets carries (GB2312 is the narrowest).
const LATIN: &[char] = &['a', 'b', 'k', 'm', 'o', 'r', 's', 'T', 'Z', '7', ' ', '\''];
const HAN: &[char] = &[
    '咖', '啡', '店', '北', '京', '上', '海', '路', '号', '美', '国', '茶',
];
const MCCS: [&str; 4] = ["5499", "5812", "5411", "5999"];

/// A small deterministic generator (SplitMix64), so every run prepares the same merchants.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    /// `min..=max` chars, a third of them Chinese (3 bytes in UTF-8, 2 in GBK and GB2312).
    fn text(&mut self, min: usize, max: usize) -> String {
        let len = min + self.below(max - min + 1);
        (0..len)
            .map(|_| match self.below(3) {
                0 => HAN[self.below(HAN.len())],
                _ => LATIN[self.below(LATIN.len())],
            })
            .collect()
    }
}

/// Merchant `i`: distinct ids, names and addresses of varied length within their byte limits.
fn merchant(i: usize, mix: &mut Mix) -> Request {
    let kind = if i.is_multiple_of(2) {
        SecondaryMerchantType::Individual
    } else {
        SecondaryMerchantType::Enterprise
    };
    let address = mix.text(8, 80);
    Request::new(RequestRequired {
        secondary_merchant_name: mix.text(2, 20),
        secondary_merchant_id: format!("M{i:05}_{}", mix.next() % 1_000_000),
        store_id: format!("S{i:05}"),
        store_name: mix.text(2, 20),
        store_country: "US".into(),
        store_address: address.clone(),
        store_industry: MCCS[mix.below(MCCS.len())].into(),
        secondary_merchant_type: kind,
        register_country: "US".into(),
        register_address: address,
    })
    .with_shareholder_name(mix.text(2, 20))
    .with_contact_no(format!("+86186{:08}", mix.next() % 100_000_000))
}

/// One request to prepare: its merchant and the client (charset x sign type) it goes through.
struct Job {
    request: Request,
    client: usize,
    sign_type: SignAlgorithm,
}

fn clients() -> Vec<overseas::Client> {
    let mut clients = Vec::new();
    for charset in Charset::ALL {
        for sign_type in SIGN_TYPES {
            let config = overseas::Config::new(samples::PARTNER, charset);
            clients.push(
                overseas::Client::new(
                    config,
                    keys::signer(sign_type.as_str()),
                    keys::alipay_verifier(sign_type.as_str()),
                )
                .expect("config"),
            );
        }
    }
    clients
}

fn jobs() -> Vec<Job> {
    let mut mix = Mix(2088);
    (0..MERCHANTS)
        .map(|i| {
            let client = i % (Charset::ALL.len() * SIGN_TYPES.len());
            Job {
                request: merchant(i, &mut mix),
                client,
                sign_type: SIGN_TYPES[client % SIGN_TYPES.len()],
            }
        })
        .collect()
}

/// Prepares every job once and checks its signature over the bytes it signed.
fn check(clients: &[overseas::Client], jobs: &[Job]) {
    for job in jobs {
        let prepared = clients[job.client]
            .prepare::<OfflineMaintain>(&job.request, samples::DOC_TIME)
            .unwrap_or_else(|error| panic!("a generated merchant prepares: {error}"));
        keys::verifier(job.sign_type.as_str())
            .verify(prepared.signed_bytes(), prepared.sign())
            .expect("the signature verifies");
    }
}

/// Prepares `jobs` split over `threads` threads; returns requests per second.
fn run(clients: &[overseas::Client], jobs: &[&Job], threads: usize) -> f64 {
    let chunk = jobs.len().div_ceil(threads);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for part in jobs.chunks(chunk) {
            scope.spawn(move || {
                for job in part {
                    let prepared = clients[job.client]
                        .prepare::<OfflineMaintain>(&job.request, samples::DOC_TIME)
                        .expect("prepares");
                    std::hint::black_box(prepared.get_request().expect("a URL"));
                }
            });
        }
    });
    jobs.len() as f64 / start.elapsed().as_secs_f64()
}

/// Allocations per request on one thread (the counter is global, so nothing else may run).
fn allocations_per_request(clients: &[overseas::Client], jobs: &[&Job]) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for job in jobs {
        let prepared = clients[job.client]
            .prepare::<OfflineMaintain>(&job.request, samples::DOC_TIME)
            .expect("prepares");
        std::hint::black_box(prepared.get_request().expect("a URL"));
    }
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / jobs.len() as f64
}

/// The figures of one set of jobs: (label, requests, ops/s 1 thread, ops/s 2 threads, allocs).
fn measure(label: &str, clients: &[overseas::Client], jobs: &[&Job]) -> String {
    let allocations = allocations_per_request(clients, jobs);
    let one = run(clients, jobs, 1);
    let two = run(clients, jobs, 2);
    println!(
        "| {label} | {} | {one:.0} | {two:.0} | {:.2}x | {allocations:.1} |",
        jobs.len(),
        two / one
    );
    format!(
        "\"{label}\": {{\"requests\": {}, \"ops_1\": {one:.1}, \"ops_2\": {two:.1}, \"allocs\": {allocations:.2}}}",
        jobs.len()
    )
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: then only check.
    let benching = std::env::args().any(|arg| arg == "--bench");
    let clients = clients();
    let jobs = jobs();
    check(&clients, &jobs);
    if !benching {
        println!("bulk: {MERCHANTS} generated merchants prepare and verify");
        return;
    }
    println!(
        "Bulk prepare + GET request, {MERCHANTS} merchants, backend {}:\n",
        sign::BACKEND
    );
    println!(
        "| sign type | requests | ops/s, 1 thread | ops/s, 2 threads | 2 / 1 | allocations / request |"
    );
    println!("|---|---|---|---|---|---|");
    let all: Vec<&Job> = jobs.iter().collect();
    let mut json = vec![measure("all", &clients, &all)];
    for sign_type in SIGN_TYPES {
        let some: Vec<&Job> = jobs.iter().filter(|j| j.sign_type == sign_type).collect();
        json.push(measure(sign_type.as_str(), &clients, &some));
    }
    println!(
        "\nbulk-json: {{\"backend\": \"{}\", {}}}",
        sign::BACKEND,
        json.join(", ")
    );
}
