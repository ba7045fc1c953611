//! The StatefulSet controller (spec §A–D, G), after `updateStatefulSet` in
//! `pkg/controller/statefulset/stateful_set_control.go`: create missing pods (and their claims) in
//! ordinal order, delete condemned pods from the highest ordinal down, then roll out a new
//! revision; OrderedReady stops at the first pod that is not Running, Ready and Available.
//!
//! A sync reads the set's [`SetIndex`](crate::objects::SetIndex) instead of listing pods, so its
//! cost does not grow with the number of replicas.

use std::hash::{Hash, Hasher};
use std::rc::Rc;

use manifest::{PersistentVolumeClaim, StatefulSet};

use crate::name::Name;
use crate::objects::{
    Claim, ClaimPhase, Containers, NsName, Owner, Pod, Set,
};
use crate::view::{PodLabels, PodMeta, PvcMeta};
use crate::sim::{Sim, Wake};
use crate::text::{join, Digits};
use crate::volume_slots::VolumeId;

impl Sim {
    /// Adds a StatefulSet (or, if it exists, applies a new spec to it).
    pub(crate) fn apply_set(&mut self, spec: StatefulSet) -> Result<(), String> {
        let key: NsName = (spec.metadata.namespace().into(), spec.metadata.name.as_str().into());
        if spec.replicas() > crate::MAX_REPLICAS {
            return Err(format!(
                "StatefulSet {:?} asks for {} replicas; Ordinal simulates at most {} per StatefulSet",
                key.1,
                spec.replicas(),
                crate::MAX_REPLICAS
            ));
        }
        let revision: Rc<str> = revision_name(&spec).into();
        if let Some(set) = self.sets.get_mut(&key) {
            if let Some(forbidden) = manifest::validate_statefulset_update(&set.spec, &spec) {
                return Err(format!("StatefulSet.apps {:?} is invalid: {forbidden}", key.1));
            }
            if !set.revisions.iter().any(|(r, _)| *r == revision) {
                set.revisions.push((revision.clone(), Rc::new(spec.spec.template.clone())));
            }
            set.set_spec(spec);
            set.update_revision = revision;
            let (range, revs) = (set.range(), (set.current_revision.clone(), set.update_revision.clone()));
            set.index.reset(range, (&revs.0, &revs.1));
        } else {
            let uid = self.uid();
            let set = Set::new(uid, key.clone(), spec, revision);
            self.sets.insert(key.clone(), set.into());
            // The API server stores a new set with an empty status: a watch sees it added with no
            // pods counted, whatever it adopts (`PrepareForCreate`), then the controller's count.
            self.publish_set(&key);
            self.adopt_orphans(&key);
            if let Some(set) = self.sets.get_mut(&key) {
                let (range, revs) = (set.range(), (set.current_revision.clone(), set.update_revision.clone()));
                set.index.reset(range, (&revs.0, &revs.1));
            }
        }
        // Facts like availability depend on the spec: take them again from every pod.
        let pods: Vec<u64> = self
            .pods
            .iter()
            .filter(|p| p.set_owner().is_some_and(|(n, _)| *n == key.1) && p.namespace == key.0)
            .map(|p| p.uid)
            .collect();
        let uid = self.sets[&key].uid;
        for pod in pods {
            self.index_pod(pod, uid);
        }
        self.publish_set(&key);
        self.dirty_sets.insert(key);
        Ok(())
    }

    /// Orphaned pods that match the selector and carry the set's name are adopted (§C5).
    fn adopt_orphans(&mut self, key: &NsName) {
        let Some(set) = self.sets.get(key) else { return };
        let selector = set.spec.spec.selector.clone().unwrap_or_default();
        let (name, uid) = (set.name.clone(), set.uid);
        let orphans: Vec<u64> = self
            .pods
            .iter()
            .filter(|p| {
                p.namespace == key.0
                    && p.owner.is_none()
                    && set.ordinal_of(&p.name).is_some()
                    && !selector.is_empty()
                    && selector.matches(&p.meta.labels.to_map())
            })
            .map(|p| p.uid)
            .collect();
        if let (Some(set), false) = (self.sets.get_mut(key), orphans.is_empty()) {
            // Their claims are looked at too (an orphaning delete left them without owners).
            set.retention_from = Some(0);
        }
        for pod in orphans {
            self.update_pod(pod, |p| p.set_owner_to(Some(Owner::StatefulSet { name: name.clone(), uid })));
        }
    }

