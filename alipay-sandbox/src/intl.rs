//! The intl paths: every function of the registry ([`FunctionId`]), each answered by the code
//! of its kind (register/update, query, archive), generic over the service type.

use std::pin::Pin;
use std::sync::Arc;

use alipay_proto::intl::gateway::{Incoming, Refusal, Rejected, ReplyError, result_info};
use alipay_proto::intl::{CONTENT_TYPE_JSON, DEFAULT_MAX_REPLY_BYTES, FunctionId, RawReply};
use alipay_proto::intl::{ResultCode, ResultInfo, ResultInfoRequired, ResultStatus};
use alipay_proto::outcome::Code;
use alipay_proto::service::Intl;
use alipay_proto::validate::WireEnum;
use alipay_proto::{Family as _, Kind, Service, Visitor};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::App;
use crate::faults::Faults;
use crate::journal::{self, Start, Why};
use crate::overseas::review_failure;
use crate::review::{self, Outcome, Submission};
use crate::store::Key;

/// The body field every intl reply carries its outcome in.
const RESULT_INFO: &str = "resultInfo";
/// The body field that files an intl registration: the partner's merchant.
const MERCHANT: &str = "merchantId";
/// The body field of a store (OFFLINE payments), top level or inside `storeInfo`.
const STORE: &str = "storeId";
/// The body field that says ONLINE or OFFLINE, top level or in `sellerInfo`.
const SCENE: &str = "paymentScene";
/// The scene whose registrations are filed per store.
const OFFLINE: &str = "OFFLINE";
/// maintain's `operationType` and the value that updates an existing record.
const OPERATION: (&str, &str) = ("operationType", "MODIFY");

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
    let path = FunctionId::from_path(request.uri().path());
    // A path that names no function: the journal shows no function (the gateway refuses it).
    let function = path.map(FunctionId::name).unwrap_or_default();
    let now = OffsetDateTime::now_utc();
    let mut why = Why::default();
    let reply = match app.intl.open(&request) {
        Err(rejected) => {
            why = intl_refusal(&app, &rejected.refusal, request.body());
            app.intl.refuse(function, &rejected, now)
        }
        // `open` refuses a head whose function is not the path's, a path of the registry.
        Ok(incoming) => match FunctionId::from_wire(incoming.function()) {
            Some(id) => {
                let serve = Serve {
                    app: &app,
                    incoming: &incoming,
                    now,
                    unknown,
                };
                match id.visit(serve).await {
                    Ok(reply) => reply,
                    Err(rejected) => {
                        why = intl_refusal(&app, &rejected.refusal, request.body());
                        app.intl.refuse(function, &rejected, now)
                    }
                }
            }
            None => app.intl.fail(&incoming, &ResultCode::ApiIsInvalid, now),
        },
    };
    let outcome = match &reply {
        Ok(json) => outcome_of(json),
        Err(_) => "UNKNOWN_EXCEPTION".to_owned(),
    };
    let service = (!function.is_empty()).then(|| function.to_owned());
    app.journal
        .record(start.entry("intl", service, outcome, why));
    match reply {
        Ok(json) => ([(CONTENT_TYPE, CONTENT_TYPE_JSON)], json).into_response(),
        Err(error) => crate::internal_error(&error),
    }
}

/// The `resultCode` of a reply, read by the library's reply reader.
fn outcome_of(json: &[u8]) -> String {
    RawReply::parse(json, DEFAULT_MAX_REPLY_BYTES)
        .ok()
        .and_then(|reply| reply.result_info_unverified().ok())
        .map_or_else(|| "UNREADABLE_REPLY".to_owned(), |info| info.result_code)
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

/// The reply body (`resultInfo` and the service's other reply fields), or a refusal.
type Answer = Result<Map<String, Value>, Rejected>;

/// The answer to one request, chosen by the kind of its function.
struct Serve<'a> {
    app: &'a App,
    incoming: &'a Incoming,
    /// The reply's `respTime`.
    now: OffsetDateTime,
    /// The `intl_unknown` fault: the call takes effect, and the reply says `UNKNOWN_EXCEPTION`.
    unknown: bool,
}

