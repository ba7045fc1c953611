//! The scheduler (spec §E3, E4, E8, E9): filter nodes by taints, node selector and volumes (a
//! ReadWriteOncePod claim already used by a placed pod rules out every node, as the
//! VolumeRestrictions plugin does), spread the pods of one owner over what is left, and bind. For
//! WaitForFirstConsumer claims it binds a static volume or writes the selected node for the
//! provisioner, and binds the pod once every claim is bound (the volume binding plugin in
//! `pkg/scheduler/framework/plugins/volumebinding/binder.go`).

use std::collections::BTreeMap;

use manifest::{Map, NodeSelector, StorageClass, Toleration};

use crate::claims::ClaimId;
use crate::name::Name;
use crate::objects::{Claim, ClaimPhase, Node, NsName, Pod, Volume, HOSTNAME_LABEL};
use crate::volumes::provisions_on;
use crate::sim::{Sim, Wake};
use crate::text::join;

/// How a claim constrains the choice of node, looked up once per scheduling attempt.
enum ClaimNeed<'a> {
    /// Bound: the volume's node affinity must admit the node.
    Bound(Option<&'a NodeSelector>),
    /// Unbound, WaitForFirstConsumer: one of the fitting static volumes must admit the node, or
    /// the class must be able to provision there.
    /// `anywhere`: no node chosen yet and a class that provisions on any node, so every node
    /// fits (found once, not once a node).
    Delayed { claim: &'a Claim, candidates: Vec<&'a Volume>, class: Option<&'a StorageClass>, anywhere: bool },
}

impl Sim {
    pub(crate) fn schedule(&mut self, uid: u64) {
        let Some(pod) = self.pods.get(uid) else { return };
        if pod.node.is_some() || pod.terminating() || pod.nominated.is_some() {
            return;
        }
        let total = self.nodes.len();
        // What is read of the pod while the cluster is written: its shared parts, not a copy.
        let (key, meta, claim_ids, template) = (&pod.key(), pod.meta.clone(), pod.claim_ids.clone(), pod.template.clone());
        let owner = pod.set_owner().map(|(_, u)| u);

        // PreFilter: the pod's claims. A ReadWriteOncePod claim that a pod on a node already uses
        // rules out every node (VolumeRestrictions: `satisfyReadWriteOncePod`).
        let mut one_pod_conflict = false;
        let mut needs = Vec::new();
        let mut delayed: Vec<(NsName, ClaimId)> = Vec::new();
        for (claim_name, &id) in meta.claims.iter().zip(claim_ids.iter()) {
            let Some(claim) = self.claims.by_id(id) else {
                return self.unschedulable(uid, format!("persistentvolumeclaim {claim_name:?} not found"), total);
            };
            if claim.deleting {
                return self.unschedulable(uid, format!("persistentvolumeclaim {claim_name:?} is being deleted"), total);
            }
            if claim.access_modes().iter().any(|m| m == "ReadWriteOncePod") {
                one_pod_conflict |= self.claims.users(id).iter().any(|&(_, other)| {
                    other != uid && self.pods.get(other).is_some_and(|p| p.placed_on().is_some())
                });
            }
            match (&claim.volume, claim.phase) {
                (Some(v), ClaimPhase::Bound) => {
                    needs.push(ClaimNeed::Bound(self.volumes.by_id(*v).and_then(|v| v.affinity.as_ref())));
                }
                _ => {
                    let class = self.classes.get(claim.class_name()).map(|c| &c.0);
                    if !class.is_some_and(StorageClass::wait_for_first_consumer) {
                        return self.unschedulable(uid, "pod has unbound immediate PersistentVolumeClaims".into(), total);
                    }
                    let candidates = match &claim.volume {
                        Some(v) => self.volumes.by_id(*v).into_iter().collect(),
                        None => self
                            .available_volumes
                            .iter()
                            .filter_map(|n| self.volumes.get(n))
                            .filter(|v| Self::volume_fits(v, claim))
                            .collect(),
                    };
                    // A node with no labels at all: only a class that admits every node admits it.
                    let anywhere = claim.selected_node.is_none() && class.is_some_and(|c| provisions_on(c, &Map::new()));
                    needs.push(ClaimNeed::Delayed { claim, candidates, class, anywhere });
                    delayed.push(((key.0.clone(), claim_name.into()), id));
                }
            }
        }
        if total == 0 {
            return self.unschedulable(uid, String::new(), 0);
        }

        // Filter.
        // Tolerations only matter on tainted nodes (most clusters have none): made at the first.
        let mut tolerations: Option<Vec<Toleration>> = None;
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut feasible: Vec<&Node> = Vec::with_capacity(total);
        let mut full = false;
        for node in self.nodes.values() {
            let reason = if node.unschedulable {
                Some("node(s) were unschedulable".to_owned())
            } else if !node.taints.is_empty() && {
                let tolerations = tolerations.get_or_insert_with(|| {
                    with_default_tolerations(&template.spec.tolerations, self.timing.toleration)
                });
                node.taints.iter().any(|t| {
                    (t.effect == "NoSchedule" || t.effect == "NoExecute")
                        && !tolerations.iter().any(|tol| tol.tolerates(&t.key, &t.value, &t.effect))
                })
            } {
                // Since v1.35 (and v1.34's later patches) without the taint's key and value.
                Some("node(s) had untolerated taint(s)".to_owned())
            } else if !template.spec.node_selector.iter().all(|(k, v)| node.labels.get(k) == Some(v)) {
                Some("node(s) didn't match Pod's node affinity/selector".to_owned())
            } else if node.pods >= MAX_PODS {
                full = true;
                Some(TOO_MANY_PODS.to_owned())
            } else if one_pod_conflict {
                Some(ONE_POD_CONFLICT.to_owned())
            } else {
                volume_reason(&needs, &node.labels).map(str::to_owned)
            };
            match reason {
                Some(r) => *reasons.entry(r).or_default() += 1,
                None => feasible.push(node),
            }
        }
        drop(needs);
        // A pod that leaves a full node makes room: the scheduler tries again then.
        self.room_wanted |= full && feasible.is_empty();
        if feasible.is_empty() {
            // Preemption could help only where a filter said Unschedulable rather than
            // UnschedulableAndUnresolvable: here, a full node and the ReadWriteOncePod conflict.
            // With no pod of lower priority to evict, it finds no victims there.
            let resolvable = [TOO_MANY_PODS, ONE_POD_CONFLICT].iter().filter_map(|r| reasons.get(*r)).sum();
            let mut parts: Vec<String> = reasons.into_iter().map(|(r, n)| format!("{n} {r}")).collect();
            order::sort(&mut parts);
            return self.unschedulable_with(uid, parts.join(", "), total, resolvable);
        }

        // Score: fewest pods of the same owner, then fewest pods; ties broken by the seeded RNG
        // (the real scheduler also picks at random among the best).
        let score = |n: &&Node| (owner.map_or(0, |u| n.pods_of_set(u)), n.pods);
        let best = feasible.iter().map(score).min().unwrap_or_default();
        feasible.retain(|n| score(n) == best);
        let pick = self.rng.below(feasible.len());
        let node = feasible[pick].name.clone();
        self.unschedulable.remove(key);

        // PreBind: bind or provision the delayed claims on the chosen node.
        let mut waiting = false;
        for (ck, id) in &delayed {
            let Some(claim) = self.claims.by_id(*id) else { continue };
            if claim.phase == ClaimPhase::Bound {
                continue;
            }
            waiting = true;
            let labels = &self.nodes[&node].labels;
            if let Some(volume) = self.best_static_match(claim, Some(labels), true) {
                self.bind(ck, *id, volume);
            } else if claim.selected_node.is_none() {
                if let Some(c) = self.claims.by_id_mut(*id) {
                    c.selected_node = Some(node.clone());
                }
                self.publish_claim_in(*id);
                self.dirty_claims.insert(ck.clone());
            }
        }
        let still_waiting = waiting && !self.claims_bound(&claim_ids);
        if still_waiting {
            self.update_pod(uid, |p| {
                p.nominated = Some(node);
                p.waiting_binding = true;
            });
        } else {
            self.bind_pod(uid, &node);
        }
    }

    /// Whether every claim in these slots is bound.
    fn claims_bound(&self, claims: &[ClaimId]) -> bool {
        claims.iter().all(|&id| self.claims.by_id(id).is_some_and(|c| c.phase == ClaimPhase::Bound))
    }

    fn unschedulable(&mut self, uid: u64, reason: String, total: usize) {
        self.unschedulable_with(uid, reason, total, 0);
    }

    /// The FailedScheduling message, as `FitError.Error` and the preemption's diagnosis write
    /// it: `resolvable` of the `total` nodes failed a filter that preemption could help with.
    fn unschedulable_with(&mut self, uid: u64, reason: String, total: usize, resolvable: usize) {
        let Some(key) = self.pods.get(uid).map(Pod::key) else { return };
        let message = if total == 0 {
            "no nodes available to schedule pods".to_owned()
        } else {
            // Each part is `count reason`, sorted as text (`sortReasonsHistogram`).
            let mut preemption: Vec<String> = [
                (resolvable, "No preemption victims found for incoming pod"),
                (total.saturating_sub(resolvable), "Preemption is not helpful for scheduling"),
            ]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, r)| format!("{n} {r}"))
            .collect();
            order::sort(&mut preemption);
            // The post-filters' messages come before preemption's: dynamic resource allocation
            // (on by default since v1.34) has nothing to free for a pod that claims no devices.
            format!(
                "0/{total} nodes are available: {reason}. no new claims to deallocate, preemption: 0/{total} nodes are available: {}.",
                preemption.join(", ")
            )
        };
        let now = self.now;
        let repeated = self.update_pod(uid, |p| {
            p.schedule_attempts += 1;
            p.last_attempt_ms = now;
            let same = p.unschedulable_message.as_deref() == Some(message.as_str());
            p.unschedulable_message = Some(message.clone());
            same
        });
        if repeated == Some(false) {
            self.pod_warning(&key, "FailedScheduling", message);
        }
        self.unschedulable.insert(key);
    }

    /// A claim became Bound: pods waiting for it in PreBind may now be bound.
    pub(crate) fn claim_bound(&mut self, id: ClaimId) {
        let ready: Vec<(u64, Name)> = self
            .claims
            .users(id)
            .iter()
            .filter_map(|&(_, uid)| {
                let p = self.pods.get(uid)?;
                (p.waiting_binding && self.claims_bound(&p.claim_ids))
                    .then(|| (uid, p.nominated.clone().unwrap_or_default()))
            })
            .collect();
        for (uid, node) in ready {
            if let Some(p) = self.pods.get_mut(uid) {
                p.waiting_binding = false;
            }
            self.bind_pod(uid, &node);
        }
    }

    fn bind_pod(&mut self, uid: u64, node: &Name) {
        if !self.nodes.contains_key(node) {
            self.update_pod(uid, |p| p.nominated = None);
            self.wake_in(self.timing.schedule, Wake::Schedule(uid));
            return;
        }
        let Some(key) = self.update_pod(uid, |p| {
            p.node = Some(node.clone());
            p.nominated = None;
            p.unschedulable_message = None;
            p.key()
        }) else {
            return;
        };
        let key = &key;
        self.pod_event(key, "Scheduled", join(&["Successfully assigned ", &key.0, "/", &key.1, " to ", node]));
        self.wake_in(self.timing.kubelet_sync, Wake::KubeletSync(uid));
    }
}

