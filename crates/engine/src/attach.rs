//! The attach/detach controller (spec §E8, F6, F7): a pod's volumes are attached to its node
//! before its containers start; a single-node volume still attached elsewhere gives the pod a
//! Multi-Attach error until it is detached. A volume is detached when no pod on that node uses it;
//! if the node is not answering, only after `maxWaitForUnmountDuration` (6 min), or at once when
//! the node carries the out-of-service taint. Also the garbage collector's reaction to a pod's
//! removal.

use crate::name::Name;

use crate::objects::{Attachment, Containers, Pod, OUT_OF_SERVICE_TAINT};
use crate::sim::{Sim, Wake};
use crate::text::with_quoted;
use crate::volume_slots::VolumeId;

impl Sim {
    /// The volumes the pod needs attached: bound claims' volumes that are attachable.
    fn attachable_volumes(&self, pod: &Pod) -> Vec<VolumeId> {
        pod.claim_ids
            .iter()
            .filter_map(|&id| self.claims.by_id(id)?.volume)
            .filter(|&v| self.volumes.by_id(v).is_some_and(|v| v.attachable))
            .collect()
    }

    /// The other pods on other nodes that use this volume and have not terminated, by name: the
    /// attach/detach controller's desired state, which `reportMultiAttachError` names (a pod
    /// stuck Terminating on a node that stopped answering still counts). Pods use claims of their
    /// own namespace only, so no pod of another namespace is counted.
    fn users_elsewhere(&self, volume: VolumeId, node: &Name, uid: u64) -> Vec<String> {
        let Some(claim) = self.volumes.by_id(volume).and_then(|v| v.claim.as_ref()).map(|c| c.3) else {
            return Vec::new();
        };
        self.claims
            .users(claim)
            .iter()
            .filter(|&&(_, other)| other != uid)
            .filter_map(|(name, other)| {
                let p = self.pods.get(*other)?;
                let terminated = p.terminating() && p.containers == Containers::Stopped;
                (p.node.as_ref().is_some_and(|n| n != node) && !terminated).then(|| name.to_string())
            })
            .collect()
    }

    /// Starts attaching what is missing; returns whether all the pod's volumes are attached.
    pub(crate) fn pod_volumes_attached(&mut self, uid: u64) -> bool {
        let Some(pod) = self.pods.get(uid) else { return false };
        let Some(node) = pod.node.clone() else { return false };
        let key = pod.key();
        let mut all = true;
        for volume in self.attachable_volumes(pod) {
            match self.volumes.attachment_mut(volume, &node) {
                Some(a) if a.attached => {
                    // Needed here again: a detach under way is called off.
                    a.detaching = false;
                    continue;
                }
                Some(_) => {
                    all = false;
                    self.volumes.wait(volume, &node, &key, uid);
                    continue;
                }
                None => {}
            }
            all = false;
            let single = self.volumes.by_id(volume).is_some_and(|v| v.single_access());
            let elsewhere = self.volumes.attached_nodes(volume).any(|n| *n != node);
            self.volumes.wait(volume, &node, &key, uid);
            let Some(name) = self.volumes.name(volume).cloned() else { continue };
            if single && elsewhere {
                let why = match self.users_elsewhere(volume, &node, uid)[..] {
                    [] => "Volume is already exclusively attached to one node and can't be attached to another".to_owned(),
                    ref users => format!("Volume is already used by pod(s) {}", users.join(", ")),
                };
                self.pod_warning(&key, "FailedAttachVolume", format!("Multi-Attach error for volume {name:?} {why}"));
                continue;
            }
            self.volumes.attach(volume, &node, Attachment::new(&name, &node));
            self.publish_attachment(volume, &node);
            self.wake_in(self.timing.attach, Wake::AttachDone(volume, node.text()));
        }
        all
    }

    pub(crate) fn attach_done(&mut self, volume: VolumeId, node: &Name) {
        let Some(a) = self.volumes.attachment_mut(volume, node) else { return };
        a.attached = true;
        self.publish_attachment(volume, node);
        let waiting = self.volumes.take_waiting(volume, node);
        let name = self.volumes.name(volume).cloned().unwrap_or_default();
        for (key, uid) in waiting {
            if self.pods.get(uid).is_some_and(|p| p.node.as_ref() == Some(node)) {
                self.pod_event(&key, "SuccessfulAttachVolume", with_quoted("AttachVolume.Attach succeeded for volume ", &name));
                self.volumes_then_start(uid);
            }
        }
        // A pod that went away while this was attaching leaves the volume unused here.
        self.detach_if_unused(volume, node);
    }

    pub(crate) fn detach_done(&mut self, volume: VolumeId, node: &Name) {
        if self.volumes.attachment(volume, node).is_none_or(|a| !a.detaching) {
            return;
        }
        if self.volume_used_on(volume, node) {
            // Used again meanwhile: keep it.
            if let Some(a) = self.volumes.attachment_mut(volume, node) {
                a.detaching = false;
            }
            return;
        }
        if let Some(a) = self.volumes.detach(volume, node) {
            self.journal.unpublish(a.published);
        }
        // Pods elsewhere that hit the Multi-Attach error try again.
        for (key, uid) in self.volumes.waiting_elsewhere(volume, node) {
            if let Some(n) = self.pods.get(uid).and_then(|p| p.node.clone()) {
                self.volumes.unwait(volume, &n, &key);
            }
            self.volumes_then_start(uid);
        }
    }

    fn volume_used_on(&self, volume: VolumeId, node: &Name) -> bool {
        let Some(&(_, _, _, id)) = self.volumes.by_id(volume).and_then(|v| v.claim.as_ref()) else { return false };
        self.claims.users(id).iter().any(|&(_, uid)| self.pods.get(uid).is_some_and(|p| p.node.as_ref() == Some(node)))
    }

    /// Detaches a volume from a node where no pod uses it any more.
    pub(crate) fn detach_if_unused(&mut self, volume: VolumeId, node: &Name) {
        match self.volumes.attachment(volume, node) {
            Some(a) if a.attached && !a.detaching => {}
            _ => return,
        }
        if self.volume_used_on(volume, node) {
            return;
        }
        let delay = match self.nodes.get(node) {
            Some(n) if n.up && n.ready == crate::objects::NodeReady::True => self.timing.detach,
            Some(n) if n.has_taint(OUT_OF_SERVICE_TAINT) => 0,
            // The node does not answer, or is gone: nobody can confirm the volume is unmounted.
            _ => self.timing.force_detach,
        };
        if let Some(a) = self.volumes.attachment_mut(volume, node) {
            a.detaching = true;
        }
        self.wake_in(delay, Wake::DetachDone(volume, node.text()));
    }

    /// Detaches waiting on a node end after `delay`: at once when the node is declared out of
    /// service, after a normal detach when its kubelet is back.
    pub(crate) fn finish_detaches(&mut self, node: &Name, delay: u64) {
        for v in self.volumes.attached_to(node, |a| a.detaching) {
            self.wake_in(delay, Wake::DetachDone(v, node.text()));
        }
    }

    /// What follows a pod's removal: its volumes may detach, and objects it owned are collected.
    pub(crate) fn pod_removed(&mut self, pod: &Pod) {
        if let Some(node) = &pod.node {
            for volume in self.attachable_volumes(pod) {
                self.detach_if_unused(volume, node);
            }
        }
        self.volumes.unwait_everywhere(&pod.key());
        self.collect_claims_owned_by_pod(pod);
        self.finish_foreground_deletions();
        self.cluster_changed();
    }
}
