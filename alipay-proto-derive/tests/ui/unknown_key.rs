use alipay_proto::Wire;

#[derive(Wire)]
#[wire(forbid_char = "\"")]
struct Merchant {
    #[wire(name = "store_id", maxbytes = 64, required)]
    store_id: String,
    #[wire(name = "store_name", required_if(when = "store_id", is = ["1"], warn))]
    store_name: Option<String>,
}

fn main() {}
