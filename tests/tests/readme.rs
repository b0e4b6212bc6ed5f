//! The README's "Use" section is the crate page's, which rustdoc compiles and runs as
//! doctests (`alipay-proto/src/use.md`): so the README's snippets compile too.

use alipay_proto_tests::files::text;

#[test]
fn the_readme_use_section_is_the_compiled_crate_doc() {
    let readme = text("README.md");
    let heading = "## Use: both families side by side\n\n";
    let start = readme.find(heading).expect("README has the Use section") + heading.len();
    let end = start + readme[start..].find("\n## ").expect("a section follows");
    let section = &readme[start..end];
    assert_eq!(section, text("alipay-proto/src/use.md"));
}
