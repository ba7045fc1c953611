//! The wake-ups the controllers asked for: the earliest first, and among those due at one time,
//! in the order they were asked for.
//!
//! They are kept as one first-in-first-out list per distinct time. Many wake-ups share a time (a
//! StatefulSet in Parallel mode creates hundreds of pods at one instant, and each asks to be
//! scheduled 100 ms later), so the distinct times stay few whatever the number of pods: adding a
//! wake-up searches those times, and taking the next is a step along one list. A binary heap of
//! every wake-up made each take a walk down a tree as deep as the log of everything pending, a
//! cache miss per level at 10,000 pods.

use std::collections::{BTreeMap, VecDeque};

pub(crate) struct Wakeups<T> {
    by_time: BTreeMap<u64, VecDeque<T>>,
}

impl<T> Default for Wakeups<T> {
    fn default() -> Self {
        Wakeups { by_time: BTreeMap::new() }
    }
}

impl<T> Wakeups<T> {
    /// Adds a wake-up due at `t`, after every other due then.
    pub(crate) fn push(&mut self, t: u64, wake: T) {
        self.by_time.entry(t).or_default().push_back(wake);
    }

    /// When the next wake-up is due.
    pub(crate) fn next_time(&self) -> Option<u64> {
        self.by_time.first_key_value().map(|(&t, _)| t)
    }

    /// Takes the next wake-up, with its time.
    pub(crate) fn pop(&mut self) -> Option<(u64, T)> {
        let mut first = self.by_time.first_entry()?;
        let t = *first.key();
        let wake = first.get_mut().pop_front();
        if first.get().is_empty() {
            first.remove();
        }
        wake.map(|w| (t, w))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_time.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Wakeups;

    #[test]
    fn earliest_first_and_in_the_order_asked_for_at_one_time() {
        let mut w = Wakeups::default();
        for (t, name) in [(5, "a"), (1, "b"), (5, "c"), (1, "d"), (3, "e")] {
            w.push(t, name);
        }
        assert_eq!(w.next_time(), Some(1));
        let mut taken = Vec::new();
        while let Some((t, name)) = w.pop() {
            if name == "e" {
                // Asked for while the time is being served: after what was already due then.
                w.push(3, "f");
                w.push(5, "g");
            }
            taken.push((t, name));
        }
        assert_eq!(taken, [(1, "b"), (1, "d"), (3, "e"), (3, "f"), (5, "a"), (5, "c"), (5, "g")]);
        assert!(w.is_empty());
    }
}
