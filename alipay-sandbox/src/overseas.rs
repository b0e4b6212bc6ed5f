//! `/gateway.do`: every overseas service of the registry ([`ServiceId`]), each answered by the
//! code of its kind (register/update, query, archive), generic over the service type.

use std::pin::Pin;
use std::sync::{Arc, Mutex};

use alipay_proto::overseas::gateway::{Decoded, Incoming, REPLY_CONTENT_TYPE, Refusal};
use alipay_proto::overseas::{DecodeLimits, RawReply, ServiceId};
use alipay_proto::service::Overseas;
use alipay_proto::validate::{Violation, WireEnum, WireStruct};
use alipay_proto::{Family as _, Kind, Service, Visitor};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use crate::App;
use crate::journal::{self, Start, Why};
use crate::review::{self, Outcome, Submission};
use crate::store::Key;

/// The params that file an overseas registration: the merchant and, for a store, the store.
const MERCHANT: &str = "secondary_merchant_id";
/// See [`MERCHANT`].
const STORE: &str = "store_id";

/// The XML reply of one request; the reply is built after the registration has committed.
pub async fn gateway_do(State(app): State<Arc<App>>, request: Request) -> Response {
    let start = Start::now(request.method(), request.uri().path());
    let request = match crate::buffered(request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let why = Mutex::new(Why::default());
    let mut service = None;
    let now = app.request_clock();
    let reply = match app.overseas.open(&request, now) {
        Err(refusal) => {
            *lock(&why) = journal::overseas_refusal(&refusal, &request, &app.keys, now);
            app.overseas.refuse(None, &refusal)
        }
        // `open` refuses every service the registry does not hold.
        Ok(incoming) => {
            service = Some(incoming.service().to_owned());
            match ServiceId::from_wire(incoming.service()) {
                Some(id) => {
                    id.visit(Serve {
                        app: &app,
                        incoming: &incoming,
                        why: &why,
                    })
                    .await
                }
                None => {
                    let found = incoming.service().to_owned();
                    let refusal = Refusal::Service { found };
                    lock(&why).reason = Some(refusal.to_string());
                    app.overseas.refuse(None, &refusal)
                }
            }
        }
    };
    let outcome = match &reply {
        Ok(xml) => outcome_of(xml),
        Err(_) => "SYSTEM_ERROR".to_owned(),
    };
    let why = why.into_inner().unwrap_or_else(|e| e.into_inner());
    app.journal
        .record(start.entry("overseas", service, outcome, why));
    match reply {
        Ok(xml) => ([(CONTENT_TYPE, REPLY_CONTENT_TYPE)], xml).into_response(),
        Err(error) => crate::internal_error(&error),
    }
}

type Reply = Result<Vec<u8>, alipay_proto::sign::SignError>;

fn lock(why: &Mutex<Why>) -> std::sync::MutexGuard<'_, Why> {
    why.lock().unwrap_or_else(|e| e.into_inner())
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

/// The answer to one request, chosen by the kind of its service.
struct Serve<'a> {
    app: &'a App,
    incoming: &'a Incoming,
    /// Why the request was refused, for the log.
    why: &'a Mutex<Why>,
}

impl<'a> Visitor<Overseas> for Serve<'a> {
    type Output = Pin<Box<dyn Future<Output = Reply> + Send + 'a>>;

    fn visit<S: Service<Family = Overseas>>(self) -> Self::Output {
        let Serve { app, incoming, why } = self;
        Box::pin(async move {
            let decoded = match incoming.decode::<S>() {
                Ok(decoded) => decoded,
                Err(refusal) => {
                    decode_refusal(&refusal, &mut lock(why));
                    return app.overseas.refuse(Some(incoming), &refusal);
                }
            };
            let call = Call { app, incoming };
            match S::KIND {
                Kind::Maintain => call.maintain::<S>(&decoded).await,
                Kind::Query => call.query::<S>(&decoded.request).await,
                Kind::Archive => call.archive::<S>(&decoded.request).await,
            }
        })
    }
}

/// A decoded request being answered.
struct Call<'a> {
    app: &'a App,
    incoming: &'a Incoming,
}

