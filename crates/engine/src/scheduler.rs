//! The scheduler (spec §E3, E4, E9): filter nodes by taints, node selector and volumes, spread the
//! pods of one owner over what is left, and bind. For WaitForFirstConsumer claims it binds a
//! static volume or writes the selected node for the provisioner, and binds the pod once every
//! claim is bound (the volume binding plugin in
//! `pkg/scheduler/framework/plugins/volumebinding/binder.go`).

use std::collections::BTreeMap;

use manifest::{Map, Toleration};

use crate::objects::{ClaimPhase, NsName};
use crate::sim::{Sim, Wake};

/// How a claim constrains the choice of node.
enum ClaimNeed {
    /// Bound: the volume's node affinity must admit the node.
    Bound(String),
    /// Unbound, WaitForFirstConsumer: a volume must be found or provisioned on the node.
    Delayed(NsName),
}

impl Sim {
    pub(crate) fn schedule(&mut self, key: &NsName, uid: u64) {
        let Some(pod) = self.pods.get(key).filter(|p| p.uid == uid) else { return };
        if pod.node.is_some() || pod.terminating() || pod.nominated.is_some() {
            return;
        }
        let total = self.nodes.len();
        let pod = pod.clone();

        // PreFilter: the pod's claims.
        let mut needs = Vec::new();
        for claim_name in &pod.claims {
            let ck = (key.0.clone(), claim_name.clone());
            let Some(claim) = self.claims.get(&ck) else {
                return self.unschedulable(key, format!("persistentvolumeclaim {claim_name:?} not found"), total);
            };
            if claim.deleting {
                return self.unschedulable(key, format!("persistentvolumeclaim {claim_name:?} is being deleted"), total);
            }
            match (&claim.volume, claim.phase) {
                (Some(v), ClaimPhase::Bound) => needs.push(ClaimNeed::Bound(v.clone())),
                _ => {
                    let delayed = self.classes.get(claim.class_name()).is_some_and(|c| c.wait_for_first_consumer());
                    if !delayed {
                        return self.unschedulable(key, "pod has unbound immediate PersistentVolumeClaims".into(), total);
                    }
                    needs.push(ClaimNeed::Delayed(ck));
                }
            }
        }
        if total == 0 {
            return self.unschedulable(key, String::new(), 0);
        }

        // Filter.
        let tolerations = with_default_tolerations(&pod.template.spec.tolerations, self.timing.toleration);
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut feasible: Vec<String> = Vec::new();
        for node in self.nodes.values() {
            let reason = if node.unschedulable {
                Some("node(s) were unschedulable".to_owned())
            } else if let Some(t) = node.taints.iter().find(|t| {
                (t.effect == "NoSchedule" || t.effect == "NoExecute")
                    && !tolerations.iter().any(|tol| tol.tolerates(&t.key, &t.value, &t.effect))
            }) {
                Some(format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value))
            } else if !pod.template.spec.node_selector.iter().all(|(k, v)| node.labels.get(k) == Some(v)) {
                Some("node(s) didn't match Pod's node affinity/selector".to_owned())
            } else {
                self.volume_reason(&needs, &node.labels)
            };
            match reason {
                Some(r) => *reasons.entry(r).or_default() += 1,
                None => feasible.push(node.name.clone()),
            }
        }
        if feasible.is_empty() {
            let mut parts: Vec<String> = reasons.into_iter().map(|(r, n)| format!("{n} {r}")).collect();
            parts.sort();
            return self.unschedulable(key, parts.join(", "), total);
        }

        // Score: fewest pods of the same owner, then fewest pods; ties broken by the seeded RNG
        // (the real scheduler also picks at random among the best).
        let same_owner = pod.set_owner().and_then(|(_, u)| self.set_pods_per_node.get(&u));
        let scores: Vec<(u32, u32)> = feasible
            .iter()
            .map(|n| {
                let same = same_owner.and_then(|m| m.get(n)).copied().unwrap_or(0);
                (same, self.pods_per_node.get(n).copied().unwrap_or(0))
            })
            .collect();
        let best = scores.iter().min().copied().unwrap_or_default();
        let mut best: Vec<String> =
            feasible.into_iter().zip(&scores).filter(|(_, s)| **s == best).map(|(n, _)| n).collect();
        let node = best.swap_remove(self.rng.below(best.len()));
        self.unschedulable.remove(key);

