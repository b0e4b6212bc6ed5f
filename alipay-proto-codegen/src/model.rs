//! The typed model of `spec/`: what one YAML file may say.
//!
//! Every struct denies unknown keys, so a typo in the spec is an error and never silently
//! ignored. The model is pure data; [`crate::check`] decides whether it is consistent.

use serde::{Deserialize, Serialize};

/// The two protocol families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// `alipay.overseas.*` on gateway.do: signed key=value params, XML replies.
    Overseas,
    /// `alipay.intl.*`: JSON head/body envelope with an RSA signature.
    Intl,
}

impl Family {
    /// The folder of `spec/` that holds this family.
    pub fn dir(self) -> &'static str {
        match self {
            Family::Overseas => "overseas",
            Family::Intl => "intl",
        }
    }
}

/// `spec/<family>/common.yaml`: what every service of a family shares.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommonSpec {
    /// `family:` must name the folder the file is in (`overseas` or `intl`).
    pub family: Family,
    /// What the family is, in a sentence or two.
    pub doc: String,
    /// Endpoints the docs name (gateway.do, open-sea).
    #[serde(default)]
    pub gateways: Vec<Gateway>,
    /// `profiles:` documented variants of the family a user selects (overseas: the global
    /// docs and AlipayHK's): each names its default gateway, its partner class and the sign
    /// types it accepts. The first is the default. They become the family's `Profile` enum.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// `request_lifetime:` how long a request stays valid (overseas: `timestamp`, 30 minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_lifetime: Option<RequestLifetime>,
    /// `default_charset:` the charset the gateway reads a request in when it names no
    /// `_input_charset` (overseas: GBK).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_charset: Option<DefaultCharset>,
    /// Characters no value of this family may contain (overseas: the halfwidth `"`).
    #[serde(default)]
    pub forbidden_chars: Vec<ForbiddenChar>,
    /// Basic request parameters (overseas) or the request head (intl).
    pub request: Vec<Field>,
    /// Basic reply fields (overseas) or the response head (intl).
    pub reply: Vec<Field>,
    /// `objects:` nested objects the family's services share (intl `ResultInfo`); each becomes a
    /// struct.
    #[serde(default)]
    pub objects: Vec<ObjectDef>,
    /// `enums:` value sets the family's fields share (`SignType`, `InputCharset`, intl
    /// `ResultStatus`); each becomes an enum.
    #[serde(default)]
    pub enums: Vec<EnumDef>,
    /// Family-wide code tables: access and system errors (overseas), basic result codes (intl).
    #[serde(default)]
    pub code_groups: Vec<CodeGroup>,
    /// `notes:` family-wide decisions where the docs are broken, contradictory or silent.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// The vendor documents every [`Source`] of this family names.
    pub pages: Vec<DocPage>,
}

/// A vendor document facts are taken from: a doc page or a reference SDK.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocPage {
    /// The short id sources and notes use, e.g. `"000"`.
    pub id: String,
    /// How generated docs cite it: the vendor, the page title as published, and what it covers.
    pub cite: String,
}

/// `spec/<family>/<service>.yaml`: one documented service.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// The wire name: `service` (overseas) or `function` (intl).
    pub service: String,
    /// `family:` must name the folder the file is in (`overseas` or `intl`).
    pub family: Family,
    /// `kind:` what the service does with a merchant ([`ServiceKind`]); the generated registry
    /// gives it to drivers, which choose their behaviour per kind.
    pub kind: ServiceKind,
    /// Short title for docs and the summary table.
    pub title: String,
    /// `doc:` what the service does, for the generated module's docs.
    pub doc: String,
    /// `source:` the page and section the service is documented in.
    pub source: Source,
    /// Business parameters (overseas) or the request body (intl).
    pub request: Vec<Field>,
    /// Business reply fields (overseas `<response><alipay>`) or the response body (intl).
    pub reply: Vec<Field>,
    /// `objects:` nested objects of this service's fields (taxi driver, site info, seller info);
    /// each becomes a struct in the service's module.
    #[serde(default)]
    pub objects: Vec<ObjectDef>,
    /// `enums:` value sets of this service's fields; each becomes an enum in the service's module.
    #[serde(default)]
    pub enums: Vec<EnumDef>,
    /// Business logic error codes of this service.
    #[serde(default)]
    pub business_codes: Vec<Code>,
    /// `update_rules:` request fields an update of an approved registration may not change,
    /// each with the business code that refuses the change (`*_UPDATE_FORBIDDEN`,
    /// `MCC_CAN_NOT_MODIFY`).
    #[serde(default)]
    pub update_rules: Vec<UpdateRule>,
    /// `refused_values:` values of a request field Alipay refuses to register, with the business
    /// code that refuses them (online.maintain's restricted registration countries).
    #[serde(default)]
    pub refused_values: Vec<RefusedValues>,
    /// `notes:` this service's decisions where its page is broken, contradictory or silent; a note
    /// `about` a field also lands in that field's doc.
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// `kind:` of a [`ServiceSpec`]: what the service does with a secondary merchant. The runtime's
/// `alipay_proto::Kind` has one variant per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Registers a merchant or store, or updates its registration.
    Maintain,
    /// Reads a registration's review status.
    Query,
    /// Archives a registered merchant or store.
    Archive,
}

