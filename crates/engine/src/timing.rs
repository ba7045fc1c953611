//! How long things take in the simulated cluster. Real clusters vary; these defaults are plausible
//! values for a small cloud cluster (spec, "Timing the simulator should default to"), and a
//! scenario's `timing:` overrides any of them.

use manifest::Timing as Overrides;

/// Every duration the controllers wait, in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timing {
    /// From a pod's creation (or a change that may let it fit) to the scheduler's decision.
    pub schedule: u64,
    /// From the scheduler binding a pod to its kubelet reporting `ContainerCreating`.
    pub kubelet_sync: u64,
    /// An external provisioner creating a volume.
    pub provision: u64,
    /// Attaching a volume to a node (VolumeAttachment to attached), mount included.
    pub attach: u64,
    /// Detaching a volume from a node once no pod there uses it.
    pub detach: u64,
    /// Pulling an image onto a node that lacks it.
    pub image_pull: u64,
    /// Creating and starting the container once its image and volumes are there.
    pub container_start: u64,
    /// How long the container takes to exit on SIGTERM (capped by the grace period).
    pub container_stop: u64,
    /// The provisioner deleting a volume whose reclaim policy is Delete.
    pub volume_delete: u64,
    /// `--node-monitor-grace-period`: a silent node becomes `Unknown` after this.
    pub node_monitor_grace: u64,
    /// A recovered kubelet's first status report.
    pub node_status_update: u64,
    /// `--default-unreachable-toleration-seconds` / not-ready: pods tolerate the taints this long.
    pub toleration: u64,
    /// Pod garbage collector period.
    pub pod_gc_period: u64,
    /// Attach/detach controller's `maxWaitForUnmountDuration` before a force detach.
    pub force_detach: u64,
    /// CrashLoopBackOff: first back-off, doubling up to the maximum.
    pub crash_backoff: u64,
    pub crash_backoff_max: u64,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            schedule: 100,
            kubelet_sync: 500,
            provision: 3_000,
            attach: 1_000,
            detach: 1_000,
            image_pull: 3_000,
            container_start: 1_000,
            container_stop: 1_000,
            volume_delete: 2_000,
            node_monitor_grace: 40_000,
            node_status_update: 1_000,
            toleration: 300_000,
            pod_gc_period: 20_000,
            force_detach: 360_000,
            crash_backoff: 10_000,
            crash_backoff_max: 300_000,
        }
    }
}

impl Timing {
    /// The defaults with a scenario's overrides applied.
    pub fn with(overrides: &Overrides) -> Timing {
        let mut t = Timing::default();
        let set = |slot: &mut u64, v: Option<manifest::Duration>| {
            if let Some(v) = v {
                *slot = v.ms();
            }
        };
        set(&mut t.schedule, overrides.schedule);
        set(&mut t.kubelet_sync, overrides.kubelet_sync);
        set(&mut t.provision, overrides.provision);
        set(&mut t.attach, overrides.attach);
        set(&mut t.detach, overrides.detach);
        set(&mut t.image_pull, overrides.image_pull);
        set(&mut t.container_start, overrides.container_start);
        set(&mut t.container_stop, overrides.container_stop);
        set(&mut t.volume_delete, overrides.volume_delete);
        set(&mut t.node_monitor_grace, overrides.node_monitor_grace);
        set(&mut t.node_status_update, overrides.node_status_update);
        set(&mut t.toleration, overrides.toleration);
        set(&mut t.pod_gc_period, overrides.pod_gc_period);
        set(&mut t.force_detach, overrides.force_detach);
        set(&mut t.crash_backoff, overrides.crash_backoff);
        set(&mut t.crash_backoff_max, overrides.crash_backoff_max);
        // A zero period would make the pod garbage collector spin in place.
        t.pod_gc_period = t.pod_gc_period.max(1);
        t
    }
}
