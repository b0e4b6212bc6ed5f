//! Semantic checks of a loaded spec: every problem, with file, line and YAML path.
//!
//! The loader guarantees shape; this module guarantees meaning: names resolve, wire names are
//! unique per message, rules refer to real sibling fields and values, examples satisfy their
//! own field's rules, codes are unique per family and each has its sourced next step.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::index::PathIndex;
use crate::load::{FamilySpec, Loaded, Spec};
use crate::model::{
    Code, CodeKind, DocPage, DriftKind, EnumDef, Family, Field, FieldType, LimitUnit, NextStep,
    Note, ObjectDef, Presence, ResultStatus, RuleKind, ServiceSpec, Severity, Source, ValueClass,
};

/// Check the whole spec.
pub fn check(spec: &Spec) -> Diagnostics {
    let mut out = Diagnostics::default();
    let mut services: BTreeMap<&str, &Path> = BTreeMap::new();
    for fam in &spec.families {
        check_common(fam, &mut out);
        // The registry names each service after its file: two files must not make one name.
        let mut variants: BTreeMap<String, &Path> = BTreeMap::new();
        for svc in &fam.services {
            let variant = crate::ident::type_name(&crate::ident::field(svc.stem()).to_string());
            if let Some(first) = variants.insert(variant.to_string(), &svc.file) {
                out.push(svc.diag(
                    "service",
                    format!(
                        "the registry names this file's service `{variant}`, as it does {}'s: \
                         rename one file",
                        first.display()
                    ),
                ));
            }
        }
        for svc in &fam.services {
            if let Some(first) = services.insert(&svc.value.service, &svc.file) {
                out.push(svc.diag(
                    "service",
                    format!(
                        "service `{}` is also defined in {}",
                        svc.value.service,
                        first.display()
                    ),
                ));
            }
            check_service(fam, svc, &mut out);
        }
    }
    out.sorted()
}

/// Names a file can refer to: its own objects and enums plus its family common's.
struct Scope<'a> {
    objects: BTreeMap<&'a str, &'a ObjectDef>,
    enums: BTreeMap<&'a str, &'a EnumDef>,
    forbidden: Vec<char>,
}

/// Where diagnostics go, for one file.
struct Ctx<'a> {
    file: &'a Path,
    index: &'a PathIndex,
    family: Family,
    /// The documents a source may name.
    pages: &'a [DocPage],
    scope: Scope<'a>,
    out: &'a mut Diagnostics,
}

impl Ctx<'_> {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        let (line, column) = self.index.pos_of(path);
        self.out.push(Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            path: path.to_owned(),
            message: message.into(),
        });
    }
}

fn ctx<'a, T>(
    loaded: &'a Loaded<T>,
    fam: &'a FamilySpec,
    extra_objects: &'a [ObjectDef],
    extra_enums: &'a [EnumDef],
    out: &'a mut Diagnostics,
) -> Ctx<'a> {
    let common = &fam.common.value;
    let mut scope = Scope {
        objects: BTreeMap::new(),
        enums: BTreeMap::new(),
        forbidden: common
            .forbidden_chars
            .iter()
            .flat_map(|f| f.char.chars())
            .collect(),
    };
    scope.objects.extend(
        common
            .objects
            .iter()
            .chain(extra_objects)
            .map(|o| (o.name.as_str(), o)),
    );
    scope.enums.extend(
        common
            .enums
            .iter()
            .chain(extra_enums)
            .map(|e| (e.name.as_str(), e)),
    );
    Ctx {
        file: &loaded.file,
        index: &loaded.index,
        family: fam.family,
        pages: &common.pages,
        scope,
        out,
    }
}

