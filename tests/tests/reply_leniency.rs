//! Every reply object of both families, nested ones included, ignores keys the docs do not
//! list: for every service of the spec (read with the codegen loader, not listed here), a
//! reply is built from the spec's reply tree and documented examples, an unknown key is added
//! at one level at a time (every JSON object of the intl reply tree; the outer `<alipay>`, the
//! request echo and the `<response><alipay>` leaves of the overseas reply), the reply is
//! signed by independent code (md-5 for MD5; the test RSA2 key for intl) and decoded with
//! signature verification: it must decode, with every documented value kept.

use std::path::Path;

use alipay_proto::charset::Charset;
use alipay_proto::intl::{self, Expected};
use alipay_proto::overseas::{self, SignatureStatus};
use alipay_proto::service::{Intl, Overseas};
use alipay_proto::sign::{Md5Key, RsaSigner, RsaVerifier, SignAlgorithm, Signer};
use alipay_proto::{Service, Visitor};
use alipay_proto_codegen::load::{FamilySpec, Spec};
use alipay_proto_codegen::model::{Family, Field, FieldType, ObjectDef};
use alipay_proto_tests::files;
use md5::{Digest, Md5};
use serde_json::{Map, Value, json};

const EXTRA: &str = "undocumentedKey";

fn spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../alipay-proto/spec");
    alipay_proto_codegen::load_and_check(&dir).expect("the spec loads")
}

fn example(field: &Field) -> String {
    field.example.clone().unwrap_or_else(|| "x".to_owned())
}

/// A JSON object of `fields` with their examples; objects and arrays built from their
/// object's fields; every path to a JSON object is pushed to `levels`.
fn object(
    fields: &[Field],
    objects: &[&ObjectDef],
    path: &[String],
    levels: &mut Vec<Vec<String>>,
) -> Value {
    levels.push(path.to_vec());
    let mut out = Map::new();
    for field in fields {
        let inner = |levels: &mut Vec<Vec<String>>, path: Vec<String>| {
            let of = field.of.as_deref().expect("objects name their type");
            let def = objects.iter().find(|o| o.name == of).expect("known object");
            object(&def.fields, objects, &path, levels)
        };
        let mut here = path.to_vec();
        here.push(field.name.clone());
        let value = match field.ty {
            FieldType::Object => inner(levels, here),
            FieldType::Array => {
                here.push("0".to_owned());
                Value::Array(vec![inner(levels, here)])
            }
            FieldType::String | FieldType::Datetime => Value::String(example(field)),
        };
        out.insert(field.name.clone(), value);
    }
    Value::Object(out)
}

fn insert_at(value: &mut Value, path: &[String]) {
    let mut at = value;
    for key in path {
        at = match at {
            Value::Array(items) => &mut items[key.parse::<usize>().expect("index")],
            other => &mut other[key.as_str()],
        };
    }
    at.as_object_mut()
        .expect("a level is an object")
        .insert(EXTRA.to_owned(), json!({"nested": [1, "two"]}));
}

fn intl_family(spec: &Spec) -> &FamilySpec {
    let family = spec.families.iter().find(|f| f.family == Family::Intl);
    family.expect("intl family")
}

#[test]
fn intl_replies_ignore_unknown_keys_at_every_level() {
    let spec = spec();
    let fam = intl_family(&spec);
    let key = |name: &str| files::bytes(&format!("testdata/keys/{name}"));
    // Replies are Alipay's: signed with the TEST Alipay key, verified with its public half.
    let signer = RsaSigner::from_any(
        key("rsa_test_alipay_private_pkcs8.pem"),
        SignAlgorithm::Rsa2,
    )
    .expect("signer");
    let mut checked = 0;
    for svc in &fam.services {
        let s = &svc.value;
        let objects: Vec<&ObjectDef> = s.objects.iter().chain(&fam.common.value.objects).collect();
        let mut levels = Vec::new();
        let root = ["response".to_owned()];
        let head = object(&fam.common.value.reply, &objects, &[], &mut Vec::new());
        let body = object(&s.reply, &objects, &[], &mut Vec::new());
        let mut base = json!({"response": {"head": head, "body": body}, "signature": ""});
        base["response"]["head"]["function"] = json!(s.service);
        // Every JSON object of the reply: envelope, response, head, body and the body's tree.
        levels.push(Vec::new());
        levels.push(root.to_vec());
        object(
            &fam.common.value.reply,
            &objects,
            &[root[0].clone(), "head".into()],
            &mut levels,
        );
        object(
            &s.reply,
            &objects,
            &[root[0].clone(), "body".into()],
            &mut levels,
        );
        assert!(levels.len() >= 5, "{levels:?}");
        for level in &levels {
            let mut reply = base.clone();
            insert_at(&mut reply, level);
            let response = serde_json::to_string(&reply["response"]).expect("text");
            let signature = signer.sign(response.as_bytes()).expect("sign");
            let text = format!(
                r#"{{"response":{response},"signature":"{signature}"{}}}"#,
                if level.is_empty() {
                    r#","undocumentedKey":{"nested":[1,"two"]}"#
                } else {
                    ""
                }
            );
            let head = &reply["response"]["head"];
            let expected =
                Expected::new(s.service.as_str(), head["reqMsgId"].as_str().expect("id"));
            let client_id = head["clientId"].as_str().expect("clientId");
            let verifier =
                RsaVerifier::from_any(key("rsa_test_alipay_public.pem"), SignAlgorithm::Rsa2)
                    .expect("verifier");
            let client = intl::Client::new(
                intl::Config::new(client_id),
                Box::new(
                    RsaSigner::from_any(key("rsa_test_private_pkcs8.pem"), SignAlgorithm::Rsa2)
                        .expect("signer"),
                ),
                Box::new(verifier),
            )
            .expect("client");
            let id = intl::FunctionId::from_wire(&s.service).expect("in the registry");
            let status = id.visit(DecodeCode {
                client: &client,
                text: text.as_bytes(),
                expected: &expected,
            });
            let code = status.unwrap_or_else(|e| panic!("{} at {level:?}: {e}", s.service));
            assert_eq!(
                code,
                reply["response"]["body"]["resultInfo"]["resultCode"]
                    .as_str()
                    .expect("code")
            );
            checked += 1;
        }
    }
    // Envelope, response, head, body and resultInfo at least, in every service.
    assert!(checked >= 5 * fam.services.len(), "{checked}");
    assert_eq!(fam.services.len(), intl::FunctionId::ALL.len());
}

