//! Open value sets: the documented values plus an `Unknown` that keeps any other text verbatim,
//! so a value the server adds later still decodes and re-encodes unchanged.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Text that is not one of an enum's documented values, kept exactly as received.
///
/// Only [`WireEnum::parse`] creates one, and only for text the enum does not know, so an
/// `Unknown` never holds a documented value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An enum of documented wire values with an `Unknown` fallback; `#[derive(WireEnum)]`
/// implements it.
pub trait WireEnum: Sized {
    /// Every documented value, in declaration order.
    const VALUES: &'static [&'static str];

    /// The wire text; for `Unknown`, the text as received.
    fn as_str(&self) -> &str;

    /// A documented value; `None` for any other text.
    fn try_parse(text: &str) -> Option<Self>;

    /// Wraps text that [`WireEnum::try_parse`] rejected in the `Unknown` variant.
    fn from_unknown(raw: UnknownValue) -> Self;

    /// Any text: a documented value, or `Unknown` holding the text verbatim.
    fn parse(text: &str) -> Self {
        Self::try_parse(text).unwrap_or_else(|| Self::from_unknown(UnknownValue(text.to_owned())))
    }
}

/// Deserializes a wire enum from a string (used by the derived `Deserialize` impls).
///
/// # Errors
/// The deserializer's error when the input is not a string; any string is a value.
pub fn deserialize_enum<'de, E: WireEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

struct EnumVisitor<E>(PhantomData<E>);

impl<E: WireEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<Err: de::Error>(self, text: &str) -> Result<E, Err> {
        Ok(E::parse(text))
    }
}