/// Where a fact came from.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The [`DocPage::id`] of the document, one of the family's `pages`.
    pub seed: String,
    /// The section (table, sample) inside that document.
    pub section: String,
    /// Set when the docs have no table for this fact and it was rebuilt: from what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebuilt_from: Option<String>,
}

/// `update_rules[]` of a [`ServiceSpec`]: a request field that may not change once the
/// registration is approved.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateRule {
    /// The request field, by wire name.
    pub field: String,
    /// The business code an update that changes it is refused with (one of the service's).
    pub code: String,
    /// The page and section that say so (the code's row).
    pub source: Source,
}

/// `refused_values[]` of a [`ServiceSpec`]: values a request field may not register with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedValues {
    /// The request field, by wire name.
    pub field: String,
    /// The refused values; each satisfies the field's own rules.
    pub values: Vec<String>,
    /// The business code a registration with one of them is refused with.
    pub code: String,
    /// Where the refusal is documented; a note says where the values come from.
    pub source: Source,
}

/// `request_lifetime:` of a [`CommonSpec`]: how long a request stays valid around its
/// timestamp.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestLifetime {
    /// The lifetime in minutes, more than 0.
    pub minutes: u32,
    /// The docs' words.
    pub doc: String,
    /// The page and section that state it.
    pub source: Source,
}

/// `default_charset:` of a [`CommonSpec`]: the charset a request without `_input_charset` is
/// read in. It becomes `DEFAULT_CHARSET`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultCharset {
    /// A value of the family's `InputCharset` enum, as on the wire (`GBK`).
    pub charset: String,
    /// The docs' words.
    pub doc: String,
    /// The page and section that state it.
    pub source: Source,
}

/// `gateways[]`: an endpoint the docs name; each becomes a `<NAME>_GATEWAY` constant.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gateway {
    /// `production`, `test`, ...
    pub name: String,
    /// The endpoint URL, exactly as documented.
    pub url: String,
    /// The page and section that give the URL.
    pub source: Source,
}

/// `profiles[]`: a documented variant of the family (a regional version of its pages).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `global`, `alipay_hk`: snake case; the Rust variant is its camel case.
    pub name: String,
    /// What the profile is, in a sentence.
    pub doc: String,
    /// The `gateways[]` entry (by name) a client of this profile uses unless told otherwise.
    pub gateway: String,
    /// The value class the `partner` param must belong to.
    pub partner_class: ValueClass,
    /// The `SignType` values the profile accepts, in the enum's order.
    pub sign_types: Vec<String>,
    /// The page that documents the profile, when one page does (the `cite` of the source's
    /// page must contain it, without its scheme).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The page and section that give the profile's gateway, partner rule and sign types.
    pub source: Source,
}

/// `forbidden_chars[]`: a character no request value of the family may contain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForbiddenChar {
    /// The character, exactly one.
    pub char: String,
    /// The docs' words for the ban.
    pub doc: String,
    /// The page and section that state the ban.
    pub source: Source,
}

