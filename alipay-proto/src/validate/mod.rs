//! Request validation: every documented rule, every violation, each named by its wire path.
//!
//! The generated message types derive [`Wire`](crate::Wire) (structs) and
//! [`WireEnum`](crate::WireEnum) (value sets); the derives implement the traits of this module
//! and call [`Checker`] with the rules written in their `#[wire(...)]` attributes. Run the rules
//! with [`validate`]:
//!
//! - all violations are collected, never just the first, each with the path of wire names that
//!   leads to the value (`extend_params[2].operation_id`) and a typed [`Reason`] carrying the
//!   numbers, so callers can render their own message;
//! - rules the docs contradict are marked `warning`: they are reported, never rejected;
//! - byte limits are bytes in the request charset, and a char that charset cannot carry is
//!   reported as [`Reason::Unencodable`] (sending it would fail), never as a byte count.
//!
//! Field types dispatch through [`FieldValue`]: a field is a `String`, a `WireEnum` enum, a
//! nested `Wire` struct, a `Vec` of such structs, or an `Option` of any of these.

mod checker;
mod field;
mod report;
mod wire_enum;

/// Value classes (the `alipay-proto-classes` crate, which the generator checks the spec with).
pub use alipay_proto_classes as class;
pub use checker::{Checker, ListRules, NoRules, Rule, TextRules};
pub use class::ValueClass;
pub use field::{FieldValue, JsonText};
pub use report::{Reason, Report, Value, Violation};
pub use wire_enum::{UnknownValue, WireEnum};

use std::borrow::Cow;

use crate::charset::Charset;

/// A message whose values can be checked against the documented rules.
pub trait Validate {
    /// Checks every field, recording violations in `cx` under its current path.
    fn validate_into(&self, cx: &mut Checker);
}

/// A message with named wire fields, as `#[derive(Wire)]` writes it.
pub trait WireStruct: Validate {
    /// The flat `key=value` parameters of the overseas form: the fields that carry a value, in
    /// field order. Strings are sent as they are, enums as their wire text, `json_text` lists
    /// as compact JSON text. Absent values (`None`, empty strings and lists) are left out, as
    /// the pre-sign string drops them too; a nested object that is not `json_text` is not a
    /// form parameter and is left out as well. Text is borrowed from the struct; only JSON
    /// text, made by this call, is owned.
    fn wire_params(&self) -> Vec<(&'static str, Cow<'_, str>)>;

    /// The wire names of the fields holding personal data (`#[wire(personal)]`): a log or
    /// report shows their values' length only (see [`crate::redact`]).
    const PERSONAL: &'static [&'static str] = &[];

    /// The text of the scalar field (string or enum) with this wire name; `None` when the field
    /// is absent, is not a scalar, or no field has that name.
    fn wire_text(&self, wire_name: &str) -> Option<String>;
}

/// Checks `value` for a request sent in `charset`.
///
/// # Errors
/// A [`Report`] with every error (and every warning) when at least one rule that rejects is
/// broken. On success, the warnings.
pub fn validate<T: Validate + ?Sized>(
    value: &T,
    charset: Charset,
) -> Result<Vec<Violation>, Report> {
    let mut cx = Checker::new(charset);
    value.validate_into(&mut cx);
    cx.finish()
}

/// What the derive macros' expansions name; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use super::wire_enum::deserialize_enum;
    pub use serde;
}

/// Appends `; N warnings:` and one line per warning (nothing when there are none): how the
/// prepared requests show the rules they break without being rejected.
pub(crate) fn write_warnings(
    f: &mut std::fmt::Formatter<'_>,
    warnings: &[Violation],
) -> std::fmt::Result {
    if warnings.is_empty() {
        return Ok(());
    }
    write!(f, "; {} validation warning(s):", warnings.len())?;
    for warning in warnings {
        write!(f, "\n  warning: {warning}")?;
    }
    Ok(())
}
