//! How kubectl prints the timeline's records: one line per watch change, as
//! `kubectl get pods,pvc,pv,nodes,sts -w --output-watch-events` would (after the printers in
//! `pkg/printers/internalversion/printers.go`), and Events as `kubectl get events` shows them.
//! The CLI's text table and the page's event log both read these lines.

use std::rc::Rc;

use crate::view::{ChangeType, Record, View};

/// One record as kubectl prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchLine {
    pub t_ms: u64,
    /// `ADDED`, `MODIFIED`, `DELETED` or `EVENT`.
    pub event: &'static str,
    /// The kind's kubectl resource name: `pod`, `persistentvolumeclaim`, `statefulset.apps`...
    pub resource: &'static str,
    /// `resource/name`, as `kubectl get a,b` prefixes names.
    pub object: String,
    /// The kind's columns after NAME (READY, STATUS, RESTARTS, IP, NODE for a pod), or an
    /// Event's type, reason and message.
    pub cells: Vec<String>,
}

/// The line for a record, or `None` for the kinds kubectl's watch above leaves out (Services,
/// VolumeAttachments).
pub fn watch_line(record: &Record) -> Option<WatchLine> {
    match record {
        Record::Event(e) => {
            let resource = resource(e.kind);
            Some(WatchLine {
                t_ms: e.t_ms,
                event: "EVENT",
                resource,
                object: format!("{resource}/{}", e.name),
                cells: vec![e.event_type.to_owned(), e.reason.to_owned(), e.message.to_string()],
            })
        }
        Record::Change(c) => {
            let event = match c.change {
                ChangeType::Added => "ADDED",
                ChangeType::Modified => "MODIFIED",
                ChangeType::Deleted => "DELETED",
            };
            let (resource, name, cells) = match &*c.object {
                View::Pod(p) => (
                    "pod",
                    &p.name,
                    vec![
                        format!("{}/{}", if p.containers_ready { p.containers } else { 0 }, p.containers),
                        p.status.to_owned(),
                        restarts(p.restarts, p.last_exit_ms, c.t_ms),
                        or_none(&p.ip),
                        or_none(&p.node),
                    ],
                ),
                View::PersistentVolumeClaim(p) => (
                    "persistentvolumeclaim",
                    &p.name,
                    vec![
                        if p.terminating { "Terminating".into() } else { p.phase.to_owned() },
                        p.volume.as_deref().unwrap_or_default().to_owned(),
                        p.capacity.as_deref().unwrap_or_default().to_owned(),
                        // `printPersistentVolumeClaim` shows the status's modes, written at binding.
                        if p.phase == "Bound" { short_modes(&p.access_modes) } else { String::new() },
                        // `GetPersistentVolumeClaimClass` as it is: blank for none.
                        p.storage_class.as_deref().unwrap_or_default().to_owned(),
                    ],
                ),
                View::PersistentVolume(p) => (
                    "persistentvolume",
                    &p.name,
                    vec![
                        p.capacity.to_string(),
                        short_modes(&p.access_modes),
                        p.reclaim_policy.to_string(),
                        if p.terminating { "Terminating".into() } else { p.phase.to_owned() },
                        p.claim.as_deref().unwrap_or_default().to_owned(),
                        p.storage_class.to_string(),
                    ],
                ),
                View::Node(n) => (
                    "node",
                    &n.name,
                    vec![
                        // kubectl's STATUS column: an Unknown Ready condition reads NotReady.
                        if n.ready == "True" { "Ready".into() } else { "NotReady".into() },
                        if n.taints.is_empty() { "<none>".into() } else { n.taints.join(",") },
                    ],
                ),
                View::StatefulSet(s) => {
                    ("statefulset.apps", &s.name, vec![format!("{}/{}", s.ready_replicas, s.spec_replicas)])
                }
                View::Service(_) | View::VolumeAttachment(_) => return None,
            };
            Some(WatchLine { t_ms: c.t_ms, event, resource, object: format!("{resource}/{name}"), cells })
        }
    }
}

