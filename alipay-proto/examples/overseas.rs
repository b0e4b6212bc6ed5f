//! Prepares the documented seed-000 registrations (Mika's coffee shop store, and the taxi
//! drivers) with the MD5 and RSA2 **test** keys, prints the pre-sign string, GET URL and POST
//! form, then decodes the documented replies.
//!
//! Run: `cargo run -p alipay-proto --example overseas`

use std::error::Error;
use std::path::PathBuf;

use alipay_proto::charset::Charset;
use alipay_proto::outcome::{CallError, Code};
use alipay_proto::overseas::offline_maintain::{
    OfflineMaintain, Request, RequestRequired, TaxiDriver, TaxiDriverRequired,
};
use alipay_proto::overseas::query_status::QueryStatus;
use alipay_proto::overseas::{Client, Config, Prepared, SecondaryMerchantType};
use alipay_proto::sign::{Md5Key, RsaSigner, SignAlgorithm, Signer};
use time::macros::datetime;

/// A test partner ID (the docs' example); the documented samples mask theirs.
const PARTNER: &str = "2088101142878662";

fn main() -> Result<(), Box<dyn Error>> {
    // The documented timestamp, 2019-09-04 00:00:12 in GMT+8.
    let now = datetime!(2019-09-04 00:00:12 +8);
    let keys = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/keys");
    let md5: Box<dyn Signer + Send + Sync> =
        Box::new(Md5Key::new(std::fs::read(keys.join("md5_test_key.txt"))?)?);
    let pem = std::fs::read(keys.join("rsa_test_private_pkcs8.pem"))?;
    let rsa2: Box<dyn Signer + Send + Sync> =
        Box::new(RsaSigner::from_any(pem, SignAlgorithm::Rsa2)?);

    for (label, signer) in [("MD5", md5), ("RSA2", rsa2)] {
        // Preparing only: these clients never decode, so they may skip reply verification. A
        // client that decodes takes Alipay's key in `Client::new(config, signer, verifier)`.
        let client =
            Client::without_reply_verification(Config::new(PARTNER, Charset::Utf8), signer);
        show(
            &format!("store registration, {label}"),
            &client.prepare::<OfflineMaintain>(&store(), now)?,
        );
        show(
            &format!("taxi registration, {label}"),
            &client.prepare::<OfflineMaintain>(&taxi(), now)?,
        );
    }
    decode_replies()
}

/// Seed 000 "Request sample for a store to register".
fn store() -> Request {
    let address = "3 Old Concord Rd, Burlington, MA 01803美国";
    Request::new(RequestRequired {
        secondary_merchant_name: "Mika's coffee shop".into(),
        secondary_merchant_id: "1314520".into(),
        store_id: "1993".into(),
        store_name: "Mika's coffee shop".into(),
        store_country: "US".into(),
        store_address: address.into(),
        store_industry: "5499".into(),
        secondary_merchant_type: SecondaryMerchantType::Individual,
        register_country: "US".into(),
        register_address: address.into(),
    })
    .with_internal_store_photo("https://www.mikascoffee/img_321323.jpg")
    .with_external_storefront_photo("https://www.mikascoffee/img_321322.jpg")
    .with_registration_no("1314520")
    .with_shareholder_name("mika")
    .with_shareholder_id("3428000000000000")
    .with_contact_no("+8618688888888")
}

/// Seed 000 "Request sample for a taxi to register" (unmasked phone numbers).
fn taxi() -> Request {
    let address = "3 Old Concord Rd, Burlington, MA 01803";
    let driver = |id: &str, name: &str, phone: &str| {
        TaxiDriver::new(TaxiDriverRequired {
            operation_id: id.into(),
            contact_person: name.into(),
        })
        .with_contact_way(phone)
    };
    let drivers = vec![
        driver("1000332", "Driver Li", "138000001232"),
        driver("1000333", "Tom", "13888881232"),
    ];
    Request::new(RequestRequired {
        secondary_merchant_name: "Mika's coffee shop".into(),
        secondary_merchant_id: "1314520".into(),
        store_id: "3344".into(),
        store_name: "Mika's drive".into(),
        store_country: "US".into(),
        store_address: address.into(),
        store_industry: "4121".into(),
        secondary_merchant_type: SecondaryMerchantType::Individual,
        register_country: "US".into(),
        register_address: address.into(),
    })
    .with_extend_params(drivers)
    .with_registration_no("1314520")
    .with_shareholder_name("mika")
    .with_shareholder_id("3428000000000000")
    .with_contact_no("+8618688888888")
}

