//! The walk over a message: the current wire path, the request charset, the forbidden chars in
//! force, and the violations found so far.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{FieldValue, Reason, Report, Value, ValueClass, Violation, WireEnum, WireStruct};
use crate::charset::Charset;

/// Collects violations while a message is validated. The derives call it; see [`super::validate`].
#[derive(Debug)]
pub struct Checker {
    charset: Charset,
    /// Wire path of the value being checked; segments are pushed and truncated as the walk
    /// descends and returns, so no path is built unless a violation is recorded.
    path: String,
    /// Forbidden-char sets of the enclosing structs: a struct's rule covers its nested objects.
    forbidden: Vec<&'static str>,
    report: Report,
}

impl Checker {
    pub(super) fn new(charset: Charset) -> Self {
        Self {
            charset,
            // Deep enough for most paths (`sellerInfo.siteInfos[0].siteUrl`) without regrowing.
            path: String::with_capacity(64),
            forbidden: Vec::new(),
            report: Report::default(),
        }
    }

    pub(super) fn finish(self) -> Result<Vec<Violation>, Report> {
        if self.report.is_ok() {
            Ok(self.report.warnings)
        } else {
            Err(self.report)
        }
    }

    /// Checks an optional field: an absent value is fine, a present one must pass `rules`.
    pub fn optional<V: FieldValue + ?Sized>(
        &mut self,
        value: &V,
        wire_name: &str,
        rules: &V::Rules,
    ) {
        self.at_field(wire_name, |cx| {
            if value.is_present() {
                value.check(rules, cx);
            }
        });
    }

    /// Checks a required field: it must be present and pass `rules`.
    pub fn required<V: FieldValue + ?Sized>(
        &mut self,
        value: &V,
        wire_name: &str,
        rules: &V::Rules,
    ) {
        self.at_field(wire_name, |cx| {
            if value.is_present() {
                value.check(rules, cx);
            } else {
                cx.push(Reason::Missing, false);
            }
        });
    }

    /// Checks a conditional `rule` of the field `wire_name`, given the text of the sibling the
    /// rule names (`None` when the sibling is absent).
    pub fn rule<V: FieldValue + ?Sized>(
        &mut self,
        value: &V,
        wire_name: &str,
        rule: &Rule,
        sibling: Option<&str>,
    ) {
        let triggered = sibling.filter(|text| rule.values.contains(text));
        let reason = match (rule.kind, triggered) {
            (RuleKind::RequiredIf, Some(text)) if !value.is_present() => Reason::RequiredIf {
                when: rule.when,
                value: text.to_owned(),
            },
            (RuleKind::OnlyIf, None) if value.is_present() => Reason::OnlyIf {
                when: rule.when,
                allowed: rule.values,
                value: sibling.map(str::to_owned),
            },
            _ => return,
        };
        self.at_field(wire_name, |cx| cx.push(reason, rule.warning));
    }

    /// Runs `check` with `chars` forbidden in every string value, nested objects included.
    pub fn forbidding(&mut self, chars: &'static str, check: impl FnOnce(&mut Self)) {
        self.forbidden.push(chars);
        check(self);
        self.forbidden.pop();
    }

    /// Checks an enum value: text the docs do not list is [`Reason::NotInEnum`]; a documented
    /// value must pass the field's string rules like any text (the tables give enum fields a
    /// byte limit too).
    pub fn wire_enum<E: WireEnum>(&mut self, value: &E, rules: &TextRules) {
        let text = value.as_str();
        if E::VALUES.contains(&text) {
            self.string(text, rules);
        } else {
            let reason = Reason::NotInEnum {
                value: text.to_owned(),
                allowed: E::VALUES,
            };
            self.push(reason, false);
        }
    }

    /// Checks a present string value.
    pub(super) fn string(&mut self, value: &str, rules: &TextRules) {
        self.byte_len(value, rules.max_bytes);
        if let Some(max) = rules.max_chars {
            let actual = value.chars().count();
            if actual > max {
                self.push(Reason::MaxChars { max, actual }, false);
            }
        }
        if let Some(class) = rules.class.filter(|class| !class.matches(value)) {
            let value = Value::new(value, rules.personal);
            self.push(Reason::Class { class, value }, false);
        }
        self.forbidden_chars(value);
        if let Some(ch) = value.chars().find(|&ch| !crate::xml_char(ch)) {
            self.push(Reason::ControlChar { ch }, false);
        }
    }

    /// Every value must be encodable in the request charset, limit or not: sending it would fail.
    fn byte_len(&mut self, value: &str, max: Option<usize>) {
        let charset = self.charset;
        match charset.byte_len(value) {
            Err(unencodable) => {
                let ch = unencodable.ch;
                self.push(Reason::Unencodable { ch, charset }, false);
            }
            Ok(actual) => {
                if let Some(max) = max.filter(|&max| actual > max) {
                    self.push(
                        Reason::MaxBytes {
                            max,
                            actual,
                            charset,
                        },
                        false,
                    );
                }
            }
        }
    }

