//! The intl paths: `indirectMerchant.maintain` and `indirectMerchant.archive`.

use std::sync::Arc;

use alipay_proto::intl::archive::{Archive, BusinessError};
use alipay_proto::intl::gateway::{Gateway, Incoming, Refusal, ReplyError, result_info};
use alipay_proto::intl::maintain::{Maintain, OperationType};
use alipay_proto::intl::{ResultCode, ResultInfo, ResultInfoRequired, ResultStatus};
use alipay_proto::service::Intl;
use alipay_proto::{Family as _, Service};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use serde::Serialize;
use time::OffsetDateTime;

use crate::App;
use crate::faults::Faults;
use crate::journal::{self, Start, Why};
use crate::overseas::review_failure;
use crate::review::{self, Outcome, Submission};
use crate::store::Key;

/// The signed JSON reply of one request; built after the registration has committed.
pub async fn endpoint(State(app): State<Arc<App>>, request: Request) -> Response {
    let unknown = request
        .extensions()
        .get::<Faults>()
        .is_some_and(|faults| faults.intl_unknown);
    let start = Start::now(request.method(), request.uri().path());
    let request = match crate::buffered(request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let function = Gateway::function_of(request.uri().path()).unwrap_or_default();
    let now = OffsetDateTime::now_utc();
    let mut why = Why::default();
    let reply = match app.intl.open(&request) {
        Err(rejected) => {
            why = intl_refusal(&app, &rejected.refusal, request.body());
            app.intl.refuse(function, &rejected, now)
        }
        Ok(incoming) => {
            let info = match incoming.function() {
                Maintain::NAME => maintain(&app, &incoming).await,
                _ => archive(&app, &incoming).await,
            };
            match info {
                Ok(_) if unknown => respond(
                    &app,
                    &incoming,
                    result_info(&ResultCode::UnknownException),
                    now,
                ),
                Ok(info) => respond(&app, &incoming, info, now),
                Err(rejected) => {
                    why = intl_refusal(&app, &rejected.refusal, request.body());
                    app.intl.refuse(function, &rejected, now)
                }
            }
        }
    };
    let outcome = match &reply {
        Ok(json) => outcome_of(json),
        Err(_) => "UNKNOWN_EXCEPTION".to_owned(),
    };
    let service = (!function.is_empty()).then(|| function.to_owned());
    app.journal
        .record(start.entry("intl", service, outcome, why));
    match reply {
        Ok(json) => ([(CONTENT_TYPE, "application/json; charset=UTF-8")], json).into_response(),
        Err(error) => crate::internal_error(&error),
    }
}

/// The `resultCode` of a reply.
fn outcome_of(json: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(json)
        .ok()
        .and_then(|reply| {
            reply["response"]["body"]["resultInfo"]["resultCode"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "UNREADABLE_REPLY".to_owned())
}

/// Why an intl request was refused: the sentence, `explain`'s causes for a signature, each
/// field and rule for invalid params.
fn intl_refusal(app: &App, refusal: &Refusal, body: &[u8]) -> Why {
    let diagnosis = match refusal {
        Refusal::Signature(_) => std::str::from_utf8(body)
            .ok()
            .and_then(|body| journal::intl_signature(body, &app.keys)),
        Refusal::Head(report) | Refusal::Body(report) => Some(journal::Diagnosis::ParamIllegal {
            violations: journal::violations(report),
        }),
        _ => None,
    };
    Why {
        reason: Some(refusal.to_string()),
        diagnosis,
    }
}

type Outcomes = Result<ResultInfo, alipay_proto::intl::gateway::Rejected>;

/// Both services' bodies are `resultInfo` alone.
#[derive(Serialize)]
struct Body {
    #[serde(rename = "resultInfo")]
    result_info: ResultInfo,
}

fn respond(
    app: &App,
    incoming: &Incoming,
    result_info: ResultInfo,
    now: OffsetDateTime,
) -> Result<Vec<u8>, ReplyError> {
    app.intl.reply(incoming, &Body { result_info }, now)
}

/// maintain: ADD files a new registration or updates one; MODIFY of an unknown merchant
/// fails with `PROCESS_FAIL`.
async fn maintain(app: &App, incoming: &Incoming) -> Outcomes {
    let decoded = incoming.decode::<Maintain>()?;
    let request = decoded.request;
    let key = key(request.merchant_id.clone());
    let fields = match serde_json::to_value(&request) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => {
            return Ok(failure(
                &ResultCode::ProcessFail,
                "the request cannot be stored",
            ));
        }
    };
    if request.operation_type == OperationType::Modify
        && !matches!(app.current(key.clone()).await, Ok(Some(_)))
    {
        return Ok(failure(
            &ResultCode::ProcessFail,
            "MODIFY of a merchant that is not registered",
        ));
    }
    let submission = Submission {
        key,
        service: Maintain::NAME.to_owned(),
        fields,
        locked: Vec::new(),
        review_failure: review_failure(&decoded.warnings),
    };
    Ok(match app.submit(submission).await {
        Ok(Outcome::Accepted(_)) => result_info(&ResultCode::Success),
        Ok(Outcome::Refused(code)) => failure(&ResultCode::ProcessFail, code),
        Err(_) => result_info(&ResultCode::UnknownException),
    })
}

/// archive: archives a registered merchant, or fails with `MERCHANT_DATA_NOT_FOUND`.
async fn archive(app: &App, incoming: &Incoming) -> Outcomes {
    let request = incoming.decode::<Archive>()?.request;
    let key = key(request.merchant_id);
    let now = crate::unix_now();
    let store = app.store.clone();
    Ok(
        match store.run(move |tx| review::archive(tx, &key, now)).await {
            Ok(true) => result_info(&ResultCode::Success),
            Ok(false) => {
                // The archive business code has no documented ID or status: a general business
                // failure's (PROCESS_FAIL: 00000019, F).
                let code = BusinessError::MerchantDataNotFound;
                let process_fail = result_info(&ResultCode::ProcessFail);
                let info = ResultInfo::new(ResultInfoRequired {
                    result_status: ResultStatus::F,
                    result_code_id: process_fail.result_code_id,
                    result_code: code.as_str().to_owned(),
                });
                info.with_result_msg(code.description().unwrap_or_default())
            }
            Err(_) => result_info(&ResultCode::UnknownException),
        },
    )
}

/// A failure with its documented ID and status and our own message.
fn failure(code: &ResultCode, message: &str) -> ResultInfo {
    result_info(code).with_result_msg(message)
}

fn key(merchant_id: String) -> Key {
    Key {
        family: Intl::NAME.to_owned(),
        merchant_id,
        store_id: String::new(),
    }
}
