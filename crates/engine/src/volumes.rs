//! PersistentVolume binding, dynamic provisioning, claim protection and reclaiming (spec §E), after
//! `syncUnboundClaim` and `syncVolume` in `pkg/controller/volume/persistentvolume/pv_controller.go`
//! and the external provisioner's behaviour.

use std::borrow::Cow;
use std::rc::Rc;

use manifest::{
    Map, NodeSelector, NodeSelectorTerm, PersistentVolume, SelectorRequirement, StorageClass,
};

use crate::claims::ClaimId;
use crate::name::Name;
use crate::objects::{Claim, ClaimPhase, NsName, Owner, Volume, VolumePhase, HOSTNAME_LABEL};
use crate::rng::Rng;
use crate::sim::{Sim, Wake};
use crate::text::join;
use crate::view::PvcMeta;
use crate::volume_slots::VolumeId;

/// Provisioners whose volumes live on one node's disk: the volumes they create are pinned to the
/// node they were provisioned for (as rancher's local-path, OpenEBS LocalPV, TopoLVM and the CSI
/// host-path driver do).
const NODE_LOCAL_PROVISIONERS: &[&str] = &[
    "rancher.io/local-path",
    "openebs.io/local",
    "local.csi.openebs.io",
    "topolvm.io",
    "hostpath.csi.k8s.io",
];

/// The PV controller's `--pvclaimbinder-sync-period` default (`PVClaimBinderSyncPeriod`).
const CLAIM_RESYNC: u64 = 15_000;

/// Whether a class can provision a volume for a node with these labels.
pub(crate) fn provisions_on(class: &StorageClass, node_labels: &Map) -> bool {
    class.provisioner.as_deref() != Some(NO_PROVISIONER) && class.allows(node_labels)
}

/// The provisioner name of classes whose volumes are only ever created by hand.
const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";

impl Sim {
    /// The default StorageClass: of several, the newest, and of those created in one second (a
    /// paste is), the first by name (`GetDefaultClass`).
    pub(crate) fn default_class(&self) -> Option<Rc<str>> {
        let mut defaults = self.classes.values().filter(|c| c.0.is_default());
        let first = defaults.next()?;
        // In name order: a later one wins only by being newer.
        let newest = defaults.fold(first, |best, c| if c.1 > best.1 { c } else { best });
        Some(newest.0.metadata.name.as_str().into())
    }

    pub(crate) fn insert_claim(&mut self, claim: Claim) {
        let key = (claim.namespace.clone(), claim.name.clone());
        let id = self.claims.insert(claim);
        self.publish_claim_in(id);
        self.dirty_claims.insert(key);
    }

    pub(crate) fn apply_class(&mut self, class: StorageClass) {
        // An update keeps the class's creation time.
        let created = self.classes.get(&class.metadata.name).map_or(self.now / 1000, |c| c.1);
        self.classes.insert(class.metadata.name.clone(), Box::new((class, created)));
        self.retry_pending_claims();
    }

    /// A new class or volume may let a pending claim bind, and a waiting pod fit. The scheduler
    /// hears of it at once (its queue moves pods on volume and class events); the PV controller
    /// does not (its informers queue only the volume itself: `NewController`), and finds the
    /// claims at its next resync, every 15 s from its start (`--pvclaimbinder-sync-period`).
    fn retry_pending_claims(&mut self) {
        if !self.claim_resync_scheduled {
            self.claim_resync_scheduled = true;
            let next = self.now.div_ceil(CLAIM_RESYNC).saturating_mul(CLAIM_RESYNC);
            self.wake_at(next, Wake::ClaimResync);
        }
        self.cluster_changed();
    }

    /// The resync: every pending claim is synced again (`resync`, `syncUnboundClaim`).
    pub(crate) fn claim_resync(&mut self) {
        self.claim_resync_scheduled = false;
        let pending: Vec<NsName> = self
            .claims
            .iter()
            .filter(|(_, c)| c.phase == ClaimPhase::Pending)
            .map(|(k, _)| k.clone())
            .collect();
        self.dirty_claims.extend(pending);
    }

