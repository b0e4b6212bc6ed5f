//! Derive macros for the wire types `alipay-proto` generates from its spec: `#[derive(Wire)]`
//! for messages and nested objects, `#[derive(WireEnum)]` for documented value sets.
//!
//! The code generator emits these attributes; this page is the contract between it and the
//! macros. Both macros are parse -> check -> emit: every misuse is a spanned compile error, and
//! all of them are reported at once. The expansions name `::alipay_proto::validate::...`, so the
//! user crate depends on `alipay-proto` (which re-exports both macros).
//!
//! # `#[derive(Wire)]`
//!
//! On a struct with named fields and no generics. Every field carries
//! `#[wire(name = "wire_name", ...)]`:
//!
//! | key | meaning |
//! |---|---|
//! | `name = "..."` | required: the wire name, byte for byte; unique within the struct |
//! | `required` | the value must be present: `Some`, a non-empty string, a non-empty list |
//! | `max_bytes = N` | string: at most N bytes in the request charset |
//! | `max_chars = N` | string: at most N chars |
//! | `class = Ident` | string: a non-empty value must match `ValueClass::Ident` |
//! | `personal` | string: personal data; a violation repeats its length, never its text |
//! | `max_items = N` | list: at most N items |
//! | `unique = "item_wire_name"` | list: that field of the items must not repeat; repeatable |
//! | `json_text` | list: travels as one JSON text parameter in `wire_params` |
//! | `required_if(when = "sibling", is = ["A", "B"])` | required when the sibling (by wire name) has one of the values |
//! | `only_if(when = "sibling", is = ["A"])` | may be present only when the sibling has one of the values |
//!
//! Both rules take a trailing `warning` flag (`only_if(when = "x", is = ["Y"], warning)`): a
//! broken warning rule is reported in the warnings and never rejects. Rules are repeatable.
//! String rules and list rules do not mix on one field.
//!
//! Container key: `#[wire(forbid_chars = "\"")]`: no string value of the struct, nested objects
//! included, may contain any of these chars.
//!
//! A field's type is a `String`, a `WireEnum` enum, a `Wire` struct, a `Vec` of `Wire` structs,
//! or an `Option` of any of these. The macro never looks at type names: it dispatches through
//! `alipay_proto::validate::FieldValue`, whose `Rules` type decides which keys fit
//! (`TextRules` for strings and enums, `ListRules` for lists, `NoRules` for objects), so a key
//! that does not fit the field's type is a type error. String rules on an enum field apply to
//! its wire text. `json_text` needs
//! `JsonText` (a `Vec` or `Option<Vec>` of `Serialize` items).
//!
//! The derive implements `Validate` (every violation, each with its wire path), `WireStruct`
//! (`wire_params`, `wire_text`) and `FieldValue` (so the struct can be nested).
//!
//! ```
//! use alipay_proto::Wire;
//! use alipay_proto::charset::Charset;
//! use alipay_proto::validate::{Reason, WireStruct, validate};
//!
//! #[derive(Wire, serde::Serialize)]
//! #[wire(forbid_chars = "\"")]
//! struct Store {
//!     #[wire(name = "store_id", required, max_bytes = 8, class = Alnum)]
//!     store_id: String,
//!     #[wire(name = "store_name", only_if(when = "store_id", is = ["1993"]))]
//!     store_name: Option<String>,
//! }
//!
//! let store = Store { store_id: "19 93".into(), store_name: Some("Mika's".into()) };
//! let report = validate(&store, Charset::Utf8).unwrap_err();
//! assert_eq!(report.errors.len(), 2);
//! assert!(matches!(report.errors[0].reason, Reason::Class { .. }));
//! assert_eq!(report.errors[1].path, "store_name");
//! assert_eq!(store.wire_params()[0], ("store_id", "19 93".into()));
//! ```
//!
//! # `#[derive(WireEnum)]`
//!
//! On an enum of unit variants, each `#[wire(value = "TEXT")]`, plus exactly one
//! `#[wire(unknown)] Unknown(::alipay_proto::validate::UnknownValue)`, which keeps any other
//! text verbatim. A table of documented codes is marked `#[wire(codes)]` on the enum and adds,
//! per variant, `description = "..."`, `action = "..."`, `next_step = Variant` (a variant of
//! `alipay_proto::outcome::NextStep`), `id = "00000019"` and `status = Type::Variant`; those
//! keys on an enum without `codes` are an error.
//!
//! The derive emits inherent `VALUES`, `as_str`, `is_known` and `try_parse` (strict); with
//! `codes` (even on a table with no documented code): `code`, `description`, `action`,
//! `next_step` (`None` for unknown codes) and `is_retryable` (derived from `next_step`: only
//! `RetrySame` is retryable) and the `alipay_proto::outcome::Code` and
//! `CodeEnum` impls; when a variant has `id`: `id`; when a variant has `status`: `status`,
//! returning the status type (the path minus its last segment; every `status` must name the
//! same type). It implements `WireEnum`, `FieldValue` (an unknown value in a request is
//! `Reason::NotInEnum`), infallible `From<&str>`, `From<String>` and `FromStr`, `Display`, and
//! serde `Serialize`/`Deserialize` as the wire string. Do not also derive serde on the enum.
//!
//! ```
//! use alipay_proto::WireEnum;
//! use alipay_proto::validate::UnknownValue;
//!
//! #[derive(Debug, Clone, PartialEq, Eq, WireEnum)]
//! enum SiteType {
//!     #[wire(value = "WEB")]
//!     Web,
//!     #[wire(value = "APP")]
//!     App,
//!     #[wire(unknown)]
//!     Unknown(UnknownValue),
//! }
//!
//! assert_eq!(SiteType::from("WEB"), SiteType::Web);
//! let new = SiteType::from("MINI_PROGRAM");
//! assert!(!new.is_known());
//! assert_eq!(new.as_str(), "MINI_PROGRAM");
//! assert_eq!(SiteType::try_parse("MINI_PROGRAM"), None);
//! ```

mod errors;
mod meta;
mod wire;
mod wire_enum;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Validation and wire parameters for a message or nested object; see the crate docs.
#[proc_macro_derive(Wire, attributes(wire))]
pub fn derive_wire(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    wire::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// An open enum of documented wire values; see the crate docs.
#[proc_macro_derive(WireEnum, attributes(wire))]
pub fn derive_wire_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    wire_enum::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
