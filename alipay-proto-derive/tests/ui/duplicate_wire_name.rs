use alipay_proto::Wire;

#[derive(Wire)]
struct Merchant {
    #[wire(name = "store_id")]
    store_id: String,
    #[wire(name = "store_id", max_bytes = 64, max_bytes = 32)]
    other_store_id: String,
}

fn main() {}