    pub(crate) fn sync_set(&mut self, key: &NsName) {
        if let Some(set) = self.sets.get_mut(key) {
            set.created_in_sync = (0, 0);
        }
        if self.sets.get(key).is_some_and(|s| !s.deleting) {
            self.reconcile_set(key);
        }
        self.complete_rollout(key);
        self.publish_set(key);
    }

    fn reconcile_set(&mut self, key: &NsName) {
        let Some(set) = self.sets.get(key) else { return };
        let monotonic = !set.spec.parallel();
        let (start, end) = set.range();

        // Scale up: walk the ordinals in range upwards.
        if monotonic {
            let first_missing = set.index.missing.first().copied();
            let first_unhealthy = set.index.unhealthy.range(start..end).next().copied();
            let blocked = first_missing.into_iter().chain(first_unhealthy).min();
            let set = if blocked.is_some() && set.retention_from.is_some() {
                self.claims_follow_policy(key, blocked);
                let Some(set) = self.sets.get(key) else { return };
                set
            } else {
                set
            };
            match (first_missing, first_unhealthy) {
                (Some(m), u) if u.is_none_or(|u| m < u) => {
                    self.create_replica(key, m);
                    return;
                }
                (_, Some(u)) => {
                    if let Some(pod) = set.index.pods.get(&u).filter(|f| f.pending).map(|f| f.uid) {
                        self.create_missing_claims(key, u, Some(pod));
                    }
                    return;
                }
                _ => {}
            }
        } else {
            let missing: Vec<u32> = set.index.missing.iter().copied().collect();
            // Pending pods get back claims that were deleted under them; only worth looking for
            // after a claim went away.
            let pending: Vec<(u32, u64)> = if set.claims_removed {
                set.index
                    .unhealthy
                    .range(start..end)
                    .filter_map(|&o| set.index.pods.get(&o).filter(|f| f.pending).map(|f| (o, f.uid)))
                    .collect()
            } else {
                Vec::new()
            };
            if let Some(set) = self.sets.get_mut(key) {
                set.claims_removed = false;
            }
            for ordinal in missing {
                self.create_replica(key, ordinal);
            }
            for (ordinal, pod) in pending {
                self.create_missing_claims(key, ordinal, Some(pod));
            }
        }

        // Scale down: condemned pods, highest ordinal first (§C1, C4). OrderedReady deletes one
        // and waits until it is gone; Parallel deletes all that are not terminating yet.
        let Some(set) = self.sets.get(key) else { return };
        // Every replica is past the checks that stop an OrderedReady set: the claims of all pods,
        // condemned ones included, follow the retention policy before any is deleted.
        let set = if set.retention_from.is_some() {
            self.claims_follow_policy(key, None);
            let Some(set) = self.sets.get(key) else { return };
            set
        } else {
            set
        };
        let index = &set.index;
        if monotonic {
            let highest = index.pods.range(end..).next_back().or_else(|| index.pods.range(..start).next_back());
            if let Some((&ordinal, facts)) = highest {
                // An unhealthy condemned pod waits to be Running, Ready and Available unless it
                // is the lowest-numbered unhealthy one (`processCondemned`'s firstUnhealthyPod):
                // scaling 4 -> 1 with web-1 and web-2 unready deletes web-3, then stops.
                let first_unhealthy = || {
                    index
                        .unhealthy
                        .range(..start)
                        .chain(index.unhealthy.range(end..))
                        .find(|o| index.pods.get(o).is_some_and(|f| !(f.running_ready && f.available)))
                };
                if !facts.terminating && (facts.healthy() || first_unhealthy() == Some(&ordinal)) {
                    self.condemn(key, ordinal);
                }
                return;
            }
        } else {
            let condemned: Vec<u32> =
                index.alive.range(end..).rev().chain(index.alive.range(..start).rev()).copied().collect();
            for ordinal in condemned {
                self.condemn(key, ordinal);
            }
        }

        // Rolling update (§G2, G3), once scaling has settled: only while some live pod is not at
        // the update revision (after a template change, or pods adopted from an older set).
        let Some(set) = self.sets.get(key) else { return };
        let stale = set.index.alive.len() as u32 > set.index.updated;
        if set.spec.on_delete_strategy() || !stale {
            return;
        }
        let floor = start.saturating_add(set.spec.partition());
        let mut target = None;
        for ordinal in (floor..end).rev() {
            let Some(facts) = set.index.pods.get(&ordinal) else { continue };
            if *facts.revision != *set.update_revision && !facts.terminating {
                target = Some(pod_name(&key.1, ordinal));
                break;
            }
            if !facts.healthy() {
                return;
            }
        }
        if let Some(pod) = target {
            self.delete_set_pod(key, &pod);
        }
    }

