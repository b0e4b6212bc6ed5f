//! Reading `#[wire(...)]` keys. A key with a bad value is recorded in [`Errors`] and parsing
//! goes on, so several mistakes in one attribute are reported together; only malformed tokens
//! stop an attribute.

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Path, Token};

use crate::errors::Errors;

/// A non-negative integer value and the span of its key (`max_bytes`), where errors about the
/// rule point.
#[derive(Clone, Copy)]
pub(crate) struct Int {
    pub(crate) value: usize,
    pub(crate) span: Span,
}

/// Runs `key` for every key of every `#[wire(...)]` attribute in `attrs`.
pub(crate) fn each_wire_key(
    attrs: &[Attribute],
    errors: &mut Errors,
    mut key: impl FnMut(&ParseNestedMeta, &mut Errors) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("wire")) {
        if let Err(error) = attr.parse_nested_meta(|meta| key(&meta, errors)) {
            errors.push(error);
        }
    }
}

/// The key as written, for matching (`""` for a path like `a::b`, which is never a key).
pub(crate) fn key_name(meta: &ParseNestedMeta) -> String {
    // A path (`a::b`) gives "", which no key list holds: the caller reports it as unknown.
    meta.path
        .get_ident()
        .map(Ident::to_string)
        .unwrap_or_default()
}

/// Records an unknown key and skips its value.
pub(crate) fn unknown_key(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
    expected: &[&str],
) -> syn::Result<()> {
    let key = path_text(&meta.path);
    let expected = expected.join("`, `");
    errors.at(
        meta.path.span(),
        format!("unknown key `{key}`; expected one of `{expected}`"),
    );
    skip_value(meta)
}

/// A flag key (`required`): records an error if a value follows, and returns the key's span.
pub(crate) fn flag(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Span> {
    if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        let key = path_text(&meta.path);
        errors.at(
            meta.path.span(),
            format!("`{key}` is a flag: write `{key}` without a value"),
        );
        skip_value(meta)?;
    }
    Ok(meta.path.span())
}

/// Stores `value` in `slot`, or records a duplicate key.
pub(crate) fn set_once<T>(
    slot: &mut Option<T>,
    value: Option<T>,
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) {
    let Some(value) = value else { return };
    if slot.is_some() {
        let key = path_text(&meta.path);
        errors.at(meta.path.span(), format!("duplicate key `{key}`"));
    } else {
        *slot = Some(value);
    }
}

/// `key = "text"`.
pub(crate) fn string(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<LitStr>> {
    let expr = value(meta)?;
    Ok(match lit(&expr) {
        Some(Lit::Str(text)) => Some(text.clone()),
        _ => expected(errors, &expr, meta, "a string literal"),
    })
}

/// `key = 64`.
pub(crate) fn int(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<Int>> {
    let expr = value(meta)?;
    let parsed = match lit(&expr) {
        Some(Lit::Int(int)) => int.base10_parse::<usize>().ok(),
        _ => None,
    };
    Ok(match parsed {
        Some(value) => Some(Int {
            value,
            span: meta.path.span(),
        }),
        None => expected(errors, &expr, meta, "a non-negative integer"),
    })
}

/// `key = Ident`.
pub(crate) fn ident(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
    what: &str,
) -> syn::Result<Option<Ident>> {
    let expr = value(meta)?;
    let found = match &expr {
        Expr::Path(path) if path.qself.is_none() => path.path.get_ident().cloned(),
        _ => None,
    };
    Ok(found.or_else(|| expected(errors, &expr, meta, what)))
}

/// `key = some::Path`.
pub(crate) fn path(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
    what: &str,
) -> syn::Result<Option<Path>> {
    let expr = value(meta)?;
    Ok(match &expr {
        Expr::Path(path) if path.qself.is_none() => Some(path.path.clone()),
        _ => expected(errors, &expr, meta, what),
    })
}

/// `key = ["A", "B"]`: a non-empty list of string literals.
pub(crate) fn strings(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> syn::Result<Option<Vec<LitStr>>> {
    let expr = value(meta)?;
    let Expr::Array(array) = &expr else {
        return Ok(expected(errors, &expr, meta, "a list of string literals"));
    };
    let mut texts = Vec::new();
    for elem in &array.elems {
        match lit(elem) {
            Some(Lit::Str(text)) => texts.push(text.clone()),
            _ => errors.at(elem.span(), "expected a string literal"),
        }
    }
    if array.elems.is_empty() {
        errors.at(expr.span(), "the list of values must not be empty");
    }
    Ok((texts.len() == array.elems.len() && !texts.is_empty()).then_some(texts))
}

fn value(meta: &ParseNestedMeta) -> syn::Result<Expr> {
    meta.value()?.parse()
}

fn lit(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => Some(lit),
        _ => None,
    }
}

fn expected<T>(errors: &mut Errors, expr: &Expr, meta: &ParseNestedMeta, what: &str) -> Option<T> {
    let key = path_text(&meta.path);
    errors.at(expr.span(), format!("`{key}` expects {what}"));
    None
}

/// Skips `= value` or `(...)` after a key that was reported.
pub(crate) fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        value(meta)?;
    } else if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

fn path_text(path: &Path) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.join("::")
}

/// Generic parameters are not supported: generated message types have none.
pub(crate) fn reject_generics(generics: &syn::Generics, errors: &mut Errors) {
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        errors.at(
            generics.span(),
            "wire types cannot be generic: the derive supports plain structs and enums only",
        );
    }
}
