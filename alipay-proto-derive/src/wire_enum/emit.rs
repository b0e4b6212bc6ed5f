//! Emit: inherent accessors, the `WireEnum`, `FieldValue`, conversion, `Display` and serde impls
//! of a checked enum. Paths are absolute so the expansion works whatever the user imports.

use proc_macro2::TokenStream;
use quote::quote;

use super::check::{self, Enum, Known};

pub(crate) fn emit(input: &Enum) -> TokenStream {
    let ident = &input.ident;
    let inherent = inherent_impl(input);
    let traits = trait_impls(input);
    quote! {
        #[automatically_derived]
        impl #ident {
            #inherent
        }

        #traits
    }
}

fn inherent_impl(input: &Enum) -> TokenStream {
    let unknown = &input.unknown;
    let idents: Vec<_> = input.known.iter().map(|variant| &variant.ident).collect();
    let values: Vec<_> = input.known.iter().map(|variant| &variant.value).collect();
    let codes = code_accessors(input);
    let ids = id_accessors(input);
    quote! {
        /// Every documented wire value, in declaration order.
        pub const VALUES: &'static [&'static str] = &[#(#values),*];

        /// The wire text; for an unknown value, the text exactly as received.
        pub fn as_str(&self) -> &str {
            match self {
                #(Self::#idents => #values,)*
                Self::#unknown(raw) => raw.as_str(),
            }
        }

        /// Whether this is one of the documented values.
        pub fn is_known(&self) -> bool {
            !::core::matches!(self, Self::#unknown(_))
        }

        /// A documented value; `None` for any other text.
        pub fn try_parse(text: &str) -> ::core::option::Option<Self> {
            match text {
                #(#values => ::core::option::Option::Some(Self::#idents),)*
                _ => ::core::option::Option::None,
            }
        }

        #codes
        #ids
    }
}

/// `code`, `description`, `action`, `next_step` and `is_retryable`, for tables of documented
/// codes (an empty table included: it still answers for unknown codes).
fn code_accessors(input: &Enum) -> TokenStream {
    if !input.codes {
        return TokenStream::new();
    }
    let description = text_arms(&input.known, |variant| variant.description.as_ref());
    let action = text_arms(&input.known, |variant| variant.action.as_ref());
    let steps = input.known.iter().filter_map(|variant| {
        let (ident, step) = (&variant.ident, variant.next_step.as_ref()?);
        Some(quote! {
            Self::#ident => ::core::option::Option::Some(::alipay_proto::outcome::NextStep::#step),
        })
    });
    quote! {
        /// The code as sent on the wire (the same as `as_str`).
        pub fn code(&self) -> &str {
            self.as_str()
        }

        /// What the code means, as documented; `None` for an unknown code.
        pub fn description(&self) -> ::core::option::Option<&'static str> {
            match self {
                #description
                _ => ::core::option::Option::None,
            }
        }

        /// What the caller should do, where documented.
        pub fn action(&self) -> ::core::option::Option<&'static str> {
            match self {
                #action
                _ => ::core::option::Option::None,
            }
        }

        /// What the caller should do next; `None` for a code the table does not document.
        pub fn next_step(&self) -> ::core::option::Option<::alipay_proto::outcome::NextStep> {
            match self {
                #(#steps)*
                _ => ::core::option::Option::None,
            }
        }

        /// Whether sending the same prepared request again later can succeed (the next step is
        /// `NextStep::RetrySame`); `false` for unknown codes.
        pub fn is_retryable(&self) -> bool {
            self.next_step()
                .is_some_and(::alipay_proto::outcome::NextStep::is_retryable)
        }
    }
}

