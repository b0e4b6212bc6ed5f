//! The `summary` table: one row per service.

use std::fmt::Write;

use alipay_proto_codegen::load::Spec;
use alipay_proto_codegen::model::Presence;

/// A Markdown table: service, family, request params, required, reply fields, error codes.
///
/// Counts are the service's own (business) parameters, replies and codes; the family-wide
/// basic parameters and codes are counted once per family below the table.
pub fn summary(spec: &Spec) -> String {
    let mut out = String::from(
        "| service | family | request params | required | reply fields | error codes |\n|---|---|---:|---:|---:|---:|\n",
    );
    for (fam, svc) in spec.services() {
        let s = &svc.value;
        let required = s
            .request
            .iter()
            .filter(|f| f.presence == Presence::Required)
            .count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            s.service,
            fam.family.dir(),
            s.request.len(),
            required,
            s.reply.len(),
            s.business_codes.len(),
        );
    }
    for fam in &spec.families {
        let c = &fam.common.value;
        let codes: usize = c.code_groups.iter().map(|g| g.codes.len()).sum();
        let _ = write!(
            out,
            "\n{}: {} basic request fields, {} basic reply fields, {} family codes",
            fam.family.dir(),
            c.request.len(),
            c.reply.len(),
            codes,
        );
    }
    out.push('\n');
    out
}
