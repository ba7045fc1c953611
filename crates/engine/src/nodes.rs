//! Nodes and what happens when one stops answering (spec §F3–F6), after
//! `pkg/controller/nodelifecycle/node_lifecycle_controller.go`, the taint eviction controller and
//! `pkg/controller/podgc/gc_controller.go`.
//!
//! A failed node is modelled as powered off: its kubelet stops reporting and its containers stop,
//! but the API only learns of it through the missing heartbeats.

use std::collections::{BTreeMap, BTreeSet};
use crate::name::Name;

use manifest::Taint;

use crate::objects::{Containers, Node, NodeReady, HOSTNAME_LABEL, OUT_OF_SERVICE_TAINT, UNREACHABLE_TAINT};
use crate::scheduler::with_default_tolerations;
use crate::sim::{Sim, Wake};

impl Sim {
    pub(crate) fn add_node(&mut self, spec: manifest::Node) {
        let name: Name = spec.metadata.name.as_str().into();
        let mut labels = spec.metadata.labels.clone();
        labels.entry(HOSTNAME_LABEL.into()).or_insert_with(|| name.to_string());
        labels.entry("kubernetes.io/os".into()).or_insert_with(|| "linux".into());
        let subnet = match self.nodes.get(&name) {
            Some(n) => n.subnet,
            None => {
                self.next_subnet += 1;
                self.next_subnet - 1
            }
        };
        let old = self.nodes.remove(&name);
        let node = Node {
            name: name.clone(),
            labels,
            taints: spec.spec.taints.clone(),
            unschedulable: spec.spec.unschedulable,
            ready: old.as_ref().map_or(NodeReady::True, |n| n.ready),
            up: old.as_ref().is_none_or(|n| n.up),
            epoch: old.as_ref().map_or(0, |n| n.epoch),
            silent_at: old.as_ref().and_then(|n| n.silent_at),
            images: old.as_ref().map(|n| n.images.clone()).unwrap_or_default(),
            subnet,
            next_ip: old.as_ref().map_or(0, |n| n.next_ip),
            pods: old.as_ref().map_or(0, |n| n.pods),
            set_pods: old.as_ref().map(|n| n.set_pods.clone()).unwrap_or_default(),
            published: old.map(|n| n.published).unwrap_or_default(),
        };
        self.nodes.insert(name.clone(), node.into());
        self.publish_node(&name);
        self.cluster_changed();
    }

    /// The uids of the pods bound to a node, in name order.
    fn pods_on(&self, node: &str) -> Vec<u64> {
        self.pods.iter().filter(|p| p.node.as_deref() == Some(node)).map(|p| p.uid).collect()
    }

    /// The scenario's `failNode`: the machine stops; the API notices after the grace period.
    pub(crate) fn fail_node(&mut self, name: &str) -> bool {
        let Some(node) = self.nodes.get_mut(name) else { return false };
        if !node.up {
            return true;
        }
        node.up = false;
        node.epoch += 1;
        node.silent_at = Some(self.now.saturating_add(self.timing.node_monitor_grace));
        let (name, epoch) = (node.name.text(), node.epoch);
        self.wake_in(self.timing.node_monitor_grace, Wake::NodeMonitor(name, epoch));
        true
    }

    /// No heartbeat for the grace period: Ready becomes Unknown, the unreachable taints are added
    /// and the node's pods are marked not Ready (§F3).
    pub(crate) fn node_monitor(&mut self, name: &Name, epoch: u64) {
        let Some(node) = self.nodes.get_mut(name).filter(|n| n.epoch == epoch && !n.up) else { return };
        node.ready = NodeReady::Unknown;
        add_unreachable(node, "NoSchedule");
        let zones = Zones::of(&self.nodes, self.now);
        let taint = self.nodes.get(name).is_some_and(|n| zones.taints(n));
        if let Some(node) = self.nodes.get_mut(name).filter(|_| taint) {
            add_unreachable(node, "NoExecute");
        }
        self.publish_node(name);
        self.event("Node", None, name, "NodeNotReady", format!("Node {name} status is now: NodeNotReady"));
        for uid in self.pods_on(name) {
            let Some(key) = self.update_pod(uid, |p| {
                p.node_lost = true;
                p.key()
            }) else {
                continue;
            };
            self.pod_warning(&key, "NodeNotReady", "Node is not ready");
        }
        self.schedule_evictions(name);
        self.handle_disruption();
        self.ensure_pod_gc();
        self.cluster_changed();
    }