fn show(title: &str, prepared: &Prepared) {
    println!("== {title}");
    println!("pre-sign string:\n  {}", prepared.presign());
    println!("sign: {}", prepared.sign());
    println!("GET:\n  {}", prepared.get_url());
    println!("POST {}", prepared.post_url());
    println!("  Content-Type: application/x-www-form-urlencoded; charset=UTF-8");
    println!("  {}", prepared.post_body());
    for warning in prepared.warnings() {
        println!("warning: {warning}");
    }
    println!();
}

/// Decodes the documented replies of seed 000 and 003 without verifying them: the docs'
/// signatures were made with keys we do not have. Never do this with real replies.
fn decode_replies() -> Result<(), Box<dyn Error>> {
    let client = Client::without_reply_verification(
        Config::new(PARTNER, Charset::Utf8),
        Box::new(Md5Key::new("unused")?),
    );
    let success = client.decode::<OfflineMaintain>(OFFLINE_SUCCESS.as_bytes())?;
    println!("== 000 success reply");
    println!(
        "is_success={} result_code={:?} signature={:?}",
        success.is_success(),
        success.basic.result_code,
        success.signature
    );
    let failure = client.decode::<OfflineMaintain>(OFFLINE_FAILURE.as_bytes())?;
    println!("== 000 failure reply");
    match failure.into_result() {
        Ok(_) => println!("registered"),
        Err(CallError::Failed(fault)) => {
            let next = fault.code.next_step().map(|step| step.to_string());
            println!(
                "failed: {fault}; next step: {}",
                next.as_deref().unwrap_or("undocumented")
            )
        }
        Err(CallError::Unknown(fault)) => println!("unknown, query again: {fault}"),
    }
    let query = client.decode::<QueryStatus>(QUERY_SUCCESS.as_bytes())?;
    println!("== 003 queryStatus reply");
    let record = query.into_result()?;
    println!(
        "status={:?} store_status={:?}",
        record.status, record.store_status
    );
    Ok(())
}

/// Seed 000's success reply, with the documented curly quotes repaired.
const OFFLINE_SUCCESS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<alipay>
<is_success>T</is_success>
<request>
<param name="service">alipay.overseas.secmerchant.offline.maintain</param>
<param name="partner">2088101142878662</param>
<param name="representative_name">Tom Li</param>
</request>
<response>
<alipay>
<result_code>SUCCESS</result_code>
</alipay>
</response>
<sign>744a87f0e3b40e6a8cd8f9705ce61511</sign>
<sign_type>MD5</sign_type>
</alipay>"#;

/// Seed 000's failure reply.
const OFFLINE_FAILURE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<alipay>
<is_success>F</is_success>
<error>ILLEGAL_SIGN</error>
</alipay>"#;

/// Seed 003's success reply (shortened).
const QUERY_SUCCESS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<alipay>
<is_success>T</is_success>
<response>
<alipay>
<secondary_merchant_id>MERCHANT_ID_0003</secondary_merchant_id>
<status>UNDER_REVIEW</status>
<store_id>STORE_ID_0003</store_id>
<payment_method>OFFLINE_PAYMENT</payment_method>
<store_status>ACTIVATED</store_status>
</alipay>
</response>
<sign>a109ce66ba5b825759927c00be3259fa</sign>
<sign_type>MD5</sign_type>
</alipay>"#;
