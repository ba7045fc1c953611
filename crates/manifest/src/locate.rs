//! Finds where a field is written in a block-style YAML document, to position messages about it.
//!
//! This is an outline of a document's mapping keys and list items by indentation, not a YAML
//! parser: it understands comments, quoted keys, `- key: v` items, sequences at their parent's
//! indentation, anchors and tags, and skips block scalars and multi-line quoted or flow values.
//! Inside a flow collection (`{...}`, `[...]`) it answers with the collection's key.

use crate::limits::reader_lines;

/// The 1-based line and column (in characters) of the key at `path` in `doc_text` (segments are
/// mapping keys, or list indices such as `"0"` that point at the item's `-`). Falls back to the
/// deepest ancestor found, then to line 1 column 1. (The reader keeps an [`Outline`] per document
/// and asks it many times.)
#[cfg(test)]
pub(crate) fn locate(doc_text: &str, path: &[&str]) -> (u32, u32) {
    Outline::new(doc_text).find(path).unwrap_or((1, 1))
}

/// The keys and items of one document, for answering many `find`s.
#[derive(Debug)]
pub(crate) struct Outline {
    nodes: Vec<Node>,
    /// Per line as the YAML reader counts them (also ended by NEL, LS and PS): the line a person
    /// sees it on, and the characters before it there.
    lines: Vec<(u32, usize)>,
}

#[derive(Debug)]
struct Node {
    /// The key, or `None` for a list item.
    key: Option<String>,
    line: u32,
    /// 0-based, in characters.
    col: usize,
    /// Whether the value is on the following lines (nothing after `key:`).
    open: bool,
    children: Vec<usize>,
}

/// Lines that belong to a value begun earlier.
#[derive(Clone, Copy, Debug)]
enum Skip {
    No,
    /// A block scalar (`|`, `>`) owned by a node at this column: its lines are more indented.
    Block(usize),
    /// A quoted scalar that goes on until this quote.
    Quoted(char),
    /// A flow collection this deep.
    Flow(i64),
}

impl Outline {
    pub(crate) fn new(text: &str) -> Outline {
        let root = Node { key: None, line: 1, col: 0, open: true, children: Vec::new() };
        let mut b = Builder { nodes: vec![root], stack: Vec::new(), skip: Skip::No };
        let mut lines = Vec::new();
        for (piece, line, before) in reader_lines(text) {
            let chars: Vec<char> = piece.chars().collect();
            lines.push((line, before));
            b.line(&chars, u32::try_from(lines.len()).unwrap_or(u32::MAX));
        }
        Outline { nodes: b.nodes, lines }
    }

    /// The position of the deepest node on `path` that is written, `None` if not even the first
    /// segment is.
    pub(crate) fn find<S: AsRef<str>>(&self, path: &[S]) -> Option<(u32, u32)> {
        let mut cur = 0;
        let mut best = None;
        for seg in path {
            let seg = seg.as_ref();
            let Some(node) = self.nodes.get(cur) else { break };
            let child = |want: &dyn Fn(&Node) -> bool| {
                node.children.iter().copied().find(|&c| self.nodes.get(c).is_some_and(want))
            };
            let by_key = || child(&|n: &Node| n.key.as_deref() == Some(seg));
            let next = match seg.parse::<usize>() {
                Ok(i) => node
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| self.nodes.get(c).is_some_and(|n| n.key.is_none()))
                    .nth(i)
                    .or_else(by_key),
                Err(_) => by_key(),
            };
            let Some(next) = next else { break };
            let Some(n) = self.nodes.get(next) else { break };
            cur = next;
            let (line, before) = self.lines.get(n.line as usize - 1).copied().unwrap_or((n.line, 0));
            best = Some((line, u32::try_from(before + n.col + 1).unwrap_or(u32::MAX)));
        }
        best
    }
}

struct Builder {
    nodes: Vec<Node>,
    stack: Vec<usize>,
    skip: Skip,
}

fn ws(c: &char) -> bool {
    *c == ' ' || *c == '\t'
}

fn skip_ws(c: &[char], mut i: usize) -> usize {
    while c.get(i).is_some_and(ws) {
        i += 1;
    }
    i
}

