//! A share link's payload: the text (manifests and Scenario, so the steps too) and the view
//! (playhead, speed, chosen item), framed as a few `key=value` lines before the text.
//!
//! The link is `#v1=` then the payload, deflated by the browser and written in URL-safe base64:
//! all in the fragment, which browsers never send to a server. A link is untrusted input: every
//! way it can be damaged or too large ends in a message, never a panic.

/// What comes before the data in the fragment (after `#`).
pub const PREFIX: &str = "v1=";
/// The longest fragment data accepted, in characters (about 190 KB compressed): far beyond
/// what chat and mail keep intact, and a cap on the work a hostile link can ask for.
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// The most a link may inflate to: the manifest reader's own limit for one input.
pub const MAX_PAYLOAD: usize = 4 * 1024 * 1024;

const MAGIC: &str = "ordinal-link 1";

/// What the page restores from a link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub t_ms: u64,
    /// An index into the page's speeds.
    pub speed: usize,
    /// The scene id of the chosen item.
    pub selected: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub text: String,
    pub view: View,
}

/// The payload, before compression.
pub fn to_payload(shared: &Shared) -> String {
    let View { t_ms, speed, selected } = &shared.view;
    let mut out = format!("{MAGIC}\nt={t_ms}\nspeed={speed}\n");
    if let Some(id) = selected.as_deref().filter(|id| !id.contains(['\n', '\r'])) {
        out.push_str("selected=");
        out.push_str(id);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&shared.text);
    out
}

/// Reads a payload back. Unknown keys are skipped (a newer page may add some); a view value that
/// does not read falls back to its default, but the text must be whole.
pub fn from_payload(bytes: &[u8]) -> Result<Shared, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("its text is not UTF-8 (at byte {})", e.valid_up_to()))?;
    let rest = text.strip_prefix(MAGIC).and_then(|r| r.strip_prefix('\n')).ok_or("it was not made by Ordinal's Share button")?;
    let (header, body) = rest.split_once("\n\n").ok_or("its text is missing")?;
    let mut view = View::default();
    for line in header.lines() {
        match line.split_once('=') {
            Some(("t", v)) => view.t_ms = v.parse().unwrap_or(0),
            Some(("speed", v)) => view.speed = v.parse().unwrap_or(0),
            Some(("selected", v)) if !v.is_empty() => view.selected = Some(v.to_owned()),
            _ => {}
        }
    }
    Ok(Shared { text: body.to_owned(), view })
}

/// The data of a share-link fragment (`location.hash`, with or without its `#`): `None` when the
/// fragment is not a share link at all, an error when it is one but cannot be used.
pub fn fragment_data(hash: &str) -> Option<Result<&str, String>> {
    let data = hash.strip_prefix('#').unwrap_or(hash).strip_prefix(PREFIX)?;
    Some(if data.len() > MAX_FRAGMENT {
        Err(format!("This link is too long to open: {} KB of data (the limit is {} KB).", data.len() / 1024, MAX_FRAGMENT / 1024))
    } else if data.is_empty() {
        Err("This link has no data after #v1=: it was probably cut off.".into())
    } else {
        Ok(data)
    })
}

/// The message for a link whose data could not be read (`why` may be the browser's own sentence,
/// with its own full stop).
pub fn damaged(why: &str) -> String {
    format!("This link is damaged and cannot be opened: {}.", why.trim_end().trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> Shared {
        Shared {
            text: "kind: StatefulSet\n\nmetadata: {name: web}\n".into(),
            view: View { t_ms: 12_500, speed: 4, selected: Some("pod:default/web-1".into()) },
        }
    }

    #[test]
    fn a_damaged_link_says_why_in_one_sentence() {
        let browser = damaged("Compressed input was truncated.");
        assert_eq!(browser, "This link is damaged and cannot be opened: Compressed input was truncated.");
        assert_eq!(damaged("character 3 is not base64 ('*')"), "This link is damaged and cannot be opened: character 3 is not base64 ('*').");
    }

    #[test]
    fn round_trips_text_and_view() {
        let s = shared();
        assert_eq!(from_payload(to_payload(&s).as_bytes()), Ok(s.clone()));
        let plain = Shared { text: String::new(), view: View::default() };
        assert_eq!(from_payload(to_payload(&plain).as_bytes()), Ok(plain));
    }

    #[test]
    fn a_selection_with_a_line_break_is_left_out() {
        let mut s = shared();
        s.view.selected = Some("a\nt=99".into());
        let back = from_payload(to_payload(&s).as_bytes()).expect("reads");
        assert_eq!((back.view.selected, back.view.t_ms), (None, 12_500));
    }

    #[test]
    fn damage_is_named() {
        assert_eq!(from_payload(b"hello"), Err("it was not made by Ordinal's Share button".into()));
        assert_eq!(from_payload(b"ordinal-link 1\nt=1"), Err("its text is missing".into()));
        assert_eq!(from_payload(b"ordinal-link 1\n\n\xff"), Err("its text is not UTF-8 (at byte 16)".into()));
        let odd = from_payload(b"ordinal-link 1\nt=x\nspeed=-1\nfuture=1\n\ntext").expect("reads");
        assert_eq!(odd, Shared { text: "text".into(), view: View::default() });
    }

    #[test]
    fn fragments() {
        assert_eq!(fragment_data("#example=large"), None);
        assert_eq!(fragment_data(""), None);
        assert_eq!(fragment_data("#v1=abc"), Some(Ok("abc")));
        assert_eq!(fragment_data("v1=abc"), Some(Ok("abc")));
        assert!(fragment_data("#v1=").is_some_and(|r| r.is_err()));
        let long = format!("#v1={}", "a".repeat(MAX_FRAGMENT + 1));
        assert_eq!(fragment_data(&long), Some(Err("This link is too long to open: 256 KB of data (the limit is 256 KB).".into())));
    }
}
