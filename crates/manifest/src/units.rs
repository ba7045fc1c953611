//! Durations (`1500ms`, `90s`, `5m`, `1h30m`) and Kubernetes quantities (`1Gi`, `500M`).

use std::fmt;

/// A span of simulated time, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(pub u64);

impl Duration {
    /// The longest duration read: 10,000 hours, over a year of simulated time, far past any
    /// scenario and far from the limits of the clock's arithmetic.
    pub const MAX: Duration = Duration(10_000 * 3_600_000);

    pub fn ms(self) -> u64 {
        self.0
    }

    /// Parses `1500ms`, `90s`, `5m`, `1h30m`, `2.5s`; a bare number is seconds. At most
    /// [`Duration::MAX`].
    pub fn parse(text: &str) -> Result<Duration, String> {
        let bad = || {
            format!("invalid duration {text:?}: expected a number with a unit: ms, s, m or h (e.g. 1500ms, 90s, 5m, 1h30m)")
        };
        let too_long = || format!("duration {text:?} is too long: Ordinal simulates at most {}", Duration::MAX);
        let s = text.trim();
        if s.is_empty() {
            return Err(bad());
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.parse::<u64>().ok().and_then(|secs| secs.checked_mul(1000)) {
                Some(ms) if ms <= Duration::MAX.0 => Ok(Duration(ms)),
                _ => Err(too_long()),
            };
        }
        let mut total: f64 = 0.0;
        let mut rest = s;
        while !rest.is_empty() {
            let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(bad)?;
            if num_len == 0 {
                return Err(bad());
            }
            let value: f64 = rest[..num_len].parse().map_err(|_| bad())?;
            rest = &rest[num_len..];
            let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
            let factor = match &rest[..unit_len] {
                "ms" => 1.0,
                "s" => 1_000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                _ => return Err(bad()),
            };
            rest = &rest[unit_len..];
            total += value * factor;
        }
        if !total.is_finite() {
            return Err(bad());
        }
        if total.round() > Duration::MAX.0 as f64 {
            return Err(too_long());
        }
        Ok(Duration(total.round() as u64))
    }
}

impl fmt::Display for Duration {
    /// The shortest exact form: `0s`, `1500ms`, `90s`, `5m`, `1h30m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        if ms == 0 {
            return f.write_str("0s");
        }
        if !ms.is_multiple_of(1000) {
            return write!(f, "{ms}ms");
        }
        let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if m > 0 {
            write!(f, "{m}m")?;
        }
        if s > 0 {
            write!(f, "{s}s")?;
        }
        Ok(())
    }
}

/// A resource quantity as written (`1Gi`, `500Mi`, `10G`, `1e3`, `100m`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quantity(pub String);

impl Quantity {
    /// The value in base units (bytes for storage), rounded up; `None` if it is not a quantity.
    pub fn bytes(&self) -> Option<u128> {
        parse_quantity(&self.0)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn parse_quantity(text: &str) -> Option<u128> {
    let s = text.trim();
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+')).unwrap_or(s.len());
    let (number, suffix) = s.split_at(split);
    if number.is_empty() || number.starts_with('.') && number.len() == 1 {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let factor: f64 = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        s if s.starts_with(['e', 'E']) => 10f64.powi(s[1..].parse::<i32>().ok()?.clamp(-30, 30)),
        _ => return None,
    };
    let v = value * factor;
    (v.is_finite() && v < 1e30).then(|| v.ceil() as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        for (text, ms, shown) in [
            ("1500ms", 1500, "1500ms"),
            ("90s", 90_000, "1m30s"),
            ("5m", 300_000, "5m"),
            ("1h30m", 5_400_000, "1h30m"),
            ("2.5s", 2500, "2500ms"),
            ("30", 30_000, "30s"),
            ("0s", 0, "0s"),
        ] {
            let d = Duration::parse(text).unwrap();
            assert_eq!(d.ms(), ms, "{text}");
            assert_eq!(d.to_string(), shown, "{text}");
        }
        for bad in ["", "5x", "m", "1h30", "-5s", "1e999s", "s5"] {
            assert!(Duration::parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(Duration::parse("10000h"), Ok(Duration::MAX));
        for long in ["10000h1ms", "36000001", "5000000000000s", "18446744073709551616", "99999999999999999999"] {
            assert_eq!(Duration::parse(long), Err(format!("duration {long:?} is too long: Ordinal simulates at most 10000h")));
        }
    }

    #[test]
    fn quantities_parse() {
        let q = |s: &str| Quantity(s.into()).bytes();
        assert_eq!(q("1Gi"), Some(1 << 30));
        assert_eq!(q("500Mi"), Some(500 << 20));
        assert_eq!(q("10G"), Some(10_000_000_000));
        assert_eq!(q("1e3"), Some(1000));
        assert_eq!(q("1.5Ki"), Some(1536));
        assert_eq!(q("128974848"), Some(128_974_848));
        assert_eq!(q("1Gb"), None);
        assert_eq!(q("lots"), None);
        assert_eq!(q(""), None);
    }
}