/// Decodes a reply as the visited service's and gives its `resultCode`.
struct DecodeCode<'a> {
    client: &'a intl::Client,
    text: &'a [u8],
    expected: &'a Expected,
}

impl Visitor<Intl> for DecodeCode<'_> {
    type Output = Result<String, intl::DecodeError>;

    fn visit<S: Service<Family = Intl>>(self) -> Self::Output {
        let reply = self.client.decode::<S>(self.text, self.expected)?;
        Ok(reply.result_info.result_code.clone())
    }
}

fn md5_sign(pairs: &[(String, String)]) -> String {
    let mut kept: Vec<&(String, String)> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
    kept.sort();
    let text: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut md5 = Md5::new();
    md5.update(text.join("&").as_bytes());
    md5.update(files::bytes("testdata/keys/md5_test_key.txt"));
    md5.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn overseas_replies_ignore_unknown_elements_at_every_level() {
    let spec = spec();
    let fam = spec
        .families
        .iter()
        .find(|f| f.family == Family::Overseas)
        .expect("overseas");
    let key = files::text("testdata/keys/md5_test_key.txt");
    let mut checked = 0;
    for svc in &fam.services {
        let s = &svc.value;
        // result_code is the common reply's leaf inside <response><alipay>.
        let mut leaves: Vec<(String, String)> = vec![("result_code".into(), "SUCCESS".into())];
        leaves.extend(s.reply.iter().map(|f| (f.name.clone(), example(f))));
        for level in ["alipay", "request", "response"] {
            let mut signed = leaves.clone();
            if level == "response" {
                signed.push((EXTRA.to_owned(), "x".to_owned()));
            }
            let sign = md5_sign(&signed);
            let xml_leaves: String = signed
                .iter()
                .map(|(k, v)| format!("<{k}>{v}</{k}>"))
                .collect();
            let extra = |at: &str| {
                if at == level {
                    format!("<{EXTRA}>x</{EXTRA}>")
                } else {
                    String::new()
                }
            };
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><alipay><is_success>T</is_success>{}\
                 <request><param name=\"service\">{}</param>{}</request>\
                 <response><alipay>{xml_leaves}</alipay></response>\
                 <sign>{sign}</sign><sign_type>MD5</sign_type></alipay>",
                extra("alipay"),
                s.service,
                if level == "request" {
                    format!("<param name=\"{EXTRA}\">x</param>")
                } else {
                    String::new()
                },
            );
            let client = overseas::Client::new(
                overseas::Config::new("2088101142878662", Charset::Utf8),
                Box::new(Md5Key::new(key.as_bytes()).expect("key")),
                Box::new(Md5Key::new(key.as_bytes()).expect("key")),
            )
            .expect("config");
            let id = overseas::ServiceId::from_wire(&s.service).expect("in the registry");
            let (success, has_payload, signature) = id
                .visit(DecodeOverseas {
                    client: &client,
                    bytes: xml.as_bytes(),
                })
                .unwrap_or_else(|e| panic!("{} {level}: {e}", s.service));
            assert!(has_payload || s.reply.is_empty(), "{} {level}", s.service);
            assert!(success, "{} {level}", s.service);
            assert_eq!(signature, SignatureStatus::Verified(SignAlgorithm::Md5));
            checked += 1;
        }
    }
    // alipay, response, request and each response leaf at least, in every service.
    assert!(checked >= 3 * fam.services.len(), "{checked}");
    assert_eq!(fam.services.len(), overseas::ServiceId::ALL.len());
}

/// Decodes a reply as the visited service's: is_success, whether a payload came, the
/// signature status.
struct DecodeOverseas<'a> {
    client: &'a overseas::Client,
    bytes: &'a [u8],
}

impl Visitor<Overseas> for DecodeOverseas<'_> {
    type Output = Result<(bool, bool, SignatureStatus), overseas::DecodeError>;

    fn visit<S: Service<Family = Overseas>>(self) -> Self::Output {
        let reply = self.client.decode::<S>(self.bytes)?;
        Ok((reply.is_success(), reply.payload.is_some(), reply.signature))
    }
}
