//! `/gateway.do`: the three overseas services.

use std::collections::BTreeMap;
use std::sync::Arc;

use alipay_proto::overseas::gateway::{Incoming, Refusal};
use alipay_proto::overseas::offline_maintain::OfflineMaintain;
use alipay_proto::overseas::online_maintain::OnlineMaintain;
use alipay_proto::overseas::query_status::{self, MerchantStatus, PaymentMethod, QueryStatus};
use alipay_proto::overseas::{DecodeLimits, RawReply};
use alipay_proto::service::Overseas;
use alipay_proto::validate::{Violation, WireEnum, WireStruct};
use alipay_proto::{Family as _, Service};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::App;
use crate::journal::{self, Start, Why};
use crate::review::{self, Outcome, Submission};
use crate::store::Key;

/// Fields an update of an approved registration may not change, with the documented code
/// (offline.maintain and online.maintain business codes).
const LOCKED: &[(&str, &str)] = &[
    ("secondary_merchant_name", "BUSINESS_NAME_UPDATE_FORBIDDEN"),
    ("registration_no", "REGISTRATION_NO_UPDATE_FORBIDDEN"),
    ("register_country", "REGISTER_COUNTRY_UPDATE_FORBIDDEN"),
    ("secondary_merchant_type", "MERCHANT_TYPE_UPDATE_FORBIDDEN"),
    (
        "representative_name",
        "REPRESENTATIVE_NAME_UPDATE_FORBIDDEN",
    ),
    ("representative_id", "REPRESENTATIVE_ID_UPDATE_FORBIDDEN"),
];

/// offline.maintain also refuses a changed MCC.
const OFFLINE_LOCKED: &[(&str, &str)] = &[("store_industry", "MCC_CAN_NOT_MODIFY")];

/// Registration countries online.maintain refuses with `REGISTER_COUNTRY_FORBIDDEN`
/// ("within the scope of the anti-money-laundering countries"): the FATF call-for-action list.
const RESTRICTED_COUNTRIES: [&str; 3] = ["KP", "IR", "MM"];

