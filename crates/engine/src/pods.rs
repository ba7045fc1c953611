//! The pods, found by uid: wake-ups, indexes and the controllers' own lists hold a pod's uid, so
//! finding it again is an index into a vector (uids are handed out one after another, to pods
//! and sets). Steps name pods, and controllers that walk several pods walk them in name order
//! (the order the API lists them, and an order the timeline shows), so each name also maps to the
//! uid of the pod that has it now.

use std::collections::BTreeMap;

use crate::objects::{NsName, Pod, Published};

#[derive(Default)]
pub(crate) struct Pods {
    /// Indexed by uid; a slot is never reused, so a stale uid finds nothing.
    by_uid: Vec<Option<Pod>>,
    /// What was last published of each pod, by uid: kept apart from the pods so that a
    /// checkpoint reads one small vector instead of every pod.
    published: Vec<Published>,
    by_name: BTreeMap<NsName, u64>,
}

impl Pods {
    pub(crate) fn get(&self, uid: u64) -> Option<&Pod> {
        self.by_uid.get(usize::try_from(uid).ok()?)?.as_ref()
    }

    pub(crate) fn get_mut(&mut self, uid: u64) -> Option<&mut Pod> {
        self.by_uid.get_mut(usize::try_from(uid).ok()?)?.as_mut()
    }

    /// A pod and what was last published of it.
    pub(crate) fn get_mut_published(&mut self, uid: u64) -> Option<(&mut Pod, &mut Published)> {
        let slot = usize::try_from(uid).ok()?;
        Some((self.by_uid.get_mut(slot)?.as_mut()?, self.published.get_mut(slot)?))
    }

    /// The uid of the pod that has this name now.
    pub(crate) fn uid_of(&self, key: &NsName) -> Option<u64> {
        self.by_name.get(key).copied()
    }

    pub(crate) fn named(&self, key: &NsName) -> Option<&Pod> {
        self.get(self.uid_of(key)?)
    }

    /// Adds a pod; its name must be free (the API server refuses a second pod of one name).
    pub(crate) fn insert(&mut self, pod: Pod) {
        let Ok(slot) = usize::try_from(pod.uid) else { return };
        if self.by_uid.len() <= slot {
            self.by_uid.resize_with(slot + 1, || None);
            self.published.resize_with(slot + 1, Published::default);
        }
        self.by_name.insert(pod.key(), pod.uid);
        self.by_uid[slot] = Some(pod);
    }

    /// Takes a pod out, with what was last published of it.
    pub(crate) fn remove(&mut self, uid: u64) -> Option<(Pod, Published)> {
        let slot = usize::try_from(uid).ok()?;
        let pod = self.by_uid.get_mut(slot)?.take()?;
        self.by_name.remove(&pod.key());
        Some((pod, std::mem::take(&mut self.published[slot])))
    }

    /// Every pod, in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Pod> + '_ {
        self.by_name.values().filter_map(|&uid| self.get(uid))
    }

    /// What was last published of every pod, in name order.
    pub(crate) fn published(&self) -> impl Iterator<Item = &Published> + '_ {
        self.by_name.values().filter_map(|&uid| self.published.get(usize::try_from(uid).ok()?))
    }

    pub(crate) fn len(&self) -> usize {
        self.by_name.len()
    }
}
