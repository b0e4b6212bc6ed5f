//! A small, bounded XML reader for gateway.do replies: quick-xml events folded into an
//! element tree, with the size and depth capped and DTDs refused.
//!
//! The bytes are read as they arrive, in the charset the XML declaration names (UTF-8 when
//! there is none): GBK and GB2312 are ASCII-compatible and their trail bytes never equal an
//! XML delimiter, so the markup is found on the raw bytes and every text and attribute is
//! decoded strictly with [`Charset`]. Offsets in errors therefore count bytes of the input.
//!
//! The tree borrows from the input wherever it can: a name, attribute or text that is valid
//! UTF-8 as it stands and needs no unescaping is a slice of the input, not a copy. Its elements
//! live in one list in document order (and the attributes in another), so a reply of any shape
//! costs a handful of allocations, not one or more per element.

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

/// One element as stored: its name, own text (text and CDATA directly inside it, entity and
/// character references resolved, not trimmed; blank text after its first child element is
/// left out), where its attributes and descendants lie.
#[derive(Debug)]
struct Node<'a> {
    name: Cow<'a, str>,
    text: Cow<'a, str>,
    /// Its attributes in [`Document::attrs`].
    attrs: Range<usize>,
    /// The index after its last descendant: its descendants are the nodes between.
    end: usize,
    /// Byte offset of the start tag in the input.
    offset: usize,
}

/// The parsed document: the charset it was read in, and its elements in document order (the
/// root first).
pub(crate) struct Document<'a> {
    pub charset: Charset,
    nodes: Vec<Node<'a>>,
    /// Every attribute, `(name, value)` with values unescaped, in document order.
    attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl Document<'_> {
    /// The root element.
    pub fn root(&self) -> Element<'_> {
        Element {
            document: self,
            index: 0,
        }
    }
}

/// One element of a [`Document`].
#[derive(Clone, Copy)]
pub(crate) struct Element<'d> {
    document: &'d Document<'d>,
    index: usize,
}

impl<'d> Element<'d> {
    fn node(&self) -> Option<&'d Node<'d>> {
        self.document.nodes.get(self.index)
    }

    /// Its name.
    pub fn name(&self) -> &'d str {
        self.node().map_or("", |node| &node.name)
    }

    /// Its own text, not trimmed.
    pub fn text(&self) -> &'d str {
        self.node().map_or("", |node| &node.text)
    }

    /// Byte offset of its start tag in the input.
    pub fn offset(&self) -> usize {
        self.node().map_or(0, |node| node.offset)
    }

    /// The value of its attribute `name`, if it has one.
    pub fn attr(&self, name: &str) -> Option<&'d str> {
        let range = self.node()?.attrs.clone();
        let attrs = self.document.attrs.get(range)?;
        attrs.iter().find(|(k, _)| k == name).map(|(_, v)| &**v)
    }

    /// Whether it has no child elements.
    pub fn is_leaf(&self) -> bool {
        self.node().is_none_or(|node| node.end == self.index + 1)
    }

    /// Its child elements, in order.
    pub fn children(&self) -> impl Iterator<Item = Element<'d>> + Clone + use<'d> {
        let (document, end) = (self.document, self.node().map_or(0, |node| node.end));
        let mut next = self.index + 1;
        std::iter::from_fn(move || {
            let node = document.nodes.get(next).filter(|_| next < end)?;
            let child = Element {
                document,
                index: next,
            };
            // The next child starts after this one's descendants.
            next = node.end.max(next + 1);
            Some(child)
        })
    }
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
    if !parser.root_closed() {
        return Err(DecodeError::at(bytes.len(), DecodeErrorKind::Truncated));
    }
    Ok(Document {
        charset: parser.charset,
        nodes: parser.nodes,
        attrs: parser.attrs,
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
    nodes: Vec<Node<'a>>,
    attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// The indices of the open elements, outermost first.
    stack: Vec<usize>,
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
            // About one element per 32 bytes of a reply (capped, so a large input does not
            // reserve much up front): the lists are allocated about once.
            nodes: Vec::with_capacity((bytes.len() / 32).min(1024)),
            // Room for the attributes of a reply's request echo (one per param).
            attrs: Vec::with_capacity(16),
            stack: Vec::with_capacity(DecodeLimits::default().max_depth),
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

    /// Whether the root element has been closed.
    fn root_closed(&self) -> bool {
        self.stack.is_empty() && !self.nodes.is_empty()
    }

    fn open(&mut self, start: &BytesStart<'_>, at: usize) -> Result<(), DecodeError> {
        if self.root_closed() {
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
        let name = self.decode_part(start.name().into_inner(), at)?;
        let attrs = self.attributes(start, at)?;
        self.stack.push(self.nodes.len());
        self.nodes.push(Node {
            name,
            text: Cow::Borrowed(""),
            attrs,
            end: 0,
            offset: at,
        });
        Ok(())
    }

    /// Appends the attributes of `start` to the list; returns where they lie in it.
    fn attributes(
        &mut self,
        start: &BytesStart<'_>,
        at: usize,
    ) -> Result<Range<usize>, DecodeError> {
        let first = self.attrs.len();
        // Most tags of a reply have none: skip setting up the checked iterator for them.
        if start.attributes_raw().iter().all(u8::is_ascii_whitespace) {
            return Ok(first..first);
        }
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
            self.attrs.push((key, value));
        }
        Ok(first..self.attrs.len())
    }

    fn close(&mut self, at: usize) -> Result<(), DecodeError> {
        // `ok_or_else`: the error's message is a `String`, not worth building on every close.
        let index = self.stack.pop().ok_or_else(|| {
            DecodeError::at(at, DecodeErrorKind::Syntax("unmatched end tag".into()))
        })?;
        let end = self.nodes.len();
        if let Some(node) = self.nodes.get_mut(index) {
            node.end = end;
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
        let Some(&index) = self.stack.last() else {
            return if text.trim().is_empty() {
                Ok(())
            } else {
                Err(DecodeError::at(at, DecodeErrorKind::TrailingContent))
            };
        };
        let has_children = self.nodes.len() > index + 1;
        match self.nodes.get_mut(index) {
            // The first piece is kept as it is (usually a slice of the input); only text made
            // of several pieces (around references, or CDATA) is joined into a copy.
            Some(element) if element.text.is_empty() => element.text = text,
            // Blank text after a child element is the indentation between children, not
            // content: leaving it out keeps containers free of copies.
            Some(_) if has_children && is_blank(&text) => {}
            Some(element) => element.text.to_mut().push_str(&text),
            None => {}
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
        if self.root_closed() {
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

/// Whether `text` is only XML white space.
fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn position(offset: u64) -> usize {
    usize::try_from(offset).unwrap_or(usize::MAX)
}
