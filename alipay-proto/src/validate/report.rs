//! What validation found: violations with their wire path and typed reason.

use std::fmt;

use super::ValueClass;
use crate::charset::Charset;

/// One broken rule: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Wire names from the message down to the value: `sellerInfo.siteInfos[0].siteUrl`.
    pub path: String,
    /// The rule, with the numbers a caller needs to render its own message.
    pub reason: Reason,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Why a value breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// A required value is absent (`None`, an empty string or an empty list).
    Missing,
    /// The value takes more bytes in the request charset than the limit.
    MaxBytes {
        /// The documented limit.
        max: usize,
        /// The value's length in `charset`.
        actual: usize,
        /// The request charset the length was measured in.
        charset: Charset,
    },
    /// The value has more chars (Unicode scalar values) than the limit.
    MaxChars {
        /// The documented limit.
        max: usize,
        /// The value's length in chars.
        actual: usize,
    },
    /// The value is not of the documented class.
    Class {
        /// The class the value must belong to.
        class: ValueClass,
        /// The offending value, only its length when the field is personal.
        value: Value,
    },
    /// An enum field holds a value the docs do not list.
    NotInEnum {
        /// The offending text.
        value: String,
        /// The documented values.
        allowed: &'static [&'static str],
    },
    /// The value contains a char the message family forbids (overseas: the halfwidth `"`).
    ForbiddenChar {
        /// The forbidden char.
        ch: char,
    },
    /// The value contains a char no XML 1.0 document can carry: a C0 control other than tab,
    /// LF and CR, or the noncharacters U+FFFE and U+FFFF. Such a value cannot come back in an
    /// XML reply's request echo, so it is refused in both families.
    ControlChar {
        /// The first such char.
        ch: char,
    },
    /// The value contains a char the request charset cannot carry.
    Unencodable {
        /// The first such char.
        ch: char,
        /// The request charset.
        charset: Charset,
    },
    /// A list has more items than the limit.
    TooManyItems {
        /// The documented limit.
        max: usize,
        /// The number of items.
        actual: usize,
    },
    /// A value that must be unique across a list repeats an earlier item's.
    Duplicate {
        /// The repeated value.
        value: String,
    },
    /// The value is required because a sibling field has a triggering value.
    RequiredIf {
        /// The sibling's wire name.
        when: &'static str,
        /// The sibling's value that makes this field required.
        value: String,
    },
    /// The value may be sent only when a sibling field has one of some values, and it has not.
    OnlyIf {
        /// The sibling's wire name.
        when: &'static str,
        /// The sibling values that allow this field.
        allowed: &'static [&'static str],
        /// The sibling's value, `None` when the sibling is absent.
        value: Option<String>,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("required but missing"),
            Self::MaxBytes {
                max,
                actual,
                charset,
            } => {
                write!(f, "{actual} bytes in {charset}, at most {max} allowed")
            }
            Self::MaxChars { max, actual } => write!(f, "{actual} chars, at most {max} allowed"),
            Self::Class { class, value } => write!(f, "{value} is not {}", class.describe()),
            Self::NotInEnum { value, allowed } => {
                write!(f, "{value:?} is not one of {}", allowed.join(", "))
            }
            Self::ForbiddenChar { ch } => write!(f, "contains the forbidden char {ch:?}"),
            Self::ControlChar { ch } => write!(
                f,
                "contains the control char U+{:04X}, which XML cannot carry",
                u32::from(*ch)
            ),
            Self::Unencodable { ch, charset } => {
                write!(
                    f,
                    "char {ch:?} (U+{:04X}) cannot be sent in {charset}",
                    u32::from(*ch)
                )
            }
            Self::TooManyItems { max, actual } => {
                write!(f, "{actual} items, at most {max} allowed")
            }
            Self::Duplicate { value } => write!(f, "{value:?} repeats an earlier item's value"),
            Self::RequiredIf { when, value } => write!(f, "required when {when} is {value:?}"),
            Self::OnlyIf {
                when,
                allowed,
                value,
            } => {
                write!(
                    f,
                    "allowed only when {when} is one of {}, ",
                    allowed.join(", ")
                )?;
                match value {
                    Some(value) => write!(f, "but it is {value:?}"),
                    None => write!(f, "but it is absent"),
                }
            }
        }
    }
}

/// A value a violation repeats. A personal field's value (see [`crate::redact`]) is kept as its
/// length only, so errors and logs never carry it; the caller still holds the value itself.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// The text, quoted in messages.
    Text(String),
    /// A personal value, of this many bytes.
    Personal {
        /// The value's length in bytes (UTF-8).
        bytes: usize,
    },
}

impl Value {
    /// `text` as a violation repeats it: whole, or only its length when `personal`.
    pub fn new(text: &str, personal: bool) -> Self {
        if personal {
            Self::Personal { bytes: text.len() }
        } else {
            Self::Text(text.to_owned())
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl fmt::Display for Value {
    /// The text quoted (`"D-7"`), a personal value as its length (`<14 bytes>`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(text) => write!(f, "{text:?}"),
            Self::Personal { bytes } => write!(f, "<{bytes} bytes>"),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Everything validation found. Returned as an error when `errors` is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("{} validation error(s): {}", .errors.len(), join(.errors))]
pub struct Report {
    /// Broken rules that reject the request.
    pub errors: Vec<Violation>,
    /// Broken rules that are only reported (where a documented sample contradicts the prose).
    pub warnings: Vec<Violation>,
}

impl Report {
    /// Whether no rule that rejects is broken (warnings do not count).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

fn join(violations: &[Violation]) -> String {
    let texts: Vec<String> = violations.iter().map(Violation::to_string).collect();
    texts.join("; ")
}
