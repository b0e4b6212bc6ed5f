//! An online shop's review status over real HTTP: registered with online.maintain, queried
//! with queryStatus payment_method ONLINE_PAYMENT and no store_id (the online version of the
//! page, https://global.alipay.com/docs/ac/global/online_querystatus), its site_infos read back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::overseas;
use alipay_proto::overseas::online_maintain::OnlineMaintain;
use alipay_proto::overseas::query_status::{
    self, PaymentMethod, QueryStatus, ReplyPaymentMethod, SiteType,
};
use alipay_proto::sign::Md5Key;
use alipay_proto_tests::samples;
use alipay_sandbox::Sandbox;
use time::OffsetDateTime;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn get(url: &str) -> Result<Vec<u8>> {
    Ok(ureq::get(url).call()?.body_mut().read_to_vec()?)
}

#[test]
fn an_online_shop_is_queried_with_online_payment_and_keeps_its_sites() -> Result {
    let sandbox = Sandbox::start()?;
    let settings = sandbox.settings();
    let md5 = || Md5Key::new(&settings.md5_key);
    let client = overseas::Client::new(
        overseas::Config::new(&settings.partner, Charset::Utf8).with_gateway(sandbox.gateway_url()),
        Box::new(md5()?),
        Box::new(md5()?),
    )?;
    let now = OffsetDateTime::now_utc();

    let shop = samples::online_request();
    let prepared = client.prepare::<OnlineMaintain>(&shop, now)?;
    let reply = client.decode::<OnlineMaintain>(&get(&prepared.get_url())?)?;
    assert!(reply.is_success(), "{reply:?}");

    let query = query_status::Request::new(query_status::RequestRequired {
        secondary_merchant_id: shop.secondary_merchant_id.clone(),
        payment_method: PaymentMethod::OnlinePayment,
    });
    let prepared = client.prepare::<QueryStatus>(&query, now)?;
    let reply = client.decode::<QueryStatus>(&get(&prepared.get_url())?)?;
    let record = reply.payload.ok_or("no payload")?;
    assert_eq!(
        record.payment_method,
        Some(ReplyPaymentMethod::OnlinePayment)
    );
    let sites = record.site_infos.ok_or("site_infos dropped")?;
    let registered: Vec<(Option<SiteType>, Option<String>)> = shop
        .site_infos
        .iter()
        .map(|s| {
            let wire = alipay_proto::validate::WireEnum::as_str(&s.site_type).to_owned();
            (
                Some(SiteType::from(wire.as_str())),
                Some(s.site_url.clone()),
            )
        })
        .collect();
    let read: Vec<(Option<SiteType>, Option<String>)> = sites
        .iter()
        .map(|s| (s.site_type.clone(), s.site_url.clone()))
        .collect();
    assert_eq!(read, registered);
    assert!(!registered.is_empty());
    Ok(())
}
