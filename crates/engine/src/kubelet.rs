//! The kubelet (spec §C3, F2): on a node that is up, a bound pod goes ContainerCreating, waits for
//! its volumes to be attached, pulls its images, starts, and turns Ready per its readiness probe;
//! a deleted pod gets SIGTERM and, once its container has exited (or the grace period is over), is
//! removed from the API. A crashing container is restarted in place with a doubling back-off.

use std::rc::Rc;

use crate::name::Name;
use crate::objects::{images, Containers, Pod};
use crate::sim::{Sim, Wake};
use crate::text::{join, Digits};

/// Readiness probe defaults (`periodSeconds`, `failureThreshold`).
const PROBE_PERIOD_MS: u64 = 10_000;
const PROBE_FAILURE_THRESHOLD: u64 = 3;

impl Sim {
    fn live_pod(&self, uid: u64) -> Option<&Pod> {
        let pod = self.pods.get(uid)?;
        let node = self.nodes.get(pod.node.as_ref()?)?;
        node.up.then_some(pod)
    }

    /// The kubelet notices a pod bound to its node.
    pub(crate) fn kubelet_sync(&mut self, uid: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        if pod.terminating() {
            // Deleted before it ever ran here: nothing to stop.
            if pod.containers != Containers::Running {
                self.remove_pod(uid);
            }
            return;
        }
        if pod.containers != Containers::Unreported {
            return;
        }
        self.update_pod(uid, |p| p.containers = Containers::Creating);
        self.volumes_then_start(uid);
    }

    /// Waits for every attachable volume, then pulls the images.
    pub(crate) fn volumes_then_start(&mut self, uid: u64) {
        if !self.pod_volumes_attached(uid) {
            return;
        }
        let Some(pod) = self.pods.get(uid) else { return };
        let (key, node, template) = (pod.key(), pod.node.clone().unwrap_or_default(), pod.template.clone());
        let images = images(&template);
        let missing: Vec<&str> = match self.nodes.get(&node) {
            Some(n) => images.iter().copied().filter(|i| !n.images.contains(*i)).collect(),
            None => return,
        };
        if missing.is_empty() {
            for image in images {
                let message = self.messages.get("present", image, || format!("Container image {image:?} already present on machine"));
                self.pod_event(&key, "Pulled", message);
            }
            self.wake_in(self.timing.container_start, Wake::ContainerStarted(uid));
            return;
        }
        let mut done = self.now;
        for image in missing {
            let message = self.messages.get("pulling", image, || format!("Pulling image {image:?}"));
            self.pod_event(&key, "Pulling", message);
            let finish = *self
                .pulls
                .entry((node.clone(), Name::from(image)))
                .or_insert(self.now.saturating_add(self.timing.image_pull));
            done = done.max(finish);
        }
        self.wake_at(done, Wake::ImagePulled(uid));
    }

    pub(crate) fn image_pulled(&mut self, uid: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        let (key, node) = (pod.key(), pod.node.clone().unwrap_or_default());
        for image in pod.images() {
            self.pulls.remove(&(node.clone(), Name::from(image.as_str())));
            if let Some(n) = self.nodes.get_mut(&node) {
                n.images.insert(image.clone());
            }
            let took = manifest::Duration(self.timing.image_pull);
            // The pull always takes the run's `image_pull` time: one text per image.
            let message = self.messages.get("pulled", &image, || format!("Successfully pulled image {image:?} in {took}"));
            self.pod_event(&key, "Pulled", message);
        }
        self.wake_in(self.timing.container_start, Wake::ContainerStarted(uid));
    }

