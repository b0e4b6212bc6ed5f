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

/// `name` cut to [`MAX_NAME_CHARS`] chars, marked with `…` when cut.
pub(crate) fn name(name: &str) -> String {
    match name.char_indices().nth(MAX_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_owned(),
    }
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
    name_bounded(&out)
}

/// Messages are bounded like names, but longer: 4 names' worth.
fn name_bounded(text: &str) -> String {
    match text.char_indices().nth(4 * MAX_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
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
        assert!(serde_message(&"x".repeat(10_000)).chars().count() <= 4 * MAX_NAME_CHARS + 1);
    }
}
