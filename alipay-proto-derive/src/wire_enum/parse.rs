//! Parse: `#[derive(WireEnum)]` input to variants with their attribute values. Only shape
//! errors (not an enum) stop here; bad keys and values are recorded and skipped.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path};

use crate::errors::Errors;
use crate::meta;

pub(crate) struct Input {
    pub(crate) ident: Ident,
    /// `#[wire(codes)]` on the enum: a table of documented codes.
    pub(crate) codes: Option<Span>,
    pub(crate) variants: Vec<Variant>,
}

pub(crate) struct Variant {
    pub(crate) ident: Ident,
    pub(crate) fields: Fields,
    pub(crate) attrs: VariantAttrs,
}

#[derive(Default)]
pub(crate) struct VariantAttrs {
    pub(crate) value: Option<LitStr>,
    pub(crate) unknown: Option<Span>,
    pub(crate) description: Option<LitStr>,
    pub(crate) action: Option<LitStr>,
    pub(crate) next_step: Option<Ident>,
    pub(crate) id: Option<LitStr>,
    pub(crate) status: Option<Path>,
}

const VARIANT_KEYS: &[&str] = &[
    "value",
    "unknown",
    "description",
    "action",
    "next_step",
    "id",
    "status",
];

pub(crate) fn parse(input: &DeriveInput, errors: &mut Errors) -> syn::Result<Input> {
    let Data::Enum(data) = &input.data else {
        let message = "`#[derive(WireEnum)]` needs an enum; for a message use `#[derive(Wire)]`";
        return Err(syn::Error::new(input.ident.span(), message));
    };
    meta::reject_generics(&input.generics, errors);
    let mut codes = None;
    meta::each_wire_key(&input.attrs, errors, |meta, errors| {
        if meta::key_name(meta) == "codes" {
            let span = meta::flag(meta, errors)?;
            meta::set_once(&mut codes, Some(span), meta, errors);
            return Ok(());
        }
        let message = "`#[derive(WireEnum)]` takes only `codes` on the enum; put the other keys \
                       on its variants";
        errors.at(meta.path.span(), message);
        meta::skip_value(meta)
    });
    let variants = data.variants.iter().map(|variant| Variant {
        ident: variant.ident.clone(),
        fields: variant.fields.clone(),
        attrs: variant_attrs(&variant.attrs, errors),
    });
    Ok(Input {
        ident: input.ident.clone(),
        codes,
        variants: variants.collect(),
    })
}

fn variant_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    meta::each_wire_key(attrs, errors, |meta, errors| {
        variant_key(&mut out, meta, errors)
    });
    out
}

fn variant_key(
    out: &mut VariantAttrs,
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> syn::Result<()> {
    match meta::key_name(meta).as_str() {
        "value" => meta::set_once(&mut out.value, meta::string(meta, errors)?, meta, errors),
        "unknown" => {
            let span = meta::flag(meta, errors)?;
            meta::set_once(&mut out.unknown, Some(span), meta, errors);
        }
        "description" => {
            let text = meta::string(meta, errors)?;
            meta::set_once(&mut out.description, text, meta, errors);
        }
        "action" => meta::set_once(&mut out.action, meta::string(meta, errors)?, meta, errors),
        "next_step" => {
            let what =
                "a variant of `alipay_proto::outcome::NextStep`, e.g. `next_step = FixRequest`";
            let step = meta::ident(meta, errors, what)?;
            meta::set_once(&mut out.next_step, step, meta, errors);
        }
        "id" => meta::set_once(&mut out.id, meta::string(meta, errors)?, meta, errors),
        "status" => {
            let what = "a path to a variant of a status enum, e.g. `status = ResultStatus::F`";
            // The status type is the path minus its variant, so it needs both.
            let status = meta::path(meta, errors, what)?.filter(|path| {
                let has_type = path.segments.len() >= 2;
                if !has_type {
                    errors.at(path.span(), format!("`status` expects {what}"));
                }
                has_type
            });
            meta::set_once(&mut out.status, status, meta, errors);
        }
        _ => meta::unknown_key(meta, errors, VARIANT_KEYS)?,
    }
    Ok(())
}
