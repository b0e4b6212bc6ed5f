//! The review lifecycle, the same for both families:
//!
//! - a new registration (or one whose last review FAILED, or that was archived) is
//!   `UNDER_REVIEW`; an update of an approved (`SUCCESS`) one is `MODIFICATION_REVIEW`;
//! - a registration whose review is still running answers an update with
//!   `DUPLICATE_REQUEST` ("the previous registration request is still in process");
//! - an update of an approved registration that changes a field the docs say cannot be
//!   updated answers that field's `*_UPDATE_FORBIDDEN` code (and `MCC_CAN_NOT_MODIFY`);
//! - when the review time has passed, the review ends: `FAILED` with a reject reason when the
//!   request broke a **review rule**, `SUCCESS` otherwise. The review rules are the rules the
//!   docs state but the spec can only report as warnings, because a documented sample breaks
//!   them (for instance representative_name and representative_id for an INDIVIDUAL
//!   offline merchant, shareholder fields only for ENTERPRISE):
//!   validation lets such a request through, the review turns it down;
//! - an admin can approve or reject a running or finished review at any time.

use alipay_proto::UpdateRule;
use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::store::{self, Key, Registration};

/// Review states, as queryStatus reports them.
pub const UNDER_REVIEW: &str = "UNDER_REVIEW";
/// See [`UNDER_REVIEW`].
pub const MODIFICATION_REVIEW: &str = "MODIFICATION_REVIEW";
/// See [`UNDER_REVIEW`].
pub const SUCCESS: &str = "SUCCESS";
/// See [`UNDER_REVIEW`].
pub const FAILED: &str = "FAILED";

/// A registration or update as received.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Where it is filed.
    pub key: Key,
    /// The service.
    pub service: String,
    /// The registered values as a JSON object.
    pub fields: Map<String, Value>,
    /// Fields an update may not change, each with the code that refuses the change (the
    /// service's `update_rules` in the spec).
    pub locked: Vec<UpdateRule>,
    /// The review rules it breaks (validation warnings), if any: the reject reason.
    pub review_failure: Option<String>,
}

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Filed, with the review status it now has.
    Accepted(&'static str),
    /// Refused with a documented business code.
    Refused(&'static str),
}

/// Ends the running review of `registration` if its time has passed.
pub fn settle(registration: &mut Registration, now: i64) -> bool {
    let reviewing = [UNDER_REVIEW, MODIFICATION_REVIEW].contains(&registration.status.as_str());
    if !reviewing || now < registration.review_due {
        return false;
    }
    match registration.pending_reason.take() {
        Some(reason) => {
            registration.status = FAILED.to_owned();
            registration.reject_reason = Some(reason);
        }
        None => registration.status = SUCCESS.to_owned(),
    }
    true
}

/// Loads the registration under `key` with its review settled (and saved when it changed).
///
/// # Errors
/// SQLite's error.
pub fn current(
    tx: &Transaction<'_>,
    key: &Key,
    now: i64,
) -> rusqlite::Result<Option<Registration>> {
    let Some(mut registration) = store::load(tx, key)? else {
        return Ok(None);
    };
    if settle(&mut registration, now) {
        store::save(tx, &registration)?;
    }
    Ok(Some(registration))
}

/// Files `submission` (see the module docs for the rules).
///
/// # Errors
/// SQLite's error.
pub fn submit(
    tx: &Transaction<'_>,
    submission: Submission,
    now: i64,
    review_seconds: u64,
) -> rusqlite::Result<Outcome> {
    let previous = current(tx, &submission.key, now)?;
    let status = match &previous {
        Some(p) if [UNDER_REVIEW, MODIFICATION_REVIEW].contains(&p.status.as_str()) => {
            return Ok(Outcome::Refused("DUPLICATE_REQUEST"));
        }
        Some(p) if p.status == SUCCESS && !p.archived => {
            if let Some(code) = forbidden_change(p, &submission) {
                return Ok(Outcome::Refused(code));
            }
            MODIFICATION_REVIEW
        }
        _ => UNDER_REVIEW,
    };
    // A review time beyond i64 seconds is "never": the due time saturates.
    let due = now.saturating_add(i64::try_from(review_seconds).unwrap_or(i64::MAX));
    store::save(
        tx,
        &Registration {
            key: submission.key,
            service: submission.service,
            status: status.to_owned(),
            reject_reason: None,
            pending_reason: submission.review_failure,
            archived: false,
            review_due: due,
            fields: submission.fields,
        },
    )?;
    Ok(Outcome::Accepted(status))
}

/// The code refusing the first locked field the update changes.
fn forbidden_change(previous: &Registration, submission: &Submission) -> Option<&'static str> {
    let before = &previous.fields;
    submission
        .locked
        .iter()
        .find(|rule| before.get(rule.field) != submission.fields.get(rule.field))
        .map(|rule| rule.code)
}

