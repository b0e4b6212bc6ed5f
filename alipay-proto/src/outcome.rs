//! What a call came to, the same way for both families.
//!
//! A reply that decodes is not yet a success: Alipay answers business failures with a
//! well-formed, signed reply. `into_outcome()` and `into_result()` on
//! [`overseas::Reply`](crate::overseas::Reply) and [`intl::Reply`](crate::intl::Reply) turn
//! it into one of three cases:
//!
//! - **success**: the service's typed payload;
//! - **failed**: the call did not take effect; a [`Fault`] carries the typed code
//!   ([`overseas::ErrorCode`](crate::overseas::ErrorCode) or
//!   [`intl::ErrorCode`](crate::intl::ErrorCode)), whose [`Code::next_step`] says what to do
//!   next ([`NextStep`]: retry the same request, prepare it again, query the status first, fix
//!   the request or the setup, contact Alipay);
//! - **unknown**: the call may or may not have taken effect (intl status `U`, or an overseas
//!   `result_code` the docs do not list). Query the state, or retry the same request; never
//!   assume either way.
//!
//! ```
//! use alipay_proto::outcome::{CallError, Code, NextStep};
//!
//! fn handle<C: Code>(result: Result<(), CallError<C>>) -> &'static str {
//!     match result {
//!         Ok(()) => "done",
//!         Err(CallError::Failed(fault)) => match fault.code.next_step() {
//!             Some(NextStep::RetrySame) => "send the same request again later",
//!             Some(NextStep::PrepareAgain) => "prepare it again: new timestamp and signature",
//!             Some(NextStep::QueryStatusFirst) => "query the status; wait while under review",
//!             Some(NextStep::FixRequest) => "fix this request",
//!             Some(NextStep::FixSetup) => "fix the keys or account setup: every call fails",
//!             Some(NextStep::ContactAlipay) => "ask Alipay",
//!             _ => "read the code and its message",
//!         },
//!         Err(CallError::Unknown(_)) => "query, then decide",
//!     }
//! }
//! # let _ = handle::<alipay_proto::overseas::ErrorCode<
//! #     alipay_proto::overseas::query_status::BusinessError>>(Ok(()));
//! ```

use std::fmt;

use crate::validate::WireEnum;

/// A documented error or result code: what it is, what it means, what to do.
///
/// Implemented by every generated code enum (through [`CodeEnum`]) and by the families'
/// resolved codes, [`overseas::ErrorCode`](crate::overseas::ErrorCode) and
/// [`intl::ErrorCode`](crate::intl::ErrorCode).
pub trait Code: fmt::Debug + fmt::Display {
    /// The code as sent on the wire.
    fn code(&self) -> &str;
    /// What the code means, as documented; `None` for a code the docs do not list.
    fn description(&self) -> Option<&'static str>;
    /// What the caller should do, in the docs' words, where documented.
    fn action(&self) -> Option<&'static str>;
    /// What the caller should do next, as one typed value (the spec records each code's
    /// choice and its source); `None` for a code the docs do not list.
    fn next_step(&self) -> Option<NextStep>;
    /// Whether sending the same prepared request again later can succeed: the code's
    /// [`NextStep`] is [`NextStep::RetrySame`]. `false` for a code the docs do not list, and
    /// for [`NextStep::PrepareAgain`] (the same request fails again: it needs a fresh
    /// timestamp and signature) and [`NextStep::QueryStatusFirst`] (resubmitting while a
    /// review runs fails until it ends).
    fn is_retryable(&self) -> bool {
        self.next_step().is_some_and(NextStep::is_retryable)
    }
}

pub use alipay_proto_classes::NextStep;

/// A generated table of documented codes (`AccessError`, `SystemError`, `ResultCode`, each
/// service's `BusinessError`): a [`Code`] with the open-enum behaviour of [`WireEnum`].
/// `#[derive(WireEnum)]` with `#[wire(codes)]` implements it.
pub trait CodeEnum: Code + WireEnum {}