/// One documented parameter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name, exactly as sent.
    pub name: String,
    /// `type:` the wire type ([`FieldType`]).
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// For `object` and `array`: the name of an [`ObjectDef`] of this file or the family common.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// Length limit of a scalar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// Count and uniqueness limits of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Items>,
    /// `true` when the array travels as JSON text inside one parameter (overseas
    /// `extend_params`, `site_infos`) rather than as a JSON value (intl).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub json_text: bool,
    /// `personal: true` when the value is personal data: a legal name, an ID, registration or
    /// bank account number, a phone number, an e-mail or a registered (postal) address. The
    /// generated `Debug` prints such a value's length, never its text. Text fields only: an
    /// object's own fields carry the marker.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub personal: bool,
    /// `presence:` whether the field must, may or, by its `rules`, must or must not be sent.
    pub presence: Presence,
    /// The value class, for strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ValueClass>,
    /// The name of an [`EnumDef`] whose values this field takes.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_: Option<String>,
    /// A value fixed by the protocol (the service name, the intl version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// Conditional rules the docs state in prose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// A value that satisfies this field's rules (checked). For an array: JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The example exactly as the docs print it, when it differs from `example`
    /// (masked digits, prose, several alternatives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_example: Option<String>,
    /// English doc text (a faithful translation for the Chinese page).
    pub doc: String,
    /// The original Chinese text, for fields from a Chinese page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_zh: Option<String>,
    /// `source:` the page and section the field is documented in.
    pub source: Source,
}

/// `type:` of a [`Field`]: how its value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A text value (the docs' `String` / `String(N)`).
    String,
    /// Intl "Date time": RFC 3339 with offset.
    Datetime,
    /// A nested JSON object ([`Field::of`]).
    Object,
    /// A list of objects ([`Field::of`]).
    Array,
}

/// `limit:` of a [`Field`]: the `N` of the docs' `String(N)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// The largest allowed length, in [`Limit::unit`]s.
    pub max: u32,
    /// What the length counts.
    pub unit: LimitUnit,
}

/// What a [`Limit`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    /// Bytes in the request charset (the Chinese table's 类型(字节长度)).
    Bytes,
    /// Unicode scalar values.
    Chars,
}

/// `items:` of an array [`Field`]: how many items it may hold and which must differ.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// The largest allowed number of items.
    pub max: u32,
    /// Fields of the item object whose values must be unique across the array.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique: Vec<String>,
}

/// `presence:` of a [`Field`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Always sent; a request without it is rejected.
    Required,
    /// May be left out.
    Optional,
    /// Required or forbidden depending on [`Field::rules`].
    Conditional,
}

/// Value classes: one definition shared with the runtime (the `alipay-proto-classes` crate).
pub use crate::class::ValueClass;

/// A conditional rule stated in prose by the docs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// `kind:` what the rule demands of the field ([`RuleKind`]).
    pub kind: RuleKind,
    /// A sibling field (same message or object), by wire name.
    pub when: String,
    /// The sibling's values that trigger the rule.
    #[serde(rename = "in")]
    pub values: Vec<String>,
    /// `error` rejects the request; `warning` is reported but does not reject (used where a
    /// documented sample contradicts the prose).
    #[serde(default)]
    pub severity: Severity,
    /// The prose the rule comes from.
    pub doc: String,
    /// `source:` the page and section the prose is in.
    pub source: Source,
}

/// `kind:` of a [`Rule`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The field must be present when `when` has one of the values.
    RequiredIf,
    /// The field may be present only when `when` has one of the values.
    OnlyIf,
}

/// `severity:` of a [`Rule`]: what breaking it does. Defaults to `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Breaking the rule rejects the request.
    #[default]
    Error,
    /// Breaking the rule is reported as a warning beside the prepared request, which is still
    /// valid (for a rule a documented sample contradicts).
    Warning,
}

/// A nested object (taxi driver, site info, seller info, result info).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectDef {
    /// UpperCamelCase type name.
    pub name: String,
    /// What the object is, for the generated struct's docs.
    pub doc: String,
    /// The page and section the object is documented in.
    pub source: Source,
    /// The object's fields, in documented order.
    pub fields: Vec<Field>,
}

/// A documented value set.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// UpperCamelCase type name.
    pub name: String,
    /// What the value set is, for the generated enum's docs.
    pub doc: String,
    /// The page and section the values are listed in.
    pub source: Source,
    /// The documented values, in documented order; each becomes a variant.
    pub values: Vec<EnumValue>,
}

/// One value of an [`EnumDef`].
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire text.
    pub value: String,
    /// What the value means, for the variant's docs.
    pub doc: String,
}

/// A family-wide code table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodeGroup {
    /// `kind:` which table this is; it names the generated enum ([`CodeKind`]).
    pub kind: CodeKind,
    /// What the table is, for the generated enum's docs.
    pub doc: String,
    /// The page and section the table is in.
    pub source: Source,
    /// The table's rows, in documented order; each becomes a variant.
    pub codes: Vec<Code>,
}