    pub(crate) fn apply_volume(&mut self, pv: PersistentVolume) {
        let name: Name = pv.metadata.name.as_str().into();
        let claim = pv.spec.claim_ref.as_ref().map(|r| {
            let ns = r.namespace.as_deref().filter(|n| !n.is_empty()).unwrap_or("default");
            let key: NsName = (ns.into(), r.name.as_str().into());
            let id = self.claims.id(&key);
            (key.0, key.1, r.uid.as_deref().unwrap_or_default().into(), id)
        });
        let affinity = pv.spec.node_affinity.as_ref().and_then(|a| a.required.clone());
        let volume = Volume {
            meta: Volume::meta(
                &name,
                pv.storage_class().into(),
                pv.reclaim_policy().into(),
                pv.spec.capacity.get("storage").map(|q| q.to_string()).unwrap_or_default().into(),
                pv.spec.access_modes.as_slice().into(),
                affinity.as_ref(),
            ),
            name: name.clone(),
            labels: pv.metadata.labels.clone(),
            capacity: pv.capacity_bytes(),
            affinity,
            claim,
            phase: VolumePhase::Pending,
            attachable: pv.spec.sources().next().is_some_and(|s| !ATTACHLESS.contains(&s)),
            deleting: false,
            undeletable: undeletable(&pv),
        };
        let id = self.volumes.id(&name);
        if let Some(old) = self.volumes.by_id(id) {
            // Re-applying a volume keeps what the controllers wrote to it.
            let mut volume = volume;
            volume.phase = old.phase;
            volume.claim = old.claim.clone().or(volume.claim);
            self.volumes.insert(volume);
        } else {
            self.volumes.insert(volume);
            self.publish_volume(id);
        }
        self.sync_volume(id);
        self.retry_pending_claims();
    }

    /// A volume's phase from its claimRef (`syncVolume`).
    fn sync_volume(&mut self, volume: VolumeId) {
        let Some(v) = self.volumes.by_id(volume) else { return };
        let phase = match &v.claim {
            None => VolumePhase::Available,
            Some((_, _, uid, id)) => match self.claims.by_id(*id) {
                Some(c) if uid.is_empty() || *uid == c.uid => {
                    if c.volume == Some(volume) {
                        VolumePhase::Bound
                    } else {
                        // Pre-bound to a claim that is not bound yet: the claim's sync binds it.
                        v.phase
                    }
                }
                _ if uid.is_empty() => VolumePhase::Available,
                _ => VolumePhase::Released,
            },
        };
        let phase = match (phase, v.phase) {
            (VolumePhase::Pending, _) => VolumePhase::Available,
            // A failed reclaim stays for a person to see (`syncVolume` keeps Failed).
            (VolumePhase::Released, VolumePhase::Failed) => VolumePhase::Failed,
            (phase, _) => phase,
        };
        if let Some(v) = self.volumes.by_id_mut(volume) {
            v.phase = phase;
        }
        self.publish_volume(volume);
    }

    /// Whether a volume can satisfy a claim (§E1): available, free or reserved for it, fit for it
    /// (`mismatch`), and chosen by its selector.
    pub(crate) fn volume_fits(volume: &Volume, claim: &Claim) -> bool {
        volume.phase == VolumePhase::Available
            && volume.claim.as_ref().is_none_or(|(ns, n, _, _)| *ns == claim.namespace && *n == claim.name)
            && Self::mismatch(volume, claim).is_none()
            && claim.selector.as_ref().is_none_or(|s| s.matches(&volume.labels))
    }

