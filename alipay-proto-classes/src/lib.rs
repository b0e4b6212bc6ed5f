//! Value classes the Alipay docs name (`alnum`, `country`, `email`, ...), as one enum with its
//! matcher, and the next step each documented code tells the caller to take ([`NextStep`]).
//!
//! One crate for both sides: `alipay-proto` validates requests with it at run time (re-exported
//! as `alipay_proto::validate::class`) and `alipay-proto-codegen` checks the spec's examples
//! with it, so the spec's notion of a valid value and the runtime's cannot drift apart.

use serde::{Deserialize, Serialize};

/// A documented class of values. Classes say nothing of length or presence; an empty value
/// is "absent" and is never matched against a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueClass {
    /// ASCII letters and digits ("use only numbers and letters").
    Alnum,
    /// ASCII letters, digits and `_`.
    AlnumUnderscore,
    /// Digits and `+-()` ("numbers and special characters +-() only").
    Phone,
    /// `+`, `-`, digits and spaces (taxi driver phone numbers).
    PhoneSpaces,
    /// ISO 3166-1 alpha-2 country code, from the officially assigned list.
    Country,
    /// A 4-digit merchant category code.
    Mcc,
    /// An e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
    Email,
    /// An `http://` or `https://` URL with a host.
    HttpUrl,
    /// An Alipay partner ID: 16 digits starting with 2088.
    Partner,
    /// An AlipayHK partner ID: 16 digits starting with 2088 or 2160 (the AlipayHK version of
    /// the offline.maintain page, docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain; the
    /// spec's overseas `profiles` name it).
    #[serde(rename = "partner_alipayhk")]
    PartnerAlipayHk,
    /// `yyyy-MM-dd HH:mm:ss` (GMT+8).
    OverseasTimestamp,
    /// RFC 3339 date-time with a `Z` or `±hh:mm` offset.
    Rfc3339,
    /// An 8-digit result code ID.
    ResultCodeId,
    /// ASCII digits only.
    Digits,
    /// A JSON object, as text.
    JsonObjectText,
}

impl ValueClass {
    /// Whether `value` belongs to this class.
    pub fn matches(self, value: &str) -> bool {
        match self {
            ValueClass::Alnum => all(value, |c| c.is_ascii_alphanumeric()),
            ValueClass::AlnumUnderscore => all(value, |c| c.is_ascii_alphanumeric() || c == '_'),
            ValueClass::Phone => all(value, |c| c.is_ascii_digit() || "+-()".contains(c)),
            ValueClass::PhoneSpaces => all(value, |c| c.is_ascii_digit() || "+- ".contains(c)),
            ValueClass::Country => ISO_3166_ALPHA2.binary_search(&value).is_ok(),
            ValueClass::Mcc => value.len() == 4 && all(value, |c| c.is_ascii_digit()),
            ValueClass::Email => is_email(value),
            ValueClass::HttpUrl => is_http_url(value),
            ValueClass::Partner => is_partner(value, &["2088"]),
            ValueClass::PartnerAlipayHk => is_partner(value, &["2088", "2160"]),
            ValueClass::OverseasTimestamp => is_overseas_timestamp(value),
            ValueClass::Rfc3339 => is_rfc3339(value),
            ValueClass::ResultCodeId => value.len() == 8 && all(value, |c| c.is_ascii_digit()),
            ValueClass::Digits => all(value, |c| c.is_ascii_digit()),
            ValueClass::JsonObjectText => {
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(value).is_ok()
            }
        }
    }

    /// What the class allows, for messages and docs.
    pub fn describe(self) -> &'static str {
        match self {
            ValueClass::Alnum => "letters and digits only",
            ValueClass::AlnumUnderscore => "letters, digits and underscores only",
            ValueClass::Phone => "digits and +-() only",
            ValueClass::PhoneSpaces => "+, -, digits and spaces only",
            ValueClass::Country => "an ISO 3166-1 alpha-2 country code",
            ValueClass::Mcc => "a 4-digit merchant category code",
            ValueClass::Email => "an e-mail address",
            ValueClass::HttpUrl => "an http(s) URL",
            ValueClass::Partner => "16 digits starting with 2088",
            ValueClass::PartnerAlipayHk => "16 digits starting with 2088 or 2160",
            ValueClass::OverseasTimestamp => "yyyy-MM-dd HH:mm:ss",
            ValueClass::Rfc3339 => "an RFC 3339 date-time with offset",
            ValueClass::ResultCodeId => "8 digits",
            ValueClass::Digits => "digits only",
            ValueClass::JsonObjectText => "a JSON object",
        }
    }
}

