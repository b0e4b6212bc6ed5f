//! `alipay-codegen drift` against every later version of a page that was read
//! (`testdata/pages/versions/`, see `spec/NOTES.md`). Those versions were read through a search
//! that returns only the start of a page and forbids verbatim copies, so each file is a digest:
//! the page's rows (name, type, limit, Required mark, listed values, example) in a layout drift
//! reads, its URL and retrieval date in the header, and, under "Not reached", the names of the
//! spec's fields of that page the copy ends before. Each digest reports no drift beyond what the
//! spec records, and its "Not reached" list (with "Absent from this version": a row the version
//! lacks, named by a spec note) is exactly what drift would otherwise report as removed: the
//! lists can hide no other difference.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use alipay_codegen::drift::{ChangeKind, drift};
use alipay_proto_codegen::{Spec, load_and_check};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn spec() -> Spec {
    load_and_check(&root().join("../alipay-proto/spec")).unwrap_or_else(|d| panic!("{d}"))
}

const NOT_REACHED: &str = "Not reached: the copy ends before these rows of the page";
const ABSENT: &str = "Absent from this version";

/// Every digest, with the page id and service drift must find in it.
const VERSIONS: [(&str, &str, &str); 16] = [
    (
        "000_docs.alipay.hk_offline_maintain.txt",
        "000",
        "alipay.overseas.secmerchant.offline.maintain",
    ),
    (
        "000_docs.antom.com_global_offline_maintain.txt",
        "000",
        "alipay.overseas.secmerchant.offline.maintain",
    ),
    (
        "000_global.alipay.com_doc_hkapi_offline_maintain.txt",
        "000",
        "alipay.overseas.secmerchant.offline.maintain",
    ),
    (
        "001_global.alipay.com_doc_publicapi_importindirectmerchant_offline.txt",
        "001",
        "alipay.intl.merchant.common.indirectMerchant.maintain",
    ),
    (
        "003_docs.alipay.hk_offline_querystatus.txt",
        "003",
        "alipay.overseas.secmerchant.maintain.queryStatus",
    ),
    (
        "003_global.alipay.com_docs_ac_global_online_querystatus.txt",
        "003",
        "alipay.overseas.secmerchant.maintain.queryStatus",
    ),
    (
        "003_global.alipay.com_docs_ac_hkapi_offline_querystatus.txt",
        "003",
        "alipay.overseas.secmerchant.maintain.queryStatus",
    ),
    (
        "003_docs.antom.com_global_online_querystatus.txt",
        "003",
        "alipay.overseas.secmerchant.maintain.queryStatus",
    ),
    (
        "003_docs.antom.com_global_online_querystatus_cn.txt",
        "003",
        "alipay.overseas.secmerchant.maintain.queryStatus",
    ),
    (
        "000_docs.antom.com_hkapi_offline_maintain.txt",
        "000",
        "alipay.overseas.secmerchant.offline.maintain",
    ),
    (
        "001_docs.antom.com_publicapi_importindirectmerchant_offline.txt",
        "001",
        "alipay.intl.merchant.common.indirectMerchant.maintain",
    ),
    (
        "001_global.alipay.com_doc_publicapi_importindirectmerchant_online.txt",
        "001",
        "alipay.intl.merchant.common.indirectMerchant.maintain",
    ),
    (
        "002_docs.antom.com_global_online_maintain.txt",
        "002",
        "alipay.overseas.secmerchant.online.maintain",
    ),
    (
        "003_docs.antom.com_hkapi_offline_querystatus.txt",
        "003",
        "alipay.overseas.secmerchant.maintain.queryStatus",
    ),
    (
        "004_docs.antom.com_publicapi_archive.txt",
        "004",
        "alipay.intl.merchant.common.indirectMerchant.archive",
    ),
    (
        "005_docs.antom.com_publicapi_merchantquery.txt",
        "005",
        "alipay.intl.merchant.common.indirectMerchant.query",
    ),
];

fn read(name: &str) -> String {
    let path = root().join("../testdata/pages/versions").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_folder_holds_exactly_the_listed_versions() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("../testdata/pages/versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = VERSIONS.iter().map(|v| v.0).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_version_names_its_url_and_date_and_matches_todays_spec() {
    let spec = spec();
    for (name, page_id, service) in VERSIONS {
        let text = read(name);
        assert!(
            text.contains("A digest of a page version, not a copy: https://"),
            "{name}: no URL"
        );
        assert!(text.contains("read on 2026-12-06"), "{name}: no date");
        let r = drift(&text, &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((r.page_id.as_str(), r.service.as_str()), (page_id, service));
        assert!(r.params_on_page > 0, "{name}: no rows read");
        assert!(r.drift.is_empty(), "{name}:\n{r}");
    }
}

/// The names a digest lists after `heading` (one per line, up to a blank line).
fn listed<'a>(text: &'a str, heading: &str) -> BTreeSet<&'a str> {
    let Some((_, after)) = text.split_once(heading) else {
        return BTreeSet::new();
    };
    after
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect()
}

/// Without its "Absent from this version" and "Not reached" lists a digest reports exactly the
/// listed fields as removed, and nothing else: the lists can hide no other difference. A field
/// absent from a version (not merely beyond the copy's end) is named by a spec note that says
/// so, since a drift record for it would also silence that removal in the seed copy.
#[test]
fn the_lists_hide_nothing_else() {
    let spec = spec();
    let notes: String = ["overseas", "intl"]
        .iter()
        .flat_map(|f| std::fs::read_dir(root().join("../alipay-proto/spec").join(f)).unwrap())
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for (name, _, _) in VERSIONS {
        let text = read(name);
        let absent = listed(&text, ABSENT);
        let not_reached = listed(&text, NOT_REACHED);
        let end = [text.find(ABSENT), text.find(NOT_REACHED)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(text.len());
        let rows = text[..end].trim_end_matches("Note:\n");
        let r = drift(rows, &spec).unwrap();
        let removed: BTreeSet<&str> = r
            .drift
            .iter()
            .map(|c| {
                assert_eq!(c.kind, ChangeKind::Removed, "{name}: {c}");
                c.name.as_str()
            })
            .collect();
        let lists: BTreeSet<&str> = absent.union(&not_reached).copied().collect();
        assert_eq!(removed, lists, "{name}");
        assert!(absent.is_disjoint(&not_reached), "{name}");
        for field in absent {
            assert!(
                notes.contains(&format!("{field} row"))
                    && notes.contains("\"Absent from this version\""),
                "{name}: no spec note says {field} is absent"
            );
        }
    }
}

/// The facts the spec changed from these versions: drift on an edited digest reports them.
#[test]
fn the_changed_limits_are_checked_by_the_versions() {
    let spec = spec();
    let text = read("000_global.alipay.com_doc_hkapi_offline_maintain.txt");
    for (from, to, field) in [
        (
            "secondary_merchant_name String(128) Required",
            "secondary_merchant_name String(64) Required",
            "secondary_merchant_name",
        ),
        (
            "store_name String(256) Required",
            "store_name String Required",
            "store_name",
        ),
        (
            "store_country String(2) Required",
            "store_country String Required",
            "store_country",
        ),
    ] {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        let r = drift(&text.replacen(from, to, 1), &spec).unwrap();
        let found: Vec<(ChangeKind, &str)> =
            r.drift.iter().map(|c| (c.kind, c.name.as_str())).collect();
        assert_eq!(found, [(ChangeKind::Limit, field)], "{to}");
    }
}
