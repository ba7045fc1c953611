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

/// Reads a whole document without keeping anything, counting its values with aliases expanded;
/// fails once there are more than its length plus an allowance. Nesting is limited by the
/// reader's own recursion limit.
pub(crate) fn shape<'de, D: Deserializer<'de>>(d: D, text_len: usize) -> Result<Shape, D::Error> {
    let seen = Cell::new(0);
    Count { seen: &seen, limit: text_len.saturating_add(ALIAS_ALLOWANCE) }.deserialize(d)
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
            return Err(E::custom(format!(
                "the document expands to more than {} values through aliases: not read (an alias bomb?)",
                self.limit
            )));
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
}