/// `id` and `status`, for intl result codes (each emitted when some variant has the key).
fn id_accessors(input: &Enum) -> TokenStream {
    let mut out = TokenStream::new();
    if input.known.iter().any(|variant| variant.id.is_some()) {
        let arms = text_arms(&input.known, |variant| variant.id.as_ref());
        out.extend(quote! {
            /// The documented numeric result code ID.
            pub fn id(&self) -> ::core::option::Option<&'static str> {
                match self {
                    #arms
                    _ => ::core::option::Option::None,
                }
            }
        });
    }
    let statuses: Vec<_> = (input.known.iter())
        .filter_map(|variant| Some((&variant.ident, variant.status.as_ref()?)))
        .collect();
    if let Some((_, first)) = statuses.first() {
        let ty = check::status_type(first);
        let arms = statuses
            .iter()
            .map(|(ident, status)| quote!(Self::#ident => ::core::option::Option::Some(#status),));
        out.extend(quote! {
            /// The documented result status of this code.
            pub fn status(&self) -> ::core::option::Option<#ty> {
                match self {
                    #(#arms)*
                    _ => ::core::option::Option::None,
                }
            }
        });
    }
    out
}

/// `Self::Variant => Some("text"),` for each variant that has the text.
fn text_arms<'a>(
    known: &'a [Known],
    text: impl Fn(&'a Known) -> Option<&'a syn::LitStr>,
) -> TokenStream {
    let arms = known.iter().filter_map(|variant| {
        let (ident, text) = (&variant.ident, text(variant)?);
        Some(quote!(Self::#ident => ::core::option::Option::Some(#text),))
    });
    quote!(#(#arms)*)
}

/// `Code` and `CodeEnum`, delegating to the inherent accessors, for code tables.
fn code_impls(input: &Enum) -> TokenStream {
    if !input.codes {
        return TokenStream::new();
    }
    let ident = &input.ident;
    quote! {
        #[automatically_derived]
        impl ::alipay_proto::outcome::Code for #ident {
            fn code(&self) -> &str {
                #ident::code(self)
            }

            fn description(&self) -> ::core::option::Option<&'static str> {
                #ident::description(self)
            }

            fn action(&self) -> ::core::option::Option<&'static str> {
                #ident::action(self)
            }

            fn next_step(&self) -> ::core::option::Option<::alipay_proto::outcome::NextStep> {
                #ident::next_step(self)
            }
        }

        #[automatically_derived]
        impl ::alipay_proto::outcome::CodeEnum for #ident {}
    }
}

fn trait_impls(input: &Enum) -> TokenStream {
    let ident = &input.ident;
    let unknown = &input.unknown;
    let serde = quote!(::alipay_proto::validate::__private::serde);
    let codes = code_impls(input);
    quote! {
        #codes

        #[automatically_derived]
        impl ::alipay_proto::validate::WireEnum for #ident {
            const VALUES: &'static [&'static str] = #ident::VALUES;

            fn as_str(&self) -> &str {
                #ident::as_str(self)
            }

            fn try_parse(text: &str) -> ::core::option::Option<Self> {
                #ident::try_parse(text)
            }

            fn from_unknown(raw: ::alipay_proto::validate::UnknownValue) -> Self {
                Self::#unknown(raw)
            }
        }

        #[automatically_derived]
        impl ::alipay_proto::validate::FieldValue for #ident {
            type Rules = ::alipay_proto::validate::TextRules;

            fn is_present(&self) -> bool {
                true
            }

            fn text(&self) -> ::core::option::Option<&str> {
                ::core::option::Option::Some(self.as_str())
            }

            fn check(
                &self,
                rules: &::alipay_proto::validate::TextRules,
                cx: &mut ::alipay_proto::validate::Checker,
            ) {
                cx.wire_enum(self, rules);
            }
        }

        /// Infallible: text the docs do not list is kept verbatim in the unknown variant.
        #[automatically_derived]
        impl ::core::convert::From<&str> for #ident {
            fn from(text: &str) -> Self {
                <Self as ::alipay_proto::validate::WireEnum>::parse(text)
            }
        }

        /// Infallible: text the docs do not list is kept verbatim in the unknown variant.
        #[automatically_derived]
        impl ::core::convert::From<::std::string::String> for #ident {
            fn from(text: ::std::string::String) -> Self {
                <Self as ::alipay_proto::validate::WireEnum>::parse(&text)
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = ::core::convert::Infallible;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<Self as ::alipay_proto::validate::WireEnum>::parse(text))
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl #serde::Serialize for #ident {
            fn serialize<S: #serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl<'de> #serde::Deserialize<'de> for #ident {
            fn deserialize<D: #serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::alipay_proto::validate::__private::deserialize_enum(deserializer)
            }
        }
    }
}