    fn forbidden_chars(&mut self, value: &str) {
        let mut hits: Vec<char> = Vec::new();
        for ch in self.forbidden.iter().flat_map(|set| set.chars()) {
            if value.contains(ch) && !hits.contains(&ch) {
                hits.push(ch);
            }
        }
        for ch in hits {
            self.push(Reason::ForbiddenChar { ch }, false);
        }
    }

    /// Checks a present list: its length, its unique values, then each item.
    pub(super) fn items<T: WireStruct>(&mut self, items: &[T], rules: &ListRules) {
        if let Some(max) = rules.max_items.filter(|&max| items.len() > max) {
            let actual = items.len();
            self.push(Reason::TooManyItems { max, actual }, false);
        }
        for name in rules.unique {
            self.unique(items, name);
        }
        for (index, item) in items.iter().enumerate() {
            self.at_index(index, |cx| item.validate_into(cx));
        }
    }

    /// Reports each item whose `wire_name` value repeats an earlier item's.
    fn unique<T: WireStruct>(&mut self, items: &[T], wire_name: &str) {
        let mut seen = HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let Some(value) = item.wire_text(wire_name) else {
                continue;
            };
            if seen.contains(&value) {
                self.at_index(index, |cx| {
                    cx.at_field(wire_name, |cx| cx.push(Reason::Duplicate { value }, false));
                });
            } else {
                seen.insert(value);
            }
        }
    }

    fn at_field(&mut self, wire_name: &str, check: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(wire_name);
        check(self);
        self.path.truncate(len);
    }

    fn at_index(&mut self, index: usize, check: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        // Writing to a String cannot fail.
        let _ = write!(self.path, "[{index}]");
        check(self);
        self.path.truncate(len);
    }

    fn push(&mut self, reason: Reason, warning: bool) {
        let violation = Violation {
            path: self.path.clone(),
            reason,
        };
        if warning {
            self.report.warnings.push(violation);
        } else {
            self.report.errors.push(violation);
        }
    }
}

/// Rules for a string or enum value (`max_bytes`, `max_chars`, `class`), and whether the value
/// is `personal` (violations then repeat its length, never its text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextRules {
    max_bytes: Option<usize>,
    max_chars: Option<usize>,
    class: Option<ValueClass>,
    personal: bool,
}

impl TextRules {
    /// No rule: any text.
    pub const fn new() -> Self {
        Self {
            max_bytes: None,
            max_chars: None,
            class: None,
            personal: false,
        }
    }

    /// At most `max` bytes in the request charset.
    #[must_use]
    pub const fn max_bytes(mut self, max: usize) -> Self {
        self.max_bytes = Some(max);
        self
    }

    /// At most `max` chars.
    #[must_use]
    pub const fn max_chars(mut self, max: usize) -> Self {
        self.max_chars = Some(max);
        self
    }

    /// A non-empty value must belong to `class`.
    #[must_use]
    pub const fn class(mut self, class: ValueClass) -> Self {
        self.class = Some(class);
        self
    }

    /// The value is personal data: a violation shows its length, never its text.
    #[must_use]
    pub const fn personal(mut self) -> Self {
        self.personal = true;
        self
    }
}

/// Rules for a list of objects (`max_items`, `unique`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListRules {
    max_items: Option<usize>,
    unique: &'static [&'static str],
}

impl ListRules {
    /// No rule: any number of items.
    pub const fn new() -> Self {
        Self {
            max_items: None,
            unique: &[],
        }
    }

    /// At most `max` items.
    #[must_use]
    pub const fn max_items(mut self, max: usize) -> Self {
        self.max_items = Some(max);
        self
    }

    /// The items' fields with these wire names must not repeat across the list.
    #[must_use]
    pub const fn unique(mut self, wire_names: &'static [&'static str]) -> Self {
        self.unique = wire_names;
        self
    }
}

/// The rules of a value that takes none of its own (a nested object).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoRules;

/// A conditional rule the docs state in prose: "required when", "only when".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    kind: RuleKind,
    when: &'static str,
    values: &'static [&'static str],
    warning: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleKind {
    RequiredIf,
    OnlyIf,
}

impl Rule {
    /// The field is required when the sibling `when` (a wire name) has one of `values`.
    pub const fn required_if(when: &'static str, values: &'static [&'static str]) -> Self {
        Self::new(RuleKind::RequiredIf, when, values)
    }

    /// The field may be present only when the sibling `when` has one of `values`.
    pub const fn only_if(when: &'static str, values: &'static [&'static str]) -> Self {
        Self::new(RuleKind::OnlyIf, when, values)
    }

    /// Report a broken rule as a warning, which does not reject the request.
    #[must_use]
    pub const fn warning(mut self) -> Self {
        self.warning = true;
        self
    }

    const fn new(kind: RuleKind, when: &'static str, values: &'static [&'static str]) -> Self {
        Self {
            kind,
            when,
            values,
            warning: false,
        }
    }
}