    /// The node lifecycle controller's `handleDisruption`, after a node's Ready condition changed.
    /// When no node of any zone is Ready, the fault is more likely the control plane's or the
    /// network's than every machine's: it removes the unreachable NoExecute taints from every
    /// node and stops tainting ("master disruption mode"), so nothing is evicted. Otherwise the
    /// not-Ready nodes of the zones that evict get the taint (a zone with more than two nodes
    /// and at least 55% of them not Ready, the partial disruption, evicts nothing while it has 50
    /// nodes or fewer). Tainting is not rate-limited here (0.1 nodes a second a zone there).
    fn handle_disruption(&mut self) {
        let zones = Zones::of(&self.nodes, self.now);
        let all = zones.all_fully_disrupted();
        let entering = all && !self.master_disruption;
        // The nodes whose unreachable NoExecute taint comes or goes (entering the mode: every
        // tainted one; in it: none; out of it: the not-Ready ones of the zones that evict).
        let changed: Vec<Name> = self
            .nodes
            .values()
            .filter(|n| {
                let has = n.taints.iter().any(is_unreachable_no_execute);
                match (all, entering) {
                    (true, true) => has,
                    (true, false) => false,
                    (false, _) => !has && zones.taints(n),
                }
            })
            .map(|n| n.name.clone())
            .collect();
        self.master_disruption = all;
        for name in changed {
            if let Some(n) = self.nodes.get_mut(&name) {
                if all {
                    n.taints.retain(|t| !is_unreachable_no_execute(t));
                } else {
                    add_unreachable(n, "NoExecute");
                }
            }
            self.publish_node(&name);
            if all {
                self.cancel_evictions(&name);
            } else {
                self.schedule_evictions(&name);
            }
        }
    }

    /// The taint eviction controller: pods that do not tolerate a NoExecute taint are deleted,
    /// after their toleration seconds if they have them.
    fn schedule_evictions(&mut self, node: &str) {
        let Some(n) = self.nodes.get(node) else { return };
        let taints: Vec<Taint> = n.taints.iter().filter(|t| t.effect == "NoExecute").cloned().collect();
        for uid in self.pods_on(node) {
            let Some(pod) = self.pods.get(uid) else { continue };
            if pod.terminating() {
                continue;
            }
            let tolerations = with_default_tolerations(&pod.template.spec.tolerations, self.timing.toleration);
            let mut delay: Option<u64> = Some(u64::MAX);
            for t in &taints {
                match tolerations.iter().find(|tol| tol.tolerates(&t.key, &t.value, &t.effect)) {
                    None => delay = None,
                    Some(tol) => {
                        if let (Some(d), Some(s)) = (delay, tol.toleration_seconds) {
                            delay = Some(d.min(s.max(0) as u64 * 1000));
                        }
                    }
                }
            }
            match delay {
                None => {
                    // Deleted at once: a scheduled deletion is cancelled first, with its Event.
                    self.cancel_eviction(uid);
                    self.evict(uid);
                }
                Some(u64::MAX) => self.cancel_eviction(uid),
                // One already scheduled stands.
                Some(_) if pod.eviction_at.is_some() => {}
                Some(d) => {
                    let at = self.now.saturating_add(d);
                    if let Some(p) = self.pods.get_mut(uid) {
                        p.eviction_at = Some(at);
                    }
                    self.wake_in(d, Wake::TaintEviction(uid));
                }
            }
        }
    }

    /// A scheduled deletion's time: carried out if it is still scheduled for now.
    pub(crate) fn taint_eviction(&mut self, uid: u64) {
        let now = self.now;
        let Some(pod) = self.pods.get_mut(uid).filter(|p| p.eviction_at == Some(now)) else { return };
        pod.eviction_at = None;
        self.evict(uid);
    }

    /// The node of each pod with a scheduled deletion has lost its NoExecute taints.
    fn cancel_evictions(&mut self, node: &str) {
        if self.nodes.get(node).is_some_and(|n| n.taints.iter().any(|t| t.effect == "NoExecute")) {
            return;
        }
        for uid in self.pods_on(node) {
            self.cancel_eviction(uid);
        }
    }

    /// `cancelWorkWithEvent`: a scheduled deletion is dropped, and says so.
    fn cancel_eviction(&mut self, uid: u64) {
        let Some(pod) = self.pods.get_mut(uid).filter(|p| p.eviction_at.is_some()) else { return };
        pod.eviction_at = None;
        let key = pod.key();
        self.event("Pod", Some(&key.0), &key.1, "TaintManagerEviction", format!("Cancelling deletion of Pod {}/{}", key.0, key.1));
    }

