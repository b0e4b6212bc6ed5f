//! The `alipay.overseas.*` family on gateway.do: signed `key=value` requests
//! and XML replies, prepared and decoded without doing any I/O.
//!
//! - [`Client::prepare`] validates a typed request, fills the basic params, signs the
//!   pre-sign string in the request charset and yields a GET URL or a POST form
//!   ([`Prepared`]); [`Client::decode`] parses, verifies and types a reply ([`Reply`]).
//! - [`presign`] (and [`presign_keeping`], the usual mistakes), [`encode_pairs`] and
//!   [`parse_query`] are the parameter rules on plain pairs;
//!   [`RawReply`] parses reply bytes (bounded, DOCTYPE and unknown entities refused, GBK and
//!   GB2312 declarations honoured) and [`check_reply`] applies the reply-signature policy.
//! - [`RawRequest::read`] reads a request as gateway.do does, nothing authenticated: the
//!   charset the URL's `_input_charset` names (GBK when it names none, whatever a POST body
//!   says; [`request_charset`]) and the params in it.
//! - [`gateway`] is the other end of the wire: it opens, verifies and types requests and builds
//!   signed replies in the documented shape, for testing integrations without Alipay.
//! - The typed messages (basic params, enums, code tables and one module per service) are
//!   generated from `spec/overseas/`.
//!
//! # Reply signature
//!
//! The signed text of a reply is built from the **leaf** children of `<response><alipay>`
//! (`name=text`, empty texts dropped, sorted by name in byte order, joined with `&`, encoded
//! in the reply's declared charset). Children that hold elements are **excluded**. A reply
//! with no `<response>` is signed over its own `is_success` and `error`. See [`check_reply`].

// The two families share one file skeleton, a file per role: `client.rs` (`Config`, `Client`:
// `new`, `prepare`, `decode`; `Prepared`), `codes.rs` (`ErrorCode`), `error.rs`, `gateway.rs`
// (the other end of the wire), `raw.rs` (`RawReply`), `reply.rs` (`Reply`), `reply_sign.rs`
// (the reply-signature policy), `request.rs` (`RawRequest`), `wire.rs` (the wire format), and
// the format's strict reader (`xml.rs` here, `json.rs` in the other family). `leaves.rs`, the
// signed leaves of a reply, is a step only XML replies have.
mod client;
mod codes;
mod error;
pub mod gateway;
mod leaves;
mod raw;
mod reply;
mod reply_sign;
mod request;
mod wire;
mod xml;

#[cfg(test)]
mod tests;

/// The code generated from `spec/overseas/` by `alipay-proto-codegen` at build time.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/overseas.rs"));
}

pub use crate::config::ConfigError;
pub use client::{
    Client, Config, Prepared, TIMESTAMP_OFFSET, gmt8_timestamp, parse_gmt8_timestamp,
};
pub use codes::ErrorCode;
pub use error::{DecodeError, DecodeErrorKind, PrepareError};
pub use generated::*;
pub use leaves::LeafError;
pub use raw::{RawReply, Unverified};
pub use reply::Reply;
pub use reply_sign::{SignatureStatus, check_reply, reply_presign, reply_signed_pairs};
pub use request::{Part, RawRequest, ReadError, RequestCharset, read_params, request_charset};
pub use wire::{
    EncodeError, Exclusion, INPUT_CHARSET, QueryError, SERVICE, SIGN, SIGN_TYPE, TIMESTAMP,
    encode_pairs, is_signature_param, parse_query, presign, presign_keeping,
};
pub use xml::DecodeLimits;
