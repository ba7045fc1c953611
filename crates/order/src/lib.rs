//! One stable sort for every crate the page links.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site gets its
//! own copy of the standard library's driftsort (some 4 KB of WebAssembly each), and so does every
//! `collect()` into a `BTreeMap` or `BTreeSet` (which sorts what it collects before building the
//! tree). Here the sort itself runs once, on indices, with the comparison behind `dyn`: the only
//! code made per element type is the comparison's closure and a walk that puts the elements in
//! place. [`map`] and [`set`] build B-trees by inserting, which needs no sort at all.
//!
//! Everything stays stable (equal elements keep their order) and O(n log n).
//!
//! [`Sorted`] is a map kept as one sorted vector, for the page's maps that are gathered and then
//! read: far less WebAssembly per key and value type than a `BTreeMap`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

mod sorted;

pub use sorted::{group, repeats, Sorted};

/// Sorts `items` stably by `compare`, as `items.sort_by(compare)` would.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = permutation(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by the key `key` gives, as `items.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their own order, as `items.sort()` would.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of `entries`, as `collect()` makes it: for equal keys, the last value stays.
pub fn map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
}

/// A set of `items`, as `collect()` makes it.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The indices `0..len` in the stable order of `compare` (the only instance of the sort).
fn permutation(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves `items[order[i]]` to place `i` for every `i`, one cycle of the permutation at a time.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        // Each place on the cycle takes what its source holds; a place done points to itself.
        while order[at] != start && order[at] != at {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        // A small generator, so the test covers many shapes without a dependency.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in (0..40).chain([100, 1000, 5000]) {
            for range in [1, 3, 1000] {
                let items: Vec<(u64, usize)> = (0..len).map(|i| (next() % range, i)).collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |&(k, _)| k);
                let mut std = items.clone();
                std.sort_by_key(|&(k, _)| k);
                assert_eq!(ours, std, "len {len}, range {range}");
            }
        }
    }

    #[test]
    fn sorts_strings() {
        let mut words = vec!["b".to_owned(), "a".to_owned(), "c".to_owned(), "a".to_owned()];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }

    #[test]
    fn collects_as_collect_does() {
        let entries = [(2, "b"), (1, "a"), (2, "c")];
        assert_eq!(map(entries), entries.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(set([3, 1, 3, 2]), [3, 1, 3, 2].into_iter().collect::<BTreeSet<_>>());
    }
}