impl Call<'_> {
    /// Register or update: check the refused values, file, answer.
    async fn maintain<S: Service<Family = Overseas>>(
        &self,
        decoded: &Decoded<S::Request>,
    ) -> Reply {
        let request = &decoded.request;
        // The values the spec says the service refuses to register (`refused_values`).
        let refused = S::REFUSED_VALUES.iter().find(|rule| {
            let value = request.wire_text(rule.field);
            value.is_some_and(|value| rule.values.contains(&value.as_str()))
        });
        if let Some(rule) = refused {
            return self.fail::<S>(rule.code);
        }
        let submission = Submission {
            key: registration_key(request),
            service: S::NAME.to_owned(),
            fields: wire_map(request),
            // The fields the spec says an update may not change (`update_rules`).
            locked: S::UPDATE_RULES.to_vec(),
            review_failure: review_failure(&decoded.warnings),
        };
        match self.app.submit(submission).await {
            Ok(Outcome::Accepted(_)) => self.reply_with::<S>(Map::new()),
            Ok(Outcome::Refused(code)) => self.fail::<S>(code),
            Err(_) => self.fail::<S>("SYSTEM_ERROR"),
        }
    }

    /// Query: the registration the request names (its merchant and, when sent, its store), or
    /// `DATA_NOT_EXIST`.
    async fn query<S: Service<Family = Overseas>>(&self, request: &S::Request) -> Reply {
        match self.app.current(registration_key(request)).await {
            Ok(Some(found)) => {
                let payload = query_reply(&found, wire_map(request), self.app.overseas.partner());
                self.reply_with::<S>(payload)
            }
            Ok(None) => self.fail::<S>("DATA_NOT_EXIST"),
            Err(_) => self.fail::<S>("SYSTEM_ERROR"),
        }
    }

    /// Archive: archives the registration the request names, or `DATA_NOT_EXIST`.
    async fn archive<S: Service<Family = Overseas>>(&self, request: &S::Request) -> Reply {
        let key = registration_key(request);
        let now = crate::unix_now();
        let store = self.app.store.clone();
        match store.run(move |tx| review::archive(tx, &key, now)).await {
            Ok(true) => self.reply_with::<S>(Map::new()),
            Ok(false) => self.fail::<S>("DATA_NOT_EXIST"),
            Err(_) => self.fail::<S>("SYSTEM_ERROR"),
        }
    }

    /// A success reply whose payload is `S::Reply` read from `fields` (every overseas reply
    /// field is a string or an open enum, so stored params fit); `SYSTEM_ERROR` if they do not.
    fn reply_with<S: Service<Family = Overseas>>(&self, fields: Map<String, Value>) -> Reply {
        match serde_json::from_value::<S::Reply>(Value::Object(fields)) {
            Ok(payload) => self.app.overseas.reply::<S>(self.incoming, &payload),
            Err(_) => self.fail::<S>("SYSTEM_ERROR"),
        }
    }

    fn fail<S: Service>(&self, code: &str) -> Reply {
        self.app
            .overseas
            .fail(self.incoming, &S::BusinessError::parse(code))
    }
}

/// A request's params by wire name, as the store keeps them.
fn wire_map(request: &impl WireStruct) -> Map<String, Value> {
    let params = request.wire_params().into_iter();
    params
        .map(|(name, value)| (name.to_owned(), Value::from(value)))
        .collect()
}

/// The registration a request names. A merchant registered without a store (online
/// services) is filed under the empty store ID, so an absent `store_id` reads as "".
fn registration_key(request: &impl WireStruct) -> Key {
    let text = |name| request.wire_text(name).unwrap_or_default();
    Key {
        family: Overseas::NAME.to_owned(),
        merchant_id: text(MERCHANT),
        store_id: text(STORE),
    }
}

/// What a query reply says of a stored registration, by the documented reply names: the
/// registered values, the params the request asked with (`payment_method` echoed), the review
/// `status` and `reject_reason`, `store_status` and `partner_id`. The reply type keeps the
/// names it documents and ignores the rest.
fn query_reply(
    found: &crate::store::Registration,
    asked: Map<String, Value>,
    partner: &str,
) -> Map<String, Value> {
    let mut fields = found.fields.clone();
    fields.extend(asked);
    // A list registered as one JSON text param (site_infos, extend_params) is stored as that
    // text; the reply type reads a list field (query_status site_infos) as a list.
    for value in fields.values_mut() {
        if let Some(Value::Array(list)) = value.as_str().and_then(json_list) {
            *value = Value::Array(list);
        }
    }
    let store_status = match (found.archived, found.status.as_str()) {
        (true, _) => "ARCHIVED",
        (false, review::SUCCESS) => "ACTIVATED",
        _ => "INACTIVATE",
    };
    fields.insert("status".to_owned(), Value::from(found.status.as_str()));
    if let Some(reason) = &found.reject_reason {
        fields.insert("reject_reason".to_owned(), Value::from(reason.as_str()));
    }
    fields.insert("store_status".to_owned(), Value::from(store_status));
    fields.insert("partner_id".to_owned(), Value::from(partner));
    fields
}

/// `text` read as a JSON list of objects, the form of a JSON text param.
fn json_list(text: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(text).ok()?;
    let objects = value.as_array()?.iter().all(Value::is_object);
    objects.then_some(value)
}

/// The review rules a request breaks (its validation warnings), as a reject reason.
pub fn review_failure(warnings: &[Violation]) -> Option<String> {
    let reasons: Vec<String> = warnings.iter().map(Violation::to_string).collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}
