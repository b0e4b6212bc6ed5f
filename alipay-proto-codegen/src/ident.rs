//! Rust names from wire names: one place for heck conversions, keyword escaping and
//! collisions. The wire name itself is always emitted explicitly beside the Rust name.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// A field or module name: `_input_charset` -> `input_charset`, `sellerInfo` -> `seller_info`,
/// `type` -> `r#type`.
pub fn field(wire: &str) -> Ident {
    let snake = wire.to_snake_case();
    let name = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("f_{snake}")
    } else {
        snake
    };
    ident(&name)
}

/// A type or variant name: `UTF-8` -> `Utf8`, `ILLEGAL_SIGN` -> `IllegalSign`.
pub fn type_name(wire: &str) -> Ident {
    let camel = wire.to_upper_camel_case();
    let name = if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{camel}")
    } else {
        camel
    };
    ident(&name)
}

/// Variant names for a value list, unique and never `Unknown` (reserved for the fallback):
/// a collision gets a numeric suffix.
pub fn variants<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Ident> {
    let mut taken = vec!["Unknown".to_owned()];
    values
        .into_iter()
        .map(|v| {
            let base = type_name(v).to_string();
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            taken.push(name.clone());
            ident(&name)
        })
        .collect()
}

fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field("_input_charset").to_string(), "input_charset");
        assert_eq!(field("sellerInfo").to_string(), "seller_info");
        assert_eq!(field("shareholder_id").to_string(), "shareholder_id");
        assert_eq!(field("type").to_string(), "r#type");
        assert_eq!(type_name("UTF-8").to_string(), "Utf8");
        assert_eq!(type_name("ILLEGAL_SIGN").to_string(), "IllegalSign");
        let v: Vec<String> = variants(["A_B", "a-b", "UNKNOWN"])
            .iter()
            .map(|i| i.to_string())
            .collect();
        assert_eq!(v, ["AB", "AB2", "Unknown2"]);
    }
}