    /// currentRevision becomes updateRevision once every pod the status counts runs it and is
    /// Ready (`completeRollingUpdate`), which leaves out the pods this sync created.
    fn complete_rollout(&mut self, key: &NsName) {
        let Some(set) = self.sets.get_mut(key) else { return };
        let (created, created_updated) = set.created_in_sync;
        let replicas = (set.index.pods.len() as u32).saturating_sub(created);
        let updated = set.index.updated.saturating_sub(created_updated);
        if set.current_revision != set.update_revision
            && !set.spec.on_delete_strategy()
            && updated == replicas
            && set.index.ready == replicas
        {
            set.current_revision = set.update_revision.clone();
            let (range, rev) = (set.range(), set.update_revision.clone());
            set.index.reset(range, (&rev, &rev));
        }
    }

    fn delete_set_pod(&mut self, key: &NsName, pod: &Name) {
        let Some(uid) = self.pods.uid_of(&(key.0.clone(), pod.clone())) else { return };
        if self.delete_pod_gracefully(uid, None) {
            self.event(
                "StatefulSet",
                Some(&key.0),
                &key.1,
                "SuccessfulDelete",
                join(&["delete Pod ", pod, " in StatefulSet ", &key.1, " successful"]),
            );
        }
    }

    /// Deletes a condemned pod. With `whenScaled: Delete` its claims were given to the pod by
    /// `claims_follow_policy` earlier in the same sync (the scale change asked for that), so the
    /// garbage collector removes them once it is gone (§D4).
    fn condemn(&mut self, key: &NsName, ordinal: u32) {
        self.delete_set_pod(key, &pod_name(&key.1, ordinal));
    }

    /// The claims' owners as the retention policy wants them (§D4; `ClaimsMatchRetentionPolicy`
    /// on every sync), for the pods from where the last look stopped: up to `blocked`, where an
    /// OrderedReady set stops at its first missing or unhealthy pod, or else all of them, the
    /// condemned ones too. A policy changed on a running set so reaches the claims it already has.
    fn claims_follow_policy(&mut self, key: &NsName, blocked: Option<u32>) {
        let Some(set) = self.sets.get(key) else { return };
        let Some(from) = set.retention_from else { return };
        let (start, end) = set.range();
        let (low, high) = (from.max(start), blocked.map_or(end, |b| b.min(end)));
        let mut pods: Vec<(u32, bool)> = Vec::new();
        if low < high {
            pods.extend(set.index.pods.range(low..high).map(|(&o, _)| (o, false)));
        }
        if blocked.is_none() {
            pods.extend(set.index.pods.range(..start).chain(set.index.pods.range(end..)).map(|(&o, _)| (o, true)));
        }
        let next = blocked.map(|_| from.max(high));
        if let Some(set) = self.sets.get_mut(key) {
            set.retention_from = next;
        }
        for (ordinal, scaled_down) in pods {
            self.claim_owners(key, ordinal, scaled_down);
        }
    }