    pub(crate) fn container_started(&mut self, uid: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        if pod.terminating() {
            return;
        }
        // The template is shared: holding it reads the containers without copying them.
        let (key, template) = (pod.key(), pod.template.clone());
        let probe = template.spec.containers.iter().find_map(|c| c.readiness_probe.as_ref());
        let node = pod.node.clone().unwrap_or_default();
        let ip = match pod.ip.clone() {
            Some(ip) => ip,
            None => self.allocate_ip(&node),
        };
        for name in template.spec.containers.iter().map(|c| &c.name) {
            let created = self.messages.get("created", name, || format!("Created container: {name}"));
            self.pod_event(&key, "Created", created);
            let started = self.messages.get("started", name, || format!("Started container {name}"));
            self.pod_event(&key, "Started", started);
        }
        // Without a readiness probe the container is Ready as soon as it runs.
        let now = self.now;
        let epoch = self.update_pod(uid, |p| {
            p.containers = Containers::Running;
            p.started = true;
            p.ip = Some(ip);
            p.probe_ready = probe.is_none() && p.probe_passes;
            p.ready_since = p.ready().then_some(now);
            p.probe_epoch += 1;
            p.probe_epoch
        });
        let Some(epoch) = epoch else { return };
        if let Some(probe) = probe {
            let delay = probe.initial_delay_seconds.unwrap_or(0).max(0) as u64 * 1000;
            self.wake_in(delay, Wake::Probe(uid, epoch));
        } else if self.pods.get(uid).is_some_and(|p| p.ready()) {
            self.watch_availability(uid);
        }
        if self.pods.get(uid).is_some_and(|p| p.crashes_left > 0) {
            self.wake_in(self.timing.container_start, Wake::Crash(uid));
        }
    }

    fn allocate_ip(&mut self, node: &Name) -> Rc<str> {
        let Some(n) = self.nodes.get_mut(node) else { return "".into() };
        n.next_ip = n.next_ip.wrapping_add(1);
        let host = 2 + n.next_ip % 65_000;
        let octets = [1 + n.subnet % 250, host / 256, host % 256].map(Digits::decimal);
        join(&["10.", octets[0].as_str(), ".", octets[1].as_str(), ".", octets[2].as_str()])
    }

    /// A readiness probe result (or, without a probe, the container's start).
    pub(crate) fn probe(&mut self, uid: u64, epoch: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        if pod.probe_epoch != epoch || pod.containers != Containers::Running {
            return;
        }
        let passes = pod.probe_passes;
        let was_ready = pod.ready();
        let now = self.now;
        self.update_pod(uid, |p| {
            p.probe_ready = passes;
            if !was_ready && p.ready() {
                p.ready_since = Some(now);
            }
        });
        if !was_ready && self.pods.get(uid).is_some_and(|p| p.ready()) {
            self.watch_availability(uid);
        }
    }

    /// The scenario's `setReadiness`: the probe starts failing or passing now, and the pod's Ready
    /// condition follows after `failureThreshold` failed periods, or at the next passing probe.
    pub(crate) fn set_readiness(&mut self, uid: u64, ready: bool) -> bool {
        let Some(pod) = self.pods.get(uid) else { return false };
        let key = pod.key();
        let probe = pod.template.spec.containers.iter().find_map(|c| c.readiness_probe.clone());
        let period = probe.as_ref().and_then(|p| p.period_seconds).map_or(PROBE_PERIOD_MS, |s| s.max(1) as u64 * 1000);
        let failures = probe.as_ref().and_then(|p| p.failure_threshold).map_or(PROBE_FAILURE_THRESHOLD, |f| f.max(1) as u64);
        let Some(epoch) = self.update_pod(uid, |p| {
            p.probe_passes = ready;
            p.probe_epoch += 1;
            p.probe_epoch
        }) else {
            return false;
        };
        // The kubelet's prober reports the failure: none runs on a node that stopped answering,
        // nor for a container that is not running.
        if !ready && self.live_pod(uid).is_some_and(|p| p.containers == Containers::Running) {
            self.pod_warning(&key, "Unhealthy", "Readiness probe failed");
        }
        let delay = if ready { period } else { period * failures };
        self.wake_in(delay, Wake::Probe(uid, epoch));
        true
    }