fn check_common(fam: &FamilySpec, out: &mut Diagnostics) {
    let common = &fam.common.value;
    let mut cx = ctx(&fam.common, fam, &[], &[], out);
    if common.family != fam.family {
        cx.err(
            "family",
            format!("family must be `{}` in this folder", fam.family.dir()),
        );
    }
    for (i, f) in common.forbidden_chars.iter().enumerate() {
        if f.char.chars().count() != 1 {
            cx.err(
                &format!("forbidden_chars[{i}].char"),
                "must be exactly one character",
            );
        }
        check_source(&mut cx, &format!("forbidden_chars[{i}].source"), &f.source);
    }
    for (i, g) in common.gateways.iter().enumerate() {
        check_source(&mut cx, &format!("gateways[{i}].source"), &g.source);
    }
    check_profiles(&mut cx, common);
    check_pages(&mut cx, &common.pages);
    if let Some(lifetime) = &common.request_lifetime {
        if lifetime.minutes == 0 {
            cx.err("request_lifetime.minutes", "must be more than 0");
        }
        check_source(&mut cx, "request_lifetime.source", &lifetime.source);
    }
    if let Some(default) = &common.default_charset {
        let values: Vec<&str> = common
            .enums
            .iter()
            .find(|e| e.name == "InputCharset")
            .map(|e| e.values.iter().map(|v| v.value.as_str()).collect())
            .unwrap_or_default();
        if !values.contains(&default.charset.as_str()) {
            cx.err(
                "default_charset.charset",
                format!(
                    "`{}` is not an InputCharset value ({})",
                    default.charset,
                    values.join(", ")
                ),
            );
        }
        check_source(&mut cx, "default_charset.source", &default.source);
    }
    check_fields(&mut cx, "request", &common.request);
    check_fields(&mut cx, "reply", &common.reply);
    check_defs(&mut cx, &common.objects, &common.enums, &[]);
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (g, group) in common.code_groups.iter().enumerate() {
        let want_kind = match fam.family {
            Family::Overseas => [CodeKind::Access, CodeKind::System].contains(&group.kind),
            Family::Intl => group.kind == CodeKind::Result,
        };
        if !want_kind {
            cx.err(
                &format!("code_groups[{g}].kind"),
                "this code group kind does not belong to this family",
            );
        }
        check_source(&mut cx, &format!("code_groups[{g}].source"), &group.source);
        let path = format!("code_groups[{g}].codes");
        check_codes(&mut cx, &path, &group.codes, group.kind == CodeKind::Result);
        for (i, code) in group.codes.iter().enumerate() {
            let here = format!("{path}[{i}]");
            if let Some(first) = seen.insert(&code.code, here.clone()) {
                cx.err(
                    &format!("{here}.code"),
                    format!("code `{}` is already defined at {first}", code.code),
                );
            }
            if let Some(id) = &code.id
                && let Some(first) = ids.insert(id, here.clone())
            {
                cx.err(
                    &format!("{here}.id"),
                    format!("result code id `{id}` is already used at {first}"),
                );
            }
        }
    }
    check_result_status_enum(&mut cx, common);
    check_notes(&mut cx, &common.notes);
}

/// Result codes carry a status the generated code types as `ResultStatus`: that enum must
/// exist and hold every status the codes use.
fn check_result_status_enum(cx: &mut Ctx<'_>, common: &crate::model::CommonSpec) {
    let statuses: BTreeSet<String> = common
        .code_groups
        .iter()
        .flat_map(|g| &g.codes)
        .filter_map(|c| c.status.map(|s| format!("{s:?}")))
        .collect();
    if statuses.is_empty() {
        return;
    }
    let Some(e) = common.enums.iter().find(|e| e.name == "ResultStatus") else {
        cx.err(
            "enums",
            "result codes need an enum `ResultStatus` (S, F, U)",
        );
        return;
    };
    for s in statuses {
        if !e.values.iter().any(|v| v.value == s) {
            cx.err(
                "enums",
                format!("enum `ResultStatus` lacks the status `{s}` a result code uses"),
            );
        }
    }
}

