//! Bounded, redacted text for errors: replies carry personal data (legal names, ID numbers,
//! phone numbers, e-mail addresses), and errors end up in logs.

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
    fn names_and_messages_are_bounded() {
        assert_eq!(name("status"), "status");
        let long = "名".repeat(100);
        assert_eq!(name(&long).chars().count(), MAX_NAME_CHARS + 1);
        assert!(serde_message(&"x".repeat(10_000)).chars().count() <= 4 * MAX_NAME_CHARS + 1);
    }
}
