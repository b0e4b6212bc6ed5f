//! Where each node of a YAML file is: YAML path <-> line and column.
//!
//! serde-saphyr reports a position for a structural error; the checker knows a YAML path. The
//! index, built from saphyr-parser's events, turns either into both.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser};

/// A 1-based line and column.
pub type Pos = (usize, usize);

/// Every node and mapping key of one file, by YAML path.
#[derive(Debug, Clone, Default)]
pub struct PathIndex {
    by_path: BTreeMap<String, Pos>,
    by_pos: BTreeMap<Pos, String>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

impl PathIndex {
    /// Index `text`. A syntax error stops the walk; the loader reports it separately.
    pub fn build(text: &str) -> Self {
        let mut index = PathIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = (span.start.line(), span.start.col() + 1);
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut()
                        && key.is_none()
                    {
                        let child = join(path, &value);
                        index.insert(child, pos);
                        *key = Some(value.into_owned());
                        continue;
                    }
                    let path = next_child(&mut stack);
                    index.insert(path, pos);
                }
                Event::MappingStart(..) => {
                    let path = next_child(&mut stack);
                    index.insert(path.clone(), pos);
                    stack.push(Frame::Map { path, key: None });
                }
                Event::SequenceStart(..) => {
                    let path = next_child(&mut stack);
                    index.insert(path.clone(), pos);
                    stack.push(Frame::Seq { path, next: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        index
    }

    fn insert(&mut self, path: String, pos: Pos) {
        self.by_pos.entry(pos).or_insert_with(|| path.clone());
        self.by_path.entry(path).or_insert(pos);
    }

    /// The position of `path`, or of its nearest indexed ancestor.
    pub fn pos_of(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.by_path.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return self.by_path.get("").copied().unwrap_or((1, 1)),
            }
        }
    }

    /// The path of the innermost node that starts at or before `pos`.
    pub fn path_at(&self, pos: Pos) -> String {
        self.by_pos
            .range(..=pos)
            .next_back()
            .map(|(_, p)| p.clone())
            // Before the first node: the document itself, whose path is "".
            .unwrap_or_default()
    }
}

/// The path of the node the current event starts: the value of the pending mapping key, or the
/// next sequence element.
fn next_child(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => String::new(),
        Some(Frame::Map { path, key }) => {
            // A key that is no scalar (`? [a, b]`) has no name; serde-saphyr rejects such a
            // key, with its own position, so its node needs none of its own.
            let k = key.take().unwrap_or_default();
            join(path, &k)
        }
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            p
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str =
        "service: a\nrequest:\n  - name: x\n    rules:\n      - when: y\n  - name: z\n";

    #[test]
    fn paths_map_to_lines_and_back() {
        let ix = PathIndex::build(YAML);
        assert_eq!(ix.pos_of("service"), (1, 1));
        assert_eq!(ix.pos_of("request[0].name"), (3, 5));
        assert_eq!(ix.pos_of("request[0].rules[0].when"), (5, 9));
        assert_eq!(ix.pos_of("request[1].name"), (6, 5));
        assert_eq!(ix.pos_of("request[1].missing"), ix.pos_of("request[1]"));
        assert_eq!(ix.path_at((6, 11)), "request[1].name");
        assert_eq!(ix.path_at((5, 15)), "request[0].rules[0].when");
    }
}
