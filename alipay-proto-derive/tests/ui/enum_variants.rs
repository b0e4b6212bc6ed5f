use alipay_proto::WireEnum;
use alipay_proto::validate::UnknownValue;

#[derive(WireEnum)]
#[wire(value = "X")]
enum SiteType {
    #[wire(value = "WEB")]
    Web,
    #[wire(value = "WEB")]
    Web2,
    App,
    Other(String),
    Named { text: String },
    #[wire(unknown, value = "U")]
    Unknown(UnknownValue),
    #[wire(unknown)]
    Unknown2(UnknownValue),
    #[wire(unknown)]
    Unknown3,
}

#[derive(WireEnum)]
#[wire(codes)]
enum ResultCode {
    #[wire(value = "SUCCESS", status = S, next_step = "soon")]
    Success,
    #[wire(value = "FAIL", status = ResultStatus::F)]
    Fail,
    #[wire(value = "UNKNOWN", status = OtherStatus::U)]
    Unsure,
    #[wire(unknown)]
    Unknown(UnknownValue),
}

fn main() {}