/// 16 ASCII digits starting with one of `prefixes`.
fn is_partner(value: &str, prefixes: &[&str]) -> bool {
    value.len() == 16
        && prefixes.iter().any(|p| value.starts_with(p))
        && all(value, |c| c.is_ascii_digit())
}

fn all(value: &str, ok: impl Fn(char) -> bool) -> bool {
    !value.is_empty() && value.chars().all(ok)
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let labels_ok = domain.split('.').all(|l| !l.is_empty());
    !local.is_empty()
        && domain.contains('.')
        && labels_ok
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_http_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    // `split` yields at least one piece (the whole text when no separator occurs).
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `yyyy-MM-dd HH:mm:ss` with calendar-plausible fields.
fn is_overseas_timestamp(value: &str) -> bool {
    value.len() == 19
        && value.as_bytes()[10] == b' '
        && is_date(&value[..10])
        && is_time(&value[11..])
}

/// `yyyy-MM-ddTHH:mm:ss[.frac](Z|±hh:mm)`.
fn is_rfc3339(value: &str) -> bool {
    if value.len() < 20 || !value.is_char_boundary(10) || !value.is_char_boundary(19) {
        return false;
    }
    let (date, rest) = value.split_at(10);
    let Some(rest) = rest.strip_prefix(['T', 't']) else {
        return false;
    };
    let (time, mut offset) = rest.split_at(8);
    if let Some(frac) = offset.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        offset = &frac[digits..];
    }
    is_date(date) && is_time(time) && is_offset(offset)
}

fn is_offset(offset: &str) -> bool {
    if offset == "Z" || offset == "z" {
        return true;
    }
    let Some(hm) = offset.strip_prefix(['+', '-']) else {
        return false;
    };
    hm.len() == 5 && hm.as_bytes()[2] == b':' && num(&hm[..2], 0, 23) && num(&hm[3..], 0, 59)
}

fn is_date(d: &str) -> bool {
    d.len() == 10
        && d.as_bytes()[4] == b'-'
        && d.as_bytes()[7] == b'-'
        && num(&d[..4], 0, 9999)
        && num(&d[5..7], 1, 12)
        && num(&d[8..], 1, 31)
}

fn is_time(t: &str) -> bool {
    t.len() == 8
        && t.as_bytes()[2] == b':'
        && t.as_bytes()[5] == b':'
        && num(&t[..2], 0, 23)
        && num(&t[3..5], 0, 59)
        && num(&t[6..], 0, 60)
}

fn num(s: &str, min: u32, max: u32) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u32>().is_ok_and(|n| (min..=max).contains(&n))
}

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted (binary search).
pub const ISO_3166_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_list_is_sorted_and_real() {
        assert!(ISO_3166_ALPHA2.windows(2).all(|w| w[0] < w[1]));
        for ok in ["US", "HK", "CN", "GB", "SS", "ZW"] {
            assert!(ValueClass::Country.matches(ok), "{ok}");
        }
        // Well-formed but unassigned or reserved codes are not countries.
        for bad in ["UK", "XX", "EU", "AA", "us", "USA", ""] {
            assert!(!ValueClass::Country.matches(bad), "{bad}");
        }
    }

    #[test]
    fn classes_accept_documented_examples_and_reject_neighbours() {
        use ValueClass::*;
        let cases: &[(ValueClass, &str, bool)] = &[
            (Alnum, "2600100000", true),
            (Alnum, "26001-0000", false),
            (AlnumUnderscore, "yoka_global_m1", true),
            (AlnumUnderscore, "yoka-global", false),
            (Phone, "+86139000007893", true),
            (Phone, "086+13001720000", true),
            (Phone, "+86139xxxx7893", false),
            (PhoneSpaces, "+86 138 0000 1232", true),
            (PhoneSpaces, "(0)138", false),
            (Mcc, "5499", true),
            (Mcc, "549", false),
            (Email, "tomli@gmail.com", true),
            (Email, "tomli@gmail", false),
            (Email, "tom li@gmail.com", false),
            (HttpUrl, "https://www.alipay.com", true),
            (HttpUrl, "www.alipay.com/notify.htm", false),
            (HttpUrl, "https://", false),
            (Partner, "2088101142878662", true),
            (Partner, "2088101142878", false),
            // docs.alipay.hk/alipayhkdocs/hk/hkapi/offline_maintain: "16 digits and begins
            // with 2088 or 2160" (example 2160*********662).
            (Partner, "2160101142878662", false),
            (PartnerAlipayHk, "2160101142878662", true),
            (PartnerAlipayHk, "2088101142878662", true),
            (PartnerAlipayHk, "2161101142878662", false),
            (PartnerAlipayHk, "216010114287866", false),
            (PartnerAlipayHk, "2160*********662", false),
            (Partner, "3088101142878662", false),
            (OverseasTimestamp, "2019-09-04 00:00:12", true),
            (OverseasTimestamp, "2019-13-04 00:00:12", false),
            (OverseasTimestamp, "2019-09-04T00:00:12", false),
            (Rfc3339, "2001-07-04T12:08:56+05:30", true),
            (Rfc3339, "2019-03-11T00:00:00Z", true),
            (Rfc3339, "2019-03-11T00:00:00.123-07:00", true),
            (Rfc3339, "2019-03-11T00:00:00", false),
            (Rfc3339, "2019-03-11 00:00:00+08:00", false),
            (ResultCodeId, "00000000", true),
            (ResultCodeId, "0000000", false),
            (JsonObjectText, "{}", true),
            (
                JsonObjectText,
                "{\"isvAccesstoken\":123123123sdfsddsf}",
                false,
            ),
        ];
        for (class, value, want) in cases {
            assert_eq!(class.matches(value), *want, "{class:?} {value:?}");
        }
    }
}