    fn evict(&mut self, uid: u64) {
        let Some(pod) = self.pods.get(uid).filter(|p| !p.terminating()) else { return };
        let key = pod.key();
        let Some(node) = pod.node.as_ref().and_then(|n| self.nodes.get(n)) else { return };
        if !node.taints.iter().any(|t| t.effect == "NoExecute") {
            return;
        }
        self.event("Pod", Some(&key.0), &key.1, "TaintManagerEviction", format!("Marking for deletion Pod {}/{}", key.0, key.1));
        self.delete_pod_gracefully(uid, None);
        self.ensure_pod_gc();
    }

    /// The scenario's `recoverNode`: the kubelet reports again.
    pub(crate) fn recover_node(&mut self, name: &str) -> bool {
        let Some(node) = self.nodes.get_mut(name) else { return false };
        if node.up {
            return true;
        }
        node.up = true;
        node.epoch += 1;
        node.silent_at = None;
        let (name, epoch) = (node.name.text(), node.epoch);
        self.wake_in(self.timing.node_status_update, Wake::NodeReport(name, epoch));
        true
    }

    /// The kubelet's first report after a restart: the node is Ready again, the unreachable taints
    /// go, pods deleted meanwhile are finished off and the others' containers start again.
    pub(crate) fn node_report(&mut self, name: &Name, epoch: u64) {
        let Some(node) = self.nodes.get_mut(name).filter(|n| n.epoch == epoch && n.up) else { return };
        let was_unknown = node.ready != NodeReady::True;
        node.ready = NodeReady::True;
        node.taints.retain(|t| t.key != UNREACHABLE_TAINT);
        self.publish_node(name);
        if was_unknown {
            self.event("Node", None, name, "NodeReady", format!("Node {name} status is now: NodeReady"));
        }
        self.cancel_evictions(name);
        for uid in self.pods_on(name) {
            let Some(pod) = self.pods.get(uid) else { continue };
            if pod.terminating() {
                // The machine was off: nothing left to stop.
                self.remove_pod(uid);
                continue;
            }
            let ran = pod.containers != Containers::Unreported;
            self.update_pod(uid, |p| {
                p.node_lost = false;
                p.probe_ready = false;
                p.ready_since = None;
                if ran {
                    p.restarts += u32::from(p.started);
                    p.containers = Containers::Unreported;
                }
            });
            self.kubelet_sync(uid);
        }
        // Detaches that waited on this node can now be confirmed.
        self.finish_detaches(name, self.timing.detach);
        self.handle_disruption();
        self.cluster_changed();
    }

    /// `kubectl taint nodes NAME node.kubernetes.io/out-of-service=nodeshutdown:NoExecute` (§F6).
    pub(crate) fn taint_out_of_service(&mut self, name: &str, on: bool) -> bool {
        let Some(node) = self.nodes.get_mut(name) else { return false };
        let name = &node.name.clone();
        node.taints.retain(|t| t.key != OUT_OF_SERVICE_TAINT);
        if on {
            node.taints.push(Taint { key: OUT_OF_SERVICE_TAINT.into(), value: "nodeshutdown".into(), effect: "NoExecute".into() });
        }
        self.publish_node(name);
        if on {
            self.schedule_evictions(name);
            self.finish_detaches(name, 0);
            self.ensure_pod_gc();
        } else {
            self.cancel_evictions(name);
        }
        self.cluster_changed();
        true
    }

    /// `kubectl delete node`: pods bound to it become orphans for the pod garbage collector.
    pub(crate) fn delete_node(&mut self, name: &str) -> bool {
        let Some(node) = self.nodes.remove(name) else { return false };
        self.journal.unpublish(node.published);
        // A node of this name deleted before starts its quarantine afresh.
        self.gc_quarantine.retain(|(q, _)| *q != node.name);
        self.handle_disruption();
        // Its pods stay bound to it until the pod garbage collector deletes them, and their
        // volumes stay attached as its last status said (mounted) until the force-detach timeout.
        self.ensure_pod_gc();
        self.cluster_changed();
        true
    }

    /// The pod garbage collector runs every `pod_gc_period`; it is only woken while there may be
    /// work for it, so a quiet cluster's timeline ends.
    pub(crate) fn ensure_pod_gc(&mut self) {
        if self.gc_scheduled {
            return;
        }
        self.gc_scheduled = true;
        let period = self.timing.pod_gc_period;
        let next = (self.now / period + 1).saturating_mul(period);
        self.wake_at(next, Wake::PodGc);
    }

