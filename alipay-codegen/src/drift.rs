//! `alipay-codegen drift`: a vendor doc page, as copied from the browser, against the spec.
//!
//! The page is read into parameter and code rows ([`page`]; full-width punctuation, tabs,
//! no-break spaces, CR LF and wrapped rows read like their plain forms); the service is the
//! spec service the page names most often. Every row is matched by name with a spec field of
//! that service or its family's common part, and compared: type (a row of another type is a
//! type change, not also a limit change), length limit, presence, example and the value set
//! of an enum field. A page row with no field is *added*; a field the spec says comes from
//! this page (its `source.seed` is the page's id, not rebuilt) with no row is *removed*; an
//! added row and a removed field are one *renamed* field when their names differ only in case
//! and `_`, when the row sits where the field was (its neighbour rows are the field's spec
//! neighbours), or when the row's description says what the field's doc says. Code tables are
//! compared by table, and an added and a removed code are one *renamed* code when the row's
//! description has the code's words (or nearly: 80% of the longer text's) and the row sits
//! where the code was in the spec table (or no other row or code says it).
//!
//! A difference is not drift only when a spec note's `records` names it exactly: the page,
//! the field or code, the kind and the page's value as reported here. Any other note, whatever
//! its text mentions, silences nothing.

pub mod page;

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use alipay_proto_codegen::load::{FamilySpec, Loaded, Spec};
use alipay_proto_codegen::model::{
    Code, CodeKind, EnumDef, Field, FieldType, Note, ObjectDef, Presence, ServiceSpec,
};
use page::{CodeRow, Page, Param, Table};

/// What changed: the kinds a note's `records` name (defined with the spec model).
pub use alipay_proto_codegen::model::DriftKind as ChangeKind;

/// One difference between the page and the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What differs.
    pub kind: ChangeKind,
    /// The parameter's wire name or the code.
    pub name: String,
    /// What the page says (absent for a removed field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// What the spec says (absent for an added field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// 1-based line of the page row, 0 for a removed field.
    pub line: usize,
}

/// A difference the spec records, with the note that records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The difference.
    #[serde(flatten)]
    pub change: Change,
    /// `repair`, `contradiction`, `rebuilt` or `choice`.
    pub note_kind: String,
    /// The note's first sentence.
    pub note: String,
}

/// The result of one comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The wire name of the service the page documents.
    pub service: String,
    /// The page id (`source.seed`) of the service.
    pub page_id: String,
    /// How many parameter rows the page has.
    pub params_on_page: usize,
    /// How many code rows the page has.
    pub codes_on_page: usize,
    /// Differences no note explains: the spec needs an edit.
    pub drift: Vec<Change>,
    /// Differences the spec already records.
    pub recorded: Vec<Recorded>,
}

/// Why a page cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftError {
    /// No spec service name occurs in the page.
    UnknownService,
    /// The page has no parameter row the reader understands.
    NoRows {
        /// The service the page names most often.
        service: String,
    },
}

impl fmt::Display for DriftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DriftError::UnknownService => {
                f.write_str("the page names no service of the spec (e.g. alipay.overseas...)")
            }
            DriftError::NoRows { service } => write!(
                f,
                "the page for {service} has no parameter table in a known layout"
            ),
        }
    }
}

impl std::error::Error for DriftError {}

/// Compares a page's text with the spec.
pub fn drift(text: &str, spec: &Spec) -> Result<Report, DriftError> {
    let (fam, svc) = service_of(text, spec).ok_or(DriftError::UnknownService)?;
    let page = page::parse(text);
    if page.params.is_empty() {
        return Err(DriftError::NoRows {
            service: svc.value.service.clone(),
        });
    }
    let cx = Cx::new(fam, svc);
    let mut changes = compare_params(&cx, &page);
    changes.extend(compare_codes(&cx, &page));
    let mut drift = Vec::new();
    let mut recorded = Vec::new();
    for c in changes {
        match cx.note_for(&c) {
            Some(n) => recorded.push(Recorded {
                note_kind: format!("{:?}", n.kind).to_lowercase(),
                note: first_sentence(&n.text),
                change: c,
            }),
            None => drift.push(c),
        }
    }
    Ok(Report {
        service: svc.value.service.clone(),
        page_id: cx.page_id.to_owned(),
        params_on_page: page.params.len(),
        codes_on_page: page.codes.len(),
        drift,
        recorded,
    })
}

