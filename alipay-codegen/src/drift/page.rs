//! A vendor doc page, as copied from the browser, read back into parameter rows and code rows.
//!
//! Three layouts are known. The English overseas pages (000, 003) print one row per line:
//! `name String(64) Required | description |`. The intl pages (001, 004) print one cell per
//! line: the name, then `String(64) Required`, the description and `Example:...`. The Chinese
//! page (002) runs the cells of a row together: `nameString(64)description不可空example`, with
//! `不可空` (required) or `可空` (optional) before the example. Code tables follow a heading
//! (`Business logic errors`, `Access errors`, `System errors`, `Basic result code`, or the
//! Chinese `业务错误码`, `接入错误`, `系统错误`) and end at the samples.

/// One documented parameter row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The wire name, as printed.
    pub name: String,
    /// `String`, `Date time` or an object type name, as printed.
    pub ty: String,
    /// The `N` of `String(N)`.
    pub limit: Option<u32>,
    /// `Required` / `不可空`; a row without the mark is optional.
    pub required: bool,
    /// The `Example:` cell, where the layout has one.
    pub example: Option<String>,
    /// Description and example, where value lists are read from.
    pub text: String,
    /// 1-based line of the row's name.
    pub line: usize,
}

/// Which code table a code row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// `Business logic errors` / `业务错误码`: the service's own codes.
    Business,
    /// `Access errors` / `接入错误`: overseas family-wide access errors.
    Access,
    /// `System errors` / `系统错误`: overseas family-wide system errors.
    System,
    /// `Basic result code`: intl family-wide result codes.
    Result,
}

/// One documented code row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRow {
    /// The table the row is under.
    pub table: Table,
    /// The code as printed.
    pub code: String,
    /// Another reading where the page runs the code into its description: for
    /// `ILLEGAL_SERVICEService...` the code is `ILLEGAL_SERVICES` or, here, `ILLEGAL_SERVICE`.
    pub alt: Option<String>,
    /// The intl 8-digit result code ID printed before the code.
    pub id: Option<String>,
    /// The intl result status (`S`, `F`, `U`) printed after the code.
    pub status: Option<String>,
    /// The description: the row's text after the code and the lines that follow it up to the
    /// next code row, cell borders and the result status left out.
    pub text: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// What a page documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Parameter rows, in page order.
    pub params: Vec<Param>,
    /// Code rows of every table, in page order.
    pub codes: Vec<CodeRow>,
    /// Lines that are a bare parameter name (`#extend_params`, `siteInfos`): sub-table and
    /// section headings, which document a parameter without a row.
    pub headings: Vec<String>,
}

/// Reads a page's text. Text that is no known layout yields no rows, never a panic.
pub fn parse(text: &str) -> Page {
    let text = plain(text);
    let text = text.as_str();
    let lines: Vec<&str> = text.lines().collect();
    let (param_lines, codes) = split_code_tables(&lines);
    let params = if text.contains("类型(字节长度)") {
        chinese_rows(&param_lines)
    } else if text.contains("ParameterDescription") {
        cell_rows(&param_lines)
    } else {
        line_rows(&param_lines)
    };
    let headings = lines
        .iter()
        .map(|l| l.trim().trim_start_matches('#'))
        .filter(|l| is_name(l))
        .map(str::to_owned)
        .collect();
    Page {
        params,
        codes,
        headings,
    }
}

