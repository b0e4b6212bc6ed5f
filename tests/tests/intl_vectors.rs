//! Staged intl vectors (`testdata/vectors/intl/<case>/`, see COMMANDS.md there): request text ->
//! signature (openssl reference) -> envelope, and the same for replies. Each stage is checked
//! on its own, so a failure names the stage that broke.

mod intl_support;

use alipay_proto::intl::{
    Client, DecodeError, PaymentScene, Prepared, RawReplyError, archive, build_envelope, maintain,
    query,
};
use alipay_proto::sign::{SignAlgorithm, SignError, Signer, Verifier};
use intl_support::*;

const CASES: [&str; 5] = [
    "maintain_add_sites",
    "archive",
    "archive_rsa",
    "query_offline",
    "query_online",
];

fn vector(case: &str, file: &str) -> String {
    text(&format!("testdata/vectors/intl/{case}/{file}"))
}

fn algorithm(case: &str) -> SignAlgorithm {
    match vector(case, "ALGORITHM").as_str() {
        "RSA" => SignAlgorithm::Rsa,
        _ => SignAlgorithm::Rsa2,
    }
}

fn client_for(case: &str) -> Client {
    let client_id = match case {
        "maintain_add_sites" => MAINTAIN_CLIENT_ID,
        _ => ARCHIVE_CLIENT_ID,
    };
    client(client_id, algorithm(case))
}

/// Our prepared request for the case's typed values.
fn prepare(case: &str) -> Prepared {
    let client = client_for(case);
    let prepared = match case {
        "maintain_add_sites" => client.prepare::<maintain::Maintain>(
            &maintain_request(),
            MAINTAIN_TIME,
            MAINTAIN_MSG_ID,
        ),
        // 005's head rows are 004's; its samples were not read, so the query cases take 004's
        // head values (testdata/vectors/intl/COMMANDS.md).
        "query_offline" => client.prepare::<query::Query>(
            &intl_query_request(PaymentScene::Offline),
            ARCHIVE_TIME,
            ARCHIVE_MSG_ID,
        ),
        "query_online" => client.prepare::<query::Query>(
            &intl_query_request(PaymentScene::Online),
            ARCHIVE_TIME,
            ARCHIVE_MSG_ID,
        ),
        _ => client.prepare::<archive::Archive>(&archive_request(), ARCHIVE_TIME, ARCHIVE_MSG_ID),
    };
    prepared.unwrap_or_else(|error| panic!("{case}: {error}"))
}

#[test]
fn stage1_request_text() {
    for case in CASES {
        assert_eq!(
            prepare(case).request_text(),
            vector(case, "request.json"),
            "{case}"
        );
    }
}

#[test]
fn stage2_signature_matches_openssl() {
    for case in CASES {
        let request = vector(case, "request.json");
        let signature = signer(algorithm(case))
            .sign(request.as_bytes())
            .expect("signs");
        assert_eq!(signature, vector(case, "request.sig"), "{case}");
        let verified = verifier(algorithm(case)).verify(request.as_bytes(), &signature);
        assert_eq!(verified, Ok(()), "{case}");
    }
}

#[test]
fn stage3_envelope_around_the_same_bytes() {
    for case in CASES {
        let built = build_envelope(&vector(case, "request.json"), &vector(case, "request.sig"));
        assert_eq!(
            built.as_deref(),
            Ok(vector(case, "envelope.json").as_str()),
            "{case}"
        );
    }
}

#[test]
fn prepared_request_end_to_end() {
    for case in CASES {
        let prepared = prepare(case);
        assert_eq!(prepared.signature(), vector(case, "request.sig"), "{case}");
        assert_eq!(
            prepared.body_text(),
            vector(case, "envelope.json"),
            "{case}"
        );
        assert_eq!(
            prepared.http_request().body().as_slice(),
            vector(case, "envelope.json").as_bytes()
        );
    }
}

#[test]
fn reply_stages() {
    for case in CASES {
        let response = vector(case, "response.json");
        let signature = vector(case, "response.sig");
        let verified = alipay_verifier(algorithm(case)).verify(response.as_bytes(), &signature);
        assert_eq!(verified, Ok(()), "{case}");
        let reply = vector(case, "reply.json");
        assert_eq!(member_text(&reply, "response"), response, "{case}");
    }
}

#[test]
fn replies_decode_against_the_prepared_request() {
    for case in CASES {
        let prepared = prepare(case);
        let reply = vector(case, "reply.json");
        let client = client_for(case);
        let outcome = match case {
            "maintain_add_sites" => client
                .decode::<maintain::Maintain>(reply.as_bytes(), prepared.expected())
                .map(|reply| reply.is_success()),
            "query_offline" | "query_online" => client
                .decode::<query::Query>(reply.as_bytes(), prepared.expected())
                .map(|reply| reply.is_success()),
            _ => client
                .decode::<archive::Archive>(reply.as_bytes(), prepared.expected())
                .map(|reply| reply.is_success()),
        };
        assert_eq!(outcome, Ok(true), "{case}");
    }
}

/// Every single-byte change of the request text breaks its signature.
#[test]
fn tampering_any_request_byte_fails_verification() {
    for case in CASES {
        let request = vector(case, "request.json").into_bytes();
        let signature = vector(case, "request.sig");
        let verifier = verifier(algorithm(case));
        for index in 0..request.len() {
            let mut tampered = request.clone();
            tampered[index] ^= 0x01;
            assert_eq!(
                verifier.verify(&tampered, &signature),
                Err(SignError::Mismatch),
                "{case} byte {index}"
            );
        }
    }
}

/// Changing one byte inside the `response` text of a reply makes decode fail on the signature
/// (or, where the change breaks the JSON, on the envelope), never succeed.
#[test]
fn tampering_reply_bytes_fails_decode() {
    let case = "archive";
    let reply = vector(case, "reply.json");
    let response = vector(case, "response.json");
    let start = reply.find(&response).expect("response inside reply");
    let client = client_for(case);
    let expected = prepare(case).expected().clone();
    for index in start..start + response.len() {
        let mut tampered = reply.clone().into_bytes();
        tampered[index] ^= 0x01;
        match client.decode::<archive::Archive>(&tampered, &expected) {
            Err(DecodeError::Envelope(RawReplyError::Signature(SignError::Mismatch))) => {}
            Err(DecodeError::Envelope(
                RawReplyError::Malformed { .. } | RawReplyError::NotUtf8 { .. },
            )) => {}
            other => panic!("byte {index}: {other:?}"),
        }
    }
}