fn check_service(fam: &FamilySpec, svc: &Loaded<ServiceSpec>, out: &mut Diagnostics) {
    let s = &svc.value;
    let mut cx = ctx(svc, fam, &s.objects, &s.enums, out);
    if s.family != fam.family {
        cx.err(
            "family",
            format!("family must be `{}` in this folder", fam.family.dir()),
        );
    }
    let prefix = format!("alipay.{}.", fam.family.dir());
    if !s.service.starts_with(&prefix) {
        cx.err(
            "service",
            format!("a service of this family is named `{prefix}...`"),
        );
    }
    // The wire name becomes a URL path (intl: `.` -> `/`, then `.htm`) and a form value: plain
    // dot-separated words only.
    let plain =
        |segment: &str| !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_alphanumeric());
    if !s.service.split('.').all(plain) {
        cx.err(
            "service",
            "a service name is dot-separated words of ASCII letters and digits",
        );
    }
    check_source(&mut cx, "source", &s.source);
    check_fields(&mut cx, "request", &s.request);
    check_fields(&mut cx, "reply", &s.reply);
    check_defs(&mut cx, &s.objects, &s.enums, &[&fam.common.value.objects]);
    check_enum_shadowing(&mut cx, &s.enums, &fam.common.value.enums);
    check_codes(&mut cx, "business_codes", &s.business_codes, false);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in s.business_codes.iter().enumerate() {
        if let Some(first) = seen.insert(&c.code, i) {
            cx.err(
                &format!("business_codes[{i}].code"),
                format!(
                    "code `{}` is already defined at business_codes[{first}]",
                    c.code
                ),
            );
        }
    }
    check_update_rules(&mut cx, s);
    check_notes(&mut cx, &s.notes);
}

/// `update_rules` and `refused_values` name a top-level request field and one of the service's
/// business codes; a field is locked once; refused values satisfy the field's own rules.
fn check_update_rules(cx: &mut Ctx<'_>, s: &ServiceSpec) {
    let codes: Vec<&str> = s.business_codes.iter().map(|c| c.code.as_str()).collect();
    let check_ref = |cx: &mut Ctx<'_>, path: &str, field: &str, code: &str| {
        let found = s.request.iter().find(|f| f.name == field);
        if found.is_none() {
            cx.err(
                &format!("{path}.field"),
                format!("`{field}` is not a request field of this service"),
            );
        }
        if !codes.contains(&code) {
            cx.err(
                &format!("{path}.code"),
                format!("`{code}` is not one of this service's business_codes"),
            );
        }
        found
    };
    let mut locked: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, rule) in s.update_rules.iter().enumerate() {
        let path = format!("update_rules[{i}]");
        check_ref(cx, &path, &rule.field, &rule.code);
        if let Some(first) = locked.insert(&rule.field, i) {
            cx.err(
                &format!("{path}.field"),
                format!(
                    "`{}` is already locked at update_rules[{first}]",
                    rule.field
                ),
            );
        }
        check_source(cx, &format!("{path}.source"), &rule.source);
    }
    for (i, refused) in s.refused_values.iter().enumerate() {
        let path = format!("refused_values[{i}]");
        if let Some(field) = check_ref(cx, &path, &refused.field, &refused.code) {
            for (j, value) in refused.values.iter().enumerate() {
                check_value(cx, &format!("{path}.values[{j}]"), field, value);
            }
        }
        if refused.values.is_empty() {
            cx.err(&format!("{path}.values"), "lists no value");
        }
        check_source(cx, &format!("{path}.source"), &refused.source);
    }
}