    /// The container exits with an error (scenario `crashPod`). The kubelet restarts it as its
    /// back-off allows (`doBackOff` in `pkg/kubelet/kuberuntime/kuberuntime_manager.go`, over
    /// `flowcontrol.Backoff`): the first exit finds no back-off for the container, so it is
    /// restarted at the kubelet's next sync and the back-off starts at `crashBackoff`; each later
    /// exit waits out the back-off (`CrashLoopBackOff`), which doubles on every restart up to
    /// `crashBackoffMax` (spec §F2).
    pub(crate) fn crash(&mut self, uid: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        if pod.containers != Containers::Running || pod.terminating() || pod.crashes_left == 0 {
            return;
        }
        let key = pod.key();
        // A back-off not moved on for twice its maximum has expired (`hasExpired`): the
        // container ran long enough to count as healthy, and this exit is a first one again.
        let backing_off =
            pod.backoff > 0 && self.now.saturating_sub(pod.backoff_updated) <= 2 * self.timing.crash_backoff_max;
        let backoff = if backing_off { pod.backoff } else { self.timing.crash_backoff };
        let name = pod.template.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
        let pod_uid = pod.meta.uid.clone();
        let now = self.now;
        self.update_pod(uid, |p| {
            p.containers = Containers::Crashed;
            p.exit_ms = now;
            p.crashes_left -= 1;
            p.backoff = backoff;
            p.probe_ready = false;
            p.ready_since = None;
        });
        if !backing_off {
            self.wake_in(self.timing.kubelet_sync, Wake::CrashRestart(uid));
            return;
        }
        self.update_pod(uid, |p| p.containers = Containers::BackOff);
        // The kubelet names the pod by `format.Pod`: `name_namespace(uid)`.
        self.pod_warning(&key, "BackOff", format!("Back-off restarting failed container {name} in pod {}_{}({pod_uid})", key.1, key.0));
        self.wake_in(backoff, Wake::CrashRestart(uid));
    }

    pub(crate) fn crash_restart(&mut self, uid: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        if !matches!(pod.containers, Containers::BackOff | Containers::Crashed) || pod.terminating() {
            return;
        }
        let (max, now) = (self.timing.crash_backoff_max, self.now);
        // Published with the start below, in one change: a watcher sees the container go from
        // CrashLoopBackOff (or Error) to Running with one more restart, as kubectl shows it.
        if let Some(p) = self.pods.get_mut(uid) {
            // `Next`: a restart out of the back-off doubles it for the exit after.
            if p.containers == Containers::BackOff {
                p.backoff = (p.backoff * 2).min(max);
            }
            p.backoff_updated = now;
            p.restarts += 1;
            // The exit becomes the container's `lastState` as it starts again.
            p.last_exit_ms = Some(p.exit_ms);
        }
        self.container_started(uid);
    }

    /// Graceful deletion (§C3): the pod turns Terminating and gets SIGTERM. A pod no kubelet runs
    /// (never scheduled) is removed at once; one on a node that is down stays Terminating (§F4).
    /// Returns whether a deletion was started.
    pub(crate) fn delete_pod_gracefully(&mut self, uid: u64, grace_ms: Option<u64>) -> bool {
        let Some(pod) = self.pods.get(uid) else { return false };
        if pod.terminating() {
            return false;
        }
        if pod.node.is_none() {
            self.remove_pod(uid);
            return true;
        }
        let (now, key) = (self.now, pod.key());
        let grace = grace_ms.unwrap_or_else(|| pod.template.spec.grace_ms());
        let running = pod.containers == Containers::Running;
        let template = pod.template.clone();
        let node_up = pod.node.as_ref().and_then(|n| self.nodes.get(n)).is_some_and(|n| n.up);
        self.update_pod(uid, |p| p.deleted_at = Some(now));
        if !node_up {
            // Nothing confirms the deletion; only the pod garbage collector may finish it.
            self.ensure_pod_gc();
            return true;
        }
        if running {
            for name in template.spec.containers.iter().map(|c| &c.name) {
                let message = self.messages.get("killing", name, || format!("Stopping container {name}"));
                self.pod_event(&key, "Killing", message);
            }
            self.wake_in(self.timing.container_stop.min(grace), Wake::ContainerStopped(uid));
        } else {
            self.wake_in(0, Wake::ContainerStopped(uid));
        }
        true
    }

    /// The container exited (SIGTERM handled or SIGKILL): the kubelet reports it and then
    /// completes the deletion.
    pub(crate) fn container_stopped(&mut self, uid: u64) {
        let Some(pod) = self.live_pod(uid) else { return };
        if !pod.terminating() {
            return;
        }
        if pod.containers == Containers::Running {
            self.update_pod(uid, |p| {
                p.containers = Containers::Stopped;
                p.probe_ready = false;
            });
        }
        self.remove_pod(uid);
    }

    /// `--grace-period=0 --force`: the API object goes at once, whatever the kubelet does (§F5).
    pub(crate) fn force_delete_pod(&mut self, uid: u64) -> bool {
        if self.pods.get(uid).is_none() {
            return false;
        }
        self.remove_pod(uid);
        true
    }
}
