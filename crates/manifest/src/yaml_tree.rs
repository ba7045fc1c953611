//! A YAML document read straight into a [`Tree`], as serde_yaml's own `Value` reads it and with
//! its messages, without building a `Value` first (which linked its hash map, its numbers and
//! their float printer into the page: about 13 KB gzip).
//!
//! What `Value` does and this reader does the same way:
//! - a duplicate key is refused where the second one is read, told apart as `Value` does (the
//!   string `"1"` and the integer `1` are two keys);
//! - a tag (`!secret x`) is dropped, but an empty one is refused;
//! - an integer beyond 64 bits is refused (`Value` has no room for it).
//!
//! Values are counted as they are read, aliases expanded, and reading stops past a limit (see
//! `limits.rs`), so an alias bomb is refused before it takes the page's memory.
//!
//! Merge keys (`<<`) are applied to each mapping as it is read, so a mapping merged from another
//! that has its own merge key gets that one's keys too, as Kubernetes' YAML reader does (serde_yaml's
//! `apply_merge` left the inner `<<` behind as a key). Keys written in the mapping win; merged
//! keys follow them, first source first. A merge error is placed at its mapping.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, SeqAccess, VariantAccess, Visitor};

use crate::tree::{self, Tree};

/// A document as read: its tree, and whether its root was tagged (`!x {...}` is not an object).
pub(crate) struct Document {
    pub(crate) tree: Tree,
    pub(crate) tagged: bool,
}

/// Why a document could not be read.
#[derive(Debug)]
pub(crate) enum Error<E> {
    /// The YAML reader's error: syntax, nesting beyond its recursion limit, or one of `Value`'s.
    Yaml(E),
    /// More values than `limit` once aliases are expanded.
    TooBig { limit: usize },
}

/// Reads one document, refusing it past `limit` values (see `limits::max_values`); `merge` applies
/// merge keys (the caller knows whether the text has any).
pub(crate) fn read<'de, D: Deserializer<'de>>(document: D, merge: bool, limit: usize) -> Result<Document, Error<D::Error>> {
    let reader = Reader { merge, limit, seen: Cell::new(0), tagged: Cell::new(false) };
    match (TreeSeed { reader: &reader, role: Role::Root }).deserialize(document) {
        Ok(tree) => Ok(Document { tree, tagged: reader.tagged.get() }),
        Err(_) if reader.seen.get() > limit => Err(Error::TooBig { limit }),
        Err(e) => Err(Error::Yaml(e)),
    }
}

/// Reads a mapping key, for a reader that walks the document without keeping it.
pub(crate) fn key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    let reader = Reader { merge: false, limit: usize::MAX, seen: Cell::new(0), tagged: Cell::new(false) };
    Ok(map.next_key_seed(TreeSeed { reader: &reader, role: Role::Value })?.map(key_text))
}

struct Reader {
    merge: bool,
    limit: usize,
    /// Values read so far.
    seen: Cell<usize>,
    /// Whether the root was tagged.
    tagged: Cell<bool>,
}

