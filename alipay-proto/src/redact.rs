//! Keeping personal data out of logs: messages and replies carry legal names, ID and bank
//! account numbers, phone numbers, e-mail and postal addresses, and `Debug` output and errors
//! end up in logs.
//!
//! The generated types print each field the spec marks `personal` as [`Personal`]: its length,
//! never its text. The field itself is untouched; only its `Debug` is redacted. Errors repeat
//! names and messages bounded, with quoted values replaced by their length.

use std::fmt;

/// A personal value as `Debug` prints it: `<7 bytes redacted>`. Whether a value was given, and
/// how long it is, helps to debug a request or reply; the text itself is never printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Personal<'a>(pub &'a str);

impl fmt::Debug for Personal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes redacted>", self.0.len())
    }
}

/// The most chars of a name (element, field) an error repeats.
const MAX_NAME_CHARS: usize = 64;
/// The most chars of a message an error repeats: 4 names' worth.
const MAX_MESSAGE_CHARS: usize = 4 * MAX_NAME_CHARS;

/// `name` cut to [`MAX_NAME_CHARS`] chars, marked with `…` when cut.
pub(crate) fn name(name: &str) -> String {
    match cut(name, MAX_NAME_CHARS) {
        Some(at) => format!("{}…", &name[..at]),
        None => name.to_owned(),
    }
}

/// [`name`] in place: an owned name is cut without a copy (and kept as is when short).
pub(crate) fn owned_name(name: String) -> String {
    truncate(name, MAX_NAME_CHARS)
}

/// A message (a parser's, which may quote names from the input) cut in place to
/// [`MAX_MESSAGE_CHARS`] chars, marked with `…` when cut.
pub(crate) fn owned_message(message: String) -> String {
    truncate(message, MAX_MESSAGE_CHARS)
}

fn truncate(mut text: String, max_chars: usize) -> String {
    if let Some(at) = cut(&text, max_chars) {
        text.truncate(at);
        text.push('…');
    }
    text
}

/// The byte offset of char `max_chars`, if the text is longer (always a char boundary).
fn cut(text: &str, max_chars: usize) -> Option<usize> {
    text.char_indices().nth(max_chars).map(|(at, _)| at)
}

/// A serde message with every double-quoted value replaced by its length: serde quotes the
/// offending input (`invalid type: string "Tom Li", expected …`), while field and variant
/// names, which are not personal, stay in backticks.
pub(crate) fn serde_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('"') {
            Some(close) => {
                out.push_str(&format!("<{} bytes redacted>", close));
                rest = &after[close + 1..];
            }
            None => {
                out.push_str("<redacted>");
                rest = "";
            }
        }
    }
    out.push_str(rest);
    owned_message(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_replaced_by_their_length() {
        let message = r#"invalid type: string "Tom Li", expected a sequence"#;
        assert_eq!(
            serde_message(message),
            "invalid type: string <6 bytes redacted>, expected a sequence"
        );
        assert_eq!(
            serde_message("missing field `status`"),
            "missing field `status`"
        );
        assert_eq!(serde_message(r#"bad "unterminated"#), "bad <redacted>");
    }

    #[test]
    fn personal_values_show_their_length_only() {
        assert_eq!(format!("{:?}", Personal("Jack Li")), "<7 bytes redacted>");
        let shown = format!("{:#?}", Some(Personal("名字")));
        assert_eq!(shown, "Some(\n    <6 bytes redacted>,\n)");
    }

    #[test]
    fn names_and_messages_are_bounded() {
        assert_eq!(name("status"), "status");
        let long = "名".repeat(100);
        assert_eq!(name(&long).chars().count(), MAX_NAME_CHARS + 1);
        assert!(serde_message(&"x".repeat(10_000)).chars().count() <= MAX_MESSAGE_CHARS + 1);
        // Cut on a char boundary, in place, and only when too long.
        let owned = owned_name(long.clone());
        assert_eq!(owned, name(&long));
        assert_eq!(owned_name("status".to_owned()), "status");
        let message = owned_message("é".repeat(MAX_MESSAGE_CHARS + 1));
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(message.ends_with("é…"));
    }
}
