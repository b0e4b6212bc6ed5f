//! Misuse of the derives is a spanned compile error; the messages are pinned in `tests/ui`.

#[test]
fn misuse_is_reported_at_the_attribute() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
