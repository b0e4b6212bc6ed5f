//! Check: every unit variant has a unique wire value, and exactly one tuple variant is the
//! `#[wire(unknown)]` fallback. Code-table keys must agree on one status type.

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Fields, Ident, LitStr, Path};

use super::parse::{self, VariantAttrs};
use crate::errors::Errors;

pub(crate) struct Enum {
    pub(crate) ident: Ident,
    /// `#[wire(codes)]`: emit the code accessors and the `Code` and `CodeEnum` impls.
    pub(crate) codes: bool,
    pub(crate) known: Vec<Known>,
    /// The `#[wire(unknown)]` variant.
    pub(crate) unknown: Ident,
}

pub(crate) struct Known {
    pub(crate) ident: Ident,
    pub(crate) value: LitStr,
    pub(crate) description: Option<LitStr>,
    pub(crate) action: Option<LitStr>,
    /// `next_step = Variant`: a variant of `alipay_proto::outcome::NextStep`.
    pub(crate) next_step: Option<Ident>,
    pub(crate) id: Option<LitStr>,
    pub(crate) status: Option<Path>,
}

pub(crate) fn check(input: parse::Input, errors: &mut Errors) -> Option<Enum> {
    let mut known: Vec<Known> = Vec::new();
    let mut unknown: Option<Ident> = None;
    for variant in input.variants {
        if variant.attrs.unknown.is_some() {
            unknown_variant(&variant, unknown.is_some(), errors);
            unknown.get_or_insert(variant.ident);
        } else if let Some(variant) = known_variant(variant, errors) {
            if known
                .iter()
                .any(|seen| seen.value.value() == variant.value.value())
            {
                let message = format!("duplicate wire value \"{}\"", variant.value.value());
                errors.at(variant.value.span(), message);
            }
            known.push(variant);
        }
    }
    check_status_type(&known, errors);
    if input.codes.is_none() {
        check_no_code_keys(&known, errors);
    }
    let Some(unknown) = unknown else {
        let message = "a wire enum needs one `#[wire(unknown)] Unknown(::alipay_proto::validate::UnknownValue)` \
                       variant, which keeps values the docs do not list";
        errors.at(input.ident.span(), message);
        return None;
    };
    Some(Enum {
        ident: input.ident,
        codes: input.codes.is_some(),
        known,
        unknown,
    })
}

fn unknown_variant(variant: &parse::Variant, duplicate: bool, errors: &mut Errors) {
    let span = variant.ident.span();
    if duplicate {
        errors.at(span, "only one variant can be `#[wire(unknown)]`");
    }
    if !matches!(&variant.fields, Fields::Unnamed(fields) if fields.unnamed.len() == 1) {
        let message = "the `#[wire(unknown)]` variant must hold the raw text: \
                       `Unknown(::alipay_proto::validate::UnknownValue)`";
        errors.at(span, message);
    }
    let VariantAttrs {
        value,
        description,
        action,
        next_step,
        id,
        status,
        ..
    } = &variant.attrs;
    let other_keys = value.is_some()
        || description.is_some()
        || action.is_some()
        || next_step.is_some()
        || id.is_some()
        || status.is_some();
    if other_keys {
        errors.at(span, "the `#[wire(unknown)]` variant takes no other keys");
    }
}

fn known_variant(variant: parse::Variant, errors: &mut Errors) -> Option<Known> {
    let span = variant.ident.span();
    if !matches!(variant.fields, Fields::Unit) {
        let message = "a wire value is a unit variant; the only variant with data is \
                       `#[wire(unknown)] Unknown(::alipay_proto::validate::UnknownValue)`";
        errors.at(span, message);
        return None;
    }
    let attrs = variant.attrs;
    let Some(value) = attrs.value else {
        errors.at(
            span,
            "missing `#[wire(value = \"...\")]`: every unit variant needs its wire value",
        );
        return None;
    };
    if value.value().is_empty() {
        errors.at(value.span(), "the wire value must not be empty");
    }
    Some(Known {
        ident: variant.ident,
        value,
        description: attrs.description,
        action: attrs.action,
        next_step: attrs.next_step,
        id: attrs.id,
        status: attrs.status,
    })
}

/// Code-table keys without `#[wire(codes)]` would be silently unused.
fn check_no_code_keys(known: &[Known], errors: &mut Errors) {
    for variant in known {
        let has_code_keys = variant.description.is_some()
            || variant.action.is_some()
            || variant.next_step.is_some()
            || variant.id.is_some()
            || variant.status.is_some();
        if has_code_keys {
            let message = "`description`, `action`, `next_step`, `id` and `status` belong to code \
                           tables: mark the enum `#[wire(codes)]`";
            errors.at(variant.ident.span(), message);
        }
    }
}

/// `status()` returns one type, so every `status` must name a variant of the same enum.
fn check_status_type(known: &[Known], errors: &mut Errors) {
    let mut types = known
        .iter()
        .filter_map(|variant| variant.status.as_ref())
        .map(|path| (path, status_type(path).to_token_stream().to_string()));
    let Some((_, first)) = types.next() else {
        return;
    };
    for (path, ty) in types.filter(|(_, ty)| *ty != first) {
        let message = format!("every `status` must be a variant of `{first}`, not of `{ty}`");
        errors.at(path.span(), message);
    }
}

/// The enum a status variant belongs to: the path without its last segment.
pub(crate) fn status_type(variant: &Path) -> Path {
    let mut ty = variant.clone();
    ty.segments.pop();
    ty.segments.pop_punct();
    ty
}
