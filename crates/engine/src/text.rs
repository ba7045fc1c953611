//! The texts a run writes for every pod (names, Event messages, addresses), joined from their
//! pieces straight into the shared string that keeps them.
//!
//! `format!` runs the formatting machinery (about 860 instructions a message at 1,000 replicas,
//! a seventh of a run's instructions) and leaves a `String` that is then copied into the
//! `Rc<str>` views share; [`join`] copies each piece once.

use std::cell::RefCell;
use std::rc::Rc;

/// The pieces, one after another.
pub(crate) fn join(pieces: &[&str]) -> Rc<str> {
    // Written into a buffer kept for the purpose and copied from there into the `Rc`: one
    // allocation, and no second look at the bytes (a joined array of bytes would have to be
    // checked for UTF-8 again, a fifth of the cost).
    thread_local! {
        static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut s) => {
            s.clear();
            pieces.iter().for_each(|p| s.push_str(p));
            Rc::from(s.as_str())
        }
        Err(_) => Rc::from(pieces.concat()),
    })
}

/// `before`, then a name in double quotes as `{:?}` writes the names Kubernetes validates (DNS
/// labels and subdomains, which have nothing to escape); any other text is escaped as `{:?}`
/// would.
pub(crate) fn with_quoted(before: &str, name: &str) -> Rc<str> {
    if name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._/:".contains(&b)) {
        join(&[before, "\"", name, "\""])
    } else {
        join(&[before, &format!("{name:?}")])
    }
}

/// A number's decimal (or hexadecimal) digits, written without the formatting machinery.
pub(crate) struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    pub(crate) fn decimal(n: impl Into<u64>) -> Digits {
        Digits::radix(n.into(), 10, 1)
    }

    /// Lower-case hexadecimal, zero-padded to `width` digits (`{:016x}`).
    pub(crate) fn hex(n: u64, width: usize) -> Digits {
        Digits::radix(n, 16, width)
    }

    fn radix(mut n: u64, radix: u64, width: usize) -> Digits {
        let mut d = Digits { buf: [b'0'; 20], start: 20 };
        while n > 0 || d.start > 20 - width.min(16) {
            d.start -= 1;
            d.buf[d.start] = b"0123456789abcdef"[(n % radix) as usize];
            n /= radix;
        }
        d
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_writes_what_format_writes() {
        assert_eq!(&*join(&["create Pod ", "web-0", " in StatefulSet ", "web", " successful"]), "create Pod web-0 in StatefulSet web successful");
        assert_eq!(&*join(&[]), "");
        let long = "x".repeat(500);
        assert_eq!(&*join(&["a", &long, "b"]), format!("a{long}b"));
        assert_eq!(&*join(&["é", "ü"]), "éü");
    }

    #[test]
    fn digits_write_what_format_writes() {
        for n in [0u64, 1, 9, 10, 255, 65_535, 1 << 40, u64::MAX] {
            assert_eq!(Digits::decimal(n).as_str(), n.to_string());
            assert_eq!(Digits::hex(n, 16).as_str(), format!("{n:016x}"));
            assert_eq!(Digits::hex(n, 1).as_str(), format!("{n:x}"));
        }
    }

    #[test]
    fn quoted_writes_what_debug_writes() {
        for name in ["www-web-0", "pvc-1f2e", "a.b/c:d", "tab\there", "quote\"d", "ünï"] {
            assert_eq!(&*with_quoted("volume ", name), format!("volume {name:?}"));
        }
    }
}
