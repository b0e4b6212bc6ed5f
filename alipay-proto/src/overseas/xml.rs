//! A small, bounded XML reader for gateway.do replies: quick-xml events folded into an
//! element tree, with the size and depth capped and DTDs refused.
//!
//! The bytes are read as they arrive, in the charset the XML declaration names (UTF-8 when
//! there is none): GBK and GB2312 are ASCII-compatible and their trail bytes never equal an
//! XML delimiter, so the markup is found on the raw bytes and every text and attribute is
//! decoded strictly with [`Charset`]. Offsets in errors therefore count bytes of the input.
//!
//! The tree borrows from the input wherever it can: a name, attribute or text that is valid
//! UTF-8 as it stands and needs no unescaping is a slice of the input, not a copy.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::error::{DecodeError, DecodeErrorKind};
use crate::charset::Charset;

/// Limits for decoding a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The largest reply accepted, in bytes. Default: 1 MiB.
    pub max_bytes: usize,
    /// The deepest element nesting accepted (the root is depth 1). Default: 16; a reply
    /// needs 4 (`alipay/response/alipay/leaf`).
    pub max_depth: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        Self {
            max_bytes: 1 << 20,
            max_depth: 16,
        }
    }
}

/// An element's attributes, `(name, value)` in order, values unescaped.
pub(crate) type Attributes<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// One element: its name, attributes, own text (text and CDATA directly inside it, entity
/// and character references resolved, not trimmed) and child elements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Element<'a> {
    pub name: Cow<'a, str>,
    pub attrs: Attributes<'a>,
    pub text: Cow<'a, str>,
    pub children: Vec<Element<'a>>,
    /// Byte offset of the start tag in the input.
    pub offset: usize,
}

impl Element<'_> {
    /// Whether this element has no child elements.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// The parsed document: the charset it was read in, and its root element.
pub(crate) struct Document<'a> {
    pub charset: Charset,
    pub root: Element<'a>,
}

/// Parses `bytes` into a [`Document`], enforcing `limits`.
pub(crate) fn parse(bytes: &[u8], limits: DecodeLimits) -> Result<Document<'_>, DecodeError> {
    if bytes.len() > limits.max_bytes {
        return Err(DecodeError::at(
            limits.max_bytes,
            DecodeErrorKind::TooLarge {
                limit: limits.max_bytes,
            },
        ));
    }
    let mut parser = Parser::new(bytes, limits);
    parser.run()?;
    let root = parser
        .root
        .ok_or(DecodeError::at(bytes.len(), DecodeErrorKind::Truncated))?;
    Ok(Document {
        charset: parser.charset,
        root,
    })
}

struct Parser<'a> {
    input: &'a [u8],
    /// The whole input as text, when it is valid UTF-8: the parts of a UTF-8 document are then
    /// sliced from it rather than validated one by one.
    input_text: Option<&'a str>,
    reader: Reader<&'a [u8]>,
    limits: DecodeLimits,
    charset: Charset,
    stack: Vec<Element<'a>>,
    root: Option<Element<'a>>,
    seen_markup: bool,
}

impl<'a> Parser<'a> {
    fn new(bytes: &'a [u8], limits: DecodeLimits) -> Self {
        let mut reader = Reader::from_reader(bytes);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        Self {
            input: bytes,
            input_text: std::str::from_utf8(bytes).ok(),
            reader,
            limits,
            charset: Charset::Utf8,
            stack: Vec::new(),
            root: None,
            seen_markup: false,
        }
    }

