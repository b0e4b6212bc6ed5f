//! `#[derive(Wire)]`: parse -> check -> emit.

mod check;
mod emit;
mod parse;

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::errors::Errors;

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let parsed = parse::parse(input, &mut errors)?;
    let checked = check::check(parsed, &mut errors);
    errors.finish()?;
    Ok(emit::emit(&checked))
}