/// `kind:` of a [`CodeGroup`]: which family-wide table it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// Overseas access errors (ILLEGAL_SIGN, ...).
    Access,
    /// Overseas system errors.
    System,
    /// Intl basic result codes.
    Result,
}

/// One documented error or result code.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The code exactly as the reply carries it (`ILLEGAL_SIGN`, `SYSTEM_ERROR`).
    pub code: String,
    /// English description (translated for the Chinese page).
    pub description: String,
    /// The original Chinese description, for codes from a Chinese page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// What the caller should do, where the docs say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Intl: the 8-digit resultCodeId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Intl: S, F or U.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResultStatus>,
    /// `next_step:` what the caller should do next, with the page that says so. Optional in
    /// the YAML only so that the checker can name a code that lacks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<NextStepSpec>,
}

/// `next_step:` of a [`Code`]: the step and its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NextStepSpec {
    /// The step ([`NextStep`]).
    pub step: NextStep,
    /// The page and section that say so (a code table's action column, a help-centre page).
    pub source: Source,
}

/// `next_step.step:` what a code tells the caller to do, in the spec's snake_case names; the
/// same type as `alipay_proto::outcome::NextStep`.
pub use alipay_proto_classes::NextStep;

/// `status:` of an intl [`Code`]: the `resultStatus` a reply with this code carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ResultStatus {
    /// Success.
    S,
    /// Failure.
    F,
    /// Unknown: query or retry, never assume.
    U,
}

/// A recorded decision where the docs are broken, contradictory or silent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// `kind:` what sort of decision this is ([`NoteKind`]).
    pub kind: NoteKind,
    /// The wire name or YAML path the note is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The decision and why it was taken.
    pub text: String,
    /// `source:` the page and section the note is about.
    pub source: Source,
    /// `records:` the page differences this note explains, each named exactly. Only these
    /// silence `drift`; a note without records explains no difference, whatever its text says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<DriftRecord>,
}

/// One page difference a [`Note`] explains: which page, which field or code, what kind of
/// difference and the page's value, exactly as `drift` reports them. `drift` silences a
/// difference only when all four match.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DriftRecord {
    /// The page id (a family's `pages` entry, e.g. `"004"`).
    pub page: String,
    /// The field's wire name (for `renamed`, the spec's name) or the code.
    pub about: String,
    /// The kind of difference.
    pub kind: DriftKind,
    /// What the page says, as `drift` prints it: `(128)`, `no limit`, `required`, the
    /// example text, the enum values the page names joined by `, `, the new name of a renamed
    /// field or code, the type, the result code ID and status. Absent for `removed` and `code_removed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// What differs between a doc page and the spec (`drift`'s change kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    /// A page row matches no spec field of the service or its family.
    Added,
    /// A field the spec takes from this page has no row on it.
    Removed,
    /// An added row and a removed field that are one field under a new name: the names differ
    /// only in case and `_`, or the row sits where the field was (same neighbours) or says
    /// what the field's description says.
    Renamed,
    /// The row's type (`String`, `Date time`, an object) is not the field's.
    Type,
    /// The row's `String(N)` is not the field's `limit`.
    Limit,
    /// The row is marked required and the field is optional, or the other way round.
    Presence,
    /// The row's example is neither the field's `example` nor its `doc_example`.
    Example,
    /// The values the row lists are not those of the field's enum.
    EnumValues,
    /// A code row matches no code of the spec's table of the same kind.
    CodeAdded,
    /// A spec code has no row in a table the page prints.
    CodeRemoved,
    /// An added code row and a removed spec code of the same table that are one code under a
    /// new name: the row says what the code's description says, and sits where the code was
    /// (its neighbour rows are the code's neighbours in the spec table) or is the only row
    /// that says it.
    CodeRenamed,
    /// The intl result code ID or result status of a code row is not the spec's.
    CodeChanged,
}

/// `kind:` of a [`Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Two parts of the docs disagree; the note says which we follow and why.
    Contradiction,
    /// A sample is broken (mangled entity, curly quotes); the note says how it is repaired.
    Repair,
    /// A fact with no table, rebuilt from samples and other pages.
    Rebuilt,
    /// A choice where the docs are silent.
    Choice,
}
