use alipay_proto::WireEnum;

#[derive(WireEnum)]
enum SiteType {
    #[wire(value = "WEB")]
    Web,
    #[wire(value = "APP")]
    App,
}

fn main() {}
