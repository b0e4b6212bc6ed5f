//! The `timestamp_not_gmt8` check: an overseas `timestamp` must be GMT+8 wall-clock time, and
//! the gateway refuses a request more than 30 minutes away from its own clock.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use alipay_proto::overseas::gateway::REQUEST_LIFETIME;
use alipay_proto::overseas::{TIMESTAMP_OFFSET, parse_gmt8_timestamp};

use crate::cause::{Cause, Finding};
use crate::error::InputError;

/// When the request was sent (`--sent-at`).
#[derive(Debug, Clone, Copy)]
pub struct SentAt(OffsetDateTime);

impl SentAt {
    /// The send time `at` (a gateway's clock when the request arrived).
    pub fn at(at: OffsetDateTime) -> Self {
        Self(at)
    }

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

    /// What the gateway says about `timestamp` sent at this time, when it refuses it.
    ///
    /// Read as GMT+8, a timestamp within 30 minutes of the send time passes. Otherwise it is a
    /// wrong offset ([`Cause::TimestampNotGmt8`]) only when the gap is within
    /// [`OFFSET_SLACK`] of a whole number of hours (a clock in another zone, give or take the
    /// minutes a request takes to be sent), and that zone is a real one (UTC-12 to UTC+14);
    /// any other gap is a stale (or early) request, reported as such with its minutes and no
    /// cause, since no single mistake explains it.
    pub fn check(&self, timestamp: Option<&str>) -> Option<Verdict> {
        // The library's reading of the param: GMT+8 wall-clock time.
        let text = timestamp?;
        let sent = parse_gmt8_timestamp(text)?;
        // Positive: the request was sent after its timestamp.
        let late = self.0 - sent;
        if late.abs() <= REQUEST_LIFETIME {
            return None;
        }
        let minutes = late.whole_minutes();
        let hours = (late.whole_seconds() + 1800).div_euclid(3600);
        let off = (late - Duration::hours(hours)).abs();
        // The zone the timestamp was written in: GMT+8 minus the whole hours it is off by.
        let zone = i64::from(TIMESTAMP_OFFSET.whole_hours()) - hours;
        if hours != 0 && off <= OFFSET_SLACK && (-12..=14).contains(&zone) {
            return Some(Verdict::Finding(Finding {
                code: Cause::TimestampNotGmt8,
                detail: format!(
                    "timestamp {text} is UTC{zone:+} time, not GMT+8 (off by {hours} h, {} min from a whole hour)",
                    off.whole_minutes()
                ),
            }));
        }
        let allowed = REQUEST_LIFETIME.whole_minutes();
        Some(Verdict::Note(if minutes > 0 {
            format!(
                "sent {minutes} minutes after its timestamp; the gateway allows {allowed} (SESSION_TIMEOUT): sign just before sending, with a synchronised clock"
            )
        } else {
            format!(
                "sent {} minutes before its timestamp; the gateway allows {allowed} (SESSION_TIMEOUT): the signing clock runs fast",
                -minutes
            )
        }))
    }
}

/// How far from a whole number of hours a gap may be and still be read as a wrong offset.
pub const OFFSET_SLACK: Duration = Duration::minutes(5);

/// What the timestamp check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The timestamp is in another whole-hour offset.
    Finding(Finding),
    /// The request is stale or early by a gap no offset explains: a note, no cause.
    Note(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent() -> SentAt {
        SentAt::parse("2026-12-02T00:20:00Z").unwrap()
    }

    fn finding(v: Option<Verdict>) -> Finding {
        match v {
            Some(Verdict::Finding(f)) => f,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gmt8_time_passes() {
        assert_eq!(sent().check(Some("2026-12-02 08:20:00")), None);
        assert_eq!(sent().check(Some("2026-12-02 08:49:59")), None);
    }

    #[test]
    fn utc_time_is_named() {
        let finding = finding(sent().check(Some("2026-12-02 00:21:00")));
        assert_eq!(finding.code, Cause::TimestampNotGmt8);
        assert!(finding.detail.contains("UTC+0"), "{}", finding.detail);
    }

    #[test]
    fn a_stale_request_is_no_offset() {
        // Sent 31, 47, 90 and 200 minutes late (GMT+8 08:20 is 00:20 UTC).
        for late in [
            "2026-12-02 07:49:00",
            "2026-12-02 07:33:00",
            "2026-12-02 06:50:00",
            "2026-12-02 05:00:00",
        ] {
            match sent().check(Some(late)) {
                Some(Verdict::Note(note)) => {
                    assert!(note.contains("the gateway allows 30"), "{note}")
                }
                other => panic!("{late}: {other:?}"),
            }
        }
        // 121 minutes late: two hours and a minute is a UTC+6 clock.
        assert_eq!(
            finding(sent().check(Some("2026-12-02 06:19:00"))).code,
            Cause::TimestampNotGmt8
        );
    }

    #[test]
    fn unreadable_timestamps_are_no_finding() {
        assert_eq!(sent().check(Some("yesterday")), None);
        assert_eq!(sent().check(None), None);
        assert!(SentAt::parse("2026-12-02 00:20:00").is_err());
    }
}
