//! How each field type is checked and sent, so the derive never looks at type names.

use serde::Serialize;

use super::{Checker, ListRules, TextRules, WireStruct};

/// A type that can be a field of a `#[derive(Wire)]` struct. Implemented here for `String`,
/// `Option<T>` and `Vec<T>`, and by the derives for every `WireEnum` enum and `Wire` struct.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a `#[derive(Wire)]` struct",
    note = "a field is a String, a `#[derive(WireEnum)]` enum, a `#[derive(Wire)]` struct, a Vec of such structs, or an Option of any of these"
)]
pub trait FieldValue {
    /// The rules the field attribute can give this type: [`TextRules`] for strings and enums,
    /// [`ListRules`] for lists, [`NoRules`](super::NoRules) for objects. A rule that does not
    /// fit the type is a type error in the derive's expansion.
    type Rules: Default;

    /// Whether the value travels: `Some`, a non-empty string or list; enums and objects always.
    fn is_present(&self) -> bool;

    /// The text of a present scalar value (a string, an enum's wire text); `None` for objects,
    /// lists and absent values.
    fn text(&self) -> Option<&str> {
        None
    }

    /// Checks a present value against `rules` and its own rules (items, nested fields).
    fn check(&self, rules: &Self::Rules, cx: &mut Checker);
}

impl FieldValue for String {
    type Rules = TextRules;

    fn is_present(&self) -> bool {
        !self.is_empty()
    }

    fn text(&self) -> Option<&str> {
        self.is_present().then_some(self.as_str())
    }

    fn check(&self, rules: &TextRules, cx: &mut Checker) {
        cx.string(self, rules);
    }
}

impl<T: FieldValue> FieldValue for Option<T> {
    type Rules = T::Rules;

    /// `Some` of a present value: `Some(String::new())` sends nothing, so it is absent.
    fn is_present(&self) -> bool {
        self.as_ref().is_some_and(T::is_present)
    }

    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(T::text)
    }

    fn check(&self, rules: &T::Rules, cx: &mut Checker) {
        if let Some(value) = self {
            value.check(rules, cx);
        }
    }
}

impl<T: WireStruct> FieldValue for Vec<T> {
    type Rules = ListRules;

    fn is_present(&self) -> bool {
        !self.is_empty()
    }

    fn check(&self, rules: &ListRules, cx: &mut Checker) {
        cx.items(self, rules);
    }
}

/// A list that travels as one JSON text parameter (`#[wire(json_text)]`: the overseas
/// `extend_params` and `site_infos`).
#[diagnostic::on_unimplemented(
    message = "`json_text` needs a list field (`Vec<T>` or `Option<Vec<T>>` of a `Serialize` type), not `{Self}`"
)]
pub trait JsonText {
    /// Compact JSON text of a non-empty list; `None` when it is absent or empty.
    fn json_text(&self) -> Option<String>;
}

impl<T: Serialize> JsonText for Vec<T> {
    /// `None` also if an item's `Serialize` impl fails, which derived impls of structs with
    /// string fields never do.
    fn json_text(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        serde_json::to_string(self).ok()
    }
}

impl<T: JsonText> JsonText for Option<T> {
    fn json_text(&self) -> Option<String> {
        self.as_ref().and_then(T::json_text)
    }
}
