use alipay_proto::WireEnum;
use alipay_proto::validate::UnknownValue;

#[derive(WireEnum)]
enum AccessError {
    #[wire(value = "ILLEGAL_SIGN", description = "Illegal signature", next_step = FixSetup)]
    IllegalSign,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

fn main() {}
