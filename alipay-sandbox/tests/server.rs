//! The server on a shared machine: slow and idle connections are closed and the connection
//! limit holds while real clients are served; SIGTERM and Ctrl-C stop it within the grace
//! period even with a request half sent; the admin routes check `Host` and the admin token.
//!
//! The limits are made small (a few connections, half-second timeouts) so that each test takes
//! seconds; the bounds asserted are generous (tens of seconds), so a loaded machine does not
//! fail them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use alipay_proto::charset::Charset;
use alipay_proto::sign::SignAlgorithm;
use alipay_sandbox::{Faults, Sandbox, Settings};
use common::*;

/// Far more than any timeout configured here: a socket still open after this was not closed.
const BOUND: Duration = Duration::from_secs(30);

fn addr_of(sandbox: &Sandbox) -> String {
    sandbox.base_url().trim_start_matches("http://").to_owned()
}

/// Whether the server closes `socket` within [`BOUND`]: reads until end of stream (any reply
/// bytes before it are returned) or a reset.
fn closed_by_server(socket: &mut TcpStream) -> Option<Vec<u8>> {
    socket.set_read_timeout(Some(BOUND)).expect("timeout");
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match socket.read(&mut buffer) {
            Ok(0) => return Some(seen),
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Some(seen),
            Err(_) => return None,
        }
    }
}

/// One raw HTTP/1.1 exchange with `Connection: close`: the whole reply text.
fn raw(addr: &str, request: &str) -> String {
    let mut socket = TcpStream::connect(addr).expect("connect");
    socket.write_all(request.as_bytes()).expect("send");
    let reply = closed_by_server(&mut socket).expect("the reply ends");
    String::from_utf8_lossy(&reply).into_owned()
}

fn status_of(reply: &str) -> u16 {
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {reply:?}"))
}

