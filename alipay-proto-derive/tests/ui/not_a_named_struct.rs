use alipay_proto::{Wire, WireEnum};

#[derive(Wire)]
struct Tuple(String);

#[derive(Wire)]
union Raw {
    int: u32,
}

#[derive(Wire)]
enum NotAStruct {
    A,
}

#[derive(WireEnum)]
struct NotAnEnum {
    a: String,
}

#[derive(Wire)]
struct Generic<T> {
    #[wire(name = "value")]
    value: T,
}

fn main() {}
