use alipay_proto::Wire;
use alipay_proto::validate::UnknownValue;

#[derive(serde::Serialize, Wire)]
struct Driver {
    #[wire(name = "operation_id")]
    operation_id: String,
}

#[derive(alipay_proto::WireEnum)]
enum Kind {
    #[wire(value = "A")]
    A,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

#[derive(Wire)]
struct Merchant {
    // A list takes list rules, not string rules.
    #[wire(name = "drivers", max_bytes = 64)]
    drivers: Vec<Driver>,
    // A string takes string rules, not list rules.
    #[wire(name = "store_id", max_items = 10)]
    store_id: String,
    // Only lists travel as JSON text.
    #[wire(name = "store_name", json_text)]
    store_name: String,
    // An object takes no rules of its own.
    #[wire(name = "driver", class = Alnum)]
    driver: Option<Driver>,
    // Not a ValueClass.
    #[wire(name = "kind", class = Letters)]
    kind: Kind,
}

fn main() {}
