//! An intl service cannot be prepared or decoded by the overseas client.

use alipay_proto::intl::archive::{Archive, Request, RequestRequired};
use alipay_proto::overseas::Client;
use alipay_proto::time::OffsetDateTime;

fn wrong(client: &Client) {
    let request = Request::new(RequestRequired {
        merchant_id: "21020000001".into(),
    });
    let _ = client.prepare::<Archive>(&request, OffsetDateTime::UNIX_EPOCH);
    let _ = client.decode::<Archive>(b"<alipay/>");
}

fn main() {}
