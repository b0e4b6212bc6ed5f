//! The usual mistakes behind `ILLEGAL_SIGN`, each with its stable code.

use std::borrow::Cow;

use alipay_proto::charset::Charset;
use alipay_proto::sign::SignAlgorithm;
use serde::Serialize;

/// A mistake that reproduces the given signature (or, for the two request-only checks, that
/// makes the gateway refuse a request whatever its signature). The codes are stable: they are
/// the `causes` of the `--json` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// `sign_type=…` was included in the signed text.
    SignTypeSigned,
    /// Parameters with empty values were signed as `name=`.
    EmptyValueSigned,
    /// Values were percent-encoded before signing (raw values are signed).
    ValuesEncodedBeforeSigning,
    /// `+` and space were confused: one was signed where the other is sent.
    PlusForSpace,
    /// The signed bytes are the text in another charset than the message declares.
    WrongCharset,
    /// The MD5 key was used with whitespace around it (a key file's newline).
    KeyWhitespace,
    /// RSA (SHA-1) was used where the message says RSA2 (SHA-256), or the reverse.
    WrongDigest,
    /// The key file is not in the form its PEM label says (PKCS#1 / PKCS#8 / SPKI confusion).
    WrongKeyFormat,
    /// One party's key sits in the other party's slot.
    OwnPublicKeyAsAlipayKey,
    /// A POST URL without `_input_charset`: the gateway reads the body in its default, GBK.
    CharsetMissingFromPostUrl,
    /// No `_input_charset` and bytes that are not GBK (the gateway's default), or an
    /// `_input_charset` naming no charset the gateway knows or disagreeing with another: the
    /// gateway cannot read it.
    CharsetUnreadable,
    /// The `timestamp` is not GMT+8 time.
    TimestampNotGmt8,
    /// Intl: the signature is over a re-serialized copy of the JSON, not the exact text sent.
    RequestReserialized,
}

impl Cause {
    /// Every cause, in the order they are reported.
    pub const ALL: [Cause; 13] = [
        Cause::SignTypeSigned,
        Cause::EmptyValueSigned,
        Cause::ValuesEncodedBeforeSigning,
        Cause::PlusForSpace,
        Cause::WrongCharset,
        Cause::KeyWhitespace,
        Cause::WrongDigest,
        Cause::WrongKeyFormat,
        Cause::OwnPublicKeyAsAlipayKey,
        Cause::CharsetMissingFromPostUrl,
        Cause::CharsetUnreadable,
        Cause::TimestampNotGmt8,
        Cause::RequestReserialized,
    ];

    /// The stable code, as in the JSON output.
    pub const fn code(self) -> &'static str {
        match self {
            Self::SignTypeSigned => "sign_type_signed",
            Self::EmptyValueSigned => "empty_value_signed",
            Self::ValuesEncodedBeforeSigning => "values_encoded_before_signing",
            Self::PlusForSpace => "plus_for_space",
            Self::WrongCharset => "wrong_charset",
            Self::KeyWhitespace => "key_whitespace",
            Self::WrongDigest => "wrong_digest",
            Self::WrongKeyFormat => "wrong_key_format",
            Self::OwnPublicKeyAsAlipayKey => "own_public_key_as_alipay_key",
            Self::CharsetMissingFromPostUrl => "charset_missing_from_post_url",
            Self::CharsetUnreadable => "charset_unreadable",
            Self::TimestampNotGmt8 => "timestamp_not_gmt8",
            Self::RequestReserialized => "request_reserialized",
        }
    }

    /// What to change, in one sentence. The charsets and the RSA schemes it names are the
    /// library's (`Charset::ALL`, `SignAlgorithm::scheme_name`).
    pub fn fix(self) -> Cow<'static, str> {
        match self {
            Self::WrongDigest => {
                let schemes: Vec<String> = SignAlgorithm::ALL
                    .into_iter()
                    .filter(|algorithm| algorithm.is_rsa())
                    .map(|algorithm| format!("{algorithm} is {}", algorithm.scheme_name()))
                    .collect();
                Cow::Owned(format!(
                    "{}: sign and verify with the one sign_type names",
                    schemes.join(", ")
                ))
            }
            Self::CharsetUnreadable => {
                let [first, others @ ..] = Charset::ALL;
                let others: Vec<&str> = others.iter().map(|charset| charset.as_str()).collect();
                Cow::Owned(format!(
                    "send _input_charset={} (or {}), spelled as the gateway knows it, and encode \
                     the values in it",
                    first.as_str(),
                    others.join(", ")
                ))
            }
            Self::SignTypeSigned => {
                Cow::Borrowed("leave sign and sign_type out of the pre-sign string")
            }
            Self::EmptyValueSigned => {
                Cow::Borrowed("drop parameters with empty values from the pre-sign string")
            }
            Self::ValuesEncodedBeforeSigning => Cow::Borrowed(
                "sign the raw values; percent-encode only when building the URL or form",
            ),
            Self::PlusForSpace => Cow::Borrowed(
                "the gateway reads + as a space: send a + as %2B, and sign the values it decodes",
            ),
            Self::WrongCharset => {
                Cow::Borrowed("sign the bytes of the pre-sign string in _input_charset")
            }
            Self::KeyWhitespace => Cow::Borrowed("trim the MD5 key (a key file ends in a newline)"),
            Self::WrongKeyFormat => Cow::Borrowed(
                "give the key in the form its label says (PKCS#1 `RSA ... KEY`, PKCS#8 `PRIVATE KEY`, SPKI `PUBLIC KEY`)",
            ),
            Self::OwnPublicKeyAsAlipayKey => Cow::Borrowed(
                "verify Alipay's messages with Alipay's public key; upload your own public key to Alipay",
            ),
            Self::CharsetMissingFromPostUrl => {
                Cow::Borrowed("put _input_charset in the POST URL too")
            }
            Self::TimestampNotGmt8 => Cow::Borrowed("write timestamp in GMT+8 (Beijing time)"),
            Self::RequestReserialized => {
                Cow::Borrowed("serialize the request once, sign those bytes and send the same text")
            }
        }
    }
}

/// A cause found, with what exactly reproduced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The cause.
    pub code: Cause,
    /// Which variant reproduced the signature, e.g. "UTF-8 bytes signed, the request says GBK".
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_match_serde() {
        let codes: std::collections::BTreeSet<_> = Cause::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), Cause::ALL.len());
        for cause in Cause::ALL {
            let json = serde_json::to_string(&cause).unwrap();
            assert_eq!(json, format!("\"{}\"", cause.code()));
        }
    }

    /// The fixes built from the library's lists read as written before (the README's and the
    /// sandbox's texts).
    #[test]
    fn fixes_built_from_the_library_read_as_before() {
        assert_eq!(
            Cause::WrongDigest.fix(),
            "RSA is SHA1withRSA, RSA2 is SHA256withRSA: sign and verify with the one sign_type names"
        );
        assert_eq!(
            Cause::CharsetUnreadable.fix(),
            "send _input_charset=UTF-8 (or GBK, GB2312), spelled as the gateway knows it, and \
             encode the values in it"
        );
        assert!(Cause::ALL.iter().all(|cause| !cause.fix().is_empty()));
    }
}