#[test]
fn slow_and_idle_connections_are_closed_and_real_clients_are_served() {
    let mut settings = Settings::default();
    settings.max_connections = 4;
    settings.header_timeout = Duration::from_millis(500);
    settings.body_timeout = Duration::from_millis(500);
    let sandbox = Sandbox::start_with(settings).expect("sandbox");
    let addr = addr_of(&sandbox);

    // Three times the limit: half send part of a head, half send nothing.
    let mut slow: Vec<TcpStream> = (0..12)
        .map(|i| {
            let mut socket = TcpStream::connect(&addr).expect("connect");
            if i % 2 == 0 {
                socket
                    .write_all(b"GET /gateway.do?service=x HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .expect("part of a head");
            }
            socket
        })
        .collect();

    // A real client is served meanwhile: as the slow connections time out, the ones waiting
    // behind the limit get their turn, and so does it.
    let (done, finished) = mpsc::channel();
    let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
    thread::spawn(move || {
        let reply = register(&client, &store("patient"), false);
        let _ = done.send(reply.is_success());
    });
    assert_eq!(
        finished.recv_timeout(BOUND * 2),
        Ok(true),
        "a real client is served while slow connections are open"
    );

    for (i, socket) in slow.iter_mut().enumerate() {
        let reply = closed_by_server(socket);
        assert!(reply.is_some(), "slow connection {i} is closed");
    }

    // A body that stops arriving: 408, and the connection closes.
    let mut socket = TcpStream::connect(&addr).expect("connect");
    socket
        .write_all(
            b"POST /gateway.do HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nservice=",
        )
        .expect("head and part of a body");
    let reply = closed_by_server(&mut socket).expect("closed");
    assert_eq!(status_of(&String::from_utf8_lossy(&reply)), 408);

    // A kept-alive connection that goes idle after its reply is closed too.
    let mut socket = TcpStream::connect(&addr).expect("connect");
    socket
        .write_all(b"GET /admin/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("a whole request");
    let reply = closed_by_server(&mut socket).expect("an idle connection is closed");
    assert_eq!(status_of(&String::from_utf8_lossy(&reply)), 200);

    // Many clients in turn, each a new connection, never more than the limit at once.
    for i in 0..20 {
        let client = overseas_client(&sandbox, Charset::Utf8, SignAlgorithm::Md5);
        assert!(register(&client, &store(&format!("after{i}")), false).is_success());
    }
}

/// The binary with `args` on a free loopback port and `:memory:`: the child and its address.
fn spawn(args: &[&str]) -> (Child, String) {
    let args = [&["--db", ":memory:"], args].concat();
    let (child, url) = spawn_binary(&args, Stdio::null());
    let addr = url.strip_prefix("http://").unwrap_or(&url).to_owned();
    (child, addr)
}

/// Sends `signal` to `child` with kill(1).
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits up to [`BOUND`] for `child` to exit: its exit status and how long it took.
fn exit_within_bound(child: &mut Child) -> (std::process::ExitStatus, Duration) {
    let start = Instant::now();
    while start.elapsed() < BOUND {
        if let Some(status) = child.try_wait().expect("wait") {
            return (status, start.elapsed());
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("still running {BOUND:?} after the signal");
}

#[test]
fn sigterm_and_ctrl_c_stop_it_with_a_request_half_sent() {
    for name in ["TERM", "INT"] {
        // A long header timeout: the half-sent request would hold the server that long, but
        // the grace period ends first.
        let (mut child, addr) = spawn(&["--grace", "1", "--header-timeout", "600"]);
        let mut half_head = TcpStream::connect(&addr).expect("connect");
        half_head
            .write_all(b"GET /gateway.do?service=x HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .expect("half a head");
        let mut half_body = TcpStream::connect(&addr).expect("connect");
        half_body
            .write_all(
                b"POST /gateway.do HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99\r\n\r\na=",
            )
            .expect("half a body");
        // A complete request answers first, so both sockets above have been accepted.
        let reply = raw(
            &addr,
            "GET /admin/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        );
        assert_eq!(status_of(&reply), 200);

        signal(&child, name);
        let (status, took) = exit_within_bound(&mut child);
        println!("SIG{name} with two requests half sent: exit {status} after {took:?}");
        assert!(status.success(), "SIG{name}: {status}");
        // The port is closed: nothing accepts any more.
        assert!(TcpStream::connect(&addr).is_err(), "still accepting");
    }
}

#[test]
fn a_request_in_flight_finishes_within_the_grace_period() {
    let (mut child, addr) = spawn(&["--grace", "20", "--faults", r#"{"delay_ms":1000}"#]);
    let mut socket = TcpStream::connect(&addr).expect("connect");
    // The delay applies to gateway routes; the reply is an access failure, after 1 s.
    socket
        .write_all(b"GET /gateway.do HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("a whole request");
    thread::sleep(Duration::from_millis(300));
    signal(&child, "TERM");
    let reply = closed_by_server(&mut socket).expect("answered, then closed");
    assert_eq!(status_of(&String::from_utf8_lossy(&reply)), 200);
    let (status, _) = exit_within_bound(&mut child);
    assert!(status.success());
}

#[test]
fn admin_routes_answer_only_this_machines_names_and_the_token() {
    let sandbox = Sandbox::start().expect("sandbox");
    let addr = addr_of(&sandbox);
    let port = addr.rsplit(':').next().expect("port");
    let list = |host: &str, auth: &str| {
        status_of(&raw(
            &addr,
            &format!(
                "GET /admin/registrations HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n"
            ),
        ))
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_owned(),
        format!("[::1]:{port}"),
        format!("ci.localhost:{port}"),
        format!("10.1.2.3:{port}"),
    ] {
        assert_eq!(list(&host, ""), 200, "{host}");
    }
    // A page whose DNS name was rebound to 127.0.0.1 still sends its own name.
    for host in [
        format!("attacker.example:{port}"),
        "localhost.attacker.example".to_owned(),
        String::new(),
    ] {
        assert_eq!(list(&host, ""), 403, "{host:?}");
    }
    let put = raw(
        &addr,
        "PUT /admin/faults HTTP/1.1\r\nHost: attacker.example\r\nContent-Type: application/json\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"status\": 503} ",
    );
    assert_eq!(status_of(&put), 403);
    assert_eq!(
        admin(&sandbox, "GET", "/admin/faults", "").1,
        serde_json::to_string(&Faults::default()).expect("JSON"),
        "faults unchanged"
    );

    let mut settings = Settings::default();
    settings.admin_token = Some("s3cret-token".to_owned());
    settings.admin_hosts = vec!["Sandbox.CI".to_owned()];
    let guarded = Sandbox::start_with(settings).expect("sandbox");
    let addr = addr_of(&guarded);
    let list = |host: &str, auth: &str| {
        status_of(&raw(
            &addr,
            &format!(
                "GET /admin/registrations HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n"
            ),
        ))
    };
    assert_eq!(list("127.0.0.1", ""), 401);
    assert_eq!(list("127.0.0.1", "Authorization: Bearer wrong\r\n"), 401);
    assert_eq!(
        list("127.0.0.1", "Authorization: Bearer s3cret-tokenX\r\n"),
        401
    );
    assert_eq!(list("127.0.0.1", "Authorization: s3cret-token\r\n"), 401);
    assert_eq!(
        list("127.0.0.1", "Authorization: Bearer s3cret-token\r\n"),
        200
    );
    assert_eq!(
        list("sandbox.ci:8080", "Authorization: Bearer s3cret-token\r\n"),
        200
    );
    assert_eq!(
        list("other.ci", "Authorization: Bearer s3cret-token\r\n"),
        403
    );
    // The gateway routes need neither.
    let client = overseas_client(&guarded, Charset::Utf8, SignAlgorithm::Md5);
    assert!(register(&client, &store("open"), false).is_success());
    // Nor is the token in the settings' Debug.
    assert!(!format!("{:?}", guarded.settings()).contains("s3cret"));
}

#[test]
fn listening_beyond_loopback_needs_an_admin_token() {
    let output = Command::new(env!("CARGO_BIN_EXE_alipay-sandbox"))
        .args(["--listen", "0.0.0.0:0", "--db", ":memory:"])
        .env_remove("ALIPAY_SANDBOX_ADMIN_TOKEN")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("admin token"), "{stderr}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_alipay-sandbox"))
        .args(["--listen", "0.0.0.0:0", "--db", ":memory:"])
        .env("ALIPAY_SANDBOX_ADMIN_TOKEN", "s3cret-token")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("banner");
    assert!(first.contains("listening on http://0.0.0.0:"), "{first}");
    assert!(!first.contains("s3cret"));
    signal(&child, "TERM");
    let (status, _) = exit_within_bound(&mut child);
    assert!(status.success());
}
