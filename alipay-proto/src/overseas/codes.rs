//! The `error` code of a reply, mapped onto the documented tables.

use super::{AccessError, SystemError};
use crate::outcome::{Code, CodeEnum};

/// The `error` code of a reply of a service whose business codes are `B` (its
/// `BusinessError`), resolved against the tables in this order:
///
/// 1. the service's **business** codes (so `SYSTEM_ERROR`, listed both as a business and
///    as a system code, resolves to `Business`, whose action text the service documents),
/// 2. the family's **access** codes,
/// 3. the family's **system** codes,
/// 4. otherwise **unknown**, kept verbatim.
///
/// The intl family's counterpart is [`crate::intl::ErrorCode`]; both implement [`Code`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode<B> {
    /// A business code of the service.
    Business(B),
    /// An access code (signature, partner, charset problems).
    Access(AccessError),
    /// A system code.
    System(SystemError),
    /// A code no table lists, as received.
    Unknown(String),
}

impl<B: CodeEnum> ErrorCode<B> {
    /// Resolves `code` in the documented order (see the type's docs).
    pub fn parse(code: &str) -> Self {
        if let Some(business) = B::try_parse(code) {
            return Self::Business(business);
        }
        if let Some(access) = AccessError::try_parse(code) {
            return Self::Access(access);
        }
        match SystemError::try_parse(code) {
            Some(system) => Self::System(system),
            None => Self::Unknown(code.to_owned()),
        }
    }

    /// The table's code, or `None` for an unknown one.
    fn known(&self) -> Option<&dyn Code> {
        match self {
            Self::Business(code) => Some(code),
            Self::Access(code) => Some(code),
            Self::System(code) => Some(code),
            Self::Unknown(_) => None,
        }
    }
}

crate::outcome::error_code_impls!(ErrorCode);
