use alipay_proto::Wire;

#[derive(Wire)]
struct Merchant {
    #[wire(name = "store_industry")]
    store_industry: String,
    // `when` takes the sibling's wire name, not its Rust name.
    #[wire(name = "extend_params", required_if(when = "storeIndustry", is = ["4121"]))]
    extend_params: Option<String>,
    #[wire(name = "store_name", only_if(when = "store_name", is = ["A"]))]
    store_name: Option<String>,
}

fn main() {}
