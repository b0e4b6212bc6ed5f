//! The wire text of RSA signatures: standard padded base64, possibly percent-encoded.

use std::borrow::Cow;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;

use super::SignError;

/// Standard padded base64 of the signature bytes.
pub(super) fn encode(signature: &[u8]) -> String {
    STANDARD.encode(signature)
}

/// Decodes a signature's wire text. Text containing `%` is percent-decoded first
/// (`%2B` `%2F` `%3D`, Alipay global "Verify a signature" page); the base64 must then be
/// standard and padded.
pub(super) fn decode(text: &str) -> Result<Vec<u8>, SignError> {
    let text = if text.contains('%') {
        percent_decode_str(text)
            .decode_utf8()
            .map_err(|_| SignError::BadSignatureEncoding)?
    } else {
        Cow::Borrowed(text)
    };
    STANDARD
        .decode(text.as_bytes())
        .map_err(|_| SignError::BadSignatureEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_percent_encoded_base64() {
        let bytes = [0xfb, 0xff, 0xfe, 0x00];
        let text = encode(&bytes);
        assert_eq!(text, "+//+AA==");
        assert_eq!(decode(&text).unwrap(), bytes);
        assert_eq!(decode("%2B%2F%2F%2BAA%3D%3D").unwrap(), bytes);
        assert_eq!(decode("%2b%2f%2f%2bAA%3d%3d").unwrap(), bytes);
    }

    #[test]
    fn rejects_non_base64() {
        for bad in ["+//+AA", "+//+AA=", " +//+AA==", "-__-AA==", "%FF%FE", "a%"] {
            assert_eq!(decode(bad), Err(SignError::BadSignatureEncoding), "{bad}");
        }
    }
}
