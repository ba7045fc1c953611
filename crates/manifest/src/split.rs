//! Splits an input into its YAML documents at `---` and `...` marker lines, so that each is parsed
//! on its own (a syntax error in one does not lose the others) and every position can be made
//! relative to the file.

/// One document of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Document<'a> {
    /// The document's text, from the start of its first line (a `---` marker, or comments before
    /// it, belong to it).
    pub(crate) text: &'a str,
    /// The file line of the text's first line (1-based).
    pub(crate) first_line: u32,
    /// Where its content begins in the file: the first line that is not blank, a comment, a
    /// directive or a bare `---`, and that line's first character (1-based).
    pub(crate) start: (u32, u32),
}

/// The documents of `text` that have content, in order. Lines are separated by `\n` (a `\r`
/// before it is ignored).
pub(crate) fn documents(text: &str) -> Documents<'_> {
    Documents { text, offset: 0, line: 1 }
}

/// Iterator over the documents of one input.
pub(crate) struct Documents<'a> {
    text: &'a str,
    /// Byte offset of the next line to read.
    offset: usize,
    /// File line of the next line to read.
    line: u32,
}

/// `---` or `...` followed by whitespace or the end of the line.
fn marker(line: &str, mark: &str) -> bool {
    line.strip_prefix(mark).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
}

/// The first character of a line, when the line has content (not blank, not a comment).
fn content_column(line: &str) -> Option<u32> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "\r" {
        return None;
    }
    let skipped = line.len() - trimmed.len();
    u32::try_from(skipped + 1).ok()
}

impl<'a> Iterator for Documents<'a> {
    type Item = Document<'a>;

    fn next(&mut self) -> Option<Document<'a>> {
        loop {
            if self.offset >= self.text.len() {
                return None;
            }
            let begin = self.offset;
            let first_line = self.line;
            let mut start: Option<(u32, u32)> = None;
            let mut explicit = false;
            let mut end = self.text.len();
            while self.offset < self.text.len() {
                let rest = self.text.get(self.offset..).unwrap_or("");
                let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
                let line = rest.get(..len).unwrap_or(rest).trim_end_matches(['\n', '\r']);
                if marker(line, "---") {
                    if start.is_some() || explicit {
                        end = self.offset;
                        break;
                    }
                    explicit = true;
                    let after = line.get(3..).unwrap_or("");
                    if content_column(after).is_some() {
                        start = Some((self.line, 1));
                    }
                } else if marker(line, "...") {
                    self.offset += len;
                    self.line = self.line.saturating_add(1);
                    end = self.offset;
                    break;
                } else if start.is_none() && (explicit || !line.starts_with('%')) {
                    if let Some(col) = content_column(line) {
                        start = Some((self.line, col));
                    }
                }
                self.offset += len;
                self.line = self.line.saturating_add(1);
            }
            if let Some(start) = start {
                let text = self.text.get(begin..end).unwrap_or("");
                return Some(Document { text, first_line, start });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(String, u32, (u32, u32))> {
        documents(text).map(|d| (d.text.to_string(), d.first_line, d.start)).collect()
    }

    #[test]
    fn splits_at_markers() {
        let text = "# header\na: 1\n---\n# lead\n\nb: 2\n--- {c: 3}\n---\n---\n  d: 4\n...\n# after\n";
        assert_eq!(split(text), [
            ("# header\na: 1\n".to_string(), 1, (2, 1)),
            ("---\n# lead\n\nb: 2\n".to_string(), 3, (6, 1)),
            ("--- {c: 3}\n".to_string(), 7, (7, 1)),
            ("---\n  d: 4\n...\n".to_string(), 9, (10, 3)),
        ]);
    }

    #[test]
    fn keeps_directives_and_comments_with_their_document() {
        let text = "a: 1\n...\n%YAML 1.2\n---\nb: 2\r\n---x: 1\n";
        assert_eq!(split(text), [
            ("a: 1\n...\n".to_string(), 1, (1, 1)),
            ("%YAML 1.2\n---\nb: 2\r\n---x: 1\n".to_string(), 3, (5, 1)),
        ]);
        assert!(split("").is_empty());
        assert!(split("---\n# nothing\n---\n").is_empty());
        assert_eq!(split("é: ü\n--- \n").len(), 1);
    }
}