    /// `updateClaimOwnerRefForSetAndPod`: a claim of this pod is owned by the set if
    /// `whenDeleted: Delete` (unless the pod is scaled down and `whenScaled: Delete`), and by the
    /// pod if it is scaled down and `whenScaled: Delete`; other owners are left as they are.
    fn claim_owners(&mut self, key: &NsName, ordinal: u32, scaled_down: bool) {
        let Some(set) = self.sets.get(key) else { return };
        let pod_name = pod_name(&key.1, ordinal);
        let Some(pod_uid) = self.pods.uid_of(&(key.0.clone(), pod_name.clone())) else { return };
        let (when_deleted, when_scaled) = set.spec.retention_delete();
        let set_owner = Owner::StatefulSet { name: key.1.clone(), uid: set.uid };
        let wanted = [
            (when_deleted && !(when_scaled && scaled_down)).then_some(set_owner),
            (when_scaled && scaled_down).then_some(Owner::Pod { name: pod_name, uid: pod_uid }),
        ];
        let names: Vec<Name> = set.spec.spec.volume_claim_templates.iter().map(|t| claim_name(t, &key.1, ordinal)).collect();
        let set_uid = set.uid;
        for name in names {
            let Some(claim) = self.claims.get_mut(&(key.0.clone(), name)) else { continue };
            if claim.deleting {
                continue;
            }
            claim.owners.retain(|o| o.uid() != set_uid && o.uid() != pod_uid);
            claim.owners.extend(wanted.iter().flatten().cloned());
        }
    }

    /// Creates a missing replica: its claims first, then the pod (§B4, D1, D2).
    fn create_replica(&mut self, key: &NsName, ordinal: u32) {
        let Some(set) = self.sets.get(key) else { return };
        let pod_name = pod_name(&set.name, ordinal);
        let (start, _) = set.range();
        let revision = if !set.spec.on_delete_strategy()
            && ordinal < start.saturating_add(set.spec.partition())
        {
            set.current_revision.clone()
        } else {
            set.update_revision.clone()
        };
        let Some(template) = set.revisions.iter().find(|(r, _)| *r == revision).map(|(_, t)| t.clone()) else { return };

        if !self.create_missing_claims(key, ordinal, None) {
            return;
        }
        let Some(set) = self.sets.get(key) else { return };

        // The pod's volumes: the template's, with each claim template's name bound to its claim.
        let mut claims: Vec<Rc<str>> = Vec::new();
        let mut volume_names: Vec<&str> = Vec::new();
        for t in &set.spec.spec.volume_claim_templates {
            claims.push(claim_name(t, set.name(), ordinal).text());
            volume_names.push(&t.metadata.name);
        }
        for v in &template.spec.volumes {
            if volume_names.contains(&v.name.as_str()) {
                continue;
            }
            volume_names.push(&v.name);
            if let Some(c) = &v.persistent_volume_claim {
                claims.push(c.claim_name.as_str().into());
            }
        }
        // The API server validates the pod here, not when the set was created (§I5).
        for (i, c) in template.spec.containers.iter().enumerate() {
            for (j, m) in c.volume_mounts.iter().enumerate() {
                if !volume_names.contains(&m.name.as_str()) {
                    let message = format!(
                        "create Pod {pod_name} in StatefulSet {} failed error: Pod {pod_name:?} is invalid: spec.containers[{i}].volumeMounts[{j}].name: Not found: {:?}",
                        set.name(),
                        m.name
                    );
                    self.failed_create(key, message);
                    return;
                }
            }
        }

        let labels = PodLabels::new(template.clone(), pod_name.text(), ordinal, revision.clone());
        let meta = Rc::new(PodMeta {
            namespace: key.0.text(),
            name: pod_name.text(),
            claims: claims.into(),
            controlled_by: Some(key.1.text()),
            uid: self.pod_uids.uuid().into(),
            containers: template.spec.containers.len() as u32,
            labels,
            hostname: pod_name.text(),
            // The set's own copy of its service's name: one for all its pods.
            subdomain: set.meta.service_name.clone(),
        });
        let set_uid = set.uid;
        let updated = *revision == *set.update_revision;
        let uid = self.uid();
        let pod = Pod {
            uid,
            namespace: key.0.clone(),
            name: pod_name.clone(),
            meta,
            revision,
            owner: Some(Owner::StatefulSet { name: key.1.clone(), uid: set_uid }),
            template,
            claim_ids: Rc::new([]),
            node: None,
            nominated: None,
            containers: Containers::Unreported,
            started: false,
            probe_ready: false,
            probe_passes: true,
            probe_epoch: 0,
            node_lost: false,
            eviction_at: None,
            ready_since: None,
            restarts: 0,
            exit_ms: 0,
            last_exit_ms: None,
            ip: None,
            deleted_at: None,
            crashes_left: 0,
            backoff: 0,
            backoff_updated: 0,
            schedule_attempts: 0,
            last_attempt_ms: 0,
            waiting_binding: false,
            failed: false,
            unschedulable_message: None,
        };
        self.insert_pod(pod);
        if let Some(set) = self.sets.get_mut(key) {
            set.failed_create = None;
            set.created_in_sync.0 += 1;
            set.created_in_sync.1 += u32::from(updated);
        }
        self.event(
            "StatefulSet",
            Some(&key.0),
            &key.1,
            "SuccessfulCreate",
            join(&["create Pod ", &pod_name, " in StatefulSet ", &key.1, " successful"]),
        );
        self.wake_in(self.timing.schedule, Wake::Schedule(uid));
    }

