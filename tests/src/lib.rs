//! What the conformance tests share: fixture files, the checked-in TEST keys, and the
//! documented sample requests as typed values. One definition here serves every test file.

pub mod files {
    //! Files of the workspace, by their path from its root: the fixtures under `testdata/`
    //! (`testdata/samples/...`, `testdata/vectors/...`, `testdata/keys/...`), and the docs.

    use std::path::PathBuf;

    /// The path of `relative`, from the workspace root (this crate's parent folder).
    pub fn path(relative: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(relative)
    }

    /// The bytes of a file; a missing fixture is a broken test setup, so it panics.
    pub fn bytes(relative: &str) -> Vec<u8> {
        std::fs::read(path(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
    }

    /// The text of a file.
    pub fn text(relative: &str) -> String {
        String::from_utf8(bytes(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
    }
}

pub mod keys {
    //! The TEST keys in `testdata/keys/` (published on purpose; never use them for real).
    //!
    //! Two RSA pairs, as in production: the **merchant's** (`rsa_signer`, `rsa_verifier`,
    //! `signer`, `verifier`: requests are signed with it, a gateway verifies them with it) and
    //! **Alipay's** (`alipay_*`: a gateway signs replies with it, a client verifies them with
    //! it). A client given the merchant's public key as Alipay's is refused. MD5 is one shared
    //! key on both sides.

    use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer, Verifier};

    use crate::files::bytes;

    /// The MD5 test key.
    pub fn md5_key() -> Md5Key {
        Md5Key::new(bytes("testdata/keys/md5_test_key.txt")).expect("md5 test key")
    }

    /// The merchant's RSA test private key, signing with `algorithm` (RSA or RSA2).
    pub fn rsa_signer(algorithm: SignAlgorithm) -> RsaSigner {
        RsaSigner::from_any(bytes("testdata/keys/rsa_test_private_pkcs8.pem"), algorithm)
            .expect("rsa test key")
    }

    /// The merchant's RSA test public key, verifying `algorithm`.
    pub fn rsa_verifier(algorithm: SignAlgorithm) -> RsaVerifier {
        RsaVerifier::from_any(bytes("testdata/keys/rsa_test_public.pem"), algorithm)
            .expect("rsa test public key")
    }

    /// The TEST Alipay private key, signing replies with `algorithm` (RSA or RSA2).
    pub fn alipay_rsa_signer(algorithm: SignAlgorithm) -> RsaSigner {
        RsaSigner::from_any(
            bytes("testdata/keys/rsa_test_alipay_private_pkcs8.pem"),
            algorithm,
        )
        .expect("alipay test key")
    }

    /// The TEST Alipay public key, verifying replies signed with `algorithm`.
    pub fn alipay_rsa_verifier(algorithm: SignAlgorithm) -> RsaVerifier {
        RsaVerifier::from_any(bytes("testdata/keys/rsa_test_alipay_public.pem"), algorithm)
            .expect("alipay test public key")
    }

    /// Alipay's TEST reply signer for a wire `sign_type`: the shared MD5 key, or Alipay's RSA key.
    pub fn alipay_signer(sign_type: &str) -> Box<dyn Signer + Send + Sync> {
        match SignAlgorithm::from_wire(sign_type).expect("known sign_type") {
            SignAlgorithm::Md5 => Box::new(md5_key()),
            algorithm => Box::new(alipay_rsa_signer(algorithm)),
        }
    }

    /// A client's TEST reply verifier for a wire `sign_type`: the shared MD5 key, or Alipay's
    /// RSA public key.
    pub fn alipay_verifier(sign_type: &str) -> Box<dyn Verifier + Send + Sync> {
        match SignAlgorithm::from_wire(sign_type).expect("known sign_type") {
            SignAlgorithm::Md5 => Box::new(md5_key()),
            algorithm => Box::new(alipay_rsa_verifier(algorithm)),
        }
    }

    /// The merchant's test signer for a wire `sign_type` (MD5, RSA, RSA2).
    pub fn signer(sign_type: &str) -> Box<dyn Signer + Send + Sync> {
        match SignAlgorithm::from_wire(sign_type).expect("known sign_type") {
            SignAlgorithm::Md5 => Box::new(md5_key()),
            algorithm => Box::new(rsa_signer(algorithm)),
        }
    }

    /// The merchant's test verifier for a wire `sign_type` (what a gateway checks requests with).
    pub fn verifier(sign_type: &str) -> Box<dyn Verifier + Send + Sync> {
        match SignAlgorithm::from_wire(sign_type).expect("known sign_type") {
            SignAlgorithm::Md5 => Box::new(md5_key()),
            algorithm => Box::new(rsa_verifier(algorithm)),
        }
    }
}

pub mod samples {
    //! The documented sample requests of seeds 000-004 as typed values. Where a sample masks
    //! a value (`138xxxxx1232`), the function named for the sample keeps the mask and a
    //! `*_repaired` one replaces it (see `testdata/samples/*/NOTES.md`).

    use alipay_proto::intl::maintain::{
        self, OperationType, SellerInfo, SellerInfoRequired, SellerType, SiteInfo,
        SiteInfoRequired, SiteType,
    };
    use alipay_proto::intl::{PaymentScene, archive, query};
    use alipay_proto::overseas::SecondaryMerchantType;
    use alipay_proto::overseas::offline_maintain::{self, TaxiDriver, TaxiDriverRequired};
    use alipay_proto::overseas::online_maintain;
    use alipay_proto::overseas::query_status::{self, PaymentMethod};
    use time::OffsetDateTime;
    use time::macros::datetime;

    /// The partner the 002 table gives as its example (valid: 16 digits starting 2088).
    pub const PARTNER: &str = "2088101142878662";
    /// The partner as the 000 samples print it (masked, so it fails validation).
    pub const DOC_PARTNER: &str = "208xxxxxxxxx8155";
    /// The documented timestamp of the 000 samples (GMT+8).
    pub const DOC_TIMESTAMP: &str = "2019-09-04 00:00:12";
    /// [`DOC_TIMESTAMP`] as an instant.
    pub const DOC_TIME: OffsetDateTime = datetime!(2019-09-04 00:00:12 +8);

    const STORE_ADDRESS: &str = "3 Old Concord Rd, Burlington, MA 01803美国";
    const TAXI_ADDRESS: &str = "3 Old Concord Rd, Burlington, MA 01803";

    fn mika(
        store_id: &str,
        store_name: &str,
        address: &str,
        mcc: &str,
    ) -> offline_maintain::Request {
        offline_maintain::Request::new(offline_maintain::RequestRequired {
            secondary_merchant_name: "Mika's coffee shop".into(),
            secondary_merchant_id: "1314520".into(),
            store_id: store_id.into(),
            store_name: store_name.into(),
            store_country: "US".into(),
            store_address: address.into(),
            store_industry: mcc.into(),
            secondary_merchant_type: SecondaryMerchantType::Individual,
            register_country: "US".into(),
            register_address: address.into(),
        })
        .with_registration_no("1314520")
        .with_shareholder_name("mika")
        .with_contact_no("+8618688888888")
    }

    /// Seed 000, "Request sample for a store to register": Mika's coffee shop. The masked
    /// shareholder_id is kept: that field has no class, so the mask is valid text.
    pub fn store_request() -> offline_maintain::Request {
        mika("1993", "Mika's coffee shop", STORE_ADDRESS, "5499")
            .with_internal_store_photo("https://www.mikascoffee/img_321323.jpg")
            .with_external_storefront_photo("https://www.mikascoffee/img_321322.jpg")
            .with_shareholder_id("342xxxxxxxxx0000")
    }

    /// Seed 000, "Request sample for a taxi to register", as documented (masked phone kept,
    /// so it fails validation).
    pub fn taxi_request() -> offline_maintain::Request {
        taxi_with_first_phone("138xxxxx1232")
    }

    /// [`taxi_request`] with the masked phone repaired to digits.
    pub fn taxi_request_repaired() -> offline_maintain::Request {
        taxi_with_first_phone("13800001232")
    }

    fn taxi_with_first_phone(phone: &str) -> offline_maintain::Request {
        mika("3344", "Mika's drive", TAXI_ADDRESS, "4121")
            .with_extend_params(vec![
                driver("1000332", phone, "Driver Li"),
                driver("1000333", "13888881232", "Tom"),
            ])
            .with_shareholder_id("3428000000000000")
    }

    /// A taxi driver as the 000 extend_params table describes one.
    pub fn driver(id: &str, phone: &str, name: &str) -> TaxiDriver {
        TaxiDriver::new(TaxiDriverRequired {
            operation_id: id.into(),
            contact_person: name.into(),
        })
        .with_contact_way(phone)
    }

    /// A site as the 002 site_infos table describes one.
    pub fn site(kind: &str, url: &str) -> online_maintain::SiteInfo {
        online_maintain::SiteInfo::new(online_maintain::SiteInfoRequired {
            site_type: online_maintain::SiteType::from(kind),
            site_url: url.into(),
        })
        .with_site_name("websit")
    }

    /// Seed 002's registration, from its reply echo (masked phone and trailing spaces
    /// repaired; the 002 page has no request sample of its own).
    pub fn online_request() -> online_maintain::Request {
        online_maintain::Request::new(online_maintain::RequestRequired {
            secondary_merchant_name: "test1".into(),
            secondary_merchant_id: "100510000031".into(),
            secondary_merchant_industry: "5935".into(),
            register_country: "HK".into(),
            register_address: "No.278, Road YinCheng, Shanghai, China".into(),
            site_infos: vec![site("WEB", "https://alipay.com")],
            secondary_merchant_type: SecondaryMerchantType::Individual,
        })
        .with_registration_no("012345678")
        .with_representative_name("Tom Li")
        .with_representative_id("123456789 Li")
        .with_settlement_no("2600100000")
        .with_contact_no("+8613900007893")
        .with_contact_email("tomli@gmail.com")
    }

    /// Seed 003's request sample.
    pub fn query_request() -> query_status::Request {
        query_status::Request::new(query_status::RequestRequired {
            secondary_merchant_id: "1314520".into(),
            payment_method: PaymentMethod::InstorePayment,
        })
        .with_store_id("1993")
    }

    /// Seed 001: clientId of the sample request.
    pub const MAINTAIN_CLIENT_ID: &str = "385XPU2C2Y0GBK03";
    /// Seed 001's reqMsgId.
    pub const MAINTAIN_MSG_ID: &str = "332111111111";
    /// Seed 001's reqTime, 2019-03-11T00:00:00+00:00.
    pub const MAINTAIN_TIME: OffsetDateTime = datetime!(2019-03-11 00:00:00 +00:00);
    /// The repair of seed 001's placeholder merchantId `$!{merchantId}`.
    pub const MAINTAIN_MERCHANT_ID: &str = "211020000000002999";
    /// Seed 004: clientId of the sample request.
    pub const ARCHIVE_CLIENT_ID: &str = "2014000014442";
    /// Seed 004's reqMsgId.
    pub const ARCHIVE_MSG_ID: &str = "1234567asdfasdf1123fda";
    /// Seed 004's reqTime, 2001-07-04T12:08:56+05:30.
    pub const ARCHIVE_TIME: OffsetDateTime = datetime!(2001-07-04 12:08:56 +05:30);

    /// A site as the 001 siteInfos table describes one.
    pub fn intl_site(kind: &str, url: &str) -> SiteInfo {
        SiteInfo::new(SiteInfoRequired {
            site_type: SiteType::from(kind),
            site_url: url.into(),
        })
        .with_site_name("websit")
    }

    /// Seed 001's sellerInfo (ENTERPRISE, a WEB and an APP site).
    pub fn seller_info() -> SellerInfo {
        SellerInfo::new(SellerInfoRequired {
            seller_id: "yoka_global_m1".into(),
            seller_name: "Alipay (China) Network Technology Co., Ltd".into(),
            seller_mcc: "4111".into(),
            payment_scene: PaymentScene::Online,
            seller_type: SellerType::Enterprise,
            registration_country: "CN".into(),
            registration_address: "Lujiazui, Pudong, Shanghai".into(),
        })
        .with_site_infos(vec![
            intl_site("WEB", "https://yoka.com"),
            intl_site("APP", "https://app.yoka.com"),
        ])
        .with_registration_no("83720154037071")
        .with_shareholder_name("Zhangsan")
        .with_shareholder_id("69833444422")
        .with_settlement_no("1551263547569833")
        .with_contact_no("086+13001720000")
        .with_contact_email("Zhangsan@alipay.com")
        .with_customer_service_no("086+13701720000")
        .with_customer_service_email("test@alipay.com")
    }

    /// Seed 001's sample request body (ADD), placeholder merchantId repaired.
    pub fn maintain_request() -> maintain::Request {
        maintain::Request::new(maintain::RequestRequired {
            merchant_id: MAINTAIN_MERCHANT_ID.into(),
            operation_type: OperationType::Add,
            seller_info: seller_info(),
        })
    }

    /// Seed 004's sample request body.
    pub fn archive_request() -> archive::Request {
        archive::Request::new(archive::RequestRequired {
            merchant_id: "21020000001".into(),
        })
        .with_seller_id("83410102")
        .with_store_id("83401020001")
        .with_payment_scene(PaymentScene::Online)
    }

    /// A query body from page 005's table examples (merchantId `21020000001`, sellerId
    /// `83410102`, storeId `STORE_ID_0003`, paymentScene): the page's samples were not in the
    /// copies read (`spec/intl/query.yaml`). An OFFLINE query names the store; an ONLINE one
    /// sends no storeId (it is "only for the OFFLINE payment").
    pub fn intl_query_request(scene: PaymentScene) -> query::Request {
        let request = query::Request::new(query::RequestRequired {
            merchant_id: "21020000001".into(),
        })
        .with_seller_id("83410102");
        match scene {
            PaymentScene::Offline => request
                .with_store_id("STORE_ID_0003")
                .with_payment_scene(PaymentScene::Offline),
            other => request.with_payment_scene(other),
        }
    }
}

pub mod charsets {
    //! Python's `utf-8`, `gbk` and `gb2312` codecs over the whole BMP, the independent
    //! reference for the request charsets. `testdata/charsets/*.bin` are written by
    //!
    //! ```sh
    //! python3 scripts/gen-charset-tables.py
    //! ```
    //!
    //! For every BMP scalar value in order: one length byte, 0 when the codec refuses the char,
    //! then the codec's bytes.

    use std::sync::LazyLock;

    use alipay_proto::charset::Charset;

    /// One codec's bytes for every BMP char.
    pub struct Reference {
        /// Indexed by code point; `None` for a refused char (and the surrogates).
        bytes: Vec<Option<&'static [u8]>>,
    }

    static UTF8: LazyLock<Reference> =
        LazyLock::new(|| Reference::parse(include_bytes!("../../testdata/charsets/utf-8.bin")));
    static GBK: LazyLock<Reference> =
        LazyLock::new(|| Reference::parse(include_bytes!("../../testdata/charsets/gbk.bin")));
    static GB2312: LazyLock<Reference> =
        LazyLock::new(|| Reference::parse(include_bytes!("../../testdata/charsets/gb2312.bin")));

    impl Reference {
        /// Python's codec of the same name as `charset`.
        pub fn of(charset: Charset) -> &'static Self {
            match charset {
                Charset::Utf8 => &UTF8,
                Charset::Gbk => &GBK,
                Charset::Gb2312 => &GB2312,
            }
        }

        fn parse(mut table: &'static [u8]) -> Self {
            let bytes = (0..=0xFFFF)
                .map(|cp| {
                    char::from_u32(cp)?;
                    let (&len, tail) = table.split_first().expect("reference table cut short");
                    let (bytes, tail) = tail.split_at(usize::from(len));
                    table = tail;
                    (len > 0).then_some(bytes)
                })
                .collect();
            assert!(table.is_empty(), "reference table too long");
            Self { bytes }
        }

        /// The codec's bytes for `ch`; `None` when it refuses `ch` or `ch` is outside the BMP.
        pub fn get(&self, ch: char) -> Option<&'static [u8]> {
            self.bytes.get(ch as usize).copied().flatten()
        }

        /// Every BMP scalar value with the codec's bytes.
        pub fn chars(&self) -> impl Iterator<Item = (char, Option<&'static [u8]>)> + '_ {
            (0..=0xFFFF)
                .filter_map(char::from_u32)
                .map(|ch| (ch, self.get(ch)))
        }
    }
}

pub mod params {
    //! Parameter lists compared as multisets, and printed one per line (the overseas
    //! conformance tests' view of a request).

    use std::fmt;

    /// Compares two parameter lists as multisets of `(name, value)` pairs, ignoring order and
    /// ignoring every name in `skip` (e.g. `sign`). The diff is empty when they agree.
    pub fn compare_params<K1, V1, K2, V2>(
        left: &[(K1, V1)],
        right: &[(K2, V2)],
        skip: &[&str],
    ) -> ParamDiff
    where
        K1: AsRef<str>,
        V1: AsRef<str>,
        K2: AsRef<str>,
        V2: AsRef<str>,
    {
        let left = sorted_pairs(left, skip);
        let mut right = sorted_pairs(right, skip);
        let mut diff = ParamDiff::default();
        for (k, v) in left {
            if let Some(at) = right.iter().position(|(rk, rv)| *rk == k && *rv == v) {
                right.remove(at);
            } else if let Some(at) = right.iter().position(|(rk, _)| *rk == k) {
                let (_, rv) = right.remove(at);
                diff.differ.push((k, v, rv));
            } else {
                diff.only_left.push((k, v));
            }
        }
        diff.only_right = right;
        diff
    }

    fn sorted_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: &[(K, V)],
        skip: &[&str],
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, _)| !skip.contains(&k.as_ref()))
            .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
            .collect();
        out.sort();
        out
    }

    /// A mismatch report of [`compare_params`]: one line per differing parameter.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ParamDiff {
        /// Parameters only on the left: `(name, value)`.
        pub only_left: Vec<(String, String)>,
        /// Parameters only on the right: `(name, value)`.
        pub only_right: Vec<(String, String)>,
        /// Parameters on both sides with different values: `(name, left, right)`.
        pub differ: Vec<(String, String, String)>,
    }

    impl ParamDiff {
        /// Whether the two sides hold the same parameters.
        pub fn is_empty(&self) -> bool {
            self.only_left.is_empty() && self.only_right.is_empty() && self.differ.is_empty()
        }
    }

    impl fmt::Display for ParamDiff {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (k, v) in &self.only_left {
                writeln!(f, "- {k}={v}")?;
            }
            for (k, v) in &self.only_right {
                writeln!(f, "+ {k}={v}")?;
            }
            for (k, l, r) in &self.differ {
                writeln!(f, "~ {k}: {l:?} != {r:?}")?;
            }
            Ok(())
        }
    }
    /// Renders pairs one per line as `name=value`, for snapshots and debugging output.
    pub struct Lines<'a, K, V>(pub &'a [(K, V)]);

    impl<K: AsRef<str>, V: AsRef<str>> fmt::Display for Lines<'_, K, V> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (k, v) in self.0 {
                writeln!(f, "{}={}", k.as_ref(), v.as_ref())?;
            }
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn compare_params_ignores_order_and_skipped_names() {
            let left = [("a", "1"), ("b", "2"), ("sign", "x")];
            let right = [("b", "2"), ("a", "1"), ("sign", "y")];
            assert!(compare_params(&left, &right, &["sign"]).is_empty());
            let diff = compare_params(&left, &[("a", "9"), ("c", "3")], &["sign"]);
            assert_eq!(diff.differ, [("a".into(), "1".into(), "9".into())]);
            assert_eq!(diff.only_left, [("b".into(), "2".into())]);
            assert_eq!(diff.only_right, [("c".into(), "3".into())]);
            assert_eq!(Lines(&right[..1]).to_string(), "b=2\n");
        }
    }
}
