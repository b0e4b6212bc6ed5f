//! The `timestamp_not_gmt8` check: an overseas `timestamp` must be GMT+8 wall-clock time, and
//! the gateway refuses a request more than 30 minutes away from its own clock.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use alipay_proto::overseas::gateway::REQUEST_LIFETIME;

use crate::cause::{Cause, Finding};
use crate::error::InputError;

/// When the request was sent (`--sent-at`).
#[derive(Debug, Clone, Copy)]
pub struct SentAt(OffsetDateTime);

impl SentAt {
    /// Parses `now` or an RFC 3339 time such as `2026-12-02T08:30:00Z`.
    ///
    /// # Errors
    /// [`InputError::SentAt`] for anything else.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        if text == "now" {
            return Ok(Self(OffsetDateTime::now_utc()));
        }
        OffsetDateTime::parse(text, &Rfc3339)
            .map(Self)
            .map_err(|_| InputError::SentAt {
                found: text.to_owned(),
            })
    }

    /// A finding when `timestamp`, read as GMT+8, is more than 30 minutes from the send time
    /// but within them when read in another whole-hour offset (which it then names).
    pub fn check(&self, timestamp: Option<&str>) -> Option<Finding> {
        let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        let local = PrimitiveDateTime::parse(timestamp?, format).ok()?;
        let near = |hours: i8| {
            let offset = UtcOffset::from_hms(hours, 0, 0).ok()?;
            let gap = (local.assume_offset(offset) - self.0).abs();
            (gap <= REQUEST_LIFETIME).then_some(gap)
        };
        if near(8).is_some() {
            return None;
        }
        let hours = (-12..=14).find(|&hours| near(hours).is_some())?;
        Some(Finding {
            code: Cause::TimestampNotGmt8,
            detail: format!(
                "timestamp {} is UTC{hours:+} time, not GMT+8 (off by {} h)",
                timestamp?,
                8 - i32::from(hours)
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent() -> SentAt {
        SentAt::parse("2026-12-02T00:20:00Z").unwrap()
    }

    #[test]
    fn gmt8_time_passes() {
        assert_eq!(sent().check(Some("2026-12-02 08:20:00")), None);
        assert_eq!(sent().check(Some("2026-12-02 08:49:59")), None);
    }

    #[test]
    fn utc_time_is_named() {
        let finding = sent().check(Some("2026-12-02 00:21:00")).unwrap();
        assert_eq!(finding.code, Cause::TimestampNotGmt8);
        assert!(finding.detail.contains("UTC+0"), "{}", finding.detail);
    }

    #[test]
    fn far_or_unreadable_timestamps_are_no_finding() {
        assert_eq!(sent().check(Some("2020-01-01 00:00:00")), None);
        assert_eq!(sent().check(Some("yesterday")), None);
        assert_eq!(sent().check(None), None);
        assert!(SentAt::parse("2026-12-02 00:20:00").is_err());
    }
}