    fn failed_create(&mut self, key: &NsName, message: String) {
        let Some(set) = self.sets.get_mut(key) else { return };
        if set.failed_create.as_deref() != Some(message.as_str()) {
            set.failed_create = Some(message.clone());
            self.warning("StatefulSet", Some(&key.0), &key.1, "FailedCreate", message);
        }
    }

    /// Creates the replica's claims that do not exist. An existing claim is reused as it is; one
    /// that is being deleted blocks the pod (§B4). Returns whether the pod may be created.
    ///
    /// `pod` is the uid of the replica's pod, if it exists: a claim it names under the claim's
    /// name is found by the slot the pod holds, without writing the name out and searching for
    /// it (an OrderedReady set looks at its pending pod's claims on every sync).
    fn create_missing_claims(&mut self, key: &NsName, ordinal: u32, pod: Option<u64>) -> bool {
        let Some(set) = self.sets.get(key) else { return false };
        let (when_deleted, _) = set.spec.retention_delete();
        let set_owner = Owner::StatefulSet { name: key.1.clone(), uid: set.uid };
        for index in 0..set.spec.spec.volume_claim_templates.len() {
            let Some(template) = self.sets.get(key).and_then(|s| s.spec.spec.volume_claim_templates.get(index)) else { break };
            let known = pod.and_then(|uid| self.pods.get(uid)).and_then(|p| {
                let (claim, &id) = (p.meta.claims.get(index)?, p.claim_ids.get(index)?);
                (p.namespace == key.0 && is_claim_name(claim, &template.metadata.name, &key.1, ordinal)).then_some(id)
            });
            // The name is written out only when it is needed.
            let mut name = None;
            let existing = match known {
                Some(id) => self.claims.by_id_mut(id),
                None => self.claims.get_mut(&(key.0.clone(), name.insert(claim_name(template, &key.1, ordinal)).clone())),
            };
            if let Some(existing) = existing {
                if existing.deleting {
                    let name = name.unwrap_or_else(|| claim_name(template, &key.1, ordinal));
                    let message = format!(
                        "create Pod {set}-{ordinal} in StatefulSet {set} failed error: pvc {name} is being deleted",
                        set = key.1
                    );
                    self.failed_create(key, message);
                    return false;
                }
                // Retention: a claim kept by scale-down loses its pod owner when reused.
                existing.owners.retain(|o| !matches!(o, Owner::Pod { .. }));
                continue;
            }
            let name = name.unwrap_or_else(|| claim_name(template, &key.1, ordinal));
            let uid = self.rng.uuid().into();
            let Some(template) = self.sets.get(key).and_then(|s| s.spec.spec.volume_claim_templates.get(index)) else { break };
            let volume = volume_name(template).map(|v| self.volumes.id(&v));
            let Some(template) = self.sets.get(key).and_then(|s| s.spec.spec.volume_claim_templates.get(index)) else { break };
            let claim = self.claim_of(uid, &key.0, &name, template, when_deleted.then(|| set_owner.clone()), volume);
            self.insert_claim(claim);
            self.event(
                "StatefulSet",
                Some(&key.0),
                &key.1,
                "SuccessfulCreate",
                // The pod's name, `<set>-<ordinal>`, written into the message: most calls create
                // no claim, and need no name.
                join(&["create Claim ", &name, " Pod ", &key.1, "-", Digits::decimal(ordinal).as_str(), " in StatefulSet ", &key.1, " success"]),
            );
        }
        true
    }

