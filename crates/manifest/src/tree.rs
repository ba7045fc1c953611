//! A YAML document as a plain tree, and typed values read out of it.
//!
//! `parse.rs` turns what the YAML reader read into a [`Tree`]; the model's types implement
//! [`FromTree`] (in `typed.rs`). This replaces serde's derived `Deserialize`: one small reader per
//! type instead of the derive's visitor monomorphized into the YAML reader for every type, which
//! was about a fifth of the page's WebAssembly.
//!
//! Messages are serde's, word for word (`invalid type: string "three", expected i64`, `missing
//! field `effect``), and an [`Error`] carries the path of the value it is about, so that
//! `parse.rs` can find where that value is written. A Kubernetes object's scalar of the wrong
//! type is then told in the API server's words instead ([`Error::in_api_server_words`]).
//!
//! As in the API server (JSON decoding), `null` is the same as an absent field, and a number or
//! a boolean is not a string.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};

/// A YAML value. Tags are dropped (the API server ignores them too); mappings keep their order,
/// and their keys are text: a scalar key as written (`1: x` has the key `"1"`, as in Kubernetes'
/// YAML), a collection key as flow YAML (no field has such a name).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tree {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

impl Tree {
    /// A mapping's value for `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What the value is, as serde's messages name it (`Unexpected`).
    fn unexpected(&self) -> String {
        match self {
            Tree::Null => "unit value".to_string(),
            Tree::Bool(b) => format!("boolean `{b}`"),
            Tree::Int(i) => format!("integer `{i}`"),
            Tree::Float(f) => format!("floating point `{}`", float(*f)),
            Tree::Str(s) => format!("string {s:?}"),
            Tree::Seq(_) => "sequence".to_string(),
            Tree::Map(_) => "map".to_string(),
        }
    }
}

/// A float as serde shows it: with a decimal point when it has none (`3.0`, not `3`).
pub(crate) fn float(f: f64) -> String {
    let text = f.to_string();
    if f.is_finite() && !text.contains(['.', 'e', 'E']) {
        format!("{text}.0")
    } else {
        text
    }
}

/// One step into a tree: a mapping key or a list index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Where a reader is in the tree: a list on the stack, from the value up to the document, so
/// that reading a field costs nothing until something is wrong with it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// From the document down to the value.
    pub(crate) fn segments(&self) -> Vec<Segment> {
        let mut out = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, key) => {
                    out.push(Segment::Key((*key).to_string()));
                    at = parent;
                }
                Path::Index(parent, i) => {
                    out.push(Segment::Index(*i));
                    at = parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// A value that is not what its field needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Error {
    /// The value's path: its key, or for a missing field the mapping that lacks it.
    pub(crate) path: Vec<Segment>,
    pub(crate) message: String,
    /// A scalar of the wrong type, as the API server's JSON decoder tells it (see [`GoMismatch`]).
    pub(crate) go: Option<GoMismatch>,
    /// `message` is the whole message, the path not written before it.
    pub(crate) whole: bool,
}

/// What Go's JSON decoder says of a scalar of the wrong type, the API server's answer to it:
/// `json: cannot unmarshal {value} into Go struct field {strukt}.{path} of type {ty}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GoMismatch {
    /// The JSON type of the value written: `string`, `number`, `bool`, `array` or `object`.
    pub(crate) value: &'static str,
    /// The Go type of the field: `string`, `bool`, `int32`, `int64`.
    pub(crate) ty: &'static str,
    /// The Go struct whose field it is, set by the innermost struct reader; `None` until then,
    /// `Some("")` where Ordinal's type stands for several Go types and cannot name it.
    pub(crate) strukt: Option<&'static str>,
    /// How many of the error's path segments lead to that struct's field.
    pub(crate) depth: usize,
}

impl GoMismatch {
    fn of(tree: &Tree, ty: &'static str) -> Option<GoMismatch> {
        let value = match tree {
            Tree::Str(_) => "string",
            Tree::Int(_) | Tree::Float(_) => "number",
            Tree::Bool(_) => "bool",
            Tree::Seq(_) => "array",
            Tree::Map(_) => "object",
            Tree::Null => return None,
        };
        Some(GoMismatch { value, ty, strukt: None, depth: 0 })
    }
}