    fn run(&mut self) -> Result<(), DecodeError> {
        loop {
            let start = position(self.reader.buffer_position());
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = position(self.reader.error_position());
                    return Err(DecodeError::at(at, DecodeErrorKind::Syntax(e.to_string())));
                }
            };
            if !self.handle(event, start)? {
                return Ok(());
            }
        }
    }

    /// Handles one event; `Ok(false)` at the end of input.
    fn handle(&mut self, event: Event<'a>, at: usize) -> Result<bool, DecodeError> {
        match event {
            Event::Decl(decl) => self.declaration(&decl, at)?,
            Event::Start(start) => self.open(&start, at)?,
            Event::End(_) => self.close(at)?,
            Event::Text(text) => self.text(text.into_inner(), at)?,
            Event::CData(data) => self.text(data.into_inner(), at + CDATA_OPEN.len())?,
            Event::GeneralRef(reference) => self.reference(&reference, at)?,
            Event::DocType(_) => return Err(DecodeError::at(at, DecodeErrorKind::Doctype)),
            Event::Comment(_) | Event::PI(_) => {}
            Event::Empty(start) => {
                self.open(&start, at)?;
                self.close(at)?;
            }
            Event::Eof => return self.eof(at).map(|()| false),
        }
        self.seen_markup = true;
        Ok(true)
    }

    fn declaration(
        &mut self,
        decl: &quick_xml::events::BytesDecl<'_>,
        at: usize,
    ) -> Result<(), DecodeError> {
        if self.seen_markup || at != 0 {
            return Err(DecodeError::at(
                at,
                DecodeErrorKind::Syntax("XML declaration not at the start".into()),
            ));
        }
        let Some(label) = decl.encoding() else {
            return Ok(());
        };
        let label =
            label.map_err(|e| DecodeError::at(at, DecodeErrorKind::Syntax(e.to_string())))?;
        let label = String::from_utf8_lossy(&label).into_owned();
        let charset = Charset::from_label(&label).ok_or(DecodeError::at(
            at,
            DecodeErrorKind::UnsupportedEncoding(label),
        ))?;
        // A UTF-8 byte order mark fixes the encoding; a declaration naming another is a fatal
        // error (XML 1.0 §4.3.3 and Appendix F), never a choice between the two.
        if charset != Charset::Utf8 && self.input.starts_with(UTF8_BOM) {
            return Err(DecodeError::at(
                at,
                DecodeErrorKind::Syntax(format!(
                    "UTF-8 byte order mark before an encoding declaration of {charset}"
                )),
            ));
        }
        self.charset = charset;
        Ok(())
    }

    fn open(&mut self, start: &BytesStart<'_>, at: usize) -> Result<(), DecodeError> {
        if self.root.is_some() {
            return Err(DecodeError::at(at, DecodeErrorKind::TrailingContent));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(DecodeError::at(
                at,
                DecodeErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
            ));
        }
        let element = Element {
            name: self.decode_part(start.name().into_inner(), at)?,
            attrs: self.attributes(start, at)?,
            offset: at,
            ..Element::default()
        };
        self.stack.push(element);
        Ok(())
    }

    fn attributes(&self, start: &BytesStart<'_>, at: usize) -> Result<Attributes<'a>, DecodeError> {
        let mut attrs = Vec::new();
        for attr in start.attributes().with_checks(true) {
            let attr =
                attr.map_err(|e| DecodeError::at(at, DecodeErrorKind::Syntax(e.to_string())))?;
            let key = self.decode_part(attr.key.into_inner(), at)?;
            let raw = self.decode_part(&attr.value, at)?;
            let value = match quick_xml::escape::unescape(&raw)
                .map_err(|e| DecodeError::at(at, DecodeErrorKind::Entity(e.to_string())))?
            {
                // Nothing to unescape: keep `raw`, which may borrow from the input.
                Cow::Borrowed(_) => raw,
                Cow::Owned(value) => Cow::Owned(value),
            };
            attrs.push((key, value));
        }
        Ok(attrs)
    }

    fn close(&mut self, at: usize) -> Result<(), DecodeError> {
        // `ok_or_else`: the error's message is a `String`, not worth building on every close.
        let element = self.stack.pop().ok_or_else(|| {
            DecodeError::at(at, DecodeErrorKind::Syntax("unmatched end tag".into()))
        })?;
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(element),
            None => self.root = Some(element),
        }
        Ok(())
    }

    fn text(&mut self, raw: Cow<'a, [u8]>, at: usize) -> Result<(), DecodeError> {
        let text = match raw {
            Cow::Borrowed(raw) => self.decode_part(raw, at)?,
            Cow::Owned(raw) => Cow::Owned(self.decode(&raw, at)?.into_owned()),
        };
        self.push_text(text, at)
    }

    fn push_text(&mut self, text: Cow<'a, str>, at: usize) -> Result<(), DecodeError> {
        match self.stack.last_mut() {
            // The first piece is kept as it is (usually a slice of the input); only text made
            // of several pieces (around references, or CDATA) is joined into a copy.
            Some(element) if element.text.is_empty() => element.text = text,
            Some(element) => element.text.to_mut().push_str(&text),
            None if text.trim().is_empty() => {}
            None => return Err(DecodeError::at(at, DecodeErrorKind::TrailingContent)),
        }
        Ok(())
    }

    /// Resolves `&#NN;`, `&#xNN;` and the five predefined entities; any other entity is
    /// refused (there is no DTD to define it, and DTDs are refused).
    fn reference(&mut self, reference: &BytesRef<'_>, at: usize) -> Result<(), DecodeError> {
        let entity = |detail: String| DecodeError::at(at, DecodeErrorKind::Entity(detail));
        let resolved = match reference.resolve_char_ref() {
            Ok(Some(ch)) => ch,
            Ok(None) => predefined(reference).ok_or_else(|| {
                entity(format!(
                    "unknown entity &{};",
                    String::from_utf8_lossy(reference)
                ))
            })?,
            Err(e) => return Err(entity(e.to_string())),
        };
        let resolved = resolved.encode_utf8(&mut [0; 4]).to_owned();
        self.push_text(Cow::Owned(resolved), at)
    }

    fn eof(&self, at: usize) -> Result<(), DecodeError> {
        if self.stack.is_empty() && self.root.is_some() {
            Ok(())
        } else {
            Err(DecodeError::at(at, DecodeErrorKind::Truncated))
        }
    }

    /// Decodes a part of an event (a name, an attribute key or value) found at input offset
    /// `at`; borrows from the input when the part is a slice of it, as the reader's parts are.
    fn decode_part(&self, part: &[u8], at: usize) -> Result<Cow<'a, str>, DecodeError> {
        let Some(range) = self.input_range(part) else {
            return Ok(Cow::Owned(self.decode(part, at)?.into_owned()));
        };
        let text = self.input_text.filter(|_| self.charset == Charset::Utf8);
        // A range between markup delimiters always lies on char boundaries; `get` checks anyway.
        match text.and_then(|text| text.get(range.clone())) {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => self.decode(self.input.get(range).unwrap_or_default(), at),
        }
    }

    /// Where `part` lies in the input, if it is a slice of the input.
    fn input_range(&self, part: &[u8]) -> Option<Range<usize>> {
        let start = part
            .as_ptr()
            .addr()
            .checked_sub(self.input.as_ptr().addr())?;
        let range = start..start.checked_add(part.len())?;
        let slice = self.input.get(range.clone())?;
        (slice.as_ptr() == part.as_ptr()).then_some(range)
    }

    /// Decodes bytes found at input offset `at` in the document charset.
    fn decode<'b>(&self, bytes: &'b [u8], at: usize) -> Result<Cow<'b, str>, DecodeError> {
        self.charset.decode(bytes).map_err(|e| {
            DecodeError::at(
                at + e.byte_offset,
                DecodeErrorKind::Malformed {
                    charset: self.charset,
                },
            )
        })
    }
}

const CDATA_OPEN: &str = "<![CDATA[";

/// The UTF-8 byte order mark, which quick-xml skips before the first event.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn predefined(reference: &BytesRef<'_>) -> Option<char> {
    match &**reference {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => None,
    }
}

fn position(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}