/// Each profile names a gateway and sign types the family has (`SignType`'s values, in
/// their order), a class that is a partner class, and a URL its source page's cite holds.
fn check_profiles(cx: &mut Ctx<'_>, common: &crate::model::CommonSpec) {
    let sign_values: Vec<&str> = common
        .enums
        .iter()
        .find(|e| e.name == "SignType")
        .map(|e| e.values.iter().map(|v| v.value.as_str()).collect())
        .unwrap_or_default();
    let mut names = BTreeSet::new();
    for (i, p) in common.profiles.iter().enumerate() {
        let at = |key: &str| format!("profiles[{i}].{key}");
        if !names.insert(p.name.as_str()) {
            cx.err(
                &at("name"),
                format!("profile `{}` is defined twice", p.name),
            );
        }
        let snake = p.name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if p.name.is_empty() || !snake {
            cx.err(&at("name"), "must be snake case (a-z and _)");
        }
        if !common.gateways.iter().any(|g| g.name == p.gateway) {
            cx.err(
                &at("gateway"),
                format!("no gateway named `{}` in gateways", p.gateway),
            );
        }
        if !matches!(
            p.partner_class,
            ValueClass::Partner | ValueClass::PartnerAlipayHk
        ) {
            cx.err(&at("partner_class"), "must be a partner class");
        }
        let mut last = None;
        if p.sign_types.is_empty() {
            cx.err(&at("sign_types"), "must list at least one sign type");
        }
        for (j, value) in p.sign_types.iter().enumerate() {
            match sign_values.iter().position(|v| v == value) {
                Some(pos) if last.is_none_or(|l| pos > l) => last = Some(pos),
                Some(_) => cx.err(
                    &format!("profiles[{i}].sign_types[{j}]"),
                    "must follow SignType's order, each once",
                ),
                None => cx.err(
                    &format!("profiles[{i}].sign_types[{j}]"),
                    format!(
                        "`{value}` is not a SignType value ({})",
                        sign_values.join(", ")
                    ),
                ),
            }
        }
        if let Some(url) = &p.url {
            let bare = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            let cite = cx.pages.iter().find(|d| d.id == p.source.seed);
            match (bare, cite) {
                (None, _) => cx.err(&at("url"), "must be an http(s) URL"),
                (Some(bare), Some(page)) if !page.cite.contains(bare) => cx.err(
                    &at("url"),
                    format!("the cite of page `{}` does not contain `{bare}`", page.id),
                ),
                _ => {}
            }
        }
        check_source(cx, &at("source"), &p.source);
    }
}

fn check_source(cx: &mut Ctx<'_>, path: &str, source: &Source) {
    if !cx.pages.iter().any(|p| p.id == source.seed) {
        let ids: Vec<&str> = cx.pages.iter().map(|p| p.id.as_str()).collect();
        cx.err(
            &format!("{path}.seed"),
            format!(
                "unknown page `{}`: expected one of the family's pages ({})",
                source.seed,
                ids.join(", ")
            ),
        );
    }
    if source.section.trim().is_empty() {
        cx.err(
            &format!("{path}.section"),
            "section must name where in the page the fact is",
        );
    }
}

/// Page ids are unique and every page says how to cite it.
fn check_pages(cx: &mut Ctx<'_>, pages: &[DocPage]) {
    let mut seen = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(first) = seen.insert(p.id.as_str(), i) {
            cx.err(
                &format!("pages[{i}].id"),
                format!("page `{}` is already defined at pages[{first}]", p.id),
            );
        }
        if p.cite.trim().is_empty() {
            cx.err(&format!("pages[{i}].cite"), "cite must name the document");
        }
    }
}

fn check_notes(cx: &mut Ctx<'_>, notes: &[Note]) {
    for (i, n) in notes.iter().enumerate() {
        if n.text.trim().is_empty() {
            cx.err(&format!("notes[{i}].text"), "a note must say something");
        }
        check_source(cx, &format!("notes[{i}].source"), &n.source);
        for (j, r) in n.records.iter().enumerate() {
            let path = format!("notes[{i}].records[{j}]");
            if !cx.pages.iter().any(|p| p.id == r.page) {
                cx.err(
                    &format!("{path}.page"),
                    format!("unknown page `{}`", r.page),
                );
            }
            if r.about.trim().is_empty() {
                cx.err(&format!("{path}.about"), "a record names its field or code");
            }
            let removal = matches!(r.kind, DriftKind::Removed | DriftKind::CodeRemoved);
            if removal == r.value.is_some() {
                cx.err(
                    &format!("{path}.value"),
                    if removal {
                        "a removal has no page value"
                    } else {
                        "a record gives the page's value, as drift prints it"
                    },
                );
            }
        }
    }
}