impl<'a> Visitor<Intl> for Serve<'a> {
    /// The signed reply, or the refusal to answer with [`Gateway::refuse`](alipay_proto::intl::gateway::Gateway::refuse).
    type Output =
        Pin<Box<dyn Future<Output = Result<Result<Vec<u8>, ReplyError>, Rejected>> + Send + 'a>>;

    fn visit<S: Service<Family = Intl>>(self) -> Self::Output {
        let Serve {
            app,
            incoming,
            now,
            unknown,
        } = self;
        Box::pin(async move {
            let fields = match S::KIND {
                Kind::Maintain => maintain::<S>(app, incoming).await,
                Kind::Query => query::<S>(app, incoming).await,
                Kind::Archive => archive::<S>(app, incoming).await,
            }?;
            if unknown {
                return Ok(app.intl.fail(incoming, &ResultCode::UnknownException, now));
            }
            // `typed` fit the fields to `S::Reply`: read them as one.
            Ok(
                match serde_json::from_value::<S::Reply>(Value::Object(fields)) {
                    Ok(reply) => app.intl.reply::<S>(incoming, &reply, now),
                    Err(_) => app.intl.fail(incoming, &ResultCode::UnknownException, now),
                },
            )
        })
    }
}

/// A reply body: `resultInfo` and `fields`, as any reply is.
fn body(result_info: ResultInfo, mut fields: Map<String, Value>) -> Map<String, Value> {
    fields.insert(
        RESULT_INFO.to_owned(),
        // A struct of strings: serializing it cannot fail.
        serde_json::to_value(result_info).unwrap_or_default(),
    );
    fields
}

/// A reply body of `S`: `resultInfo` and those of `fields` that `S::Reply` documents (read
/// into the typed reply and written back, so no stored value the reply does not document is
/// sent); `UNKNOWN_EXCEPTION` when they do not fit it.
fn typed<S: Service<Family = Intl>>(
    info: ResultInfo,
    fields: Map<String, Value>,
) -> Map<String, Value> {
    let reply = serde_json::from_value::<S::Reply>(Value::Object(body(info, fields)));
    match reply.map(serde_json::to_value) {
        Ok(Ok(Value::Object(fields))) => fields,
        _ => body(result_info(&ResultCode::UnknownException), Map::new()),
    }
}

/// The validated request body of `S` as a JSON object.
fn decode<S: Service<Family = Intl>>(
    incoming: &Incoming,
) -> Result<(Map<String, Value>, Option<String>), Rejected> {
    let decoded = incoming.decode::<S>()?;
    let failure = review_failure(&decoded.warnings);
    match serde_json::to_value(&decoded.request) {
        Ok(Value::Object(fields)) => Ok((fields, failure)),
        _ => Ok((Map::new(), failure)),
    }
}

/// Register or update: `MODIFY` of an unknown merchant fails with `PROCESS_FAIL`; anything
/// else files a registration (or an update of one).
async fn maintain<S: Service<Family = Intl>>(app: &App, incoming: &Incoming) -> Answer {
    let (fields, review_failure) = decode::<S>(incoming)?;
    // The values the spec says the service refuses to register (`refused_values`).
    let refused = S::REFUSED_VALUES.iter().find(|rule| {
        let value = fields.get(rule.field).and_then(Value::as_str);
        value.is_some_and(|value| rule.values.contains(&value))
    });
    if let Some(rule) = refused {
        return Ok(typed::<S>(business::<S>(rule.code), Map::new()));
    }
    let key = key(&fields);
    let modify = fields.get(OPERATION.0).and_then(Value::as_str) == Some(OPERATION.1);
    if modify && !matches!(app.current(key.clone()).await, Ok(Some(_))) {
        let info = failure(
            &ResultCode::ProcessFail,
            "MODIFY of a merchant that is not registered",
        );
        return Ok(typed::<S>(info, Map::new()));
    }
    let submission = Submission {
        key,
        service: S::NAME.to_owned(),
        fields,
        // The fields the spec says an update may not change (`update_rules`).
        locked: S::UPDATE_RULES.to_vec(),
        review_failure,
    };
    let info = match app.submit(submission).await {
        Ok(Outcome::Accepted(_)) => result_info(&ResultCode::Success),
        Ok(Outcome::Refused(code)) => failure(&ResultCode::ProcessFail, code),
        Err(_) => result_info(&ResultCode::UnknownException),
    };
    Ok(typed::<S>(info, Map::new()))
}