/// The page as its plain form: full-width ASCII punctuation and letters (`（64）`, `｜`,
/// `：`) as ASCII, tabs and no-break or ideographic spaces as a space, CR LF as LF. A page
/// copied from another browser or editor reads like the original; line numbers are kept.
/// The Chinese `（`-free text is not otherwise touched: `，` and `。` stay (they are prose).
pub fn plain(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '\r')
        .map(|c| match c {
            '\t' | '\u{a0}' | '\u{3000}' | '\u{2002}'..='\u{200a}' => ' ',
            '（' => '(',
            '）' => ')',
            '｜' => '|',
            '：' => ':',
            // Full-width digits and Latin letters (a limit typed `String(６４)`).
            '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
                char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// A line with its 1-based number.
type Numbered<'a> = (usize, &'a str);

/// Separates the code tables from the rest: returns the other lines and the code rows.
fn split_code_tables<'a>(lines: &[&'a str]) -> (Vec<Numbered<'a>>, Vec<CodeRow>) {
    let mut rest = Vec::new();
    let mut codes = Vec::new();
    let mut table = None;
    let mut last_id: Option<String> = None;
    let mut pending_status = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim().trim_start_matches('#').trim();
        if let Some(next) = heading(line) {
            table = next;
            continue;
        }
        let Some(t) = table else {
            rest.push((i + 1, *raw));
            continue;
        };
        if line.is_empty() {
            continue;
        }
        if line.len() == 8 && line.bytes().all(|b| b.is_ascii_digit()) {
            last_id = Some(line.to_owned());
        } else if pending_status && matches!(line, "S" | "F" | "U") {
            if let Some(row) = codes.last_mut() {
                let row: &mut CodeRow = row;
                row.status = Some(line.to_owned());
            }
            pending_status = false;
        } else if let Some((code, alt)) = leading_code(line.trim_start_matches('|').trim_start()) {
            pending_status = last_id.is_some();
            let rest = line.trim_start_matches('|').trim_start();
            // `code` is a prefix of `rest` (read from it by `leading_code`), ASCII: always Some.
            let text = cell_text(rest.get(code.len()..).unwrap_or_default());
            codes.push(CodeRow {
                table: t,
                code,
                alt,
                id: last_id.take(),
                status: None,
                text,
                line: i + 1,
            });
        } else if let Some(row) = codes.last_mut().filter(|row| row.table == t) {
            // A description on the lines after its code (the one-cell-per-line layouts).
            let more = cell_text(line);
            if !more.is_empty() {
                if !row.text.is_empty() {
                    row.text.push(' ');
                }
                row.text.push_str(&more);
            }
        }
    }
    (rest, codes)
}

/// A code row's text with its `|` cell borders and surrounding spaces left out.
fn cell_text(text: &str) -> String {
    let cells = text.split('|').map(str::trim).filter(|c| !c.is_empty());
    cells.collect::<Vec<_>>().join(" ")
}

/// `Some(Some(table))` starts a code table, `Some(None)` ends one, `None` is no heading.
fn heading(line: &str) -> Option<Option<Table>> {
    let lower = line.to_lowercase();
    match lower.as_str() {
        "business logic errors" | "业务错误码" => Some(Some(Table::Business)),
        "access errors" | "接入错误" => Some(Some(Table::Access)),
        "system errors" | "系统错误" => Some(Some(Table::System)),
        "basic result code" => Some(Some(Table::Result)),
        "samples" | "sample" | "examples" => Some(None),
        _ => None,
    }
}

/// An upper-case code at the start of a line, ended by the line end, a `|` cell border or the
/// (Chinese) description: `ILLEGAL_SIGN | ...`, `ILLEGAL_SIGN签名不正确`, `SUCCESS`. A code
/// run into a lower-case word (`ILLEGAL_SERVICEService...`, `SESSION_TIMEOUTsession...`) has
/// a second reading without its last letter.
fn leading_code(line: &str) -> Option<(String, Option<String>)> {
    let end = line
        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .unwrap_or(line.len());
    let code = &line[..end];
    let after = &line[end..];
    let run_on = after.starts_with(|c: char| c.is_ascii_lowercase());
    let ended = after.is_empty()
        || after.trim_start().starts_with('|')
        || after.starts_with(|c: char| !c.is_ascii());
    let valid = |c: &str| c.len() >= 3 && c.starts_with(|c: char| c.is_ascii_uppercase());
    if !(ended || run_on) || !valid(code) {
        return None;
    }
    let alt = &code[..code.len() - 1];
    Some((
        code.to_owned(),
        (run_on && valid(alt)).then(|| alt.to_owned()),
    ))
}