/// Object and enum definitions: unique names (also against `outer`), then their fields.
fn check_defs(cx: &mut Ctx<'_>, objects: &[ObjectDef], enums: &[EnumDef], outer: &[&[ObjectDef]]) {
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    for o in outer.iter().flat_map(|o| o.iter()) {
        names.insert(&o.name, "the family common".into());
    }
    for (i, o) in objects.iter().enumerate() {
        let path = format!("objects[{i}]");
        if let Some(first) = names.insert(&o.name, path.clone()) {
            cx.err(
                &format!("{path}.name"),
                format!("object `{}` is already defined in {first}", o.name),
            );
        }
        check_type_name(cx, &format!("{path}.name"), &o.name);
        check_source(cx, &format!("{path}.source"), &o.source);
        check_fields(cx, &format!("{path}.fields"), &o.fields);
    }
    for (i, e) in enums.iter().enumerate() {
        let path = format!("enums[{i}]");
        if let Some(first) = names.insert(&e.name, path.clone()) {
            cx.err(
                &format!("{path}.name"),
                format!("type `{}` is already defined in {first}", e.name),
            );
        }
        check_type_name(cx, &format!("{path}.name"), &e.name);
        check_source(cx, &format!("{path}.source"), &e.source);
        if e.values.is_empty() {
            cx.err(
                &format!("{path}.values"),
                "an enum needs at least one value",
            );
        }
        let mut seen = BTreeSet::new();
        for (j, v) in e.values.iter().enumerate() {
            if !seen.insert(&v.value) {
                cx.err(
                    &format!("{path}.values[{j}].value"),
                    format!("duplicate value `{}`", v.value),
                );
            }
            if v.value.is_empty() {
                cx.err(
                    &format!("{path}.values[{j}].value"),
                    "an enum value cannot be empty",
                );
            }
        }
    }
}

fn check_enum_shadowing(cx: &mut Ctx<'_>, own: &[EnumDef], common: &[EnumDef]) {
    for (i, e) in own.iter().enumerate() {
        if common.iter().any(|c| c.name == e.name) {
            cx.err(
                &format!("enums[{i}].name"),
                format!("enum `{}` is already defined in the family common", e.name),
            );
        }
    }
}

fn check_type_name(cx: &mut Ctx<'_>, path: &str, name: &str) {
    let upper_camel = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !upper_camel {
        cx.err(
            path,
            format!("type name `{name}` must be UpperCamelCase ASCII"),
        );
    }
}

fn check_codes(cx: &mut Ctx<'_>, path: &str, codes: &[Code], is_result: bool) {
    for (i, c) in codes.iter().enumerate() {
        let here = format!("{path}[{i}]");
        let well_formed = !c.code.is_empty()
            && c.code
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_');
        if !well_formed {
            cx.err(
                &format!("{here}.code"),
                format!("code `{}` must be UPPER_SNAKE_CASE", c.code),
            );
        }
        match &c.next_step {
            None => cx.err(
                &here,
                format!(
                    "code `{}` needs its `next_step` (step and source): what the caller does next",
                    c.code
                ),
            ),
            Some(step) => {
                check_source(cx, &format!("{here}.next_step.source"), &step.source);
                check_step_fits_status(cx, &here, c, step.step);
            }
        }
        if is_result {
            match &c.id {
                Some(id) if crate::class::ValueClass::ResultCodeId.matches(id) => {}
                Some(id) => cx.err(
                    &format!("{here}.id"),
                    format!("result code id `{id}` must be 8 digits"),
                ),
                None => cx.err(&here, "a result code needs its 8-digit `id`"),
            }
            if c.status.is_none() {
                cx.err(&here, "a result code needs its `status` (S, F or U)");
            }
        } else if cx.family == Family::Overseas && (c.id.is_some() || c.status.is_some()) {
            cx.err(&here, "overseas codes have no `id` or `status`");
        }
    }
}