/// Query: the registration the request names (its merchant and, for a store, the store):
/// `SUCCESS` with the review status as `resultMsg` (and the stored values under the reply's
/// documented names), or `MERCHANT_DATA_NOT_FOUND`.
async fn query<S: Service<Family = Intl>>(app: &App, incoming: &Incoming) -> Answer {
    let (asked, _) = decode::<S>(incoming)?;
    Ok(match app.current(key(&asked)).await {
        Ok(Some(found)) => {
            let mut stored = found.fields;
            stored.extend(asked);
            let message = match &found.reject_reason {
                Some(reason) => format!("{}: {reason}", found.status),
                None => found.status.clone(),
            };
            let info = failure(&ResultCode::Success, &message);
            typed::<S>(info, stored)
        }
        Ok(None) => typed::<S>(business::<S>(NOT_FOUND), Map::new()),
        Err(_) => typed::<S>(result_info(&ResultCode::UnknownException), Map::new()),
    })
}

/// Archive: archives the registration the request names, or `MERCHANT_DATA_NOT_FOUND`.
async fn archive<S: Service<Family = Intl>>(app: &App, incoming: &Incoming) -> Answer {
    let (asked, _) = decode::<S>(incoming)?;
    let key = key(&asked);
    let now = crate::unix_now();
    let store = app.store.clone();
    let info = match store.run(move |tx| review::archive(tx, &key, now)).await {
        Ok(true) => result_info(&ResultCode::Success),
        Ok(false) => business::<S>(NOT_FOUND),
        Err(_) => result_info(&ResultCode::UnknownException),
    };
    Ok(typed::<S>(info, Map::new()))
}

/// The code of a request that names no registration.
const NOT_FOUND: &str = "MERCHANT_DATA_NOT_FOUND";

/// The business code `code` of `S` when it documents one (intl business codes have no
/// documented ID or status: a general business failure's, PROCESS_FAIL's 00000019 and F),
/// otherwise `PROCESS_FAIL` with the code as its message.
fn business<S: Service<Family = Intl>>(code: &str) -> ResultInfo {
    let wire = code;
    let code = S::BusinessError::parse(code);
    let process_fail = result_info(&ResultCode::ProcessFail);
    match code.description() {
        Some(description) => ResultInfo::new(ResultInfoRequired {
            result_status: ResultStatus::F,
            result_code_id: process_fail.result_code_id,
            result_code: code.as_str().to_owned(),
        })
        .with_result_msg(description),
        None => failure(&ResultCode::ProcessFail, wire),
    }
}

/// A result with its documented ID and status and our own message.
fn failure(code: &ResultCode, message: &str) -> ResultInfo {
    result_info(code).with_result_msg(message)
}

/// Where a registration is filed: `merchantId`, and for an OFFLINE one (`paymentScene`, top
/// level or in `sellerInfo`) its store (`storeId`, top level or in `storeInfo`). A `storeId`
/// sent with ONLINE (as archive's documented sample does) names no store.
fn key(fields: &Map<String, Value>) -> Key {
    fn text(value: Option<&Value>) -> &str {
        // Absent or not text: the empty ID, as an unregistered store is filed (see above).
        value.and_then(Value::as_str).unwrap_or_default()
    }
    let nested = |outer: &str, name: &str| fields.get(outer).and_then(|o| o.get(name));
    let scene = fields.get(SCENE).or_else(|| nested("sellerInfo", SCENE));
    let store = match text(scene) {
        OFFLINE => text(fields.get(STORE).or_else(|| nested("storeInfo", STORE))),
        _ => "",
    };
    Key {
        family: Intl::NAME.to_owned(),
        merchant_id: text(fields.get(MERCHANT)).to_owned(),
        store_id: store.to_owned(),
    }
}
