//! Limits that keep a hostile paste from hanging or exhausting the page.

use std::borrow::Cow;

/// An input larger than this is not read.
pub(crate) const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// Documents after this many (over all inputs) are not read.
pub(crate) const MAX_DOCUMENTS: usize = 10_000;
/// How many more values than its length in bytes a document may expand to through aliases.
pub(crate) const ALIAS_ALLOWANCE: usize = 100_000;
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

/// Line breaks to the YAML reader (YAML 1.1's NEL, LS and PS), but not to editors, terminals or
/// the browser, which show them inside a line: the parser moves the reader's positions past them.
pub(crate) const READER_ONLY_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

/// The lines of `text` as the YAML reader counts them (ended also by [`READER_ONLY_BREAKS`]),
/// each with the line a person sees it on (1-based) and the characters before it there.
pub(crate) fn reader_lines(text: &str) -> impl Iterator<Item = (&str, u32, usize)> + '_ {
    text.split('\n').enumerate().flat_map(|(i, raw)| {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        raw.strip_suffix('\r').unwrap_or(raw).split(READER_ONLY_BREAKS).scan(0, move |before, piece| {
            let at = *before;
            *before += piece.chars().count() + 1;
            Some((piece, line, at))
        })
    })
}

/// Drops a leading byte order mark, and turns a lone `\r` (a line break to the YAML reader and to
/// editors) into `\n`, so that lines are counted as both count them.
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let odd = |(i, c): (usize, char)| c == '\r' && !text.get(i + 1..).is_some_and(|rest| rest.starts_with('\n'));
    if !text.char_indices().any(odd) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push('\r'),
            '\r' => out.push('\n'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How many values a document of `text_len` bytes may expand to through aliases before it is
/// refused (an alias bomb): its length plus an allowance.
pub(crate) fn max_values(text_len: usize) -> usize {
    text_len.saturating_add(ALIAS_ALLOWANCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_made_plain() {
        assert!(matches!(normalize("a: 1\r\nb: 2\n"), Cow::Borrowed(_)));
        assert_eq!(normalize("\u{feff}a: 1\rb: 2\u{2028}c: 3\r\n"), "a: 1\nb: 2\u{2028}c: 3\r\n");
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