/// `done` belongs to success codes only, and a success code's step is `done`; an intl code
/// of status U (unknown outcome) must not send the caller to fix or resend blindly.
fn check_step_fits_status(cx: &mut Ctx<'_>, here: &str, c: &Code, step: NextStep) {
    let path = format!("{here}.next_step.step");
    let success = c.status == Some(ResultStatus::S);
    if success != (step == NextStep::Done) {
        let message = if success {
            format!("`{}` is a success code: its next step is `done`", c.code)
        } else {
            format!(
                "`done` is the step of success codes only, not of `{}`",
                c.code
            )
        };
        cx.err(&path, message);
    }
    let unknown_ok = [NextStep::QueryStatusFirst, NextStep::RetrySame];
    if c.status == Some(ResultStatus::U) && !unknown_ok.contains(&step) {
        cx.err(
            &path,
            format!(
                "`{}` has status U (the outcome is unknown): its next step is \
                 `query_status_first` or `retry_same`",
                c.code
            ),
        );
    }
}

/// The fields of one message or object.
fn check_fields(cx: &mut Ctx<'_>, path: &str, fields: &[Field]) {
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, f) in fields.iter().enumerate() {
        if let Some(first) = names.insert(&f.name, i) {
            cx.err(
                &format!("{path}[{i}].name"),
                format!("wire name `{}` is already used by {path}[{first}]", f.name),
            );
        }
    }
    for (i, f) in fields.iter().enumerate() {
        let here = format!("{path}[{i}]");
        check_field(cx, &here, f);
        check_rules(cx, &here, f, fields);
    }
}

fn check_field(cx: &mut Ctx<'_>, path: &str, f: &Field) {
    if f.name.is_empty() || f.name.chars().any(|c| c.is_whitespace() || c == '"') {
        cx.err(
            &format!("{path}.name"),
            format!("`{}` is not a wire name", f.name),
        );
    }
    check_source(cx, &format!("{path}.source"), &f.source);
    let composite = matches!(f.ty, FieldType::Object | FieldType::Array);
    match (&f.of, composite) {
        (None, true) => cx.err(path, "an object or array field needs `of`: the object type"),
        (Some(_), false) => cx.err(
            &format!("{path}.of"),
            "`of` is only for object and array fields",
        ),
        (Some(of), true) if !cx.scope.objects.contains_key(of.as_str()) => {
            cx.err(
                &format!("{path}.of"),
                format!("no object named `{of}` in this file or the family common"),
            );
        }
        _ => {}
    }
    if composite && (f.limit.is_some() || f.class.is_some() || f.enum_.is_some()) {
        cx.err(path, "`limit`, `class` and `enum` are for scalar fields");
    }
    // The generated `Debug` redacts a personal field's text; an object or array is redacted
    // field by field, and a documented value set is not personal.
    if f.personal && (composite || f.enum_.is_some()) {
        cx.err(
            &format!("{path}.personal"),
            "`personal` is for text fields: an object's own fields carry it, an enum's values do not",
        );
    }
    if f.items.is_some() && f.ty != FieldType::Array {
        cx.err(&format!("{path}.items"), "`items` is only for array fields");
    }
    if f.json_text && f.ty != FieldType::Array {
        cx.err(
            &format!("{path}.json_text"),
            "`json_text` is only for array fields",
        );
    }
    if f.limit.is_some_and(|l| l.max == 0) {
        cx.err(&format!("{path}.limit.max"), "a limit of 0 allows no value");
    }
    if let Some(e) = &f.enum_
        && !cx.scope.enums.contains_key(e.as_str())
    {
        cx.err(
            &format!("{path}.enum"),
            format!("no enum named `{e}` in this file or the family common"),
        );
    }
    check_items(cx, path, f);
    if let Some(fixed) = &f.fixed {
        check_value(cx, &format!("{path}.fixed"), f, fixed);
    }
    if let Some(example) = &f.example {
        check_value(cx, &format!("{path}.example"), f, example);
    }
}

