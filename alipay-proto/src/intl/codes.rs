//! The intl family's result codes as one type (the overseas family's counterpart is
//! `overseas/codes.rs`).

use super::ResultCode;
use crate::outcome::{Code, CodeEnum};

/// A `resultCode`: one of the family's basic codes, one of the service's business codes
/// (`B`, its `BusinessError`), or text neither lists, kept verbatim.
///
/// The overseas family's counterpart is [`crate::overseas::ErrorCode`]; both implement
/// [`Code`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode<B> {
    /// A basic result code (with its documented ID, status and retryability).
    Basic(ResultCode),
    /// A business code of the service.
    Business(B),
    /// A code the docs do not list.
    Unknown(String),
}

impl<B: CodeEnum> ErrorCode<B> {
    /// Types `text`: basic codes first, then the service's business codes.
    pub fn parse(text: &str) -> Self {
        if let Some(code) = ResultCode::try_parse(text) {
            Self::Basic(code)
        } else if let Some(code) = B::try_parse(text) {
            Self::Business(code)
        } else {
            Self::Unknown(text.to_owned())
        }
    }

    /// The table's code, or `None` for an unknown one.
    fn known(&self) -> Option<&dyn Code> {
        match self {
            Self::Basic(code) => Some(code),
            Self::Business(code) => Some(code),
            Self::Unknown(_) => None,
        }
    }
}

crate::outcome::error_code_impls!(ErrorCode);
