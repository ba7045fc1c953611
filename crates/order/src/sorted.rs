//! Maps and sets for data that is gathered, then read: one vector sorted by key.

use std::borrow::Borrow;
use std::cmp::Ordering;

use crate::permutation;

/// A map kept as one vector sorted by key. Collecting it sorts once (O(n log n)); reading is a
/// binary search; iteration is in key order, as with a `BTreeMap`. Inserting one entry moves
/// those after it, so it suits maps that are gathered at once, or stay small.
///
/// Why not `BTreeMap`: each pair of key and value types adds some 3 to 5 KB of WebAssembly to the
/// page (node splits, merges, steals); this adds a few hundred bytes, and the sort and the search
/// are shared by every type (behind `dyn`).
#[derive(Clone, Debug, PartialEq)]
pub struct Sorted<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for Sorted<K, V> {
    fn default() -> Self {
        Sorted { entries: Vec::new() }
    }
}

impl<K: Ord, V> Sorted<K, V> {
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        search(self.entries.len(), &mut |i| self.entries[i].0.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// The value of `key`, made by `make` if it has none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + '_ {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + '_ {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Sorted<K, V> {
    /// As `collect()` into a `BTreeMap`: for equal keys, the last value stays.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut entries: Vec<(K, V)> = entries.into_iter().collect();
        crate::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        Sorted { entries }
    }
}

impl<K, V> IntoIterator for Sorted<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// The entries, in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// `entries` grouped by key: each key's values in the order they came.
pub fn group<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> Sorted<K, Vec<V>> {
    let mut entries: Vec<(K, V)> = entries.into_iter().collect();
    crate::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(K, Vec<V>)> = Vec::new();
    for (k, v) in entries {
        match groups.last_mut() {
            Some((last, values)) if *last == k => values.push(v),
            _ => groups.push((k, vec![v])),
        }
    }
    Sorted { entries: groups }
}

/// Which items repeat an earlier one (`[a, b, a]` gives `[false, false, true]`), as inserting
/// each into a set in turn would say, in O(n log n).
pub fn repeats<T: Ord>(items: &[T]) -> Vec<bool> {
    let order = permutation(items.len(), &mut |a, b| items[a].cmp(&items[b]));
    let mut out = vec![false; items.len()];
    // The sort is stable: among equal items, the earliest comes first and is the one not marked.
    for pair in order.windows(2) {
        if items[pair[0]] == items[pair[1]] {
            out[pair[1]] = true;
        }
    }
    out
}

/// One binary search for every key type: `Ok` with the index of an equal entry, or `Err` with
/// where one would go.
fn search(len: usize, compare: &mut dyn FnMut(usize) -> Ordering) -> Result<usize, usize> {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        match compare(mid) {
            Ordering::Less => low = mid + 1,
            Ordering::Greater => high = mid,
            Ordering::Equal => return Ok(mid),
        }
    }
    Err(low)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn reads_as_a_btree_map_does() {
        let entries = [("b", 2), ("a", 1), ("c", 3), ("a", 4), ("d", 5), ("b", 6)];
        let ours: Sorted<&str, i32> = entries.into_iter().collect();
        let std: BTreeMap<&str, i32> = entries.into_iter().collect();
        assert_eq!(ours.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
        for key in ["a", "b", "c", "d", "e", ""] {
            assert_eq!(ours.get(key), std.get(key), "{key}");
            assert_eq!(ours.contains_key(key), std.contains_key(key));
        }
        assert_eq!(ours.len(), 4);
        assert!(Sorted::<String, ()>::default().is_empty());
    }

    #[test]
    fn inserts_in_place() {
        let mut map: Sorted<String, Vec<u32>> = Sorted::default();
        for (i, key) in ["m", "c", "x", "c", "a"].into_iter().enumerate() {
            map.get_or_insert_with(key.to_owned(), Vec::new).push(i as u32);
        }
        assert_eq!(map.keys().map(String::as_str).collect::<Vec<_>>(), ["a", "c", "m", "x"]);
        assert_eq!(map.get("c"), Some(&vec![1, 3]));
    }

    #[test]
    fn groups_keep_arrival_order() {
        let groups = group([(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (3, 'e')]);
        assert_eq!(groups.iter().collect::<Vec<_>>(), [(&1, &vec!['b', 'd']), (&2, &vec!['a', 'c']), (&3, &vec!['e'])]);
        assert!(group(Vec::<(u8, u8)>::new()).is_empty());
    }

    #[test]
    fn repeats_are_what_a_set_would_refuse() {
        let mut seed = 7u64;
        for len in 0..60 {
            let items: Vec<u64> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (seed >> 33) % 9
                })
                .collect();
            let mut seen = BTreeSet::new();
            let expected: Vec<bool> = items.iter().map(|i| !seen.insert(*i)).collect();
            assert_eq!(repeats(&items), expected, "{items:?}");
        }
    }
}