fn check_items(cx: &mut Ctx<'_>, path: &str, f: &Field) {
    let (Some(items), Some(of)) = (&f.items, &f.of) else {
        return;
    };
    let Some(obj) = cx.scope.objects.get(of.as_str()).copied() else {
        return;
    };
    if items.max == 0 {
        cx.err(
            &format!("{path}.items.max"),
            "an array limit of 0 allows no item",
        );
    }
    for (i, u) in items.unique.iter().enumerate() {
        match obj.fields.iter().find(|g| &g.name == u) {
            None => cx.err(
                &format!("{path}.items.unique[{i}]"),
                format!("`{of}` has no field `{u}`"),
            ),
            // `Reason::Duplicate` quotes the repeated value, which must not be personal data.
            Some(g) if g.personal => cx.err(
                &format!("{path}.items.unique[{i}]"),
                format!("`{of}.{u}` is personal: a duplicate's violation would quote it"),
            ),
            Some(_) => {}
        }
    }
}

fn check_rules(cx: &mut Ctx<'_>, path: &str, f: &Field, siblings: &[Field]) {
    let hard_required_if = f
        .rules
        .iter()
        .any(|r| r.kind == RuleKind::RequiredIf && r.severity == Severity::Error);
    if f.presence == Presence::Conditional
        && !f.rules.iter().any(|r| r.kind == RuleKind::RequiredIf)
    {
        cx.err(
            &format!("{path}.presence"),
            "a conditional field needs a `required_if` rule",
        );
    }
    if hard_required_if && f.presence != Presence::Conditional {
        cx.err(
            &format!("{path}.presence"),
            "a field with a `required_if` rule must be `conditional`",
        );
    }
    for (i, r) in f.rules.iter().enumerate() {
        let here = format!("{path}.rules[{i}]");
        check_source(cx, &format!("{here}.source"), &r.source);
        if r.kind == RuleKind::OnlyIf
            && f.presence == Presence::Required
            && r.severity == Severity::Error
        {
            cx.err(
                &format!("{here}.kind"),
                "a required field cannot be `only_if`",
            );
        }
        if r.when == f.name {
            cx.err(
                &format!("{here}.when"),
                "a rule cannot depend on its own field",
            );
            continue;
        }
        let Some(target) = siblings.iter().find(|s| s.name == r.when) else {
            cx.err(
                &format!("{here}.when"),
                format!("no sibling field `{}`", r.when),
            );
            continue;
        };
        // `Reason::RequiredIf`/`OnlyIf` quote the sibling's value, which must not be personal.
        if target.personal {
            cx.err(
                &format!("{here}.when"),
                format!(
                    "`{}` is personal: a broken rule's violation would quote it",
                    r.when
                ),
            );
        }
        if r.values.is_empty() {
            cx.err(&format!("{here}.in"), "a rule needs at least one value");
        }
        for (j, v) in r.values.iter().enumerate() {
            check_value(cx, &format!("{here}.in[{j}]"), target, v);
        }
    }
}

/// Whether `value` satisfies every rule `f` states about its own value; reports at `path`.
fn check_value(cx: &mut Ctx<'_>, path: &str, f: &Field, value: &str) {
    match f.ty {
        FieldType::String | FieldType::Datetime => {
            if let Some(problem) = scalar_problem(cx, f, value) {
                cx.err(path, problem);
            }
        }
        FieldType::Object | FieldType::Array => {
            let parsed: Result<Value, _> = serde_json::from_str(value);
            match parsed {
                Ok(v) => {
                    let mut problems = Vec::new();
                    json_problems(cx, f, &v, &f.name, &mut problems);
                    for p in problems {
                        cx.err(path, p);
                    }
                }
                Err(e) => cx.err(path, format!("not JSON: {e}")),
            }
        }
    }
}

