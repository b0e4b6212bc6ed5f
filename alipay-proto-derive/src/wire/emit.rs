//! Emit: the `Validate`, `WireStruct` and `FieldValue` impls of a checked struct.
//!
//! Everything is named by absolute path (`::alipay_proto::...`, `::core::...`) so the expansion
//! does not depend on what the user's module imports. Rule expressions carry the span of the
//! attribute key that wrote them, so a rule that does not fit the field's type is reported
//! there.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use super::check::{Condition, Field, Rules, Struct};
use super::parse::RuleKind;
use crate::meta::Int;

pub(crate) fn emit(input: &Struct) -> TokenStream {
    let validate = validate_impl(input);
    let wire_struct = wire_struct_impl(input);
    let ident = &input.ident;
    quote! {
        #validate
        #wire_struct

        #[automatically_derived]
        impl ::alipay_proto::validate::FieldValue for #ident {
            type Rules = ::alipay_proto::validate::NoRules;

            fn is_present(&self) -> bool {
                true
            }

            fn check(
                &self,
                _rules: &::alipay_proto::validate::NoRules,
                cx: &mut ::alipay_proto::validate::Checker,
            ) {
                ::alipay_proto::validate::Validate::validate_into(self, cx);
            }
        }
    }
}

fn validate_impl(input: &Struct) -> TokenStream {
    let checks = input.fields.iter().map(field_checks);
    let mut body = quote!(#(#checks)*);
    if let Some(chars) = &input.forbid_chars {
        body = quote!(cx.forbidding(#chars, |cx| { #body }););
    }
    // A struct without fields checks nothing and must not leave `cx` unused.
    let cx = if input.fields.is_empty() {
        quote!(_cx)
    } else {
        quote!(cx)
    };
    let ident = &input.ident;
    quote! {
        #[automatically_derived]
        impl ::alipay_proto::validate::Validate for #ident {
            fn validate_into(&self, #cx: &mut ::alipay_proto::validate::Checker) {
                #body
            }
        }
    }
}

/// The presence and rule check of one field, then its conditional rules.
fn field_checks(field: &Field) -> TokenStream {
    let Field { member, name, .. } = field;
    let method = if field.required {
        quote!(required)
    } else {
        quote!(optional)
    };
    let rules = rules(&field.rules);
    let conditions = field.conditions.iter().map(|condition| {
        let rule = rule(condition);
        let sibling = &condition.sibling;
        quote! {
            cx.rule(
                &self.#member,
                #name,
                &#rule,
                ::alipay_proto::validate::FieldValue::text(&self.#sibling),
            );
        }
    });
    // The field's span: "`X` cannot be a field" points at the field's type.
    let check = quote_spanned!(field.ty_span=> cx.#method(&self.#member, #name, #rules););
    quote!(#check #(#conditions)*)
}

fn rules(rules: &Rules) -> TokenStream {
    match rules {
        Rules::None => quote!(&::core::default::Default::default()),
        Rules::Text {
            span,
            max_bytes,
            max_chars,
            class,
            personal,
        } => {
            let max_bytes = max_bytes.map(|max| quote_spanned!(*span=> .max_bytes(#max)));
            let max_chars = max_chars.map(|max| quote_spanned!(*span=> .max_chars(#max)));
            let class = class.iter().map(|class| {
                quote_spanned!(*span=> .class(::alipay_proto::validate::ValueClass::#class))
            });
            let personal = personal.then(|| quote_spanned!(*span=> .personal()));
            quote_spanned! {*span=>
                &::alipay_proto::validate::TextRules::new() #max_bytes #max_chars #(#class)* #personal
            }
        }
        Rules::List {
            span,
            max_items,
            unique,
        } => {
            let max_items = max_items.map(|max| quote_spanned!(*span=> .max_items(#max)));
            let unique =
                (!unique.is_empty()).then(|| quote_spanned!(*span=> .unique(&[#(#unique),*])));
            quote_spanned! {*span=>
                &::alipay_proto::validate::ListRules::new() #max_items #unique
            }
        }
    }
}

fn rule(condition: &Condition) -> TokenStream {
    let Condition { when, values, .. } = condition;
    let constructor = match condition.kind {
        RuleKind::RequiredIf => quote!(required_if),
        RuleKind::OnlyIf => quote!(only_if),
    };
    let warning = condition.warning.then(|| quote!(.warning()));
    quote_spanned! {condition.span=>
        ::alipay_proto::validate::Rule::#constructor(#when, &[#(#values),*]) #warning
    }
}

fn wire_struct_impl(input: &Struct) -> TokenStream {
    let ident = &input.ident;
    let count = input.fields.len();
    let params = input.fields.iter().map(param);
    let texts = input.fields.iter().map(|field| {
        let Field { member, name, .. } = field;
        quote_spanned!(field.ty_span=> #name => ::alipay_proto::validate::FieldValue::text(&self.#member),)
    });
    let personal = input.fields.iter().filter_map(|field| match &field.rules {
        Rules::Text { personal: true, .. } => Some(&field.name),
        _ => None,
    });
    quote! {
        #[automatically_derived]
        impl ::alipay_proto::validate::WireStruct for #ident {
            const PERSONAL: &'static [&'static str] = &[#(#personal),*];

            fn wire_params(&self) -> ::std::vec::Vec<(&'static str, ::std::borrow::Cow<'_, str>)> {
                let params: [(&'static str, ::core::option::Option<::std::borrow::Cow<'_, str>>); #count] =
                    [#(#params),*];
                let mut present = ::std::vec::Vec::with_capacity(#count);
                present.extend(
                    params
                        .into_iter()
                        .filter_map(|(name, value)| value.map(|value| (name, value))),
                );
                present
            }

            fn wire_text(&self, wire_name: &str) -> ::core::option::Option<::std::string::String> {
                let text: ::core::option::Option<&str> = match wire_name {
                    #(#texts)*
                    _ => ::core::option::Option::None,
                };
                text.map(::std::borrow::ToOwned::to_owned)
            }
        }
    }
}

/// One field's form parameter: JSON text for `json_text` lists (made here, so owned), the
/// text of scalars (borrowed from the struct).
fn param(field: &Field) -> TokenStream {
    let Field { member, name, .. } = field;
    let value = if let Some(span) = field.json_text {
        // The whole call at the key, so "`json_text` needs a list" points there alone.
        let mut member = member.clone();
        member.set_span(span);
        quote_spanned! {span=>
            ::alipay_proto::validate::JsonText::json_text(&self.#member)
                .map(::std::borrow::Cow::Owned)
        }
    } else {
        quote_spanned! {field.ty_span=>
            ::alipay_proto::validate::FieldValue::text(&self.#member)
                .map(::std::borrow::Cow::Borrowed)
        }
    };
    quote!((#name, #value))
}

impl quote::ToTokens for Int {
    /// An unsuffixed literal, so it takes the `usize` the rule builders expect.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let mut literal = Literal::usize_unsuffixed(self.value);
        literal.set_span(self.span);
        tokens.extend([proc_macro2::TokenTree::Literal(literal)]);
    }
}
