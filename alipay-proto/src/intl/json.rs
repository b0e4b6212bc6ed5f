//! A strict pass over a whole JSON document before anything is trusted: syntax, trailing
//! text, nesting depth (serde_json's limit of 128) and duplicate object keys, each reported with
//! the byte offset where the parser stopped.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// Why a document failed the strict pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StrictError {
    /// An object repeats a key (after unescaping), at any depth.
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// Byte offset where the parser stopped, just past the repeated key.
        offset: usize,
    },
    /// Not JSON, trailing text, nesting deeper than 128, or a number out of range.
    Syntax {
        /// Byte offset where the parser stopped.
        offset: usize,
        /// serde_json's message, without its position.
        message: String,
    },
}

/// Checks that `text` is one JSON value with no duplicate keys anywhere.
pub(crate) fn check(text: &str) -> Result<(), StrictError> {
    let mut duplicate = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let walked = Walk {
        duplicate: &mut duplicate,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end());
    match (walked, duplicate) {
        (Ok(()), _) => Ok(()),
        (Err(error), Some(key)) => Err(StrictError::DuplicateKey {
            key,
            offset: offset_of(text, &error),
        }),
        (Err(error), None) => Err(syntax(text, &error)),
    }
}

/// A [`StrictError::Syntax`] from any serde_json error over `text`.
pub(crate) fn syntax(text: &str, error: &serde_json::Error) -> StrictError {
    StrictError::Syntax {
        offset: offset_of(text, error),
        message: message_of(error),
    }
}

/// serde_json's message without the " at line L column C" suffix, its quoted values redacted
/// (they may be personal data) and bounded.
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |end| &full[..end]);
    crate::redact::serde_message(message)
}

/// The byte offset of a serde_json error position (1-based line, byte column) in `text`.
pub(crate) fn offset_of(text: &str, error: &serde_json::Error) -> usize {
    let line_start = text
        .match_indices('\n')
        .nth(error.line().saturating_sub(2))
        .map_or(0, |(index, _)| index + 1);
    let line_start = if error.line() <= 1 { 0 } else { line_start };
    (line_start + error.column()).min(text.len())
}

/// Walks any value; records the first duplicate key it meets.
struct Walk<'a> {
    duplicate: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Walk {
                duplicate: &mut *self.duplicate,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                let message = format!("duplicate key `{key}`");
                *self.duplicate = Some(key);
                return Err(de::Error::custom(message));
            }
            map.next_value_seed(Walk {
                duplicate: &mut *self.duplicate,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax_offset(text: &str) -> usize {
        match check(text) {
            Err(StrictError::Syntax { offset, .. }) => offset,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn accepts_plain_documents() {
        for text in [
            "{}",
            "[]",
            "1",
            "\"s\"",
            "{\"a\":{\"a\":[{\"a\":1}]}}",
            " {\"a\":1} ",
        ] {
            assert_eq!(check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn rejects_duplicates_at_any_depth_and_after_unescaping() {
        for (text, key) in [
            (r#"{"a":1,"a":2}"#, "a"),
            (r#"{"x":{"b":1,"c":2,"b":3}}"#, "b"),
            (r#"[{"k":1},{"k":1,"k":1}]"#, "k"),
            (r#"{"a":1,"\u0061":2}"#, "a"),
        ] {
            match check(text) {
                Err(StrictError::DuplicateKey { key: found, offset }) => {
                    assert_eq!(found, key, "{text}");
                    assert!(offset > 0 && offset <= text.len(), "{text}: {offset}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn syntax_errors_carry_byte_offsets() {
        assert_eq!(syntax_offset("{\"a\":1,}"), 8);
        assert_eq!(syntax_offset("{\n  \"a\": x\n}"), 10);
        assert_eq!(syntax_offset("{} trailing"), 4);
        assert_eq!(syntax_offset(""), 0);
    }

    #[test]
    fn depth_and_number_limits_are_errors() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(check(&deep), Err(StrictError::Syntax { .. })));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(check(&fine), Ok(()));
        assert!(matches!(check("1e999"), Err(StrictError::Syntax { .. })));
        assert_eq!(check(&"9".repeat(300)), Ok(()));
        assert!(matches!(
            check(&"9".repeat(400)),
            Err(StrictError::Syntax { .. })
        ));
    }
}
