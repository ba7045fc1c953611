//! The pods, found by uid: wake-ups, indexes and the controllers' own lists hold a pod's uid, so
//! finding it again compares integers rather than names. Steps name pods, and controllers that
//! walk several pods walk them in name order (the order the API lists them, and an order the
//! timeline shows), so each name also maps to the uid of the pod that has it now.

use std::collections::BTreeMap;

use crate::objects::{NsName, Pod};

#[derive(Default)]
pub(crate) struct Pods {
    by_uid: BTreeMap<u64, Pod>,
    by_name: BTreeMap<NsName, u64>,
}

impl Pods {
    pub(crate) fn get(&self, uid: u64) -> Option<&Pod> {
        self.by_uid.get(&uid)
    }

    pub(crate) fn get_mut(&mut self, uid: u64) -> Option<&mut Pod> {
        self.by_uid.get_mut(&uid)
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
        self.by_name.insert(pod.key(), pod.uid);
        self.by_uid.insert(pod.uid, pod);
    }

    pub(crate) fn remove(&mut self, uid: u64) -> Option<Pod> {
        let pod = self.by_uid.remove(&uid)?;
        self.by_name.remove(&pod.key());
        Some(pod)
    }

    /// Every pod, in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Pod> + '_ {
        self.by_name.values().filter_map(|uid| self.by_uid.get(uid))
    }

    pub(crate) fn len(&self) -> usize {
        self.by_uid.len()
    }
}