    /// Why a volume cannot be bound to a claim (`checkVolumeSatisfyClaim`, in its order); only
    /// the first reason, for a volume being deleted, is written out.
    fn mismatch(volume: &Volume, claim: &Claim) -> Option<Cow<'static, str>> {
        if volume.deleting {
            Some(format!("the volume is marked for deletion {:?}", &*volume.name.text()).into())
        } else if volume.capacity < claim.request {
            Some("requested PV is too small".into())
        } else if volume.class() != claim.class_name() {
            Some("storageClassName does not match".into())
        } else if !claim.access_modes().iter().all(|m| volume.access_modes().contains(m)) {
            Some("incompatible accessMode".into())
        } else {
            None
        }
    }

    /// `FindMatchingVolume` over the available volumes: one pre-bound to the claim (its claimRef
    /// names it) if it is big enough and not being deleted, whatever its class, selector or
    /// phase; otherwise the smallest that satisfies the claim. The PV controller (no node)
    /// searches the volumes grouped by their access modes, the groups with the fewest modes
    /// first (`findByClaim`), and only takes a pre-bound volume for a claim whose class waits
    /// for a consumer; the scheduler (a node's labels) lists the volumes of the claim's class,
    /// and a pre-bound one whose node affinity refuses the node means no volume there.
    pub(crate) fn best_static_match(&self, claim: &Claim, node_labels: Option<&Map>, delay_binding: bool) -> Option<VolumeId> {
        if let Some(id) = claim.volume {
            return self.volumes.by_id(id).filter(|v| node_labels.is_none_or(|l| v.fits_node(l))).map(|_| id);
        }
        let covers = |v: &Volume| claim.access_modes().iter().all(|m| v.access_modes().contains(m));
        let mut best: Option<((u32, u32), &Volume, VolumeId)> = None;
        for name in &self.available_volumes {
            let Some((id, v)) = self.volumes.id_of(name).and_then(|id| Some((id, self.volumes.by_id(id)?))) else { continue };
            if v.deleting || v.capacity < claim.request {
                continue;
            }
            let pre_bound = v.claim.as_ref().is_some_and(|(ns, n, uid, _)| {
                *ns == claim.namespace && *n == claim.name && (uid.is_empty() || *uid == claim.uid)
            });
            if v.claim.is_some() && !pre_bound {
                continue;
            }
            // The PV controller searches the groups of access modes that cover the claim's, the
            // scheduler the volumes of the claim's class.
            let (covers, same_class) = (covers(v), v.class() == claim.class_name());
            if !(if node_labels.is_none() { covers } else { same_class }) {
                continue;
            }
            let fits_node = node_labels.is_none_or(|l| v.fits_node(l));
            if pre_bound {
                return fits_node.then_some(id);
            }
            if node_labels.is_none() && delay_binding {
                continue;
            }
            let satisfies = v.phase == VolumePhase::Available
                && claim.selector.as_ref().is_none_or(|s| s.matches(&v.labels))
                && same_class
                && fits_node
                && covers;
            if !satisfies {
                continue;
            }
            // The PV controller's group: fewest modes first, then a fixed order among equals.
            let group = if node_labels.is_some() { (0, 0) } else { mode_group(v.access_modes()) };
            let better = best.is_none_or(|(g, b, _)| (group, &v.capacity) < (g, &b.capacity));
            if better {
                best = Some((group, v, id));
            }
        }
        best.map(|(_, _, id)| id)
    }

    /// An event about the claim in slot `id` (named `key`), unless it is the last one it had.
    fn claim_event(&mut self, key: &NsName, id: ClaimId, reason: &'static str, message: Rc<str>, warning: bool) {
        let Some(claim) = self.claims.by_id_mut(id) else { return };
        if claim.last_reason == Some(reason) {
            return;
        }
        claim.last_reason = Some(reason);
        if warning {
            self.warning("PersistentVolumeClaim", Some(&key.0), &key.1, reason, message);
        } else {
            self.event("PersistentVolumeClaim", Some(&key.0), &key.1, reason, message);
        }
    }

    /// The PV controller's sync of one claim (§E2, E3, E6, E7).
    pub(crate) fn sync_claim(&mut self, key: &NsName) {
        // Found by name once; everything after reads its slot.
        let Some(id) = self.claims.id_of(key) else { return };
        let Some(claim) = self.claims.by_id(id) else { return };
        if claim.deleting {
            // Protection: the claim goes only when no scheduled pod uses it (§E7; `podUsesPVC`
            // looks only at pods with a node: a kubelet never starts a pod on a claim being
            // deleted, and the scheduler does not place one).
            let held = self.claims.users(id).iter().any(|&(_, uid)| self.pods.get(uid).is_some_and(|p| p.node.is_some()));
            if !held {
                self.remove_claim(key);
            }
            return;
        }
        if claim.phase == ClaimPhase::Bound {
            return;
        }
        // Everything below reads the claim and its class in place; only what outlives the
        // borrows (for `bind` and the events) is copied.
        let class = self.classes.get(claim.class_name()).map(|c| &c.0);
        let delay_binding = class.is_some_and(StorageClass::wait_for_first_consumer);

        if let Some(volume) = claim.volume {
            // Pre-bound by name (spec.volumeName), or bound by the scheduler. A volume not there
            // yet is waited for; one reserved for this claim is bound; a free one only if it
            // satisfies the claim, and one held by another claim not at all.
            let Some(v) = self.volumes.by_id(volume) else { return };
            if v.claim.as_ref().is_some_and(|c| c.0 == key.0 && c.1 == key.1 && (c.2.is_empty() || c.2 == claim.uid)) {
                self.bind(key, id, volume);
            } else if v.phase == VolumePhase::Available && v.claim.is_none() {
                match Self::mismatch(v, claim) {
                    None => self.bind(key, id, volume),
                    Some(why) => {
                        let message = format!("Cannot bind to requested volume {:?}: {why}", &*v.name.text()).into();
                        self.claim_event(key, id, "VolumeMismatch", message, true);
                    }
                }
            } else {
                let message = format!("volume {:?} already bound to a different claim.", &*v.name.text()).into();
                self.claim_event(key, id, "FailedBinding", message, true);
            }
            return;
        }
        // Once the scheduler has chosen a node for a waiting claim, the volume is matched there.
        let node_labels = claim.selected_node.as_ref().and_then(|n| self.nodes.get(n)).map(|n| &n.labels);
        if let Some(volume) = self.best_static_match(claim, node_labels, delay_binding) {
            self.bind(key, id, volume);
            return;
        }
        if delay_binding && claim.selected_node.is_none() {
            let message = self.messages.get("WaitForFirstConsumer", "", || "waiting for first consumer to be created before binding".into());
            self.claim_event(key, id, "WaitForFirstConsumer", message, false);
            return;
        }
        // A claim that names no class, made while no class was the default, is given the
        // default once there is one (retroactive default StorageClass assignment, GA in v1.28),
        // and synced again.
        if claim.class.is_none() {
            if let Some(default) = self.default_class() {
                if let Some(c) = self.claims.by_id_mut(id) {
                    c.meta = Rc::new(PvcMeta { storage_class: Some(default.clone()), ..(*c.meta).clone() });
                    c.class = Some(default);
                }
                self.publish_claim_in(id);
                self.dirty_claims.insert(key.clone());
                return;
            }
        }
        let class_name = claim.class_name().to_owned();
        if class_name.is_empty() {
            self.claim_event(
                key,
                id,
                "FailedBinding",
                "no persistent volumes available for this claim and no storage class is set".into(),
                false,
            );
            return;
        }
        let Some(class) = class else {
            self.claim_event(
                key,
                id,
                "ProvisioningFailed",
                format!("storageclass.storage.k8s.io {class_name:?} not found").into(),
                true,
            );
            return;
        };
        if claim.provisioning {
            return;
        }
        let claim_uid = claim.uid.clone();
        let provisioner = class.provisioner.clone().unwrap_or_default();
        if provisioner == NO_PROVISIONER {
            // A `kubernetes.io/` name is looked up among the in-tree plugins, and none has this one
            // (`findProvisionablePlugin`): the claim waits for a volume made by hand.
            let message = format!("no volume plugin matched name: {NO_PROVISIONER}").into();
            self.claim_event(key, id, "ProvisioningFailed", message, true);
            return;
        }
        let message = self.messages.get("ExternalProvisioning", &provisioner, || {
            format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.")
        });
        self.claim_event(key, id, "ExternalProvisioning", message, false);
        if let Some(c) = self.claims.by_id_mut(id) {
            c.provisioning = true;
        }
        self.event(
            "PersistentVolumeClaim",
            Some(&key.0),
            &key.1,
            "Provisioning",
            join(&["External provisioner is provisioning volume for claim \"", &key.0, "/", &key.1, "\""]),
        );
        self.wake_in(self.timing.provision, Wake::ProvisionDone(id, claim_uid));
    }

    /// The external provisioner created the volume: a PV named `pvc-<claim uid>` with the class's
    /// reclaim policy, pre-bound to the claim (the one in slot `id`, if its uid is still `uid`).
    pub(crate) fn provision_done(&mut self, id: ClaimId, uid: &Rc<str>) {
        let Some(claim) = self.claims.by_id(id).filter(|c| c.uid == *uid && !c.deleting && c.volume.is_none()) else {
            return;
        };
        let key = &(claim.namespace.clone(), claim.name.clone());
        let Some((class, _)) = self.classes.get(claim.class_name()).map(|c| &**c) else { return };
        // The claim, class and node are read where they are (only the RNG is written meanwhile).
        let node_labels = claim.selected_node.as_ref().and_then(|n| self.nodes.get(n)).map(|n| &n.labels);
        let affinity = provisioned_affinity(&mut self.rng, class, node_labels);
        let name: Name = join(&["pvc-", uid]).into();
        let volume = Volume {
            meta: Volume::meta(
                &name,
                class.metadata.name.as_str().into(),
                class.reclaim_policy().into(),
                claim_request_text(claim.request).into(),
                claim.meta.access_modes.clone(),
                affinity.as_ref(),
            ),
            name: name.clone(),
            labels: Map::new(),
            capacity: claim.request,
            affinity,
            claim: Some((key.0.clone(), key.1.clone(), uid.clone(), id)),
            phase: VolumePhase::Pending,
            attachable: true,
            deleting: false,
            undeletable: None,
        };
        if let Some(c) = self.claims.by_id_mut(id) {
            c.provisioning = false;
        }
        let volume = self.volumes.insert(volume);
        self.publish_volume(volume);
        self.event(
            "PersistentVolumeClaim",
            Some(&key.0),
            &key.1,
            "ProvisioningSucceeded",
            join(&["Successfully provisioned volume ", &name]),
        );
        self.bind(key, id, volume);
    }

    /// Binds a claim (named `key`, in slot `id`) and a volume to each other.
    pub(crate) fn bind(&mut self, key: &NsName, id: ClaimId, volume: VolumeId) {
        let Some(claim) = self.claims.by_id_mut(id) else { return };
        claim.volume = Some(volume);
        claim.phase = ClaimPhase::Bound;
        let uid = claim.uid.clone();
        if let Some(v) = self.volumes.by_id_mut(volume) {
            v.claim = Some((key.0.clone(), key.1.clone(), uid, id));
            v.phase = VolumePhase::Bound;
        }
        self.publish_volume(volume);
        self.publish_claim_in(id);
        self.claim_bound(id);
        self.cluster_changed();
    }

    /// Deletes a claim: it stays Terminating while a pod uses it.
    pub(crate) fn delete_claim(&mut self, key: &NsName) -> bool {
        let Some(claim) = self.claims.get_mut(key) else { return false };
        if !claim.deleting {
            claim.deleting = true;
            self.publish_claim(key);
        }
        self.dirty_claims.insert(key.clone());
        true
    }

    fn remove_claim(&mut self, key: &NsName) {
        let Some((claim, published)) = self.claims.remove(key) else { return };
        self.journal.unpublish(published);
        // Its volume is released, then kept or deleted per its reclaim policy (§E6).
        if let Some(volume) = claim.volume.filter(|&v| self.volumes.by_id(v).is_some()) {
            self.sync_volume(volume);
            let Some(v) = self.volumes.by_id(volume) else { return };
            if v.phase == VolumePhase::Released && &*v.meta.reclaim_policy == "Delete" {
                match v.undeletable.clone() {
                    None => self.wake_in(self.timing.volume_delete, Wake::VolumeDeleted(volume)),
                    // `deleteVolumeOperation`: the volume stays, Failed, for a person to clean up.
                    Some(why) => {
                        let name = v.name.clone();
                        if let Some(v) = self.volumes.by_id_mut(volume) {
                            v.phase = VolumePhase::Failed;
                        }
                        self.publish_volume(volume);
                        self.warning("PersistentVolume", None, &name, "VolumeFailedDelete", why);
                    }
                }
            }
        }
        // A StatefulSet may be waiting for this claim to go before it recreates it (§B4).
        let sets: Vec<NsName> = self.sets.keys().filter(|k| k.0 == key.0).cloned().collect();
        for set in &sets {
            if let Some(s) = self.sets.get_mut(set) {
                s.claims_removed = true;
            }
        }
        self.dirty_sets.extend(sets);
        self.cluster_changed();
    }

    /// The reclaim's delete: the volume is marked deleted first (a watch shows it Terminating,
    /// as `printPersistentVolume` prints a deletion timestamp), and its protection finalizer,
    /// which holds only a Bound volume, lets it go at once.
    pub(crate) fn volume_deleted(&mut self, volume: VolumeId) {
        if self.volumes.by_id(volume).is_some_and(|v| v.phase == VolumePhase::Released) {
            if let Some(v) = self.volumes.by_id_mut(volume) {
                v.deleting = true;
            }
            self.publish_volume(volume);
            if let Some((_, published)) = self.volumes.remove(volume) {
                self.journal.unpublish(published);
            }
        }
    }

    /// Claims given to a condemned pod (`whenScaled: Delete`) go with it (§D4).
    pub(crate) fn collect_claims_owned_by_pod(&mut self, pod: &crate::objects::Pod) {
        for name in pod.claims().iter() {
            let key = pod.claim_key(name);
            if self.claims.get(&key).is_some_and(|c| c.owners.iter().any(|o| o.uid() == pod.uid)) {
                self.delete_claim(&key);
            }
        }
    }

    /// Removes ownerReferences to a set from its claims (orphaning deletion).
    pub(crate) fn orphan_claims(&mut self, set_uid: u64) {
        for claim in self.claims.values_mut() {
            claim.owners.retain(|o| !matches!(o, Owner::StatefulSet { uid, .. } if *uid == set_uid));
        }
    }
}