/// A type cell read: type, limit, required mark.
type TypeCell = (String, Option<u32>, bool);

/// The type cell of the row named `name`: [`type_cell`], or a type printed as a lower-case
/// word (`storeInfo`, the offline intl page's `storeInfo storeInfo`). A lower-case word is a
/// type only where it cannot be a name line or a sub-table heading: it names the row's own
/// type (the row's name, whatever the case) or carries a limit or the Required mark.
fn type_cell_of(name: &str, cell: &str) -> Option<TypeCell> {
    if let Some(read) = type_cell(cell) {
        return Some(read);
    }
    let (ty, limit, required) = split_type_cell(cell)?;
    let word = ty.starts_with(|c: char| c.is_ascii_lowercase())
        && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let marked = required || limit.is_some() || ty.eq_ignore_ascii_case(name);
    (word && marked).then(|| (ty.to_owned(), limit, required))
}

/// A type cell's parts: the type text, the `N` of `(N)`, the Required mark.
fn split_type_cell(cell: &str) -> Option<(&str, Option<u32>, bool)> {
    let cell = cell.trim();
    let (cell, required) = match cell.strip_suffix("Required") {
        Some(rest) => (rest.trim_end(), true),
        None => (cell, false),
    };
    match cell.split_once('(') {
        Some((ty, rest)) => {
            let digits = rest.strip_suffix(')')?;
            Some((ty.trim(), Some(digits.parse().ok()?), required))
        }
        None => Some((cell, None, required)),
    }
}

/// `String(64) Required`, `Date time`, `SellerInfo Required`: type, limit, required mark.
fn type_cell(cell: &str) -> Option<TypeCell> {
    let (ty, limit, required) = split_type_cell(cell)?;
    let camel = ty.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.chars().all(|c| c.is_ascii_alphanumeric())
        && ty != "ParameterDescription";
    (ty == "Date time" || camel).then(|| (ty.to_owned(), limit, required))
}

fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name and type cell of `name String(64) Required`, the part of a row before its
/// description.
fn row_head(left: &str) -> Option<(&str, TypeCell)> {
    let (name, ty) = left.trim().split_once(' ')?;
    let cell = type_cell_of(name, ty).filter(|_| is_name(name))?;
    Some((name, cell))
}