/// The service whose wire name the page mentions most often.
fn service_of<'a>(text: &str, spec: &'a Spec) -> Option<(&'a FamilySpec, &'a Loaded<ServiceSpec>)> {
    spec.services()
        .map(|(f, s)| (text.matches(s.value.service.as_str()).count(), f, s))
        .filter(|(n, _, _)| *n > 0)
        .max_by_key(|(n, _, _)| *n)
        .map(|(_, f, s)| (f, s))
}

/// The parts of the spec one page is compared with.
struct Cx<'a> {
    page_id: &'a str,
    fields: Vec<&'a Field>,
    enums: Vec<&'a EnumDef>,
    notes: Vec<&'a Note>,
    common: &'a FamilySpec,
    service: &'a ServiceSpec,
}

impl<'a> Cx<'a> {
    fn new(fam: &'a FamilySpec, svc: &'a Loaded<ServiceSpec>) -> Self {
        let c = &fam.common.value;
        let s = &svc.value;
        let objects = |o: &'a [ObjectDef]| o.iter().flat_map(|o| o.fields.iter());
        let fields = c
            .request
            .iter()
            .chain(&c.reply)
            .chain(objects(&c.objects))
            .chain(&s.request)
            .chain(&s.reply)
            .chain(objects(&s.objects))
            .collect();
        Cx {
            page_id: &s.source.seed,
            fields,
            enums: c.enums.iter().chain(&s.enums).collect(),
            notes: c.notes.iter().chain(&s.notes).collect(),
            common: fam,
            service: s,
        }
    }

    /// The note whose `records` name this difference exactly: this page, this field or code
    /// (for a renamed field, the spec's name), this kind and the page's value as reported.
    fn note_for(&self, c: &Change) -> Option<&'a Note> {
        let about = match c.kind {
            // A rename always carries the spec's name (see where renames are made); without
            // one, "" matches no record, and the rename stays drift.
            ChangeKind::Renamed | ChangeKind::CodeRenamed => c.spec.as_deref().unwrap_or_default(),
            _ => c.name.as_str(),
        };
        self.notes.iter().copied().find(|n| {
            n.records.iter().any(|r| {
                r.page == self.page_id
                    && r.kind == c.kind
                    && r.about == about
                    && r.value.as_deref() == c.page.as_deref()
            })
        })
    }

    fn enum_of(&self, f: &Field) -> Option<&'a EnumDef> {
        let name = f.enum_.as_deref()?;
        self.enums.iter().copied().find(|e| e.name == name)
    }

    /// Whether the spec says this field comes from this page's tables.
    fn documented_here(&self, f: &Field) -> bool {
        f.source.seed == self.page_id && f.source.rebuilt_from.is_none()
    }
}

fn compare_params(cx: &Cx<'_>, page: &Page) -> Vec<Change> {
    let mut used = vec![false; cx.fields.len()];
    // The spec field each page row matched, by row.
    let mut matched: Vec<Option<usize>> = vec![None; page.params.len()];
    let mut changes = Vec::new();
    let mut added = Vec::new();
    for (row, p) in page.params.iter().enumerate() {
        let best = cx
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name == p.name)
            .map(|(i, f)| (used[i], field_changes(cx, p, f), i))
            .min_by_key(|(u, c, _)| (*u, c.len()));
        match best {
            Some((_, found, i)) => {
                used[i] = true;
                matched[row] = Some(i);
                changes.extend(found);
            }
            None => added.push(row),
        }
    }
    let removed: Vec<usize> = (0..cx.fields.len())
        .filter(|&i| {
            let f = cx.fields[i];
            !used[i] && cx.documented_here(f) && !page.headings.contains(&f.name)
        })
        .collect();
    changes.extend(added_removed_renamed(cx, page, &matched, &added, &removed));
    changes
}

