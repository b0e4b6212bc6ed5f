use alipay_proto::Wire;

#[derive(Wire)]
struct Merchant {
    #[wire(name = "store_id", class = "alnum", max_bytes = "64", max_chars = -1)]
    store_id: String,
    #[wire(name = store_name, required = true)]
    store_name: String,
    #[wire(name = "store_phone", required_if(when = "store_id", is = []))]
    store_phone: Option<String>,
    #[wire(name = "store_email", only_if(when = "store_id"))]
    store_email: Option<String>,
    #[wire(name = "both", max_bytes = 3, max_items = 2)]
    both: Vec<String>,
}

fn main() {}