/// 000, 003: `name String(64) Required | description` on one line. A row wrapped after its
/// type cell (the description on the next line, after `|`) is joined, and a description
/// that runs over lines until its closing `|` is read whole.
fn line_rows(lines: &[Numbered<'_>]) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    // The last row's description has not met its closing `|` yet.
    let mut open = false;
    let mut i = 0;
    while i < lines.len() {
        let (n, raw) = lines[i];
        i += 1;
        let row = raw.trim().trim_start_matches('|').trim_start();
        let joined;
        let row = match row.split_once('|') {
            Some(_) => row,
            None if row_head(row).is_some()
                && lines.get(i).is_some_and(|(_, l)| l.trim().starts_with('|')) =>
            {
                joined = format!("{row} {}", lines[i].1.trim());
                i += 1;
                joined.as_str()
            }
            None => {
                let line = raw.trim();
                if open && let Some(last) = params.last_mut() {
                    let more = line.trim_end_matches('|').trim();
                    if !more.is_empty() {
                        last.text.push(' ');
                        last.text.push_str(more);
                    }
                }
                // A cell border ends the description.
                open = open && !line.ends_with('|');
                continue;
            }
        };
        let Some((left, description)) = row.split_once('|') else {
            continue;
        };
        let Some((name, (ty, limit, required))) = row_head(left) else {
            if open && let Some(last) = params.last_mut() {
                let more = left.trim();
                if !more.is_empty() {
                    last.text.push(' ');
                    last.text.push_str(more);
                }
            }
            open = false;
            continue;
        };
        let description = description.trim();
        open = !description.ends_with('|');
        params.push(Param {
            name: name.to_owned(),
            ty,
            limit,
            required,
            example: None,
            text: description.trim_end_matches('|').trim().to_owned(),
            line: n,
        });
    }
    params
}

/// 001, 004: the name, the type cell, description lines, then `Example:...`.
fn cell_rows(lines: &[Numbered<'_>]) -> Vec<Param> {
    let cells: Vec<Numbered<'_>> = lines
        .iter()
        .map(|&(n, l)| (n, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut params = Vec::new();
    let mut i = 0;
    while i + 1 < cells.len() {
        let (n, name) = cells[i];
        let Some((ty, limit, required)) =
            type_cell_of(name, cells[i + 1].1).filter(|_| is_name(name))
        else {
            i += 1;
            continue;
        };
        let mut text = Vec::new();
        let mut example = None;
        i += 2;
        // A type cell wrapped before its mark: `String(64)` then `Required`.
        let required = required
            || cells.get(i).is_some_and(|(_, c)| *c == "Required") && {
                i += 1;
                true
            };
        while let Some(&(_, cell)) = cells.get(i) {
            i += 1;
            if let Some(e) = cell.strip_prefix("Example:") {
                example = Some(e.trim().to_owned());
                text.push(e.trim());
                break;
            }
            text.push(cell);
        }
        params.push(Param {
            name: name.to_owned(),
            ty,
            limit,
            required,
            example,
            text: text.join(" "),
            line: n,
        });
    }
    params
}

/// 002: `nameString(64)description不可空example`, a row running on until the next row, a
/// sub-table name or a heading.
fn chinese_rows(lines: &[Numbered<'_>]) -> Vec<Param> {
    let mut params: Vec<(Param, Vec<&str>)> = Vec::new();
    let mut open = false;
    for &(n, raw) in lines {
        let line = raw.trim();
        if let Some((name, rest)) = chinese_row_start(line) {
            let (ty, limit, rest) = chinese_type(rest);
            params.push((
                Param {
                    name: name.to_owned(),
                    ty,
                    limit,
                    required: false,
                    example: None,
                    text: String::new(),
                    line: n,
                },
                vec![rest],
            ));
            open = true;
        } else if is_name(line) || chinese_heading(line) {
            open = false;
        } else if open && let Some((_, cells)) = params.last_mut() {
            cells.push(line);
        }
    }
    params
        .into_iter()
        .map(|(mut p, cells)| {
            let row = cells.join("\n");
            if let Some(at) = row.rfind("可空") {
                p.required = row[..at].ends_with('不');
                let example = row[at + "可空".len()..].trim();
                p.example = (!example.is_empty()).then(|| example.to_owned());
            }
            p.text = row;
            p
        })
        .collect()
}

/// `serviceString...`: the name before the type word, and the rest from the type word on.
/// The type word is `Date time` or any capitalised ASCII word (`String`, `Number`, `Long`,
/// an object name) ended by `(`, a space, the line end or the (Chinese) description, so a
/// row whose type changed still starts a row.
fn chinese_row_start(line: &str) -> Option<(&str, &str)> {
    let at = line.find(|c: char| c.is_ascii_uppercase())?;
    let name = line[..at].trim_end();
    if name.is_empty() || !is_name(name) {
        return None;
    }
    let rest = &line[at..];
    let word = type_word_len(rest)?;
    (word >= 3).then_some((name, rest))
}

/// The length of the type word `rest` starts with, if it is one.
fn type_word_len(rest: &str) -> Option<usize> {
    if rest.starts_with("Date time") {
        return Some("Date time".len());
    }
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let after = &rest[end..];
    let ended = after.is_empty() || after.starts_with(['(', ' ']) || !after.is_ascii();
    ended.then_some(end)
}

/// `String(64)描述...` -> (`String`, 64, `描述...`).
fn chinese_type(rest: &str) -> (String, Option<u32>, &str) {
    let ty_len = type_word_len(rest).unwrap_or(0);
    let (ty, after) = rest.split_at(ty_len);
    let after = after.trim_start();
    let limit = after
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .and_then(|(digits, tail)| Some((digits.trim().parse().ok()?, tail)));
    match limit {
        Some((n, tail)) => (ty.to_owned(), Some(n), tail.trim_start()),
        None => (ty.to_owned(), None, after),
    }
}

fn chinese_heading(line: &str) -> bool {
    const HEADINGS: [&str; 8] = [
        "基本参数",
        "业务参数",
        "二级参数",
        "同步返回",
        "返回示例",
        "请求参数",
        "Note:",
        "参数类型(字节长度)描述可选示例",
    ];
    let squashed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    HEADINGS.contains(&squashed.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_end_at_the_cell_border_or_the_chinese_text() {
        let code = |l: &str| leading_code(l).map(|(c, alt)| (c, alt.unwrap_or_default()));
        let owned = |c: &str, alt: &str| Some((c.to_owned(), alt.to_owned()));
        assert_eq!(
            code("ILLEGAL_SIGN | Illegal signature |"),
            owned("ILLEGAL_SIGN", "")
        );
        assert_eq!(code("ILLEGAL_SIGN签名不正确"), owned("ILLEGAL_SIGN", ""));
        assert_eq!(
            code("ILLEGAL_SERVICEService参数不正确"),
            owned("ILLEGAL_SERVICES", "ILLEGAL_SERVICE")
        );
        assert_eq!(
            code("SESSION_TIMEOUTsession超时"),
            owned("SESSION_TIMEOUT", "SESSION_TIMEOU")
        );
        assert_eq!(code("API failed because of unknown reasons"), None);
        assert_eq!(code("ResultID"), None);
        assert_eq!(code("S"), None);
    }

    #[test]
    fn type_cells() {
        assert_eq!(
            type_cell("String(64) Required"),
            Some(("String".into(), Some(64), true))
        );
        assert_eq!(
            type_cell("Date time Required"),
            Some(("Date time".into(), None, true))
        );
        assert_eq!(
            type_cell("SellerInfo"),
            Some(("SellerInfo".into(), None, false))
        );
        assert_eq!(type_cell("Service address"), None);
        assert_eq!(type_cell("ParameterDescription"), None);
        assert_eq!(type_cell("String(6x4)"), None);
        // A lower-case type word: the row's own name, or with a limit or the Required mark.
        assert_eq!(
            type_cell_of("storeInfo", "storeInfo"),
            Some(("storeInfo".into(), None, false))
        );
        assert_eq!(
            type_cell_of("storeInfo", "storeInfo Required"),
            Some(("storeInfo".into(), None, true))
        );
        assert_eq!(
            type_cell_of("sellerId", "string(32)"),
            Some(("string".into(), Some(32), false))
        );
        // A bare lower-case word after a name is the next name or a heading, not a type.
        assert_eq!(
            type_cell_of("store_info", "store_info"),
            Some(("store_info".into(), None, false))
        );
        assert_eq!(type_cell_of("siteInfos", "siteUrl"), None);
        assert_eq!(type_cell_of("storeInfo", "store info"), None);
    }

    #[test]
    fn a_chinese_row_runs_over_lines() {
        let page = parse(
            "参数类型(字节长度)描述可选示例\nsite_urlString(256)\n\n网址URL。\n不可空https://www.alipay.com\nsite_nameString(512)站点名称可空xx 店\n",
        );
        let urls: Vec<_> = page
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.limit, p.required, p.example.as_deref()))
            .collect();
        assert_eq!(
            urls,
            [
                ("site_url", Some(256), true, Some("https://www.alipay.com")),
                ("site_name", Some(512), false, Some("xx 店")),
            ]
        );
    }
}