/// Pairs each added row with a removed field that is the same field under a new name, found
/// (in this order of preference) by spelling (the names differ only in case and `_`), by
/// position (the row sits between the rows of the field's spec neighbours), or by
/// description (the row's text says what the field's doc says). A pair is one renamed field,
/// compared like a matched one; the rest are added and removed.
fn added_removed_renamed(
    cx: &Cx<'_>,
    page: &Page,
    matched: &[Option<usize>],
    added: &[usize],
    removed: &[usize],
) -> Vec<Change> {
    let key = |s: &str| s.replace('_', "").to_lowercase();
    let same_spelling =
        |row: usize, f: usize| key(&cx.fields[f].name) == key(&page.params[row].name);
    let same_place = |row: usize, f: usize| {
        let before = row.checked_sub(1).and_then(|r| matched[r]);
        let after = matched.get(row + 1).copied().flatten();
        let p = &page.params[row];
        page_type(cx.fields[f]) == p.ty
            && (before.is_some_and(|b| b + 1 == f) || after.is_some_and(|a| f + 1 == a))
    };
    let same_text = |row: usize, f: usize| {
        let field = cx.fields[f];
        let p = &page.params[row];
        page_type(field) == p.ty
            && [Some(&field.doc), field.doc_zh.as_ref()]
                .into_iter()
                .flatten()
                .any(|doc| similar(doc, &p.text))
    };
    let mut partner: Vec<Option<usize>> = vec![None; added.len()];
    let mut taken = BTreeSet::new();
    let tests: [&dyn Fn(usize, usize) -> bool; 3] = [&same_spelling, &same_place, &same_text];
    for test in tests {
        for (k, &row) in added.iter().enumerate() {
            if partner[k].is_some() {
                continue;
            }
            let found = removed
                .iter()
                .copied()
                .find(|f| !taken.contains(f) && test(row, *f));
            if let Some(f) = found {
                taken.insert(f);
                partner[k] = Some(f);
            }
        }
    }
    let mut out = Vec::new();
    for (k, &row) in added.iter().enumerate() {
        let p = &page.params[row];
        match partner[k] {
            Some(f) => {
                let f = cx.fields[f];
                out.push(change(
                    ChangeKind::Renamed,
                    &format!("{} -> {}", f.name, p.name),
                    Some(&p.name),
                    Some(&f.name),
                    p.line,
                ));
                out.extend(field_changes(cx, p, f));
            }
            None => out.push(change(
                ChangeKind::Added,
                &p.name,
                Some(&describe_param(p)),
                None,
                p.line,
            )),
        }
    }
    out.extend(removed.iter().filter(|f| !taken.contains(*f)).map(|&f| {
        let f = cx.fields[f];
        change(
            ChangeKind::Removed,
            &f.name,
            None,
            Some(&describe_field(f)),
            0,
        )
    }));
    out
}

/// Whether two texts are the same words (ASCII letters and digits, any case), whatever the
/// punctuation and spacing between them: a short description (`Session timeout`) that
/// [`similar`] has too few words to judge.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let a = words(a);
    !a.is_empty() && a == words(b)
}

/// Whether two descriptions say the same: at least 60% of the shorter one's words
/// ([`words_of`]) occur in the other.
fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (words_of(a), words_of(b));
    let shorter = a.len().min(b.len());
    shorter >= 3 && a.intersection(&b).count() * 10 >= shorter * 6
}