    /// A claim as the API server admits it: the default StorageClass is filled in when the claim
    /// names none (§E5).
    pub(crate) fn new_claim(
        &mut self,
        namespace: &Name,
        name: &Name,
        spec: &PersistentVolumeClaim,
        owner: Option<Owner>,
    ) -> Claim {
        let uid = self.rng.uuid().into();
        let volume = volume_name(spec).map(|v| self.volumes.id(&v));
        self.claim_of(uid, namespace, name, spec, owner, volume)
    }

    /// [`Self::new_claim`] with its uid drawn and its `volumeName`'s slot found: it only reads the
    /// simulation, so a claim template can be read where it is, not copied out first.
    fn claim_of(
        &self,
        uid: Rc<str>,
        namespace: &Name,
        name: &Name,
        spec: &PersistentVolumeClaim,
        owner: Option<Owner>,
        volume: Option<VolumeId>,
    ) -> Claim {
        let class = spec.class_name().map(Rc::from).or_else(|| self.default_class());
        Claim {
            uid,
            namespace: namespace.clone(),
            name: name.clone(),
            meta: Rc::new(PvcMeta {
                namespace: namespace.text(),
                name: name.text(),
                storage_class: class.clone().filter(|c| !c.is_empty()),
                access_modes: spec.spec.access_modes.as_slice().into(),
            }),
            class,
            request: spec.spec.request_bytes(),
            selector: spec.spec.selector.clone(),
            volume,
            phase: ClaimPhase::Pending,
            selected_node: None,
            deleting: false,
            owners: owner.into_iter().collect(),
            provisioning: false,
            last_reason: None,
        }
    }

    /// After a pod turns Ready: a set with `minReadySeconds` looks again once it is Available.
    pub(crate) fn watch_availability(&mut self, uid: u64) {
        let Some(pod) = self.pods.get(uid) else { return };
        let Some((set, _)) = pod.set_owner() else { return };
        let min_ready = self.sets.get(&(pod.namespace.clone(), set.clone())).map_or(0, |s| s.spec.min_ready_ms());
        if min_ready > 0 {
            self.wake_in(min_ready, Wake::Available(uid));
        }
    }

    /// The pod has been Ready for `minReadySeconds`: its set counts it Available now.
    pub(crate) fn pod_available(&mut self, uid: u64) {
        if let Some((_, set_uid)) = self.pods.get(uid).and_then(|p| p.set_owner()) {
            self.index_pod(uid, set_uid);
        }
    }
}