fn scalar_problem(cx: &Ctx<'_>, f: &Field, value: &str) -> Option<String> {
    if let Some(limit) = f.limit {
        let len = match limit.unit {
            LimitUnit::Bytes => value.len(),
            LimitUnit::Chars => value.chars().count(),
        };
        if len > limit.max as usize {
            let unit = if limit.unit == LimitUnit::Bytes {
                "bytes"
            } else {
                "chars"
            };
            return Some(format!(
                "`{value}` is {len} {unit}, over the limit of {}",
                limit.max
            ));
        }
    }
    if let Some(class) = f.class
        && !value.is_empty()
        && !class.matches(value)
    {
        return Some(format!("`{value}` is not {}", class.describe()));
    }
    if let Some(e) = f.enum_.as_deref().and_then(|e| cx.scope.enums.get(e))
        && !e.values.iter().any(|v| v.value == value)
    {
        return Some(format!("`{value}` is not a value of enum `{}`", e.name));
    }
    if let Some(bad) = value.chars().find(|c| cx.scope.forbidden.contains(c)) {
        return Some(format!(
            "`{value}` contains the forbidden character `{bad}`"
        ));
    }
    None
}

/// Problems of a JSON value against field `f` (an object or array field, or a scalar inside one).
fn json_problems(cx: &Ctx<'_>, f: &Field, v: &Value, at: &str, out: &mut Vec<String>) {
    match (f.ty, v) {
        (FieldType::Array, Value::Array(items)) => {
            if let Some(lim) = &f.items {
                if items.len() > lim.max as usize {
                    out.push(format!(
                        "{at}: {} items, over the limit of {}",
                        items.len(),
                        lim.max
                    ));
                }
                for u in &lim.unique {
                    let mut seen = BTreeSet::new();
                    for item in items {
                        if let Some(val) = item.get(u)
                            && !seen.insert(val.to_string())
                        {
                            out.push(format!("{at}: `{u}` {val} is not unique"));
                        }
                    }
                }
            }
            for (i, item) in items.iter().enumerate() {
                object_problems(cx, f, item, &format!("{at}[{i}]"), out);
            }
        }
        (FieldType::Object, _) => object_problems(cx, f, v, at, out),
        (FieldType::String | FieldType::Datetime, Value::String(s)) => {
            if let Some(p) = scalar_problem(cx, f, s) {
                out.push(format!("{at}: {p}"));
            }
        }
        _ => out.push(format!("{at}: expected {}", expected(f.ty))),
    }
}

fn object_problems(cx: &Ctx<'_>, f: &Field, v: &Value, at: &str, out: &mut Vec<String>) {
    let Some(obj) = f.of.as_deref().and_then(|o| cx.scope.objects.get(o)) else {
        return;
    };
    let Value::Object(map) = v else {
        out.push(format!("{at}: expected a JSON object"));
        return;
    };
    for key in map.keys() {
        if !obj.fields.iter().any(|g| &g.name == key) {
            out.push(format!("{at}: `{}` has no field `{key}`", obj.name));
        }
    }
    for g in &obj.fields {
        match map.get(&g.name) {
            Some(val) => json_problems(cx, g, val, &format!("{at}.{}", g.name), out),
            None if g.presence == Presence::Required => {
                out.push(format!("{at}: required field `{}` is missing", g.name));
            }
            None => {}
        }
    }
}

fn expected(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String | FieldType::Datetime => "a JSON string",
        FieldType::Object => "a JSON object",
        FieldType::Array => "a JSON array",
    }
}