/// Archives the registration under `key`; `false` when there is none.
///
/// # Errors
/// SQLite's error.
pub fn archive(tx: &Transaction<'_>, key: &Key, now: i64) -> rusqlite::Result<bool> {
    let Some(mut registration) = current(tx, key, now)? else {
        return Ok(false);
    };
    registration.archived = true;
    store::save(tx, &registration)?;
    Ok(true)
}

/// Ends the review of `key` by hand: approved (`reason` `None`) or rejected with `reason`.
/// `false` when there is no such registration.
///
/// # Errors
/// SQLite's error.
pub fn decide(tx: &Transaction<'_>, key: &Key, reason: Option<String>) -> rusqlite::Result<bool> {
    let Some(mut registration) = store::load(tx, key)? else {
        return Ok(false);
    };
    registration.status = if reason.is_some() { FAILED } else { SUCCESS }.to_owned();
    registration.reject_reason = reason;
    registration.pending_reason = None;
    store::save(tx, &registration)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const LOCKED: &[UpdateRule] = &[UpdateRule {
        field: "name",
        code: "BUSINESS_NAME_UPDATE_FORBIDDEN",
    }];

    fn submission(name: &str, review_failure: Option<&str>) -> Submission {
        let mut fields = Map::new();
        fields.insert("name".into(), Value::from(name));
        Submission {
            key: Key {
                family: "overseas".into(),
                merchant_id: "m".into(),
                store_id: "s".into(),
            },
            service: "svc".into(),
            fields,
            locked: LOCKED.to_vec(),
            review_failure: review_failure.map(str::to_owned),
        }
    }

    fn submit_at(store: &Store, submission: Submission, now: i64) -> Outcome {
        store
            .run_blocking(|tx| submit(tx, submission, now, 10))
            .unwrap()
    }

    fn status_at(store: &Store, now: i64) -> (String, Option<String>) {
        let key = submission("", None).key;
        let found = store
            .run_blocking(|tx| current(tx, &key, now))
            .unwrap()
            .unwrap();
        (found.status, found.reject_reason)
    }

    #[test]
    fn a_registration_is_reviewed_then_updates_go_through_modification_review() {
        let store = Store::open(":memory:").unwrap();
        assert_eq!(
            submit_at(&store, submission("a", None), 100),
            Outcome::Accepted(UNDER_REVIEW)
        );
        assert_eq!(status_at(&store, 109).0, UNDER_REVIEW);
        assert_eq!(
            submit_at(&store, submission("a", None), 105),
            Outcome::Refused("DUPLICATE_REQUEST")
        );
        assert_eq!(status_at(&store, 110).0, SUCCESS);
        assert_eq!(
            submit_at(&store, submission("b", None), 111),
            Outcome::Refused("BUSINESS_NAME_UPDATE_FORBIDDEN")
        );
        assert_eq!(
            submit_at(&store, submission("a", None), 111),
            Outcome::Accepted(MODIFICATION_REVIEW)
        );
        assert_eq!(status_at(&store, 121).0, SUCCESS);
    }

    #[test]
    fn a_broken_review_rule_fails_the_review_and_a_new_attempt_starts_over() {
        let store = Store::open(":memory:").unwrap();
        submit_at(&store, submission("a", Some("rule")), 0);
        assert_eq!(status_at(&store, 10), (FAILED.into(), Some("rule".into())));
        assert_eq!(
            submit_at(&store, submission("b", None), 11),
            Outcome::Accepted(UNDER_REVIEW)
        );
        assert_eq!(status_at(&store, 11), (UNDER_REVIEW.into(), None));
    }

    #[test]
    fn an_admin_decides_by_hand() {
        let store = Store::open(":memory:").unwrap();
        submit_at(&store, submission("a", None), 0);
        let key = submission("", None).key;
        let reason = Some("by hand".to_owned());
        assert!(store.run_blocking(|tx| decide(tx, &key, reason)).unwrap());
        assert_eq!(
            status_at(&store, 100),
            (FAILED.into(), Some("by hand".into()))
        );
        assert!(store.run_blocking(|tx| decide(tx, &key, None)).unwrap());
        assert_eq!(status_at(&store, 100), (SUCCESS.into(), None));
        let mut other = key.clone();
        other.merchant_id = "x".into();
        assert!(!store.run_blocking(|tx| decide(tx, &other, None)).unwrap());
    }
}
