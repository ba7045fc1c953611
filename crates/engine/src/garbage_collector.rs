//! Deleting a StatefulSet and the garbage collector's work on its dependents (spec §C5, D3, D4):
//! background (kubectl's default) removes the set at once and then its pods, all together;
//! foreground keeps the set until its pods are gone; orphan removes the ownerReferences and leaves
//! the pods running. Claims are collected only when the retention policy gave them an owner.

use crate::objects::{NsName, Owner};
use crate::sim::Sim;

impl Sim {
    pub(crate) fn delete_set(&mut self, key: &NsName, cascade: &str) -> Result<(), String> {
        let Some(set) = self.sets.get(key) else {
            return Err(format!("statefulsets.apps {:?} not found", key.1));
        };
        let uid = set.uid;
        let pods: Vec<u64> = self.pods.iter().filter(|p| p.set_owner().is_some_and(|(_, u)| u == uid)).map(|p| p.uid).collect();
        match cascade {
            "orphan" => {
                for &pod in &pods {
                    self.update_pod(pod, |p| p.set_owner_to(None));
                }
                self.orphan_claims(uid);
                self.remove_set(key);
            }
            "foreground" => {
                if let Some(set) = self.sets.get_mut(key) {
                    set.deleting = true;
                }
                self.publish_set(key);
                for &pod in &pods {
                    self.delete_pod_gracefully(pod, None);
                }
                self.collect_owned_claims(uid);
                self.finish_foreground_deletions();
            }
            "background" | "" => {
                self.remove_set(key);
                for &pod in &pods {
                    self.delete_pod_gracefully(pod, None);
                }
                self.collect_owned_claims(uid);
            }
            other => {
                return Err(format!(
                    "invalid cascade value ({other:?}). Must be \"background\", \"foreground\", or \"orphan\""
                ))
            }
        }
        Ok(())
    }

    fn remove_set(&mut self, key: &NsName) {
        if let Some(set) = self.sets.remove(key) {
            self.journal.unpublish(set.published);
        }
    }

    /// Sets deleted in the foreground go once no pod of theirs is left.
    pub(crate) fn finish_foreground_deletions(&mut self) {
        let done: Vec<NsName> = self
            .sets
            .iter()
            .filter(|(_, s)| s.deleting && s.index.pods.is_empty())
            .map(|(k, _)| k.clone())
            .collect();
        for key in done {
            self.remove_set(&key);
        }
    }

    /// Claims whose owner (a StatefulSet with `whenDeleted: Delete`) is gone.
    pub(crate) fn collect_owned_claims(&mut self, owner_uid: u64) {
        let owned: Vec<NsName> = self
            .claims
            .iter()
            .filter(|(_, c)| !c.deleting && c.owners.iter().any(|o| matches!(o, Owner::StatefulSet { uid, .. } if *uid == owner_uid)))
            .map(|(k, _)| k.clone())
            .collect();
        for key in owned {
            self.delete_claim(&key);
        }
    }
}
