//! The wake-ups the controllers asked for, taken earliest first, and among those due at one time
//! in the order they were asked for.
//!
//! Kept by time, a queue of its own for each: the wake-ups of a run fall on few distinct times
//! (10,000 Parallel replicas keep ~10,000 wake-ups due at about three times), so a binary heap
//! of them sifted every take through fourteen levels scattered over the heap, and at 10,000
//! replicas its takes grew four times faster than the run. Here a take is the front of the
//! earliest queue, and an ask is a push onto the back of its time's.

use std::collections::{BTreeMap, VecDeque};

#[derive(Debug)]
pub(crate) struct WakeQueue<T> {
    by_time: BTreeMap<u64, VecDeque<T>>,
    /// Emptied queues, kept to be reused with their room.
    spare: Vec<VecDeque<T>>,
}

impl<T> Default for WakeQueue<T> {
    fn default() -> Self {
        WakeQueue { by_time: BTreeMap::new(), spare: Vec::new() }
    }
}

impl<T> WakeQueue<T> {
    pub(crate) fn push(&mut self, t: u64, wake: T) {
        let spare = &mut self.spare;
        self.by_time.entry(t).or_insert_with(|| spare.pop().unwrap_or_default()).push_back(wake);
    }

    /// When the next wake-up is due.
    pub(crate) fn next_time(&self) -> Option<u64> {
        self.by_time.first_key_value().map(|(&t, _)| t)
    }

    /// The next wake-up and when it is due.
    pub(crate) fn pop(&mut self) -> Option<(u64, T)> {
        let mut first = self.by_time.first_entry()?;
        let t = *first.key();
        let wake = first.get_mut().pop_front();
        if first.get().is_empty() {
            self.spare.push(first.remove());
        }
        wake.map(|w| (t, w))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_time.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::WakeQueue;

    #[test]
    fn takes_the_earliest_first_and_ties_in_the_order_asked() {
        let mut q = WakeQueue::default();
        for (t, w) in [(5, 'a'), (1, 'b'), (5, 'c'), (0, 'd'), (1, 'e')] {
            q.push(t, w);
        }
        assert_eq!(q.next_time(), Some(0));
        let mut taken = Vec::new();
        while let Some((t, w)) = q.pop() {
            taken.push((t, w));
            if w == 'b' {
                // Asked for while the queue of its time is being taken: after what was there.
                q.push(1, 'f');
            }
        }
        assert_eq!(taken, [(0, 'd'), (1, 'b'), (1, 'e'), (1, 'f'), (5, 'a'), (5, 'c')]);
        assert!(q.is_empty());
        assert_eq!(q.next_time(), None);
    }
}
