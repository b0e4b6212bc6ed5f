//! Compile-time guarantees, pinned with their messages: misuse of the derives is a spanned
//! compile error (`tests/ui`), and a service cannot be used with the other family's client
//! (`tests/family`).

#[test]
fn misuse_is_reported_at_the_attribute() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}

#[test]
fn a_service_works_only_with_its_familys_client() {
    trybuild::TestCases::new().compile_fail("tests/family/*.rs");
}
