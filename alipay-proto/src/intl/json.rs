//! A strict pass over a whole JSON document before anything is trusted: syntax, trailing
//! text, nesting depth (serde_json's limit of 128) and duplicate object keys, each reported with
//! the byte offset where the parser stopped.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// Why a document failed the strict pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StrictError {
    /// An object repeats a key (after unescaping), at any depth.
    DuplicateKey {
        /// The repeated key, cut to 64 chars (it ends up in errors).
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
    let mut state = WalkState::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let walked = Walk { state: &mut state }
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match (walked, state.duplicate) {
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

/// What one strict pass shares between the values it walks.
#[derive(Default)]
struct WalkState<'de> {
    /// The keys of the objects being walked, innermost object last: each object checks its own
    /// keys at the end of this one list, and removes them when it is done, so a whole document
    /// costs one allocation however many objects it has.
    keys: Vec<Cow<'de, str>>,
    /// The first duplicate key met.
    duplicate: Option<String>,
    /// Keys compared by the linear scans (tests pin that it stays bounded per object).
    #[cfg(test)]
    compared: usize,
}

/// Above this many keys an object checks for duplicates with a hash set instead of scanning
/// its keys, so a hostile object of many keys costs linear time.
const SCAN_KEYS: usize = 16;

impl<'de> WalkState<'de> {
    /// Walks one object's members, its keys kept from `keys[start..]`.
    fn walk_map<A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        let start = self.keys.len();
        let mut many: Option<HashSet<Cow<'de, str>>> = None;
        while let Some(Key(key)) = map.next_key()? {
            let repeated = match &many {
                Some(set) => set.contains(&key),
                None => {
                    // `start` is the length `keys` had on entry, and only this object's own
                    // keys (pushed after it) are removed below, so the range always exists;
                    // an empty slice would only skip a check that cannot fail anyway.
                    let seen = self.keys.get(start..).unwrap_or_default();
                    #[cfg(test)]
                    {
                        self.compared += seen.len();
                    }
                    seen.contains(&key)
                }
            };
            if repeated {
                // Bounded: a reply's key can be of any length, and it ends up in the error.
                self.duplicate = Some(crate::redact::name(&key));
                return Err(de::Error::custom("duplicate key"));
            }
            match &mut many {
                Some(set) => {
                    set.insert(key);
                }
                None if self.keys.len() - start >= SCAN_KEYS => {
                    many = Some(self.keys.drain(start..).chain([key]).collect());
                }
                None => self.keys.push(key),
            }
            map.next_value_seed(Walk { state: &mut *self })?;
        }
        self.keys.truncate(start);
        Ok(())
    }
}

/// An object key, borrowed from the text unless it had escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }
}

/// Walks any value; records the first duplicate key it meets.
struct Walk<'s, 'de> {
    state: &'s mut WalkState<'de>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, 'de> {
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
                state: &mut *self.state,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.state.walk_map(&mut map)
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
    fn large_objects_and_objects_after_them_still_find_duplicates() {
        let members = |n: usize| (0..n).map(|i| format!("\"k{i}\":{{\"k{i}\":1}}"));
        let many: Vec<String> = members(40).collect();
        let fine = format!("{{{}}}", many.join(","));
        assert_eq!(check(&fine), Ok(()));
        for repeat in ["k3", "k39"] {
            let text = format!("{{{},\"{repeat}\":2}}", many.join(","));
            assert!(
                matches!(check(&text), Err(StrictError::DuplicateKey { key, .. }) if key == repeat),
                "{repeat}"
            );
        }
        let nested = format!("[{fine},{{\"a\":1,\"b\":{{\"a\":1}},\"a\":2}}]");
        assert!(matches!(check(&nested), Err(StrictError::DuplicateKey { key, .. }) if key == "a"));
    }

    /// The keys the linear scans compare while checking `text`.
    fn comparisons(text: &str) -> usize {
        let mut state = WalkState::default();
        let mut deserializer = serde_json::Deserializer::from_str(text);
        Walk { state: &mut state }
            .deserialize(&mut deserializer)
            .expect("valid");
        state.compared
    }

    /// An object switches from scanning its keys to a hash set after `SCAN_KEYS` of them, so
    /// the scans compare 0 + 1 + ... + 16 = 136 keys however many the object has: a hostile
    /// reply of many distinct keys costs linear time (scanning all of them, 92k keys took 33 s
    /// instead of 131 ms in a debug build). Counted, not timed.
    #[test]
    fn many_keys_switch_to_a_hash_set() {
        let object = |n: usize| {
            let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            format!("{{{}}}", members.join(","))
        };
        let bound = SCAN_KEYS * (SCAN_KEYS + 1) / 2;
        assert_eq!(bound, 136);
        // Below the switch every key is scanned against those before it.
        assert_eq!(
            comparisons(&object(SCAN_KEYS)),
            (0..SCAN_KEYS).sum::<usize>()
        );
        for n in [SCAN_KEYS + 1, 100, 5_000] {
            assert_eq!(comparisons(&object(n)), bound, "{n} keys");
        }
        // Each object has its own scan: ten small objects compare what ten would alone.
        let small = object(4);
        let ten = format!("[{}]", [small.as_str(); 10].join(","));
        assert_eq!(comparisons(&ten), 10 * comparisons(&small));
        // A nested object counts its own keys only, however many its parent has: ten keys
        // inside an object of ten still scan (the switch is not reached earlier).
        let inner = object(10);
        let outer = format!(
            "{},\"inner\":{inner}}}",
            &object(10)[..object(10).len() - 1]
        );
        assert_eq!(
            comparisons(&outer),
            comparisons(&object(11)) + comparisons(&inner)
        );
        // And the hash set still finds a duplicate far past the switch.
        let late = format!(
            "{},\"k4999\":0}}",
            &object(5_000)[..object(5_000).len() - 1]
        );
        assert!(
            matches!(check(&late), Err(StrictError::DuplicateKey { key, .. }) if key == "k4999")
        );
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
