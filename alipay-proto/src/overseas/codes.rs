//! The `error` code of a reply, mapped onto the documented tables.

use std::fmt;

use super::{AccessError, SystemError};
use crate::Service;
use crate::validate::WireEnum;

/// A documented error-code enum: the wire text plus what the docs say about retrying.
/// Implemented for [`AccessError`], [`SystemError`] and every service's `BusinessError`.
pub trait CodeEnum: WireEnum {
    /// Whether the docs' action text says to try again later.
    fn is_retryable(&self) -> bool;
    /// The documented description; `None` for an unknown code.
    fn description(&self) -> Option<&'static str>;
}

macro_rules! code_enum {
    ($($ty:ty),* $(,)?) => {$(
        impl CodeEnum for $ty {
            fn is_retryable(&self) -> bool {
                <$ty>::is_retryable(self)
            }
            fn description(&self) -> Option<&'static str> {
                <$ty>::description(self)
            }
        }
    )*};
}

code_enum!(
    AccessError,
    SystemError,
    super::offline_maintain::BusinessError,
    super::online_maintain::BusinessError,
    super::query_status::BusinessError,
);

/// The `error` code of a reply, resolved against the tables in this order:
///
/// 1. the service's **business** codes (so `SYSTEM_ERROR`, listed both as a business and
///    as a system code, resolves to `Business`, whose action text the service documents),
/// 2. the family's **access** codes,
/// 3. the family's **system** codes,
/// 4. otherwise **unknown**, kept verbatim.
pub enum ErrorCode<S: Service> {
    /// A business code of the service.
    Business(S::BusinessError),
    /// An access code (signature, partner, charset problems).
    Access(AccessError),
    /// A system code.
    System(SystemError),
    /// A code no table lists, as received.
    Unknown(String),
}

impl<S: Service> ErrorCode<S>
where
    S::BusinessError: CodeEnum,
{
    /// Resolves `code` in the documented order (see the type's docs).
    pub fn parse(code: &str) -> Self {
        if let Some(business) = S::BusinessError::try_parse(code) {
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

    /// The code as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Business(code) => code.as_str(),
            Self::Access(code) => WireEnum::as_str(code),
            Self::System(code) => WireEnum::as_str(code),
            Self::Unknown(code) => code,
        }
    }

    /// Whether the docs say to try again later (`SYSTEM_ERROR`, `SESSION_TIMEOUT`, …);
    /// `false` for unknown codes.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Business(code) => code.is_retryable(),
            Self::Access(code) => CodeEnum::is_retryable(code),
            Self::System(code) => CodeEnum::is_retryable(code),
            Self::Unknown(_) => false,
        }
    }

    /// The documented description; `None` for unknown codes.
    pub fn description(&self) -> Option<&'static str> {
        match self {
            Self::Business(code) => code.description(),
            Self::Access(code) => CodeEnum::description(code),
            Self::System(code) => CodeEnum::description(code),
            Self::Unknown(_) => None,
        }
    }
}

impl<S: Service> fmt::Debug for ErrorCode<S>
where
    S::BusinessError: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Business(code) => f.debug_tuple("Business").field(code).finish(),
            Self::Access(code) => f.debug_tuple("Access").field(code).finish(),
            Self::System(code) => f.debug_tuple("System").field(code).finish(),
            Self::Unknown(code) => f.debug_tuple("Unknown").field(code).finish(),
        }
    }
}

impl<S: Service> Clone for ErrorCode<S>
where
    S::BusinessError: Clone,
{
    fn clone(&self) -> Self {
        match self {
            Self::Business(code) => Self::Business(code.clone()),
            Self::Access(code) => Self::Access(code.clone()),
            Self::System(code) => Self::System(code.clone()),
            Self::Unknown(code) => Self::Unknown(code.clone()),
        }
    }
}

impl<S: Service> PartialEq for ErrorCode<S>
where
    S::BusinessError: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Business(a), Self::Business(b)) => a == b,
            (Self::Access(a), Self::Access(b)) => a == b,
            (Self::System(a), Self::System(b)) => a == b,
            (Self::Unknown(a), Self::Unknown(b)) => a == b,
            _ => false,
        }
    }
}