        // PreBind: bind or provision the delayed claims on the chosen node.
        let labels = self.nodes[&node].labels.clone();
        let mut waiting = false;
        for need in &needs {
            let ClaimNeed::Delayed(ck) = need else { continue };
            let Some(claim) = self.claims.get(ck).cloned() else { continue };
            if claim.phase == ClaimPhase::Bound {
                continue;
            }
            waiting = true;
            if let Some(volume) = self.best_static_match(&claim, Some(&labels)) {
                self.bind(ck, &volume);
            } else if claim.selected_node.is_none() {
                if let Some(c) = self.claims.get_mut(ck) {
                    c.selected_node = Some(node.clone());
                }
                self.publish_claim(ck);
                self.dirty_claims.insert(ck.clone());
            }
        }
        let still_waiting = waiting && !self.claims_bound(&pod.namespace, &pod.claims);
        if still_waiting {
            self.update_pod(key, |p| p.nominated = Some(node));
            self.waiting_binding.insert(key.clone());
        } else {
            self.bind_pod(key, &node);
        }
    }

    /// Why the node cannot take the pod's volumes, if it cannot.
    fn volume_reason(&self, needs: &[ClaimNeed], labels: &Map) -> Option<String> {
        for need in needs {
            match need {
                ClaimNeed::Bound(v) => {
                    if self.volumes.get(v).is_some_and(|v| !v.fits_node(labels)) {
                        return Some("node(s) had volume node affinity conflict".into());
                    }
                }
                ClaimNeed::Delayed(ck) => {
                    let Some(claim) = self.claims.get(ck) else { continue };
                    let ok = claim.selected_node.as_ref().is_none_or(|n| labels.get(crate::objects::HOSTNAME_LABEL) == Some(n))
                        && (self.best_static_match(claim, Some(labels)).is_some() || self.provisionable(claim, labels));
                    if !ok {
                        return Some("node(s) didn't find available persistent volumes to bind".into());
                    }
                }
            }
        }
        None
    }

    fn claims_bound(&self, namespace: &str, claims: &[String]) -> bool {
        claims.iter().all(|c| {
            self.claims.get(&(namespace.to_owned(), c.clone())).is_some_and(|c| c.phase == ClaimPhase::Bound)
        })
    }

    fn unschedulable(&mut self, key: &NsName, reason: String, total: usize) {
        let message = if total == 0 {
            "no nodes available to schedule pods".to_owned()
        } else {
            format!(
                "0/{total} nodes are available: {reason}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling."
            )
        };
        let repeated = self.update_pod(key, |p| {
            p.schedule_attempts += 1;
            let same = p.unschedulable_message.as_deref() == Some(message.as_str());
            p.unschedulable_message = Some(message.clone());
            same
        });
        if repeated == Some(false) {
            self.pod_warning(key, "FailedScheduling", message);
        }
        self.unschedulable.insert(key.clone());
    }

    /// A claim became Bound: pods waiting for it in PreBind may now be bound.
    pub(crate) fn claim_bound(&mut self, claim: &NsName) {
        let Some(users) = self.claim_users.get(claim) else { return };
        let ready: Vec<(NsName, String)> = users
            .iter()
            .filter_map(|name| {
                let k = (claim.0.clone(), name.clone());
                let p = self.pods.get(&k)?;
                (self.waiting_binding.contains(&k) && self.claims_bound(&p.namespace, &p.claims))
                    .then(|| (k, p.nominated.clone().unwrap_or_default()))
            })
            .collect();
        for (key, node) in ready {
            self.waiting_binding.remove(&key);
            self.bind_pod(&key, &node);
        }
    }

    fn bind_pod(&mut self, key: &NsName, node: &str) {
        if !self.nodes.contains_key(node) {
            self.update_pod(key, |p| p.nominated = None);
            let uid = self.pods.get(key).map_or(0, |p| p.uid);
            self.wake_in(self.timing.schedule, Wake::Schedule(key.clone(), uid));
            return;
        }
        let Some(uid) = self.update_pod(key, |p| {
            p.node = Some(node.to_owned());
            p.nominated = None;
            p.unschedulable_message = None;
            p.uid
        }) else {
            return;
        };
        self.pod_event(key, "Scheduled", format!("Successfully assigned {}/{} to {node}", key.0, key.1));
        self.wake_in(self.timing.kubelet_sync, Wake::KubeletSync(key.clone(), uid));
    }
}

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