/// Whether two descriptions say nearly the same words: at least 80% of the longer one's words
/// ([`words_of`]) occur in the other. Stricter than [`similar`], which a short text passes
/// by sharing two common words with a long one (`The merchant is frozen` and a text about
/// the merchant not being registered).
fn close(a: &str, b: &str) -> bool {
    let (a, b) = (words_of(a), words_of(b));
    let longer = a.len().max(b.len());
    a.len().min(b.len()) >= 3 && a.intersection(&b).count() * 10 >= longer * 8
}

/// The words of a description: ASCII words of 3 letters or more (lower case), and each pair
/// of adjacent CJK chars.
fn words_of(s: &str) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .collect();
    let cjk: Vec<char> = s
        .chars()
        .filter(|c| !c.is_ascii() && c.is_alphanumeric())
        .collect();
    out.extend(cjk.windows(2).map(|w| w.iter().collect::<String>()));
    out
}

fn change(
    kind: ChangeKind,
    name: &str,
    page: Option<&str>,
    spec: Option<&str>,
    line: usize,
) -> Change {
    Change {
        kind,
        name: name.to_owned(),
        page: page.map(str::to_owned),
        spec: spec.map(str::to_owned),
        line,
    }
}

/// How the docs print a spec field's type.
fn page_type(f: &Field) -> String {
    match (f.ty, &f.of) {
        (FieldType::Datetime, _) => "Date time".to_owned(),
        (FieldType::Object, Some(of)) => of.clone(),
        _ => "String".to_owned(),
    }
}

fn limit_text(limit: Option<u32>) -> String {
    limit.map_or_else(|| "no limit".to_owned(), |n| format!("({n})"))
}

fn describe_param(p: &Param) -> String {
    let req = if p.required { " Required" } else { "" };
    format!(
        "{}{}{req}",
        p.ty,
        // No limit on the page: no parenthesis.
        p.limit.map(|n| format!("({n})")).unwrap_or_default()
    )
}

fn describe_field(f: &Field) -> String {
    let presence = match f.presence {
        Presence::Required => " Required",
        Presence::Optional => "",
        Presence::Conditional => " conditional",
    };
    // No limit in the spec: no parenthesis.
    let limit = f.limit.map(|l| format!("({})", l.max)).unwrap_or_default();
    format!("{}{limit}{presence}", page_type(f))
}

/// Every difference between a row and the field it matched.
fn field_changes(cx: &Cx<'_>, p: &Param, f: &Field) -> Vec<Change> {
    let mut out = Vec::new();
    let mut diff = |kind, page: String, spec: String| {
        if page != spec {
            out.push(change(kind, &p.name, Some(&page), Some(&spec), p.line));
        }
    };
    let spec_type = page_type(f);
    // A row of another type is reported as that: its limit is the new type's, not a change.
    if p.ty == spec_type {
        diff(
            ChangeKind::Limit,
            limit_text(p.limit),
            limit_text(f.limit.map(|l| l.max)),
        );
    } else {
        diff(ChangeKind::Type, p.ty.clone(), spec_type);
    }
    let spec_required = match f.presence {
        Presence::Required => true,
        Presence::Optional => false,
        // A conditional field is marked either way on the page; its rules say when.
        Presence::Conditional => p.required,
    };
    diff(
        ChangeKind::Presence,
        presence_text(p.required),
        presence_text(spec_required),
    );
    if let Some(e) = &p.example {
        let same = [&f.example, &f.doc_example]
            .into_iter()
            .flatten()
            .any(|s| squash(s) == squash(e));
        if !same {
            let spec = f.doc_example.as_ref().or(f.example.as_ref());
            diff(
                ChangeKind::Example,
                e.clone(),
                // The spec has no example: the page's is drift against an empty one.
                spec.cloned().unwrap_or_default(),
            );
        }
    }
    if let Some(e) = cx.enum_of(f) {
        let (page, spec) = enum_values(cx, p, f, e);
        diff(ChangeKind::EnumValues, page, spec);
    }
    out
}

fn presence_text(required: bool) -> String {
    if required { "required" } else { "optional" }.to_owned()
}

