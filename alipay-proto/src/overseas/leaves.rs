//! Typed values from flat `(name, text)` pairs: the request params a gateway receives and the
//! `<response><alipay>` leaves a client receives are both read with serde through [`Leaf`].

use std::fmt;

use serde::de::value::MapDeserializer;
use serde::de::{self, DeserializeOwned, Deserializer, IntoDeserializer, Visitor};

/// Why flat `(name, text)` pairs (a reply's `<response><alipay>` leaves, a request's params)
/// do not form the service's typed message. In a [`DecodeErrorKind::Payload`] every text taken
/// from the reply is redacted (quoted values replaced by their length).
///
/// [`DecodeErrorKind::Payload`]: super::DecodeErrorKind::Payload
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LeafError {
    /// A required field has no pair.
    Missing(&'static str),
    /// A JSON text field (`extend_params`, `site_infos`) is not the documented JSON.
    Json {
        /// The pair's name.
        field: String,
        /// serde_json's message.
        message: String,
    },
    /// Anything else serde reports.
    Other(String),
}

impl fmt::Display for LeafError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(field) => write!(f, "missing field `{field}`"),
            Self::Json { field, message } => {
                write!(f, "`{field}` is not the documented JSON: {message}")
            }
            Self::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LeafError {}

impl LeafError {
    /// The error with serde's messages redacted (a quoted value becomes its length) and
    /// bounded: for errors about a reply, which may carry personal data.
    pub(crate) fn redacted(self) -> Self {
        use crate::redact::serde_message;
        match self {
            Self::Json { field, message } => Self::Json {
                field: crate::redact::owned_name(field),
                message: serde_message(&message),
            },
            Self::Other(message) => Self::Other(serde_message(&message)),
            missing @ Self::Missing(_) => missing,
        }
    }
}

impl de::Error for LeafError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self::Other(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Self::Missing(field)
    }
}

/// Deserializes `T` from the pairs: each text reads as a JSON string would (text, `Some(text)`
/// for an `Option`, a unit variant name for an enum), and a list field reads its text as JSON.
/// Pairs naming no field of `T` are ignored.
pub(crate) fn from_pairs<'a, T, I>(pairs: I) -> Result<T, LeafError>
where
    T: DeserializeOwned,
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let leaves = pairs
        .into_iter()
        .map(|(name, text)| (name, Leaf { name, text }));
    T::deserialize(MapDeserializer::new(leaves))
}

/// One pair's text, as a serde deserializer.
#[derive(Clone, Copy)]
struct Leaf<'a> {
    name: &'a str,
    text: &'a str,
}

impl<'de> IntoDeserializer<'de, LeafError> for Leaf<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Leaf<'de> {
    type Error = LeafError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeafError> {
        visitor.visit_borrowed_str(self.text)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeafError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, LeafError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, LeafError> {
        visitor.visit_enum(self.text.into_deserializer())
    }

    /// A list travels as one JSON text parameter: the whole text must be one JSON array.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, LeafError> {
        let json = |error: serde_json::Error| LeafError::Json {
            field: self.name.to_owned(),
            message: error.to_string(),
        };
        let mut json_text = serde_json::Deserializer::from_str(self.text);
        let value = json_text.deserialize_seq(visitor).map_err(json)?;
        json_text.end().map_err(json)?;
        Ok(value)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Form {
        name: String,
        note: Option<String>,
        items: Option<Vec<Item>>,
    }

    #[test]
    fn pairs_read_as_text_options_and_json_lists() {
        let form: Form =
            from_pairs([("name", "a b"), ("items", r#"[{"id":"1"}]"#), ("x", "y")]).unwrap();
        let items = Some(vec![Item { id: "1".into() }]);
        assert_eq!(
            form,
            Form {
                name: "a b".into(),
                note: None,
                items
            }
        );
    }

    /// The text of each kind, and what `redacted` keeps and hides.
    #[test]
    fn error_texts_and_their_redaction() {
        assert_eq!(
            LeafError::Missing("status").to_string(),
            "missing field `status`"
        );
        let json = LeafError::Json {
            field: "site_infos".into(),
            message: "invalid type: string \"Mika\", expected a sequence".into(),
        };
        assert_eq!(
            json.to_string(),
            "`site_infos` is not the documented JSON: invalid type: string \"Mika\", expected a sequence"
        );
        assert_eq!(
            json.redacted().to_string(),
            "`site_infos` is not the documented JSON: invalid type: string <4 bytes redacted>, expected a sequence"
        );
        let other = LeafError::Other("unknown variant `X`, expected \"Y\"".into());
        assert_eq!(other.to_string(), "unknown variant `X`, expected \"Y\"");
        assert_eq!(
            other.redacted().to_string(),
            "unknown variant `X`, expected <1 bytes redacted>"
        );
        assert_eq!(
            LeafError::Missing("status").redacted(),
            LeafError::Missing("status")
        );
        // Through serde: a custom message and a missing field.
        let custom = <LeafError as de::Error>::custom("bad \"value\"");
        assert_eq!(custom, LeafError::Other("bad \"value\"".into()));
    }

    #[test]
    fn errors_name_the_field() {
        let missing = from_pairs::<Form, _>([("note", "n")]).unwrap_err();
        assert_eq!(missing, LeafError::Missing("name"));
        let bad = from_pairs::<Form, _>([("name", "n"), ("items", "[1] x")]).unwrap_err();
        assert!(
            matches!(&bad, LeafError::Json { field, .. } if field == "items"),
            "{bad}"
        );
    }
}
