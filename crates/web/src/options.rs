//! A player's options, as an embedding page writes them: `data-` attributes on the
//! `<pre class="ordinal">` block, or the fields of the object given to `Ordinal.render`. Every
//! value is untrusted text; one that does not read is named in a warning and its default kept.

use crate::state::{DEFAULT_SPEED, SPEEDS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Controls {
    /// Every time control, the speed, zoom and the legend.
    Full,
    /// Play or pause, the scrub bar and the clock.
    Minimal,
    /// The picture alone (a host drives it, or it autoplays).
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follows the reader's system.
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The player root's class.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Auto => "theme-auto",
            Theme::Light => "theme-light",
            Theme::Dark => "theme-dark",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlayerOptions {
    pub autoplay: bool,
    pub looping: bool,
    /// An index into [`SPEEDS`].
    pub speed: usize,
    pub start_ms: u64,
    pub controls: Controls,
    /// A CSS length for the player's height; `None`: as tall as the picture needs.
    pub height: Option<String>,
    pub theme: Theme,
    /// Show the text beside the picture, editable.
    pub editor: bool,
}

impl Default for PlayerOptions {
    fn default() -> PlayerOptions {
        PlayerOptions {
            autoplay: false,
            looping: false,
            speed: DEFAULT_SPEED,
            start_ms: 0,
            controls: Controls::Full,
            height: None,
            theme: Theme::Auto,
            editor: false,
        }
    }
}

/// The option names, as `data-` attributes (and object fields) spell them.
pub const NAMES: [&str; 8] = ["autoplay", "loop", "speed", "start", "controls", "height", "theme", "editor"];

fn flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        // A bare attribute (`data-autoplay`) has an empty value and means yes.
        "" | "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// `16`, `16x`, `16×`: the listed speed nearest to it.
fn speed(value: &str) -> Option<usize> {
    let number: f64 = value.trim().trim_end_matches(['x', 'X', '×']).trim().parse().ok()?;
    if !(number.is_finite() && number > 0.0) {
        return None;
    }
    let distance = |s: f64| (s.ln() - number.ln()).abs();
    (0..SPEEDS.len()).min_by(|a, b| distance(SPEEDS[*a].0).total_cmp(&distance(SPEEDS[*b].0)))
}

/// A plain number is pixels; otherwise a number with one of a few safe units.
fn height(value: &str) -> Option<String> {
    let v = value.trim();
    let unit_at = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    let (number, unit) = v.split_at(unit_at);
    let n: f64 = number.parse().ok()?;
    if !(n.is_finite() && n > 0.0 && n <= 10_000.0) {
        return None;
    }
    match unit {
        "" => Some(format!("{number}px")),
        "px" | "em" | "rem" | "vh" | "%" => Some(v.to_owned()),
        _ => None,
    }
}

fn controls(value: &str) -> Option<Controls> {
    match value.trim() {
        "full" | "" => Some(Controls::Full),
        "minimal" => Some(Controls::Minimal),
        "none" => Some(Controls::None),
        _ => None,
    }
}

fn theme(value: &str) -> Option<Theme> {
    match value.trim() {
        "auto" | "" => Some(Theme::Auto),
        "light" => Some(Theme::Light),
        "dark" => Some(Theme::Dark),
        _ => None,
    }
}

/// Reads options from name and value pairs. Unknown names and unreadable values come back as
/// warnings (a typo in an attribute should be visible, not silently ignored).
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (PlayerOptions, Vec<String>) {
    let mut o = PlayerOptions::default();
    let mut warnings = Vec::new();
    for (name, value) in pairs {
        let ok = match name {
            "autoplay" => flag(value).map(|v| o.autoplay = v),
            "loop" => flag(value).map(|v| o.looping = v),
            "editor" => flag(value).map(|v| o.editor = v),
            "speed" => speed(value).map(|v| o.speed = v),
            "start" => manifest::Duration::parse(value).ok().map(|d| o.start_ms = d.ms()),
            "height" => height(value).map(|v| o.height = Some(v)),
            "controls" => controls(value).map(|v| o.controls = v),
            "theme" => theme(value).map(|v| o.theme = v),
            _ => {
                warnings.push(format!("unknown option {:?} (known: {})", scene::ellipsize(name, 40), NAMES.join(", ")));
                continue;
            }
        };
        if ok.is_none() {
            let expected = match name {
                "autoplay" | "loop" | "editor" => "true or false",
                "speed" => "a speed such as 1, 4 or 16",
                "start" => "a duration such as 30s or 2m",
                "height" => "a length such as 480, 480px, 30em or 60vh",
                "controls" => "full, minimal or none",
                _ => "auto, light or dark",
            };
            warnings.push(format!("option {name}={:?} is not {expected}; using the default", scene::ellipsize(value, 40)));
        }
    }
    (o, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_nothing_is_given() {
        assert_eq!(parse([]), (PlayerOptions::default(), vec![]));
    }

    #[test]
    fn every_option_reads() {
        let (o, w) = parse([
            ("autoplay", ""),
            ("loop", "true"),
            ("speed", "60x"),
            ("start", "1m30s"),
            ("controls", "minimal"),
            ("height", "420"),
            ("theme", "dark"),
            ("editor", "no"),
        ]);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            o,
            PlayerOptions {
                autoplay: true,
                looping: true,
                speed: 4,
                start_ms: 90_000,
                controls: Controls::Minimal,
                height: Some("420px".into()),
                theme: Theme::Dark,
                editor: false,
            }
        );
        assert_eq!(SPEEDS[4].0, 64.0, "60x reads as the nearest speed, 64x");
    }

    #[test]
    fn bad_values_are_named_and_skipped() {
        let (o, w) = parse([("height", "100px;background:url(x)"), ("speed", "-1"), ("theme", "neon"), ("colour", "red")]);
        assert_eq!(o, PlayerOptions::default());
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(w[0].starts_with("option height=") && w[0].contains("480px"), "{}", w[0]);
        assert!(w[3].starts_with("unknown option \"colour\""));
    }

    #[test]
    fn heights_are_only_numbers_with_safe_units() {
        assert_eq!(height("30em").as_deref(), Some("30em"));
        assert_eq!(height("75%").as_deref(), Some("75%"));
        assert_eq!(height("calc(1px)"), None);
        assert_eq!(height("1e9"), None);
        assert_eq!(height("0"), None);
    }
}