/// The XML reply of one request; the reply is built after the registration has committed.
pub async fn gateway_do(State(app): State<Arc<App>>, request: Request) -> Response {
    let start = Start::now(request.method(), request.uri().path());
    let request = match crate::buffered(request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let mut why = Why::default();
    let mut service = None;
    let now = app.request_clock();
    let reply = match app.overseas.open(&request, now) {
        Err(refusal) => {
            let query = request.uri().query().unwrap_or_default();
            let body = (request.method() == http::Method::POST)
                .then(|| std::str::from_utf8(request.body()).ok())
                .flatten();
            why = journal::overseas_refusal(&refusal, query, body, &app.keys, now);
            app.overseas.refuse(None, &refusal)
        }
        Ok(incoming) => {
            service = Some(incoming.service().to_owned());
            match incoming.service() {
                OfflineMaintain::NAME => {
                    maintain::<OfflineMaintain>(&app, &incoming, OFFLINE_LOCKED, &mut why).await
                }
                OnlineMaintain::NAME => {
                    maintain::<OnlineMaintain>(&app, &incoming, &[], &mut why).await
                }
                _ => query(&app, &incoming, &mut why).await,
            }
        }
    };
    let outcome = match &reply {
        Ok(xml) => outcome_of(xml),
        Err(_) => "SYSTEM_ERROR".to_owned(),
    };
    app.journal
        .record(start.entry("overseas", service, outcome, why));
    match reply {
        Ok(xml) => ([(CONTENT_TYPE, "text/xml; charset=UTF-8")], xml).into_response(),
        Err(error) => crate::internal_error(&error),
    }
}

/// The code a reply carries: its `error`, its `result_code`, or `SUCCESS`.
fn outcome_of(xml: &[u8]) -> String {
    let Ok(reply) = RawReply::parse(xml, DecodeLimits::default()) else {
        return "UNREADABLE_REPLY".to_owned();
    };
    if let Some(error) = reply.error() {
        return error.to_owned();
    }
    reply
        .response()
        .find(|(name, _)| *name == "result_code")
        .map_or_else(|| "SUCCESS".to_owned(), |(_, code)| code.to_owned())
}

/// A refusal after decoding: the reason and each broken rule.
fn decode_refusal(refusal: &Refusal, why: &mut Why) {
    why.reason = Some(refusal.to_string());
    why.diagnosis = match refusal {
        Refusal::Invalid(report) => Some(journal::Diagnosis::ParamIllegal {
            violations: journal::violations(report),
        }),
        Refusal::Form { field, message } => Some(journal::Diagnosis::ParamIllegal {
            violations: vec![journal::FieldRule {
                field: field.clone(),
                rule: message.clone(),
            }],
        }),
        _ => None,
    };
}

type Reply = Result<Vec<u8>, alipay_proto::sign::SignError>;

/// offline.maintain and online.maintain: validate, file, answer. `extra_locked`: fields
/// this service locks besides [`LOCKED`].
async fn maintain<S: Service<Family = Overseas>>(
    app: &App,
    incoming: &Incoming,
    extra_locked: &[(&'static str, &'static str)],
    why: &mut Why,
) -> Reply
where
    S::Request: DeserializeOwned,
    S::Reply: WireStruct + Default,
{
    let decoded = match incoming.decode::<S>() {
        Ok(decoded) => decoded,
        Err(refusal) => {
            decode_refusal(&refusal, why);
            return app.overseas.refuse(Some(incoming), &refusal);
        }
    };
    let request = &decoded.request;
    let text = |name| request.wire_text(name).unwrap_or_default();
    if S::NAME == OnlineMaintain::NAME
        && RESTRICTED_COUNTRIES.contains(&text("register_country").as_str())
    {
        return fail::<S>(app, incoming, "REGISTER_COUNTRY_FORBIDDEN");
    }
    let fields: Map<String, Value> = request
        .wire_params()
        .into_iter()
        .map(|(name, value)| (name.to_owned(), Value::from(value)))
        .collect();
    let submission = Submission {
        key: key(text("secondary_merchant_id"), text("store_id")),
        service: S::NAME.to_owned(),
        fields,
        locked: LOCKED.iter().chain(extra_locked).copied().collect(),
        review_failure: review_failure(&decoded.warnings),
    };
    match app.submit(submission).await {
        Ok(Outcome::Accepted(_)) => app.overseas.reply::<S>(incoming, &S::Reply::default()),
        Ok(Outcome::Refused(code)) => fail::<S>(app, incoming, code),
        Err(_) => fail::<S>(app, incoming, "SYSTEM_ERROR"),
    }
}

/// queryStatus: the stored registration, or `DATA_NOT_EXIST`.
async fn query(app: &App, incoming: &Incoming, why: &mut Why) -> Reply {
    let decoded = match incoming.decode::<QueryStatus>() {
        Ok(decoded) => decoded,
        Err(refusal) => {
            decode_refusal(&refusal, why);
            return app.overseas.refuse(Some(incoming), &refusal);
        }
    };
    let request = decoded.request;
    let key = key(
        request.secondary_merchant_id,
        request.store_id.unwrap_or_default(),
    );
    match app.current(key).await {
        Ok(Some(found)) => {
            let payload = query_reply(&found, app.overseas.partner());
            app.overseas.reply::<QueryStatus>(incoming, &payload)
        }
        Ok(None) => fail::<QueryStatus>(app, incoming, "DATA_NOT_EXIST"),
        Err(_) => fail::<QueryStatus>(app, incoming, "SYSTEM_ERROR"),
    }
}

/// The queryStatus payload of a stored registration: its status, and the registered values
/// the reply documents (a stored value the reply does not carry is left out).
fn query_reply(found: &crate::store::Registration, partner: &str) -> query_status::Reply {
    let mut fields: BTreeMap<String, String> =
        serde_json::from_str(&found.fields).unwrap_or_default();
    fields.insert("status".to_owned(), found.status.clone());
    let store_status = match (found.archived, found.status.as_str()) {
        (true, _) => "ARCHIVED",
        (false, review::SUCCESS) => "ACTIVATED",
        _ => "INACTIVATE",
    };
    // Every reply field is a string or an open enum: the stored params always fit.
    let mut payload: query_status::Reply = serde_json::from_value(
        serde_json::to_value(&fields).unwrap_or_default(),
    )
    .unwrap_or_else(|_| {
        query_status::Reply::new(query_status::ReplyRequired {
            status: MerchantStatus::parse(&found.status),
        })
    });
    payload.reject_reason.clone_from(&found.reject_reason);
    payload.partner_id = Some(partner.to_owned());
    payload.payment_method =
        (!found.key.store_id.is_empty()).then_some(PaymentMethod::InstorePayment);
    payload.store_status = Some(query_status::StoreStatus::parse(store_status));
    payload
}

fn fail<S: Service>(app: &App, incoming: &Incoming, code: &str) -> Reply {
    app.overseas.fail(incoming, &S::BusinessError::parse(code))
}

fn key(merchant_id: String, store_id: String) -> Key {
    Key {
        family: Overseas::NAME.to_owned(),
        merchant_id,
        store_id,
    }
}

/// The review rules a request breaks (its validation warnings), as a reject reason.
pub fn review_failure(warnings: &[Violation]) -> Option<String> {
    let reasons: Vec<String> = warnings.iter().map(Violation::to_string).collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}