/// Examples compared without whitespace: the pages wrap long JSON examples.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The enum's values the page row still names, plus upper-case words of the row that look
/// like new values (not a spec value and nowhere in the spec's text about the field), against
/// the spec's values.
fn enum_values(cx: &Cx<'_>, p: &Param, f: &Field, e: &EnumDef) -> (String, String) {
    let spec: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
    let mut known = format!(
        "{} {} {}",
        f.doc,
        // No Chinese doc: nothing more to search.
        f.doc_zh.as_deref().unwrap_or_default(),
        e.doc
    );
    for v in &e.values {
        known.push_str(&v.doc);
    }
    for n in &cx.notes {
        known.push_str(&n.text);
    }
    let mut page: Vec<&str> = spec
        .iter()
        .copied()
        .filter(|v| p.text.contains(v))
        .collect();
    let words = p
        .text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            w.len() >= 2
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
    for w in words {
        if !spec.contains(&w) && !known.contains(w) && !page.contains(&w) {
            page.push(w);
        }
    }
    let page = if page.is_empty() {
        "(none)".to_owned()
    } else {
        page.join(", ")
    };
    (page, spec.join(", "))
}

fn compare_codes(cx: &Cx<'_>, page: &Page) -> Vec<Change> {
    let tables: BTreeSet<Table> = page.codes.iter().map(|c| c.table).collect();
    let mut out = Vec::new();
    for table in tables {
        let rows: Vec<&CodeRow> = page.codes.iter().filter(|c| c.table == table).collect();
        let spec = spec_codes(cx, table);
        let name = format!("{table:?}").to_lowercase();
        // The spec code each row matched, by row.
        let mut matched: Vec<Option<usize>> = vec![None; rows.len()];
        let mut added = Vec::new();
        for (k, r) in rows.iter().enumerate() {
            let found = spec.iter().position(|c| c.code == r.code).or_else(|| {
                let alt = r.alt.as_deref()?;
                spec.iter().position(|c| c.code == alt)
            });
            match found {
                Some(i) => {
                    matched[k] = Some(i);
                    out.extend(code_changes(r, spec[i]));
                }
                None => added.push(k),
            }
        }
        let removed: Vec<usize> = (0..spec.len())
            .filter(|i| !matched.contains(&Some(*i)))
            .collect();
        let partner = renamed_codes(&rows, &spec, &matched, &added, &removed);
        for (&k, found) in added.iter().zip(&partner) {
            let r = rows[k];
            match *found {
                Some(i) => {
                    let c = spec[i];
                    out.push(change(
                        ChangeKind::CodeRenamed,
                        &format!("{} -> {}", c.code, r.code),
                        Some(&r.code),
                        Some(&c.code),
                        r.line,
                    ));
                    out.extend(code_changes(r, c));
                }
                None => out.push(change(
                    ChangeKind::CodeAdded,
                    &r.code,
                    Some(&name),
                    None,
                    r.line,
                )),
            }
        }
        out.extend(
            removed
                .iter()
                .filter(|i| !partner.contains(&Some(**i)))
                .map(|&i| change(ChangeKind::CodeRemoved, &spec[i].code, None, Some(&name), 0)),
        );
    }
    out
}