/// A call that did not succeed: its typed code and, where the family sends one, its message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fault<C> {
    /// The code, resolved against the documented tables.
    pub code: C,
    /// The numeric code ID, where the family sends one (intl `resultCodeId`).
    pub code_id: Option<String>,
    /// The message, where the family sends one (intl `resultMsg`).
    pub message: Option<String>,
}

impl<C> Fault<C> {
    /// A fault with `code` and no ID or message.
    pub fn new(code: C) -> Self {
        Self {
            code,
            code_id: None,
            message: None,
        }
    }

    /// Sets the code ID.
    #[must_use]
    pub fn with_code_id(mut self, code_id: Option<String>) -> Self {
        self.code_id = code_id;
        self
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = message;
        self
    }
}

impl<C: Code> fmt::Display for Fault<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.code())?;
        if let Some(description) = self.code.description() {
            write!(f, " ({description})")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// What a decoded reply says about the call: see the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T, C> {
    /// The call succeeded; the service's typed payload.
    Success(T),
    /// The call failed and did not take effect.
    Failed(Fault<C>),
    /// The call may or may not have taken effect: query again (or retry the same request),
    /// never assume.
    Unknown(Fault<C>),
}

impl<T, C> Outcome<T, C> {
    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success(_))
    }

    /// The payload, or why there is none.
    ///
    /// # Errors
    /// [`CallError::Failed`] or [`CallError::Unknown`], with the fault.
    pub fn into_result(self) -> Result<T, CallError<C>> {
        match self {
            Self::Success(payload) => Ok(payload),
            Self::Failed(fault) => Err(CallError::Failed(fault)),
            Self::Unknown(fault) => Err(CallError::Unknown(fault)),
        }
    }
}

/// A call that did not succeed, as the error of `into_result()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError<C> {
    /// The call failed and did not take effect; [`Code::next_step`] on the fault's code says
    /// what to do next, [`Code::is_retryable`] whether the same request may succeed later.
    Failed(Fault<C>),
    /// The call may or may not have taken effect: query again, never assume.
    Unknown(Fault<C>),
}

impl<C> CallError<C> {
    /// The fault, whichever case this is.
    pub fn fault(&self) -> &Fault<C> {
        match self {
            Self::Failed(fault) | Self::Unknown(fault) => fault,
        }
    }
}

impl<C: Code> CallError<C> {
    /// Whether trying again can help: always for [`CallError::Unknown`] (after querying), and
    /// for a failure whose code the docs call retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Failed(fault) => fault.code.is_retryable(),
            Self::Unknown(_) => true,
        }
    }
}

impl<C: Code> fmt::Display for CallError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed(fault) => write!(f, "the call failed: {fault}"),
            Self::Unknown(fault) => {
                write!(f, "the outcome is unknown, query before retrying: {fault}")
            }
        }
    }
}

impl<C: Code> std::error::Error for CallError<C> {}

/// `Code` and `Display` for a family's `ErrorCode<B>`: an enum with an `Unknown(String)` variant
/// (the code as received) and a `known()` method giving the table's code for every other
/// variant. Both families' error codes answer the same way through this one definition.
macro_rules! error_code_impls {
    ($ty:ident) => {
        impl<B: $crate::outcome::CodeEnum> $crate::outcome::Code for $ty<B> {
            fn code(&self) -> &str {
                match self {
                    Self::Unknown(code) => code,
                    known => known.known().map_or("", $crate::outcome::Code::code),
                }
            }

            fn description(&self) -> Option<&'static str> {
                self.known().and_then($crate::outcome::Code::description)
            }

            fn action(&self) -> Option<&'static str> {
                self.known().and_then($crate::outcome::Code::action)
            }

            fn next_step(&self) -> Option<$crate::outcome::NextStep> {
                self.known().and_then($crate::outcome::Code::next_step)
            }
        }

        impl<B: $crate::outcome::CodeEnum> ::std::fmt::Display for $ty<B> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::outcome::Code::code(self))
            }
        }
    };
}
pub(crate) use error_code_impls;
