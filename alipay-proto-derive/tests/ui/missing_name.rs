use alipay_proto::Wire;

#[derive(Wire)]
struct Merchant {
    #[wire(required, max_bytes = 64)]
    store_id: String,
    store_name: Option<String>,
    #[wire(name = "")]
    store_phone: Option<String>,
}

fn main() {}