/// Provisioned volumes carry the topology they were made in: the selected node's values for
/// the class's `allowedTopologies` keys, or the node itself for node-local provisioners.
fn provisioned_affinity(rng: &mut Rng, class: &StorageClass, node_labels: Option<&Map>) -> Option<NodeSelector> {
    let provisioner = class.provisioner.as_deref().unwrap_or("");
    let term = |exprs: Vec<SelectorRequirement>| NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm { match_expressions: exprs }],
    };
    if let Some(labels) = node_labels {
        if NODE_LOCAL_PROVISIONERS.contains(&provisioner) {
            let host = labels.get(HOSTNAME_LABEL)?.clone();
            return Some(term(vec![SelectorRequirement { key: HOSTNAME_LABEL.into(), operator: "In".into(), values: vec![host] }]));
        }
        let exprs: Vec<SelectorRequirement> = class
            .allowed_topologies
            .iter()
            .flat_map(|t| &t.match_label_expressions)
            .filter_map(|e| {
                let v = labels.get(&e.key)?;
                Some(SelectorRequirement { key: e.key.clone(), operator: "In".into(), values: vec![v.clone()] })
            })
            .collect();
        return (!exprs.is_empty()).then(|| term(exprs));
    }
    // Immediate binding: the provisioner picks one of the allowed topologies.
    if class.allowed_topologies.is_empty() {
        return None;
    }
    let chosen = &class.allowed_topologies[rng.below(class.allowed_topologies.len())];
    let exprs: Vec<SelectorRequirement> = chosen
        .match_label_expressions
        .iter()
        .filter(|e| !e.values.is_empty())
        .map(|e| {
            let v = e.values[rng.below(e.values.len())].clone();
            SelectorRequirement { key: e.key.clone(), operator: "In".into(), values: vec![v] }
        })
        .collect();
    (!exprs.is_empty()).then(|| term(exprs))
}