impl Reader {
    fn tick<E: de::Error>(&self) -> Result<(), E> {
        let n = self.seen.get().saturating_add(1);
        self.seen.set(n);
        if n > self.limit {
            return Err(E::custom("too many values"));
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
struct TreeSeed<'r> {
    reader: &'r Reader,
    role: Role,
}

/// Where a value stands: merge sources, and the items of a list of them, may not be tagged.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    Value,
    MergeSource,
    MergeItem,
}

const TAGGED_IN_MERGE: &str = "unexpected tagged value in merge";

impl<'de> DeserializeSeed<'de> for TreeSeed<'_> {
    type Value = Tree;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TreeSeed<'_> {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Int(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Int(u.into()))
    }
    // Numbers past 64 bits (`replicas: 99999999999999999999`) are read, so that the field that
    // cannot hold them says so, rather than the reader refusing the document.
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Int(i))
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(i128::try_from(u).map_or(Tree::Float(u as f64), Tree::Int))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Float(f))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Str(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Str(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        self.reader.tick()?;
        Ok(Tree::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        self.reader.tick::<A::Error>()?;
        let role = if self.role == Role::MergeSource { Role::MergeItem } else { Role::Value };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(TreeSeed { role, ..self })? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        self.reader.tick::<A::Error>()?;
        let mut entries = Vec::new();
        let mut keys = Keys::default();
        let mut merge_at = None;
        let value = TreeSeed { role: Role::Value, ..self };
        while let Some(key) = map.next_key_seed(value)? {
            let is_merge = self.reader.merge && matches!(&key, Tree::Str(s) if s == "<<");
            let text = keys.check(key, &entries).map_err(A::Error::custom)?;
            let role = if is_merge { Role::MergeSource } else { Role::Value };
            if is_merge {
                merge_at = Some(entries.len());
            }
            entries.push((text, map.next_value_seed(TreeSeed { role, ..self })?));
        }
        if let Some(at) = merge_at {
            merge(&mut entries, at).map_err(A::Error::custom)?;
        }
        Ok(Tree::Map(entries))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Tree, A::Error> {
        self.reader.tick::<A::Error>()?;
        match self.role {
            Role::Root => self.reader.tagged.set(true),
            Role::Value => {}
            Role::MergeSource | Role::MergeItem => return Err(A::Error::custom(TAGGED_IN_MERGE)),
        }
        let (Tag, contents) = data.variant_seed(Tag)?;
        contents.newtype_variant_seed(TreeSeed { role: Role::Value, ..self })
    }
}

/// A tag, refused when empty (as `Value` does).
struct Tag;

impl<'de> DeserializeSeed<'de> for Tag {
    type Value = Tag;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Tag, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Tag {
    type Value = Tag;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML tag string")
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Tag, E> {
        if tag.is_empty() {
            return Err(E::custom("empty YAML tag is not allowed"));
        }
        Ok(Tag)
    }
}

/// How a mapping's keys are told apart, as `Value` does: by kind, then text. Up to [`Keys::FEW`]
/// keys are compared one by one with the mapping's entries, more through a set, so that a mapping
/// of many keys is not read in quadratic time.
#[derive(Default)]
struct Keys {
    kinds: Vec<u8>,
    many: BTreeSet<String>,
}

impl Keys {
    const FEW: usize = 16;

    /// The key's text (see [`key_text`]), or serde_yaml's message when `entries` has it already.
    fn check(&mut self, key: Tree, entries: &[(String, Tree)]) -> Result<String, String> {
        let kind = match &key {
            Tree::Null => b'~',
            Tree::Bool(_) => b'b',
            Tree::Int(_) => b'i',
            Tree::Float(_) => b'f',
            Tree::Str(_) => b's',
            Tree::Seq(_) | Tree::Map(_) => b'c',
        };
        let float = if let Tree::Float(f) = key { f } else { 0.0 };
        let text = key_text(key);
        let seen = if self.kinds.len() < Self::FEW {
            self.kinds.iter().zip(entries).any(|(k, (t, _))| *k == kind && *t == text)
        } else {
            if self.many.is_empty() {
                self.many.extend(self.kinds.iter().zip(entries).map(|(k, (t, _))| tagged(*k, t)));
            }
            !self.many.insert(tagged(kind, &text))
        };
        if !seen {
            self.kinds.push(kind);
            return Ok(text);
        }
        Err(match kind {
            b'~' => "duplicate entry with null key".to_string(),
            b'b' => format!("duplicate entry with key `{text}`"),
            b'i' => format!("duplicate entry with key {text}"),
            b'f' if float.is_nan() => "duplicate entry with key .nan".to_string(),
            b'f' if float.is_infinite() => format!("duplicate entry with key {}", if float > 0.0 { ".inf" } else { "-.inf" }),
            b'f' => format!("duplicate entry with key {float:?}"),
            b's' => format!("duplicate entry with key {text:?}"),
            _ => "duplicate entry in YAML map".to_string(),
        })
    }
}

/// A key's kind and text as one string, for the set of [`Keys`].
fn tagged(kind: u8, text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 1);
    s.push(char::from(kind));
    s.push_str(text);
    s
}

/// Takes the merge key at `at` out of `entries` (its place goes to the last entry, as serde_yaml
/// did) and adds the keys of its mapping, or of each mapping of its list, that are not there yet.
fn merge(entries: &mut Vec<(String, Tree)>, at: usize) -> Result<(), &'static str> {
    let (_, source) = entries.swap_remove(at);
    let sources = match source {
        Tree::Map(entries) => vec![entries],
        Tree::Seq(items) => items
            .into_iter()
            .map(|item| match item {
                Tree::Map(entries) => Ok(entries),
                Tree::Seq(_) => Err("expected a mapping for merging, but found sequence"),
                _ => Err("expected a mapping for merging, but found scalar"),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("expected a mapping or list of mappings for merging, but found scalar"),
    };
    let mut present: BTreeSet<String> = entries.iter().map(|(k, _)| k.clone()).collect();
    for (key, value) in sources.into_iter().flatten() {
        if present.insert(key.clone()) {
            entries.push((key, value));
        }
    }
    Ok(())
}

/// A mapping key as text: a scalar as written, a collection as flow YAML.
fn key_text(key: Tree) -> String {
    match key {
        Tree::Str(s) => s,
        Tree::Null => "null".to_string(),
        Tree::Bool(b) => b.to_string(),
        Tree::Int(i) => i.to_string(),
        Tree::Float(f) => tree::float(f),
        collection => {
            let mut text = String::new();
            write_flow(&collection, &mut text);
            text
        }
    }
}

/// Writes `tree` as one line of flow-style YAML that reads back as the same tree: strings
/// double-quoted with escapes, numbers, booleans and null as their plain text (which the reader
/// takes back as such), collections in brackets and braces, a key that is a collection after `?`.
pub(crate) fn write_flow(tree: &Tree, out: &mut String) {
    match tree {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Int(i) => out.push_str(&i.to_string()),
        Tree::Float(f) if f.is_nan() => out.push_str(".nan"),
        Tree::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { ".inf" } else { "-.inf" }),
        // `Debug` keeps a decimal point (`1.0`), so the number reads back as a float.
        Tree::Float(f) => out.push_str(&format!("{f:?}")),
        Tree::Str(s) => write_quoted(s, out),
        Tree::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(item, out);
            }
            out.push(']');
        }
        Tree::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                // A key longer than the reader takes as a key by itself (1024 characters up to
                // its `:`) goes after `?`, as libyaml's writer does past 128.
                let mut text = String::new();
                write_quoted(key, &mut text);
                if text.len() > 128 {
                    out.push_str("? ");
                }
                out.push_str(&text);
                out.push_str(": ");
                write_flow(value, out);
            }
            out.push('}');
        }
    }
}

/// A double-quoted YAML string. Escaped: the quote and backslash, and every character the reader
/// would not take as it is (control characters, the C1 range, and the line and paragraph
/// separators and byte order mark that libyaml counts as breaks or drops).
fn write_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\0'..='\x1f' | '\x7f'..='\u{9f}' => out.push_str(&format!("\\x{:02X}", u32::from(c))),
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}