/// Pairs each added code row (`added`, indices of `rows`) with a removed spec code
/// (`removed`, indices of `spec`) that is the same code under a new name: the row's
/// description has the same words as the code's description (with or without its action, or
/// the Chinese description), or nearly ([`close`]),
/// and either the row sits where the code was (the row before it matched the code before it
/// in the spec table, or the row after it the code after it), or that row and that code are
/// each the other's only match by description. A code replaced by one that says something
/// else stays an added and a removed code.
fn renamed_codes(
    rows: &[&CodeRow],
    spec: &[&Code],
    matched: &[Option<usize>],
    added: &[usize],
    removed: &[usize],
) -> Vec<Option<usize>> {
    let says = |k: usize, i: usize| {
        let c = spec[i];
        let english = match &c.action {
            Some(action) => format!("{} {action}", c.description),
            None => c.description.clone(),
        };
        [
            Some(&c.description),
            Some(&english),
            c.description_zh.as_ref(),
        ]
        .into_iter()
        .flatten()
        .any(|text| same_words(text, &rows[k].text) || close(text, &rows[k].text))
    };
    let same_place = |k: usize, i: usize| {
        let before = k.checked_sub(1).and_then(|r| matched[r]);
        let after = matched.get(k + 1).copied().flatten();
        before.is_some_and(|b| b + 1 == i) || after.is_some_and(|a| i + 1 == a)
    };
    let mut partner: Vec<Option<usize>> = vec![None; added.len()];
    let mut taken = BTreeSet::new();
    for (n, &k) in added.iter().enumerate() {
        let found = removed
            .iter()
            .copied()
            .find(|&i| !taken.contains(&i) && says(k, i) && same_place(k, i));
        if let Some(i) = found {
            taken.insert(i);
            partner[n] = Some(i);
        }
    }
    for (n, &k) in added.iter().enumerate() {
        if partner[n].is_some() {
            continue;
        }
        let codes: Vec<usize> = removed
            .iter()
            .copied()
            .filter(|&i| !taken.contains(&i) && says(k, i))
            .collect();
        if let [i] = codes[..] {
            let rivals = added
                .iter()
                .enumerate()
                .filter(|&(m, &other)| partner[m].is_none() && says(other, i))
                .count();
            if rivals == 1 {
                taken.insert(i);
                partner[n] = Some(i);
            }
        }
    }
    partner
}

fn spec_codes<'a>(cx: &Cx<'a>, table: Table) -> Vec<&'a Code> {
    let kind = match table {
        Table::Business => return cx.service.business_codes.iter().collect(),
        Table::Access => CodeKind::Access,
        Table::System => CodeKind::System,
        Table::Result => CodeKind::Result,
    };
    cx.common
        .common
        .value
        .code_groups
        .iter()
        .filter(|g| g.kind == kind)
        .flat_map(|g| &g.codes)
        .collect()
}

fn code_changes(r: &CodeRow, c: &Code) -> Vec<Change> {
    let page = format!(
        "{} {}",
        r.id.as_deref().unwrap_or("-"),
        r.status.as_deref().unwrap_or("-")
    );
    let spec_status = c.status.map(|s| format!("{s:?}"));
    let spec = format!(
        "{} {}",
        if r.id.is_some() {
            c.id.as_deref().unwrap_or("-")
        } else {
            "-"
        },
        if r.status.is_some() {
            spec_status.as_deref().unwrap_or("-")
        } else {
            "-"
        },
    );
    if page == spec {
        Vec::new()
    } else {
        vec![change(
            ChangeKind::CodeChanged,
            &r.code,
            Some(&page),
            Some(&spec),
            r.line,
        )]
    }
}

fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(at) => text[..=at].to_owned(),
        None => text,
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} (page {}): {} parameter rows, {} code rows",
            self.service, self.page_id, self.params_on_page, self.codes_on_page
        )?;
        if self.drift.is_empty() {
            writeln!(f, "drift: none")?;
        } else {
            writeln!(f, "drift: {}", self.drift.len())?;
            for c in &self.drift {
                writeln!(f, "  {c}")?;
            }
        }
        if !self.recorded.is_empty() {
            writeln!(
                f,
                "recorded in the spec (not drift): {}",
                self.recorded.len()
            )?;
            for r in &self.recorded {
                writeln!(f, "  {} [{}: {}]", r.change, r.note_kind, r.note)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = format!("{:?}", self.kind);
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        write!(f, "{kind} {}", self.name)?;
        match (&self.page, &self.spec) {
            (Some(p), Some(s)) => write!(f, ": page {p}, spec {s}"),
            (Some(p), None) => write!(f, ": {p}"),
            (None, Some(s)) => write!(f, " (spec: {s})"),
            (None, None) => Ok(()),
        }
    }
}