    /// Force-deletes terminating pods on out-of-service nodes that are not Ready (`gcTerminating`),
    /// and pods bound to nodes that no longer exist once those have been missing for the
    /// quarantine (`gcOrphaned`); each is first marked Failed.
    pub(crate) fn pod_gc(&mut self) {
        self.gc_scheduled = false;
        let out_of_service: BTreeSet<Name> =
            order::set(self.nodes.values().filter(|n| n.has_taint(OUT_OF_SERVICE_TAINT) && n.ready != NodeReady::True).map(|n| n.name.clone()));
        let now = self.now;
        let mut orphans_left = false;
        let mut doomed: Vec<u64> = Vec::new();
        for p in self.pods.iter() {
            match &p.node {
                Some(n) if !self.nodes.contains_key(n) => {
                    let quarantine = &mut self.gc_quarantine;
                    let until = match quarantine.iter().find(|(q, _)| q == n) {
                        Some(&(_, until)) => until,
                        None => {
                            let until = now.saturating_add(POD_GC_QUARANTINE);
                            quarantine.push((n.clone(), until));
                            until
                        }
                    };
                    if until <= now {
                        doomed.push(p.uid);
                    } else {
                        orphans_left = true;
                    }
                }
                Some(n) if out_of_service.contains(n) && p.terminating() => doomed.push(p.uid),
                _ => {}
            }
        }
        // A node that came back, or whose quarantine has ended (its pods deleted below), leaves
        // the list.
        let nodes = &self.nodes;
        self.gc_quarantine.retain(|(n, until)| *until > now && !nodes.contains_key(n));
        for uid in doomed {
            if self.pods.get(uid).is_some_and(|p| !p.failed) {
                self.update_pod(uid, |p| p.failed = true);
            }
            self.force_delete_pod(uid);
        }
        if orphans_left {
            self.ensure_pod_gc();
        }
    }
}

fn is_unreachable_no_execute(t: &Taint) -> bool {
    t.key == UNREACHABLE_TAINT && t.effect == "NoExecute"
}

fn add_unreachable(node: &mut Node, effect: &str) {
    if !node.taints.iter().any(|t| t.key == UNREACHABLE_TAINT && t.effect == effect) {
        node.taints.push(Taint { key: UNREACHABLE_TAINT.into(), value: String::new(), effect: effect.into() });
    }
}

/// Nodes by zone (`GetZoneKey`: region and zone labels, none for most clusters), each with how
/// many are Ready and how many not. Clusters have a few zones: a list.
struct Zones<'a>(Vec<Zone<'a>>);

/// A zone's key (region, zone), and its Ready and not-Ready nodes.
type Zone<'a> = ((&'a str, &'a str), (u32, u32));

impl<'a> Zones<'a> {
    /// One pass of the node monitor at `now`: a node whose grace period ends now is not Ready,
    /// even if its own wake-up comes later in the instant.
    fn of(nodes: &'a BTreeMap<Name, Box<Node>>, now: u64) -> Zones<'a> {
        let mut zones: Vec<Zone> = Vec::new();
        for n in nodes.values() {
            let key = zone_key(n);
            let i = zones.iter().position(|z| z.0 == key).unwrap_or_else(|| {
                zones.push((key, (0, 0)));
                zones.len() - 1
            });
            let count = &mut zones[i].1;
            if n.ready == NodeReady::True && n.silent_at != Some(now) {
                count.0 += 1;
            } else {
                count.1 += 1;
            }
        }
        Zones(zones)
    }

    /// `stateFullDisruption` in every zone: no node is Ready.
    fn all_fully_disrupted(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|(_, (ready, _))| *ready == 0)
    }

    /// Whether the node lifecycle controller gives this node the unreachable NoExecute taint:
    /// it is not Ready, not every zone is fully disrupted, and its zone evicts.
    fn taints(&self, node: &Node) -> bool {
        node.ready != NodeReady::True && !self.all_fully_disrupted() && self.evicts(node)
    }

    /// Whether the node's zone taints its not-Ready nodes (`ComputeZoneState`, and the rate
    /// `ReducedQPSFunc` gives a partially disrupted zone: none at 50 nodes or fewer).
    fn evicts(&self, node: &Node) -> bool {
        let key = zone_key(node);
        let Some(&(_, (ready, not_ready))) = self.0.iter().find(|z| z.0 == key) else { return false };
        let partial = ready > 0 && not_ready > 2 && not_ready as f32 / (ready + not_ready) as f32 >= 0.55;
        !partial || ready + not_ready > 50
    }
}

fn zone_key(node: &Node) -> (&str, &str) {
    let label = |ga: &str, beta: &str| node.labels.get(ga).or_else(|| node.labels.get(beta)).map_or("", String::as_str);
    (
        label("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"),
        label("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"),
    )
}

/// How long a node must be missing before the pod garbage collector deletes the pods still bound
/// to it (`quarantineTime` in `pkg/controller/podgc`, not a flag).
const POD_GC_QUARANTINE: u64 = 40_000;