/// The volume a claim asks for by name (`spec.volumeName`), if it does.
fn volume_name(spec: &PersistentVolumeClaim) -> Option<Name> {
    spec.spec.volume_name.as_deref().filter(|v| !v.is_empty()).map(Name::from)
}

/// `<set>-<ordinal>` (§A2).
fn pod_name(set: &str, ordinal: u32) -> Name {
    join(&[set, "-", Digits::decimal(ordinal).as_str()]).into()
}

/// Whether `text` is `<template>-<set>-<ordinal>` (§D1), read without writing that out.
fn is_claim_name(text: &str, template: &str, set: &str, ordinal: u32) -> bool {
    let rest = text.strip_prefix(template).and_then(|r| r.strip_prefix('-')).and_then(|r| r.strip_prefix(set));
    let Some(digits) = rest.and_then(|r| r.strip_prefix('-')) else { return false };
    digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'))
        && digits.parse::<u32>() == Ok(ordinal)
}

/// `<template>-<set>-<ordinal>` (§D1).
pub(crate) fn claim_name(template: &PersistentVolumeClaim, set: &str, ordinal: u32) -> Name {
    join(&[&template.metadata.name, "-", set, "-", Digits::decimal(ordinal).as_str()]).into()
}

/// `<set>-<hash>`, the ControllerRevision name pods carry in `controller-revision-hash` (§G1). The
/// real controller hashes the template with FNV-32a and encodes the decimal digits with
/// `rand.SafeEncodeString`; this does the same over the template's fields as the API server
/// stores them (defaults filled in), so equal templates get equal names and any change to the
/// template a new one.
pub(crate) fn revision_name(set: &StatefulSet) -> String {
    let mut fnv = Fnv32a(0x811c_9dc5);
    set.spec.template.without_defaults().hash(&mut fnv);
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let encoded: String = fnv.0.to_string().bytes().map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char).collect();
    format!("{}-{encoded}", set.metadata.name)
}

/// FNV-32a over what `Hash` writes; lengths are written as 64-bit numbers, so the CLI and the page
/// (a 32-bit target) name revisions alike.
struct Fnv32a(u32);

impl Hasher for Fnv32a {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u32::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        u64::from(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_follow_the_template() {
        let mut set = StatefulSet::default();
        set.metadata.name = "web".into();
        let nginx = manifest::Container { name: "nginx".into(), image: Some("nginx:1.25".into()), ..Default::default() };
        set.spec.template.spec.containers = vec![nginx];
        let first = revision_name(&set);
        assert!(first.starts_with("web-") && first.len() > 4, "{first}");
        assert_eq!(revision_name(&set.clone()), first);
        set.spec.replicas = Some(5);
        assert_eq!(revision_name(&set), first, "only the template names a revision");
        set.spec.template.spec.containers[0].image = Some("nginx:1.26".into());
        assert_ne!(revision_name(&set), first);
    }

    #[test]
    fn a_default_written_out_is_the_same_revision() {
        let mut set = StatefulSet::default();
        set.metadata.name = "web".into();
        let probe = manifest::Probe { period_seconds: Some(10), ..Default::default() };
        let port = manifest::ContainerPort { container_port: 80, ..Default::default() };
        let nginx = manifest::Container { name: "nginx".into(), ports: vec![port], readiness_probe: Some(probe), ..Default::default() };
        set.spec.template.spec.containers = vec![nginx];
        let first = revision_name(&set);
        set.spec.template.spec.restart_policy = Some("Always".into());
        set.spec.template.spec.termination_grace_period_seconds = Some(30);
        let c = &mut set.spec.template.spec.containers[0];
        c.ports[0].protocol = Some("TCP".into());
        let probe = c.readiness_probe.as_mut().expect("a probe");
        probe.period_seconds = None;
        probe.failure_threshold = Some(3);
        assert_eq!(revision_name(&set), first, "the API server stores both alike");
        set.spec.template.spec.termination_grace_period_seconds = Some(31);
        assert_ne!(revision_name(&set), first);
    }
}
