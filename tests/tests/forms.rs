//! The form vectors of `testdata/vectors/forms/` (eight encoders, see its README): the crate's one
//! form reader, `parse_query`, gives every encoder's text back as exactly the params Python
//! signed, in order; the sandbox test `alipay-sandbox/tests/forms.rs` sends them over HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code (clippy.toml)

use alipay_proto::charset::Charset;
use alipay_proto::overseas::parse_query;

#[test]
fn every_encoder_reads_back_as_the_signed_params() {
    let root = alipay_proto_tests::files::path("testdata/vectors/forms");
    let mut checked = 0;
    for case in std::fs::read_dir(&root).expect("vectors") {
        let dir = case.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        let tsv = std::fs::read_to_string(dir.join("params.tsv")).expect("params.tsv");
        let expected: Vec<(String, String)> = tsv
            .lines()
            .map(|line| {
                let (k, v) = line.split_once('\t').expect("name<TAB>value");
                (k.to_owned(), v.to_owned())
            })
            .collect();
        let label = &expected
            .iter()
            .find(|(k, _)| k == "_input_charset")
            .expect("charset")
            .1;
        let charset = Charset::from_label(label).expect("known charset");
        for file in std::fs::read_dir(&dir).expect("case") {
            let file = file.expect("entry").path();
            if file.extension().is_none_or(|ext| ext != "txt") {
                continue;
            }
            let form = std::fs::read_to_string(&file).expect("form");
            let read = parse_query(&format!("?{form}"), charset).expect("decodes");
            assert_eq!(read, expected, "{}", file.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 28);
}
