//! The names the simulation keys its maps by: namespaces, and the names of pods, claims, volumes,
//! nodes and sets.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A name: shared text (a clone is a reference count, and views share it), with its first 16
/// bytes also kept inline.
///
/// The controllers look objects up by name in ordered maps at every step. Comparing two
/// `Rc<str>`s follows both pointers into the heap and calls memcmp; at 10,000 replicas most of
/// those reads miss the cache. The inline head (big-endian, zero-padded) orders two names by
/// itself whenever they differ in their first 16 bytes, which covers the names Kubernetes objects
/// usually have (`web-12`, `www-web-12`, `node-3`, `pvc-1f2e...`), and with their lengths (kept
/// in the pointer) compares names that fit there. Only longer names that agree there are compared
/// in full, and not at all if they share one allocation.
#[derive(Clone)]
pub(crate) struct Name {
    head: u128,
    text: Rc<str>,
}

impl Name {
    /// The text, to share with a view.
    pub(crate) fn text(&self) -> Rc<str> {
        self.text.clone()
    }

    /// Calls `f` with the name's bytes, taken from the inline head when the name fits there: a
    /// short name is read without following its pointer.
    pub(crate) fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        let len = self.text.len();
        if len <= HEAD {
            f(&self.head.to_be_bytes()[..len])
        } else {
            f(self.text.as_bytes())
        }
    }
}

/// How many bytes of a name are kept inline.
const HEAD: usize = 16;

fn head(text: &str) -> u128 {
    let mut bytes = [0u8; HEAD];
    let n = text.len().min(HEAD);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

impl Default for Name {
    fn default() -> Name {
        Name::from("")
    }
}

impl From<Rc<str>> for Name {
    fn from(text: Rc<str>) -> Name {
        Name { head: head(&text), text }
    }
}

impl From<&Rc<str>> for Name {
    fn from(text: &Rc<str>) -> Name {
        Name::from(text.clone())
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::from(Rc::<str>::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::from(Rc::<str>::from(text))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        // Where the heads differ, the first differing byte is in them (or one name ended there,
        // and the shorter sorts first, as its zero padding does): the same order as the texts'.
        // Where they agree, names sharing one allocation are equal; if both fit in the heads, one
        // is the other or a prefix of it (padded with zero bytes), and the shorter sorts first.
        // Only longer names that agree on their first 16 bytes are read from the heap.
        self.head.cmp(&other.head).then_with(|| {
            let (a, b) = (self.text.len(), other.text.len());
            if Rc::ptr_eq(&self.text, &other.text) {
                Ordering::Equal
            } else if a <= HEAD && b <= HEAD {
                a.cmp(&b)
            } else {
                self.text.cmp(&other.text)
            }
        })
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Name {}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// Maps keyed by `Name` can be searched with a `&str` (the order is the same).
impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.text, f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn names_sort_as_their_texts() {
        let texts = [
            "", "\0", "a", "a\0", "a\0\0", "ab", "b", "web-10", "web-9", "www-web-1", "www-web-10",
            "0123456789abcdef", "0123456789abcdef\0", "0123456789abcdefg", "0123456789abcdeg",
            "www-web-1-long-tail-a", "www-web-1-long-tail-b", "\u{e9}",
        ];
        for a in texts {
            for b in texts {
                let (x, y) = (Name::from(a), Name::from(b));
                assert_eq!(x.cmp(&y), a.cmp(b), "{a:?} vs {b:?}");
                assert_eq!(x == y, a == b);
                assert_eq!(x.clone(), x);
                assert_eq!(x.with_bytes(<[u8]>::to_vec), a.as_bytes());
            }
        }
    }
}