/// `---` or `...` followed by whitespace or the end of the line.
fn is_marker(c: &[char], mark: char) -> bool {
    c.len() >= 3 && c[..3].iter().all(|&x| x == mark) && c.get(3).is_none_or(ws)
}

/// Skips anchors (`&a`) and tags (`!t`) in front of a node.
fn skip_props(c: &[char], mut i: usize) -> usize {
    while matches!(c.get(i), Some('&') | Some('!')) {
        while c.get(i).is_some_and(|x| !ws(x)) {
            i += 1;
        }
        i = skip_ws(c, i);
    }
    i
}

/// The index of the quote that closes a scalar whose text starts at `from`.
fn closing_quote(c: &[char], from: usize, quote: char) -> Option<usize> {
    let mut i = from;
    while let Some(&x) = c.get(i) {
        if quote == '"' && x == '\\' {
            i += 2;
            continue;
        }
        if x == quote {
            if quote == '\'' && c.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// How much deeper the line leaves flow collections (`[`/`{` minus `]`/`}` outside quotes).
fn flow_delta(c: &[char], from: usize) -> i64 {
    let mut depth = 0i64;
    let mut i = from;
    while let Some(&x) = c.get(i) {
        match x {
            '"' | '\'' => match closing_quote(c, i + 1, x) {
                Some(end) => i = end,
                None => return depth,
            },
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            '#' if i > 0 && c.get(i - 1).is_some_and(ws) => return depth,
            _ => {}
        }
        i += 1;
    }
    depth
}

/// A mapping key starting at `pos`: its text and the index after its `:`.
fn parse_key(c: &[char], pos: usize) -> Option<(String, usize)> {
    let first = *c.get(pos)?;
    match first {
        '"' | '\'' => {
            let end = closing_quote(c, pos + 1, first)?;
            let raw: String = c.get(pos + 1..end)?.iter().collect();
            let key = if first == '"' {
                raw.replace("\\\"", "\"").replace("\\\\", "\\")
            } else {
                raw.replace("''", "'")
            };
            let colon = skip_ws(c, end + 1);
            (c.get(colon) == Some(&':') && c.get(colon + 1).is_none_or(ws)).then_some((key, colon + 1))
        }
        '[' | '{' | '?' | '|' | '>' | '#' | '%' | '@' | '`' => None,
        _ => {
            let mut i = pos;
            while let Some(&x) = c.get(i) {
                if x == ':' && c.get(i + 1).is_none_or(ws) {
                    let key: String = c.get(pos..i)?.iter().collect();
                    return Some((key.trim_end().to_string(), i + 1));
                }
                if x == '#' && i > pos && c.get(i - 1).is_some_and(ws) {
                    return None;
                }
                i += 1;
            }
            None
        }
    }
}

impl Builder {
    fn line(&mut self, c: &[char], line: u32) {
        let indent = skip_ws(c, 0);
        let blank = matches!(c.get(indent), None | Some('#'));
        match self.skip {
            Skip::Block(owner) => {
                if blank || indent > owner {
                    return;
                }
                self.skip = Skip::No;
            }
            Skip::Quoted(q) => {
                if closing_quote(c, 0, q).is_some() {
                    self.skip = Skip::No;
                }
                return;
            }
            Skip::Flow(depth) => {
                let depth = depth + flow_delta(c, 0);
                self.skip = if depth > 0 { Skip::Flow(depth) } else { Skip::No };
                return;
            }
            Skip::No => {}
        }
        if blank || (indent == 0 && (is_marker(c, '-') || is_marker(c, '.') || c.first() == Some(&'%'))) {
            return;
        }
        let mut pos = indent;
        loop {
            if matches!(c.get(pos), None | Some('#')) {
                return;
            }
            if c.get(pos) == Some(&'-') && c.get(pos + 1).is_none_or(ws) {
                self.push(None, line, pos, true);
                pos = skip_ws(c, pos + 1);
                continue;
            }
            pos = skip_props(c, pos);
            if let Some((key, after)) = parse_key(c, pos) {
                let value = skip_props(c, skip_ws(c, after));
                let open = matches!(c.get(value), None | Some('#'));
                self.push(Some(key), line, pos, open);
                self.value(c, value, pos);
            } else {
                let owner = self.stack.last().and_then(|&n| self.nodes.get(n)).map_or(0, |n| n.col);
                self.value(c, pos, owner);
            }
            return;
        }
    }

    /// Notes a value that goes on over the following lines.
    fn value(&mut self, c: &[char], start: usize, owner: usize) {
        match c.get(start) {
            Some('|') | Some('>') => self.skip = Skip::Block(owner),
            Some(&q @ ('"' | '\'')) if closing_quote(c, start + 1, q).is_none() => self.skip = Skip::Quoted(q),
            Some('[') | Some('{') => {
                let depth = flow_delta(c, start);
                if depth > 0 {
                    self.skip = Skip::Flow(depth);
                }
            }
            _ => {}
        }
    }

    fn push(&mut self, key: Option<String>, line: u32, col: usize, open: bool) {
        while let Some(n) = self.stack.last().and_then(|&top| self.nodes.get(top)) {
            let indentless_item = key.is_none() && n.key.is_some() && n.open;
            if n.col > col || (n.col == col && !indentless_item) {
                self.stack.pop();
            } else {
                break;
            }
        }
        let parent = self.stack.last().copied().unwrap_or(0);
        let id = self.nodes.len();
        self.nodes.push(Node { key, line, col, open, children: Vec::new() });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(id);
        }
        self.stack.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = "\
# A comment: with a colon
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web   # trailing: comment
  labels: {app: nginx,
    tier: web}
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    spec:
      containers:
      - name: nginx
        image: nginx
        command: |
          key: not a key
          - not an item
        ports:
          - containerPort: 80
            name: web
      - name: sidecar
        \"image\": busybox
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      'accessModes': [ReadWriteOnce]
";

    fn at(path: &str) -> (u32, u32) {
        let path: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('.').collect() };
        locate(WEB, &path)
    }

    #[test]
    fn finds_keys_and_items() {
        assert_eq!(at("kind"), (3, 1));
        assert_eq!(at("metadata.name"), (5, 3));
        assert_eq!(at("spec.selector"), (9, 3));
        assert_eq!(at("spec.selector.matchLabels.app"), (11, 7));
        assert_eq!(at("spec.template.spec.containers.0"), (15, 7));
        assert_eq!(at("spec.template.spec.containers.0.image"), (16, 9));
        assert_eq!(at("spec.template.spec.containers.0.ports.0.name"), (22, 13));
        assert_eq!(at("spec.template.spec.containers.1"), (23, 7));
        assert_eq!(at("spec.template.spec.containers.1.image"), (24, 9));
        assert_eq!(at("spec.volumeClaimTemplates.0.spec.accessModes"), (28, 7));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(at("metadata.labels.tier"), (6, 3));
        assert_eq!(at("spec.volumeClaimTemplates.0.metadata.name"), (26, 5));
        assert_eq!(at("spec.template.spec.containers.0.command.key"), (17, 9));
        assert_eq!(at("spec.template.spec.containers.5"), (14, 7));
        assert_eq!(at("status"), (1, 1));
        assert_eq!(at(""), (1, 1));
    }

    #[test]
    fn handles_odd_text() {
        let doc = "---\n# c\nkey:\n- a: 1\n  b: 2\n- c\nnext: \"multi\n  line: x\"\nlast: 1\n";
        assert_eq!(locate(doc, &["key", "1"]), (6, 1));
        assert_eq!(locate(doc, &["key", "0", "b"]), (5, 3));
        assert_eq!(locate(doc, &["last"]), (9, 1));
        assert_eq!(locate(doc, &["next", "line"]), (7, 1));
        let unicode = "name: \"ünïcödé: x\"\nnote: ✓\n  ß: 1\nkéy: v\n";
        assert_eq!(locate(unicode, &["kéy"]), (4, 1));
        assert_eq!(locate(unicode, &["note", "ß"]), (3, 3));
        for text in ["", "-", "- -", ":", "\"", "'", "[", "a: [", "a: |\n", "&x !t", "? a\n: b", "-\t-\tx: y"] {
            let _ = locate(text, &["a", "0", "b"]);
        }
    }
}