/// What a documented code tells the caller to do next.
///
/// Each code's step is recorded in the spec (`next_step`, with the page it comes from; the
/// generator reads it with this type's serde names, `retry_same`, `prepare_again`, ...) and
/// generated into the code tables; `alipay_proto::outcome::Code::next_step` returns it and
/// `Code::is_retryable` is derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NextStep {
    /// Nothing: the call succeeded (intl `SUCCESS`).
    Done,
    /// Send the same prepared request again later, backing off (a transient system error,
    /// a traffic limit). The only step for which `Code::is_retryable` is `true`.
    RetrySame,
    /// The request's content was fine but the prepared request is spent: prepare it again
    /// (a fresh timestamp and signature) and send the new one. Resending the same bytes
    /// fails again.
    PrepareAgain,
    /// Query the registration status before doing anything else, and act on its answer:
    /// while it is under review, wait (Alipay's review takes up to 3 working days) instead of
    /// resubmitting.
    QueryStatusFirst,
    /// This request cannot succeed as it is: correct its values (or register the merchant
    /// first), then prepare it again.
    FixRequest,
    /// The integration's setup is wrong (signing key, sign type, charset, partner or client
    /// ID): every request fails the same way until it is fixed.
    FixSetup,
    /// Only Alipay can change what stops the call (a permission, an interface that is not
    /// open to the account, a restricted country): contact Alipay; retrying does not help.
    ContactAlipay,
}

impl NextStep {
    /// Every step, in declaration order.
    pub const ALL: [NextStep; 7] = [
        Self::Done,
        Self::RetrySame,
        Self::PrepareAgain,
        Self::QueryStatusFirst,
        Self::FixRequest,
        Self::FixSetup,
        Self::ContactAlipay,
    ];

    /// Whether this step is "send the same prepared request again later".
    pub fn is_retryable(self) -> bool {
        self == Self::RetrySame
    }

    /// The step's name as the spec writes it (`retry_same`, `prepare_again`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::RetrySame => "retry_same",
            Self::PrepareAgain => "prepare_again",
            Self::QueryStatusFirst => "query_status_first",
            Self::FixRequest => "fix_request",
            Self::FixSetup => "fix_setup",
            Self::ContactAlipay => "contact_alipay",
        }
    }
}

impl std::fmt::Display for NextStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Done => "nothing to do: the call succeeded",
            Self::RetrySame => "send the same request again later",
            Self::PrepareAgain => "prepare the request again (new timestamp and signature)",
            Self::QueryStatusFirst => "query the status first and wait while it is under review",
            Self::FixRequest => "fix the request, then prepare it again",
            Self::FixSetup => "fix the keys or account setup",
            Self::ContactAlipay => "contact Alipay",
        })
    }
}
