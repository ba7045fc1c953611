//! Limits that keep a hostile paste from hanging or exhausting the page, and the first look at a
//! document: its shape, counted value by value so that aliases cannot make it explode.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// An input larger than this is not read.
pub(crate) const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// Documents after this many (over all inputs) are not read.
pub(crate) const MAX_DOCUMENTS: usize = 10_000;
/// How many more values than its length in bytes a document may expand to through aliases.
const ALIAS_ALLOWANCE: usize = 100_000;
/// Flow collections (`[`, `{`) nested deeper than this are refused before the YAML reader sees
/// them: its time grows with the square of the depth, and it refuses anything deeper than 128
/// levels anyway. (Set above 128 so that brackets this rough count takes for flow collections
/// cannot refuse a document the reader would accept.)
pub(crate) const MAX_FLOW_DEPTH: usize = 200;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`] (1-based line and column,
/// relative to `text`), counting brackets outside quotes and comments that open a value.
pub(crate) fn too_deep(text: &str) -> Option<(u32, u32)> {
    #[derive(Clone, Copy, PartialEq)]
    enum In {
        Plain,
        Single,
        Double,
        Comment,
    }
    let mut state = In::Plain;
    let mut depth = 0usize;
    let (mut line, mut col) = (1u32, 0u32);
    // Whether the next character starts a token (where a quote or a bracket opens something).
    let mut token_start = true;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col = col.saturating_add(1);
        let next = chars.peek().copied();
        match state {
            In::Comment => {}
            In::Double if c == '\\' => {
                if chars.next_if(|n| *n != '\n').is_some() {
                    col = col.saturating_add(1);
                }
            }
            In::Double if c == '"' => state = In::Plain,
            In::Single if c == '\'' && next == Some('\'') => {
                chars.next();
                col = col.saturating_add(1);
            }
            In::Single if c == '\'' => state = In::Plain,
            In::Single | In::Double => {}
            In::Plain => match c {
                '#' if prev.is_whitespace() => state = In::Comment,
                '"' | '\'' if token_start => state = if c == '"' { In::Double } else { In::Single },
                '[' | '{' if token_start || depth > 0 => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((line, col));
                    }
                }
                ']' | '}' if depth > 0 => depth -= 1,
                _ => {}
            },
        }
        if c == '\n' {
            line = line.saturating_add(1);
            col = 0;
            if state == In::Comment {
                state = In::Plain;
            }
        }
        if state == In::Plain {
            token_start = match c {
                '\n' => true,
                ' ' | '\t' | '\r' => token_start || matches!(prev, ':' | '-' | '?' | ',' | '\n'),
                '[' | '{' | ',' => depth > 0,
                ':' => depth > 0 && next.is_some_and(|n| n != ' '),
                _ => false,
            };
        }
        prev = c;
    }
    None
}

/// Drops a leading byte order mark, and turns the line breaks YAML knows besides `\n` (a lone
/// `\r`, NEL, LS, PS) into `\n`, so that lines are counted as the YAML reader counts them.
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let odd = |(i, c): (usize, char)| match c {
        '\r' => !text.get(i + 1..).is_some_and(|rest| rest.starts_with('\n')),
        '\u{85}' | '\u{2028}' | '\u{2029}' => true,
        _ => false,
    };
    if !text.char_indices().any(odd) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push('\r'),
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What a document holds at its root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Nothing, or `null`.
    Empty,
    Mapping,
    /// Something else, named for messages ("a list").
    Other(&'static str),
}

/// Why a document could not be read through.
#[derive(Debug)]
pub(crate) enum ShapeError<E> {
    /// The YAML reader's error: syntax, or nesting beyond its recursion limit.
    Yaml(E),
    /// More values than `limit` once aliases are expanded.
    TooBig { limit: usize },
}

/// Reads a whole document without keeping anything, counting its values with aliases expanded;
/// fails once there are more than its length plus an allowance. Nesting is limited by the
/// reader's own recursion limit.
pub(crate) fn shape<'de, D: Deserializer<'de>>(d: D, text_len: usize) -> Result<Shape, ShapeError<D::Error>> {
    let seen = Cell::new(0);
    let limit = text_len.saturating_add(ALIAS_ALLOWANCE);
    Count { seen: &seen, limit }.deserialize(d).map_err(|e| {
        if seen.get() > limit {
            ShapeError::TooBig { limit }
        } else {
            ShapeError::Yaml(e)
        }
    })
}

#[derive(Clone, Copy)]
struct Count<'c> {
    seen: &'c Cell<usize>,
    limit: usize,
}

impl Count<'_> {
    fn tick<E: de::Error>(&self, shape: Shape) -> Result<Shape, E> {
        let n = self.seen.get().saturating_add(1);
        self.seen.set(n);
        if n > self.limit {
            return Err(E::custom("too many values"));
        }
        Ok(shape)
    }
}

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = Shape;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Count<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        self.tick(Shape::Other("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        self.tick(Shape::Other("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        self.tick(Shape::Other("a number"))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Shape, E> {
        self.tick(Shape::Other("a number"))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Shape, E> {
        self.tick(Shape::Other("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        self.tick(Shape::Other("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
        self.tick(Shape::Other("a string"))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Shape, E> {
        self.tick(Shape::Other("a string"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        self.tick(Shape::Empty)
    }
    fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
        self.tick(Shape::Empty)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        self.tick::<A::Error>(Shape::Empty)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(Shape::Other("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        self.tick::<A::Error>(Shape::Empty)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(Shape::Mapping)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Shape, A::Error> {
        self.tick::<A::Error>(Shape::Empty)?;
        let (_, variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)?;
        Ok(Shape::Other("a tagged value"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_made_plain() {
        assert!(matches!(normalize("a: 1\r\nb: 2\n"), Cow::Borrowed(_)));
        assert_eq!(normalize("\u{feff}a: 1\rb: 2\u{2028}c: 3\r\n"), "a: 1\nb: 2\nc: 3\r\n");
        assert_eq!(normalize("x\r"), "x\n");
    }

    #[test]
    fn deep_flow_nesting_is_found() {
        let deep = format!("a: b\nc: {}", "[".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(too_deep(&deep), Some((2, 4 + MAX_FLOW_DEPTH as u32)));
        let mapped = format!("a: {}", "{a: ".repeat(MAX_FLOW_DEPTH + 1));
        assert!(too_deep(&mapped).is_some());
        let quoted = format!("a: \"{}\"\nb: '{}'\nc: x{} # {}\n", "[".repeat(300), "{".repeat(300), "[".repeat(300), "[".repeat(300));
        assert_eq!(too_deep(&quoted), None);
        let balanced = "[[a, b], {c: [d]}]\n".repeat(1000);
        assert_eq!(too_deep(&balanced), None);
    }
}