impl Error {
    pub(crate) fn new(path: &Path<'_>, message: impl Into<String>) -> Error {
        Error { path: path.segments(), message: message.into(), go: None, whole: false }
    }

    /// The API server's message for a scalar of the wrong type in an object of `kind`, if the
    /// error is one and its Go struct is known; else the error as it is.
    pub(crate) fn in_api_server_words(mut self, kind: &str) -> Error {
        let Some(GoMismatch { value, ty, strukt: Some(strukt), depth }) = self.go else { return self };
        if strukt.is_empty() {
            return self;
        }
        // Go names the field by its JSON path, without indexes.
        let mut path = String::new();
        for segment in self.path.iter().take(depth) {
            if let Segment::Key(k) = segment {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
        }
        self.message = format!(
            "{kind} in version \"v1\" cannot be handled as a {kind}: json: cannot unmarshal {value} into Go struct field {strukt}.{path} of type {ty}"
        );
        self.whole = true;
        self
    }

    /// serde's `invalid type: {what the tree has}, expected {what the field needs}`.
    pub(crate) fn invalid_type(path: &Path<'_>, tree: &Tree, expected: &str) -> Error {
        Error::new(path, format!("invalid type: {}, expected {expected}", tree.unexpected()))
    }

    fn invalid_value(path: &Path<'_>, tree: &Tree, expected: &str) -> Error {
        Error::new(path, format!("invalid value: {}, expected {expected}", tree.unexpected()))
    }

    /// The path as serde_yaml writes it (`spec.containers[0].image`).
    pub(crate) fn path_text(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(k) if out.is_empty() => out.push_str(k),
                Segment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

/// `path: message`, or the message alone at the top, as serde_yaml writes its errors.
impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.whole {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path_text(), self.message)
        }
    }
}

/// A type read from a tree. `read` is never given `null`: a `null` field is an absent one.
pub(crate) trait FromTree: Sized {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<Self, Error>;
}

/// Reads the value of field `key` (already found in its mapping) as `T`, `None` when it is null.
pub(crate) fn field<T: FromTree>(value: &Tree, path: &Path<'_>, key: &str) -> Result<Option<T>, Error> {
    if *value == Tree::Null {
        return Ok(None);
    }
    T::read(value, &Path::Key(path, key)).map(Some)
}

/// The entries of a mapping, or serde's message naming what was expected instead.
pub(crate) fn entries<'t>(tree: &'t Tree, path: &Path<'_>, expected: &str) -> Result<&'t [(String, Tree)], Error> {
    match tree {
        Tree::Map(entries) => Ok(entries),
        other => Err(Error::invalid_type(path, other, expected)),
    }
}