/// kubectl's resource name for a kind.
fn resource(kind: &str) -> &'static str {
    match kind {
        "Pod" => "pod",
        "PersistentVolumeClaim" => "persistentvolumeclaim",
        "PersistentVolume" => "persistentvolume",
        "Node" => "node",
        "StatefulSet" => "statefulset.apps",
        "Service" => "service",
        _ => "object",
    }
}

/// ACCESS MODES as kubectl abbreviates them: `RWO,ROX`.
pub fn short_modes(modes: &[String]) -> String {
    let short: Vec<&str> = modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect();
    short.join(",")
}

/// Simulated time as `M:SS.s` (`H:MM:SS.s` past an hour): short, and sorts as it reads.
pub fn clock(t_ms: u64) -> String {
    let tenths = t_ms / 100;
    let (h, m, s, d) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{d}")
    } else {
        format!("{m}:{s:02}.{d}")
    }
}

/// kubectl's RESTARTS: the count, and how long ago the container last exited
/// (`printPod`: `2 (15s ago)`), as `HumanDuration` writes a span.
fn restarts(count: u32, last_exit_ms: Option<u64>, now_ms: u64) -> String {
    match last_exit_ms {
        Some(exit) if count > 0 => format!("{count} ({} ago)", human_duration(now_ms.saturating_sub(exit))),
        _ => count.to_string(),
    }
}

/// `duration.HumanDuration`: seconds up to 2 minutes, then minutes and seconds up to 10,
/// minutes up to 3 hours, hours and minutes up to 8, hours up to 2 days, then days.
fn human_duration(ms: u64) -> String {
    let s = ms / 1000;
    let (m, h) = (s / 60, s / 3600);
    match () {
        _ if s < 120 => format!("{s}s"),
        _ if m < 10 && s.is_multiple_of(60) => format!("{m}m"),
        _ if m < 10 => format!("{m}m{}s", s % 60),
        _ if m < 180 => format!("{m}m"),
        _ if h < 8 && m.is_multiple_of(60) => format!("{h}h"),
        _ if h < 8 => format!("{h}h{}m", m % 60),
        _ if h < 48 => format!("{h}h"),
        _ if h < 24 * 8 && h.is_multiple_of(24) => format!("{}d", h / 24),
        _ if h < 24 * 8 => format!("{}d{}h", h / 24, h % 24),
        _ if h < 24 * 365 * 2 => format!("{}d", h / 24),
        _ if h < 24 * 365 * 8 && (h / 24).is_multiple_of(365) => format!("{}y", h / 24 / 365),
        _ if h < 24 * 365 * 8 => format!("{}y{}d", h / 24 / 365, (h / 24) % 365),
        _ => format!("{}y", h / 24 / 365),
    }
}

/// kubectl's `<none>` for an unset cell (`-o wide`'s IP and NODE).
fn or_none(v: &Option<Rc<str>>) -> String {
    v.as_deref().unwrap_or("<none>").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_minutes_and_tenths() {
        assert_eq!(clock(0), "0:00.0");
        assert_eq!(clock(12_550), "0:12.5");
        assert_eq!(clock(61_250), "1:01.2");
        assert_eq!(clock(280_000), "4:40.0");
        assert_eq!(clock(3_723_400), "1:02:03.4");
    }

    #[test]
    fn restarts_say_how_long_ago_the_container_last_exited() {
        assert_eq!(restarts(0, None, 5_000), "0");
        assert_eq!(restarts(2, Some(10_000), 25_500), "2 (15s ago)");
        assert_eq!(human_duration(119_999), "119s");
        assert_eq!(human_duration(125_000), "2m5s");
        assert_eq!(human_duration(300_000), "5m");
        assert_eq!(human_duration(3 * 3_600_000 + 5 * 60_000), "3h5m");
        assert_eq!(human_duration(50 * 3_600_000), "2d2h");
    }

    #[test]
    fn modes_are_abbreviated() {
        assert_eq!(short_modes(&["ReadWriteOnce".into(), "ReadOnlyMany".into()]), "RWO,ROX");
        assert_eq!(short_modes(&["ReadWriteOncePod".into()]), "RWOP");
    }
}