/// How many pods a node runs: the kubelet's `--max-pods` default, which it reports as the node's
/// allocatable `pods`. The scheduler's NodeResourcesFit filter counts every pod bound or assumed
/// on the node, terminating ones too (`len(nodeInfo.GetPods())+1 > allowedPodNumber`).
pub const MAX_PODS: u32 = 110;

const TOO_MANY_PODS: &str = "Too many pods";

/// `ErrReasonReadWriteOncePodConflict` in `pkg/scheduler/framework/plugins/volumerestrictions`
/// (spec §E8: a ReadWriteOncePod volume is for one pod), as worded since v1.33.
const ONE_POD_CONFLICT: &str =
    "node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod";

/// The DefaultTolerationSeconds admission plugin gives every pod tolerations (300 s by default:
/// the `toleration` timing) for the not-ready and unreachable NoExecute taints, unless it has its own.
pub(crate) fn with_default_tolerations(own: &[Toleration], toleration_ms: u64) -> Vec<Toleration> {
    let mut all = own.to_vec();
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let has = own.iter().any(|t| t.tolerates(key, "", "NoExecute") && t.key.as_deref() == Some(key));
        if !has {
            all.push(Toleration {
                key: Some(key.to_owned()),
                operator: Some("Exists".into()),
                value: None,
                effect: Some("NoExecute".into()),
                toleration_seconds: Some((toleration_ms / 1000) as i64),
            });
        }
    }
    all
}

/// Why a node cannot take the pod's volumes, if it cannot (the volume binding plugin's Filter).
fn volume_reason(needs: &[ClaimNeed<'_>], labels: &Map) -> Option<&'static str> {
    for need in needs {
        match need {
            ClaimNeed::Bound(affinity) => {
                if affinity.is_some_and(|a| !a.matches(labels)) {
                    // `ErrReasonNodeConflict`; "had volume node affinity conflict" before v1.33.
                    return Some("node(s) didn't match PersistentVolume's node affinity");
                }
            }
            ClaimNeed::Delayed { anywhere: true, .. } => {}
            ClaimNeed::Delayed { claim, candidates, class, anywhere: false } => {
                let here = claim.selected_node.as_deref().is_none_or(|n| labels.get(HOSTNAME_LABEL).map(String::as_str) == Some(n));
                let fits = candidates.iter().any(|v| v.fits_node(labels))
                    || class.is_some_and(|c| provisions_on(c, labels));
                if !(here && fits) {
                    return Some("node(s) didn't find available persistent volumes to bind");
                }
            }
        }
    }
    None
}
