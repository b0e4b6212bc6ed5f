//! Parse: `#[derive(Wire)]` input to attribute values, each with its span. Only shape errors
//! (not a struct with named fields) stop here; bad keys and values are recorded and skipped.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Data, DataStruct, DeriveInput, Fields, Ident, LitStr, Type};

use crate::errors::Errors;
use crate::meta::{self, Int};

pub(crate) struct Input {
    pub(crate) ident: Ident,
    pub(crate) forbid_chars: Option<LitStr>,
    pub(crate) fields: Vec<Field>,
}

pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    pub(crate) attrs: FieldAttrs,
}

#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) name: Option<LitStr>,
    pub(crate) required: Option<Span>,
    pub(crate) max_bytes: Option<Int>,
    pub(crate) max_chars: Option<Int>,
    pub(crate) class: Option<Ident>,
    pub(crate) personal: Option<Span>,
    pub(crate) max_items: Option<Int>,
    pub(crate) unique: Vec<LitStr>,
    pub(crate) json_text: Option<Span>,
    pub(crate) rules: Vec<RuleAttr>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleKind {
    RequiredIf,
    OnlyIf,
}

pub(crate) struct RuleAttr {
    pub(crate) kind: RuleKind,
    pub(crate) span: Span,
    pub(crate) when: LitStr,
    pub(crate) values: Vec<LitStr>,
    pub(crate) warning: bool,
}

const FIELD_KEYS: &[&str] = &[
    "name",
    "required",
    "max_bytes",
    "max_chars",
    "class",
    "personal",
    "max_items",
    "unique",
    "json_text",
    "required_if",
    "only_if",
];

pub(crate) fn parse(input: &DeriveInput, errors: &mut Errors) -> syn::Result<Input> {
    let named = match &input.data {
        Data::Struct(DataStruct {
            fields: Fields::Named(named),
            ..
        }) => named,
        Data::Struct(DataStruct { struct_token, .. }) => {
            return Err(shape_error(struct_token.span, "a tuple or unit struct"));
        }
        Data::Enum(data) => {
            let message = "`#[derive(Wire)]` needs a struct with named fields; \
                           for an enum of wire values use `#[derive(WireEnum)]`";
            return Err(syn::Error::new(data.enum_token.span, message));
        }
        Data::Union(data) => return Err(shape_error(data.union_token.span, "a union")),
    };
    meta::reject_generics(&input.generics, errors);
    let forbid_chars = forbid_chars(&input.attrs, errors);
    // Named fields always have an ident.
    let fields = named.named.iter().filter_map(|field| {
        Some(Field {
            ident: field.ident.clone()?,
            ty: field.ty.clone(),
            attrs: field_attrs(&field.attrs, errors),
        })
    });
    Ok(Input {
        ident: input.ident.clone(),
        forbid_chars,
        fields: fields.collect(),
    })
}

fn shape_error(span: Span, what: &str) -> syn::Error {
    let message = format!("`#[derive(Wire)]` needs a struct with named fields, not {what}");
    syn::Error::new(span, message)
}

/// The container key: `#[wire(forbid_chars = "\"")]`.
fn forbid_chars(attrs: &[syn::Attribute], errors: &mut Errors) -> Option<LitStr> {
    let mut chars = None;
    meta::each_wire_key(attrs, errors, |meta, errors| {
        if meta::key_name(meta) != "forbid_chars" {
            return meta::unknown_key(meta, errors, &["forbid_chars"]);
        }
        let value = meta::string(meta, errors)?;
        if value.as_ref().is_some_and(|text| text.value().is_empty()) {
            errors.at(
                meta.path.span(),
                "`forbid_chars` must name at least one char",
            );
        }
        meta::set_once(&mut chars, value, meta, errors);
        Ok(())
    });
    chars
}

fn field_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    meta::each_wire_key(attrs, errors, |meta, errors| {
        field_key(&mut out, meta, errors)
    });
    out
}

fn field_key(out: &mut FieldAttrs, meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
    match meta::key_name(meta).as_str() {
        "name" => {
            let name = meta::string(meta, errors)?;
            meta::set_once(&mut out.name, name, meta, errors);
        }
        "required" => {
            let span = meta::flag(meta, errors)?;
            meta::set_once(&mut out.required, Some(span), meta, errors);
        }
        "max_bytes" => meta::set_once(&mut out.max_bytes, meta::int(meta, errors)?, meta, errors),
        "max_chars" => meta::set_once(&mut out.max_chars, meta::int(meta, errors)?, meta, errors),
        "max_items" => meta::set_once(&mut out.max_items, meta::int(meta, errors)?, meta, errors),
        "class" => {
            let what = "a `ValueClass` variant name, e.g. `class = AlnumUnderscore`";
            let class = meta::ident(meta, errors, what)?;
            meta::set_once(&mut out.class, class, meta, errors);
        }
        "personal" => {
            let span = meta::flag(meta, errors)?;
            meta::set_once(&mut out.personal, Some(span), meta, errors);
        }
        "unique" => out.unique.extend(meta::string(meta, errors)?),
        "json_text" => {
            let span = meta::flag(meta, errors)?;
            meta::set_once(&mut out.json_text, Some(span), meta, errors);
        }
        "required_if" => out.rules.extend(rule(meta, RuleKind::RequiredIf, errors)?),
        "only_if" => out.rules.extend(rule(meta, RuleKind::OnlyIf, errors)?),
        _ => meta::unknown_key(meta, errors, FIELD_KEYS)?,
    }
    Ok(())
}

/// `required_if(when = "sibling", is = ["A", "B"], warning)`.
fn rule(
    meta: &ParseNestedMeta,
    kind: RuleKind,
    errors: &mut Errors,
) -> syn::Result<Option<RuleAttr>> {
    let (mut when, mut values, mut warning) = (None, None, None);
    // Keys seen, valid or not: a key with a bad value was reported already, not missing.
    let (mut saw_when, mut saw_is) = (false, false);
    meta.parse_nested_meta(|inner| {
        match meta::key_name(&inner).as_str() {
            "when" => {
                saw_when = true;
                meta::set_once(&mut when, meta::string(&inner, errors)?, &inner, errors);
            }
            "is" => {
                saw_is = true;
                meta::set_once(&mut values, meta::strings(&inner, errors)?, &inner, errors);
            }
            "warning" => {
                let span = meta::flag(&inner, errors)?;
                meta::set_once(&mut warning, Some(span), &inner, errors);
            }
            _ => meta::unknown_key(&inner, errors, &["when", "is", "warning"])?,
        }
        Ok(())
    })?;
    let span = meta.path.span();
    if !saw_when {
        errors.at(span, "missing `when = \"sibling_wire_name\"`");
    }
    if !saw_is {
        errors.at(span, "missing `is = [\"VALUE\", ...]`");
    }
    Ok(when.zip(values).map(|(when, values)| RuleAttr {
        kind,
        span,
        when,
        values,
        warning: warning.is_some(),
    }))
}
