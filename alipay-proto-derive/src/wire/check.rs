//! Check: what parses but makes no sense. Every field needs a unique wire name, a rule's `when`
//! must name a sibling, and string rules do not mix with list rules. Whether a rule fits the
//! field's type is left to the type checker: the expansion passes `TextRules` or `ListRules`
//! where the field's `FieldValue::Rules` is expected.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use super::parse::{self, FieldAttrs, RuleKind};
use crate::errors::Errors;
use crate::meta::Int;

pub(crate) struct Struct {
    pub(crate) ident: Ident,
    pub(crate) forbid_chars: Option<LitStr>,
    pub(crate) fields: Vec<Field>,
}

pub(crate) struct Field {
    pub(crate) member: Ident,
    /// Where type errors about the field's type (an unsupported field type) point.
    pub(crate) ty_span: Span,
    pub(crate) name: LitStr,
    pub(crate) required: bool,
    pub(crate) rules: Rules,
    pub(crate) json_text: Option<Span>,
    pub(crate) conditions: Vec<Condition>,
}

/// The rules of one field; `span` is the first rule key, where a type mismatch points.
pub(crate) enum Rules {
    None,
    Text {
        span: Span,
        max_bytes: Option<Int>,
        max_chars: Option<Int>,
        class: Option<Ident>,
        personal: bool,
    },
    List {
        span: Span,
        max_items: Option<Int>,
        unique: Vec<LitStr>,
    },
}

pub(crate) struct Condition {
    pub(crate) kind: RuleKind,
    pub(crate) span: Span,
    pub(crate) when: LitStr,
    /// The Rust field the `when` wire name resolves to.
    pub(crate) sibling: Ident,
    pub(crate) values: Vec<LitStr>,
    pub(crate) warning: bool,
}

pub(crate) fn check(input: parse::Input, errors: &mut Errors) -> Struct {
    let names = wire_names(&input.fields, errors);
    let fields = input.fields.into_iter().filter_map(|field| {
        let name = field.attrs.name.clone()?;
        let conditions = conditions(&field.attrs, &name, &names, errors);
        Some(Field {
            member: field.ident,
            ty_span: field.ty.span(),
            required: field.attrs.required.is_some(),
            rules: rules(&field.attrs, errors),
            json_text: field.attrs.json_text,
            conditions,
            name,
        })
    });
    Struct {
        ident: input.ident,
        forbid_chars: input.forbid_chars,
        fields: fields.collect(),
    }
}

/// Each field's wire name with its Rust field, in order; reports missing, empty and repeated
/// names.
fn wire_names(fields: &[parse::Field], errors: &mut Errors) -> Vec<(String, Ident)> {
    let mut names: Vec<(String, Ident)> = Vec::new();
    for field in fields {
        let Some(name) = &field.attrs.name else {
            let message = "missing `#[wire(name = \"...\")]`: every field needs its wire name";
            errors.at(field.ident.span(), message);
            continue;
        };
        let text = name.value();
        if text.is_empty() {
            errors.at(name.span(), "the wire name must not be empty");
        } else if names.iter().any(|(seen, _)| *seen == text) {
            errors.at(name.span(), format!("duplicate wire name \"{text}\""));
        } else {
            names.push((text, field.ident.clone()));
        }
    }
    names
}

fn rules(attrs: &FieldAttrs, errors: &mut Errors) -> Rules {
    let text_key = (attrs.max_bytes.map(|int| int.span))
        .or(attrs.max_chars.map(|int| int.span))
        .or(attrs.class.as_ref().map(Ident::span))
        .or(attrs.personal);
    let list_key = (attrs.max_items.map(|int| int.span)).or(attrs.unique.first().map(LitStr::span));
    match (text_key, list_key) {
        (Some(_), Some(list)) => {
            let message = "string rules (`max_bytes`, `max_chars`, `class`) and list rules \
                           (`max_items`, `unique`) cannot apply to the same field";
            errors.at(list, message);
            Rules::None
        }
        (Some(span), None) => Rules::Text {
            span,
            max_bytes: attrs.max_bytes,
            max_chars: attrs.max_chars,
            class: attrs.class.clone(),
            personal: attrs.personal.is_some(),
        },
        (None, Some(span)) => Rules::List {
            span,
            max_items: attrs.max_items,
            unique: attrs.unique.clone(),
        },
        (None, None) => Rules::None,
    }
}

/// Resolves each rule's `when` to a sibling field.
fn conditions(
    attrs: &FieldAttrs,
    own: &LitStr,
    names: &[(String, Ident)],
    errors: &mut Errors,
) -> Vec<Condition> {
    let mut out = Vec::new();
    for rule in &attrs.rules {
        let when = rule.when.value();
        if when == own.value() {
            errors.at(
                rule.when.span(),
                "a rule's `when` must name another field, not its own",
            );
            continue;
        }
        let Some((_, sibling)) = names.iter().find(|(name, _)| *name == when) else {
            let known: Vec<&str> = names.iter().map(|(name, _)| name.as_str()).collect();
            let message = format!(
                "`when` must name a sibling field's wire name; no field is called \"{when}\" \
                 (wire names here: {})",
                known.join(", ")
            );
            errors.at(rule.when.span(), message);
            continue;
        };
        out.push(Condition {
            kind: rule.kind,
            span: rule.span,
            when: rule.when.clone(),
            sibling: sibling.clone(),
            values: rule.values.clone(),
            warning: rule.warning,
        });
    }
    out
}