/// The capacity of a provisioned volume as kubectl shows it: the request in the largest binary
/// unit that divides it.
fn claim_request_text(bytes: u128) -> String {
    const UNITS: [(&str, u32); 6] = [("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10)];
    for (unit, shift) in UNITS {
        let size = 1u128 << shift;
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{}{unit}", bytes / size);
        }
    }
    bytes.to_string()
}

/// Why the PV controller cannot delete a volume made by hand (`findDeletablePlugin`): one that
/// says a provisioner outside Kubernetes made it (`pv.kubernetes.io/provisioned-by`) is that
/// provisioner's to delete; otherwise only the in-tree hostPath plugin deletes, and only under
/// `/tmp/`.
fn undeletable(pv: &PersistentVolume) -> Option<Rc<str>> {
    let by = pv.metadata.annotations.get("pv.kubernetes.io/provisioned-by");
    if by.is_some_and(|p| !p.is_empty() && !p.starts_with("kubernetes.io/")) {
        return None;
    }
    match &pv.spec.host_path {
        // Its pattern, `/tmp/.+`, unanchored.
        Some(h) if h.path.find("/tmp/").is_some_and(|i| h.path.len() > i + 5) => None,
        Some(h) => Some(format!("host_path deleter only supports /tmp/.+ but received provided {}", h.path).into()),
        None => Some(format!("error getting deleter volume plugin for volume {:?}: no deletable volume plugin matched", pv.metadata.name).into()),
    }
}

/// The volume sources whose plugins have no attacher: the attach/detach controller skips them
/// ("it does not implement attacher interface", `ProcessPodVolumes`); the kubelet mounts them.
/// The others (CSI among them: a driver without a CSIDriver object is attached) are attached.
const ATTACHLESS: [&str; 7] = ["hostPath", "local", "nfs", "cephfs", "glusterfs", "quobyte", "azureFile"];

/// A volume's access modes as the PV controller's index groups them: how many distinct modes,
/// then which (a fixed order among groups of the same size).
fn mode_group(modes: &[String]) -> (u32, u32) {
    let mask = modes.iter().fold(0u32, |mask, m| {
        mask | match m.as_str() {
            "ReadWriteOnce" => 1,
            "ReadOnlyMany" => 2,
            "ReadWriteMany" => 4,
            "ReadWriteOncePod" => 8,
            _ => 16,
        }
    });
    (mask.count_ones(), mask)
}

#[cfg(test)]
mod tests {
    use super::claim_request_text;

    #[test]
    fn capacities_print_in_binary_units() {
        assert_eq!(claim_request_text(1 << 30), "1Gi");
        assert_eq!(claim_request_text(3 << 20), "3Mi");
        assert_eq!(claim_request_text(1_000_000_000), "1000000000");
        assert_eq!(claim_request_text(0), "0");
    }
}
