//! An overseas service cannot be prepared or decoded by the intl client.

use alipay_proto::intl::{Client, Expected};
use alipay_proto::overseas::query_status::{PaymentMethod, QueryStatus, Request, RequestRequired};
use alipay_proto::time::OffsetDateTime;

fn wrong(client: &Client, expected: &Expected) {
    let request = Request::new(RequestRequired {
        secondary_merchant_id: "1314520".into(),
        payment_method: PaymentMethod::InstorePayment,
    });
    let _ = client.prepare::<QueryStatus>(&request, OffsetDateTime::UNIX_EPOCH, "m1");
    let _ = client.decode::<QueryStatus>(b"{}", expected);
}

fn main() {}