/// serde's message for a field a struct does not have, when it refuses unknown fields.
pub(crate) fn unknown_field(path: &Path<'_>, key: &str, known: &[&str]) -> Error {
    let expected = match known {
        [] => return Error::new(path, format!("unknown field `{key}`, there are no fields")),
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        many => format!("one of {}", many.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
    };
    Error::new(path, format!("unknown field `{key}`, expected {expected}"))
}

/// A required field: its value, or serde's `missing field` for the mapping at `path`.
pub(crate) fn required<T>(value: Option<T>, path: &Path<'_>, key: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::new(path, format!("missing field `{key}`")))
}

impl FromTree for String {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<String, Error> {
        match tree {
            Tree::Str(s) => Ok(s.clone()),
            other => Err(Error { go: GoMismatch::of(other, "string"), ..Error::invalid_type(path, other, "a string") }),
        }
    }
}

impl FromTree for bool {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<bool, Error> {
        match tree {
            Tree::Bool(b) => Ok(*b),
            other => Err(Error { go: GoMismatch::of(other, "bool"), ..Error::invalid_type(path, other, "a boolean") }),
        }
    }
}

/// An integer of a width serde names (`i64`, `u32`).
fn integer(tree: &Tree, path: &Path<'_>, name: &str, range: (i128, i128)) -> Result<i128, Error> {
    match tree {
        Tree::Int(i) if (range.0..=range.1).contains(i) => Ok(*i),
        Tree::Int(_) => Err(Error::invalid_value(path, tree, name)),
        other => Err(Error::invalid_type(path, other, name)),
    }
}

impl FromTree for i64 {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<i64, Error> {
        // The API's integers are Go's int32 but for a few (see `struct_reader!`).
        let i = integer(tree, path, "i64", (i128::from(i64::MIN), i128::from(i64::MAX)))
            .map_err(|e| if e.message.starts_with("invalid type") { Error { go: GoMismatch::of(tree, "int32"), ..e } } else { e })?;
        Ok(i64::try_from(i).unwrap_or_default())
    }
}

impl FromTree for u32 {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<u32, Error> {
        let i = integer(tree, path, "u32", (0, i128::from(u32::MAX)))?;
        Ok(u32::try_from(i).unwrap_or_default())
    }
}

impl<T: FromTree> FromTree for Option<T> {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<Option<T>, Error> {
        T::read(tree, path).map(Some)
    }
}

impl<T: FromTree> FromTree for Vec<T> {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<Vec<T>, Error> {
        let Tree::Seq(items) = tree else { return Err(Error::invalid_type(path, tree, "a sequence")) };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if *item != Tree::Null {
                out.push(T::read(item, &Path::Index(path, i))?);
            }
        }
        Ok(out)
    }
}

impl<T: FromTree> FromTree for BTreeMap<String, T> {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<BTreeMap<String, T>, Error> {
        let mut out = BTreeMap::new();
        for (key, value) in entries(tree, path, "a map")? {
            if let Some(v) = field(value, path, key)? {
                out.insert(key.clone(), v);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Tree)]) -> Tree {
        Tree::Map(pairs.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect())
    }

    #[test]
    fn messages_are_serdes() {
        let spec = Path::Key(&Path::Root, "spec");
        let e = i64::read(&Tree::Str("three".into()), &Path::Key(&spec, "replicas")).err();
        assert_eq!(e.map(|e| e.to_string()).as_deref(), Some("spec.replicas: invalid type: string \"three\", expected i64"));
        let e = u32::read(&Tree::Int(-1), &Path::Root).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("invalid value: integer `-1`, expected u32"));
        let e = String::read(&Tree::Float(3.0), &Path::Root).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("invalid type: floating point `3.0`, expected a string"));
        let e = bool::read(&Tree::Seq(Vec::new()), &Path::Root).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("invalid type: sequence, expected a boolean"));
        let known = ["a", "b", "c"];
        assert_eq!(unknown_field(&Path::Root, "x", &known).message, "unknown field `x`, expected one of `a`, `b`, `c`");
        assert_eq!(unknown_field(&Path::Root, "x", &known[..2]).message, "unknown field `x`, expected `a` or `b`");
    }

    #[test]
    fn paths_are_written_as_serde_yaml_does() {
        let list = Tree::Seq(vec![Tree::Str("a".into()), Tree::Int(1)]);
        let tree = map(&[("items", list)]);
        let Tree::Map(entries) = &tree else { unreachable!() };
        let e = field::<Vec<String>>(&entries[0].1, &Path::Key(&Path::Root, "spec"), "items").err();
        assert_eq!(e.map(|e| e.to_string()).as_deref(), Some("spec.items[1]: invalid type: integer `1`, expected a string"));
    }

    #[test]
    fn null_is_an_absent_field() {
        let tree = map(&[("a", Tree::Str("x".into())), ("b", Tree::Null)]);
        let read = BTreeMap::<String, String>::read(&tree, &Path::Root).ok();
        assert_eq!(read.map(|m| m.into_iter().collect::<Vec<_>>()), Some(vec![("a".to_string(), "x".to_string())]));
        assert_eq!(Vec::<String>::read(&Tree::Seq(vec![Tree::Null]), &Path::Root).ok(), Some(Vec::new()));
    }
}
